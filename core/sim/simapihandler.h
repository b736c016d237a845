// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sim/simcluster.h"
#include "sim/simhttprequest.h"
#include "sim/simlabelselector.h"
#include "sim/simpodlogs.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

struct SimResourceInfo;

/// What a watch request asks for (the server turns it into a SimWatchStream).
struct SimWatchSpec {
    const SimResourceInfo *info = nullptr;
    QString ns; ///< "" = every namespace
    SimLabelSelector labels;
    SimLabelSelector fields; ///< over metadata.name / metadata.namespace
    qint64 resourceVersion = 0; ///< resume after this version (when !sendInitialEvents)
    bool sendInitialEvents = false; ///< resourceVersion "" or "0": ADDED for every current object first
    bool bookmarks = false;
    int timeoutSeconds = 1800;
    bool table = false; ///< events carry meta.k8s.io Tables (kubectl get -w)
    QString includeObject; ///< for tables: None, Object or Metadata
    /// How stored objects are shown (events.k8s.io/v1 shows core/v1 Events in its shape); bookmarks too.
    std::function<QJsonObject(const QJsonObject &)> present;

    [[nodiscard]] bool matches(const QJsonObject &object) const;
};

/// The result of one request: an answer, or a watch to start.
struct SimApiResult {
    SimApiResult() = default;
    SimApiResult(SimHttpResponse answer, std::optional<SimWatchSpec> watchSpec)
        : response(std::move(answer))
        , watch(std::move(watchSpec))
    { }

    SimHttpResponse response;
    std::optional<SimWatchSpec> watch;
    std::optional<SimPodLogFollow> logFollow; ///< a followed pods/log answer to stream
};

/// kube-apiserver semantics for one cluster, independent of sockets: routing, discovery, authorisation,
/// every verb, validation, and Status errors. Called by SimApiServer for authenticated requests.
class SimApiHandler
{
public:
    explicit SimApiHandler(SimCluster *cluster);

    [[nodiscard]] SimApiResult handle(const SimHttpRequest &request, const SimUser &user, quint16 port);

    /// A JSON answer (Status bodies in the apiserver's key order).
    [[nodiscard]] static SimHttpResponse jsonResponse(int code, const QJsonObject &body);

private:
    struct Route {
        const SimResourceInfo *info = nullptr;
        QString ns;
        QString name;
        QString subresource;
        bool namespacedPath = false; ///< the path had /namespaces/{ns}/
    };

    [[nodiscard]] SimApiResult handleResource(const SimHttpRequest &request, const SimUser &user, const Route &route);
    /// events.k8s.io/v1 (`rest`: the path below /apis/events.k8s.io/v1): served as the core/v1 request, with the
    /// request's objects, field selector and answers in the events.k8s.io/v1 shape (SimEventsV1).
    [[nodiscard]] SimApiResult handleEventsV1(
        const SimHttpRequest &request, const SimUser &user, quint16 port, const QStringList &rest);
    [[nodiscard]] SimHttpResponse handleAdmin(const SimHttpRequest &request, const SimUser &user);
    [[nodiscard]] SimHttpResponse get(const SimHttpRequest &request, const Route &route);
    [[nodiscard]] SimHttpResponse list(const SimHttpRequest &request, const Route &route);
    [[nodiscard]] SimApiResult watch(const SimHttpRequest &request, const Route &route);
    [[nodiscard]] SimHttpResponse create(const SimHttpRequest &request, const SimUser &user, const Route &route);
    [[nodiscard]] SimHttpResponse replace(const SimHttpRequest &request, const SimUser &user, const Route &route);
    [[nodiscard]] SimHttpResponse patch(const SimHttpRequest &request, const SimUser &user, const Route &route);
    [[nodiscard]] SimHttpResponse remove(const SimHttpRequest &request, const Route &route);
    [[nodiscard]] SimHttpResponse removeCollection(const SimHttpRequest &request, const Route &route);

    [[nodiscard]] SimHttpResponse dryRun(const SimResourceInfo &info, const QJsonObject &current, QJsonObject object);
    /// Strict/Warn/Ignore unknown fields and our validation rules; on failure an error answer.
    /// Decoding, defaults, then validation (`current`: the stored object of an update).
    [[nodiscard]] std::optional<SimHttpResponse> checkObject(const SimHttpRequest &request, const Route &route,
        QJsonObject &object, SimHttpResponse &warnings, const QJsonObject *current = nullptr);
    /// The request's manager (fieldManager, or the user agent's name) takes over the fields it changed from
    /// `before` (nullptr: a create) in managedFields.
    void trackManager(const SimResourceInfo &info, const QJsonObject *before, QJsonObject &object,
        const SimHttpRequest &request) const;
    [[nodiscard]] QString userAgentManager(const SimHttpRequest &request) const;

    struct ListSnapshot {
        qint64 resourceVersion = 0;
        QList<QJsonObject> items;
    };

    SimCluster *mCluster;
    /// The request being served came through events.k8s.io/v1 (its objects are in that shape and validated as that
    /// version does), as kube-apiserver's request context carries the version of the request.
    bool mEventsV1Request = false;
    QHash<QString, ListSnapshot> mListSnapshots; ///< by continue-token id; the newest 32 are kept
    QStringList mSnapshotOrder;
    qint64 mSnapshotCounter = 0;
};
