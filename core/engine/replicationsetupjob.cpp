// SPDX-License-Identifier: GPL-3.0-or-later
#include "replicationsetupjob.h"

#include "relationshipdraft.h"
#include "replicationengine.h"

#include "kube/kubeclient.h"
#include "kube/kubereply.h"
#include "kube/kuberesource.h"

ReplicationSetupJob::ReplicationSetupJob(
    ReplicationEngine *engine, const RelationshipDraft &draft, int firstStage, QObject *parent)
    : ReplicationJob(parent)
    , mEngine(engine)
    , mName(draft.name())
    , mId(draft.relationshipId())
    , mRsyncTls(draft.rsyncTls())
    , mSource(draft.sourceSettings())
    , mDestination(draft.destinationSettings())
    , mCronSpec(draft.cronSpec())
    , mAllowPrivilegedMovers(draft.allowPrivilegedMovers())
{
    if (draft.createDestinationNamespace())
        mStages.append(Stage::CreateNamespace);
    const auto &original = draft.original();
    mUpgradeToRsyncTls = original && mRsyncTls && !original->rsyncTls;
    if (!original || mUpgradeToRsyncTls)
        mStages.append(Stage::Create);
    // The order matters: set-destination forgets the address and keys when the destination changes.
    if (draft.sourceDiffers())
        mStages.append(Stage::SetSource);
    if (draft.destinationDiffers())
        mStages.append(Stage::SetDestination);
    mStages.append(Stage::Apply);
    mIndex = qBound(0, firstStage, int(mStages.size()));
}

QString ReplicationSetupJob::stageTitle(Stage stage) const
{
    switch (stage) {
    case Stage::CreateNamespace:
        return QStringLiteral("Create namespace %1 on %2")
            .arg(mDestination.destination.namespaceName, mDestination.destination.context);
    case Stage::Create:
        return mUpgradeToRsyncTls ? QStringLiteral("Switch %1 to rsync over TLS").arg(mName)
                                  : QStringLiteral("Create the relationship file %1").arg(mName);
    case Stage::SetSource:
        return QStringLiteral("Set the source");
    case Stage::SetDestination:
        return QStringLiteral("Set the destination");
    case Stage::Apply:
        return mCronSpec.isEmpty() ? QStringLiteral("Apply and sync once (manual only)")
                                   : QStringLiteral("Apply with the schedule");
    }
    return QString();
}

void ReplicationSetupJob::run()
{
    if (!mEngine) {
        fail(QStringLiteral("no replication engine"));
        return;
    }
    runStage();
}

void ReplicationSetupJob::runStage()
{
    if (mIndex >= mStages.size()) {
        setStep(Step::Done, QStringLiteral("relationship %1 is set up").arg(mName));
        succeed();
        return;
    }
    const Stage stage = mStages.at(mIndex);
    Q_EMIT stageStarted(mIndex, stage);
    switch (stage) {
    case Stage::CreateNamespace: {
        const QString context = mDestination.destination.context;
        const QString ns = mDestination.destination.namespaceName;
        setStep(Step::CheckClusters, QStringLiteral("creating namespace %1").arg(ns));
        const QJsonObject object {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
            {QStringLiteral("kind"), QStringLiteral("Namespace")},
            {QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), ns}}}};
        KubeClient *client = ReplicationEngine::clientFor(mEngine->session(), context);
        KubeRequest::WriteOptions options;
        options.fieldManager = ReplicationEngine::fieldManager();
        await(client->create(KubeResource::namespaces(), QString(), object, options),
            [this, context, ns](KubeReply *reply) {
                if (reply->isOk()) {
                    addObject({context, QStringLiteral("Namespace"), QString(), ns, ObjectResult::Action::Created,
                        QString()});
                } else if (!reply->error().isAlreadyExists()) {
                    Q_EMIT stageFinished(mIndex, mStages.at(mIndex), false);
                    fail(QStringLiteral("unable to create namespace %1: %2").arg(ns, reply->error().personMessage()));
                    return;
                }
                stageDone();
            });
        return;
    }
    case Stage::Create: {
        if (!mUpgradeToRsyncTls && mEngine->store().exists(mName)) {
            // Created by an earlier attempt of this setup (the name was free when the draft was checked).
            stageDone();
            return;
        }
        runStageJob(mEngine->createRelationship(mName, mRsyncTls, mId));
        return;
    }
    case Stage::SetSource:
        runStageJob(mEngine->setSource(mName, mSource));
        return;
    case Stage::SetDestination:
        runStageJob(mEngine->setDestination(mName, mDestination));
        return;
    case Stage::Apply:
        if (mCronSpec.isEmpty()) {
            SyncOptions options;
            options.apply.allowPrivilegedMovers = mAllowPrivilegedMovers;
            runStageJob(mEngine->sync(mName, options));
        } else {
            ApplyOptions options;
            options.allowPrivilegedMovers = mAllowPrivilegedMovers;
            runStageJob(mEngine->schedule(mName, mCronSpec, options));
        }
        return;
    }
}

void ReplicationSetupJob::runStageJob(ReplicationJob *job)
{
    runInner(job, InnerSteps::Own, [this](const ReplicationResult &result) {
        if (result.ok()) {
            stageDone();
            return;
        }
        Q_EMIT stageFinished(mIndex, mStages.at(mIndex), false);
        if (result.status == ReplicationResult::Status::Invalid)
            failInvalid(result.error);
        else
            fail(result.error);
    });
}

void ReplicationSetupJob::stageDone()
{
    Q_EMIT stageFinished(mIndex, mStages.at(mIndex), true);
    ++mIndex;
    runStage();
}
