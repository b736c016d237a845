// SPDX-License-Identifier: GPL-3.0-or-later
#include "replicationfailoverjob.h"

#include "disasterrecoveryhistory.h"
#include "replicationengine.h"
#include "restorepoint.h"
#include "volsyncresources.h"
#include "volumecopyjob.h"

#include "kube/kubeclient.h"
#include "kube/kubereply.h"
#include "kube/kuberesource.h"
#include "kube/kubesession.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTimer>

namespace {

QJsonObject obj(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toObject();
}

QString str(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toString();
}

QDateTime parseTime(const QString &text)
{
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid())
        time = QDateTime::fromString(text, Qt::ISODate);
    return time.isValid() ? time.toUTC() : QDateTime();
}

// "35 s", "7 min", "2 h 5 min", "3 d 4 h".
QString formatAge(qint64 seconds)
{
    seconds = qMax<qint64>(0, seconds);
    if (seconds < 60)
        return QStringLiteral("%1 s").arg(seconds);
    if (seconds < 3600)
        return QStringLiteral("%1 min").arg(seconds / 60);
    if (seconds < 86400)
        return QStringLiteral("%1 h %2 min").arg(seconds / 3600).arg(seconds % 3600 / 60);
    return QStringLiteral("%1 d %2 h").arg(seconds / 86400).arg(seconds % 86400 / 3600);
}

QString contextText(const QString &context)
{
    return context.isEmpty() ? QStringLiteral("the current context") : context;
}

bool unreachable(const KubeError &error)
{
    return error.kind() == KubeError::Kind::Transport || error.kind() == KubeError::Kind::Timeout;
}

} // namespace

QString ReplicationFailoverJob::testLabel()
{
    return QStringLiteral("volsync-desktop/dr-test");
}

QString ReplicationFailoverJob::restoredFromAnnotation()
{
    return QStringLiteral("volsync-desktop/restored-from");
}

QString ReplicationFailoverJob::dataTimeAnnotation()
{
    return QStringLiteral("volsync-desktop/data-time");
}

QString ReplicationFailoverJob::relationshipAnnotation()
{
    return QStringLiteral("volsync-desktop/relationship-id");
}

QString ReplicationFailoverJob::failedOverAnnotation()
{
    return QStringLiteral("volsync-desktop/failed-over-at");
}

QString ReplicationFailoverJob::scheduleAnnotation()
{
    return QStringLiteral("volsync-desktop/schedule-before-failover");
}

QString ReplicationFailoverJob::testingAnnotation()
{
    return QStringLiteral("volsync-desktop/testing-since");
}

ReplicationFailoverJob::ReplicationFailoverJob(
    ReplicationEngine *engine, const QString &name, const FailoverOptions &options, QObject *parent)
    : DisasterRecoveryJob(engine, name, parent)
    , mOptions(options)
    , mPoll(new QTimer(this))
{
    mPoll->setSingleShot(true);
    connect(mPoll, &QTimer::timeout, this, &ReplicationFailoverJob::pollVolume);
}

void ReplicationFailoverJob::onCancel()
{
    mPoll->stop();
    if (currentStep() > Step::PreCheck)
        record(false, QStringLiteral("cancelled during: %1").arg(stepName(currentStep())));
}

QString ReplicationFailoverJob::targetText() const
{
    return QStringLiteral("%1/%2 on %3").arg(mTarget.namespaceName, mTarget.name, contextText(mTarget.context));
}

QString ReplicationFailoverJob::restoreText() const
{
    return QStringLiteral("%1/%2 on %3").arg(mRestore.namespaceName, mRestore.name, contextText(mRestore.context));
}

QString ReplicationFailoverJob::imageName() const
{
    return str(obj(obj(mRd, "status"), "latestImage"), "name");
}

QString ReplicationFailoverJob::snapshotText() const
{
    return QStringLiteral("VolumeSnapshot %1/%2 on %3")
        .arg(mRel.destination->namespaceName, str(obj(mSnapshot, "metadata"), "name"),
            contextText(mRel.destination->cluster));
}

void ReplicationFailoverJob::addFinding(ReplicationFinding::Kind kind, const QString &message, const QString &evidence)
{
    mFindings.append({kind, ReplicationFinding::Severity::Error, message, evidence, ReplicationFix {}});
}

// --- pre-check --------------------------------------------------------------------------------------------

void ReplicationFailoverJob::run()
{
    setStep(Step::Validate);
    const auto loaded
        = loadDestination(QStringLiteral("%1 has no destination: there is nothing to %2")
                              .arg(mName, isTest() ? QStringLiteral("test") : QStringLiteral("fail over to")));
    if (!loaded)
        return;
    mRel = loaded->relationship;
    if (mOptions.mode == FailoverOptions::Mode::Planned && !mRel.source) {
        failInvalid(QStringLiteral("%1 has no source: a planned failover syncs from it one last time; use an "
                                   "unplanned failover to promote what the destination has")
                        .arg(mName));
        return;
    }
    const ReplicationDestinationSide &dst = *mRel.destination;
    mDestination = loaded->client;
    if (mRel.source)
        mSource = ReplicationEngine::clientFor(mEngine->session(), mRel.source->cluster);
    mTarget.context = mOptions.target && !mOptions.target->context.isEmpty() ? mOptions.target->context : dst.cluster;
    mTarget.namespaceName = mOptions.target && !mOptions.target->namespaceName.isEmpty()
        ? mOptions.target->namespaceName
        : dst.namespaceName;
    mTarget.name = mOptions.target && !mOptions.target->name.isEmpty() ? mOptions.target->name
        : isTest()                                                     ? QStringLiteral("%1-dr-test-%2")
                         .arg(dst.rdName, QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddHHmmss")))
                   : dst.rdName;
    if (!isDns1123Subdomain(mTarget.name) || !isDns1123Label(mTarget.namespaceName)) {
        failInvalid(QStringLiteral("%1/%2 is not a valid namespace/PVC name").arg(mTarget.namespaceName, mTarget.name));
        return;
    }
    mRestore = mTarget;
    mTargetClient = mDestination;
    mCopy = mTarget.context != dst.cluster || mTarget.namespaceName != dst.namespaceName;
    if (mCopy) {
        // A VolumeSnapshot restores only in its own namespace: there first (a PVC made for the copy only), then a
        // one-shot relationship copies it into the target. Both names follow from the target, so that a rerun
        // finds what an earlier run began.
        mTargetClient = ReplicationEngine::clientFor(mEngine->session(), mTarget.context);
        if (!mTargetClient->isValid()) {
            fail(QStringLiteral("cannot use the target's context %1: %2")
                     .arg(contextText(mTarget.context), mTargetClient->configError().personMessage()),
                mTargetClient->configError());
            return;
        }
        const QString key = QString::fromLatin1(QCryptographicHash::hash(
            (mRel.id + QLatin1Char('|') + mTarget.toString()).toUtf8(), QCryptographicHash::Sha1)
                                                    .toHex()
                                                    .left(8));
        QString base = mName.toLower();
        base.replace(QRegularExpression(QStringLiteral("[^a-z0-9-]")), QStringLiteral("-"));
        base = base.left(40);
        while (base.endsWith(QLatin1Char('-')))
            base.chop(1);
        mCopyRelationship = QStringLiteral("%1-copy-%2").arg(base.isEmpty() ? QStringLiteral("dr") : base, key);
        mRestore
            = ObjectName {dst.cluster, dst.namespaceName, QStringLiteral("%1-copy-%2").arg(dst.rdName.left(40), key)};
        while (mRestore.name.contains(QStringLiteral("--")))
            mRestore.name.replace(QStringLiteral("--"), QStringLiteral("-"));
    }
    preCheck();
}

void ReplicationFailoverJob::preCheck()
{
    const ReplicationDestinationSide &dst = *mRel.destination;
    setStep(Step::PreCheck, QStringLiteral("checking %1 before anything changes").arg(mName));
    await(mDestination->get(VolSyncResources::replicationDestinations(), dst.namespaceName, dst.rdName),
        [this, dst](KubeReply *reply) {
            if (reply->error().isNotFound()) {
                addFinding(ReplicationFinding::Kind::DestinationMissing,
                    QStringLiteral("The ReplicationDestination %1/%2 does not exist on %3: there is no replicated data "
                                   "to promote.")
                        .arg(dst.namespaceName, dst.rdName, contextText(dst.cluster)));
                checkTarget();
                return;
            }
            if (!reply->isOk()) {
                fail(QStringLiteral("cannot read the ReplicationDestination %1/%2 on %3: %4")
                         .arg(dst.namespaceName, dst.rdName, contextText(dst.cluster), reply->error().personMessage()),
                    reply->error());
                return;
            }
            mRd = reply->json();
            // The schedule to give back at fail back: the file's, or, when a final sync replaced it already (a
            // rerun), the one noted on the RD before that sync.
            if (mRel.source && mRel.source->trigger.schedule && !mRel.source->trigger.schedule->isEmpty())
                mSchedule = *mRel.source->trigger.schedule;
            else
                mSchedule = obj(obj(mRd, "metadata"), "annotations").value(scheduleAnnotation()).toString();
            const QJsonObject latest = obj(obj(mRd, "status"), "latestImage");
            // What a dry run reports as the data's age: the destination's last sync (replaced by the restore
            // point's own time below when another one is chosen).
            mOutcome.dataTime = parseTime(str(obj(mRd, "status"), "lastSyncTime"));
            mDirect = str(latest, "kind") == QLatin1String("PersistentVolumeClaim")
                || (latest.isEmpty() && dst.copyMethod != QLatin1String("Snapshot"));
            const bool resuming = obj(obj(mRd, "metadata"), "annotations").contains(failedOverAnnotation());
            const QString snapshot = mOptions.restorePoint.isEmpty() ? str(latest, "name") : mOptions.restorePoint;
            const bool imageComesLater
                = mOptions.mode == FailoverOptions::Mode::Planned && !resuming && mOptions.restorePoint.isEmpty();
            if (mDirect || imageComesLater) {
                if (mDirect && latest.isEmpty() && !imageComesLater) {
                    addFinding(ReplicationFinding::Kind::NoImage,
                        QStringLiteral("The destination %1/%2 has not received any data yet.")
                            .arg(dst.namespaceName, dst.rdName));
                }
                checkTarget();
                return;
            }
            if (snapshot.isEmpty()) {
                addFinding(ReplicationFinding::Kind::NoImage,
                    QStringLiteral("The destination %1/%2 has no image yet: nothing was synced to it.")
                        .arg(dst.namespaceName, dst.rdName));
                checkTarget();
                return;
            }
            await(mDestination->get(KubeResource::volumeSnapshots(), dst.namespaceName, snapshot),
                [this, dst, snapshot](KubeReply *snapReply) {
                    if (snapReply->error().isNotFound()) {
                        addFinding(ReplicationFinding::Kind::RestorePointMissing,
                            QStringLiteral("The VolumeSnapshot %1/%2 does not exist on %3.")
                                .arg(dst.namespaceName, snapshot, contextText(dst.cluster)));
                    } else if (!snapReply->isOk()) {
                        fail(QStringLiteral("cannot read the VolumeSnapshot %1/%2: %3")
                                 .arg(dst.namespaceName, snapshot, snapReply->error().personMessage()),
                            snapReply->error());
                        return;
                    } else if (!obj(snapReply->json(), "status").value(QStringLiteral("readyToUse")).toBool()) {
                        const QJsonObject snapError = obj(obj(snapReply->json(), "status"), "error");
                        addFinding(ReplicationFinding::Kind::RestorePointNotReady,
                            QStringLiteral("The VolumeSnapshot %1/%2 is not ready to use yet.")
                                .arg(dst.namespaceName, snapshot),
                            str(snapError, "message"));
                    } else {
                        mSnapshot = snapReply->json();
                        if (snapshot != str(obj(obj(mRd, "status"), "latestImage"), "name"))
                            mOutcome.dataTime
                                = RestorePoint::fromSnapshot(dst.cluster, mSnapshot, QString()).creationTime;
                    }
                    checkTarget();
                });
        });
}

void ReplicationFailoverJob::checkTarget()
{
    const ReplicationDestinationSide &dst = *mRel.destination;
    if (mDirect) {
        checkSource();
        return;
    }
    Q_UNUSED(dst)
    await(mTargetClient->get(KubeResource::persistentVolumeClaims(), mTarget.namespaceName, mTarget.name),
        [this](KubeReply *reply) {
            if (reply->isOk()) {
                const QJsonObject annotations = obj(obj(reply->json(), "metadata"), "annotations");
                if (str(annotations, "volsync-desktop/relationship-id") == mRel.id
                    && annotations.contains(restoredFromAnnotation())) {
                    mExistingTarget = reply->json(); // a previous run of this operation made it: carry on
                    mCopied = mCopy && !annotations.contains(VolumeCopyJob::copyingAnnotation());
                } else {
                    addFinding(ReplicationFinding::Kind::TargetExists,
                        QStringLiteral("The PVC %1 exists already: choose another target PVC.").arg(targetText()));
                }
            } else if (!reply->error().isNotFound()) {
                fail(QStringLiteral("cannot read the PVC %1: %2").arg(targetText(), reply->error().personMessage()),
                    reply->error());
                return;
            }
            await(mTargetClient->get(KubeResource::namespaces(), QString(), mTarget.namespaceName),
                [this](KubeReply *nsReply) {
                    if (nsReply->error().isNotFound()) {
                        mNamespaceMissing = true;
                        if (!mOptions.createNamespace) {
                            mFindings.append(
                                {ReplicationFinding::Kind::TargetNamespaceMissing, ReplicationFinding::Severity::Error,
                                    QStringLiteral("The namespace %1 does not exist on %2: run again creating it "
                                                   "(--create-namespace).")
                                        .arg(mTarget.namespaceName, contextText(mTarget.context)),
                                    QString(), ReplicationFix {}});
                        }
                    } else if (!nsReply->isOk()) {
                        fail(QStringLiteral("cannot read the namespace %1: %2")
                                 .arg(mTarget.namespaceName, nsReply->error().personMessage()),
                            nsReply->error());
                        return;
                    }
                    checkRestore();
                });
        });
}

void ReplicationFailoverJob::checkRestore()
{
    if (!mCopy) {
        mExistingRestore = mExistingTarget;
        checkSource();
        return;
    }
    // The PVC in the snapshot's namespace that the copy reads from: ours from an earlier run, or free.
    await(mDestination->get(KubeResource::persistentVolumeClaims(), mRestore.namespaceName, mRestore.name),
        [this](KubeReply *reply) {
            if (reply->isOk()) {
                const QJsonObject annotations = obj(obj(reply->json(), "metadata"), "annotations");
                if (str(annotations, "volsync-desktop/relationship-id") == mRel.id
                    && annotations.contains(restoredFromAnnotation())) {
                    mExistingRestore = reply->json();
                } else {
                    addFinding(ReplicationFinding::Kind::TargetExists,
                        QStringLiteral("The PVC %1 exists already and is not this relationship's: a copy into %2 "
                                       "restores the snapshot there first. Delete or rename that PVC.")
                            .arg(restoreText(), targetText()));
                }
            } else if (!reply->error().isNotFound()) {
                fail(QStringLiteral("cannot read the PVC %1: %2").arg(restoreText(), reply->error().personMessage()),
                    reply->error());
                return;
            }
            checkSource();
        });
}

void ReplicationFailoverJob::checkSource()
{
    if (isTest() || !mRel.source || !mSource || !mSource->isValid()) {
        if (mOptions.mode == FailoverOptions::Mode::Planned && (!mSource || !mSource->isValid())) {
            addFinding(ReplicationFinding::Kind::SourceUnreachable,
                QStringLiteral("The source's context cannot be used: a planned failover needs the source; use an "
                               "unplanned failover."));
        }
        evaluate();
        return;
    }
    const ReplicationSourceSide src = *mRel.source;
    const bool resuming = obj(obj(mRd, "metadata"), "annotations").contains(failedOverAnnotation());
    await(mSource->get(VolSyncResources::replicationSources(), src.namespaceName, src.rsName),
        [this, src, resuming](KubeReply *reply) {
            if (unreachable(reply->error())) {
                mSourceReachable = false;
                if (mOptions.mode == FailoverOptions::Mode::Planned && !resuming) {
                    addFinding(ReplicationFinding::Kind::SourceUnreachable,
                        QStringLiteral("The source cluster %1 cannot be reached: a planned failover needs it for the "
                                       "final sync; use an unplanned failover to promote what the destination has.")
                            .arg(contextText(src.cluster)),
                        reply->error().personMessage());
                }
                evaluate();
                return;
            }
            mSourceReachable = true;
            if (reply->error().isNotFound()) {
                if (mOptions.mode == FailoverOptions::Mode::Planned && !resuming) {
                    addFinding(ReplicationFinding::Kind::SourceMissing,
                        QStringLiteral("The ReplicationSource %1/%2 does not exist on %3: there is no source to sync "
                                       "from one last time; use an unplanned failover.")
                            .arg(src.namespaceName, src.rsName, contextText(src.cluster)));
                }
                evaluate();
                return;
            }
            if (!reply->isOk()) {
                fail(QStringLiteral("cannot read the ReplicationSource %1/%2: %3")
                         .arg(src.namespaceName, src.rsName, reply->error().personMessage()),
                    reply->error());
                return;
            }
            const QJsonArray conditions = obj(reply->json(), "status").value(QStringLiteral("conditions")).toArray();
            for (const QJsonValue &value : conditions) {
                const QJsonObject c = value.toObject();
                if (str(c, "type") == QLatin1String("Synchronizing") && str(c, "status") == QLatin1String("True")
                    && str(c, "reason") == QLatin1String("SyncInProgress"))
                    mSourceSyncing = true;
            }
            if (mSourceSyncing && mOptions.mode == FailoverOptions::Mode::Unplanned && !resuming) {
                addFinding(ReplicationFinding::Kind::SyncInProgress,
                    QStringLiteral("A sync of %1 is in progress: wait until it ends, or run a planned failover, which "
                                   "waits for a final sync.")
                        .arg(mName),
                    QStringLiteral("ReplicationSource %1/%2 Synchronizing: SyncInProgress")
                        .arg(src.namespaceName, src.rsName));
            }
            evaluate();
        });
}

void ReplicationFailoverJob::evaluate()
{
    if (!mFindings.isEmpty()) {
        QStringList lines;
        for (const ReplicationFinding &finding : std::as_const(mFindings))
            lines.append(finding.text());
        fail(QStringLiteral("%1 cannot %2: %3")
                 .arg(mName, isTest() ? QStringLiteral("be tested") : QStringLiteral("fail over"),
                     lines.join(QStringLiteral(" "))));
        return;
    }
    const ReplicationDestinationSide &dst = *mRel.destination;
    const bool resuming = obj(obj(mRd, "metadata"), "annotations").contains(failedOverAnnotation());
    if (mOptions.dryRun) {
        if (mOptions.mode == FailoverOptions::Mode::Planned && !resuming) {
            mPlan.append(
                QStringLiteral("update ReplicationSource %1/%2 on %3: a final manual sync (the schedule is "
                               "replaced by a manual trigger%4)")
                    .arg(mRel.source->namespaceName, mRel.source->rsName, contextText(mRel.source->cluster),
                        mSchedule.isEmpty() ? QString() : QStringLiteral("; fail back puts %1 back").arg(mSchedule)));
            if (!mSchedule.isEmpty())
                mPlan.append(
                    QStringLiteral("annotate ReplicationDestination %1/%2 on %3: %4=%5")
                        .arg(dst.namespaceName, dst.rdName, contextText(dst.cluster), scheduleAnnotation(), mSchedule));
        }
        if (!isTest()) {
            mPlan.append(QStringLiteral("update ReplicationDestination %1/%2 on %3: spec.paused=true")
                             .arg(dst.namespaceName, dst.rdName, contextText(dst.cluster)));
            if (mRel.source) {
                mPlan.append(
                    QStringLiteral("update ReplicationSource %1/%2 on %3: spec.paused=true%4")
                        .arg(mRel.source->namespaceName, mRel.source->rsName, contextText(mRel.source->cluster),
                            mSourceReachable ? QString() : QStringLiteral(" (if it can be reached)")));
            }
        }
        if (mDirect) {
            mPlan.append(QStringLiteral("use PersistentVolumeClaim %1/%2 on %3 as it is (copy method Direct)")
                             .arg(dst.namespaceName, imageName(), contextText(dst.cluster)));
        } else {
            const QString snapshot = mSnapshot.isEmpty() ? QStringLiteral("(the image of the final sync)")
                                                         : str(obj(mSnapshot, "metadata"), "name");
            mPlan.append(
                QStringLiteral("label VolumeSnapshot %1/%2 on %3: %4=true while it is restored")
                    .arg(dst.namespaceName, snapshot, contextText(dst.cluster), ReplicationEngine::doNotDeleteLabel()));
            if (mNamespaceMissing)
                mPlan.append(QStringLiteral("create Namespace %1 on %2")
                                 .arg(mTarget.namespaceName, contextText(mTarget.context)));
            if (isTest() && !obj(obj(mRd, "metadata"), "annotations").contains(testingAnnotation()))
                mPlan.append(QStringLiteral("annotate ReplicationDestination %1/%2 on %3: %4 (until end-test)")
                                 .arg(dst.namespaceName, dst.rdName, contextText(dst.cluster), testingAnnotation()));
            if (mCopy) {
                if (mExistingRestore.isEmpty() && !mCopied)
                    mPlan.append(QStringLiteral("create PersistentVolumeClaim %1 from VolumeSnapshot %2 (a snapshot "
                                                "restores only in its own namespace)")
                                     .arg(restoreText(), snapshot));
                if (!mCopied)
                    mPlan.append(
                        QStringLiteral("%1PersistentVolumeClaim %2 and copy %3 into it through the one-shot "
                                       "relationship %4 (rsync, both sides Direct)")
                            .arg(mExistingTarget.isEmpty() ? QStringLiteral("create ") : QStringLiteral("use "),
                                targetText(), mRestore.name, mCopyRelationship));
                mPlan.append(QStringLiteral("delete the relationship %1 and PersistentVolumeClaim %2 once copied")
                                 .arg(mCopyRelationship, restoreText()));
            } else if (mExistingTarget.isEmpty()) {
                mPlan.append(QStringLiteral("create PersistentVolumeClaim %1 from VolumeSnapshot %2")
                                 .arg(targetText(), snapshot));
            }
            mPlan.append(mOptions.keepRestorePoint
                    ? QStringLiteral("keep VolumeSnapshot %1/%2 as a restore point").arg(dst.namespaceName, snapshot)
                    : QStringLiteral(
                        "unlabel VolumeSnapshot %1/%2 (or delete it once it is no longer the latest image)")
                          .arg(dst.namespaceName, snapshot));
        }
        mPlan.append(QStringLiteral("write the disaster-recovery history of %1").arg(mName));
        for (const QString &line : std::as_const(mPlan))
            addNote(QStringLiteral("would ") + line);
        setStep(Step::Done, QStringLiteral("dry run: nothing was changed"));
        succeed();
        return;
    }
    if (mOptions.mode == FailoverOptions::Mode::Planned && !resuming)
        finalSync();
    else
        pauseDestination();
}

// --- the changes --------------------------------------------------------------------------------------------

void ReplicationFailoverJob::finalSync()
{
    const ReplicationDestinationSide &dst = *mRel.destination;
    const QJsonObject annotations = obj(obj(mRd, "metadata"), "annotations");
    if (mSchedule.isEmpty() || annotations.value(scheduleAnnotation()).toString() == mSchedule) {
        runFinalSync();
        return;
    }
    // Noted before the trigger changes, so that a rerun after a crash still knows the schedule.
    setStep(Step::FinalSync,
        QStringLiteral("noting the schedule %1 on ReplicationDestination %2/%3 for fail back")
            .arg(mSchedule, dst.namespaceName, dst.rdName));
    annotateDestination(scheduleAnnotation(), mSchedule, [this] { runFinalSync(); });
}

void ReplicationFailoverJob::annotateDestination(const QString &key, const QString &value, std::function<void()> then)
{
    const ReplicationDestinationSide &dst = *mRel.destination;
    const QJsonObject patch {
        {QStringLiteral("metadata"), QJsonObject {{QStringLiteral("annotations"), QJsonObject {{key, value}}}}}};
    KubeRequest::WriteOptions options;
    options.fieldManager = ReplicationEngine::fieldManager();
    await(mDestination->mergePatch(
              VolSyncResources::replicationDestinations(), dst.namespaceName, dst.rdName, patch, options),
        [this, then](KubeReply *reply) {
            if (!reply->isOk()) {
                const QString error = QStringLiteral("unable to annotate the ReplicationDestination: %1")
                                          .arg(reply->error().personMessage());
                record(false, error);
                fail(error, reply->error());
                return;
            }
            mRd = reply->json();
            then();
        });
}

void ReplicationFailoverJob::runFinalSync()
{
    setStep(Step::FinalSync,
        QStringLiteral("running a final sync of %1 from %2").arg(mName, contextText(mRel.source->cluster)));
    SyncOptions options;
    options.timeoutMs = mOptions.timeoutMs;
    runInner(mEngine->sync(mName, options), InnerSteps::Current, [this](const ReplicationResult &result) {
        if (!result.ok()) {
            record(false, QStringLiteral("the final sync failed: %1").arg(result.error));
            fail(QStringLiteral("the final sync failed, nothing was promoted: %1. Run it again, or run an unplanned "
                                "failover to promote what the destination has.")
                     .arg(result.error),
                result.kubeError);
            return;
        }
        pauseDestination();
    });
}

void ReplicationFailoverJob::pauseDestination()
{
    if (isTest()) {
        readImage();
        return;
    }
    const ReplicationDestinationSide dst = *mRel.destination;
    setStep(Step::PauseDestination,
        QStringLiteral("pausing ReplicationDestination %1/%2 so that its image stays put")
            .arg(dst.namespaceName, dst.rdName));
    QJsonObject annotations;
    if (!obj(obj(mRd, "metadata"), "annotations").contains(failedOverAnnotation()))
        annotations.insert(failedOverAnnotation(), QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    QJsonObject patch {{QStringLiteral("spec"), QJsonObject {{QStringLiteral("paused"), true}}}};
    if (!annotations.isEmpty())
        patch.insert(QStringLiteral("metadata"), QJsonObject {{QStringLiteral("annotations"), annotations}});
    KubeRequest::WriteOptions options;
    options.fieldManager = ReplicationEngine::fieldManager();
    await(mDestination->mergePatch(
              VolSyncResources::replicationDestinations(), dst.namespaceName, dst.rdName, patch, options),
        [this, dst](KubeReply *reply) {
            if (!reply->isOk()) {
                const QString error = QStringLiteral("unable to pause ReplicationDestination %1/%2: %3")
                                          .arg(dst.namespaceName, dst.rdName, reply->error().personMessage());
                record(false, error);
                fail(error, reply->error());
                return;
            }
            addObject({dst.cluster, QStringLiteral("ReplicationDestination"), dst.namespaceName, dst.rdName,
                ObjectResult::Action::Updated, QStringLiteral("paused")});
            pauseSource();
        });
}

void ReplicationFailoverJob::pauseSource()
{
    if (!mRel.source) {
        readImage();
        return;
    }
    setStep(Step::PauseSource,
        QStringLiteral("pausing ReplicationSource %1/%2 so that the old primary overwrites nothing")
            .arg(mRel.source->namespaceName, mRel.source->rsName));
    runInner(mEngine->setPaused(mName, true), InnerSteps::Current, [this](const ReplicationResult &result) {
        if (!result.ok()) {
            if (mOptions.mode == FailoverOptions::Mode::Planned) {
                record(false, result.error);
                fail(QStringLiteral("unable to pause the source: %1; run the failover again").arg(result.error),
                    result.kubeError);
                return;
            }
            addNote(QStringLiteral("The source could not be paused (%1). Pause it as soon as its cluster is back: "
                                   "volsyncctl replication -r %2 pause")
                        .arg(result.error, mName));
        }
        readImage();
    });
}

void ReplicationFailoverJob::readImage()
{
    const ReplicationDestinationSide dst = *mRel.destination;
    await(mDestination->get(VolSyncResources::replicationDestinations(), dst.namespaceName, dst.rdName),
        [this, dst](KubeReply *reply) {
            if (!reply->isOk()) {
                const QString error = QStringLiteral("cannot read the ReplicationDestination %1/%2: %3")
                                          .arg(dst.namespaceName, dst.rdName, reply->error().personMessage());
                record(false, error);
                fail(error, reply->error());
                return;
            }
            mRd = reply->json();
            const QJsonObject status = obj(mRd, "status");
            const QJsonObject latest = obj(status, "latestImage");
            if (mDirect) {
                mTarget = ObjectName {dst.cluster, dst.namespaceName, str(latest, "name")};
                mOutcome.dataTime = parseTime(str(status, "lastSyncTime"));
                complete();
                return;
            }
            QString snapshot = mOptions.restorePoint.isEmpty() ? str(latest, "name") : mOptions.restorePoint;
            QString earlier
                = str(obj(obj(mExistingTarget, "metadata"), "annotations"), "volsync-desktop/restored-from");
            if (earlier.isEmpty())
                earlier = str(obj(obj(mExistingRestore, "metadata"), "annotations"), "volsync-desktop/restored-from");
            if (!earlier.isEmpty())
                snapshot = earlier; // a rerun finishes the restore it began
            if (snapshot.isEmpty()) {
                const QString error
                    = QStringLiteral("the destination %1/%2 has no image").arg(dst.namespaceName, dst.rdName);
                record(false, error);
                fail(error);
                return;
            }
            await(mDestination->get(KubeResource::volumeSnapshots(), dst.namespaceName, snapshot),
                [this, dst, snapshot, status](KubeReply *snapReply) {
                    if (mCopied && snapReply->error().isNotFound()) {
                        // A complete earlier run released the restore point, which a later sync deleted: only the
                        // copy's clean-up can be left.
                        mOutcome.restorePoint = snapshot;
                        mOutcome.dataTime = parseTime(
                            str(obj(obj(mExistingTarget, "metadata"), "annotations"), "volsync-desktop/data-time"));
                        copyVolume();
                        return;
                    }
                    if (!snapReply->isOk()
                        || !obj(snapReply->json(), "status").value(QStringLiteral("readyToUse")).toBool()) {
                        const QString error = snapReply->isOk()
                            ? QStringLiteral("the VolumeSnapshot %1/%2 is not ready to use")
                                  .arg(dst.namespaceName, snapshot)
                            : QStringLiteral("cannot read the VolumeSnapshot %1/%2: %3")
                                  .arg(dst.namespaceName, snapshot, snapReply->error().personMessage());
                        record(false, error);
                        fail(error, snapReply->error());
                        return;
                    }
                    mSnapshot = snapReply->json();
                    mOutcome.restorePoint = snapshot;
                    // The latest image holds the last sync; an older restore point what was synced when it was taken.
                    const bool latest = str(obj(status, "latestImage"), "name") == snapshot;
                    mOutcome.dataTime = latest
                        ? parseTime(str(status, "lastSyncTime"))
                        : RestorePoint::fromSnapshot(dst.cluster, mSnapshot, QString()).creationTime;
                    protectRestorePoint();
                });
        });
}

void ReplicationFailoverJob::protectRestorePoint()
{
    const ReplicationDestinationSide dst = *mRel.destination;
    const QString snapshot = str(obj(mSnapshot, "metadata"), "name");
    const QJsonObject labels = obj(obj(mSnapshot, "metadata"), "labels");
    setStep(Step::ProtectRestorePoint,
        QStringLiteral("labelling %1 %2 while it is restored")
            .arg(snapshotText(), ReplicationEngine::doNotDeleteLabel()));
    if (labels.contains(ReplicationEngine::doNotDeleteLabel())) {
        // Kept by the user (theirs to release), or labelled by an earlier run of this operation (ours).
        mWeLabelled = labels.contains(RestorePoint::restoringLabel());
        createNamespace();
        return;
    }
    const QJsonObject patch {{QStringLiteral("metadata"),
        QJsonObject {{QStringLiteral("labels"),
            QJsonObject {{ReplicationEngine::doNotDeleteLabel(), QStringLiteral("true")},
                {RestorePoint::restoringLabel(), mRestore.name}}}}}};
    KubeRequest::WriteOptions options;
    options.fieldManager = ReplicationEngine::fieldManager();
    await(mDestination->mergePatch(KubeResource::volumeSnapshots(), dst.namespaceName, snapshot, patch, options),
        [this, dst, snapshot](KubeReply *reply) {
            if (reply->error().isNotFound() && mOptions.restorePoint.isEmpty() && mExistingRestore.isEmpty()
                && mExistingTarget.isEmpty()) {
                // A newer sync replaced the latest image before it could be protected: take the new one.
                addNote(QStringLiteral("VolumeSnapshot %1 was replaced by a newer sync before it could be protected; "
                                       "restoring the newer image")
                            .arg(snapshot));
                readImage();
                return;
            }
            if (!reply->isOk()) {
                const QString error = QStringLiteral("unable to label VolumeSnapshot %1/%2: %3")
                                          .arg(dst.namespaceName, snapshot, reply->error().personMessage());
                record(false, error);
                fail(error, reply->error());
                return;
            }
            mWeLabelled = true;
            mSnapshot = reply->json();
            addObject({dst.cluster, QStringLiteral("VolumeSnapshot"), dst.namespaceName, snapshot,
                ObjectResult::Action::Labelled, ReplicationEngine::doNotDeleteLabel()});
            createNamespace();
        });
}

void ReplicationFailoverJob::createNamespace()
{
    if (!mNamespaceMissing) {
        restoreVolume();
        return;
    }
    setStep(Step::CreateNamespace, QStringLiteral("creating namespace %1").arg(mTarget.namespaceName));
    const QJsonObject ns {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("kind"), QStringLiteral("Namespace")},
        {QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), mTarget.namespaceName}}}};
    KubeRequest::WriteOptions options;
    options.fieldManager = ReplicationEngine::fieldManager();
    await(mTargetClient->create(KubeResource::namespaces(), QString(), ns, options), [this](KubeReply *reply) {
        if (!reply->isOk() && !reply->error().isAlreadyExists()) {
            const QString error = QStringLiteral("unable to create namespace %1: %2")
                                      .arg(mTarget.namespaceName, reply->error().personMessage());
            record(false, error);
            fail(error, reply->error());
            return;
        }
        if (reply->isOk()) {
            addObject({mTarget.context, QStringLiteral("Namespace"), QString(), mTarget.namespaceName,
                ObjectResult::Action::Created, QString()});
        }
        restoreVolume();
    });
}

QJsonObject ReplicationFailoverJob::volumeClaim(const QString &name, bool fromSnapshot) const
{
    const ReplicationDestinationSide &dst = *mRel.destination;
    const QString snapshot = str(obj(mSnapshot, "metadata"), "name");
    const QJsonObject rdSpec = obj(mRd, "spec");
    const QJsonObject mover = obj(rdSpec, rdSpec.contains(QStringLiteral("rsyncTLS")) ? "rsyncTLS" : "rsync");
    QString size = str(obj(mSnapshot, "status"), "restoreSize");
    if (size.isEmpty())
        size = dst.capacity.value_or(str(mover, "capacity"));
    QJsonArray accessModes;
    for (const QString &mode : dst.accessModes)
        accessModes.append(mode);
    if (accessModes.isEmpty())
        accessModes = mover.value(QStringLiteral("accessModes")).toArray();
    if (accessModes.isEmpty())
        accessModes.append(QStringLiteral("ReadWriteOnce"));
    QJsonObject spec {{QStringLiteral("accessModes"), accessModes}};
    if (fromSnapshot) {
        spec.insert(QStringLiteral("dataSource"),
            QJsonObject {{QStringLiteral("apiGroup"), QStringLiteral("snapshot.storage.k8s.io")},
                {QStringLiteral("kind"), QStringLiteral("VolumeSnapshot")}, {QStringLiteral("name"), snapshot}});
    }
    if (!size.isEmpty()) {
        spec.insert(QStringLiteral("resources"),
            QJsonObject {{QStringLiteral("requests"), QJsonObject {{QStringLiteral("storage"), size}}}});
    }
    // The destination's storage class, on its cluster; another cluster's PVC gets that cluster's default class.
    const QString storageClass = dst.storageClassName.value_or(str(mover, "storageClassName"));
    if (!storageClass.isEmpty() && (fromSnapshot || mTarget.context == dst.cluster))
        spec.insert(QStringLiteral("storageClassName"), storageClass);
    QJsonObject metadata {{QStringLiteral("name"), name},
        {QStringLiteral("annotations"),
            QJsonObject {{restoredFromAnnotation(), snapshot}, {relationshipAnnotation(), mRel.id},
                {dataTimeAnnotation(),
                    mOutcome.dataTime.isValid() ? mOutcome.dataTime.toString(Qt::ISODate) : QString()}}}};
    // The test label goes on the test's PVC (the target), not on a PVC made for a copy only.
    if (isTest() && name == mTarget.name)
        metadata.insert(QStringLiteral("labels"), QJsonObject {{testLabel(), mRel.id}});
    return QJsonObject {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("kind"), QStringLiteral("PersistentVolumeClaim")}, {QStringLiteral("metadata"), metadata},
        {QStringLiteral("spec"), spec}};
}

void ReplicationFailoverJob::restoreVolume()
{
    if (mCopied) {
        copyVolume(); // an earlier run copied it: only the clean-up is left
        return;
    }
    if (!mExistingRestore.isEmpty()) {
        waitForVolume();
        return;
    }
    if (isTest() && !obj(obj(mRd, "metadata"), "annotations").contains(testingAnnotation())) {
        markTesting();
        return;
    }
    setStep(Step::RestoreVolume, QStringLiteral("restoring %1 into PVC %2").arg(snapshotText(), restoreText()));
    const QJsonObject pvc = volumeClaim(mRestore.name, true);
    KubeRequest::WriteOptions options;
    options.fieldManager = ReplicationEngine::fieldManager();
    mRestoreClock.start();
    await(mDestination->create(KubeResource::persistentVolumeClaims(), mRestore.namespaceName, pvc, options),
        [this](KubeReply *reply) {
            if (!reply->isOk()) {
                const QString error
                    = QStringLiteral("unable to create PVC %1: %2").arg(restoreText(), reply->error().personMessage());
                record(false, error);
                fail(error, reply->error());
                return;
            }
            addObject({mRestore.context, QStringLiteral("PersistentVolumeClaim"), mRestore.namespaceName, mRestore.name,
                ObjectResult::Action::Created, QStringLiteral("from %1").arg(str(obj(mSnapshot, "metadata"), "name"))});
            waitForVolume();
        });
}

void ReplicationFailoverJob::copyVolume()
{
    if (!mCopy) {
        releaseRestorePoint();
        return;
    }
    setStep(Step::CopyVolume, QStringLiteral("copying PVC %1 into %2").arg(restoreText(), targetText()));
    VolumeCopyJob::Copy copy;
    copy.from = mRestore;
    copy.to = mTarget;
    copy.target = volumeClaim(mTarget.name, false);
    copy.relationship = mCopyRelationship;
    copy.rsyncTls = mRel.rsyncTls;
    copy.serviceType = mRel.destination->serviceType.value_or(QStringLiteral("ClusterIP"));
    copy.timeoutMs = mOptions.timeoutMs;
    runInner(new VolumeCopyJob(mEngine, copy), InnerSteps::Current, [this](const ReplicationResult &result) {
        if (!result.ok()) {
            record(false, result.error);
            fail(result.error, result.kubeError);
            return;
        }
        if (mRestoreClock.isValid())
            mOutcome.restoreMs = mRestoreClock.elapsed();
        if (mSnapshot.isEmpty()) {
            complete(); // the restore point is gone already (see readImage)
            return;
        }
        releaseRestorePoint();
    });
}

void ReplicationFailoverJob::markTesting()
{
    const ReplicationDestinationSide &dst = *mRel.destination;
    setStep(Step::RestoreVolume,
        QStringLiteral("marking ReplicationDestination %1/%2 as being tested").arg(dst.namespaceName, dst.rdName));
    annotateDestination(
        testingAnnotation(), QDateTime::currentDateTimeUtc().toString(Qt::ISODate), [this] { restoreVolume(); });
}

void ReplicationFailoverJob::waitForVolume()
{
    setStep(Step::WaitForVolume, QStringLiteral("waiting until PVC %1 is Bound").arg(restoreText()));
    await(mDestination->get(KubeResource::persistentVolumeClaims(), mRestore.namespaceName, mRestore.name),
        [this](KubeReply *reply) {
            if (!reply->isOk()) {
                const QString error
                    = QStringLiteral("cannot read PVC %1: %2").arg(restoreText(), reply->error().personMessage());
                record(false, error);
                fail(error, reply->error());
                return;
            }
            const QString storageClass = str(obj(reply->json(), "spec"), "storageClassName");
            auto start = [this] {
                mWaitClock.start();
                pollVolume();
            };
            if (storageClass.isEmpty()) {
                start();
                return;
            }
            await(mDestination->get(KubeResource::storageClasses(), QString(), storageClass),
                [this, start](KubeReply *classReply) {
                    const bool onFirstUse = classReply->isOk()
                        && str(classReply->json(), "volumeBindingMode") == QLatin1String("WaitForFirstConsumer");
                    if (onFirstUse && mCopy) {
                        copyVolume(); // the copy's mover is the first consumer
                        return;
                    }
                    if (onFirstUse) {
                        mOutcome.bindsOnFirstUse = true;
                        // Bound on first use: the snapshot stays protected until then.
                        mWeLabelled = false;
                        addNote(
                            QStringLiteral("The storage class %1 binds on first use (WaitForFirstConsumer): the PVC "
                                           "is restored when a pod first uses it. The restore point stays labelled "
                                           "%2 until then; release it afterwards (restore-points release).")
                                .arg(str(obj(classReply->json(), "metadata"), "name"),
                                    ReplicationEngine::doNotDeleteLabel()));
                        complete();
                        return;
                    }
                    start();
                });
        });
}

void ReplicationFailoverJob::pollVolume()
{
    await(mDestination->get(KubeResource::persistentVolumeClaims(), mRestore.namespaceName, mRestore.name),
        [this](KubeReply *reply) {
            if (reply->isOk() && str(obj(reply->json(), "status"), "phase") == QLatin1String("Bound")) {
                if (mRestoreClock.isValid())
                    mOutcome.restoreMs = mRestoreClock.elapsed();
                copyVolume();
                return;
            }
            if (!reply->isOk() && !reply->error().isRetryable()) {
                const QString error
                    = QStringLiteral("cannot read PVC %1: %2").arg(restoreText(), reply->error().personMessage());
                record(false, error);
                fail(error, reply->error());
                return;
            }
            if (mWaitClock.elapsed() > mOptions.timeoutMs) {
                const QString error
                    = QStringLiteral("PVC %1 is still not Bound after %2; it stays, and so does the "
                                     "restore point's label: run the same command again to go on waiting")
                          .arg(restoreText(), formatAge(mOptions.timeoutMs / 1000));
                record(false, error);
                fail(error);
                return;
            }
            mPoll->start(200);
        });
}

void ReplicationFailoverJob::releaseRestorePoint()
{
    const ReplicationDestinationSide dst = *mRel.destination;
    const QString snapshot = str(obj(mSnapshot, "metadata"), "name");
    if (!mWeLabelled) {
        mOutcome.restorePointKept = true; // the user's kept restore point stays as it was
        complete();
        return;
    }
    setStep(Step::ReleaseRestorePoint, QStringLiteral("releasing %1").arg(snapshotText()));
    KubeRequest::WriteOptions options;
    options.fieldManager = ReplicationEngine::fieldManager();
    if (mOptions.keepRestorePoint) {
        const QJsonObject patch {{QStringLiteral("metadata"),
            QJsonObject {{QStringLiteral("labels"), QJsonObject {{RestorePoint::restoringLabel(), QJsonValue()}}}}}};
        await(mDestination->mergePatch(KubeResource::volumeSnapshots(), dst.namespaceName, snapshot, patch, options),
            [this, dst, snapshot](KubeReply *reply) {
                if (!reply->isOk()) {
                    const QString error = QStringLiteral("unable to keep VolumeSnapshot %1/%2: %3")
                                              .arg(dst.namespaceName, snapshot, reply->error().personMessage());
                    record(false, error);
                    fail(error, reply->error());
                    return;
                }
                mOutcome.restorePointKept = true;
                addObject({dst.cluster, QStringLiteral("VolumeSnapshot"), dst.namespaceName, snapshot,
                    ObjectResult::Action::Kept, QStringLiteral("restore point")});
                complete();
            });
        return;
    }
    await(mDestination->get(VolSyncResources::replicationDestinations(), dst.namespaceName, dst.rdName),
        [this, dst, snapshot, options](KubeReply *reply) {
            const QString latest
                = reply->isOk() ? str(obj(obj(reply->json(), "status"), "latestImage"), "name") : QString();
            if (!reply->isOk() && !reply->error().isNotFound()) {
                const QString error = QStringLiteral("cannot read the ReplicationDestination %1/%2: %3")
                                          .arg(dst.namespaceName, dst.rdName, reply->error().personMessage());
                record(false, error);
                fail(error, reply->error());
                return;
            }
            auto done = [this, dst, snapshot](KubeReply *r, ObjectResult::Action action, const QString &what) {
                if (!r->isOk() && !r->error().isNotFound()) {
                    const QString error = QStringLiteral("unable to release VolumeSnapshot %1/%2: %3")
                                              .arg(dst.namespaceName, snapshot, r->error().personMessage());
                    record(false, error);
                    fail(error, r->error());
                    return;
                }
                addObject({dst.cluster, QStringLiteral("VolumeSnapshot"), dst.namespaceName, snapshot, action, what});
                complete();
            };
            if (latest == snapshot) {
                // Still the latest image: VolSync owns it again and deletes it after a newer sync.
                const QJsonObject patch {{QStringLiteral("metadata"),
                    QJsonObject {{QStringLiteral("labels"),
                        QJsonObject {{ReplicationEngine::doNotDeleteLabel(), QJsonValue()},
                            {RestorePoint::restoringLabel(), QJsonValue()}}}}}};
                await(mDestination->mergePatch(
                          KubeResource::volumeSnapshots(), dst.namespaceName, snapshot, patch, options),
                    [done](KubeReply *r) {
                        done(r, ObjectResult::Action::Updated, QStringLiteral("given back to VolSync"));
                    });
                return;
            }
            // No longer the latest image: VolSync will never delete it, so we do.
            await(mDestination->remove(KubeResource::volumeSnapshots(), dst.namespaceName, snapshot),
                [done](KubeReply *r) {
                    done(r, ObjectResult::Action::Deleted, QStringLiteral("no longer the latest image"));
                });
        });
}

void ReplicationFailoverJob::complete()
{
    setStep(Step::RecordHistory);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QString message;
    const QString where = QStringLiteral("%1/%2").arg(mTarget.namespaceName, mTarget.name);
    const QString age = mOutcome.dataTime.isValid()
        ? QStringLiteral("data as of %1, %2 before now")
              .arg(mOutcome.dataTime.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")),
                  formatAge(mOutcome.dataTime.secsTo(now)))
        : QStringLiteral("data of unknown age");
    if (mOutcome.bindsOnFirstUse)
        message = QStringLiteral("%1 on %2 is restored when a pod first uses it, %3")
                      .arg(where, contextText(mTarget.context), age);
    else
        message = QStringLiteral("%1 is ready on %2, %3").arg(where, contextText(mTarget.context), age);
    if (isTest() && mOutcome.restoreMs >= 0)
        message += QStringLiteral("; the restore took %1 ms").arg(mOutcome.restoreMs);
    mOutcome.target = mTarget;
    record(true, message);
    addNote(message);
    setStep(Step::Done, message);
    succeed();
}

void ReplicationFailoverJob::record(bool succeeded, const QString &message)
{
    if (!mEngine || mRel.id.isEmpty())
        return;
    DisasterRecoveryRecord record;
    record.kind = isTest() ? DisasterRecoveryRecord::Kind::TestFailover : DisasterRecoveryRecord::Kind::Failover;
    record.time = QDateTime::currentDateTimeUtc();
    if (!isTest())
        record.mode
            = mOptions.mode == FailoverOptions::Mode::Planned ? QStringLiteral("planned") : QStringLiteral("unplanned");
    record.restorePoint = mOutcome.restorePoint;
    record.dataTime = mOutcome.dataTime;
    record.target = mTarget.toString();
    if (!isTest())
        record.schedule = mSchedule;
    record.succeeded = succeeded;
    record.message = message;
    QString error;
    if (!DisasterRecoveryHistory(mEngine->store().configDir()).append(mRel.id, record, &error))
        addNote(QStringLiteral("The history could not be written: %1").arg(error));
}
