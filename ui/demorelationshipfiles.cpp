// SPDX-License-Identifier: GPL-3.0-or-later
#include "demorelationshipfiles.h"

#include "engine/relationshipstore.h"
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
