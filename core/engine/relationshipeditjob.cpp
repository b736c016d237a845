// SPDX-License-Identifier: GPL-3.0-or-later
#include "relationshipeditjob.h"

#include "relationshippreflight.h"
#include "replicationengine.h"
#include "replicationobjectbuilder.h"

#include "engine/volsyncresources.h"
#include "kube/kubeclient.h"
#include "kube/kubereply.h"
#include "kube/kubesession.h"

namespace {

QString contextLabel(const QString &context)
{
    return context.isEmpty() ? QStringLiteral("the current context") : QStringLiteral("context \"%1\"").arg(context);
}

} // namespace

RelationshipEditJob::RelationshipEditJob(KubeSession *session, const RelationshipStore &store, const QString &name,
    bool rsyncTls, const QString &id, QObject *parent)
    : ReplicationJob(parent)
    , mKind(Kind::Create)
    , mSession(session)
    , mStore(store)
    , mName(name)
    , mRsyncTls(rsyncTls)
    , mId(id)
{ }

RelationshipEditJob::RelationshipEditJob(KubeSession *session, const RelationshipStore &store, const QString &name,
    const SourceSettings &source, QObject *parent)
    : ReplicationJob(parent)
    , mKind(Kind::SetSource)
    , mSession(session)
    , mStore(store)
    , mName(name)
    , mSource(source)
{
    readRelationshipBeforeRun(store, name);
}

RelationshipEditJob::RelationshipEditJob(KubeSession *session, const RelationshipStore &store, const QString &name,
    const DestinationSettings &destination, QObject *parent)
    : ReplicationJob(parent)
    , mKind(Kind::SetDestination)
    , mSession(session)
    , mStore(store)
    , mName(name)
    , mDestination(destination)
{
    readRelationshipBeforeRun(store, name);
}

void RelationshipEditJob::run()
{
    setStep(Step::Validate);
    if (mKind == Kind::Create) {
        runCreate();
        return;
    }
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
    const ObjectName &target = mKind == Kind::SetSource ? mSource.pvc : mDestination.destination;
    KubeClient *client = ReplicationEngine::clientFor(mSession, target.context);
    if (!client->isValid()) {
        fail(QStringLiteral("cannot use %1: %2")
                 .arg(contextLabel(target.context), client->configError().personMessage()));
        return;
    }
    setStep(Step::CheckClusters);
    checkNamespace(client, target, [this, client, target] {
        const auto next = [this] {
            // Remove what the previous definition created, but only where it no longer belongs.
            if (mKind == Kind::SetSource && mRelationship.source) {
                const ReplicationSourceSide &old = *mRelationship.source;
                const bool moved = old.cluster != mSource.pvc.context || old.namespaceName != mSource.pvc.namespaceName
                    || old.pvcName != mSource.pvc.name;
                KubeClient *oldClient = ReplicationEngine::clientFor(mSession, old.cluster);
                if (moved && !old.namespaceName.isEmpty() && oldClient->isValid()) {
                    deleteOld(oldClient, old.cluster, old.namespaceName, true, [this] { storeSource(); });
                    return;
                }
                if (moved && !old.namespaceName.isEmpty())
                    addNote(QStringLiteral("Warning: cannot reach %1 to remove the previous source's objects in "
                                           "namespace %2 (label %3=%4): remove them by hand.")
                                .arg(contextLabel(old.cluster), old.namespaceName,
                                    ReplicationEngine::relationshipLabel(), mRelationship.id));
                storeSource();
                return;
            }
            if (mKind == Kind::SetDestination && mRelationship.destination) {
                const ReplicationDestinationSide &old = *mRelationship.destination;
                const bool moved = old.cluster != mDestination.destination.context
                    || old.namespaceName != mDestination.destination.namespaceName
                    || old.rdName != mDestination.destination.name;
                KubeClient *oldClient = ReplicationEngine::clientFor(mSession, old.cluster);
                if (moved && !old.namespaceName.isEmpty() && oldClient->isValid()) {
                    deleteOld(oldClient, old.cluster, old.namespaceName, false, [this] { storeDestination(); });
                    return;
                }
                if (moved && !old.namespaceName.isEmpty())
                    addNote(QStringLiteral("Warning: cannot reach %1 to remove the previous destination's objects in "
                                           "namespace %2 (label %3=%4): remove them by hand.")
                                .arg(contextLabel(old.cluster), old.namespaceName,
                                    ReplicationEngine::relationshipLabel(), mRelationship.id));
                storeDestination();
                return;
            }
            if (mKind == Kind::SetSource)
                storeSource();
            else
                storeDestination();
        };
        if (mKind != Kind::SetSource) {
            checkCapacity(next);
            return;
        }
        await(client->get(KubeResource::persistentVolumeClaims(), target.namespaceName, target.name),
            [this, target, next](KubeReply *reply) {
                if (reply->error().isNotFound()) {
                    fail(QStringLiteral("the source PVC %1/%2 does not exist in %3: create it first, or check "
                                        "the name given with --pvcname")
                             .arg(target.namespaceName, target.name, contextLabel(target.context)));
                    return;
                }
                if (!reply->isOk()) {
                    fail(QStringLiteral("unable to retrieve source PVC: %1").arg(reply->error().personMessage()),
                        reply->error());
                    return;
                }
                next();
            });
    });
}

void RelationshipEditJob::runCreate()
{
    QString error;
    if (mRsyncTls && mStore.exists(mName)) {
        setStep(Step::SaveFile);
        const auto existing = mStore.update(
            mName,
            [](ReplicationRelationship *current, QString *problem) {
                if (current->rsyncTls) {
                    *problem = QStringLiteral("unable to create relationship: relationship exists (already rsync-TLS)");
                    return false;
                }
                RelationshipStore::upgradeToRsyncTls(current);
                return true;
            },
            &error);
        if (!existing) {
            fail(error);
            return;
        }
        mRelationship = *existing;
        addNote(QStringLiteral("Upgraded relationship %1 to rsync-TLS (file version 2); run \"replication "
                               "schedule\" or \"replication sync\" to switch the movers.")
                    .arg(mName));
        addObject({QStringLiteral("local"), QStringLiteral("file"), QString(), mStore.filePath(mName),
            ObjectResult::Action::Updated, QString()});
        succeed();
        return;
    }
    setStep(Step::SaveFile);
    const auto created = mStore.create(mName, mRsyncTls, &error, mId);
    if (!created) {
        fail(error);
        return;
    }
    mRelationship = *created;
    addObject({QStringLiteral("local"), QStringLiteral("file"), QString(), mStore.filePath(mName),
        ObjectResult::Action::Created, QString()});
    succeed();
}

void RelationshipEditJob::checkNamespace(
    KubeClient *client, const ObjectName &object, const std::function<void()> &next)
{
    await(client->get(KubeResource::namespaces(), QString(), object.namespaceName),
        [this, object, next](KubeReply *reply) {
            if (reply->error().isNotFound()) {
                fail(QStringLiteral("the namespace %1 does not exist in %2: create it first (kubectl%3 create "
                                    "namespace %1)")
                         .arg(object.namespaceName, contextLabel(object.context),
                             object.context.isEmpty() ? QString() : QStringLiteral(" --context ") + object.context));
                return;
            }
            if (!reply->isOk()) {
                // Namespaces may not be readable (RBAC); the apply steps will find out.
                if (!reply->error().isForbidden()) {
                    fail(QStringLiteral("unable to check namespace %1: %2")
                             .arg(object.namespaceName, reply->error().personMessage()),
                        reply->error());
                    return;
                }
            }
            next();
        });
}

void RelationshipEditJob::deleteOld(
    KubeClient *client, const QString &cluster, const QString &ns, bool source, const std::function<void()> &next)
{
    setStep(Step::DeleteOldObjects,
        QStringLiteral("removing the objects of the previous %1 in %2/%3")
            .arg(source ? QStringLiteral("source") : QStringLiteral("destination"),
                cluster.isEmpty() ? QStringLiteral("(current context)") : cluster, ns));
    KubeRequest::ListOptions selection;
    selection.labelSelector = ReplicationEngine::relationshipLabel() + QLatin1Char('=') + mRelationship.id;
    KubeRequest::DeleteOptions options;
    options.propagationPolicy = QStringLiteral("Background");
    QList<KubeResource> kinds;
    if (source)
        kinds = {VolSyncResources::replicationSources(), KubeResource::secrets()};
    else
        kinds = {VolSyncResources::replicationDestinations()};
    auto remaining = std::make_shared<int>(int(kinds.size()));
    for (const KubeResource &kind : std::as_const(kinds)) {
        await(client->deleteCollection(kind, ns, selection, options), [=, this](KubeReply *reply) {
            if (!reply->isOk() && !reply->error().isNotFound()) {
                fail(QStringLiteral("unable to remove the %1s of the previous definition: %2")
                         .arg(kind.kind, reply->error().personMessage()),
                    reply->error());
                return;
            }
            const auto items = reply->items();
            for (const QJsonObject &item : items) {
                const QJsonObject md = item.value(QLatin1String("metadata")).toObject();
                addObject({cluster, kind.kind, ns, md.value(QLatin1String("name")).toString(),
                    ObjectResult::Action::Deleted, QString()});
            }
            if (--*remaining == 0)
                next();
        });
    }
}

void RelationshipEditJob::checkCapacity(const std::function<void()> &next)
{
    // A destination smaller than its source cannot hold the copy: refused before anything changes.
    if (!mDestination.capacity || !mRelationship.source || mRelationship.source->pvcName.isEmpty()) {
        next();
        return;
    }
    const ReplicationSourceSide source = *mRelationship.source;
    KubeClient *client = ReplicationEngine::clientFor(mSession, source.cluster);
    if (!client->isValid()) {
        next(); // apply checks again once the source can be read
        return;
    }
    await(client->get(KubeResource::persistentVolumeClaims(), source.namespaceName, source.pvcName),
        [this, next](KubeReply *reply) {
            if (reply->isOk()) {
                if (const auto problem = RelationshipPreflight::capacityProblem(
                        *mDestination.capacity, ReplicationObjectBuilder::requestedSize(reply->json()))) {
                    failInvalid(*problem);
                    return;
                }
            }
            next();
        });
}

void RelationshipEditJob::storeSource()
{
    // Changed on the file as it is under the lock, so that a concurrent set-destination is kept.
    save([this](ReplicationRelationship *current) {
        current->source = ReplicationObjectBuilder::sourceSide(mSource, current->source);
    });
}

void RelationshipEditJob::storeDestination()
{
    save([this](ReplicationRelationship *current) {
        const ReplicationDestinationSide side = ReplicationObjectBuilder::destinationSide(mDestination);
        if (current->destination && *current->destination != side && current->source) {
            // A different destination publishes another address and keys: forget the old ones.
            current->source->address.reset();
            current->source->sshKeys.reset();
        }
        current->destination = side;
    });
}

void RelationshipEditJob::save(const std::function<void(ReplicationRelationship *)> &change)
{
    setStep(Step::SaveFile);
    QString error;
    const auto saved = mStore.update(
        mName,
        [&change](ReplicationRelationship *current, QString *) {
            change(current);
            return true;
        },
        &error);
    if (!saved) {
        fail(error);
        return;
    }
    mRelationship = *saved;
    addObject({QStringLiteral("local"), QStringLiteral("file"), QString(), mStore.filePath(mName),
        ObjectResult::Action::Updated, QString()});
    succeed();
}
