// SPDX-License-Identifier: GPL-3.0-or-later
#include "replicationjob.h"

#include "common/logging.h"

#include <QTimer>

int ReplicationResult::exitCode() const
{
    switch (status) {
    case Status::Succeeded:
        return 0;
    case Status::Invalid:
        return 2;
    case Status::Failed:
    case Status::Cancelled:
        return 1;
    }
    return 1;
}

ReplicationJob::ReplicationJob(QObject *parent)
    : QObject(parent)
{ }

ReplicationJob::~ReplicationJob() = default;

void ReplicationJob::start()
{
    if (mStarted)
        return;
    mStarted = true;
    QTimer::singleShot(0, this, [this] {
        if (!mFinished)
            run();
    });
}

void ReplicationJob::cancel()
{
    if (mFinished || mCancelled)
        return;
    mCancelled = true;
    onCancel();
    finish(ReplicationResult::Status::Cancelled, QStringLiteral("cancelled"));
}

QString ReplicationJob::stepName(Step step)
{
    switch (step) {
    case Step::Validate:
        return QStringLiteral("checking the relationship");
    case Step::CheckClusters:
        return QStringLiteral("checking namespaces and volumes");
    case Step::AnnotateNamespaces:
        return QStringLiteral("allowing privileged movers");
    case Step::DeleteOldObjects:
        return QStringLiteral("removing the objects of the previous definition");
    case Step::CreateDestinationPvc:
        return QStringLiteral("creating the destination PVC");
    case Step::ApplyDestination:
        return QStringLiteral("creating resources on Destination");
    case Step::WaitForDestination:
        return QStringLiteral("waiting for keys & address of destination to be available");
    case Step::CopyKeys:
        return QStringLiteral("copying the keys to the source");
    case Step::ApplySource:
        return QStringLiteral("creating resources on Source");
    case Step::SaveFile:
        return QStringLiteral("saving the relationship");
    case Step::WaitForSync:
        return QStringLiteral("waiting for synchronization to complete");
    case Step::RestoreSchedule:
        return QStringLiteral("restoring the schedule");
    case Step::KeepSnapshot:
        return QStringLiteral("keeping the latest snapshot");
    case Step::DeleteSource:
        return QStringLiteral("deleting the source objects");
    case Step::DeleteDestination:
        return QStringLiteral("deleting the destination objects");
    case Step::RemoveFile:
        return QStringLiteral("removing the relationship file");
    case Step::Done:
        return QStringLiteral("done");
    }
    return {};
}

void ReplicationJob::setStep(Step step, const QString &message)
{
    if (mFinished)
        return;
    mStep = step;
    const QString text = message.isEmpty() ? stepName(step) : message;
    qCDebug(lcEngine) << "step" << text;
    Q_EMIT progress(step, text);
}

void ReplicationJob::addObject(const ObjectResult &object)
{
    mResult.objects.append(object);
    Q_EMIT objectChanged(object);
}

void ReplicationJob::addNote(const QString &note)
{
    mResult.notes.append(note);
}

void ReplicationJob::succeed()
{
    finish(ReplicationResult::Status::Succeeded, QString());
}

void ReplicationJob::fail(const QString &error)
{
    finish(ReplicationResult::Status::Failed, error);
}

void ReplicationJob::failInvalid(const QString &error)
{
    finish(ReplicationResult::Status::Invalid, error);
}

void ReplicationJob::finish(ReplicationResult::Status status, const QString &error)
{
    if (mFinished)
        return;
    mFinished = true;
    mStep = Step::Done;
    mResult.status = status;
    mResult.error = error;
    // Always asynchronous, so that callers can connect after start() and never see re-entrance.
    QTimer::singleShot(0, this, [this] { Q_EMIT finished(); });
}
