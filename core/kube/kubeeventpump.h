// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <chrono>
#include <deque>
#include <functional>

class QTimer;

/// Runs the work of watch events (an event handled, a list applied, a stream's end) on its thread in slices: at
/// most a few milliseconds of it per turn of the event loop, in the order it was posted. A burst of events (the
/// first lists of twenty clusters, a reconnect, a thousand status changes a second) is then handled over several
/// turns, with painting, input and timers in between, instead of freezing the window for the whole burst. All
/// that a consumer does synchronously in its signal handlers counts inside the slice.
///
/// Work posted while the pump is idle and the turn's slice has room runs at once, so that a quiet stream is
/// handled as soon as it arrives (and a consumer sees it in the same turn, as before the pump).
class KubeEventPump : public QObject
{
    Q_OBJECT
public:
    /// The pump of the calling thread (made on first use).
    static KubeEventPump *forCurrentThread();

    /// Runs `work` now if nothing is queued and the current slice has room, otherwise after all the work posted
    /// before it, in a later slice. Work whose `context` is deleted before it runs is dropped.
    void post(QObject *context, std::function<void()> work);

    /// The most work run in one slice, from its first item to the last one started (default 5 ms). An item is
    /// never interrupted: a slice ends after the item that crossed the budget.
    void setSliceBudget(std::chrono::microseconds budget);
    [[nodiscard]] std::chrono::microseconds sliceBudget() const { return mBudget; }

    /// Work waiting for a later slice.
    [[nodiscard]] qsizetype pendingCount() const { return qsizetype(mQueue.size()); }
    /// Slices run since the pump was made (diagnostics and tests).
    [[nodiscard]] int sliceCount() const { return mSliceCount; }

private:
    explicit KubeEventPump(QObject *parent);
    /// Starts a slice if none is open in this turn; false when the open slice is spent.
    bool sliceHasRoom();
    void runSlice();
    void runItem(const QPointer<QObject> &context, const std::function<void()> &work);

    struct Item {
        QPointer<QObject> context;
        std::function<void()> work;
    };
    std::deque<Item> mQueue;
    std::chrono::microseconds mBudget {5000};
    QElapsedTimer mSliceClock;
    QTimer *mNextTurn = nullptr; ///< ends the open slice in the next turn, and runs the next one if work waits
    bool mSliceOpen = false;
    bool mRunning = false; ///< inside an item: work posted now waits its turn, in order
    int mSliceCount = 0;
};
