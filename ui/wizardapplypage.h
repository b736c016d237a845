// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPointer>
#include <QWizardPage>

class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class ReplicationJob;

/// Wizard page 7: applies the relationship with the engine's jobs (create, set-source, set-destination,
/// schedule; the namespace first when it is to be created), showing each step live. Cancel stops; after a
/// failure "Retry from here" resumes at the failed step (the engine's operations complete a half-done run).
class WizardApplyPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit WizardApplyPage(QWidget *parent = nullptr);

    void initializePage() override;
    [[nodiscard]] bool isComplete() const override;
    void cleanupPage() override;

    [[nodiscard]] bool isRunning() const;
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
    enum class Stage { CreateNamespace, Create, SetSource, SetDestination, Schedule, Done };
    void runStage();
    void runJob(ReplicationJob *job);
    void stageDone();
    void stageFailed(const QString &error);
    [[nodiscard]] QString stageTitle(Stage stage) const;

    QListWidget *mSteps = nullptr;
    QLabel *mStatus = nullptr;
    QPushButton *mCancel = nullptr;
    QPushButton *mRetry = nullptr;
    QList<Stage> mStages;
    int mIndex = 0;
    QListWidgetItem *mCurrentItem = nullptr;
    QPointer<ReplicationJob> mJob;
    bool mStarted = false;
    bool mBusy = false;
    bool mDone = false;
    QString mError;
};
