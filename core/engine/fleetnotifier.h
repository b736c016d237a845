// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fleettransition.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QSet>
#include <QStringList>

#include <functional>

class QTimer;

/// Turns the fleet's transitions into notifications a person can bear: one per transition, never a storm. Within
/// a minute the first three are told one by one; the ones after that are held and told as one summary when the
/// minute is over ("5 more changes: a is late, b is failing, …"), each entry once by its latest change. Muted
/// entries (by FleetEntry::key) are never told. The GUI shows notified() in the tray and the status bar; the webhook
/// sends the same transitions.
class FleetNotifier : public QObject
{
    Q_OBJECT
public:
    static constexpr int kBurst = 3;
    static constexpr int kWindowMs = 60000;

    explicit FleetNotifier(QObject *parent = nullptr);

    /// For tests: the clock (default: this computer's, UTC) and the window.
    void setClock(std::function<QDateTime()> clock) { mClock = std::move(clock); }
    /// A summary already held is told when the new window says (a shorter window tells it sooner).
    void setWindowMs(int ms);

    void setMuted(const QSet<QString> &keys) { mMuted = keys; }
    [[nodiscard]] QSet<QString> muted() const { return mMuted; }
    void setMuted(const QString &key, bool muted);
    [[nodiscard]] bool isMuted(const QString &key) const { return mMuted.contains(key); }

    /// Tells `transition` now, holds it for the summary, or drops it when muted.
    void add(const FleetTransition &transition);

Q_SIGNALS:
    /// `title` is short ("orders is late"), `message` the details; `alarming` false for a recovery or a summary
    /// of recoveries only.
    void notified(const QString &title, const QString &message, bool alarming);

private:
    void flush();
    /// Starts (or restarts) the timer of the held summary: when the oldest of the burst leaves the window.
    void scheduleFlush();

    std::function<QDateTime()> mClock;
    int mWindowMs = kWindowMs;
    QSet<QString> mMuted;
    QList<QDateTime> mRecent; ///< when the last notifications were told (within the window)
    QList<FleetTransition> mHeld;
    QTimer *mFlushTimer = nullptr;
};
