// SPDX-License-Identifier: GPL-3.0-or-later
#include "troubleshoottimeline.h"

#include "troubleshootevent.h"
#include "troubleshootsnapshot.h"

#include <QHash>
#include <QJsonArray>

#include <algorithm>

namespace {

QDateTime timeOf(const QJsonValue &value)
{
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
}

TroubleshootTimelineEntry entryOf(const TroubleshootSide &side, TroubleshootTimelineEntry::Source source,
    const QString &objectKind, const QString &objectName)
{
    TroubleshootTimelineEntry entry;
    entry.role = side.role;
    entry.context = side.context;
    entry.source = source;
    entry.objectKind = objectKind;
    entry.objectName = objectName;
    return entry;
}

QStringList linesOf(const QString &log)
{
    QStringList lines;
    for (const QString &line : log.split(QLatin1Char('\n'))) {
        if (!line.trimmed().isEmpty()) {
            lines.append(line.trimmed());
        }
    }
    return lines;
}

// The line of a run's log that says how it ended: for a failed run the first line that reports an error (the
// cause; rsync, stunnel and VolSync's scripts follow it with summaries and a retry notice), else the last line.
QString endingLineOf(const QString &log, bool failed)
{
    const QStringList lines = linesOf(log);
    if (failed) {
        static const QStringList errorWords = {QStringLiteral("error"), QStringLiteral("failed"),
            QStringLiteral("refused"), QStringLiteral("timed out"), QStringLiteral("unable"), QStringLiteral("fatal"),
            QStringLiteral("denied"), QStringLiteral("closed")};
        for (const QString &line : lines) {
            const QString lower = line.toLower();
            if (std::any_of(errorWords.cbegin(), errorWords.cend(),
                    [&lower](const QString &word) { return lower.contains(word); })) {
                return line;
            }
        }
    }
    return lines.isEmpty() ? QString() : lines.constLast();
}

// A terminated container state ({exitCode, reason, startedAt, finishedAt}) as the line of its run's end; `log`:
// that run's log when it was read.
void appendRunEnd(QList<TroubleshootTimelineEntry> &entries, TroubleshootTimelineEntry base,
    const QJsonObject &terminated, const QString &log)
{
    const QDateTime finished = timeOf(terminated.value(QStringLiteral("finishedAt")));
    if (!finished.isValid()) {
        return;
    }
    const int exitCode = terminated.value(QStringLiteral("exitCode")).toInt();
    base.time = finished;
    base.warning = exitCode != 0;
    base.reason = exitCode == 0 ? QStringLiteral("MoverSucceeded") : QStringLiteral("MoverFailed");
    const QString line = endingLineOf(log, exitCode != 0);
    const QString how = QStringLiteral("exit code %1%2")
                            .arg(exitCode)
                            .arg(terminated.value(QStringLiteral("reason")).toString().isEmpty()
                                    ? QString()
                                    : QStringLiteral(", ") + terminated.value(QStringLiteral("reason")).toString());
    base.message
        = line.isEmpty() ? QStringLiteral("the mover ended (%1)").arg(how) : QStringLiteral("%1 (%2)").arg(line, how);
    entries.append(base);
}

} // namespace

QList<TroubleshootTimelineEntry> TroubleshootTimeline::eventsOf(const TroubleshootSide &side)
{
    QList<TroubleshootTimelineEntry> entries;
    for (const QJsonObject &json : side.events) {
        const TroubleshootEvent event = TroubleshootEvent::fromJson(json, side.role, side.context);
        TroubleshootTimelineEntry entry
            = entryOf(side, TroubleshootTimelineEntry::Source::Event, event.objectKind, event.objectName);
        entry.time = event.time;
        entry.warning = event.isWarning();
        entry.reason = event.reason;
        entry.message = event.message;
        entry.count = event.count;
        entries.append(entry);
    }
    return entries;
}

QList<TroubleshootTimelineEntry> TroubleshootTimeline::statusOf(const TroubleshootSide &side)
{
    QList<TroubleshootTimelineEntry> entries;
    if (!side.object) {
        return entries;
    }
    const QJsonObject status = side.object->value(QStringLiteral("status")).toObject();
    const TroubleshootTimelineEntry base
        = entryOf(side, TroubleshootTimelineEntry::Source::Status, side.kind, side.name);
    const QDateTime started = timeOf(status.value(QStringLiteral("lastSyncStartTime")));
    if (started.isValid()) {
        TroubleshootTimelineEntry entry = base;
        entry.time = started;
        entry.reason = QStringLiteral("SyncStarted");
        entry.message = QStringLiteral("a sync started");
        entries.append(entry);
    }
    const QDateTime completed = timeOf(status.value(QStringLiteral("lastSyncTime")));
    if (completed.isValid()) {
        TroubleshootTimelineEntry entry = base;
        entry.time = completed;
        entry.reason = QStringLiteral("SyncCompleted");
        const QString duration = status.value(QStringLiteral("lastSyncDuration")).toString();
        const QString image
            = status.value(QStringLiteral("latestImage")).toObject().value(QStringLiteral("name")).toString();
        entry.message = QStringLiteral("a sync completed%1%2")
                            .arg(duration.isEmpty() ? QString() : QStringLiteral(" in ") + duration,
                                image.isEmpty() ? QString() : QStringLiteral(" (image %1)").arg(image));
        entries.append(entry);
    }
    // After the sync's start and end: a condition that changed at the same time changed because of them.
    for (const QJsonValue &value : status.value(QStringLiteral("conditions")).toArray()) {
        const QJsonObject condition = value.toObject();
        TroubleshootTimelineEntry entry = base;
        entry.time = timeOf(condition.value(QStringLiteral("lastTransitionTime")));
        if (!entry.time.isValid()) {
            continue;
        }
        const QString type = condition.value(QStringLiteral("type")).toString();
        const QString reason = condition.value(QStringLiteral("reason")).toString();
        entry.reason = reason.isEmpty() ? type : reason;
        // VolSync's Synchronizing condition turns False with reason Error when a sync fails.
        entry.warning = reason == QLatin1String("Error");
        const QString message = condition.value(QStringLiteral("message")).toString();
        entry.message = QStringLiteral("%1 is %2%3")
                            .arg(type, condition.value(QStringLiteral("status")).toString(),
                                message.isEmpty() ? QString() : QStringLiteral(": ") + message);
        entries.append(entry);
    }
    return entries;
}

QList<TroubleshootTimelineEntry> TroubleshootTimeline::moverRunsOf(const TroubleshootSide &side)
{
    QList<TroubleshootTimelineEntry> entries;
    for (const QJsonObject &pod : side.pods) {
        const QString podName
            = pod.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString();
        const bool logRead = podName == side.moverPod;
        const TroubleshootTimelineEntry base
            = entryOf(side, TroubleshootTimelineEntry::Source::Log, QStringLiteral("Pod"), podName);
        const QJsonArray containers
            = pod.value(QStringLiteral("status")).toObject().value(QStringLiteral("containerStatuses")).toArray();
        for (const QJsonValue &value : containers) {
            const QJsonObject container = value.toObject();
            const QJsonObject state = container.value(QStringLiteral("state")).toObject();
            const QJsonObject running = state.value(QStringLiteral("running")).toObject();
            const QJsonObject terminated = state.value(QStringLiteral("terminated")).toObject();
            const QString log = logRead ? side.moverLog : QString();
            const QDateTime started
                = timeOf(running.contains(QStringLiteral("startedAt")) ? running.value(QStringLiteral("startedAt"))
                                                                       : terminated.value(QStringLiteral("startedAt")));
            if (started.isValid()) {
                TroubleshootTimelineEntry entry = base;
                entry.time = started;
                entry.reason = QStringLiteral("MoverStarted");
                const QStringList lines = linesOf(log);
                entry.message = QStringLiteral("container %1 started%2")
                                    .arg(container.value(QStringLiteral("name")).toString(),
                                        lines.isEmpty() ? QString() : QStringLiteral(": ") + lines.first());
                entries.append(entry);
            }
            if (!terminated.isEmpty()) {
                appendRunEnd(entries, base, terminated, log);
            }
            // The run before a restart in place (its log is the "previous" one).
            const QJsonObject last = container.value(QStringLiteral("lastState"))
                                         .toObject()
                                         .value(QStringLiteral("terminated"))
                                         .toObject();
            if (!last.isEmpty()) {
                appendRunEnd(entries, base, last, logRead ? side.previousMoverLog : QString());
            }
        }
    }
    return entries;
}

QList<TroubleshootTimelineEntry> TroubleshootTimeline::fromSnapshot(const TroubleshootSnapshot &snapshot)
{
    QList<TroubleshootTimelineEntry> entries;
    for (const std::optional<TroubleshootSide> &side : {snapshot.source, snapshot.destination}) {
        if (side) {
            entries += statusOf(*side);
            entries += eventsOf(*side);
            entries += moverRunsOf(*side);
        }
    }
    // One read can hold a line twice (an Event seen through two objects' lists): keep its newest form once.
    return merge({}, entries);
}

void TroubleshootTimeline::sort(QList<TroubleshootTimelineEntry> &entries)
{
    std::stable_sort(entries.begin(), entries.end(),
        [](const TroubleshootTimelineEntry &a, const TroubleshootTimelineEntry &b) { return a.time < b.time; });
}

QList<TroubleshootTimelineEntry> TroubleshootTimeline::merge(const QList<TroubleshootTimelineEntry> &known,
    const QList<TroubleshootTimelineEntry> &fresh, QList<TroubleshootTimelineEntry> *added)
{
    QList<TroubleshootTimelineEntry> merged = known;
    QHash<QString, qsizetype> index;
    for (qsizetype i = 0; i < merged.size(); ++i) {
        index.insert(merged.at(i).identity(), i);
    }
    QList<TroubleshootTimelineEntry> changed;
    for (const TroubleshootTimelineEntry &entry : fresh) {
        const QString identity = entry.identity();
        const auto found = index.constFind(identity);
        if (found == index.constEnd()) {
            index.insert(identity, merged.size());
            merged.append(entry);
            changed.append(entry);
            continue;
        }
        TroubleshootTimelineEntry &old = merged[*found];
        // An Event repeats (its count and last time grow); a run's line gains its log once that is read.
        const bool newer = entry.count > old.count || entry.time > old.time
            || (entry.time == old.time && entry.count == old.count && entry.message.size() > old.message.size());
        if (newer && entry != old) {
            old = entry;
            changed.append(entry);
        }
    }
    sort(merged);
    if (added) {
        sort(changed);
        *added = changed;
    }
    return merged;
}
