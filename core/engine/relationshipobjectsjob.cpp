// SPDX-License-Identifier: GPL-3.0-or-later
#include "relationshipobjectsjob.h"

#include "replicationengine.h"
#include "volsyncresources.h"
#include "yamltree.h"

#include "common/redaction.h"
#include "common/workertask.h"
#include "kube/kubeclient.h"
#include "kube/kubereply.h"
#include "kube/kuberesource.h"
#include "kube/kubesession.h"

namespace {

RelationshipObjectsJob::Item makeItem(
    const char *key, const char *kind, const QString &context, const QString &namespaceName, const QString &name)
{
    RelationshipObjectsJob::Item item;
    item.key = QLatin1String(key);
    item.kind = QLatin1String(kind);
    item.context = context;
    item.namespaceName = namespaceName;
    item.name = name;
    return item;
}

KubeResource resourceOf(const QString &key)
{
    if (key == QLatin1String("source"))
        return VolSyncResources::replicationSources();
    if (key == QLatin1String("destination"))
        return VolSyncResources::replicationDestinations();
    return KubeResource::secrets();
}

} // namespace

RelationshipObjectsJob::RelationshipObjectsJob(KubeSession *session, const ReplicationRelationship &relationship,
    const std::optional<RelationshipStore> &store, QObject *parent)
    : ReplicationJob(parent)
    , mSession(session)
    , mName(relationship.name)
    , mStore(store)
{
    if (relationship.source && !relationship.source->rsName.isEmpty()) {
        const ReplicationSourceSide &s = *relationship.source;
        mItems.append(makeItem("source", "ReplicationSource", s.cluster, s.namespaceName, s.rsName));
    }
    if (relationship.destination && !relationship.destination->rdName.isEmpty()) {
        const ReplicationDestinationSide &d = *relationship.destination;
        mItems.append(makeItem("destination", "ReplicationDestination", d.cluster, d.namespaceName, d.rdName));
    }
}

QString RelationshipObjectsJob::toDisplayYaml(QJsonObject object)
{
    QJsonObject metadata = object.value(QLatin1String("metadata")).toObject();
    metadata.remove(QStringLiteral("managedFields"));
    object.insert(QStringLiteral("metadata"), metadata);
    if (object.value(QLatin1String("kind")).toString() == QLatin1String("Secret")) {
        for (const char *field : {"data", "stringData"}) {
            QJsonObject data = object.value(QLatin1String(field)).toObject();
            for (auto it = data.begin(); it != data.end(); ++it) {
                it.value() = redactedMarker();
            }
            if (!data.isEmpty()) {
                object.insert(QLatin1String(field), data);
            }
        }
    }
    return QString::fromUtf8(YamlTree::write(object.toVariantMap()));
}

QString RelationshipObjectsJob::keySecretOf(const QJsonObject &replicationSource)
{
    const QJsonObject spec = replicationSource.value(QLatin1String("spec")).toObject();
    const QString sshKeys = spec.value(QLatin1String("rsync")).toObject().value(QLatin1String("sshKeys")).toString();
    return sshKeys.isEmpty()
        ? spec.value(QLatin1String("rsyncTLS")).toObject().value(QLatin1String("keySecret")).toString()
        : sshKeys;
}

void RelationshipObjectsJob::run()
{
    setStep(Step::CheckClusters, tr("reading the live objects"));
    if (!mSession) {
        fail(tr("no Kubernetes session"));
        return;
    }
    ++mPending; // until every request is out
    readFile();
    for (int i = 0; i < mItems.size(); ++i)
        fetch(i);
    --mPending;
    done();
}

void RelationshipObjectsJob::readFile()
{
    if (!mStore)
        return;
    ++mPending;
    const RelationshipStore store = *mStore;
    const QString name = mName;
    WorkerTask::run<QString>(
        this,
        [store, name] {
            QString error;
            const auto text = store.readText(name, &error);
            return text ? QString::fromUtf8(*text)
                        : QStringLiteral("# ") + QString(error).replace(QLatin1Char('\n'), QStringLiteral("\n# "));
        },
        [this](const QString &text) {
            if (isStopping())
                return;
            Q_EMIT fileRead(text);
            --mPending;
            done();
        });
}

void RelationshipObjectsJob::fetch(int index)
{
    const Item &wanted = mItems.at(index);
    KubeClient *client = ReplicationEngine::clientFor(mSession, wanted.context);
    ++mPending;
    await(client->get(resourceOf(wanted.key), wanted.namespaceName, wanted.name), [this, index](KubeReply *reply) {
        QString secret;
        Item &item = mItems[index];
        item.fetched = true;
        if (reply->isOk()) {
            const QJsonObject object = reply->json();
            item.yaml = toDisplayYaml(object);
            if (item.key == QLatin1String("source"))
                secret = keySecretOf(object);
        } else if (reply->error().isNotFound()) {
            item.yaml = tr("# Not in the cluster (not applied yet, or deleted).");
        } else {
            item.yaml = QStringLiteral("# ")
                + reply->error().personMessage().replace(QLatin1Char('\n'), QStringLiteral("\n# "));
        }
        const Item fetched = item;
        if (!secret.isEmpty()) {
            mItems.append(makeItem("secret", "Secret", fetched.context, fetched.namespaceName, secret));
            Q_EMIT itemAdded(mItems.constLast());
            fetch(int(mItems.size()) - 1);
        }
        Q_EMIT itemFetched(fetched);
        --mPending;
        done();
    });
}

void RelationshipObjectsJob::done()
{
    if (mPending == 0 && !isStopping())
        succeed();
}
