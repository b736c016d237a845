// SPDX-License-Identifier: GPL-3.0-or-later
#include "replicationwaiter.h"

#include "relationshipmonitor.h"

#include <QTimer>

#include <utility>

std::optional<ReplicationWaiter::Condition> ReplicationWaiter::parseCondition(const QString &text)
{
    if (text == QLatin1String("synced"))
        return Condition::Synced;
    if (text == QLatin1String("healthy"))
        return Condition::Healthy;
    return std::nullopt;
}

RpoInput ReplicationWaiter::rpoInput(const ReplicationStatus &status, qint64 rpoTargetSeconds)
{
    RpoInput input;
    input.schedule = status.schedule;
    input.paused = status.paused;
    input.lastSyncTime = status.lastSyncTime;
    input.lastSyncStartTime = status.lastSyncStartTime;
    input.targetSeconds = rpoTargetSeconds;
    input.moverFailed = status.moverStatus && status.moverStatus->result == QLatin1String("Failed");
    if (input.moverFailed)
        input.failureMessage = QStringLiteral("the latest mover run failed");
    for (const QList<ReplicationCondition> *conditions : {&status.sourceConditions, &status.destinationConditions}) {
        for (const ReplicationCondition &condition : *conditions) {
            if (condition.type == QLatin1String("Synchronizing") && condition.status == QLatin1String("False")
                && condition.reason == QLatin1String("Error")) {
                input.synchronizingError = true;
                input.failureMessage = condition.message;
            }
        }
    }
    return input;
}

bool ReplicationWaiter::holds(
    Condition condition, const ReplicationStatus &status, qint64 rpoTargetSeconds, const QDateTime &now, QString *why)
{
    const auto fail = [why](const QString &text) {
        if (why)
            *why = text;
        return false;
    };
    if (!status.sourceExists && !status.destinationExists)
        return fail(QStringLiteral("the relationship is not in the clusters"));
    if (condition == Condition::Synced) {
        if (!status.lastSyncTime.isValid())
            return fail(QStringLiteral("no sync has completed yet"));
        if (status.phase == ReplicationStatus::Phase::Syncing)
            return fail(QStringLiteral("a sync is running"));
        if (status.moverStatus && status.moverStatus->result == QLatin1String("Failed"))
            return fail(QStringLiteral("the latest mover run failed"));
        return true;
    }
    const RpoHealth health = RpoHealth::evaluate(rpoInput(status, rpoTargetSeconds), now);
    if (health.state != RpoState::Healthy)
        return fail(QStringLiteral("%1: %2").arg(RpoHealth::stateName(health.state), health.reason));
    return true;
}

ReplicationWaiter::ReplicationWaiter(
    RelationshipMonitor *monitor, Condition condition, qint64 rpoTargetSeconds, int timeoutMs, QObject *parent)
    : QObject(parent)
    , mMonitor(monitor)
    , mCondition(condition)
    , mRpoTargetSeconds(rpoTargetSeconds)
    , mTimeout(new QTimer(this))
{
    mTimeout->setSingleShot(true);
    if (timeoutMs > 0)
        mTimeout->setInterval(timeoutMs);
    connect(mTimeout, &QTimer::timeout, this, [this] {
        finish(false,
            QStringLiteral("timed out: the condition did not hold%1")
                .arg(mLastWhy.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(mLastWhy)));
    });
}

void ReplicationWaiter::start()
{
    if (!mMonitor) {
        finish(false, QStringLiteral("no relationship to watch"));
        return;
    }
    connect(mMonitor, &RelationshipMonitor::statusChanged, this, &ReplicationWaiter::check);
    connect(mMonitor, &RelationshipMonitor::ready, this, &ReplicationWaiter::check);
    if (mTimeout->interval() > 0)
        mTimeout->start();
    if (mMonitor->isReady())
        check();
}

void ReplicationWaiter::check()
{
    // Before every watch has listed, the status does not reflect the clusters yet.
    if (mDone || !mMonitor || !mMonitor->isReady())
        return;
    QString why;
    if (holds(mCondition, mMonitor->status(), mRpoTargetSeconds, QDateTime::currentDateTimeUtc(), &why)) {
        finish(true, QString());
        return;
    }
    mLastWhy = why;
    if (!std::exchange(mToldWaiting, true))
        Q_EMIT waiting(why);
}

void ReplicationWaiter::finish(bool met, const QString &message)
{
    if (mDone)
        return;
    mDone = true;
    mTimeout->stop();
    // Queued: the receiver may delete the monitor, which is emitting.
    QMetaObject::invokeMethod(
        this, [this, met, message] { Q_EMIT finished(met, message); }, Qt::QueuedConnection);
}
