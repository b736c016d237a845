// SPDX-License-Identifier: GPL-3.0-or-later
#include "scheduledialog.h"

#include "engine/operationtracker.h"

#include "engine/replicationengine.h"
#include "engine/replicationjob.h"
#include "scheduleeditor.h"
#include "statusstyle.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

ScheduleDialog::ScheduleDialog(ReplicationEngine *engine, OperationTracker *tracker, const QString &name,
    const QString &currentSpec, bool offerPrivilegedMovers, QWidget *parent)
    : QDialog(parent)
    , mEngine(engine)
    , mTracker(tracker)
    , mName(name)
{
    setObjectName(QStringLiteral("scheduleDialog"));
    setWindowTitle(tr("Schedule of %1").arg(name));
    mEditor = new ScheduleEditor(this);
    mEditor->setCronSpec(currentSpec);
    mAnnotate = new QCheckBox(tr("Add the privileged-movers annotation to both namespaces if it is missing"), this);
    mAnnotate->setObjectName(QStringLiteral("allowPrivilegedMoversCheck"));
    mAnnotate->setToolTip(tr("The rsync-over-SSH mover needs volsync.backube/privileged-movers=\"true\" on the "
                             "source and destination namespaces"));
    // rsync-TLS movers run unprivileged: nothing to annotate.
    mAnnotate->setVisible(offerPrivilegedMovers);
    mProgress = new QLabel(this);
    mProgress->setObjectName(QStringLiteral("scheduleProgress"));
    mProgress->setWordWrap(true);
    mProgress->setTextFormat(Qt::RichText);
    mButtons = new QDialogButtonBox(QDialogButtonBox::Apply | QDialogButtonBox::Close, this);
    mButtons->setObjectName(QStringLiteral("scheduleButtons"));
    mButtons->button(QDialogButtonBox::Apply)->setObjectName(QStringLiteral("scheduleApplyButton"));
    mButtons->button(QDialogButtonBox::Apply)->setDefault(true);
    mButtons->button(QDialogButtonBox::Close)->setObjectName(QStringLiteral("scheduleCloseButton"));
    connect(mButtons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this, &ScheduleDialog::apply);
    connect(mButtons, &QDialogButtonBox::rejected, this, &ScheduleDialog::reject);
    connect(mEditor, &ScheduleEditor::changed, this, &ScheduleDialog::updateButtons);
    connect(mTracker, &OperationTracker::progress, this, [this](int id, ReplicationJob::Step, const QString &message) {
        if (id == mOperation)
            mProgress->setText(StatusStyle::badgeHtml(StatusStyle::Kind::Busy, message, palette()));
    });
    connect(mTracker, &OperationTracker::finished, this, &ScheduleDialog::onOperationFinished);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(mEditor);
    layout->addWidget(mAnnotate);
    layout->addWidget(mProgress);
    layout->addWidget(mButtons);
    updateButtons();
}

// A running change goes on in the tracker (and the activity log) after the dialog is gone.
ScheduleDialog::~ScheduleDialog() = default;

bool ScheduleDialog::isRunning() const
{
    return mOperation != 0 && mTracker->state(mOperation) == OperationTracker::State::Running;
}

void ScheduleDialog::updateButtons()
{
    const bool running = isRunning();
    mButtons->button(QDialogButtonBox::Apply)->setEnabled(mEditor->isValid() && !running && mEngine);
    mEditor->setEnabled(!running);
    mButtons->button(QDialogButtonBox::Close)
        ->setToolTip(running ? tr("Close this window; the change goes on and ends up in the activity log") : QString());
}

void ScheduleDialog::apply()
{
    if (!mEngine || isRunning() || !mEditor->isValid()) {
        return;
    }
    const QString spec = mEditor->cronSpec();
    if (spec.isEmpty()) {
        SyncOptions options;
        options.keepSchedule = false;
        options.apply.allowPrivilegedMovers = mAnnotate->isVisible() && mAnnotate->isChecked();
        mOperation = mTracker->run(mEngine->sync(mName, options), OperationTracker::Kind::Sync, mName,
            tr("Making %1 manual-only: one sync now, then only when asked").arg(mName));
    } else {
        ApplyOptions options;
        options.allowPrivilegedMovers = mAnnotate->isVisible() && mAnnotate->isChecked();
        mOperation = mTracker->run(mEngine->schedule(mName, spec, options), OperationTracker::Kind::Schedule, mName,
            tr("Setting the schedule of %1 to %2").arg(mName, spec));
    }
    updateButtons();
}

void ScheduleDialog::onOperationFinished(int id, const ReplicationResult &result)
{
    if (id != mOperation)
        return;
    if (result.ok()) {
        const QString text = mEditor->isManualOnly() ? tr("Done: %1 is manual-only now.").arg(mName)
                                                     : tr("Done: the schedule is in place.");
        mProgress->setText(StatusStyle::badgeHtml(StatusStyle::Kind::Ok, text, palette()));
    } else {
        const QString text = result.status == ReplicationResult::Status::Cancelled
            ? tr("Cancelled. Nothing is half-done: applying again completes it.")
            : result.error;
        mProgress->setText(StatusStyle::badgeHtml(StatusStyle::Kind::Error, text, palette()));
    }
    updateButtons();
    Q_EMIT applied(result.ok());
}

void ScheduleDialog::reject()
{
    // A running change goes on: the tracker lists it and the activity log gets its result.
    QDialog::reject();
}
