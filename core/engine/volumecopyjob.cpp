// SPDX-License-Identifier: GPL-3.0-or-later
#include "volumecopyjob.h"

#include "replicationengine.h"
#include "replicationsettings.h"

#include "kube/kubeclient.h"
#include "kube/kubereply.h"
#include "kube/kuberesource.h"

namespace {

QString contextText(const QString &context)
{
    return context.isEmpty() ? QStringLiteral("the current context") : context;
}

} // namespace

QString VolumeCopyJob::copyingAnnotation()
{
    return QStringLiteral("volsync-desktop/copying-through");
}

VolumeCopyJob::VolumeCopyJob(ReplicationEngine *engine, const Copy &copy, QObject *parent)
    : ReplicationJob(parent)
    , mEngine(engine)
    , mCopy(copy)
{ }

QString VolumeCopyJob::toText() const
{
    return QStringLiteral("%1/%2 on %3").arg(mCopy.to.namespaceName, mCopy.to.name, contextText(mCopy.to.context));
}

void VolumeCopyJob::runThen(ReplicationJob *job, std::function<void()> then)
{
    runInner(job, InnerSteps::Current, [this, then = std::move(then)](const ReplicationResult &result) {
        if (!result.ok()) {
            fail(QStringLiteral("copying into %1 through relationship %2 stopped: %3; run the same command again to "
                                "go on")
                     .arg(toText(), mCopy.relationship, result.error),
                result.kubeError);
            return;
        }
        then();
    });
}

void VolumeCopyJob::run()
{
    if (!mEngine) {
        fail(QStringLiteral("no Kubernetes session"));
        return;
    }
    mFromClient = ReplicationEngine::clientFor(mEngine->session(), mCopy.from.context);
    mToClient = ReplicationEngine::clientFor(mEngine->session(), mCopy.to.context);
    for (KubeClient *client : {mFromClient, mToClient}) {
        if (!client->isValid()) {
            fail(QStringLiteral("cannot use the context: %1").arg(client->configError().personMessage()),
                client->configError());
            return;
        }
    }
    setStep(Step::CopyVolume, QStringLiteral("preparing PVC %1").arg(toText()));
    await(mToClient->get(KubeResource::persistentVolumeClaims(), mCopy.to.namespaceName, mCopy.to.name),
        [this](KubeReply *reply) {
            if (reply->isOk()) {
                const QJsonObject annotations = reply->json()
                                                    .value(QStringLiteral("metadata"))
                                                    .toObject()
                                                    .value(QStringLiteral("annotations"))
                                                    .toObject();
                if (annotations.contains(copyingAnnotation()))
                    copy();
                else
                    removeRelationship(); // an earlier run copied it: only the clean-up is left
                return;
            }
            if (!reply->error().isNotFound()) {
                fail(QStringLiteral("cannot read PVC %1: %2").arg(toText(), reply->error().personMessage()),
                    reply->error());
                return;
            }
            createTarget();
        });
}

void VolumeCopyJob::createTarget()
{
    QJsonObject pvc = mCopy.target;
    QJsonObject metadata = pvc.value(QStringLiteral("metadata")).toObject();
    QJsonObject annotations = metadata.value(QStringLiteral("annotations")).toObject();
    annotations.insert(copyingAnnotation(), mCopy.relationship);
    metadata.insert(QStringLiteral("annotations"), annotations);
    metadata.insert(QStringLiteral("name"), mCopy.to.name);
    pvc.insert(QStringLiteral("metadata"), metadata);
    KubeRequest::WriteOptions options;
    options.fieldManager = ReplicationEngine::fieldManager();
    setStep(Step::CopyVolume, QStringLiteral("creating PVC %1 to copy into").arg(toText()));
    await(mToClient->create(KubeResource::persistentVolumeClaims(), mCopy.to.namespaceName, pvc, options),
        [this](KubeReply *reply) {
            if (!reply->isOk()) {
                fail(QStringLiteral("unable to create PVC %1: %2").arg(toText(), reply->error().personMessage()),
                    reply->error());
                return;
            }
            addObject({mCopy.to.context, QStringLiteral("PersistentVolumeClaim"), mCopy.to.namespaceName, mCopy.to.name,
                ObjectResult::Action::Created,
                QStringLiteral("copied from %1/%2").arg(mCopy.from.namespaceName, mCopy.from.name)});
            copy();
        });
}

void VolumeCopyJob::copy()
{
    setStep(Step::CopyVolume,
        QStringLiteral("copying PVC %1/%2 on %3 into %4 through the one-shot relationship %5")
            .arg(mCopy.from.namespaceName, mCopy.from.name, contextText(mCopy.from.context), toText(),
                mCopy.relationship));
    SourceSettings source;
    source.pvc = mCopy.from;
    source.copyMethod = QStringLiteral("Direct"); // made for this copy: nothing else writes to it
    DestinationSettings destination;
    destination.destination = mCopy.to;
    destination.copyMethod = QStringLiteral("Direct");
    destination.serviceType = mCopy.serviceType;
    auto setSides = [this, source, destination] {
        runThen(mEngine->setSource(mCopy.relationship, source), [this, destination] {
            runThen(mEngine->setDestination(mCopy.relationship, destination), [this] {
                SyncOptions options;
                options.timeoutMs = mCopy.timeoutMs;
                runThen(mEngine->sync(mCopy.relationship, options), [this] { markCopied(); });
            });
        });
    };
    if (mEngine->store().exists(mCopy.relationship)) {
        setSides();
        return;
    }
    runThen(mEngine->createRelationship(mCopy.relationship, mCopy.rsyncTls), setSides);
}

void VolumeCopyJob::markCopied()
{
    const QJsonObject patch {{QStringLiteral("metadata"),
        QJsonObject {{QStringLiteral("annotations"), QJsonObject {{copyingAnnotation(), QJsonValue()}}}}}};
    KubeRequest::WriteOptions options;
    options.fieldManager = ReplicationEngine::fieldManager();
    await(mToClient->mergePatch(
              KubeResource::persistentVolumeClaims(), mCopy.to.namespaceName, mCopy.to.name, patch, options),
        [this](KubeReply *reply) {
            if (!reply->isOk()) {
                fail(QStringLiteral("unable to mark PVC %1 as copied: %2; run the same command again")
                         .arg(toText(), reply->error().personMessage()),
                    reply->error());
                return;
            }
            addObject({mCopy.to.context, QStringLiteral("PersistentVolumeClaim"), mCopy.to.namespaceName, mCopy.to.name,
                ObjectResult::Action::Updated, QStringLiteral("copied")});
            removeRelationship();
        });
}

void VolumeCopyJob::removeRelationship()
{
    if (!mEngine->store().exists(mCopy.relationship)) {
        deleteSource();
        return;
    }
    setStep(Step::DeleteDestination,
        QStringLiteral("deleting the one-shot relationship %1 (the copy is complete)").arg(mCopy.relationship));
    runThen(mEngine->remove(mCopy.relationship), [this] { deleteSource(); });
}

void VolumeCopyJob::deleteSource()
{
    setStep(Step::DeleteSource,
        QStringLiteral("deleting PVC %1/%2 on %3, which held the restore for the copy")
            .arg(mCopy.from.namespaceName, mCopy.from.name, contextText(mCopy.from.context)));
    await(mFromClient->remove(KubeResource::persistentVolumeClaims(), mCopy.from.namespaceName, mCopy.from.name),
        [this](KubeReply *reply) {
            if (!reply->isOk() && !reply->error().isNotFound()) {
                fail(QStringLiteral("unable to delete PVC %1/%2: %3; run the same command again")
                         .arg(mCopy.from.namespaceName, mCopy.from.name, reply->error().personMessage()),
                    reply->error());
                return;
            }
            if (reply->isOk()) {
                addObject({mCopy.from.context, QStringLiteral("PersistentVolumeClaim"), mCopy.from.namespaceName,
                    mCopy.from.name, ObjectResult::Action::Deleted, QStringLiteral("held the restore for the copy")});
            }
            succeed();
        });
}
