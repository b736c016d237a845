// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/replicationsetupjob.h"

#include <QPointer>
#include <QWizardPage>

class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;

/// Wizard page 7: starts the engine's ReplicationSetupJob for the draft and shows its stages and steps live.
/// Cancel stops; after a failure "Retry from here" starts the job again at the failed stage.
class WizardApplyPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit WizardApplyPage(QWidget *parent = nullptr);

    void initializePage() override;
    [[nodiscard]] bool isComplete() const override;
    void cleanupPage() override;

    [[nodiscard]] bool isRunning() const { return mJob != nullptr; }
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
    void jobFinished();

    QListWidget *mSteps = nullptr;
    QLabel *mStatus = nullptr;
    QPushButton *mCancel = nullptr;
    QPushButton *mRetry = nullptr;
    int mStage = 0; ///< where the next job starts (the failed stage after a failure)
    QListWidgetItem *mCurrentItem = nullptr;
    QPointer<ReplicationSetupJob> mJob;
    bool mStarted = false;
    bool mDone = false;
    QString mError;
};
