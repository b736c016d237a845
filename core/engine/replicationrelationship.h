// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <optional>

/// The pod security context of a mover (rsync-TLS, file version 2 only).
struct MoverSecurityContext {
    std::optional<qint64> runAsUser;
    std::optional<qint64> runAsGroup;
    std::optional<qint64> fsGroup;
    std::optional<bool> runAsNonRoot;
    std::optional<QString> seccompProfileType;

    [[nodiscard]] bool isEmpty() const
    {
        return !runAsUser && !runAsGroup && !fsGroup && !runAsNonRoot && !seccompProfileType;
    }
    bool operator==(const MoverSecurityContext &) const = default;
};

/// `trigger` of the source side: a cron schedule, or a manual tag (empty = none).
struct ReplicationTrigger {
    std::optional<QString> schedule;
    QString manual;
    bool operator==(const ReplicationTrigger &) const = default;
};

/// A schedule that a running "Sync now" (sync --keep-schedule) replaced by a manual trigger and must put
/// back (`data.source.restoreschedule`, our own key). Written before the trigger changes, removed once the
/// schedule is back, so that an interrupted sync is finished by the next start of the app or volsyncctl.
struct PendingScheduleRestore {
    QString schedule;
    qint64 pid = 0; ///< the process that runs the sync (a live owner is left alone)
    bool operator==(const PendingScheduleRestore &) const = default;
};

/// The source side of a relationship (`data.source`).
struct ReplicationSourceSide {
    QString cluster; ///< kubeconfig context; empty = current-context
    QString namespaceName;
    QString pvcName;
    QString rsName;
    // replicationsourcevolumeoptions
    QString copyMethod; ///< Clone, Snapshot, Direct or None
    QStringList accessModes;
    std::optional<QString> capacity;
    std::optional<QString> storageClassName;
    std::optional<QString> volumeSnapshotClassName;
    // version 1 (SSH) only: written back by apply
    std::optional<QString> address;
    std::optional<QString> sshKeys;
    ReplicationTrigger trigger;
    std::optional<PendingScheduleRestore> pendingRestore;
    bool paused = false; ///< `data.source.paused` (our own key): the ReplicationSource is applied with spec.paused
    MoverSecurityContext moverSecurityContext; ///< version 2 only

    bool operator==(const ReplicationSourceSide &) const = default;
};

/// The destination side of a relationship (`data.destination`).
struct ReplicationDestinationSide {
    QString cluster;
    QString namespaceName;
    QString rdName;
    // replicationdestinationvolumeoptions
    QString copyMethod; ///< Snapshot, Direct or None
    QStringList accessModes;
    std::optional<QString> capacity;
    std::optional<QString> storageClassName;
    std::optional<QString> volumeSnapshotClassName;
    std::optional<QString> destinationPvc;
    bool cleanupTempPvc = false;
    std::optional<QString> serviceType; ///< ClusterIP or LoadBalancer
    MoverSecurityContext moverSecurityContext; ///< version 2 only

    bool operator==(const ReplicationDestinationSide &) const = default;
};

/// One replication relationship as stored in `<config-dir>/<name>.yaml`, compatible with the
/// files of `kubectl volsync` (version 1, rsync over SSH) and its rsync-TLS design (version 2).
struct ReplicationRelationship {
    QString name; ///< the file's base name
    QString id; ///< v4 UUID, also the value of the volsync.backube/relationship label
    int version = 1;
    bool rsyncTls = false; ///< version 2 files only
    std::optional<ReplicationSourceSide> source;
    std::optional<ReplicationDestinationSide> destination;
    /// The file as read (keys lowercased). Keys we do not know are written back unchanged.
    QVariantMap raw;

    [[nodiscard]] bool isComplete() const { return source.has_value() && destination.has_value(); }
    /// Only the rsync (SSH) mover needs namespaces annotated for privileged movers; rsync-TLS runs unprivileged.
    [[nodiscard]] bool needsPrivilegedMovers() const { return !rsyncTls; }
};
