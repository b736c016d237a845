// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

/// The recovery point health of a replication, judged as Ramen/ODF does: the lag against the expected
/// interval, late beyond twice the interval, critical beyond three times.
enum class RpoState {
    Healthy, ///< lag within twice the expected interval (or the first sync not due yet)
    Late, ///< lag beyond twice the interval
    Critical, ///< lag beyond three times the interval, or never synced although the first sync was due
    Failing, ///< the latest mover run failed, or VolSync reports a synchronization error
    Paused, ///< spec.paused: no syncs start, no judgement
    ManualOnly, ///< no schedule and no RPO target: the lag is shown, not judged
    Unknown, ///< the cluster cannot be reached (set by the fleet monitor, never by evaluate())
};

/// What RPO health is judged from: the status of one ReplicationSource or ReplicationDestination (or of a
/// relationship's source with its destination's failures folded in), as last seen.
struct RpoInput {
    QString schedule; ///< spec.trigger.schedule; empty: none
    bool paused = false; ///< spec.paused
    QDateTime created; ///< metadata.creationTimestamp (when the first scheduled time counts from)
    QDateTime lastSyncTime; ///< status.lastSyncTime; invalid: never synced
    QDateTime lastSyncStartTime; ///< status.lastSyncStartTime (set while a sync runs)
    qint64 targetSeconds = 0; ///< the relationship's RPO target; 0: none (the schedule decides)
    bool moverFailed = false; ///< status.latestMoverStatus.result is Failed
    bool synchronizingError = false; ///< condition Synchronizing is False with reason Error
    QString failureMessage; ///< the condition's message or the mover's last log line

    /// Reads a ReplicationSource or ReplicationDestination object (its spec, metadata and status).
    [[nodiscard]] static RpoInput fromObject(const QJsonObject &object);
    bool operator==(const RpoInput &) const = default;
};

/// The RPO health of one entry at one moment. A plain value, computed by evaluate() from the status alone.
struct RpoHealth {
    RpoState state = RpoState::Unknown;
    qint64 lagSeconds = -1; ///< now - lastSyncTime (never negative); -1: never synced
    qint64 intervalSeconds = 0; ///< the expected interval; 0: none (manual only)
    int missedIntervals = 0; ///< scheduled times that passed with no sync started (at most kMaxMissed)
    QDateTime nextScheduled; ///< the next scheduled time after now; invalid without a schedule
    QString reason; ///< why, in words: "3h 10m since the last sync, expected every 1h"

    static constexpr int kMaxMissed = 1000;

    /// The health at `now` (UTC). The expected interval is the RPO target when set; otherwise, from the cron
    /// schedule: the gap between the last two scheduled times at the last sync, or the gap that follows the
    /// last of them when that is longer (so that a weekday-only schedule is not late over the weekend).
    [[nodiscard]] static RpoHealth evaluate(const RpoInput &input, const QDateTime &now);

    /// "healthy", "late", "critical", "failing", "paused", "manual only", "unknown".
    [[nodiscard]] static QString stateName(RpoState state);
    /// The state of a stateName() text (nullopt-like: Unknown for anything else).
    [[nodiscard]] static RpoState stateFromName(const QString &name);
    /// Late, critical and failing: what notifications and `status --all`'s exit code are about.
    [[nodiscard]] static bool isAlarming(RpoState state);
    /// "45s", "12m", "3h 10m", "2d 4h": a lag or an interval for a person.
    [[nodiscard]] static QString formatSeconds(qint64 seconds);

    bool operator==(const RpoHealth &) const = default;
};

Q_DECLARE_METATYPE(RpoHealth)
