// SPDX-License-Identifier: GPL-3.0-or-later
#include "scheduledialog.h"

#include "engine/replicationengine.h"
#include "engine/replicationjob.h"
#include "models/activitylogmodel.h"
#include "scheduleeditor.h"
#include "statusstyle.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

ScheduleDialog::ScheduleDialog(
    ReplicationEngine *engine, ActivityLogModel *log, const QString &name, const QString &currentSpec, QWidget *parent)
    : QDialog(parent)
    , mEngine(engine)
    , mLog(log)
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

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(mEditor);
    layout->addWidget(mAnnotate);
    layout->addWidget(mProgress);
    layout->addWidget(mButtons);
    updateButtons();
}

ScheduleDialog::~ScheduleDialog()
{
    if (mJob) {
        mJob->disconnect(this);
    }
}

bool ScheduleDialog::isRunning() const
{
    return !mJob.isNull();
}

void ScheduleDialog::updateButtons()
{
    mButtons->button(QDialogButtonBox::Apply)->setEnabled(mEditor->isValid() && !mJob && mEngine);
    mEditor->setEnabled(!mJob);
    mButtons->button(QDialogButtonBox::Close)->setText(mJob ? tr("Cancel") : tr("Close"));
}

void ScheduleDialog::apply()
{
    if (!mEngine || mJob || !mEditor->isValid()) {
        return;
    }
    const QString spec = mEditor->cronSpec();
    ReplicationJob *job = nullptr;
    if (spec.isEmpty()) {
        SyncOptions options;
        options.keepSchedule = false;
        options.apply.allowPrivilegedMovers = mAnnotate->isChecked();
        job = mEngine->sync(mName, options);
        mLog->append(ActivityLogModel::Level::Info, mName,
            tr("Making %1 manual-only: one sync now, then only when asked").arg(mName));
    } else {
        ApplyOptions options;
        options.allowPrivilegedMovers = mAnnotate->isChecked();
        job = mEngine->schedule(mName, spec, options);
        mLog->append(ActivityLogModel::Level::Info, mName, tr("Setting the schedule of %1 to %2").arg(mName, spec));
    }
    mJob = job;
    const QString name = mName;
    connect(job, &ReplicationJob::progress, this, [this, name](ReplicationJob::Step, const QString &message) {
        mProgress->setText(StatusStyle::badgeHtml(StatusStyle::Kind::Busy, message, palette()));
        mLog->append(ActivityLogModel::Level::Info, name, message);
    });
    connect(job, &ReplicationJob::objectChanged, this, [this, name](const ObjectResult &object) {
        mLog->append(object.action == ObjectResult::Action::Failed ? ActivityLogModel::Level::Error
                                                                   : ActivityLogModel::Level::Info,
            object.cluster.isEmpty() ? name : object.cluster, object.toString());
    });
    connect(job, &ReplicationJob::finished, this, [this, job, name]() {
        const ReplicationResult result = job->result();
        job->deleteLater();
        mJob = nullptr;
        if (result.ok()) {
            const QString text = mEditor->isManualOnly() ? tr("Done: %1 is manual-only now.").arg(name)
                                                         : tr("Done: the schedule is in place.");
            mProgress->setText(StatusStyle::badgeHtml(StatusStyle::Kind::Ok, text, palette()));
            mLog->append(ActivityLogModel::Level::Success, name, text);
        } else {
            const QString text = result.status == ReplicationResult::Status::Cancelled
                ? tr("Cancelled. Nothing is half-done: applying again completes it.")
                : result.error;
            mProgress->setText(StatusStyle::badgeHtml(StatusStyle::Kind::Error, text, palette()));
            mLog->append(ActivityLogModel::Level::Error, name, text);
        }
        updateButtons();
        Q_EMIT applied(result.ok());
    });
    updateButtons();
    job->start();
}

void ScheduleDialog::reject()
{
    if (mJob) {
        mJob->cancel();
        return;
    }
    QDialog::reject();
}
