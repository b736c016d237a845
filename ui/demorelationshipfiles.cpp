// SPDX-License-Identifier: GPL-3.0-or-later
#include "demorelationshipfiles.h"

#include "engine/relationshipstore.h"
#include "sim/simworld.h"

bool DemoRelationshipFiles::write(const QString &configDir, const QStringList &clusters, QString *error)
{
    const RelationshipStore store(configDir);
    const QList<SimDemoRelationship> relationships = SimWorld::demoRelationships(clusters);
    for (const SimDemoRelationship &r : relationships) {
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
        if (!store.save(relationship, error)) {
            return false;
        }
    }
    return true;
}
