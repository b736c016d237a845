// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

/// One line of a replication's timeline (TroubleshootTimeline): an Event, a change of the RS/RD's status, or a
/// mover run starting or ending as its pod and log show, on either side. What `volsyncctl replication timeline`
/// prints and the Troubleshoot tab's Timeline shows.
struct TroubleshootTimelineEntry {
    enum class Source {
        Event, ///< a core/v1 or events.k8s.io/v1 Event about an object of the side
        Status, ///< the RS/RD's status: a condition's transition, a sync started or completed
        Log, ///< a mover run started or ended (its container's state), with the line of its log that says how
    };

    QDateTime time; ///< UTC; invalid when the object gives no time (listed first)
    QString role; ///< "source" or "destination"
    QString context;
    Source source = Source::Event;
    bool warning = false; ///< a Warning Event, a failed condition or a failed run
    QString objectKind;
    QString objectName;
    QString reason; ///< an Event's reason, a condition's reason, SyncStarted/SyncCompleted, MoverStarted/...
    QString message;
    int count = 1; ///< how often an Event was seen

    /// "event", "status" or "log".
    [[nodiscard]] static QString sourceName(Source source);
    /// What makes two reads of one line the same line: an Event by its side, object, reason and message (its
    /// count and time change as it repeats); a status or log line by its side, object, reason and time.
    [[nodiscard]] QString identity() const;
    /// "2026-12-06T16:34:12Z  kind  status  Warning  Error  ReplicationSource/x  message (x3)".
    [[nodiscard]] QString text() const;

    bool operator==(const TroubleshootTimelineEntry &) const = default;
};
