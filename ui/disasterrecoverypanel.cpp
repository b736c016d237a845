// SPDX-License-Identifier: GPL-3.0-or-later
#include "disasterrecoverypanel.h"

#include "engine/disasterrecovery.h"
#include "engine/operationtracker.h"
#include "engine/replicationendtestjob.h"
#include "engine/replicationengine.h"
#include "engine/restorepointsjob.h"
#include "failbackdialog.h"
#include "failoverdialog.h"
#include "statusstyle.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

QString timeText(const QDateTime &time)
{
    return time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

} // namespace

DisasterRecoveryPanel::DisasterRecoveryPanel(OperationTracker *tracker, QWidget *parent)
    : QGroupBox(tr("Disaster recovery"), parent)
    , mTracker(tracker)
{
    setObjectName(QStringLiteral("disasterRecoveryPanel"));
    mStateLine = new QLabel(this);
    mStateLine->setObjectName(QStringLiteral("failedOverLine"));
    mStateLine->setWordWrap(true);
    mStateLine->setTextFormat(Qt::RichText);
    mStateLine->hide();
    mFailoverButton = new QPushButton(tr("Fail Over…"), this);
    mFailoverButton->setObjectName(QStringLiteral("failoverButton"));
    mFailoverButton->setToolTip(tr("Make the replicated data usable on the destination's cluster"));
    mTestButton = new QPushButton(tr("Test Failover…"), this);
    mTestButton->setObjectName(QStringLiteral("testFailoverButton"));
    mTestButton->setToolTip(tr("Restore into a new PVC while replication keeps running"));
    mEndTestButton = new QPushButton(tr("End Test"), this);
    mEndTestButton->setObjectName(QStringLiteral("endTestButton"));
    mEndTestButton->setToolTip(tr("Remove what test failovers created, and nothing else"));
    mFailbackButton = new QPushButton(tr("Fail Back…"), this);
    mFailbackButton->setObjectName(QStringLiteral("failbackButton"));
    mFailbackButton->setToolTip(tr("After a failover: copy the data home through a reverse relationship"));
    connect(mFailoverButton, &QPushButton::clicked, this, [this] { openFailover(false); });
    connect(mTestButton, &QPushButton::clicked, this, [this] { openFailover(true); });
    connect(mEndTestButton, &QPushButton::clicked, this, &DisasterRecoveryPanel::endTest);
    connect(mFailbackButton, &QPushButton::clicked, this, &DisasterRecoveryPanel::openFailback);
    auto *actions = new QHBoxLayout;
    actions->addWidget(mFailoverButton);
    actions->addWidget(mTestButton);
    actions->addWidget(mEndTestButton);
    actions->addWidget(mFailbackButton);
    actions->addStretch(1);

    // Four short columns that fit beside the relationships list at 1024 px; the ready state goes into State.
    mPointsView = new QTreeWidget(this);
    mPointsView->setObjectName(QStringLiteral("restorePointsView"));
    mPointsView->setRootIsDecorated(false);
    mPointsView->setHeaderLabels({tr("Restore point"), tr("Taken"), tr("Size"), tr("State")});
    mPointsView->header()->setStretchLastSection(false);
    mPointsView->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int column = 1; column < 4; ++column)
        mPointsView->header()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    mPointsView->setMinimumHeight(90);
    mPointsView->setMaximumHeight(160);
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
    auto *pointsCaption = new QLabel(tr("Restore points:"), this);
    pointsCaption->setObjectName(QStringLiteral("restorePointsCaption"));
    pointButtons->addWidget(pointsCaption);
    pointButtons->addStretch(1);
    pointButtons->addWidget(mKeepButton);
    pointButtons->addWidget(mReleaseButton);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(mStateLine);
    layout->addLayout(actions);
    layout->addLayout(pointButtons);
    layout->addWidget(mPointsView);
    connect(mTracker, &OperationTracker::finished, this, &DisasterRecoveryPanel::onOperationFinished);
    updateButtons();
}

DisasterRecoveryPanel::~DisasterRecoveryPanel() = default;

void DisasterRecoveryPanel::setEngine(ReplicationEngine *engine)
{
    if (engine == mEngine)
        return;
    mEngine = engine;
    refresh();
}

void DisasterRecoveryPanel::setRelationship(const QString &name)
{
    if (name == mName)
        return;
    mName = name;
    mStatus = {};
    mHistory.clear();
    mPoints.clear();
    mPointsView->clear();
    refresh();
}

void DisasterRecoveryPanel::setStatus(const ReplicationStatus &status)
{
    const bool drChanged = status.failedOverAt != mStatus.failedOverAt || status.testingSince != mStatus.testingSince
        || status.destinationPaused != mStatus.destinationPaused || status.latestImageName != mStatus.latestImageName;
    mStatus = status;
    showState();
    updateButtons();
    if (drChanged)
        refresh(); // a new image or a failover elsewhere: the restore points and the history changed
}

QString DisasterRecoveryPanel::failedOverText() const
{
    return mStateLine->isHidden() ? QString() : mStateLine->text();
}

void DisasterRecoveryPanel::showState()
{
    QStringList lines;
    const auto failover = DisasterRecoveryHistory::activeFailover(mHistory);
    if (failover) {
        const QString age = failover->dataAgeSeconds() >= 0 ? tr(", data as of %1 (%2 min before the failover)")
                                                                  .arg(timeText(failover->dataTime))
                                                                  .arg(failover->dataAgeSeconds() / 60)
                                                            : QString();
        lines.append(StatusStyle::badgeHtml(StatusStyle::Kind::Waiting,
            tr("Failed over (%1) at %2 to %3%4. Replication is paused; both sides stay as they are.")
                .arg(failover->mode, timeText(failover->time), failover->target, age),
            palette()));
    } else if (mStatus.failedOverAt.isValid()) {
        // Failed back (the reverse relationship carries the data home), or failed over by another machine.
        const bool failedBack = !mHistory.isEmpty() && mHistory.constLast().succeeded
            && mHistory.constLast().kind == DisasterRecoveryRecord::Kind::Failback;
        lines.append(StatusStyle::badgeHtml(StatusStyle::Kind::Waiting,
            failedBack ? tr("Failed over at %1; failing back through %2: a planned failover of it moves the "
                            "workload home.")
                             .arg(timeText(mStatus.failedOverAt), mHistory.constLast().target)
                       : tr("Failed over at %1. Replication is paused; both sides stay as they are.")
                             .arg(timeText(mStatus.failedOverAt)),
            palette()));
    }
    if (!failover && mStatus.failover() == ReplicationStatus::Failover::FailedOverOutside) {
        const QString text = mStatus.failoverText();
        lines.append(StatusStyle::badgeHtml(
            StatusStyle::Kind::Waiting, QString(text.left(1).toUpper() + text.mid(1) + QLatin1Char('.')), palette()));
    }
    if (mStatus.testingSince.isValid()) {
        lines.append(StatusStyle::badgeHtml(StatusStyle::Kind::Busy,
            tr("A test failover runs since %1 while replication goes on. End Test removes its PVC.")
                .arg(timeText(mStatus.testingSince)),
            palette()));
    }
    mStateLine->setText(lines.join(QStringLiteral("<br>")));
    mStateLine->setVisible(!lines.isEmpty());
}

void DisasterRecoveryPanel::refresh()
{
    if (mListOperation != 0 && mTracker->state(mListOperation) == OperationTracker::State::Running)
        mTracker->cancel(mListOperation);
    mListOperation = 0;
    if (!mEngine || mName.isEmpty()) {
        updateButtons();
        return;
    }
    QPointer<RestorePointsJob> job = DisasterRecovery::restorePoints(mEngine, mName);
    const QString name = mName;
    connect(job, &ReplicationJob::finished, this, [this, job, name] {
        if (!job || name != mName || job->result().status == ReplicationResult::Status::Cancelled)
            return;
        mHistory = job->history();
        mPoints = job->restorePoints();
        mPointsView->clear();
        for (const RestorePoint &point : std::as_const(mPoints)) {
            auto *item = new QTreeWidgetItem(mPointsView);
            item->setText(0, point.name);
            item->setToolTip(0, point.name);
            item->setText(1, timeText(point.creationTime));
            item->setText(2, point.restoreSize);
            const QString state = point.latest ? (point.kept ? tr("latest, kept") : tr("latest"))
                : point.kept                   ? tr("kept")
                                               : tr("released");
            item->setText(3, point.readyToUse ? state : tr("%1, not ready").arg(state));
        }
        showState();
        updateButtons();
        Q_EMIT restorePointsLoaded();
    });
    OperationTracker::RunOptions quiet;
    quiet.quiet = true;
    // Not tagged with the relationship: a read in the background must not hold up Sync Now and the like.
    mListOperation = mTracker->run(
        job, OperationTracker::Kind::Read, QString(), tr("Listing the restore points of %1").arg(mName), quiet);
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

void DisasterRecoveryPanel::openFailback()
{
    if (!mEngine || mName.isEmpty())
        return;
    auto *dialog = new FailbackDialog(mEngine, mTracker, mName, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &FailbackDialog::finishedRunning, this, &DisasterRecoveryPanel::refresh);
    dialog->open();
}

void DisasterRecoveryPanel::endTest()
{
    if (!mEngine || mName.isEmpty())
        return;
    mChanges.append(mTracker->run(DisasterRecovery::endTest(mEngine, mName), OperationTracker::Kind::Other, mName,
        tr("End test of %1").arg(mName)));
    updateButtons();
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
    updateButtons();
}

void DisasterRecoveryPanel::onOperationFinished(int id, const ReplicationResult &)
{
    // Ours (end-test, keep, release), or any other change of this relationship (a failover from a dialog, a
    // sync): the restore points and the history may have changed. Reads and dry runs change nothing.
    const bool ours = mChanges.removeAll(id) > 0;
    const OperationTracker::Kind kind = mTracker->kindOf(id);
    if (ours
        || (id != mListOperation && !mName.isEmpty() && mTracker->relationshipOf(id) == mName
            && !OperationTracker::changesNothing(kind)))
        refresh();
}

void DisasterRecoveryPanel::updateButtons()
{
    const bool usable = mEngine && !mName.isEmpty();
    const bool failedOver = mStatus.failedOverAt.isValid() || DisasterRecoveryHistory::activeFailover(mHistory);
    const bool changing = !mChanges.isEmpty();
    mFailoverButton->setEnabled(usable && !failedOver);
    mTestButton->setEnabled(usable && !failedOver);
    mEndTestButton->setEnabled(usable && !changing && mStatus.testingSince.isValid());
    // Fail back needs the failover's record (where the data went); once failed back it is done.
    mFailbackButton->setEnabled(usable && DisasterRecoveryHistory::activeFailover(mHistory).has_value());
    const QTreeWidgetItem *item = mPointsView->currentItem();
    const int row = item ? mPointsView->indexOfTopLevelItem(const_cast<QTreeWidgetItem *>(item)) : -1;
    const bool kept = row >= 0 && row < mPoints.size() && mPoints.at(row).kept;
    mKeepButton->setEnabled(usable && !changing && row >= 0 && !kept);
    mReleaseButton->setEnabled(usable && !changing && row >= 0 && kept);
}
