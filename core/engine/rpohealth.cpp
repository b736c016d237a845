// SPDX-License-Identifier: GPL-3.0-or-later
#include "rpohealth.h"

#include "common/cronschedule.h"
#include "common/kubetimes.h"

#include <QJsonArray>

#include <algorithm>

namespace {

constexpr qint64 kFiveYearsSeconds = 5LL * 366 * 24 * 3600;
/// Runs of one schedule walked at most per question (a guard against pathological specs).
constexpr int kMaxWalk = 10000;

QDateTime timeOf(const QJsonValue &value)
{
    if (!value.isString())
        return {};
    return parseKubeTime(value.toString());
}

/// The last run of `schedule` at or before `time` (invalid when there is none within five years).
/// The window back from `time` doubles until a run falls in it, then the runs in it are walked forward.
QDateTime previousRun(const CronSchedule &schedule, const QDateTime &time)
{
    for (qint64 window = 60; window <= kFiveYearsSeconds; window *= 2) {
        QDateTime run = schedule.next(time.addSecs(-window));
        if (!run.isValid())
            return {};
        if (run <= time) {
            int walked = 0;
            for (QDateTime later = schedule.next(run); later.isValid() && later <= time && walked < kMaxWalk;
                 later = schedule.next(later), ++walked)
                run = later;
            return run;
        }
    }
    return {};
}

/// The expected interval at `reference` (the last sync, or the creation before the first): the gap between the
/// last two runs at or before it, or the gap after the last of them when longer. 0 when the schedule never fires.
qint64 scheduleInterval(const CronSchedule &schedule, const QDateTime &reference)
{
    const QDateTime last = previousRun(schedule, reference);
    if (!last.isValid()) {
        // Nothing ran before the reference yet: the gap between the first two runs after it.
        const QDateTime first = schedule.next(reference);
        const QDateTime second = first.isValid() ? schedule.next(first) : QDateTime();
        return second.isValid() ? first.secsTo(second) : 0;
    }
    const QDateTime before = previousRun(schedule, last.addSecs(-1));
    const QDateTime after = schedule.next(last);
    const qint64 gapBefore = before.isValid() ? before.secsTo(last) : 0;
    const qint64 gapAfter = after.isValid() ? last.secsTo(after) : 0;
    return std::max(gapBefore, gapAfter);
}

/// Scheduled runs after `served` (the last sync's start or end) that are more than `grace` seconds in the past.
int missedRuns(const CronSchedule &schedule, const QDateTime &served, const QDateTime &now, qint64 grace)
{
    const QDateTime until = now.addSecs(-grace);
    int missed = 0;
    for (QDateTime run = schedule.next(served); run.isValid() && run <= until && missed < RpoHealth::kMaxMissed;
         run = schedule.next(run))
        ++missed;
    return missed;
}

QString lastSyncWords(const RpoHealth &health)
{
    return health.lagSeconds < 0 ? QStringLiteral("never synced")
                                 : QStringLiteral("last sync %1 ago").arg(RpoHealth::formatSeconds(health.lagSeconds));
}

QString missedWords(int missed)
{
    if (missed == 0)
        return QString();
    const QString count
        = missed >= RpoHealth::kMaxMissed ? QStringLiteral("%1 or more").arg(missed) : QString::number(missed);
    return QStringLiteral("; %1 scheduled sync%2 missed").arg(count, missed == 1 ? QString() : QStringLiteral("s"));
}

} // namespace

RpoInput RpoInput::fromObject(const QJsonObject &object)
{
    RpoInput input;
    const QJsonObject spec = object.value(QLatin1String("spec")).toObject();
    const QJsonObject status = object.value(QLatin1String("status")).toObject();
    input.schedule = spec.value(QLatin1String("trigger")).toObject().value(QLatin1String("schedule")).toString();
    input.paused = spec.value(QLatin1String("paused")).toBool();
    input.created
        = timeOf(object.value(QLatin1String("metadata")).toObject().value(QLatin1String("creationTimestamp")));
    input.lastSyncTime = timeOf(status.value(QLatin1String("lastSyncTime")));
    input.lastSyncStartTime = timeOf(status.value(QLatin1String("lastSyncStartTime")));
    const QJsonObject mover = status.value(QLatin1String("latestMoverStatus")).toObject();
    input.moverFailed = mover.value(QLatin1String("result")).toString() == QLatin1String("Failed");
    if (input.moverFailed) {
        const QStringList lines
            = mover.value(QLatin1String("logs")).toString().trimmed().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        input.failureMessage = lines.isEmpty()
            ? QStringLiteral("the latest mover run failed")
            : QStringLiteral("the latest mover run failed: %1").arg(lines.constLast());
    }
    for (const QJsonValue &value : status.value(QLatin1String("conditions")).toArray()) {
        const QJsonObject condition = value.toObject();
        if (condition.value(QLatin1String("type")).toString() == QLatin1String("Synchronizing")
            && condition.value(QLatin1String("status")).toString() == QLatin1String("False")
            && condition.value(QLatin1String("reason")).toString() == QLatin1String("Error")) {
            input.synchronizingError = true;
            input.failureMessage = condition.value(QLatin1String("message")).toString();
        }
    }
    return input;
}

RpoHealth RpoHealth::evaluate(const RpoInput &input, const QDateTime &now)
{
    RpoHealth health;
    if (input.lastSyncTime.isValid())
        health.lagSeconds = std::max<qint64>(0, input.lastSyncTime.secsTo(now)); // a cluster clock ahead of ours: 0

    CronSchedule schedule;
    const bool hasSchedule = !input.schedule.trimmed().isEmpty();
    if (hasSchedule) {
        schedule = CronSchedule::parse(input.schedule);
        if (!schedule.isValid()) {
            health.state = RpoState::Failing;
            health.reason = QStringLiteral("the schedule \"%1\" cannot be evaluated (%2): VolSync never starts a sync")
                                .arg(input.schedule, schedule.errorString());
            return health;
        }
        health.nextScheduled = schedule.next(now);
    }
    const QDateTime reference = input.lastSyncTime.isValid() ? input.lastSyncTime
        : input.created.isValid()                            ? input.created
                                                             : now;
    if (input.targetSeconds > 0)
        health.intervalSeconds = input.targetSeconds;
    else if (hasSchedule)
        health.intervalSeconds = scheduleInterval(schedule, reference);

    if (hasSchedule && !input.paused) {
        QDateTime served = std::max(input.lastSyncTime, input.lastSyncStartTime);
        if (!served.isValid())
            served = input.created;
        // A run that fired moments ago may not have started yet.
        const qint64 grace = std::min<qint64>(60, health.intervalSeconds / 2);
        if (served.isValid())
            health.missedIntervals = missedRuns(schedule, served, now, grace);
    }

    const QString interval = formatSeconds(health.intervalSeconds);
    const QString expected = input.targetSeconds > 0 ? QStringLiteral("the RPO target is %1").arg(interval)
                                                     : QStringLiteral("expected every %1").arg(interval);
    if (input.paused) {
        health.state = RpoState::Paused;
        health.reason = QStringLiteral("paused: no syncs start (%1)").arg(lastSyncWords(health));
        return health;
    }
    if (input.moverFailed || input.synchronizingError) {
        health.state = RpoState::Failing;
        health.reason = input.failureMessage.isEmpty() ? QStringLiteral("VolSync reports a synchronization error")
                                                       : input.failureMessage;
        return health;
    }
    if (health.intervalSeconds <= 0) {
        health.state = RpoState::ManualOnly;
        health.reason = hasSchedule
            ? QStringLiteral("the schedule never fires (%1)").arg(lastSyncWords(health))
            : QStringLiteral("no schedule: syncs start by hand (%1)").arg(lastSyncWords(health));
        return health;
    }
    if (health.lagSeconds < 0) {
        // Never synced: the first sync is due at the first scheduled time after creation (or one target after it),
        // and it is given one interval to finish.
        const QDateTime base = input.created.isValid() ? input.created : now;
        const QDateTime firstDue
            = hasSchedule && input.targetSeconds <= 0 ? schedule.next(base) : base.addSecs(health.intervalSeconds);
        if (firstDue.isValid() && firstDue.addSecs(health.intervalSeconds) < now) {
            health.state = RpoState::Critical;
            health.reason = QStringLiteral("never synced, although the first sync was due at %1%2")
                                .arg(firstDue.toString(Qt::ISODate), missedWords(health.missedIntervals));
        } else {
            health.state = RpoState::Healthy;
            health.reason = firstDue.isValid()
                ? QStringLiteral("waiting for the first sync (due at %1)").arg(firstDue.toString(Qt::ISODate))
                : QStringLiteral("waiting for the first sync");
        }
        return health;
    }
    if (health.lagSeconds > 3 * health.intervalSeconds) {
        health.state = RpoState::Critical;
        health.reason = QStringLiteral("%1, more than three times as long as %2%3")
                            .arg(lastSyncWords(health), expected, missedWords(health.missedIntervals));
    } else if (health.lagSeconds > 2 * health.intervalSeconds) {
        health.state = RpoState::Late;
        health.reason = QStringLiteral("%1, more than twice as long as %2%3")
                            .arg(lastSyncWords(health), expected, missedWords(health.missedIntervals));
    } else {
        health.state = RpoState::Healthy;
        health.reason
            = QStringLiteral("%1, %2%3").arg(lastSyncWords(health), expected, missedWords(health.missedIntervals));
    }
    return health;
}

QString RpoHealth::stateName(RpoState state)
{
    switch (state) {
    case RpoState::Healthy:
        return QStringLiteral("healthy");
    case RpoState::Late:
        return QStringLiteral("late");
    case RpoState::Critical:
        return QStringLiteral("critical");
    case RpoState::Failing:
        return QStringLiteral("failing");
    case RpoState::Paused:
        return QStringLiteral("paused");
    case RpoState::ManualOnly:
        return QStringLiteral("manual only");
    case RpoState::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

RpoState RpoHealth::stateFromName(const QString &name)
{
    for (RpoState state : {RpoState::Healthy, RpoState::Late, RpoState::Critical, RpoState::Failing, RpoState::Paused,
             RpoState::ManualOnly}) {
        if (stateName(state) == name)
            return state;
    }
    return RpoState::Unknown;
}

bool RpoHealth::isAlarming(RpoState state)
{
    return state == RpoState::Late || state == RpoState::Critical || state == RpoState::Failing;
}

QString RpoHealth::formatSeconds(qint64 seconds)
{
    if (seconds < 0)
        return QStringLiteral("-");
    if (seconds < 60)
        return QStringLiteral("%1s").arg(seconds);
    if (seconds < 3600)
        return QStringLiteral("%1m").arg(seconds / 60);
    if (seconds < 86400) {
        const qint64 minutes = (seconds % 3600) / 60;
        return minutes ? QStringLiteral("%1h %2m").arg(seconds / 3600).arg(minutes)
                       : QStringLiteral("%1h").arg(seconds / 3600);
    }
    const qint64 hours = (seconds % 86400) / 3600;
    return hours ? QStringLiteral("%1d %2h").arg(seconds / 86400).arg(hours)
                 : QStringLiteral("%1d").arg(seconds / 86400);
}
