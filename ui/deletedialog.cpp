// SPDX-License-Identifier: GPL-3.0-or-later
#include "deletedialog.h"

#include "engine/operationtracker.h"

#include "engine/replicationdeletejob.h"
#include "engine/replicationengine.h"
#include "statusstyle.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLayout>
#include <QPushButton>
#include <QScreen>
#include <QScrollBar>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {
StatusStyle::Kind kindFor(ObjectResult::Action action, bool results)
{
    if (!results) {
        return action == ObjectResult::Action::Kept ? StatusStyle::Kind::Ok : StatusStyle::Kind::Warning;
    }
    switch (action) {
    case ObjectResult::Action::Failed:
        return StatusStyle::Kind::Error;
    case ObjectResult::Action::Kept:
    case ObjectResult::Action::Labelled:
        return StatusStyle::Kind::Busy;
    default:
        return StatusStyle::Kind::Ok;
    }
}
} // namespace

DeleteDialog::DeleteDialog(ReplicationEngine *engine, OperationTracker *tracker, const QString &name, QWidget *parent)
    : QDialog(parent)
    , mEngine(engine)
    , mTracker(tracker)
    , mName(name)
{
    setObjectName(QStringLiteral("deleteDialog"));
    setWindowTitle(tr("Delete %1").arg(name));
    mIntro = new QLabel(this);
    mIntro->setObjectName(QStringLiteral("deleteIntro"));
    mIntro->setWordWrap(true);
    mIntro->setText(tr("Looking for the objects of <b>%1</b>…").arg(name.toHtmlEscaped()));
    mObjects = new QTreeWidget(this);
    mObjects->setObjectName(QStringLiteral("deleteObjects"));
    mObjects->setRootIsDecorated(false);
    mObjects->setHeaderLabels({tr("Object"), tr("Cluster"), tr("What happens")});
    // Whole names (which snapshot is kept is told by its end): the name columns fit their text.
    mObjects->header()->setStretchLastSection(true);
    mObjects->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    mObjects->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    // What happens is whole when the dialog can be wide enough (fitToObjects()); on a small screen its end is
    // elided ("…", whole in the tool tip), never cut off unseen. The names above always fit their column.
    mObjects->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    mObjects->setTextElideMode(Qt::ElideRight);
    mObjects->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    mObjects->setMinimumSize(720, 160);
    mKeepSnapshot = new QCheckBox(tr("&Keep the latest snapshot of the destination (labelled "
                                     "volsync.backube/do-not-delete)"),
        this);
    mKeepSnapshot->setObjectName(QStringLiteral("keepSnapshotCheck"));
    // The list shows what happens to the snapshot either way.
    connect(mKeepSnapshot, &QCheckBox::toggled, this, [this] {
        if (!mDone && mDeleteOperation == 0) {
            mTracker->cancel(mPlanOperation);
            loadPlan();
        }
    });
    mStatus = new QLabel(this);
    mStatus->setObjectName(QStringLiteral("deleteStatus"));
    mStatus->setWordWrap(true);
    mStatus->setTextFormat(Qt::RichText);
    mButtons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    mButtons->setObjectName(QStringLiteral("deleteButtons"));
    auto *deleteButton = mButtons->addButton(tr("&Delete"), QDialogButtonBox::DestructiveRole);
    deleteButton->setObjectName(QStringLiteral("confirmDeleteButton"));
    deleteButton->setIcon(QIcon(QStringLiteral(":/icons/actions/delete.svg")));
    mButtons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("deleteCancelButton"));
    mButtons->button(QDialogButtonBox::Cancel)->setDefault(true);
    connect(deleteButton, &QPushButton::clicked, this, &DeleteDialog::confirmDelete);
    connect(mButtons, &QDialogButtonBox::rejected, this, &DeleteDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(mIntro);
    layout->addWidget(mObjects, 1);
    layout->addWidget(mKeepSnapshot);
    layout->addWidget(mStatus);
    layout->addWidget(mButtons);
    connect(mTracker, &OperationTracker::progress, this, [this](int id, ReplicationJob::Step, const QString &message) {
        if (id == mDeleteOperation)
            mStatus->setText(StatusStyle::badgeHtml(StatusStyle::Kind::Busy, message, palette()));
    });
    connect(mTracker, &OperationTracker::finished, this, &DeleteDialog::onOperationFinished);
    updateButtons();
    loadPlan();
}

// A deletion that runs goes on in the tracker (and the activity log) after the dialog is gone.
DeleteDialog::~DeleteDialog() = default;

void DeleteDialog::setKeepSnapshot(bool keep)
{
    mKeepSnapshot->setChecked(keep);
}

void DeleteDialog::showObjects(const QList<ObjectResult> &objects, bool results)
{
    mObjects->clear();
    for (const ObjectResult &object : objects) {
        auto *item = new QTreeWidgetItem(mObjects);
        const QString where
            = object.namespaceName.isEmpty() ? object.name : object.namespaceName + QLatin1Char('/') + object.name;
        item->setText(0, object.kind + QLatin1Char(' ') + where);
        item->setToolTip(0, item->text(0));
        item->setText(1, object.cluster.isEmpty() ? tr("current context") : object.cluster);
        QString what;
        if (results) {
            what = ObjectResult::actionName(object.action);
        } else {
            what = object.action == ObjectResult::Action::Kept ? tr("kept") : tr("will be deleted");
        }
        if (!object.message.isEmpty()) {
            what += QStringLiteral(": ") + object.message;
        }
        item->setText(2, what);
        item->setToolTip(2, what);
        item->setIcon(2, StatusStyle::icon(kindFor(object.action, results)));
    }
    fitToObjects();
}

void DeleteDialog::fitToObjects()
{
    // What happens to the snapshot is told at the end of its line: no sideways scrolling to read it (issue 13).
    int wanted = 2 * mObjects->frameWidth() + mObjects->verticalScrollBar()->sizeHint().width();
    for (int column = 0; column < mObjects->columnCount(); ++column)
        wanted += qMax(static_cast<const QAbstractItemView *>(mObjects)->sizeHintForColumn(column),
            mObjects->header()->sectionSizeHint(column));
    // As wide as the screen allows, or the window it belongs to (which is on a screen at least that wide).
    int room = screen() ? screen()->availableGeometry().width() : 0;
    if (parentWidget())
        room = qMax(room, parentWidget()->window()->width());
    const QMargins margins = layout()->contentsMargins();
    const int around = margins.left() + margins.right();
    wanted = qMin(wanted, room - around - 40);
    if (wanted > mObjects->minimumWidth()) {
        mObjects->setMinimumWidth(wanted);
        resize(qMax(width(), wanted + around), height());
    }
}

bool DeleteDialog::isRunning() const
{
    const auto running = [this](int id) { return id != 0 && mTracker->state(id) == OperationTracker::State::Running; };
    return running(mPlanOperation) || running(mDeleteOperation);
}

void DeleteDialog::loadPlan()
{
    if (!mEngine || mDeleteOperation != 0) {
        return;
    }
    DeleteOptions options;
    options.dryRun = true;
    options.keepSnapshot = mKeepSnapshot->isChecked();
    mPlanReady = false;
    updateButtons();
    ReplicationJob *job = mEngine->remove(mName, options);
    if (auto *deleteJob = qobject_cast<ReplicationDeleteJob *>(job)) {
        connect(deleteJob, &ReplicationDeleteJob::planReady, this,
            [this](const QList<ObjectResult> &plan) { showObjects(plan, false); });
    }
    OperationTracker::RunOptions quiet;
    quiet.quiet = true;
    mPlanOperation = mTracker->run(
        job, OperationTracker::Kind::Plan, mName, tr("Listing what deleting %1 removes").arg(mName), quiet);
}

void DeleteDialog::confirmDelete()
{
    if (!mEngine || mDone || (mDeleteOperation != 0 && isRunning())) {
        return;
    }
    mTracker->cancel(mPlanOperation); // a plan being redrawn is not needed any more
    DeleteOptions options;
    options.keepSnapshot = mKeepSnapshot->isChecked();
    mDeleteOperation = mTracker->run(mEngine->remove(mName, options), OperationTracker::Kind::Delete, mName,
        options.keepSnapshot ? tr("Deleting %1, keeping the latest snapshot").arg(mName)
                             : tr("Deleting %1").arg(mName));
    updateButtons();
}

void DeleteDialog::onOperationFinished(int id, const ReplicationResult &result)
{
    if (id == mPlanOperation) {
        if (result.status == ReplicationResult::Status::Cancelled)
            return; // replaced by a new plan, or the deletion started
        mPlanReady = true;
        if (result.ok()) {
            mIntro->setText(
                tr("These objects of <b>%1</b> will be removed from the clusters, and then its relationship file. "
                   "The source volume (PVC) is never touched. The destination's volume goes with the "
                   "ReplicationDestination unless it holds the data (copy method Direct or None, listed as kept). "
                   "Namespaces stay, also one that the wizard created.")
                    .arg(mName.toHtmlEscaped()));
        } else {
            mIntro->setText(tr("Some clusters could not be asked what to remove:"));
            mStatus->setText(StatusStyle::badgeHtml(StatusStyle::Kind::Warning, result.error, palette()));
        }
        updateButtons();
        Q_EMIT planLoaded();
    } else if (id == mDeleteOperation) {
        mDone = result.ok();
        mResults = result.objects;
        showObjects(result.objects, true);
        mIntro->setText(tr("What happened to each object of <b>%1</b>:").arg(mName.toHtmlEscaped()));
        const QString text = result.ok() ? tr("%1 is deleted.").arg(mName) : result.error;
        mStatus->setText(
            StatusStyle::badgeHtml(result.ok() ? StatusStyle::Kind::Ok : StatusStyle::Kind::Error, text, palette()));
        updateButtons();
        Q_EMIT deleted(result.ok());
    }
}

void DeleteDialog::updateButtons()
{
    QPushButton *deleteButton = findChild<QPushButton *>(QStringLiteral("confirmDeleteButton"));
    deleteButton->setEnabled(mPlanReady && !isRunning() && !mDone && mEngine);
    mKeepSnapshot->setEnabled(!isRunning() && !mDone);
    mButtons->button(QDialogButtonBox::Cancel)->setText(mDone ? tr("Close") : tr("Cancel"));
}

void DeleteDialog::reject()
{
    // A running deletion goes on: the tracker lists it and the activity log gets its result.
    QDialog::reject();
}
