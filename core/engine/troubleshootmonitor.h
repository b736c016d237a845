// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "replicationfinding.h"
#include "troubleshootcollector.h"
#include "troubleshootevent.h"
#include "troubleshoottimelineentry.h"

#include <QHash>
#include <QObject>
#include <QPointer>

class KubeInformerView;
class KubeSession;
class MoverLogFollower;
class QTimer;

/// The live troubleshooter of one relationship (or one unmanaged RS/RD): reads both sides with a
/// TroubleshootCollector, diagnoses them (ReplicationDiagnosis) and reads again whenever an Event of either
/// side's namespace changes (the session's shared Event informers, one watch per cluster), every
/// refreshIntervalMs() and on refresh(); follows each side's mover log (MoverLogFollower) for as long as it
/// runs; writes support bundles on a worker thread. What the Troubleshoot tab and `events --watch` show.
class TroubleshootMonitor : public QObject
{
    Q_OBJECT
public:
    TroubleshootMonitor(KubeSession *session, const QList<TroubleshootTarget> &targets, QObject *parent = nullptr);
    ~TroubleshootMonitor() override;

    /// The relationship the targets are of: its fixes apply it again with `schedule`; `filePath` goes into
    /// support bundles.
    void setRelationship(const QString &name, const QString &schedule, const QString &filePath);
    /// How often to read again without an Event (default 15 s; 0: only on Events and refresh()).
    void setRefreshIntervalMs(int milliseconds);
    /// Whether to follow the mover logs (default true), and how many lines of a log to show first (500).
    void setFollowLogs(bool follow, qint64 tailLines = 500);

    void start();
    /// Reads both sides again now (or once the read under way ends).
    void refresh();

    [[nodiscard]] bool hasSnapshot() const { return mHasSnapshot; }
    [[nodiscard]] const TroubleshootSnapshot &snapshot() const { return mSnapshot; }
    [[nodiscard]] const ReplicationFindings &findings() const { return mFindings; }
    [[nodiscard]] const QList<TroubleshootEvent> &events() const { return mEvents; }
    /// Both sides' Events, status transitions and mover runs since start(), oldest first: each read is merged
    /// into what was seen before (TroubleshootTimeline::merge), so a transition stays after the status moved on.
    [[nodiscard]] const QList<TroubleshootTimelineEntry> &timeline() const { return mTimeline; }
    [[nodiscard]] bool isReading() const { return mCollector != nullptr; }

    /// Writes a support bundle of the latest snapshot and findings to `path` on a worker thread (the
    /// relationship file is read there too); bundleWritten() tells the outcome. `activityLog`: the app's
    /// activity log as text (already scrubbed; redacted again in the bundle).
    void saveBundle(const QString &path, const QByteArray &activityLog, const QString &appVersion);

Q_SIGNALS:
    /// A new snapshot was read: findings() and events() are up to date.
    void updated();
    /// Events that were not in the previous snapshot (oldest first).
    void eventsAdded(const QList<TroubleshootEvent> &events);
    /// Lines of the timeline that are new or changed since the previous read (oldest first).
    void timelineAdded(const QList<TroubleshootTimelineEntry> &entries);
    /// The next piece of the mover log of side `role` ("source" or "destination").
    void logText(const QString &role, const QString &text);
    /// A new run of the mover of side `role` is followed: `pod` and its container's restart count.
    void logRunStarted(const QString &role, const QString &pod, int restartCount);
    /// A support bundle was written (`error` empty) or could not be.
    void bundleWritten(const QString &path, const QString &error);

private:
    void collect();
    void onCollected();
    void followLogs();
    void watchEvents();

    QPointer<KubeSession> mSession;
    QList<TroubleshootTarget> mTargets;
    QString mRelationship;
    QString mSchedule;
    QString mFilePath;
    QPointer<TroubleshootCollector> mCollector;
    bool mAgain = false;
    bool mStarted = false;
    bool mHasSnapshot = false;
    TroubleshootSnapshot mSnapshot;
    ReplicationFindings mFindings;
    QList<TroubleshootEvent> mEvents;
    QList<TroubleshootTimelineEntry> mTimeline;
    QTimer *mPeriodic = nullptr;
    QTimer *mDebounce = nullptr; ///< Events come in bursts: one read for a burst
    bool mFollowLogs = true;
    qint64 mTailLines = 500;
    QHash<QString, QPointer<MoverLogFollower>> mFollowers; ///< by role
    QList<KubeInformerView *> mEventViews;
};
