// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rpohealth.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QVariantMap>

/// One row of the fleet: a relationship (both sides together), or a ReplicationSource or ReplicationDestination
/// that no relationship file describes, with its RPO health as the fleet monitor last judged it.
struct FleetEntry {
    enum class Kind { Relationship, Source, Destination };

    QString key; ///< unique: the relationship's name, or "context/source|destination/namespace/name"
    Kind kind = Kind::Relationship;
    QString name; ///< the relationship's name, or the object's
    QString mover; ///< rsync, rsyncTLS, restic, rclone, syncthing, external; empty when not known yet
    QString sourceContext;
    QString sourceNamespace;
    QString sourceName; ///< the ReplicationSource (empty for an unmanaged destination)
    QString destinationContext;
    QString destinationNamespace;
    QString destinationName; ///< the ReplicationDestination (empty for an unmanaged source)
    QString schedule; ///< empty: manual or none
    qint64 rpoTargetSeconds = 0;
    QString lastResult; ///< latestMoverStatus.result: Successful, Failed or empty
    QDateTime lastSyncTime;
    QDateTime nextSyncTime; ///< status.nextSyncTime, else the next scheduled time
    bool sourceFound = false; ///< the ReplicationSource exists in its cluster (relationships)
    bool destinationFound = false;
    RpoHealth health; ///< health.state is Unknown while a cluster of the entry cannot be reached
    RpoState lastKnownState = RpoState::Unknown; ///< while Unknown: the state before the cluster went away
    QDateTime unknownSince; ///< while Unknown: since when (by the cluster's clock, as the lags)

    /// "prod → dr" for a relationship, the context alone for an unmanaged object.
    [[nodiscard]] QString clusterPair() const;
    /// "relationship", "source", "destination".
    [[nodiscard]] QString kindName() const;
    /// For `status --all -o json`: camelCase keys, times in RFC 3339, seconds as numbers.
    [[nodiscard]] QVariantMap toVariantMap() const;

    bool operator==(const FleetEntry &) const = default;
};

Q_DECLARE_METATYPE(FleetEntry)
