// SPDX-License-Identifier: GPL-3.0-or-later
#include "replicationjob.h"

#include "replicationengine.h"

#include "common/logging.h"
#include "common/sentencetext.h"
#include "common/workertask.h"
#include "engine/volsyncresources.h"
#include "kube/kubeclient.h"
#include "kube/kubereply.h"

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
    if (!mReadStore) {
        QTimer::singleShot(0, this, [this] {
            if (!mFinished)
                run();
        });
        return;
    }
    struct Read {
        std::optional<ReplicationRelationship> relationship;
        QString error;
    };
    WorkerTask::run<Read>(
        this,
        [store = *mReadStore, name = mReadName] {
            Read read;
            read.relationship = store.load(name, &read.error);
            return read;
        },
        [this](const Read &read) {
            mRead = read.relationship;
            mReadError = read.error;
            if (!mFinished)
                run();
        });
}

void ReplicationJob::readRelationshipBeforeRun(const RelationshipStore &store, const QString &name)
{
    mReadStore = store;
    mReadName = name;
}

std::optional<ReplicationRelationship> ReplicationJob::readRelationship(QString *error) const
{
    if (!mRead)
        *error = mReadStore ? mReadError : QStringLiteral("no relationship was read");
    return mRead;
}

void ReplicationJob::cancel()
{
    if (mFinished || mCancelled || mCleaningUp)
        return;
    mCancelled = true;
    const auto pending = mPending;
    mPending.clear();
    for (const QPointer<KubeReply> &reply : pending) {
        if (reply)
            reply->abort();
    }
    if (mInner) {
        // Its end is this job's end: nothing of it is reported any more.
        disconnect(mInner, nullptr, this, nullptr);
        mInner->cancel();
        mInner->deleteLater();
    }
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
    case Step::PreCheck:
        return QStringLiteral("checking that it can be done");
    case Step::FinalSync:
        return QStringLiteral("running a final sync from the source");
    case Step::PauseSource:
        return QStringLiteral("pausing the source");
    case Step::PauseDestination:
        return QStringLiteral("pausing the destination");
    case Step::ProtectRestorePoint:
        return QStringLiteral("protecting the restore point");
    case Step::CreateNamespace:
        return QStringLiteral("creating the namespace");
    case Step::RestoreVolume:
        return QStringLiteral("restoring the volume");
    case Step::WaitForVolume:
        return QStringLiteral("waiting for the restored volume");
    case Step::CopyVolume:
        return QStringLiteral("copying the volume into its target");
    case Step::ReleaseRestorePoint:
        return QStringLiteral("releasing the restore point");
    case Step::DeleteTestVolume:
        return QStringLiteral("deleting the test volume");
    case Step::RecordHistory:
        return QStringLiteral("recording the history");
    case Step::Done:
        return QStringLiteral("done");
    }
    return {};
}

void ReplicationJob::setStep(Step step, const QString &message)
{
    if (mFinished || (mCancelled && !mCleaningUp))
        return;
    mStep = step;
    // A sentence, as the CLI prints it and the GUI shows it (steps are written in upstream's lower case).
    const QString text = sentenceText(message.isEmpty() ? stepName(step) : message);
    qCDebug(lcEngine) << "step" << text;
    Q_EMIT progress(step, text);
}

void ReplicationJob::addObject(const ObjectResult &object)
{
    mResult.objects.append(object);
    Q_EMIT objectChanged(object);
}

void ReplicationJob::runInner(
    ReplicationJob *job, InnerSteps steps, std::function<void(const ReplicationResult &)> done)
{
    Q_ASSERT(!mInner);
    mInner = job;
    job->setParent(this);
    connect(job, &ReplicationJob::progress, this, [this, steps](Step step, const QString &message) {
        setStep(steps == InnerSteps::Own ? step : currentStep(), message);
    });
    connect(job, &ReplicationJob::objectChanged, this, [this](const ObjectResult &object) { addObject(object); });
    connect(job, &ReplicationJob::finished, this, [this, job, done = std::move(done)]() {
        const ReplicationResult result = job->result();
        job->deleteLater();
        mInner = nullptr;
        if (isStopping())
            return;
        for (const QString &note : result.notes)
            addNote(note);
        done(result);
    });
    job->start();
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

void ReplicationJob::fail(const QString &error, const KubeError &cause)
{
    if (!mFinished && !mCleaningUp && !mResult.kubeError.isError())
        mResult.kubeError = cause;
    fail(error);
}

void ReplicationJob::finish(ReplicationResult::Status status, const QString &error)
{
    if (mFinished)
        return;
    if (mCleaningUp) {
        // The clean-up itself failed: end with the first error and say what could not be undone.
        mCleaningUp = false;
        complete(mEndStatus, mEndError + QLatin1Char('\n') + error);
        return;
    }
    if (status != ReplicationResult::Status::Succeeded && !mCleanedUp) {
        mCleanedUp = true;
        mEndStatus = status;
        mEndError = error;
        mCleaningUp = true;
        ++mEpoch;
        if (cleanUp())
            return;
        mCleaningUp = false;
    }
    complete(status, error);
}

void ReplicationJob::endCleanUp(const QString &note)
{
    if (!mCleaningUp)
        return;
    mCleaningUp = false;
    complete(mEndStatus, note.isEmpty() ? mEndError : mEndError + QLatin1Char('\n') + note);
}

void ReplicationJob::complete(ReplicationResult::Status status, const QString &error)
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

void ReplicationJob::await(KubeReply *reply, ReplyHandler handler)
{
    mPending.append(reply);
    const int epoch = mEpoch;
    connect(reply, &KubeReply::finished, this, [this, reply, epoch, handler = std::move(handler)] {
        mPending.removeAll(reply);
        if (mFinished || epoch != mEpoch || (mCancelled && !mCleaningUp))
            return;
        handler(reply);
    });
}

namespace {

QString objectKey(const QJsonObject &o)
{
    const QJsonObject md = o.value(QLatin1String("metadata")).toObject();
    return md.value(QLatin1String("namespace")).toString() + QLatin1Char('/')
        + md.value(QLatin1String("name")).toString();
}

} // namespace

QString ReplicationJob::ownedBody(const KubeResource &resource)
{
    return resource.kind == QLatin1String("Secret") ? QStringLiteral("data") : QStringLiteral("spec");
}

QJsonObject ReplicationJob::mergedForUpdate(
    const QJsonObject &existing, const QJsonObject &desired, const QString &body)
{
    QJsonObject merged = existing;
    QJsonObject meta = merged.value(QLatin1String("metadata")).toObject();
    QJsonObject labels = meta.value(QLatin1String("labels")).toObject();
    const QJsonObject wanted
        = desired.value(QLatin1String("metadata")).toObject().value(QLatin1String("labels")).toObject();
    for (auto it = wanted.begin(); it != wanted.end(); ++it)
        labels.insert(it.key(), it.value());
    meta.insert(QStringLiteral("labels"), labels);
    merged.insert(QStringLiteral("metadata"), meta);
    merged.insert(body, desired.value(body));
    return merged;
}

void ReplicationJob::createOrUpdate(KubeClient *client, const KubeResource &resource, const QJsonObject &desired,
    const QString &cluster, ObjectHandler done, int attempt)
{
    const QJsonObject desiredMeta = desired.value(QLatin1String("metadata")).toObject();
    const QString ns = desiredMeta.value(QLatin1String("namespace")).toString();
    const QString name = desiredMeta.value(QLatin1String("name")).toString();
    const QString body = ownedBody(resource);
    KubeRequest::WriteOptions options;
    options.fieldManager = ReplicationEngine::fieldManager();
    const auto report = [this, cluster, resource, ns, name](ObjectResult::Action action) {
        addObject({cluster, resource.kind, ns, name, action, QString()});
    };
    await(client->get(resource, ns, name), [=, this](KubeReply *got) {
        if (!got->isOk() && !got->error().isNotFound()) {
            fail(QStringLiteral("unable to read %1 %2/%3: %4")
                     .arg(resource.kind, ns, name, VolSyncResources::explained(got->error(), resource).personMessage()),
                got->error());
            return;
        }
        if (!got->isOk()) {
            QJsonObject object = desired;
            object.insert(QStringLiteral("apiVersion"), resource.apiVersion());
            object.insert(QStringLiteral("kind"), resource.kind);
            await(client->create(resource, ns, object, options), [=, this](KubeReply *created) {
                if (created->error().isAlreadyExists() && attempt < 3) {
                    createOrUpdate(client, resource, desired, cluster, done, attempt + 1);
                    return;
                }
                if (!created->isOk()) {
                    fail(QStringLiteral("unable to create %1 %2/%3: %4")
                             .arg(resource.kind, ns, name,
                                 VolSyncResources::explained(created->error(), resource).personMessage()),
                        created->error());
                    return;
                }
                report(ObjectResult::Action::Created);
                done(created->json());
            });
            return;
        }
        const QJsonObject existing = got->json();
        const QJsonObject merged = mergedForUpdate(existing, desired, body);
        if (merged == existing) {
            report(ObjectResult::Action::Unchanged);
            done(existing);
            return;
        }
        await(client->replace(resource, ns, name, merged, options), [=, this](KubeReply *replaced) {
            if ((replaced->error().isConflict() || replaced->error().isNotFound()) && attempt < 3) {
                qCDebug(lcEngine) << "conflict on" << objectKey(merged) << ", retrying";
                createOrUpdate(client, resource, desired, cluster, done, attempt + 1);
                return;
            }
            if (!replaced->isOk()) {
                fail(QStringLiteral("unable to update %1 %2/%3: %4")
                         .arg(resource.kind, ns, name,
                             VolSyncResources::explained(replaced->error(), resource).personMessage()),
                    replaced->error());
                return;
            }
            // The apiserver keeps the resourceVersion when a write changes nothing (defaults filled in).
            const auto version = [](const QJsonObject &o) {
                return o.value(QLatin1String("metadata")).toObject().value(QLatin1String("resourceVersion")).toString();
            };
            report(version(replaced->json()) == version(existing) ? ObjectResult::Action::Unchanged
                                                                  : ObjectResult::Action::Updated);
            done(replaced->json());
        });
    });
}
