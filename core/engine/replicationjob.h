// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "objectresult.h"
#include "relationshipstore.h"

#include "kube/kubeerror.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <optional>

class KubeClient;
class KubeReply;
struct KubeResource;

/// The outcome of a ReplicationJob.
struct ReplicationResult {
    enum class Status {
        Succeeded,
        Failed, ///< something went wrong; see error (one message, for a person)
        Invalid, ///< bad input, found before any cluster was touched (exit code 2)
        Cancelled,
    };
    Status status = Status::Succeeded;
    QString error;
    /// The API error behind `error`, when a request failed (not found, forbidden, unreachable, ...);
    /// no error (isError() false) when the failure was not an API call's.
    KubeError kubeError;
    QList<ObjectResult> objects; ///< per-object report (delete, apply)
    QStringList notes; ///< extra lines for the user (e.g. the sync's mover logs)

    [[nodiscard]] bool ok() const { return status == Status::Succeeded; }
    /// 0 ok, 1 failed or cancelled, 2 bad usage/input.
    [[nodiscard]] int exitCode() const;
};

/// One asynchronous relationship operation (create, set-source, set-destination, schedule, sync,
/// delete). Reports typed progress steps, can be cancelled, and emits finished() exactly once,
/// always asynchronously (never from start()).
class ReplicationJob : public QObject
{
    Q_OBJECT
public:
    /// The steps of all operations, in the order they can happen.
    enum class Step {
        Validate, ///< checking the input and the file
        CheckClusters, ///< namespaces, source PVC, privileged-movers annotation
        AnnotateNamespaces, ///< --allow-privileged-movers
        DeleteOldObjects, ///< set-source/set-destination: removing what the old side created
        CreateDestinationPvc, ///< Direct/None destinations
        ApplyDestination, ///< create or update the ReplicationDestination
        WaitForDestination, ///< waiting for the address and keys
        CopyKeys, ///< copying the key Secret to the source namespace
        ApplySource, ///< create or update the ReplicationSource
        SaveFile, ///< writing the relationship file
        WaitForSync, ///< waiting for the manual sync to complete
        RestoreSchedule, ///< sync --keep-schedule
        KeepSnapshot, ///< delete --keep-snapshot
        DeleteSource,
        DeleteDestination,
        RemoveFile,
        // Disaster recovery (failover, test failover, end test, failback, restore points):
        PreCheck, ///< checking that the operation can work, before anything changes
        FinalSync, ///< planned failover: the last sync from the source
        PauseSource, ///< spec.paused on the ReplicationSource (the old primary writes nothing more)
        PauseDestination, ///< spec.paused on the ReplicationDestination (its image stays put)
        ProtectRestorePoint, ///< labelling the snapshot volsync.backube/do-not-delete while it is restored
        CreateNamespace, ///< the namespace to restore into
        RestoreVolume, ///< creating the PVC from the snapshot
        WaitForVolume, ///< waiting until the restored PVC is Bound
        CopyVolume, ///< another namespace or cluster: copying the restored PVC there (a one-shot relationship)
        ReleaseRestorePoint, ///< giving the snapshot back to VolSync, or deleting it
        DeleteTestVolume, ///< end test: removing what the test created
        RecordHistory, ///< writing the relationship's disaster-recovery history
        Done,
    };
    Q_ENUM(Step)

    explicit ReplicationJob(QObject *parent = nullptr);
    ~ReplicationJob() override;

    /// Starts the work on the event loop. Call once.
    void start();
    /// Stops as soon as possible: running requests are aborted, finished() follows with Cancelled.
    /// What was done so far stays consistent (a rerun completes it).
    void cancel();

    [[nodiscard]] bool isRunning() const { return mStarted && !mFinished; }
    [[nodiscard]] bool isFinished() const { return mFinished; }
    [[nodiscard]] bool isCancelled() const { return mCancelled; }
    [[nodiscard]] Step currentStep() const { return mStep; }
    [[nodiscard]] ReplicationResult result() const { return mResult; }

    /// A short text for a step ("waiting for keys & address of destination to be available").
    [[nodiscard]] static QString stepName(Step step);

Q_SIGNALS:
    /// A new step begins; `message` is the progress line to show (plain text).
    void progress(ReplicationJob::Step step, const QString &message);
    /// An object was created, updated or deleted (also collected in result().objects).
    void objectChanged(const ObjectResult &object);
    void finished();

protected:
    /// Subclasses do their work here (called from the event loop after start(), and after the relationship file
    /// named by readRelationshipBeforeRun() has been read).
    virtual void run() = 0;
    /// Names the relationship file that run() starts from. start() then reads it on a worker thread, since a read
    /// can wait seconds for another writer's lock, and calls run() once it is read (unless the job was cancelled
    /// meanwhile). Call before start(), in the constructor.
    void readRelationshipBeforeRun(const RelationshipStore &store, const QString &name);
    /// What that read gave: the relationship, or nothing and `error` (also when no read was asked for).
    [[nodiscard]] std::optional<ReplicationRelationship> readRelationship(QString *error) const;
    /// Called by cancel(); abort outstanding requests here. finish() is then called by the base.
    virtual void onCancel() { }
    /// Called once when the job is about to end without success (failed or cancelled), before finished().
    /// Return true to undo something asynchronously (e.g. put a schedule back); replies awaited meanwhile
    /// are delivered, and endCleanUp() must follow. The default does nothing.
    virtual bool cleanUp() { return false; }
    /// Ends the clean-up started by cleanUp(): the job finishes with its first status and error, plus `note`
    /// (what the clean-up did). A fail() during clean-up ends it too, adding that error.
    void endCleanUp(const QString &note = QString());
    /// True once the job is finished, cancelled or cleaning up: the normal flow must not go on.
    [[nodiscard]] bool isStopping() const { return mFinished || mCancelled || mCleaningUp; }
    /// True while cleanUp()'s work runs.
    [[nodiscard]] bool isCleaningUp() const { return mCleaningUp; }

    void setStep(Step step, const QString &message = QString());
    void addObject(const ObjectResult &object);
    void addNote(const QString &note);
    void succeed();
    void fail(const QString &error);
    /// Fails with the API error that caused it (kept in result().kubeError).
    void fail(const QString &error, const KubeError &cause);
    void failInvalid(const QString &error);
    [[nodiscard]] ReplicationResult &mutableResult() { return mResult; }

    /// How an inner job's progress lines show in this job.
    enum class InnerSteps {
        Own, ///< as the inner job's steps
        Current, ///< as lines of this job's current step
    };
    /// Runs `job` as a part of this one: it is parented to this job and cancelled with it, its progress and
    /// objects become this job's, and its notes are added to this job's. `done` then gets its result, unless this
    /// job stopped meanwhile. One inner job at a time.
    void runInner(ReplicationJob *job, InnerSteps steps, std::function<void(const ReplicationResult &)> done);

    using ReplyHandler = std::function<void(KubeReply *reply)>;
    /// Calls `handler` when `reply` has finished, unless this job finished (or was cancelled) meanwhile.
    /// Pending replies are aborted on cancel().
    void await(KubeReply *reply, ReplyHandler handler);

    using ObjectHandler = std::function<void(const QJsonObject &object)>;
    /// Create-or-update as upstream does: GET; POST when missing; else PUT only if the labels or the
    /// `spec` (or `data` for Secrets) differ, replacing that part whole. Retries on a conflict.
    /// Reports the object; on error fails the job with `what` ("unable to create ReplicationSource").
    void createOrUpdate(KubeClient *client, const KubeResource &resource, const QJsonObject &desired,
        const QString &cluster, ObjectHandler done, int attempt = 0);

    /// What createOrUpdate PUTs over `existing`: its labels plus those of `desired`, and `desired`'s `body`
    /// ("spec", or "data" for Secrets) whole. Equal to `existing` when nothing needs to change.
    [[nodiscard]] static QJsonObject mergedForUpdate(
        const QJsonObject &existing, const QJsonObject &desired, const QString &body);
    /// "data" for Secrets, else "spec": the part createOrUpdate owns.
    [[nodiscard]] static QString ownedBody(const KubeResource &resource);

private:
    void finish(ReplicationResult::Status status, const QString &error);
    void complete(ReplicationResult::Status status, const QString &error);

    Step mStep = Step::Validate;
    ReplicationResult mResult;
    bool mStarted = false;
    bool mFinished = false;
    bool mCancelled = false;
    bool mCleaningUp = false;
    bool mCleanedUp = false;
    int mEpoch = 0; ///< bumped when the clean-up starts: replies awaited before are dropped
    ReplicationResult::Status mEndStatus = ReplicationResult::Status::Failed;
    QString mEndError;
    QList<QPointer<KubeReply>> mPending;
    QPointer<ReplicationJob> mInner; ///< set by runInner()
    std::optional<RelationshipStore> mReadStore; ///< set by readRelationshipBeforeRun()
    QString mReadName;
    std::optional<ReplicationRelationship> mRead;
    QString mReadError;
};
