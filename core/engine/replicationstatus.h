// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "replicationfinding.h"
#include "replicationrelationship.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <optional>

/// One entry of `status.conditions`.
struct ReplicationCondition {
    QString type;
    QString status; ///< "True", "False", "Unknown"
    QString reason;
    QString message;
    QDateTime lastTransitionTime;
    bool operator==(const ReplicationCondition &) const = default;
};

/// `status.latestMoverStatus`.
struct MoverStatus {
    QString result; ///< "Successful" or "Failed"
    QString logs;
    bool operator==(const MoverStatus &) const = default;
};

/// The live state of a relationship, built from its ReplicationSource and ReplicationDestination
/// (as last seen by a watch). A plain value: compare, copy, convert to JSON/YAML.
struct ReplicationStatus {
    enum class Phase {
        NotApplied, ///< nothing in the clusters yet (or the relationship is incomplete)
        WaitingForDestination, ///< the RD exists but has no address/keys yet, or the RS is not created yet
        Idle, ///< waiting for the schedule or a manual trigger
        Syncing, ///< a sync is running
        Failed, ///< the last sync failed or VolSync reports an error (it retries)
    };

    Phase phase = Phase::NotApplied;
    bool sourceExists = false;
    bool destinationExists = false;

    QString schedule; ///< spec.trigger.schedule of the RS (or of the file when not applied)
    QString manualTrigger; ///< spec.trigger.manual
    bool paused = false; ///< spec.paused of the RS (or of the file when not applied): no syncs start
    QString lastManualSync; ///< status.lastManualSync
    QDateTime lastSyncTime; ///< UTC; invalid when never synced
    QDateTime lastSyncStartTime; ///< set while a sync runs
    QDateTime nextSyncTime;
    QString lastSyncDuration; ///< Go duration text ("28.7s")
    qint64 lastSyncDurationMs = -1;
    std::optional<MoverStatus> moverStatus; ///< of the source (the RD's when the RS has none)
    QList<ReplicationCondition> sourceConditions;
    QList<ReplicationCondition> destinationConditions;
    QString latestImageKind; ///< VolumeSnapshot or PersistentVolumeClaim
    QString latestImageName;
    QString address; ///< the RD's published address
    QString keySecret; ///< the RD's published key Secret (sshKeys or keySecret), a name only
    /// Disaster recovery, from our annotations on the RD: when it was failed over (invalid: it was not), and
    /// since when a test failover's PVC exists beside it (invalid: no test running).
    QDateTime failedOverAt;
    QDateTime testingSince;
    /// spec.paused of the RD. VolSync's failover procedure pauses the destination first; VolSync Desktop pauses it
    /// only to fail over (with failedOverAt).
    bool destinationPaused = false;
    /// The RS is paused while the relationship's file says it is not: paused by someone else.
    bool sourcePausedOutside = false;
    ReplicationFindings problems; ///< things found wrong, each with its fix

    /// Where the relationship stands in disaster recovery.
    enum class Failover {
        None,
        FailedOver, ///< by VolSync Desktop (failedOverAt)
        FailedOverOutside, ///< the RD was paused by another tool (or by hand), without our failover's mark
        Testing, ///< a test failover of ours runs (testingSince)
    };
    [[nodiscard]] Failover failover() const;
    /// One line on the failover state, for the CLI and the GUI ("failed over (outside VolSync Desktop): ...");
    /// empty for Failover::None.
    [[nodiscard]] QString failoverText() const;

    [[nodiscard]] static QString phaseName(Phase phase); ///< "not applied", "waiting for destination", ...
    [[nodiscard]] QString phaseName() const { return phaseName(phase); }
    /// The findings' texts (message and command), one per line.
    [[nodiscard]] QStringList problemTexts() const;
    /// Whether VolSync reported a new result since `before` (a sync ended, the mover's result or a condition
    /// changed): what ends "fix applied, VolSync is retrying".
    [[nodiscard]] bool hasNewResultSince(const ReplicationStatus &before) const;
    /// Whether a finding of `kind` is among the problems.
    [[nodiscard]] bool hasProblem(ReplicationFinding::Kind kind) const;

    /// Builds the status from the objects (empty QJsonObject = not found). `rel` supplies what the
    /// clusters should hold, to find problems (address changed, missing Secret, ...).
    /// `sourceSecretExists`/`namespacesAnnotated`: pass nullopt when unknown.
    [[nodiscard]] static ReplicationStatus fromObjects(const ReplicationRelationship &rel,
        const QJsonObject &replicationSource, const QJsonObject &replicationDestination,
        std::optional<bool> sourceSecretExists = std::nullopt);

    /// For `status -o json|yaml`: camelCase keys, times in RFC 3339, unset values left out.
    [[nodiscard]] QVariantMap toVariantMap() const;

    bool operator==(const ReplicationStatus &) const = default;
};

Q_DECLARE_METATYPE(ReplicationStatus)
