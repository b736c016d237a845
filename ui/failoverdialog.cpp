// SPDX-License-Identifier: GPL-3.0-or-later
#include "failoverdialog.h"

#include "operationstepsview.h"

#include "engine/disasterrecovery.h"
#include "engine/operationtracker.h"
#include "engine/replicationengine.h"
#include "engine/replicationfailoverjob.h"
#include "engine/restorepointsjob.h"
#include "statusstyle.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

FailoverDialog::FailoverDialog(
    ReplicationEngine *engine, OperationTracker *tracker, const QString &name, Kind kind, QWidget *parent)
    : QDialog(parent)
    , mEngine(engine)
    , mTracker(tracker)
    , mName(name)
    , mKind(kind)
{
    const bool test = kind == Kind::Test;
    setObjectName(QStringLiteral("failoverDialog"));
    setWindowTitle(test ? tr("Test a Failover of %1").arg(name) : tr("Fail Over %1").arg(name));
    mIntro = new QLabel(this);
    mIntro->setObjectName(QStringLiteral("failoverIntro"));
    mIntro->setWordWrap(true);
    mIntro->setText(test ? tr("Restores a restore point of <b>%1</b> into a new PVC on the destination's cluster while "
                              "replication keeps running. <b>End Test</b> removes it again.")
                               .arg(name.toHtmlEscaped())
                         : tr("Makes the replicated data of <b>%1</b> usable on the destination's cluster. Both sides "
                              "are paused, so that the old primary cannot overwrite anything later.")
                               .arg(name.toHtmlEscaped()));
    mAge = new QLabel(tr("Reading the destination…"), this);
    mAge->setObjectName(QStringLiteral("failoverDataAge"));
    mAge->setWordWrap(true);

    auto *form = new QFormLayout;
    if (!test) {
        mPlanned = new QRadioButton(tr("&Planned: pause the schedule, sync one last time, then promote"), this);
        mPlanned->setObjectName(QStringLiteral("failoverPlanned"));
        mUnplanned = new QRadioButton(tr("&Unplanned: promote what the destination has (the source is gone)"), this);
        mUnplanned->setObjectName(QStringLiteral("failoverUnplanned"));
        mPlanned->setChecked(true);
        auto *modes = new QButtonGroup(this);
        modes->addButton(mPlanned);
        modes->addButton(mUnplanned);
        auto *modeBox = new QVBoxLayout;
        modeBox->addWidget(mPlanned);
        modeBox->addWidget(mUnplanned);
        form->addRow(tr("Kind:"), modeBox);
        connect(mUnplanned, &QRadioButton::toggled, this, &FailoverDialog::loadPlan);
    }
    mTarget = new QLineEdit(this);
    mTarget->setObjectName(QStringLiteral("failoverTarget"));
    mTarget->setPlaceholderText(test ? tr("<destination>-dr-test-<time>") : tr("the destination's name"));
    mTarget->setToolTip(tr("A PVC name beside the destination, or [context/]namespace/PVC for another namespace or "
                           "cluster (restored beside the snapshot, then copied there by a one-shot relationship)"));
    connect(mTarget, &QLineEdit::editingFinished, this, &FailoverDialog::loadPlan);
    form->addRow(tr("&Target PVC:"), mTarget);
    // Offered when the pre-check finds the target namespace missing.
    mCreateNamespace = new QCheckBox(this);
    mCreateNamespace->setObjectName(QStringLiteral("failoverCreateNamespace"));
    mCreateNamespace->setVisible(false);
    connect(mCreateNamespace, &QCheckBox::toggled, this, &FailoverDialog::loadPlan);
    form->addRow(QString(), mCreateNamespace);
    mRestorePoint = new QComboBox(this);
    mRestorePoint->setObjectName(QStringLiteral("failoverRestorePoint"));
    mRestorePoint->addItem(tr("The latest image"), QString());
    connect(mRestorePoint, &QComboBox::currentIndexChanged, this, &FailoverDialog::loadPlan);
    form->addRow(tr("&Restore point:"), mRestorePoint);
    mKeep = new QCheckBox(tr("&Keep the restore point afterwards (volsync.backube/do-not-delete)"), this);
    mKeep->setObjectName(QStringLiteral("failoverKeep"));
    connect(mKeep, &QCheckBox::toggled, this, &FailoverDialog::loadPlan);
    form->addRow(QString(), mKeep);

    mPlan = new QListWidget(this);
    mPlan->setObjectName(QStringLiteral("failoverPlan"));
    mPlan->setMinimumHeight(120);
    // Long object names: the lines wrap rather than scroll sideways.
    mPlan->setWordWrap(true);
    mPlan->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    mPlan->setResizeMode(QListView::Adjust);
    mFindingsLabel = new QLabel(this);
    mFindingsLabel->setObjectName(QStringLiteral("failoverFindings"));
    mFindingsLabel->setWordWrap(true);
    mFindingsLabel->setTextFormat(Qt::RichText);
    mRun = new OperationStepsView(mTracker, QStringLiteral("failover"), this);
    connect(mRun, &OperationStepsView::finished, this, [this](bool ok) {
        mDone = ok;
        if (!ok)
            mRunOperation = 0; // the choices can be changed and the operation run again (it resumes)
        updateButtons();
        Q_EMIT finishedRunning(ok);
    });
    mButtons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *go = mButtons->addButton(test ? tr("&Start Test") : tr("&Fail Over"), QDialogButtonBox::AcceptRole);
    go->setObjectName(QStringLiteral("failoverConfirmButton"));
    connect(go, &QPushButton::clicked, this, &FailoverDialog::confirm);
    connect(mButtons, &QDialogButtonBox::rejected, this, &FailoverDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(mIntro);
    layout->addWidget(mAge);
    layout->addLayout(form);
    auto *planCaption = new QLabel(tr("What will happen:"), this);
    planCaption->setObjectName(QStringLiteral("failoverPlanCaption"));
    layout->addWidget(planCaption);
    layout->addWidget(mPlan, 2);
    layout->addWidget(mFindingsLabel);
    layout->addWidget(mRun, 1);
    layout->addWidget(mButtons);

    // Wide enough for the plan's lines and the choices, and within a 1024x700 screen.
    resize(760, 640);
    updateButtons();
    loadRestorePoints();
    loadPlan();
}

FailoverDialog::~FailoverDialog() = default;

FailoverOptions FailoverDialog::options() const
{
    FailoverOptions options;
    options.mode = mKind == Kind::Test ? FailoverOptions::Mode::Test
        : mUnplanned->isChecked()      ? FailoverOptions::Mode::Unplanned
                                       : FailoverOptions::Mode::Planned;
    if (!mTarget->text().trimmed().isEmpty()) {
        QString error;
        options.target = FailoverOptions::parseTarget(mTarget->text(), &error);
    }
    options.createNamespace = mCreateNamespace->isChecked();
    options.restorePoint = mRestorePoint->currentData().toString();
    options.keepRestorePoint = mKeep->isChecked();
    return options;
}

void FailoverDialog::setUnplanned(bool unplanned)
{
    if (mUnplanned)
        (unplanned ? mUnplanned : mPlanned)->setChecked(true);
}

void FailoverDialog::setTargetName(const QString &name)
{
    mTarget->setText(name);
    loadPlan();
}

QStringList FailoverDialog::plan() const
{
    QStringList lines;
    for (int i = 0; i < mPlan->count(); ++i)
        lines.append(mPlan->item(i)->text());
    return lines;
}

QStringList FailoverDialog::steps() const
{
    return mRun->steps();
}

QString FailoverDialog::resultText() const
{
    return mRun->resultText();
}

bool FailoverDialog::isRunning() const
{
    return mRun->isRunning();
}

void FailoverDialog::loadRestorePoints()
{
    if (!mEngine)
        return;
    QPointer<RestorePointsJob> job = DisasterRecovery::restorePoints(mEngine, mName);
    connect(job, &ReplicationJob::finished, this, [this, job] {
        if (!job || !job->result().ok())
            return;
        mPoints = job->restorePoints();
        const QSignalBlocker blocker(mRestorePoint);
        for (const RestorePoint &point : std::as_const(mPoints)) {
            if (point.latest || !point.readyToUse)
                continue; // the latest image is the first entry
            mRestorePoint->addItem(
                tr("%1 (%2, %3)")
                    .arg(point.name, point.creationTime.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                        point.state()),
                point.name);
        }
    });
    OperationTracker::RunOptions quiet;
    quiet.quiet = true;
    mPointsOperation = mTracker->run(
        job, OperationTracker::Kind::Plan, mName, tr("Listing the restore points of %1").arg(mName), quiet);
}

void FailoverDialog::loadPlan()
{
    if (!mEngine || mRunOperation != 0)
        return;
    if (mPlanOperation != 0)
        mTracker->cancel(mPlanOperation);
    mPlanReady = false;
    updateButtons();
    QString targetError;
    if (!mTarget->text().trimmed().isEmpty() && !FailoverOptions::parseTarget(mTarget->text(), &targetError)) {
        mPlan->clear();
        mFindings.clear();
        mFindingsLabel->setText(StatusStyle::badgeHtml(StatusStyle::Kind::Error, targetError, palette()));
        Q_EMIT planLoaded();
        return;
    }
    FailoverOptions options = this->options();
    options.dryRun = true;
    QPointer<ReplicationFailoverJob> job = DisasterRecovery::failover(mEngine, mName, options);
    connect(job, &ReplicationJob::finished, this, [this, job] {
        if (!job || job->result().status == ReplicationResult::Status::Cancelled)
            return;
        mPlan->clear();
        mPlan->addItems(job->plan());
        mFindings = job->findings();
        const QDateTime dataTime = job->outcome().dataTime;
        if (dataTime.isValid()) {
            const qint64 minutes = dataTime.secsTo(QDateTime::currentDateTimeUtc()) / 60;
            mAge->setText(tr("The destination holds data as of %1 (%2 min before now), from its last sync.")
                              .arg(dataTime.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")))
                              .arg(minutes));
        } else {
            mAge->setText(tr("The destination has no data yet."));
        }
        showFindings();
        mCreateNamespace->setVisible(mCreateNamespace->isChecked());
        for (const ReplicationFinding &finding : std::as_const(mFindings)) {
            if (finding.kind == ReplicationFinding::Kind::TargetNamespaceMissing) {
                const auto target = job->options().target;
                mCreateNamespace->setText(
                    tr("&Create the namespace %1 for the target").arg(target ? target->namespaceName : QString()));
                mCreateNamespace->setVisible(true);
            }
        }
        if (!job->result().ok() && mFindings.isEmpty())
            mFindingsLabel->setText(StatusStyle::badgeHtml(StatusStyle::Kind::Error, job->result().error, palette()));
        mPlanReady = job->result().ok();
        updateButtons();
        Q_EMIT planLoaded();
    });
    OperationTracker::RunOptions quiet;
    quiet.quiet = true;
    mPlanOperation
        = mTracker->run(job, OperationTracker::Kind::Plan, mName, tr("Planning a failover of %1").arg(mName), quiet);
}

void FailoverDialog::showFindings()
{
    QStringList lines;
    for (const ReplicationFinding &finding : std::as_const(mFindings))
        lines.append(StatusStyle::badgeHtml(StatusStyle::Kind::Error, finding.message, palette()));
    mFindingsLabel->setText(lines.join(QStringLiteral("<br>")));
}

void FailoverDialog::confirm()
{
    if (!mEngine || !mPlanReady || mDone || isRunning())
        return;
    const bool test = mKind == Kind::Test;
    mRunOperation = mTracker->run(DisasterRecovery::failover(mEngine, mName, options()), OperationTracker::Kind::Other,
        mName, test ? tr("Test failover of %1").arg(mName) : tr("Failover of %1").arg(mName));
    mRun->follow(mRunOperation);
    updateButtons();
}

void FailoverDialog::updateButtons()
{
    auto *go = findChild<QPushButton *>(QStringLiteral("failoverConfirmButton"));
    const bool editable = !isRunning() && !mDone;
    go->setEnabled(mPlanReady && editable && mEngine);
    for (QWidget *w :
        {static_cast<QWidget *>(mTarget), static_cast<QWidget *>(mRestorePoint), static_cast<QWidget *>(mKeep)})
        w->setEnabled(editable);
    if (mPlanned) {
        mPlanned->setEnabled(editable);
        mUnplanned->setEnabled(editable);
    }
}
