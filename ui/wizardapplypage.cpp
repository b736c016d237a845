// SPDX-License-Identifier: GPL-3.0-or-later
#include "wizardapplypage.h"

#include "engine/draftfinding.h"
#include "engine/operationtracker.h"
#include "engine/replicationengine.h"
#include "engine/replicationsetupjob.h"
#include "setupwizard.h"
#include "statusstyle.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

WizardApplyPage::WizardApplyPage(QWidget *parent)
    : QWizardPage(parent)
{
    setObjectName(QStringLiteral("wizardApplyPage"));
    setTitle(tr("Setting up"));
    setSubTitle(tr("Each step is shown as it happens. Cancelling leaves everything consistent; retrying "
                   "continues where it stopped."));
    mSteps = new QListWidget(this);
    mSteps->setObjectName(QStringLiteral("applySteps"));
    mStatus = new QLabel(this);
    mStatus->setObjectName(QStringLiteral("applyStatus"));
    mStatus->setWordWrap(true);
    mStatus->setTextFormat(Qt::RichText);
    mCancel = new QPushButton(tr("&Cancel Setup"), this);
    mCancel->setObjectName(QStringLiteral("applyCancelButton"));
    mRetry = new QPushButton(tr("&Retry from Here"), this);
    mRetry->setObjectName(QStringLiteral("applyRetryButton"));
    mRetry->setVisible(false);
    connect(mCancel, &QPushButton::clicked, this, &WizardApplyPage::cancel);
    connect(mRetry, &QPushButton::clicked, this, &WizardApplyPage::retry);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(mRetry);
    buttons->addWidget(mCancel);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(mSteps, 1);
    layout->addWidget(mStatus);
    layout->addLayout(buttons);
}

void WizardApplyPage::initializePage()
{
    if (mStarted) {
        return;
    }
    mStarted = true;
    mStage = 0;
    startJob();
}

void WizardApplyPage::cleanupPage()
{
    // No going back once started (the Review page is the commit page).
}

bool WizardApplyPage::isComplete() const
{
    return mDone;
}

void WizardApplyPage::startJob()
{
    auto *w = qobject_cast<SetupWizard *>(wizard());
    if (!w->engine() || !w->tracker()) {
        return;
    }
    mError.clear();
    mCancel->setEnabled(true);
    mCancel->setVisible(true);
    mRetry->setVisible(false);
    ReplicationSetupJob *job = w->engine()->setUp(*w->draft(), mStage);
    connect(job, &ReplicationSetupJob::stageStarted, this, [this, job](int index, ReplicationSetupJob::Stage stage) {
        mStage = index;
        mCurrentItem = new QListWidgetItem(StatusStyle::icon(StatusStyle::Kind::Busy), job->stageTitle(stage), mSteps);
        mSteps->scrollToItem(mCurrentItem);
        mStatus->setText(
            StatusStyle::badgeHtml(StatusStyle::Kind::Busy, job->stageTitle(stage) + QStringLiteral("…"), palette()));
    });
    connect(job, &ReplicationSetupJob::stageFinished, this, [this](int, ReplicationSetupJob::Stage, bool ok) {
        if (mCurrentItem) {
            mCurrentItem->setIcon(StatusStyle::icon(ok ? StatusStyle::Kind::Ok : StatusStyle::Kind::Error));
        }
    });
    // The page shows the steps; the tracker alone writes them to the activity log.
    connect(job, &ReplicationJob::progress, this, [this](ReplicationJob::Step, const QString &message) {
        auto *item = new QListWidgetItem(QStringLiteral("    ") + message, mSteps);
        item->setForeground(palette().color(QPalette::PlaceholderText));
        mSteps->scrollToItem(item);
    });
    connect(job, &ReplicationJob::objectChanged, this, [this](const ObjectResult &object) {
        auto *item = new QListWidgetItem(QStringLiteral("    ") + object.toString(), mSteps);
        item->setIcon(StatusStyle::icon(
            object.action == ObjectResult::Action::Failed ? StatusStyle::Kind::Error : StatusStyle::Kind::Ok));
        mSteps->scrollToItem(item);
    });
    // The job's stage where a retry resumes, read before the tracker lets the job go.
    connect(job, &ReplicationJob::finished, this, [this, job]() { mStage = job->currentStage(); });
    OperationTracker *tracker = w->tracker();
    connect(tracker, &OperationTracker::finished, this, &WizardApplyPage::operationFinished, Qt::UniqueConnection);
    const QString name = w->relationshipName();
    mOperation = tracker->run(job, OperationTracker::Kind::Setup, name, tr("Setting up %1").arg(name));
    mLastOperation = mOperation;
}

void WizardApplyPage::operationFinished(int id, const ReplicationResult &result)
{
    if (id != mOperation || id == 0) {
        return;
    }
    mOperation = 0;
    auto *w = qobject_cast<SetupWizard *>(wizard());
    const QString name = w->relationshipName();
    if (result.ok()) {
        mDone = true;
        mCancel->setVisible(false);
        mRetry->setVisible(false);
        mStatus->setText(StatusStyle::badgeHtml(StatusStyle::Kind::Ok,
            tr("%1 is set up. Click Finish to watch it on the dashboard.").arg(name), palette()));
        Q_EMIT completeChanged();
        Q_EMIT w->relationshipCreated(name);
        Q_EMIT applyFinished(true);
        return;
    }
    mError = result.status == ReplicationResult::Status::Cancelled
        ? tr("Cancelled. What was done so far is consistent; Retry from Here continues.")
        : DraftFinding::sentence(result.error);
    if (mCurrentItem) {
        mCurrentItem->setIcon(StatusStyle::icon(StatusStyle::Kind::Error));
    }
    mStatus->setText(StatusStyle::badgeHtml(StatusStyle::Kind::Error, mError, palette()));
    mCancel->setVisible(false);
    mRetry->setVisible(true);
    mRetry->setFocus();
    Q_EMIT applyFinished(false);
}

void WizardApplyPage::retry()
{
    if (isRunning() || mDone) {
        return;
    }
    startJob();
}

void WizardApplyPage::cancel()
{
    auto *w = qobject_cast<SetupWizard *>(wizard());
    if (mOperation != 0 && w->tracker()) {
        mCancel->setEnabled(false);
        w->tracker()->cancel(mOperation);
    }
}
