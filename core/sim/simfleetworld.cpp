// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simfleetworld.h"

#include "sim/simfleetmovers.h"
#include "sim/simstore.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QUuid>

namespace {

const QString kRS = QStringLiteral("replicationsources");
const QString kRD = QStringLiteral("replicationdestinations");

/// The relationships' kinds, by their index in the source cluster.
struct RelationshipKind {
    const char *app; ///< namespace and PVC name stem
    const char *schedule; ///< empty: manual
    bool rsyncTls;
    const char *state; ///< RPO state right after seeding
};
const RelationshipKind kRelationshipKinds[SimFleetWorld::kRelationshipsPerCluster] = {
    {"payments", "*/5 * * * *", true, "healthy"},
    {"orders", "*/10 * * * *", true, "healthy"},
    {"search", "0 * * * *", true, "late"},
    {"media", "*/5 * * * *", true, "paused"},
    {"ledger", "*/5 * * * *", false, "failing"}, // stale SSH keys: every run fails
    {"archive", "", true, "manual only"},
    {"legacy", "*/30 * * * *", false, "healthy"},
};

/// The unmanaged objects, by their index in the cluster.
struct UnmanagedKind {
    const char *resource;
    const char *ns;
    const char *name;
    const char *mover;
    const char *schedule; ///< empty: manual trigger (restic restore) or none (syncthing)
    const char *behaviour;
    qint64 lagSeconds; ///< how long ago the seeded last sync ended; 0: never
    bool paused;
    const char *state;
};
const UnmanagedKind kUnmanagedKinds[SimFleetWorld::kUnmanagedPerCluster] = {
    {"replicationsources", "backups", "wiki-backup", "restic", "0 * * * *", "ok", 20 * 60, false, "healthy"},
    {"replicationsources", "backups", "crm-backup", "restic", "0 2 * * *", "ok", 6 * 3600, false, "healthy"},
    {"replicationsources", "backups", "chat-backup", "restic", "*/30 * * * *", "ok", 10 * 60, false, "healthy"},
    {"replicationsources", "backups", "metrics-backup", "restic", "0 * * * *", "stuck", 150 * 60, false, "late"},
    {"replicationsources", "backups", "logs-backup", "restic", "*/30 * * * *", "stuck", 120 * 60, false, "critical"},
    {"replicationsources", "backups", "mail-backup", "restic", "0 * * * *", "fail", 50 * 60, false, "failing"},
    {"replicationsources", "backups", "old-backup", "restic", "0 * * * *", "ok", 3 * 86400, true, "paused"},
    {"replicationdestinations", "restore", "wiki-restore", "restic", "", "ok", 30 * 86400, false, "manual only"},
    {"replicationsources", "distribution", "assets-push", "rclone", "*/15 * * * *", "ok", 5 * 60, false, "healthy"},
    {"replicationdestinations", "distribution", "assets-pull", "rclone", "*/15 * * * *", "ok", 5 * 60, false,
        "healthy"},
    {"replicationsources", "sync", "shared-docs", "syncthing", "", "ok", 0, false, "manual only"},
};

QString clusterAt(const QStringList &clusters, int i)
{
    return clusters.value(i % clusters.size());
}

QJsonObject moverSpec(const UnmanagedKind &kind)
{
    const QString mover = QLatin1String(kind.mover);
    const bool source = QLatin1String(kind.resource) == kRS;
    if (mover == QLatin1String("restic")) {
        QJsonObject spec {{QStringLiteral("repository"), QStringLiteral("restic-config")},
            {QStringLiteral("copyMethod"), QStringLiteral("Snapshot")}};
        if (source)
            spec.insert(QStringLiteral("pruneIntervalDays"), 14);
        else
            spec.insert(QStringLiteral("capacity"), QStringLiteral("10Gi"));
        return spec;
    }
    if (mover == QLatin1String("rclone")) {
        return QJsonObject {{QStringLiteral("rcloneConfigSection"), QStringLiteral("s3")},
            {QStringLiteral("rcloneDestPath"), QStringLiteral("volsync-assets/assets")},
            {QStringLiteral("rcloneConfig"), QStringLiteral("rclone-secret")},
            {QStringLiteral("copyMethod"), QStringLiteral("Snapshot")}};
    }
    return QJsonObject {
        {QStringLiteral("peers"), QJsonArray()}, {QStringLiteral("serviceType"), QStringLiteral("ClusterIP")}};
}

QJsonObject pastSync(const QDateTime &now, qint64 lagSeconds, const QString &manual)
{
    if (lagSeconds <= 0)
        return {};
    QJsonObject status {{QStringLiteral("lastSyncTime"), SimStore::formatTimestamp(now.addSecs(-lagSeconds))},
        {QStringLiteral("lastSyncDuration"), QStringLiteral("31.5s")},
        {QStringLiteral("latestMoverStatus"),
            QJsonObject {{QStringLiteral("result"), QStringLiteral("Successful")},
                {QStringLiteral("logs"), QStringLiteral("processed 1204 files, 2.147 GiB\n")}}}};
    if (!manual.isEmpty())
        status.insert(QStringLiteral("lastManualSync"), manual);
    return status;
}

bool seedUnmanaged(SimStore *store, const UnmanagedKind &kind, const QDateTime &now, QString *error)
{
    const QString ns = QLatin1String(kind.ns);
    const QString name = QLatin1String(kind.name);
    QJsonObject spec {{QLatin1String(kind.mover), moverSpec(kind)}};
    const bool source = QLatin1String(kind.resource) == kRS;
    if (source)
        spec.insert(QStringLiteral("sourcePVC"), name);
    QString manual;
    if (*kind.schedule)
        spec.insert(
            QStringLiteral("trigger"), QJsonObject {{QStringLiteral("schedule"), QLatin1String(kind.schedule)}});
    else if (QLatin1String(kind.mover) == QLatin1String("restic")) {
        manual = QStringLiteral("restore-") + now.addSecs(-kind.lagSeconds).toString(QStringLiteral("yyyyMMdd"));
        spec.insert(QStringLiteral("trigger"), QJsonObject {{QStringLiteral("manual"), manual}});
    }
    if (kind.paused)
        spec.insert(QStringLiteral("paused"), true);
    const QJsonObject object {{QStringLiteral("metadata"),
                                  QJsonObject {{QStringLiteral("name"), name},
                                      {QStringLiteral("annotations"),
                                          QJsonObject {{QLatin1String(SimFleetMovers::kBehaviourAnnotation),
                                              QLatin1String(kind.behaviour)}}}}},
        {QStringLiteral("spec"), spec}};
    const SimStoreResult created = store->create(QLatin1String(kind.resource), ns, object);
    if (!created.ok()) {
        *error = QStringLiteral("Could not seed %1 %2/%3 in cluster %4: %5")
                     .arg(QLatin1String(kind.resource), ns, name, store->clusterName(), created.message());
        return false;
    }
    QJsonObject status = pastSync(now, kind.lagSeconds, manual);
    if (QLatin1String(kind.behaviour) == QLatin1String("stuck")) {
        // A run started at the first scheduled time after the last sync and never ended.
        status.insert(
            QStringLiteral("lastSyncStartTime"), SimStore::formatTimestamp(now.addSecs(-kind.lagSeconds + 600)));
    }
    if (QLatin1String(kind.behaviour) == QLatin1String("fail")) {
        // Its last run already failed (and VolSync said so).
        const QString message = QStringLiteral("Fatal: unable to open config file: Stat: The Access Key Id you "
                                               "provided does not exist in our records.");
        status.insert(QStringLiteral("latestMoverStatus"),
            QJsonObject {{QStringLiteral("result"), QStringLiteral("Failed")},
                {QStringLiteral("logs"), QStringLiteral("restic mover started\n%1\n").arg(message)}});
        status.insert(QStringLiteral("conditions"),
            QJsonArray {QJsonObject {{QStringLiteral("type"), QStringLiteral("Synchronizing")},
                {QStringLiteral("status"), QStringLiteral("False")},
                {QStringLiteral("reason"), QStringLiteral("Error")}, {QStringLiteral("message"), message},
                {QStringLiteral("lastTransitionTime"), SimStore::formatTimestamp(now.addSecs(-600))}}});
    }
    if (!status.isEmpty()) {
        const SimStoreResult patched = store->patchStatus(QLatin1String(kind.resource), ns, name, status);
        if (!patched.ok()) {
            *error = QStringLiteral("Could not seed the status of %1/%2 in cluster %3: %4")
                         .arg(ns, name, store->clusterName(), patched.message());
            return false;
        }
    }
    return true;
}

/// Makes the seeded state of relationship kind `k` true: its last sync time, or spec.paused.
bool adjustRelationship(
    SimStore *source, SimStore *destination, const SimDemoRelationship &r, int k, const QDateTime &now, QString *error)
{
    const QString state = QLatin1String(kRelationshipKinds[k].state);
    if (state == QLatin1String("paused")) {
        std::optional<QJsonObject> rs = source->get(kRS, r.sourceNamespace, r.rsName);
        if (!rs) {
            *error = QStringLiteral("ReplicationSource %1/%2 was not seeded").arg(r.sourceNamespace, r.rsName);
            return false;
        }
        QJsonObject spec = rs->value(QLatin1String("spec")).toObject();
        spec.insert(QStringLiteral("paused"), true);
        rs->insert(QStringLiteral("spec"), spec);
        const SimStoreResult updated = source->update(kRS, r.sourceNamespace, *rs);
        if (!updated.ok()) {
            *error = updated.message();
            return false;
        }
    }
    qint64 lag = 0;
    if (state == QLatin1String("healthy"))
        lag = 2 * 60;
    else if (state == QLatin1String("late"))
        lag = 150 * 60;
    else if (state == QLatin1String("paused"))
        lag = 2 * 3600;
    if (lag == 0)
        return true;
    const QJsonObject status {{QStringLiteral("lastSyncTime"), SimStore::formatTimestamp(now.addSecs(-lag))}};
    for (const auto &[store, resource, ns, name] : {std::tuple {source, kRS, r.sourceNamespace, r.rsName},
             std::tuple {destination, kRD, r.destinationNamespace, r.rdName}}) {
        const SimStoreResult patched = store->patchStatus(resource, ns, name, status);
        if (!patched.ok()) {
            *error = patched.message();
            return false;
        }
    }
    return true;
}

} // namespace

QStringList SimFleetWorld::defaultClusters()
{
    QStringList clusters;
    for (int i = 1; i <= kClusters; ++i)
        clusters.append(QStringLiteral("fleet-%1").arg(i, 2, 10, QLatin1Char('0')));
    return clusters;
}

QString SimFleetWorld::expectedState(int indexInCluster)
{
    return QLatin1String(kRelationshipKinds[indexInCluster % kRelationshipsPerCluster].state);
}

QList<SimDemoRelationship> SimFleetWorld::relationships(const QStringList &clusters)
{
    QList<SimDemoRelationship> list;
    if (clusters.size() < 2)
        return list;
    for (int c = 0; c < clusters.size(); ++c) {
        for (int k = 0; k < kRelationshipsPerCluster; ++k) {
            const RelationshipKind &kind = kRelationshipKinds[k];
            SimDemoRelationship r;
            r.name = QStringLiteral("%1-%2").arg(QLatin1String(kind.app), clusters.at(c));
            r.id = QUuid::createUuidV5(
                QUuid(QStringLiteral("{6ba7b811-9dad-11d1-80b4-00c04fd430c8}")), QStringLiteral("fleet/") + r.name)
                       .toString(QUuid::WithoutBraces);
            r.sourceCluster = clusters.at(c);
            r.sourceNamespace = QLatin1String(kind.app);
            r.sourcePvc = QLatin1String(kind.app) + QStringLiteral("-data");
            r.rsName = r.sourcePvc + QStringLiteral("-src");
            r.destinationCluster = clusterAt(clusters, c + 1);
            r.destinationNamespace = QStringLiteral("dr-%1-%2").arg(QLatin1String(kind.app), clusters.at(c));
            r.rdName = r.sourcePvc;
            r.sourceCopyMethod = QStringLiteral("Snapshot");
            r.destinationCopyMethod = QStringLiteral("Snapshot");
            r.serviceType = QStringLiteral("LoadBalancer");
            r.capacity = QStringLiteral("10Gi");
            r.rsyncTls = kind.rsyncTls;
            if (*kind.schedule)
                r.schedule = QLatin1String(kind.schedule);
            else
                r.manual = QStringLiteral("2026-11-30T18:00:00Z");
            r.failing = QLatin1String(kind.state) == QLatin1String("failing");
            list.append(r);
        }
    }
    return list;
}

QList<SimFleetObject> SimFleetWorld::unmanagedObjects(const QStringList &clusters)
{
    QList<SimFleetObject> list;
    for (const QString &cluster : clusters) {
        for (const UnmanagedKind &kind : kUnmanagedKinds) {
            list.append(
                SimFleetObject {cluster, QLatin1String(kind.resource), QLatin1String(kind.ns), QLatin1String(kind.name),
                    QLatin1String(kind.mover), QLatin1String(kind.behaviour), QLatin1String(kind.state)});
        }
    }
    return list;
}

bool SimFleetWorld::seed(const QList<SimStore *> &stores, bool privilegedMovers, const QDateTime &now, QString *error)
{
    if (stores.size() < 2) {
        *error = QStringLiteral("The fleet world needs at least two clusters (it has 20 of its own when --clusters is "
                                "not given).");
        return false;
    }
    QStringList clusters;
    for (SimStore *store : stores)
        clusters.append(store->clusterName());
    for (SimStore *store : stores) {
        if (!SimWorld::seedBase(store, error))
            return false;
        for (const char *ns : {"backups", "restore", "distribution", "sync"}) {
            if (!SimWorld::seedNamespace(store, QLatin1String(ns), privilegedMovers, error))
                return false;
        }
        for (const RelationshipKind &kind : kRelationshipKinds) {
            if (!SimWorld::seedNamespace(store, QLatin1String(kind.app), privilegedMovers, error)
                || !SimWorld::seedPvc(store, QLatin1String(kind.app), QLatin1String(kind.app) + QStringLiteral("-data"),
                    QStringLiteral("10Gi"), error))
                return false;
        }
        for (const UnmanagedKind &kind : kUnmanagedKinds) {
            if (QLatin1String(kind.resource) == kRS
                && !store->get(
                    QStringLiteral("persistentvolumeclaims"), QLatin1String(kind.ns), QLatin1String(kind.name))
                && !SimWorld::seedPvc(
                    store, QLatin1String(kind.ns), QLatin1String(kind.name), QStringLiteral("5Gi"), error))
                return false;
            if (!seedUnmanaged(store, kind, now, error))
                return false;
        }
    }
    const QList<SimDemoRelationship> all = relationships(clusters);
    for (int i = 0; i < all.size(); ++i) {
        const SimDemoRelationship &r = all.at(i);
        SimStore *source = stores.at(clusters.indexOf(r.sourceCluster));
        SimStore *destination = stores.at(clusters.indexOf(r.destinationCluster));
        if (!destination->get(QStringLiteral("namespaces"), QString(), r.destinationNamespace)
            && !SimWorld::seedNamespace(destination, r.destinationNamespace, privilegedMovers, error))
            return false;
        // Addresses: 172.18.200.10 + i stays below .255 for the 140 relationships of 20 clusters.
        if (!SimWorld::seedRelationship(source, destination, r, i % 240, now, error)
            || !adjustRelationship(source, destination, r, i % kRelationshipsPerCluster, now, error))
            return false;
    }
    return true;
}
