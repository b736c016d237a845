// SPDX-License-Identifier: GPL-3.0-or-later
#include "demorelationshipfiles.h"

#include "engine/disasterrecoveryhistory.h"
#include "engine/relationshipstore.h"
#include "sim/simstore.h"
#include "sim/simworld.h"

bool DemoRelationshipFiles::write(const QString &configDir, const QStringList &clusters, QString *error)
{
    return write(configDir, SimWorld::demoRelationships(clusters), error);
}

bool DemoRelationshipFiles::write(
    const QString &configDir, const QList<SimDemoRelationship> &relationships, QString *error)
{
    const RelationshipStore store(configDir);
    for (const SimDemoRelationship &r : relationships) {
        if (!store.save(toRelationship(r), error)) {
            return false;
        }
    }
    return true;
}

bool DemoRelationshipFiles::writeDisasterRecoveryHistory(const QString &configDir,
    const QList<SimDemoRelationship> &relationships, const QList<SimStore *> &stores, QString *error)
{
    const DisasterRecoveryHistory history(configDir);
    for (const SimDemoRelationship &r : relationships) {
        if (!r.failedOver)
            continue;
        std::optional<QJsonObject> rd;
        for (const SimStore *store : stores) {
            if (store->clusterName() == r.destinationCluster)
                rd = store->get(QStringLiteral("replicationdestinations"), r.destinationNamespace, r.rdName);
        }
        if (!rd) {
            if (error)
                *error = QStringLiteral("the demo's ReplicationDestination %1/%2 is missing")
                             .arg(r.destinationNamespace, r.rdName);
            return false;
        }
        const auto time
            = [](const QJsonValue &value) { return QDateTime::fromString(value.toString(), Qt::ISODate).toUTC(); };
        const QJsonObject status = rd->value(QStringLiteral("status")).toObject();
        DisasterRecoveryRecord failover;
        failover.kind = DisasterRecoveryRecord::Kind::Failover;
        failover.time = time(rd->value(QStringLiteral("metadata"))
                                 .toObject()
                                 .value(QStringLiteral("annotations"))
                                 .toObject()
                                 .value(QStringLiteral("volsync-desktop/failed-over-at")));
        failover.mode = QStringLiteral("unplanned");
        failover.restorePoint
            = status.value(QStringLiteral("latestImage")).toObject().value(QStringLiteral("name")).toString();
        failover.dataTime = time(status.value(QStringLiteral("lastSyncTime")));
        failover.target = QStringLiteral("%1/%2/%3").arg(r.destinationCluster, r.destinationNamespace, r.rdName);
        failover.schedule = r.schedule;
        failover.succeeded = true;
        failover.message
            = QStringLiteral("%1/%2 is ready on %3").arg(r.destinationNamespace, r.rdName, r.destinationCluster);
        DisasterRecoveryRecord failback;
        failback.kind = DisasterRecoveryRecord::Kind::Failback;
        failback.time = failover.time.addSecs(5 * 60);
        failback.target = r.name + QStringLiteral("-reverse");
        failback.succeeded = true;
        failback.message = QStringLiteral("the reverse relationship %1 has synced; a planned failover of it moves the "
                                          "workload home")
                               .arg(failback.target);
        if (!history.append(r.id, failover, error) || !history.append(r.id, failback, error))
            return false;
    }
    return true;
}

ReplicationRelationship DemoRelationshipFiles::toRelationship(const SimDemoRelationship &r)
{
    ReplicationRelationship relationship;
    relationship.name = r.name;
    relationship.id = r.id;
    relationship.version = r.rsyncTls ? 2 : 1;
    relationship.rsyncTls = r.rsyncTls;
    ReplicationSourceSide source;
    source.cluster = r.sourceCluster;
    source.namespaceName = r.sourceNamespace;
    source.pvcName = r.sourcePvc;
    source.rsName = r.rsName;
    source.copyMethod = r.sourceCopyMethod;
    if (!r.schedule.isEmpty()) {
        source.trigger.schedule = r.schedule;
    }
    source.trigger.manual = r.manual;
    source.paused = r.failedOver; // a failover pauses the source
    ReplicationDestinationSide destination;
    destination.cluster = r.destinationCluster;
    destination.namespaceName = r.destinationNamespace;
    destination.rdName = r.rdName;
    destination.copyMethod = r.destinationCopyMethod;
    destination.accessModes = {QStringLiteral("ReadWriteOnce")};
    if (r.destinationCopyMethod == QLatin1String("Snapshot")) {
        destination.capacity = r.capacity;
    } else {
        destination.destinationPvc = r.rdName;
    }
    destination.serviceType = r.serviceType;
    relationship.source = source;
    relationship.destination = destination;
    return relationship;
}
