// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

/// One request of a differential case, sent the same way to the simulator and to the real kube-apiserver.
/// Placeholders in path and body: {ns} (the case's own namespace), {rv} (resourceVersion of the last setup
/// answer), {rv0}..{rv9} (of setup answer N).
struct DiffRequest {
    DiffRequest(QByteArray method_, QString path_, QByteArray body_ = {}, QByteArray contentType_ = "application/json",
        QString identity_ = {})
        : method(std::move(method_))
        , path(std::move(path_))
        , body(std::move(body_))
        , contentType(std::move(contentType_))
        , identity(std::move(identity_))
    { }

    /// GET, POST, PUT, PATCH, DELETE; WATCH (GET ?watch=1, events collected); GRANT (see below); SERVICEACCOUNT (a
    /// setup step: wait until the namespace's default service account exists, which kube-apiserver's ServiceAccount
    /// admission needs before it accepts a Pod; like GRANT, it is not counted in {rvN})
    QByteArray method;
    QString path; ///< with query; for GRANT: the user given edit rights in {ns}
    QByteArray body; ///< JSON (or YAML for apply)
    QByteArray contentType;
    QString identity; ///< "" = cluster admin; "anonymous" (no credentials), "bad-token", "limited" (impersonated)
};

/// One entry of the differential table: setup requests (must succeed on both servers), the compared request,
/// and for watches the requests sent while the stream is open.
struct DiffCase {
    QString name;
    QList<DiffRequest> setup;
    DiffRequest probe;
    QList<DiffRequest> during; ///< WATCH probes only
    /// Answer fields not compared (path prefix -> why). Paths: "body.spec.clusterIP", "events[0].object.spec",
    /// "body.items[*].metadata.labels[kubernetes.io/metadata.name]", "body.message".
    QHash<QString, QString> skip;
};

/// The table (tests/realapiserver/diffcases.cpp).
[[nodiscard]] QList<DiffCase> differentialCases();
/// The events.k8s.io/v1 cases (tests/realapiserver/diffcaseseventsv1.cpp).
[[nodiscard]] QList<DiffCase> eventsV1Cases();
/// The pods/log cases (tests/realapiserver/diffcasespodlogs.cpp).
[[nodiscard]] QList<DiffCase> podLogCases();
/// The batch/v1 Job cases (tests/realapiserver/diffcasesjobs.cpp).
[[nodiscard]] QList<DiffCase> jobCases();
/// The server-side apply cases (tests/realapiserver/diffcasesapply.cpp).
[[nodiscard]] QList<DiffCase> applyCases();
/// The matrix of kinds, verbs and errors: the cells no other case fills (tests/realapiserver/diffcasesmatrix.cpp).
[[nodiscard]] QList<DiffCase> matrixCases();
/// Fields no case compares, with the reason (kube-apiserver v1.20 against current Kubernetes, which the simulator
/// follows; allocated values).
[[nodiscard]] QHash<QString, QString> differentialGlobalSkips();
