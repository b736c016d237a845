// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/disasterrecoveryhistory.h"
#include "engine/replicationstatus.h"
#include "engine/restorepoint.h"

#include <QGroupBox>
#include <QPointer>

class OperationTracker;
class QLabel;
class QPushButton;
class QTreeWidget;
class ReplicationEngine;
struct ReplicationResult;

/// The dashboard's disaster-recovery section for one relationship: Fail Over… / Test Failover… / End Test /
/// Fail Back…, a line saying that it failed over (when, to where, data age) or that a test runs, and the
/// restore points (the destination's snapshots) with Keep and Release. What it shows comes from the live status
/// (our annotations on the ReplicationDestination) and from one engine job (RestorePointsJob: the snapshots, and
/// the history read off the GUI thread); every action is an engine job run through the OperationTracker; the
/// dialogs are FailoverDialog and FailbackDialog.
class DisasterRecoveryPanel : public QGroupBox
{
    Q_OBJECT
public:
    DisasterRecoveryPanel(OperationTracker *tracker, QWidget *parent = nullptr);
    ~DisasterRecoveryPanel() override;

    void setEngine(ReplicationEngine *engine);
    void setRelationship(const QString &name);
    /// The relationship's live status (what enables Fail Back and End Test).
    void setStatus(const ReplicationStatus &status);
    /// Lists the restore points and reads the history again (an engine job).
    void refresh();

    [[nodiscard]] RestorePoints restorePoints() const { return mPoints; }
    [[nodiscard]] QString failedOverText() const;

Q_SIGNALS:
    void restorePointsLoaded();

private:
    void openFailover(bool test);
    void openFailback();
    void endTest();
    void keepOrRelease(bool keep);
    void onOperationFinished(int id, const ReplicationResult &result);
    void showState();
    void updateButtons();

    QPointer<ReplicationEngine> mEngine;
    OperationTracker *mTracker = nullptr;
    QString mName;
    ReplicationStatus mStatus;
    QList<DisasterRecoveryRecord> mHistory;
    QLabel *mStateLine = nullptr;
    QPushButton *mFailoverButton = nullptr;
    QPushButton *mTestButton = nullptr;
    QPushButton *mEndTestButton = nullptr;
    QPushButton *mFailbackButton = nullptr;
    QTreeWidget *mPointsView = nullptr;
    QPushButton *mKeepButton = nullptr;
    QPushButton *mReleaseButton = nullptr;
    int mListOperation = 0;
    QList<int> mChanges; ///< end-test, keep, release: list again when they end
    RestorePoints mPoints;
};
