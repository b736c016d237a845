// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/replicationstatus.h"

#include <QHash>
#include <QModelIndex>
#include <QPointer>
#include <QWidget>

class DisasterRecoveryPanel;
class OperationTracker;
class QFormLayout;
class QGroupBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTableWidget;
class QTimer;
class QVBoxLayout;
class RelationshipsModel;
class ReplicationEngine;
class SparklineWidget;
struct ReplicationFix;
struct ReplicationResult;
class VolumeCapacityView;

/// The dashboard of one relationship: its sides, live conditions, timings with a countdown, latest image,
/// mover result and logs, the schedule in words, a chart of recent syncs and the problems found, with
/// Sync now (keeps the schedule), progress, cancel and result. A thin view over RelationshipsModel's
/// live status; its buttons start engine operations through the OperationTracker, which owns them.
class DashboardWidget : public QWidget
{
    Q_OBJECT
public:
    explicit DashboardWidget(OperationTracker *tracker, QWidget *parent = nullptr);
    ~DashboardWidget() override;

    /// Both may be nullptr (while the session is rebuilt).
    void setEngine(ReplicationEngine *engine, RelationshipsModel *model);
    void setRelationship(const QString &name);
    [[nodiscard]] QString relationship() const { return mName; }

    /// Whether Sync now is possible; `reason` says why not.
    [[nodiscard]] bool canSync(QString *reason = nullptr) const;
    /// Starts a manual sync that keeps the schedule.
    void syncNow();
    /// Cancels the running sync (what is done so far stays consistent).
    void cancelSync();
    [[nodiscard]] bool isSyncRunning() const;

Q_SIGNALS:
    void scheduleEditRequested();
    void deleteRequested();
    void newRelationshipRequested();
    /// Open the setup wizard on the existing relationship `name` (to finish or change it).
    void setUpRequested(const QString &name);
    void yamlRequested();
    /// The badge's link of a failing relationship: show its Troubleshoot tab.
    void troubleshootRequested();
    /// A sync started or ended (the window updates its actions).
    void syncStateChanged();
    /// A manual sync ended: `ok`, and a one-line summary.
    void syncFinished(const QString &name, bool ok, const QString &summary);

private:
    void buildUi();
    QWidget *buildEmptyPage();
    QLayout *buildHeader();
    QWidget *buildProgressRow();
    QLayout *buildSideCards();
    QWidget *buildTimingCard();
    QWidget *buildConditionsCard();
    QWidget *buildMoverCard();

    void refresh();
    void refreshBadge(const QModelIndex &index);
    void refreshProblems(const ReplicationRelationship &rel, const QString &fileError);
    void refreshSides(const ReplicationRelationship &rel);
    void refreshTimings(const ReplicationRelationship &rel);
    void refreshConditions();
    void refreshMover();
    void refreshCountdown();
    /// The conditions' Age column, every second like the countdown.
    void refreshAges();
    void refreshHistory();
    void updateButtons();
    void applyFix(const ReplicationFix &fix);
    void togglePaused();
    void onOperationFinished(int id, const ReplicationResult &result);
    /// The running Sync now of the shown relationship (0: none).
    [[nodiscard]] int syncOperation() const;
    QLabel *addField(QFormLayout *form, const QString &label, const QString &objectName);

    OperationTracker *mTracker = nullptr;
    QPointer<ReplicationEngine> mEngine;
    QPointer<RelationshipsModel> mModel;
    QString mName;
    VolumeCapacityView *mCapacity = nullptr;
    ReplicationStatus mStatus;
    /// Per relationship: the status when a fix was applied, until VolSync reports a new result.
    QHash<QString, ReplicationStatus> mFixApplied;
    QTimer *mTick = nullptr;

    QStackedWidget *mStack = nullptr;
    QWidget *mEmptyPage = nullptr;
    QWidget *mPage = nullptr;
    QLabel *mTitle = nullptr;
    QLabel *mBadge = nullptr;
    QPushButton *mSyncButton = nullptr;
    QPushButton *mScheduleButton = nullptr;
    QPushButton *mPauseButton = nullptr;
    QPushButton *mYamlButton = nullptr;
    QPushButton *mDeleteButton = nullptr;
    QLabel *mSyncReason = nullptr;
    QWidget *mProgressRow = nullptr;
    QProgressBar *mProgress = nullptr;
    QLabel *mProgressStep = nullptr;
    QLabel *mProgressElapsed = nullptr;
    QPushButton *mCancelButton = nullptr;
    QLabel *mSyncResult = nullptr;
    QLabel *mFixNote = nullptr;
    QGroupBox *mProblemsBox = nullptr;
    QVBoxLayout *mProblemsLayout = nullptr;
    QLabel *mSourceCluster = nullptr;
    QLabel *mSourceNamespace = nullptr;
    QLabel *mSourcePvc = nullptr;
    QLabel *mSourceCopyMethod = nullptr;
    QLabel *mSourceClasses = nullptr;
    QLabel *mDestinationCluster = nullptr;
    QLabel *mDestinationNamespace = nullptr;
    QLabel *mDestinationName = nullptr;
    QLabel *mDestinationCopyMethod = nullptr;
    QLabel *mDestinationClasses = nullptr;
    QLabel *mDestinationService = nullptr;
    QLabel *mDestinationAddress = nullptr;
    QLabel *mSchedule = nullptr;
    QLabel *mLastSync = nullptr;
    QLabel *mDuration = nullptr;
    QLabel *mNextSync = nullptr;
    QLabel *mLastManual = nullptr;
    QLabel *mLatestImage = nullptr;
    QLabel *mHistorySummary = nullptr;
    SparklineWidget *mChart = nullptr;
    QTableWidget *mConditions = nullptr;
    QLabel *mMoverResult = nullptr;
    QPlainTextEdit *mMoverLogs = nullptr;
    DisasterRecoveryPanel *mDisasterRecovery = nullptr;
};
