// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sim/simworld.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

class SimStore;

/// One VolSync object of the `fleet` world that no relationship file describes (restic backups, a restore-only
/// destination, rclone distribution, syncthing), with the RPO state it is seeded to show.
struct SimFleetObject {
    QString cluster;
    QString resource; ///< replicationsources or replicationdestinations
    QString namespaceName;
    QString name;
    QString mover; ///< restic, rclone, syncthing
    QString behaviour; ///< SimFleetMovers' annotation: ok, fail, stuck
    QString expectedState; ///< the RPO state right after seeding: healthy, late, critical, failing, paused, manual only
};

/// The `fleet` world: 20 clusters (fleet-01 .. fleet-20 unless others are given) holding 500 VolSync objects
/// of every mover kind and RPO state. Each cluster i holds:
/// - the sources of 7 relationships to cluster i+1 (the last to the first), whose destinations are there: 5
///   rsync-TLS (every 5 min, every 10 min, hourly but last synced 150 min ago, paused, manual) and 2 rsync over
///   SSH (failing with stale keys every 5 min; healthy every 30 min); the simulated operator runs them;
/// - 11 unmanaged objects run by SimFleetMovers: 7 restic backups (healthy hourly, daily and half-hourly; one
///   stuck 150 min behind an hourly schedule, late and turning critical; one stuck 2 h behind a half-hourly one,
///   critical; one failing; one paused), a restic restore-only destination (manual), an rclone source and
///   destination every 15 min and a syncthing source (no schedule).
/// 20 × (14 + 11) = 500 objects, 140 relationships.
class SimFleetWorld
{
public:
    static constexpr int kClusters = 20;
    static constexpr int kRelationshipsPerCluster = 7;
    static constexpr int kUnmanagedPerCluster = 11;

    /// fleet-01 .. fleet-20.
    [[nodiscard]] static QStringList defaultClusters();
    /// The relationships, for whoever writes their files (tests, the demo), in seeding order.
    [[nodiscard]] static QList<SimDemoRelationship> relationships(const QStringList &clusters);
    /// The unmanaged objects, with the state each shows after seeding.
    [[nodiscard]] static QList<SimFleetObject> unmanagedObjects(const QStringList &clusters);
    /// The RPO state each relationship shows after seeding (same order as relationships()).
    [[nodiscard]] static QString expectedState(int indexInCluster);

    /// Seeds the world into `stores` (at least two). `now`: the simulated time, which dates the past syncs.
    static bool seed(const QList<SimStore *> &stores, bool privilegedMovers, const QDateTime &now, QString *error);
};
