// SPDX-License-Identifier: GPL-3.0-or-later
// The differential tier's matrix: every kind the product uses (or will: failover restores PVCs from
// VolumeSnapshots) against every verb and error of issue 12. Most cells have a hand-written case in
// diffcases.cpp (and in diffcasesapply.cpp for server-side apply); this file fills the cells that had none, the same
// way for each namespaced kind.
//
//                      Ns  PVC Sec Svc VS  VSC RS  RD
// create               x   x   x   x   x   x   x   x
// get / 404            x   x   x   x   x   x   x   x
// list label selector  x   x   x   x   x   x   x   x
// list field selector  x   x   x   x   x   x   x   x     (metadata.name; Secrets also by type)
// watch from a rv      x   x   x   x   x   x   x   x
// watch from now       x   x   x   x   x   x   x   x
// watch too old (410)  .   .   .   .   x   .   x   x     (CRDs: a built-in type's watch cache on a fresh server
//                                                         may still hold version 1)
// watch bookmarks      .   x   x   x   x   .   x   x
// replace stale (409)  x   x   x   x   x   x   x   x
// merge patch          x   x   x   x   x   x   x   x
// JSON patch           x   x   x   x   x   x   x   x
// server-side apply    x   x   x   x   x   x   x   x     (conflicts, force, removal: diffcasesapply.cpp)
// status subresource   x   x   -   x   x   -   x   x     (-: the kind has none, and /status is a 404)
// delete               x   x   x   x   x   x   x   x
// deletecollection     405 x   x   *   x   x   x   x     (namespaces have no deletecollection: 405; *: Services
//                                                         have it since 1.23, v1.20 answers 405: not compared)
// dry run              x   x   x   x   x   x   x   x
// 401 (bad token)      x   x   x   x   x   x   x   x
// 403 (no rights)      x   x   x   x   x   x   x   x
// 422 with causes      x   x   x   x   x   x   x   x
//
// Where v1.20 differs from current Kubernetes the case's skips (or differentialGlobalSkips) name the field and why.
// The matrix's Service is headless: v1.20 refuses a replace without the allocated clusterIP (422 "primary clusterIP
// can not be unset"), current Kubernetes keeps the allocated one (patchAllocatedValues), as the simulator does.
#include "diffcase.h"
#include "diffrequests.h"

namespace {

/// One namespaced kind of the matrix: where it lives and an object of it labelled tier=gold.
struct MatrixKind {
    const char *label; ///< "pvc"
    QString collection; ///< with {ns}
    QString name;
    QByteArray object; ///< labelled tier=gold
    QByteArray replacement; ///< a full object for PUT, with "resourceVersion":"{rv0}"
    QByteArray statusPatch; ///< empty: no status subresource
    bool custom = false;
    QHash<QString, QString> skips;
};

const QString kAllocated = QStringLiteral("an address allocated by the server");

QList<MatrixKind> matrixKinds()
{
    QList<MatrixKind> kinds;
    kinds.append(
        MatrixKind {"pvc", QStringLiteral("/api/v1/namespaces/{ns}/persistentvolumeclaims"), QStringLiteral("data"),
            R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data","labels":{"tier":"gold"}},
        "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}},
        "dataSource":{"apiGroup":"snapshot.storage.k8s.io","kind":"VolumeSnapshot","name":"snap"}}})",
            R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data","resourceVersion":"{rv0}"},
        "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}},"volumeMode":"Filesystem",
        "dataSource":{"apiGroup":"snapshot.storage.k8s.io","kind":"VolumeSnapshot","name":"snap"}}})",
            R"({"status":{"phase":"Bound","accessModes":["ReadWriteOnce"],"capacity":{"storage":"1Gi"}}})", false, {}});
    kinds.append(MatrixKind {"secret", QStringLiteral("/api/v1/namespaces/{ns}/secrets"), QStringLiteral("keys"),
        R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"keys","labels":{"tier":"gold"}},
        "type":"Opaque","stringData":{"key":"value"}})",
        R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"keys","resourceVersion":"{rv0}"},
        "data":{"key":"dmFsdWU="}})",
        {}, false, {}});
    kinds.append(MatrixKind {"service", QStringLiteral("/api/v1/namespaces/{ns}/services"), QStringLiteral("mover"),
        R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"mover","labels":{"tier":"gold"}},
        "spec":{"clusterIP":"None","selector":{"app":"mover"},"ports":[{"name":"rsync-tls","port":8000,
        "protocol":"TCP","targetPort":8000}]}})",
        R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"mover","resourceVersion":"{rv0}"},
        "spec":{"clusterIP":"None","ports":[{"port":8000}]}})",
        R"({"status":{"loadBalancer":{"ingress":[{"ip":"192.0.2.10"}]}}})", false, {}});
    kinds.append(MatrixKind {"volumesnapshot",
        QStringLiteral("/apis/snapshot.storage.k8s.io/v1/namespaces/{ns}/volumesnapshots"), QStringLiteral("snap"),
        R"({"apiVersion":"snapshot.storage.k8s.io/v1","kind":"VolumeSnapshot","metadata":{"name":"snap",
        "labels":{"tier":"gold"}},"spec":{"source":{"persistentVolumeClaimName":"data"},
        "volumeSnapshotClassName":"csi-snapclass"}})",
        R"({"apiVersion":"snapshot.storage.k8s.io/v1","kind":"VolumeSnapshot","metadata":{"name":"snap",
        "resourceVersion":"{rv0}"},"spec":{"source":{"persistentVolumeClaimName":"data"}}})",
        R"({"status":{"readyToUse":true,"restoreSize":"1Gi","boundVolumeSnapshotContentName":"content"}})", true, {}});
    kinds.append(MatrixKind {"replicationsource",
        QStringLiteral("/apis/volsync.backube/v1alpha1/namespaces/{ns}/replicationsources"), QStringLiteral("sample"),
        R"({"apiVersion":"volsync.backube/v1alpha1","kind":"ReplicationSource","metadata":{"name":"sample",
        "labels":{"tier":"gold"}},"spec":{"sourcePVC":"datavol","trigger":{"manual":"1"},
        "rsyncTLS":{"copyMethod":"Snapshot","address":"10.96.0.42","keySecret":"sample"}}})",
        R"({"apiVersion":"volsync.backube/v1alpha1","kind":"ReplicationSource","metadata":{"name":"sample",
        "resourceVersion":"{rv0}"},"spec":{"sourcePVC":"datavol"}})",
        R"({"status":{"lastManualSync":"1","lastSyncDuration":"1m2s"}})", true, {}});
    kinds.append(MatrixKind {"replicationdestination",
        QStringLiteral("/apis/volsync.backube/v1alpha1/namespaces/{ns}/replicationdestinations"),
        QStringLiteral("sample"),
        R"({"apiVersion":"volsync.backube/v1alpha1","kind":"ReplicationDestination","metadata":{"name":"sample",
        "labels":{"tier":"gold"}},"spec":{"rsyncTLS":{"copyMethod":"Snapshot","capacity":"2Gi",
        "accessModes":["ReadWriteOnce"],"serviceType":"ClusterIP"}}})",
        R"({"apiVersion":"volsync.backube/v1alpha1","kind":"ReplicationDestination","metadata":{"name":"sample",
        "resourceVersion":"{rv0}"},"spec":{"rsyncTLS":{"copyMethod":"Direct"}}})",
        R"({"status":{"rsyncTLS":{"address":"10.96.0.43"},"latestImage":{"apiGroup":"snapshot.storage.k8s.io",
        "kind":"VolumeSnapshot","name":"volsync-sample-dst-20261206133529"}}})",
        true, {}});
    return kinds;
}

} // namespace

QList<DiffCase> matrixCases()
{
    QList<DiffCase> cases;
    auto add = [&](const QString &name, QList<DiffRequest> setup, DiffRequest probe, QHash<QString, QString> skip = {},
                   QList<DiffRequest> during = {}) {
        cases.append(DiffCase {name, std::move(setup), std::move(probe), std::move(during), std::move(skip)});
    };
    for (const MatrixKind &kind : matrixKinds()) {
        const QString label = QLatin1String(kind.label);
        const QString one = kind.collection + QLatin1Char('/') + kind.name;
        const DiffRequest create {"POST", kind.collection, kind.object};
        const auto name
            = [&](const char *cell) { return QStringLiteral("matrix %1 %2").arg(label, QLatin1String(cell)); };
        QHash<QString, QString> skips = kind.skips;
        if (label == QLatin1String("service")) {
            skips.insert(QStringLiteral("body.spec.clusterIP"), kAllocated);
            skips.insert(QStringLiteral("body.spec.clusterIPs"), kAllocated);
        }

        add(name("get"), {create}, get(one), skips);
        add(name("get missing"), {}, get(kind.collection + QStringLiteral("/missing")));
        add(name("list label selector"), {create},
            get(kind.collection + QStringLiteral("?labelSelector=tier%20in%20%28gold%2Csilver%29")), skips);
        add(name("list label selector none"), {create},
            get(kind.collection + QStringLiteral("?labelSelector=tier%21%3Dgold")));
        add(name("list field selector name"), {create},
            get(kind.collection + QStringLiteral("?fieldSelector=metadata.name%3D") + kind.name), skips);
        add(name("list field selector namespace"), {create},
            get(kind.collection + QStringLiteral("?fieldSelector=metadata.namespace%21%3D{ns}")));
        add(name("watch from a resourceVersion"), {create},
            watch(kind.collection + QStringLiteral("?watch=1&resourceVersion={rv0}&timeoutSeconds=2")), skips,
            {merge(one, R"({"metadata":{"labels":{"tier":"silver"}}})"), remove(one)});
        add(name("watch from now"), {create}, watch(kind.collection + QStringLiteral("?watch=1&timeoutSeconds=1")),
            skips);
        add(name("watch with bookmarks"), {create},
            watch(kind.collection
                + QStringLiteral("?watch=1&resourceVersion={rv0}&allowWatchBookmarks=true&timeoutSeconds=4")),
            skips, {merge(one, R"({"metadata":{"labels":{"tier":"silver"}}})")});
        if (kind.custom)
            add(name("watch too old resourceVersion"), {},
                watch(kind.collection + QStringLiteral("?watch=1&resourceVersion=1&timeoutSeconds=2")));
        add(name("replace"), {create}, DiffRequest {"PUT", one, kind.replacement}, skips);
        add(name("replace stale resourceVersion"), {create, merge(one, R"({"metadata":{"labels":{"tier":"silver"}}})")},
            DiffRequest {"PUT", one, kind.replacement});
        add(name("replace missing"), {}, DiffRequest {"PUT", one, kind.replacement});
        add(name("merge patch"), {create},
            merge(one, R"({"metadata":{"labels":{"tier":null,"patched":"yes"},"annotations":{"a":"b"}}})"), skips);
        add(name("merge patch missing"), {}, merge(one, R"({"metadata":{"labels":{"a":"b"}}})"));
        add(name("json patch"), {create},
            jsonPatch(one, R"([{"op":"replace","path":"/metadata/labels/tier","value":"silver"},
                {"op":"add","path":"/metadata/annotations","value":{"a":"b"}}])"),
            skips);
        add(name("json patch failed test"), {create},
            jsonPatch(one, R"([{"op":"test","path":"/metadata/labels/tier","value":"bronze"}])"));
        add(name("json patch missing path"), {create},
            jsonPatch(one, R"([{"op":"remove","path":"/metadata/annotations/none"}])"));
        add(name("apply"), {create}, apply(one + QStringLiteral("?fieldManager=matrix"), kind.object.constData()),
            skips);
        if (!kind.statusPatch.isEmpty()) {
            add(name("status subresource"), {create},
                merge(one + QStringLiteral("/status"), kind.statusPatch.constData()), skips);
            add(name("status subresource missing"), {},
                merge(one + QStringLiteral("/status"), kind.statusPatch.constData()));
            add(name("status get"), {create}, get(one + QStringLiteral("/status")), skips);
        } else {
            add(name("no status subresource"), {create}, get(one + QStringLiteral("/status")));
        }
        add(name("delete"), {create}, remove(one), skips);
        add(name("delete missing"), {}, remove(one));
        add(name("delete stale precondition"), {create, merge(one, R"({"metadata":{"labels":{"tier":"silver"}}})")},
            remove(one, R"({"kind":"DeleteOptions","apiVersion":"v1","preconditions":{"resourceVersion":"{rv0}"}})"));
        // Services: current Kubernetes (1.23+, whose Service storage is the generic one) deletes collections; v1.20
        // answers 405. The simulator follows current Kubernetes; not compared.
        const bool noCollectionDelete = label == QLatin1String("service");
        if (!noCollectionDelete) {
            add(name("deletecollection"), {create},
                remove(kind.collection + QStringLiteral("?labelSelector=tier%3Dgold")), skips);
            add(name("deletecollection none"), {create},
                remove(kind.collection + QStringLiteral("?labelSelector=tier%3Dx")));
        }
        add(name("create dry run"), {}, post(kind.collection + QStringLiteral("?dryRun=All"), kind.object.constData()),
            [&] {
                QHash<QString, QString> dry = skips;
                dry.insert(QStringLiteral("body.spec.clusterIP"), QStringLiteral("a dry run allocates no address"));
                dry.insert(QStringLiteral("body.spec.clusterIPs"), QStringLiteral("a dry run allocates no address"));
                return dry;
            }());
        add(name("create dry run stores nothing"),
            {post(kind.collection + QStringLiteral("?dryRun=All"), kind.object.constData())}, get(one));
        add(name("replace dry run"), {create},
            DiffRequest {"PUT", one + QStringLiteral("?dryRun=All"), kind.replacement}, skips);
        add(name("delete dry run"), {create}, remove(one + QStringLiteral("?dryRun=All")), skips);
        if (!noCollectionDelete)
            add(name("deletecollection dry run"), {create},
                remove(kind.collection + QStringLiteral("?labelSelector=tier%3Dgold&dryRun=All")), skips);
        add(name("create exists"), {create}, DiffRequest {"POST", kind.collection, kind.object});
        add(name("get bad token"), {create}, get(one, QStringLiteral("bad-token")));
        add(name("get anonymous"), {create}, get(one, QStringLiteral("anonymous")));
        add(name("get forbidden"), {create}, get(one, QStringLiteral("limited")));
        add(name("list forbidden"), {}, get(kind.collection, QStringLiteral("limited")));
        add(name("create forbidden"), {},
            DiffRequest {"POST", kind.collection, kind.object, "application/json", QStringLiteral("limited")});
        add(name("delete forbidden"), {create},
            DiffRequest {"DELETE", one, {}, "application/json", QStringLiteral("limited")});
        add(name("get granted"), {DiffRequest {"GRANT", QStringLiteral("volsync-diff-limited"), {}}, create},
            get(one, QStringLiteral("limited")), skips);
        const QByteArray namedHere = QByteArray("\"name\":\"") + kind.name.toUtf8() + '"';
        const QByteArray invalidName = QByteArray(kind.object).replace(namedHere, "\"name\":\"Not_A_Name\"");
        add(name("create invalid name"), {}, post(kind.collection, invalidName.constData()));
    }

    // --- Namespaces (cluster-scoped; their deletion is the namespace controller's) ------------------------------
    const QString ns = QStringLiteral("/api/v1/namespaces/{ns}");
    const QString other = QStringLiteral("/api/v1/namespaces/{ns}-x");
    const char *const otherNs = R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{ns}-x",
        "labels":{"diff-case":"{ns}"}}})";
    add(QStringLiteral("matrix namespace create"), {}, post(QStringLiteral("/api/v1/namespaces"), otherNs));
    add(QStringLiteral("matrix namespace list label selector"), {post(QStringLiteral("/api/v1/namespaces"), otherNs)},
        get(QStringLiteral("/api/v1/namespaces?labelSelector=diff-case%3D{ns}")));
    add(QStringLiteral("matrix namespace watch from a resourceVersion"),
        {post(QStringLiteral("/api/v1/namespaces"), otherNs)},
        watch(QStringLiteral("/api/v1/namespaces?watch=1&labelSelector=diff-case%3D{ns}&resourceVersion={rv0}"
                             "&timeoutSeconds=2")),
        {}, {merge(other, R"({"metadata":{"annotations":{"a":"b"}}})")});
    add(QStringLiteral("matrix namespace watch from now"), {post(QStringLiteral("/api/v1/namespaces"), otherNs)},
        watch(QStringLiteral("/api/v1/namespaces?watch=1&labelSelector=diff-case%3D{ns}&timeoutSeconds=1")));
    add(QStringLiteral("matrix namespace replace stale resourceVersion"),
        {post(QStringLiteral("/api/v1/namespaces"), otherNs),
            merge(other, R"({"metadata":{"annotations":{"a":"b"}}})")},
        put(other, R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{ns}-x","resourceVersion":"{rv0}"}})"));
    add(QStringLiteral("matrix namespace merge patch"), {}, merge(ns, R"({"metadata":{"labels":{"team":"a"}}})"));
    add(QStringLiteral("matrix namespace json patch"), {},
        jsonPatch(ns,
            R"([{"op":"add","path":"/metadata/annotations","value":{"volsync.backube/privileged-movers":"true"}}])"));
    add(QStringLiteral("matrix namespace apply"), {}, apply(other + QStringLiteral("?fieldManager=matrix"), otherNs));
    add(QStringLiteral("matrix namespace status get"), {}, get(ns + QStringLiteral("/status")));
    add(QStringLiteral("matrix namespace create dry run"), {},
        post(QStringLiteral("/api/v1/namespaces?dryRun=All"), otherNs));
    add(QStringLiteral("matrix namespace deletecollection"), {},
        remove(QStringLiteral("/api/v1/namespaces?labelSelector=diff-case%3D{ns}")));
    add(QStringLiteral("matrix namespace get bad token"), {}, get(ns, QStringLiteral("bad-token")));
    add(QStringLiteral("matrix namespace get forbidden"), {}, get(ns, QStringLiteral("limited")));

    // --- VolumeSnapshotClasses (cluster-scoped CRD; named and labelled per case) ------------------------------------
    const QString classes = QStringLiteral("/apis/snapshot.storage.k8s.io/v1/volumesnapshotclasses");
    const QString oneClass = classes + QStringLiteral("/{ns}-class");
    const char *const snapshotClass = R"({"apiVersion":"snapshot.storage.k8s.io/v1","kind":"VolumeSnapshotClass",
        "metadata":{"name":"{ns}-class","labels":{"diff-run":"{run}","diff-case":"{ns}"}},"driver":"hostpath.csi.k8s.io",
        "deletionPolicy":"Delete"})";
    const DiffRequest createClass = post(classes, snapshotClass);
    add(QStringLiteral("matrix volumesnapshotclass get"), {createClass}, get(oneClass));
    add(QStringLiteral("matrix volumesnapshotclass list label selector"), {createClass},
        get(classes + QStringLiteral("?labelSelector=diff-case%3D{ns}")));
    add(QStringLiteral("matrix volumesnapshotclass watch from a resourceVersion"), {createClass},
        watch(
            classes + QStringLiteral("?watch=1&labelSelector=diff-case%3D{ns}&resourceVersion={rv0}&timeoutSeconds=2")),
        {}, {merge(oneClass, R"({"metadata":{"annotations":{"a":"b"}}})"), remove(oneClass)});
    add(QStringLiteral("matrix volumesnapshotclass watch from now"), {createClass},
        watch(classes + QStringLiteral("?watch=1&labelSelector=diff-case%3D{ns}&timeoutSeconds=1")));
    add(QStringLiteral("matrix volumesnapshotclass list field selector name"), {createClass},
        get(classes + QStringLiteral("?fieldSelector=metadata.name%3D{ns}-class")));
    add(QStringLiteral("matrix volumesnapshotclass replace stale resourceVersion"),
        {createClass, merge(oneClass, R"({"metadata":{"annotations":{"a":"b"}}})")},
        put(oneClass, R"({"apiVersion":"snapshot.storage.k8s.io/v1","kind":"VolumeSnapshotClass","metadata":{
            "name":"{ns}-class","resourceVersion":"{rv0}"},"driver":"hostpath.csi.k8s.io","deletionPolicy":"Retain"})"));
    add(QStringLiteral("matrix volumesnapshotclass merge patch"), {createClass},
        merge(oneClass, R"({"metadata":{"annotations":{"snapshot.storage.kubernetes.io/is-default-class":"true"}}})"));
    add(QStringLiteral("matrix volumesnapshotclass json patch"), {createClass},
        jsonPatch(oneClass, R"([{"op":"replace","path":"/deletionPolicy","value":"Retain"}])"));
    add(QStringLiteral("matrix volumesnapshotclass json patch invalid"), {createClass},
        jsonPatch(oneClass, R"([{"op":"replace","path":"/deletionPolicy","value":"Keep"}])"));
    add(QStringLiteral("matrix volumesnapshotclass apply"), {},
        apply(oneClass + QStringLiteral("?fieldManager=matrix"), snapshotClass));
    add(QStringLiteral("matrix volumesnapshotclass delete"), {createClass}, remove(oneClass));
    add(QStringLiteral("matrix volumesnapshotclass deletecollection"), {createClass},
        remove(classes + QStringLiteral("?labelSelector=diff-case%3D{ns}")));
    add(QStringLiteral("matrix volumesnapshotclass create dry run"), {},
        post(classes + QStringLiteral("?dryRun=All"), snapshotClass));
    add(QStringLiteral("matrix volumesnapshotclass get bad token"), {createClass},
        get(oneClass, QStringLiteral("bad-token")));
    add(QStringLiteral("matrix volumesnapshotclass get forbidden"), {createClass},
        get(oneClass, QStringLiteral("limited")));
    return cases;
}
