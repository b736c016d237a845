// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/restorepoint.h"

#include <QGroupBox>
#include <QPointer>

class OperationTracker;
class QLabel;
class QPushButton;
class QTreeWidget;
class ReplicationEngine;
struct ReplicationResult;

/// The dashboard's disaster-recovery section for one relationship: Fail Over… / Test Failover… / End Test, a
/// "failed over" badge and line after a failover (from the engine's DisasterRecoveryHistory, not an error), and
/// the restore points (the destination's snapshots) with Keep and Release. Every action is an engine job run
/// through the OperationTracker; the dialogs are FailoverDialog.
class DisasterRecoveryPanel : public QGroupBox
{
    Q_OBJECT
public:
    DisasterRecoveryPanel(OperationTracker *tracker, QWidget *parent = nullptr);
    ~DisasterRecoveryPanel() override;

    void setEngine(ReplicationEngine *engine);
    void setRelationship(const QString &name);
    /// Reads the history and lists the restore points again.
    void refresh();

    [[nodiscard]] RestorePoints restorePoints() const { return mPoints; }
    [[nodiscard]] QString failedOverText() const;

Q_SIGNALS:
    void restorePointsLoaded();

private:
    void openFailover(bool test);
    void endTest();
    void keepOrRelease(bool keep);
    void onOperationFinished(int id, const ReplicationResult &result);
    void updateButtons();

    QPointer<ReplicationEngine> mEngine;
    OperationTracker *mTracker = nullptr;
    QString mName;
    QLabel *mFailedOver = nullptr;
    QPushButton *mFailoverButton = nullptr;
    QPushButton *mTestButton = nullptr;
    QPushButton *mEndTestButton = nullptr;
    QTreeWidget *mPointsView = nullptr;
    QPushButton *mKeepButton = nullptr;
    QPushButton *mReleaseButton = nullptr;
    int mListOperation = 0;
    QList<int> mChanges; ///< end-test, keep, release: list again when they end
    RestorePoints mPoints;
};
