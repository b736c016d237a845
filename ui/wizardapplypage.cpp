// SPDX-License-Identifier: GPL-3.0-or-later
#include "wizardapplypage.h"

#include "clusterlistloader.h"
#include "engine/replicationengine.h"
#include "engine/replicationjob.h"
#include "kube/kubeclient.h"
#include "kube/kubereply.h"
#include "kube/kuberesource.h"
#include "kube/kubesession.h"
#include "models/activitylogmodel.h"
#include "setupwizard.h"
#include "statusstyle.h"
#include "wizarddestinationpage.h"

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

QString WizardApplyPage::stageTitle(Stage stage) const
{
    auto *w = qobject_cast<SetupWizard *>(wizard());
    switch (stage) {
    case Stage::CreateNamespace:
        return tr("Create namespace %1 on %2")
            .arg(w->destinationPage()->namespaceName(), w->destinationPage()->context());
    case Stage::Create:
        return tr("Create the relationship file %1").arg(w->relationshipName());
    case Stage::SetSource:
        return tr("Set the source");
    case Stage::SetDestination:
        return tr("Set the destination");
    case Stage::Schedule:
        return w->cronSpec().isEmpty() ? tr("Apply and sync once (manual only)") : tr("Apply with the schedule");
    case Stage::Done:
        return tr("Done");
    }
    return QString();
}

void WizardApplyPage::initializePage()
{
    if (mStarted) {
        return;
    }
    mStarted = true;
    auto *w = qobject_cast<SetupWizard *>(wizard());
    mStages.clear();
    if (w->createDestinationNamespace()) {
        mStages.append(Stage::CreateNamespace);
    }
    mStages << Stage::Create << Stage::SetSource << Stage::SetDestination << Stage::Schedule;
    mIndex = 0;
    runStage();
}

void WizardApplyPage::cleanupPage()
{
    // No going back once started (the Review page is the commit page).
}

bool WizardApplyPage::isRunning() const
{
    return mBusy;
}

bool WizardApplyPage::isComplete() const
{
    return mDone;
}

void WizardApplyPage::runStage()
{
    auto *w = qobject_cast<SetupWizard *>(wizard());
    if (mIndex >= mStages.size()) {
        mDone = true;
        mBusy = false;
        mCancel->setVisible(false);
        mRetry->setVisible(false);
        mStatus->setText(StatusStyle::badgeHtml(StatusStyle::Kind::Ok,
            tr("%1 is set up. Click Finish to watch it on the dashboard.").arg(w->relationshipName()), palette()));
        w->log()->append(ActivityLogModel::Level::Success, w->relationshipName(),
            tr("Relationship %1 is set up").arg(w->relationshipName()));
        Q_EMIT completeChanged();
        Q_EMIT w->relationshipCreated(w->relationshipName());
        Q_EMIT applyFinished(true);
        return;
    }
    mBusy = true;
    mError.clear();
    mCancel->setEnabled(true);
    mCancel->setVisible(true);
    mRetry->setVisible(false);
    const Stage stage = mStages.at(mIndex);
    mCurrentItem = new QListWidgetItem(StatusStyle::icon(StatusStyle::Kind::Busy), stageTitle(stage), mSteps);
    mSteps->scrollToItem(mCurrentItem);
    mStatus->setText(
        StatusStyle::badgeHtml(StatusStyle::Kind::Busy, stageTitle(stage) + QStringLiteral("…"), palette()));
    const QString name = w->relationshipName();
    ReplicationEngine *engine = w->engine();
    switch (stage) {
    case Stage::CreateNamespace: {
        WizardDestinationPage *d = w->destinationPage();
        const QJsonObject ns {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
            {QStringLiteral("kind"), QStringLiteral("Namespace")},
            {QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), d->namespaceName()}}}};
        KubeReply *reply = w->session()->client(d->context())->create(KubeResource::namespaces(), QString(), ns);
        const QString context = d->context();
        connect(reply, &KubeReply::finished, this, [this, reply, w, context]() {
            if (reply->isOk() || reply->error().isAlreadyExists()) {
                w->log()->append(ActivityLogModel::Level::Success, context,
                    tr("Namespace %1 created").arg(w->destinationPage()->namespaceName()));
                stageDone();
            } else {
                stageFailed(reply->error().personMessage());
            }
        });
        break;
    }
    case Stage::Create:
        if (engine->store().exists(name)) {
            // Created by an earlier attempt: the file is ours.
            stageDone();
            return;
        }
        runJob(engine->createRelationship(name, w->rsyncTls(), w->relationshipId()));
        break;
    case Stage::SetSource:
        runJob(engine->setSource(name, w->sourceSettings()));
        break;
    case Stage::SetDestination:
        runJob(engine->setDestination(name, w->destinationSettings()));
        break;
    case Stage::Schedule:
        if (w->cronSpec().isEmpty()) {
            SyncOptions options;
            options.apply.allowPrivilegedMovers = w->allowPrivilegedMovers();
            runJob(engine->sync(name, options));
        } else {
            ApplyOptions options;
            options.allowPrivilegedMovers = w->allowPrivilegedMovers();
            runJob(engine->schedule(name, w->cronSpec(), options));
        }
        break;
    case Stage::Done:
        break;
    }
}

void WizardApplyPage::runJob(ReplicationJob *job)
{
    auto *w = qobject_cast<SetupWizard *>(wizard());
    mJob = job;
    const QString name = w->relationshipName();
    connect(job, &ReplicationJob::progress, this, [this, w, name](ReplicationJob::Step, const QString &message) {
        auto *item = new QListWidgetItem(QStringLiteral("    ") + message, mSteps);
        item->setForeground(palette().color(QPalette::PlaceholderText));
        mSteps->scrollToItem(item);
        w->log()->append(ActivityLogModel::Level::Info, name, message);
    });
    connect(job, &ReplicationJob::objectChanged, this, [this, w, name](const ObjectResult &object) {
        auto *item = new QListWidgetItem(QStringLiteral("    ") + object.toString(), mSteps);
        item->setIcon(StatusStyle::icon(
            object.action == ObjectResult::Action::Failed ? StatusStyle::Kind::Error : StatusStyle::Kind::Ok));
        mSteps->scrollToItem(item);
        w->log()->append(object.action == ObjectResult::Action::Failed ? ActivityLogModel::Level::Error
                                                                       : ActivityLogModel::Level::Info,
            object.cluster.isEmpty() ? name : object.cluster, object.toString());
    });
    connect(job, &ReplicationJob::finished, this, [this, job]() {
        const ReplicationResult result = job->result();
        job->deleteLater();
        mJob = nullptr;
        if (result.ok()) {
            stageDone();
        } else if (result.status == ReplicationResult::Status::Cancelled) {
            stageFailed(tr("Cancelled. What was done so far is consistent; Retry from Here continues."));
        } else {
            stageFailed(result.error);
        }
    });
    job->start();
}

void WizardApplyPage::stageDone()
{
    if (mCurrentItem) {
        mCurrentItem->setIcon(StatusStyle::icon(StatusStyle::Kind::Ok));
    }
    ++mIndex;
    runStage();
}

void WizardApplyPage::stageFailed(const QString &error)
{
    auto *w = qobject_cast<SetupWizard *>(wizard());
    mBusy = false;
    mError = error;
    if (mCurrentItem) {
        mCurrentItem->setIcon(StatusStyle::icon(StatusStyle::Kind::Error));
    }
    mStatus->setText(StatusStyle::badgeHtml(StatusStyle::Kind::Error, error, palette()));
    w->log()->append(ActivityLogModel::Level::Error, w->relationshipName(), error);
    mCancel->setVisible(false);
    mRetry->setVisible(true);
    mRetry->setFocus();
    Q_EMIT applyFinished(false);
}

void WizardApplyPage::retry()
{
    if (mBusy || mDone) {
        return;
    }
    runStage();
}

void WizardApplyPage::cancel()
{
    if (mJob) {
        mCancel->setEnabled(false);
        mJob->cancel();
    }
}
