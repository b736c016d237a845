// SPDX-License-Identifier: GPL-3.0-or-later
#include "restorepointsjob.h"

#include "replicationengine.h"
#include "volsyncresources.h"

#include "kube/kubeclient.h"
#include "kube/kubereply.h"
#include "kube/kuberesource.h"

#include <QFutureWatcher>
#include <QJsonArray>
#include <QPromise>
#include <QThreadPool>

#include <algorithm>
#include <memory>

RestorePointsJob::RestorePointsJob(ReplicationEngine *engine, const QString &name, QObject *parent)
    : DisasterRecoveryJob(engine, name, parent)
{ }

void RestorePointsJob::run()
{
    setStep(Step::Validate);
    const auto loaded
        = loadDestination(QStringLiteral("%1 has no destination, so it has no restore points").arg(mName));
    if (!loaded)
        return;
    readHistory(loaded->relationship.id);
    const ReplicationDestinationSide dst = loaded->side();
    KubeClient *client = loaded->client;
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
                    mListed = true;
                    finishWhenBothDone();
                });
        });
}

void RestorePointsJob::readHistory(const QString &relationshipId)
{
    // A file of up to 200 records: read on a worker, not on the thread that runs the job (the GUI's).
    using Records = QList<DisasterRecoveryRecord>;
    auto promise = std::make_shared<QPromise<Records>>();
    auto *watcher = new QFutureWatcher<Records>(this);
    connect(watcher, &QFutureWatcher<Records>::finished, this, [this, watcher] {
        const QFuture<Records> future = watcher->future();
        mHistory = future.resultCount() > 0 ? future.result() : Records();
        mHistoryRead = true;
        watcher->deleteLater();
        finishWhenBothDone();
    });
    watcher->setFuture(promise->future());
    promise->start();
    QThreadPool::globalInstance()->start(
        [promise, history = DisasterRecoveryHistory(mEngine->store().configDir()), relationshipId] {
            promise->addResult(history.records(relationshipId));
            promise->finish();
        });
}

void RestorePointsJob::finishWhenBothDone()
{
    if (!mListed || !mHistoryRead || isStopping())
        return;
    setStep(Step::Done, QStringLiteral("%1 restore point(s)").arg(mPoints.size()));
    succeed();
}
