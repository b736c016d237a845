// SPDX-License-Identifier: GPL-3.0-or-later
#include "restorepointsjob.h"

#include "replicationengine.h"
#include "volsyncresources.h"

#include "kube/kubeclient.h"
#include "kube/kubereply.h"
#include "kube/kuberesource.h"

#include <QJsonArray>
#include <algorithm>

RestorePointsJob::RestorePointsJob(ReplicationEngine *engine, const QString &name, QObject *parent)
    : ReplicationJob(parent)
    , mEngine(engine)
    , mName(name)
{ }

void RestorePointsJob::run()
{
    setStep(Step::Validate);
    QString error;
    const auto rel = mEngine ? mEngine->store().load(mName, &error) : std::nullopt;
    if (!rel) {
        fail(mEngine ? error : QStringLiteral("no Kubernetes session"));
        return;
    }
    if (!rel->destination) {
        failInvalid(QStringLiteral("%1 has no destination, so it has no restore points").arg(mName));
        return;
    }
    const ReplicationDestinationSide dst = *rel->destination;
    KubeClient *client = ReplicationEngine::clientFor(mEngine->session(), dst.cluster);
    if (!client->isValid()) {
        fail(QStringLiteral("cannot use the destination's context: %1").arg(client->configError().personMessage()),
            client->configError());
        return;
    }
    setStep(Step::PreCheck, QStringLiteral("listing the restore points of %1").arg(mName));
    await(client->get(VolSyncResources::replicationDestinations(), dst.namespaceName, dst.rdName),
        [this, client, dst](KubeReply *reply) {
            if (!reply->isOk() && !reply->error().isNotFound()) {
                fail(QStringLiteral("cannot read the ReplicationDestination %1/%2: %3")
                         .arg(dst.namespaceName, dst.rdName, reply->error().personMessage()),
                    reply->error());
                return;
            }
            const QJsonObject rd = reply->json();
            const QString latest = rd.value(QStringLiteral("status"))
                                       .toObject()
                                       .value(QStringLiteral("latestImage"))
                                       .toObject()
                                       .value(QStringLiteral("name"))
                                       .toString();
            const QString pvc = dst.destinationPvc.value_or(QStringLiteral("volsync-%1-dst").arg(dst.rdName));
            await(client->list(KubeResource::volumeSnapshots(), dst.namespaceName),
                [this, dst, latest, pvc](KubeReply *listReply) {
                    if (!listReply->isOk()) {
                        fail(QStringLiteral("cannot list the VolumeSnapshots of %1: %2")
                                 .arg(dst.namespaceName, listReply->error().personMessage()),
                            listReply->error());
                        return;
                    }
                    const QJsonArray items = listReply->json().value(QStringLiteral("items")).toArray();
                    for (const QJsonValue &item : items) {
                        const QJsonObject snapshot = item.toObject();
                        if (RestorePoint::belongsTo(snapshot, dst.rdName, pvc))
                            mPoints.append(RestorePoint::fromSnapshot(dst.cluster, snapshot, latest));
                    }
                    std::sort(mPoints.begin(), mPoints.end(), [](const RestorePoint &a, const RestorePoint &b) {
                        return a.creationTime != b.creationTime ? a.creationTime < b.creationTime : a.name < b.name;
                    });
                    setStep(Step::Done, QStringLiteral("%1 restore point(s)").arg(mPoints.size()));
                    succeed();
                });
        });
}
