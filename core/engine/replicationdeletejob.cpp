// SPDX-License-Identifier: GPL-3.0-or-later
#include "replicationdeletejob.h"

#include "common/sentencetext.h"
#include "synchistory.h"

#include "engine/volsyncresources.h"
#include "kube/kubeclient.h"
#include "kube/kubereply.h"
#include "kube/kubesession.h"

namespace {

KubeResource resourceOf(int index)
{
    switch (index) {
    case 0:
        return VolSyncResources::replicationSources();
    case 1:
        return KubeResource::secrets();
    default:
        return VolSyncResources::replicationDestinations();
    }
}

QString contextText(const QString &context)
{
    return context.isEmpty() ? QStringLiteral("the current context") : QStringLiteral("context \"%1\"").arg(context);
}

} // namespace

ReplicationDeleteJob::ReplicationDeleteJob(KubeSession *session, const RelationshipStore &store, const QString &name,
    const DeleteOptions &options, QObject *parent)
    : ReplicationJob(parent)
    , mSession(session)
    , mStore(store)
    , mName(name)
    , mOptions(options)
{
    readRelationshipBeforeRun(store, name);
}

void ReplicationDeleteJob::run()
{
    setStep(Step::Validate);
    QString error;
    const auto loaded = readRelationship(&error);
    if (!loaded) {
        fail(error);
        return;
    }
    mRelationship = *loaded;
    if (!mSession) {
        fail(QStringLiteral("no Kubernetes session"));
        return;
    }
    // A side whose context cannot be used is an error (upstream skips it silently and orphans its objects).
    const auto addSide = [&](const QString &cluster, const QString &ns, const QList<int> &resources) {
        KubeClient *client = ReplicationEngine::clientFor(mSession, cluster);
        if (!client->isValid()) {
            mFailures.append(QStringLiteral("cannot use %1 to delete the objects in namespace %2: %3")
                                 .arg(contextText(cluster), ns, client->configError().personMessage()));
            return;
        }
        for (int r : resources)
            mCollections.append({client, cluster, ns, r});
    };
    if (mRelationship.source && !mRelationship.source->namespaceName.isEmpty())
        addSide(mRelationship.source->cluster, mRelationship.source->namespaceName, {0, 1});
    if (mRelationship.destination && !mRelationship.destination->namespaceName.isEmpty())
        addSide(mRelationship.destination->cluster, mRelationship.destination->namespaceName, {2});
    setStep(Step::CheckClusters, QStringLiteral("looking for the objects of relationship %1").arg(mName));
    listNext(0);
}

void ReplicationDeleteJob::listNext(int index)
{
    if (index >= mCollections.size()) {
        if (mRelationship.destination && mRelationship.destination->destinationPvc
            && mRelationship.destination->copyMethod != QLatin1String("Snapshot")) {
            mPlan.append({mRelationship.destination->cluster, QStringLiteral("PersistentVolumeClaim"),
                mRelationship.destination->namespaceName, *mRelationship.destination->destinationPvc,
                ObjectResult::Action::Kept, QStringLiteral("the destination PVC holds the data")});
        }
        Q_EMIT planReady(mPlan);
        if (mOptions.dryRun) {
            for (const ObjectResult &o : std::as_const(mPlan))
                addNote(
                    QStringLiteral("Would %1 %2")
                        .arg(o.action == ObjectResult::Action::Kept ? QStringLiteral("keep") : QStringLiteral("delete"),
                            o.toString().section(QStringLiteral(": "), 0, 0)));
            addNote(QStringLiteral("Would remove the file %1").arg(mStore.filePath(mName)));
            succeed();
            return;
        }
        if (mOptions.keepSnapshot) {
            keepSnapshot();
            return;
        }
        deleteNext(0);
        return;
    }
    const Collection c = mCollections.at(index);
    KubeRequest::ListOptions selection;
    selection.labelSelector = ReplicationEngine::relationshipLabel() + QLatin1Char('=') + mRelationship.id;
    const KubeResource resource = resourceOf(c.resource);
    await(c.client->list(resource, c.ns, selection), [=, this](KubeReply *reply) {
        if (reply->isOk()) {
            const auto items = reply->items();
            for (const QJsonObject &item : items) {
                const QString name
                    = item.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString();
                ObjectResult planned {c.cluster, resource.kind, c.ns, name, ObjectResult::Action::Deleted, QString()};
                mPlan.append(planned);
                // The plan names the latest snapshot: kept with --keep-snapshot, else it goes with the RD.
                const QJsonObject image
                    = item.value(QLatin1String("status")).toObject().value(QLatin1String("latestImage")).toObject();
                if (mOptions.dryRun && c.resource == 2
                    && image.value(QLatin1String("kind")).toString() == QLatin1String("VolumeSnapshot")) {
                    mPlan.append({c.cluster, QStringLiteral("VolumeSnapshot"), c.ns,
                        image.value(QLatin1String("name")).toString(),
                        mOptions.keepSnapshot ? ObjectResult::Action::Kept : ObjectResult::Action::Deleted,
                        mOptions.keepSnapshot
                            ? QStringLiteral("the latest copy, labelled %1=true")
                                  .arg(ReplicationEngine::doNotDeleteLabel())
                            : QStringLiteral("the latest copy, removed with the ReplicationDestination")});
                }
                // A dry run reports the plan once, as its result ("would delete ...").
                if (!mOptions.dryRun)
                    setStep(Step::CheckClusters,
                        QStringLiteral("will delete %1").arg(planned.toString().section(QStringLiteral(": "), 0, 0)));
            }
        } else if (!reply->error().isNotFound()) {
            // Reported again by the delete step if it fails there too.
            setStep(Step::CheckClusters,
                QStringLiteral("cannot list %1s in %2: %3").arg(resource.kind, c.ns, reply->error().personMessage()));
        }
        listNext(index + 1);
    });
}

void ReplicationDeleteJob::keepSnapshot()
{
    setStep(Step::KeepSnapshot);
    if (!mRelationship.destination) {
        deleteNext(0);
        return;
    }
    const ReplicationDestinationSide &d = *mRelationship.destination;
    KubeClient *client = ReplicationEngine::clientFor(mSession, d.cluster);
    if (!client->isValid()) {
        fail(QStringLiteral("cannot keep the snapshot: %1").arg(client->configError().personMessage()));
        return;
    }
    await(client->get(VolSyncResources::replicationDestinations(), d.namespaceName, d.rdName),
        [=, this](KubeReply *reply) {
            const QJsonObject image = reply->json()
                                          .value(QLatin1String("status"))
                                          .toObject()
                                          .value(QLatin1String("latestImage"))
                                          .toObject();
            if (!reply->isOk() || image.value(QLatin1String("kind")).toString() != QLatin1String("VolumeSnapshot")) {
                fail(reply->isOk() || reply->error().isNotFound()
                        ? QStringLiteral(
                            "--keep-snapshot: ReplicationDestination %1/%2 has no latest snapshot to keep; "
                            "nothing was deleted")
                              .arg(d.namespaceName, d.rdName)
                        : QStringLiteral("--keep-snapshot: %1").arg(reply->error().personMessage()),
                    reply->error());
                return;
            }
            const QString snapshot = image.value(QLatin1String("name")).toString();
            // The label tells VolSync to let go of the snapshot; dropping the owner reference keeps the
            // garbage collector from taking it with the ReplicationDestination.
            const QJsonObject patch {{QStringLiteral("metadata"),
                QJsonObject {{QStringLiteral("labels"),
                                 QJsonObject {{ReplicationEngine::doNotDeleteLabel(), QStringLiteral("true")}}},
                    {QStringLiteral("ownerReferences"), QJsonValue::Null}}}};
            KubeRequest::WriteOptions options;
            options.fieldManager = ReplicationEngine::fieldManager();
            await(client->mergePatch(KubeResource::volumeSnapshots(), d.namespaceName, snapshot, patch, options),
                [=, this](KubeReply *patched) {
                    if (!patched->isOk()) {
                        fail(QStringLiteral("--keep-snapshot: unable to label VolumeSnapshot %1/%2: %3; nothing was "
                                            "deleted")
                                 .arg(d.namespaceName, snapshot, patched->error().personMessage()),
                            patched->error());
                        return;
                    }
                    addObject({d.cluster, QStringLiteral("VolumeSnapshot"), d.namespaceName, snapshot,
                        ObjectResult::Action::Kept,
                        QStringLiteral("labelled %1=true").arg(ReplicationEngine::doNotDeleteLabel())});
                    deleteNext(0);
                });
        });
}

void ReplicationDeleteJob::deleteNext(int index)
{
    if (index >= mCollections.size()) {
        finishDelete();
        return;
    }
    const Collection c = mCollections.at(index);
    const KubeResource resource = resourceOf(c.resource);
    setStep(c.resource == 2 ? Step::DeleteDestination : Step::DeleteSource,
        QStringLiteral("deleting the %1s labelled %2=%3 in namespace %4 on %5")
            .arg(resource.kind, ReplicationEngine::relationshipLabel(), mRelationship.id, c.ns,
                c.cluster.isEmpty() ? QStringLiteral("the current context") : c.cluster));
    KubeRequest::ListOptions selection;
    selection.labelSelector = ReplicationEngine::relationshipLabel() + QLatin1Char('=') + mRelationship.id;
    KubeRequest::DeleteOptions options;
    options.propagationPolicy = QStringLiteral("Background");
    await(c.client->deleteCollection(resource, c.ns, selection, options), [=, this](KubeReply *reply) {
        QStringList planned;
        for (const ObjectResult &o : std::as_const(mPlan)) {
            if (o.kind == resource.kind && o.namespaceName == c.ns && o.cluster == c.cluster)
                planned.append(o.name);
        }
        if (!reply->isOk() && !reply->error().isNotFound()) {
            const QString why = reply->error().personMessage();
            mFailures.append(QStringLiteral("unable to delete the %1s in %2: %3").arg(resource.kind, c.ns, why));
            for (const QString &name : std::as_const(planned))
                addObject({c.cluster, resource.kind, c.ns, name, ObjectResult::Action::Failed, why});
        } else {
            QStringList deleted;
            const auto items = reply->items();
            for (const QJsonObject &item : items)
                deleted.append(
                    item.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString());
            if (deleted.isEmpty())
                deleted = planned;
            for (const QString &name : std::as_const(deleted))
                addObject({c.cluster, resource.kind, c.ns, name, ObjectResult::Action::Deleted, QString()});
        }
        deleteNext(index + 1);
    });
}

void ReplicationDeleteJob::finishDelete()
{
    for (const ObjectResult &o : std::as_const(mPlan)) {
        if (o.action == ObjectResult::Action::Kept)
            addObject(o);
    }
    if (!mFailures.isEmpty() && mOptions.force) {
        for (const QString &failure : std::as_const(mFailures))
            addNote(QStringLiteral("Warning: ") + sentenceText(failure));
        addNote(QStringLiteral("Warning: --force: removing the relationship file although these objects may be left "
                               "behind (they carry the label %1=%2)")
                    .arg(ReplicationEngine::relationshipLabel(), mRelationship.id));
    } else if (!mFailures.isEmpty()) {
        fail(mFailures.join(QLatin1Char('\n'))
            + QStringLiteral("\nthe relationship file %1 was kept: fix the problem and run delete again (or use "
                             "--force to remove the file anyway)")
                  .arg(mStore.filePath(mName)));
        return;
    }
    setStep(Step::RemoveFile);
    QString error;
    if (!mStore.remove(mName, &error)) {
        fail(error);
        return;
    }
    SyncHistory().remove(mRelationship.id);
    addObject({QStringLiteral("local"), QStringLiteral("file"), QString(), mStore.filePath(mName),
        ObjectResult::Action::Deleted, QString()});
    succeed();
}
