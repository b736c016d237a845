// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "replicationstatus.h"
#include "rpohealth.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>

#include <optional>

class QTimer;
class RelationshipMonitor;

/// Waits, through a relationship's watch (RelationshipMonitor), until a condition holds: `volsyncctl replication
/// -r NAME wait --for synced|healthy`. Checked on every status change the watch delivers, so it answers as soon as
/// the condition holds, never by polling.
/// - synced: the destination holds a complete copy: a sync has completed, none is running, and the latest mover
///   run did not fail;
/// - healthy: the RPO health (RpoHealth, with the relationship's RPO target) is healthy.
class ReplicationWaiter : public QObject
{
    Q_OBJECT
public:
    enum class Condition { Synced, Healthy };

    /// "synced" or "healthy".
    [[nodiscard]] static std::optional<Condition> parseCondition(const QString &text);
    /// Whether `condition` holds for `status` at `now`; `why` says what is missing when it does not.
    [[nodiscard]] static bool holds(Condition condition, const ReplicationStatus &status, qint64 rpoTargetSeconds,
        const QDateTime &now, QString *why = nullptr);
    /// The RPO input of a relationship's status (its source's schedule, pause, times and failures).
    [[nodiscard]] static RpoInput rpoInput(const ReplicationStatus &status, qint64 rpoTargetSeconds);

    /// `timeoutMs` <= 0: no timeout.
    ReplicationWaiter(RelationshipMonitor *monitor, Condition condition, qint64 rpoTargetSeconds, int timeoutMs,
        QObject *parent = nullptr);

    void start();

Q_SIGNALS:
    /// Once: `met` true as soon as the condition holds; false on timeout or when the relationship cannot be read,
    /// with the reason.
    void finished(bool met, const QString &message);
    /// Once, when the watch has listed and the condition does not hold yet: why (e.g. "a sync is running").
    void waiting(const QString &why);

private:
    void check();
    void finish(bool met, const QString &message);

    QPointer<RelationshipMonitor> mMonitor;
    Condition mCondition;
    qint64 mRpoTargetSeconds;
    QTimer *mTimeout;
    QString mLastWhy;
    bool mDone = false;
    bool mToldWaiting = false;
};
