// SPDX-License-Identifier: GPL-3.0-or-later
#include "replicationfailbackjob.h"

#include "disasterrecoveryhistory.h"
#include "replicationengine.h"
#include "volsyncresources.h"

#include "kube/kubeclient.h"
#include "kube/kubereply.h"

ReplicationFailbackJob::ReplicationFailbackJob(
    ReplicationEngine *engine, const QString &name, const QString &reverseName, QObject *parent)
    : ReplicationJob(parent)
    , mEngine(engine)
    , mName(name)
    , mReverse(reverseName.isEmpty() ? name + QStringLiteral("-reverse") : reverseName)
{
    if (engine)
        readRelationshipBeforeRun(engine->store(), name);
}

void ReplicationFailbackJob::runThen(ReplicationJob *job, std::function<void()> then)
{
    runInner(job, InnerSteps::Own, [this, then = std::move(then)](const ReplicationResult &result) {
        if (!result.ok()) {
            fail(QStringLiteral("fail back of %1 stopped: %2; run it again to go on").arg(mName, result.error),
                result.kubeError);
            return;
        }
        then();
    });
}

void ReplicationFailbackJob::run()
{
    setStep(Step::Validate);
    QString error;
    const auto rel = mEngine ? readRelationship(&error) : std::nullopt;
    if (!rel) {
        fail(mEngine ? error : QStringLiteral("no Kubernetes session"));
        return;
    }
    if (!rel->source || !rel->destination) {
        failInvalid(QStringLiteral("%1 is not complete: there is nothing to fail back").arg(mName));
        return;
    }
    if (const auto problem = RelationshipStore::validateName(mReverse)) {
        failInvalid(*problem);
        return;
    }
    mId = rel->id;
    setStep(Step::PreCheck, QStringLiteral("checking that %1 has failed over").arg(mName));
    const auto failover = DisasterRecoveryHistory(mEngine->store().configDir()).activeFailover(rel->id);
    if (!failover) {
        failInvalid(QStringLiteral("%1 has not failed over: fail back moves the data home after a failover (run "
                                   "failover first) [not-failed-over]")
                        .arg(mName));
        return;
    }
    QString parseError;
    const auto promoted = ObjectName::parse(failover->target, &parseError);
    if (!promoted) {
        fail(QStringLiteral("the failover's target \"%1\" cannot be read: %2").arg(failover->target, parseError));
        return;
    }
    const ReplicationSourceSide original = *rel->source;
    mSchedule = failover->schedule;
    mSourceCluster = original.cluster;
    mSourceNamespace = original.namespaceName;
    mSourceName = original.rsName;
    const ReplicationDestinationSide forward = *rel->destination;
    SourceSettings source;
    source.pvc = *promoted;
    source.copyMethod = QStringLiteral("Clone");
    DestinationSettings destination;
    destination.destination = ObjectName {original.cluster, original.namespaceName, original.pvcName};
    destination.copyMethod = QStringLiteral("Direct");
    destination.serviceType = forward.serviceType.value_or(QStringLiteral("ClusterIP"));
    const bool tls = rel->rsyncTls;
    addNote(QStringLiteral("Primary now: %1 (the promoted PVC). Fail back copies it into %2/%3 on %4, which must "
                           "not be in use meanwhile.")
                .arg(failover->target, original.namespaceName, original.pvcName, original.cluster));
    const auto existing = mEngine->store().load(mReverse, &error);
    auto setSides = [this, source, destination] {
        runThen(mEngine->setSource(mReverse, source), [this, destination] {
            runThen(mEngine->setDestination(mReverse, destination), [this] {
                setStep(Step::FinalSync,
                    QStringLiteral("syncing %1 from the promoted PVC to the original one").arg(mReverse));
                runThen(mEngine->sync(mReverse), [this] { restoreSchedule(); });
            });
        });
    };
    if (existing) {
        setSides();
        return;
    }
    runThen(mEngine->createRelationship(mReverse, tls), setSides);
}

void ReplicationFailbackJob::restoreSchedule()
{
    QString error;
    auto original = mEngine->store().load(mName, &error);
    if (!original || !original->source) {
        fail(QStringLiteral("cannot read %1 to put its schedule back: %2").arg(mName, error));
        return;
    }
    if (mSchedule.isEmpty() || original->source->trigger.schedule == mSchedule) {
        finish();
        return;
    }
    // The failover's final sync left a manual trigger: the original relationship gets its schedule back, on its
    // ReplicationSource (which stays paused) and in its file, for the day it replicates again.
    setStep(Step::RestoreSchedule,
        QStringLiteral("putting the schedule %1 back on %2 (its ReplicationSource %3/%4 stays paused)")
            .arg(mSchedule, mName, mSourceNamespace, mSourceName));
    KubeClient *client = ReplicationEngine::clientFor(mEngine->session(), mSourceCluster);
    if (!client->isValid()) {
        fail(QStringLiteral("cannot use the source's context: %1").arg(client->configError().personMessage()),
            client->configError());
        return;
    }
    const QJsonObject patch {{QStringLiteral("spec"),
        QJsonObject {{QStringLiteral("trigger"),
            QJsonObject {{QStringLiteral("schedule"), mSchedule}, {QStringLiteral("manual"), QJsonValue()}}}}}};
    KubeRequest::WriteOptions options;
    options.fieldManager = ReplicationEngine::fieldManager();
    await(client->mergePatch(VolSyncResources::replicationSources(), mSourceNamespace, mSourceName, patch, options),
        [this](KubeReply *reply) {
            if (!reply->isOk() && !reply->error().isNotFound()) {
                fail(QStringLiteral("unable to put the schedule back on ReplicationSource %1/%2: %3; run fail back "
                                    "again")
                         .arg(mSourceNamespace, mSourceName, reply->error().personMessage()),
                    reply->error());
                return;
            }
            if (reply->isOk()) {
                addObject({mSourceCluster, QStringLiteral("ReplicationSource"), mSourceNamespace, mSourceName,
                    ObjectResult::Action::Updated, QStringLiteral("schedule %1 (paused)").arg(mSchedule)});
            }
            QString error;
            auto original = mEngine->store().load(mName, &error);
            if (!original || !original->source) {
                fail(QStringLiteral("cannot read %1 to put its schedule back: %2").arg(mName, error));
                return;
            }
            original->source->trigger = ReplicationTrigger {mSchedule, QString()};
            if (!mEngine->store().save(*original, &error)) {
                fail(QStringLiteral("unable to put the schedule back in %1: %2").arg(mName, error));
                return;
            }
            addNote(QStringLiteral("%1 has its schedule %2 back (paused until it is resumed).").arg(mName, mSchedule));
            finish();
        });
}

void ReplicationFailbackJob::finish()
{
    setStep(Step::RecordHistory);
    DisasterRecoveryRecord record;
    record.kind = DisasterRecoveryRecord::Kind::Failback;
    record.time = QDateTime::currentDateTimeUtc();
    record.target = mReverse;
    record.succeeded = true;
    record.message = QStringLiteral("the reverse relationship %1 has synced; a planned failover of it "
                                    "moves the workload home")
                         .arg(mReverse);
    QString historyError;
    if (!DisasterRecoveryHistory(mEngine->store().configDir()).append(mId, record, &historyError))
        addNote(QStringLiteral("The history could not be written: %1").arg(historyError));
    const QString message = QStringLiteral("%1 has synced the promoted data to the original PVC. Next: "
                                           "volsyncctl replication -r %1 failover --planned")
                                .arg(mReverse);
    addNote(message);
    setStep(Step::Done, message);
    succeed();
}
