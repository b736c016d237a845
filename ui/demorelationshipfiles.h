// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/replicationrelationship.h"

#include <QList>
#include <QString>
#include <QStringList>

class SimStore;
struct SimDemoRelationship;

/// The relationship files of the demo world. The simulator seeds the clusters (SimWorld's "demo" seed) and
/// knows nothing of the engine; the demo writes the matching files with the engine's RelationshipStore.
class DemoRelationshipFiles
{
public:
    /// Writes the demo relationships (SimWorld::demoRelationships(clusters)) as relationship files (upstream's
    /// format, as `kubectl volsync` and the engine read them) into `configDir` (e.g. a private ~/.volsync for
    /// the GUI demo). Existing files of the same names are replaced. False with a message for a person on a
    /// write error.
    static bool write(const QString &configDir, const QStringList &clusters, QString *error);
    /// Writes these relationships (e.g. SimFleetWorld::relationships()) the same way.
    static bool write(const QString &configDir, const QList<SimDemoRelationship> &relationships, QString *error);
    /// The disaster-recovery history of the relationships that failed over (SimDemoRelationship::failedOver), as
    /// the engine would have written it: the failover (unplanned, when and as of what its destination says, in
    /// `stores` by cluster name) and the fail back that set up `<name>-reverse`.
    static bool writeDisasterRecoveryHistory(const QString &configDir, const QList<SimDemoRelationship> &relationships,
        const QList<SimStore *> &stores, QString *error);
    /// The relationship file's content for one simulated relationship.
    [[nodiscard]] static ReplicationRelationship toRelationship(const SimDemoRelationship &r);
};
