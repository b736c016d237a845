// SPDX-License-Identifier: GPL-3.0-or-later
#include "relationshippausejob.h"

#include "replicationengine.h"
#include "volsyncresources.h"

#include "kube/kubeclient.h"
#include "kube/kubereply.h"
#include "kube/kubesession.h"

RelationshipPauseJob::RelationshipPauseJob(
    KubeSession *session, const RelationshipStore &store, const QString &name, bool paused, QObject *parent)
    : ReplicationJob(parent)
    , mSession(session)
    , mStore(store)
    , mName(name)
    , mPaused(paused)
{
    readRelationshipBeforeRun(store, name);
}

void RelationshipPauseJob::run()
{
    setStep(Step::Validate);
    QString error;
    const auto loaded = readRelationship(&error);
    if (!loaded) {
        fail(error);
        return;
    }
    ReplicationRelationship rel = *loaded;
    if (!rel.source) {
        fail(QStringLiteral("relationship %1 has no source yet: there is nothing to %2")
                 .arg(mName, mPaused ? QStringLiteral("pause") : QStringLiteral("resume")));
        return;
    }
    if (!mSession) {
        fail(QStringLiteral("no Kubernetes session"));
        return;
    }
    KubeClient *client = ReplicationEngine::clientFor(mSession, rel.source->cluster);
    if (!client->isValid()) {
        fail(QStringLiteral("cannot use the source's context: %1").arg(client->configError().personMessage()),
            client->configError());
        return;
    }
    setStep(Step::ApplySource,
        mPaused
            ? QStringLiteral("pausing ReplicationSource %1/%2").arg(rel.source->namespaceName, rel.source->rsName)
            : QStringLiteral("resuming ReplicationSource %1/%2").arg(rel.source->namespaceName, rel.source->rsName));
    // A merge patch: null removes the field, so a resumed source looks like one that was never paused.
    const QJsonObject patch {
        {QStringLiteral("spec"), QJsonObject {{QStringLiteral("paused"), mPaused ? QJsonValue(true) : QJsonValue()}}}};
    KubeRequest::WriteOptions options;
    options.fieldManager = ReplicationEngine::fieldManager();
    const ReplicationSourceSide source = *rel.source;
    await(
        client->mergePatch(VolSyncResources::replicationSources(), source.namespaceName, source.rsName, patch, options),
        [this, rel, source](KubeReply *reply) mutable {
            if (reply->error().isNotFound()) {
                fail(QStringLiteral("the ReplicationSource %1/%2 does not exist yet: apply %3 first (schedule or sync)")
                         .arg(source.namespaceName, source.rsName, mName),
                    reply->error());
                return;
            }
            if (!reply->isOk()) {
                fail(QStringLiteral("unable to %1 ReplicationSource %2/%3: %4")
                         .arg(mPaused ? QStringLiteral("pause") : QStringLiteral("resume"), source.namespaceName,
                             source.rsName, reply->error().personMessage()),
                    reply->error());
                return;
            }
            addObject({source.cluster, QStringLiteral("ReplicationSource"), source.namespaceName, source.rsName,
                ObjectResult::Action::Updated, mPaused ? QStringLiteral("paused") : QStringLiteral("resumed")});
            setStep(Step::SaveFile);
            rel.source->paused = mPaused;
            QString error;
            if (!mStore.save(rel, &error)) {
                fail(error);
                return;
            }
            succeed();
        });
}
