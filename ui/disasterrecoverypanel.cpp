// SPDX-License-Identifier: GPL-3.0-or-later
#include "disasterrecoverypanel.h"

#include "engine/disasterrecovery.h"
#include "engine/disasterrecoveryhistory.h"
#include "engine/operationtracker.h"
#include "engine/replicationendtestjob.h"
#include "engine/replicationengine.h"
#include "engine/restorepointsjob.h"
#include "failoverdialog.h"
#include "statusstyle.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

DisasterRecoveryPanel::DisasterRecoveryPanel(OperationTracker *tracker, QWidget *parent)
    : QGroupBox(tr("Disaster recovery"), parent)
    , mTracker(tracker)
{
    setObjectName(QStringLiteral("disasterRecoveryPanel"));
    mFailedOver = new QLabel(this);
    mFailedOver->setObjectName(QStringLiteral("failedOverLine"));
    mFailedOver->setWordWrap(true);
    mFailedOver->setTextFormat(Qt::RichText);
    mFailedOver->hide();
    mFailoverButton = new QPushButton(tr("Fail Over…"), this);
    mFailoverButton->setObjectName(QStringLiteral("failoverButton"));
    mFailoverButton->setToolTip(tr("Make the replicated data usable on the destination's cluster"));
    mTestButton = new QPushButton(tr("Test Failover…"), this);
    mTestButton->setObjectName(QStringLiteral("testFailoverButton"));
    mTestButton->setToolTip(tr("Restore into a new PVC while replication keeps running"));
    mEndTestButton = new QPushButton(tr("End Test"), this);
    mEndTestButton->setObjectName(QStringLiteral("endTestButton"));
    mEndTestButton->setToolTip(tr("Remove what test failovers created"));
    connect(mFailoverButton, &QPushButton::clicked, this, [this] { openFailover(false); });
    connect(mTestButton, &QPushButton::clicked, this, [this] { openFailover(true); });
    connect(mEndTestButton, &QPushButton::clicked, this, &DisasterRecoveryPanel::endTest);
    auto *actions = new QHBoxLayout;
    actions->addWidget(mFailoverButton);
    actions->addWidget(mTestButton);
    actions->addWidget(mEndTestButton);
    actions->addStretch(1);

    mPointsView = new QTreeWidget(this);
    mPointsView->setObjectName(QStringLiteral("restorePointsView"));
    mPointsView->setRootIsDecorated(false);
    mPointsView->setHeaderLabels({tr("Restore point"), tr("Taken"), tr("Size"), tr("Ready"), tr("State")});
    mPointsView->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    mPointsView->setMinimumHeight(90);
    connect(mPointsView, &QTreeWidget::currentItemChanged, this, &DisasterRecoveryPanel::updateButtons);
    mKeepButton = new QPushButton(tr("Keep"), this);
    mKeepButton->setObjectName(QStringLiteral("keepRestorePointButton"));
    mKeepButton->setToolTip(tr("Label it volsync.backube/do-not-delete: VolSync never deletes it"));
    mReleaseButton = new QPushButton(tr("Release"), this);
    mReleaseButton->setObjectName(QStringLiteral("releaseRestorePointButton"));
    mReleaseButton->setToolTip(tr("Remove the label: the latest image is VolSync's again"));
    connect(mKeepButton, &QPushButton::clicked, this, [this] { keepOrRelease(true); });
    connect(mReleaseButton, &QPushButton::clicked, this, [this] { keepOrRelease(false); });
    auto *pointButtons = new QHBoxLayout;
    pointButtons->addWidget(mKeepButton);
    pointButtons->addWidget(mReleaseButton);
    pointButtons->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(mFailedOver);
    layout->addLayout(actions);
    layout->addWidget(new QLabel(tr("Restore points:"), this));
    layout->addWidget(mPointsView);
    layout->addLayout(pointButtons);
    connect(mTracker, &OperationTracker::finished, this, &DisasterRecoveryPanel::onOperationFinished);
    updateButtons();
}

DisasterRecoveryPanel::~DisasterRecoveryPanel() = default;

void DisasterRecoveryPanel::setEngine(ReplicationEngine *engine)
{
    mEngine = engine;
    refresh();
}

void DisasterRecoveryPanel::setRelationship(const QString &name)
{
    if (name == mName)
        return;
    mName = name;
    mPoints.clear();
    mPointsView->clear();
    refresh();
}

QString DisasterRecoveryPanel::failedOverText() const
{
    return mFailedOver->isHidden() ? QString() : mFailedOver->text();
}

void DisasterRecoveryPanel::refresh()
{
    if (!mEngine || mName.isEmpty()) {
        updateButtons();
        return;
    }
    // The history is one small file (at most 200 records), read like the relationship file.
    QString error;
    const auto rel = mEngine->store().load(mName, &error);
    const auto failover
        = rel ? DisasterRecoveryHistory(mEngine->store().configDir()).activeFailover(rel->id) : std::nullopt;
    if (failover) {
        const QString age = failover->dataAgeSeconds() >= 0
            ? tr(", data as of %1 (%2 min before the failover)")
                  .arg(failover->dataTime.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")))
                  .arg(failover->dataAgeSeconds() / 60)
            : QString();
        mFailedOver->setText(StatusStyle::badgeHtml(StatusStyle::Kind::Waiting,
            tr("Failed over (%1) at %2 to %3%4. Replication is paused; both sides stay as they are.")
                .arg(failover->mode, failover->time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                    failover->target, age),
            palette()));
        mFailedOver->show();
    } else {
        mFailedOver->hide();
    }
    if (mListOperation != 0 && mTracker->state(mListOperation) == OperationTracker::State::Running)
        mTracker->cancel(mListOperation);
    QPointer<RestorePointsJob> job = DisasterRecovery::restorePoints(mEngine, mName);
    connect(job, &ReplicationJob::finished, this, [this, job] {
        if (!job || !job->result().ok())
            return;
        mPoints = job->restorePoints();
        mPointsView->clear();
        for (const RestorePoint &point : std::as_const(mPoints)) {
            auto *item = new QTreeWidgetItem(mPointsView);
            item->setText(0, point.name);
            item->setToolTip(0, point.name);
            item->setText(1, point.creationTime.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
            item->setText(2, point.restoreSize);
            item->setText(3, point.readyToUse ? tr("yes") : tr("no"));
            item->setText(4,
                point.latest     ? (point.kept ? tr("latest, kept") : tr("latest"))
                    : point.kept ? tr("kept")
                                 : tr("released"));
        }
        updateButtons();
        Q_EMIT restorePointsLoaded();
    });
    OperationTracker::RunOptions quiet;
    quiet.quiet = true;
    mListOperation = mTracker->run(
        job, OperationTracker::Kind::Plan, mName, tr("Listing the restore points of %1").arg(mName), quiet);
    updateButtons();
}

void DisasterRecoveryPanel::openFailover(bool test)
{
    if (!mEngine || mName.isEmpty())
        return;
    auto *dialog = new FailoverDialog(
        mEngine, mTracker, mName, test ? FailoverDialog::Kind::Test : FailoverDialog::Kind::Failover, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &FailoverDialog::finishedRunning, this, &DisasterRecoveryPanel::refresh);
    dialog->open();
}

void DisasterRecoveryPanel::endTest()
{
    if (!mEngine || mName.isEmpty())
        return;
    mChanges.append(mTracker->run(DisasterRecovery::endTest(mEngine, mName), OperationTracker::Kind::Other, mName,
        tr("End test of %1").arg(mName)));
}

void DisasterRecoveryPanel::keepOrRelease(bool keep)
{
    const QTreeWidgetItem *item = mPointsView->currentItem();
    if (!mEngine || !item)
        return;
    const QString snapshot = item->text(0);
    mChanges.append(mTracker->run(DisasterRecovery::restorePoint(mEngine, mName, snapshot,
                                      keep ? RestorePointJob::Action::Keep : RestorePointJob::Action::Release),
        OperationTracker::Kind::Other, mName,
        keep ? tr("Keeping restore point %1").arg(snapshot) : tr("Releasing restore point %1").arg(snapshot)));
}

void DisasterRecoveryPanel::onOperationFinished(int id, const ReplicationResult &)
{
    if (mChanges.removeAll(id) > 0)
        refresh();
}

void DisasterRecoveryPanel::updateButtons()
{
    const bool usable = mEngine && !mName.isEmpty();
    mFailoverButton->setEnabled(usable && mFailedOver->isHidden());
    mTestButton->setEnabled(usable);
    mEndTestButton->setEnabled(usable);
    const QTreeWidgetItem *item = mPointsView->currentItem();
    const int row = item ? mPointsView->indexOfTopLevelItem(const_cast<QTreeWidgetItem *>(item)) : -1;
    const bool kept = row >= 0 && row < mPoints.size() && mPoints.at(row).kept;
    mKeepButton->setEnabled(usable && row >= 0 && !kept);
    mReleaseButton->setEnabled(usable && row >= 0 && kept);
}
