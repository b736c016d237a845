// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simpodlogs.h"

#include "sim/simstore.h"

namespace {
// A kubelet rotates container logs at 10 MiB; the simulator keeps at most this much per container run.
constexpr qsizetype kMaxLogBytes = 10 * 1024 * 1024;
} // namespace

SimPodLogs::SimPodLogs(QObject *parent)
    : QObject(parent)
{ }

SimPodLogs *SimPodLogs::of(SimStore *store)
{
    auto *logs = store->findChild<SimPodLogs *>(QString(), Qt::FindDirectChildrenOnly);
    if (!logs) {
        logs = new SimPodLogs(store);
        connect(
            store, &SimStore::changed, logs, [logs](const QString &resource, SimEventType type, const QJsonObject &o) {
                if (type == SimEventType::Deleted && resource == QLatin1String("pods")) {
                    const QJsonObject meta = o.value(QStringLiteral("metadata")).toObject();
                    logs->removePod(meta.value(QStringLiteral("namespace")).toString(),
                        meta.value(QStringLiteral("name")).toString());
                }
            });
    }
    return logs;
}

QString SimPodLogs::key(const QString &ns, const QString &pod, const QString &container)
{
    return ns + QLatin1Char('/') + pod + QLatin1Char('/') + container;
}

void SimPodLogs::append(const QString &ns, const QString &pod, const QString &container, const QByteArray &text)
{
    ContainerLog &log = mLogs[key(ns, pod, container)];
    log.running = true;
    log.current.append(text);
    if (log.current.size() > kMaxLogBytes) {
        log.current.remove(0, log.current.size() - kMaxLogBytes);
    }
    Q_EMIT appended(ns, pod, container, text);
}

void SimPodLogs::terminate(const QString &ns, const QString &pod, const QString &container)
{
    ContainerLog &log = mLogs[key(ns, pod, container)];
    log.running = false;
    Q_EMIT terminated(ns, pod, container);
}

void SimPodLogs::restart(const QString &ns, const QString &pod, const QString &container)
{
    ContainerLog &log = mLogs[key(ns, pod, container)];
    log.previous = log.current;
    log.current.clear();
    log.running = true;
}

void SimPodLogs::removePod(const QString &ns, const QString &pod)
{
    const QString prefix = ns + QLatin1Char('/') + pod + QLatin1Char('/');
    for (auto it = mLogs.begin(); it != mLogs.end();) {
        it = it.key().startsWith(prefix) ? mLogs.erase(it) : std::next(it);
    }
    Q_EMIT podRemoved(ns, pod);
}

bool SimPodLogs::hasLog(const QString &ns, const QString &pod, const QString &container, bool previous) const
{
    const auto it = mLogs.constFind(key(ns, pod, container));
    return it != mLogs.cend() && (!previous || it->previous.has_value());
}

bool SimPodLogs::isRunning(const QString &ns, const QString &pod, const QString &container) const
{
    const auto it = mLogs.constFind(key(ns, pod, container));
    return it != mLogs.cend() && it->running;
}

QByteArray SimPodLogs::tail(const QByteArray &text, qint64 lines)
{
    if (lines < 0) {
        return text;
    }
    if (lines == 0) {
        return {};
    }
    // Count line ends from the back; a last line without "\n" counts as a line.
    qsizetype pos = text.size();
    if (pos > 0 && text.at(pos - 1) == '\n') {
        --pos;
    }
    qint64 seen = 0;
    while (pos > 0) {
        const qsizetype newline = text.lastIndexOf('\n', pos - 1);
        ++seen;
        if (seen == lines || newline < 0) {
            return seen == lines ? text.mid(newline + 1) : text;
        }
        pos = newline;
    }
    return text;
}

QByteArray SimPodLogs::read(const QString &ns, const QString &pod, const SimPodLogOptions &options) const
{
    const auto it = mLogs.constFind(key(ns, pod, options.container));
    if (it == mLogs.cend()) {
        return {};
    }
    QByteArray text = options.previous ? it->previous.value_or(QByteArray()) : it->current;
    if (options.tailLines) {
        text = tail(text, *options.tailLines);
    }
    if (options.limitBytes && text.size() > *options.limitBytes) {
        text.truncate(qsizetype(*options.limitBytes));
    }
    return text;
}
