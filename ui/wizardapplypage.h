// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/replicationsetupjob.h"

#include <QPointer>
#include <QWizardPage>

class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;

/// Wizard page 7: runs the engine's ReplicationSetupJob for the draft through the wizard's OperationTracker (which
/// logs it once, and lists the relationship as Setting up meanwhile) and shows its stages and steps live.
/// Cancel stops; after a failure "Retry from here" starts the job again at the failed stage.
class WizardApplyPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit WizardApplyPage(QWidget *parent = nullptr);

    void initializePage() override;
    [[nodiscard]] bool isComplete() const override;
    void cleanupPage() override;

    [[nodiscard]] bool isRunning() const { return mOperation != 0; }
    /// The tracker's id of the running (or last) setup operation, 0 before the first.
    [[nodiscard]] int operationId() const { return mLastOperation; }
    [[nodiscard]] bool isDone() const { return mDone; }
    [[nodiscard]] bool hasFailed() const { return !mError.isEmpty(); }
    [[nodiscard]] QString errorText() const { return mError; }
    /// Runs (again) from the failed step.
    void retry();
    void cancel();

Q_SIGNALS:
    /// Every step done (`ok`), or a step failed or was cancelled.
    void applyFinished(bool ok);

private:
    void startJob();
    void operationFinished(int id, const ReplicationResult &result);

    QListWidget *mSteps = nullptr;
    QLabel *mStatus = nullptr;
    QPushButton *mCancel = nullptr;
    QPushButton *mRetry = nullptr;
    int mStage = 0; ///< where the next job starts (the failed stage after a failure)
    QListWidgetItem *mCurrentItem = nullptr;
    int mOperation = 0; ///< the running setup's id in the tracker
    int mLastOperation = 0;
    bool mStarted = false;
    bool mDone = false;
    QString mError;
};
