// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleetnotifier.h"

#include <QTimer>

#include <algorithm>

FleetNotifier::FleetNotifier(QObject *parent)
    : QObject(parent)
    , mClock([] { return QDateTime::currentDateTimeUtc(); })
    , mFlushTimer(new QTimer(this))
{
    mFlushTimer->setSingleShot(true);
    connect(mFlushTimer, &QTimer::timeout, this, &FleetNotifier::flush);
}

void FleetNotifier::setWindowMs(int ms)
{
    mWindowMs = ms;
    if (mFlushTimer->isActive())
        scheduleFlush();
}

void FleetNotifier::scheduleFlush()
{
    const QDateTime now = mClock();
    const qint64 wait = mRecent.isEmpty() ? 0 : std::max<qint64>(0, mWindowMs - mRecent.constFirst().msecsTo(now));
    mFlushTimer->start(int(std::min<qint64>(wait, mWindowMs)));
}

void FleetNotifier::setMuted(const QString &key, bool muted)
{
    if (muted)
        mMuted.insert(key);
    else
        mMuted.remove(key);
}

void FleetNotifier::add(const FleetTransition &transition)
{
    if (mMuted.contains(transition.entry.key))
        return;
    const QDateTime now = mClock();
    mRecent.erase(std::remove_if(mRecent.begin(), mRecent.end(),
                      [&](const QDateTime &time) { return time.msecsTo(now) >= mWindowMs; }),
        mRecent.end());
    if (mRecent.size() < kBurst && mHeld.isEmpty()) {
        mRecent.append(now);
        // The title names the entry and its state; the text says why (the transition's message says both, for
        // one line in a log or a webhook).
        const QString reason = transition.entry.health.reason;
        const QString title = transition.isRecovery()
            ? tr("%1 recovered").arg(transition.entry.name)
            : tr("%1 is %2").arg(transition.entry.name, RpoHealth::stateName(transition.to));
        const QString text = transition.isRecovery()
            ? (reason.isEmpty() ? tr("was %1").arg(RpoHealth::stateName(transition.from))
                                : tr("was %1; %2").arg(RpoHealth::stateName(transition.from), reason))
            : reason;
        Q_EMIT notified(title, text, !transition.isRecovery());
        return;
    }
    // A storm: hold it and tell the rest as one when the oldest of the burst leaves the window.
    mHeld.append(transition);
    if (!mFlushTimer->isActive())
        scheduleFlush();
}

void FleetNotifier::flush()
{
    // Muted meanwhile: not told.
    mHeld.erase(std::remove_if(mHeld.begin(), mHeld.end(),
                    [this](const FleetTransition &t) { return mMuted.contains(t.entry.key); }),
        mHeld.end());
    // Each entry told once, by its latest change (late, then critical within the minute: "is critical").
    QList<FleetTransition> latest;
    for (auto it = mHeld.crbegin(); it != mHeld.crend(); ++it) {
        if (std::none_of(latest.cbegin(), latest.cend(),
                [&it](const FleetTransition &t) { return t.entry.key == it->entry.key; }))
            latest.prepend(*it);
    }
    mHeld = latest;
    if (mHeld.isEmpty())
        return;
    QStringList lines;
    bool alarming = false;
    for (const FleetTransition &t : std::as_const(mHeld)) {
        alarming = alarming || !t.isRecovery();
        lines.append(t.isRecovery() ? tr("%1 recovered").arg(t.entry.name)
                                    : tr("%1 is %2").arg(t.entry.name, RpoHealth::stateName(t.to)));
    }
    const int count = int(mHeld.size());
    mHeld.clear();
    mRecent = {mClock()};
    // (No translation resolves "%n …(s)": the plural is chosen here.)
    Q_EMIT notified(count == 1 ? tr("1 more replication change") : tr("%1 more replication changes").arg(count),
        lines.join(QLatin1Char('\n')), alarming);
}
