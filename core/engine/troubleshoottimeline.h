// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "troubleshoottimelineentry.h"

#include <QList>

struct TroubleshootSide;
struct TroubleshootSnapshot;

/// One timeline of both sides of a replication, oldest first: the Events of every object the troubleshooter
/// read, the status transitions of the RS/RD (each condition's lastTransitionTime, lastSyncStartTime,
/// lastSyncTime), and the mover runs (each container start and end of the mover pods, with the log line that
/// says how it ended). A snapshot shows only the latest transition of each condition and the pods that still
/// exist, so a live view merges each new read into what it has (merge()), and keeps what went before.
class TroubleshootTimeline
{
public:
    /// Every line of `snapshot`, both sides interleaved by time (oldest first).
    [[nodiscard]] static QList<TroubleshootTimelineEntry> fromSnapshot(const TroubleshootSnapshot &snapshot);
    /// The Events of one side.
    [[nodiscard]] static QList<TroubleshootTimelineEntry> eventsOf(const TroubleshootSide &side);
    /// The status transitions of one side's RS/RD.
    [[nodiscard]] static QList<TroubleshootTimelineEntry> statusOf(const TroubleshootSide &side);
    /// The mover runs of one side (from its pods' container states and the log read of the newest pod).
    [[nodiscard]] static QList<TroubleshootTimelineEntry> moverRunsOf(const TroubleshootSide &side);

    /// `known` with `fresh` merged in, oldest first: a line already known (same identity()) is kept once, in its
    /// newest form (an Event's count and time, a run's log line); `added` gets the lines that are new or
    /// changed, oldest first.
    [[nodiscard]] static QList<TroubleshootTimelineEntry> merge(const QList<TroubleshootTimelineEntry> &known,
        const QList<TroubleshootTimelineEntry> &fresh, QList<TroubleshootTimelineEntry> *added = nullptr);

    /// Sorts by time (stable: lines of one time keep their order).
    static void sort(QList<TroubleshootTimelineEntry> &entries);
};
