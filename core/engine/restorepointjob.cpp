// SPDX-License-Identifier: GPL-3.0-or-later
#include "restorepointjob.h"

#include "replicationengine.h"
#include "restorepoint.h"
#include "volsyncresources.h"

#include "kube/kubeclient.h"
#include "kube/kubereply.h"
#include "kube/kuberesource.h"

RestorePointJob::RestorePointJob(
    ReplicationEngine *engine, const QString &name, const QString &snapshot, Action action, QObject *parent)
    : DisasterRecoveryJob(engine, name, parent)
    , mSnapshot(snapshot)
    , mAction(action)
{ }

void RestorePointJob::run()
{
    setStep(Step::Validate);
    const auto loaded
        = loadDestination(QStringLiteral("%1 has no destination, so it has no restore points").arg(mName));
    if (!loaded)
        return;
    const ReplicationDestinationSide dst = loaded->side();
    KubeClient *client = loaded->client;
    setStep(Step::PreCheck, QStringLiteral("reading restore point %1/%2").arg(dst.namespaceName, mSnapshot));
    await(client->get(VolSyncResources::replicationDestinations(), dst.namespaceName, dst.rdName),
        [this, client, dst](KubeReply *rdReply) {
            const QString latest = rdReply->json()
                                       .value(QStringLiteral("status"))
                                       .toObject()
                                       .value(QStringLiteral("latestImage"))
                                       .toObject()
                                       .value(QStringLiteral("name"))
                                       .toString();
            await(client->get(KubeResource::volumeSnapshots(), dst.namespaceName, mSnapshot),
                [this, client, dst, latest](KubeReply *reply) {
                    if (!reply->isOk()) {
                        fail(reply->error().isNotFound()
                                ? QStringLiteral("there is no restore point %1 in %2").arg(mSnapshot, dst.namespaceName)
                                : QStringLiteral("cannot read VolumeSnapshot %1/%2: %3")
                                      .arg(dst.namespaceName, mSnapshot, reply->error().personMessage()),
                            reply->error());
                        return;
                    }
                    const QString pvc = dst.destinationPvc.value_or(QStringLiteral("volsync-%1-dst").arg(dst.rdName));
                    if (!RestorePoint::belongsTo(reply->json(), dst.rdName, pvc)) {
                        failInvalid(QStringLiteral("VolumeSnapshot %1/%2 is not a restore point of %3")
                                        .arg(dst.namespaceName, mSnapshot, mName));
                        return;
                    }
                    const RestorePoint point = RestorePoint::fromSnapshot(dst.cluster, reply->json(), latest);
                    KubeRequest::WriteOptions options;
                    options.fieldManager = ReplicationEngine::fieldManager();
                    auto report = [this, dst](KubeReply *r, ObjectResult::Action action, const QString &what) {
                        if (!r->isOk()) {
                            fail(QStringLiteral("unable to %1 VolumeSnapshot %2/%3: %4")
                                     .arg(what, dst.namespaceName, mSnapshot, r->error().personMessage()),
                                r->error());
                            return;
                        }
                        addObject({dst.cluster, QStringLiteral("VolumeSnapshot"), dst.namespaceName, mSnapshot, action,
                            what});
                        setStep(Step::Done, QStringLiteral("VolumeSnapshot %1: %2").arg(mSnapshot, what));
                        succeed();
                    };
                    if (mAction == Action::Delete) {
                        if (point.latest || point.kept || !point.restoringFor.isEmpty()) {
                            failInvalid(point.latest ? QStringLiteral(
                                            "%1 is the destination's latest image: VolSync replaces it with the "
                                            "next sync")
                                                           .arg(mSnapshot)
                                                     : QStringLiteral("%1 is kept (%2): release it first")
                                                           .arg(mSnapshot, ReplicationEngine::doNotDeleteLabel()));
                            return;
                        }
                        setStep(Step::ReleaseRestorePoint,
                            QStringLiteral("deleting VolumeSnapshot %1/%2").arg(dst.namespaceName, mSnapshot));
                        await(client->remove(KubeResource::volumeSnapshots(), dst.namespaceName, mSnapshot),
                            [report](
                                KubeReply *r) { report(r, ObjectResult::Action::Deleted, QStringLiteral("delete")); });
                        return;
                    }
                    const bool keep = mAction == Action::Keep;
                    if (!keep && !point.restoringFor.isEmpty()) {
                        failInvalid(QStringLiteral("%1 is being restored into PVC %2: it is released when that restore "
                                                   "ends (or by end-test)")
                                        .arg(mSnapshot, point.restoringFor));
                        return;
                    }
                    setStep(keep ? Step::ProtectRestorePoint : Step::ReleaseRestorePoint,
                        QStringLiteral("%1 VolumeSnapshot %2/%3")
                            .arg(keep ? QStringLiteral("keeping") : QStringLiteral("releasing"), dst.namespaceName,
                                mSnapshot));
                    const QJsonObject patch {{QStringLiteral("metadata"),
                        QJsonObject {{QStringLiteral("labels"),
                            QJsonObject {{ReplicationEngine::doNotDeleteLabel(),
                                keep ? QJsonValue(QStringLiteral("true")) : QJsonValue()}}}}}};
                    await(client->mergePatch(
                              KubeResource::volumeSnapshots(), dst.namespaceName, mSnapshot, patch, options),
                        [report, keep](KubeReply *r) {
                            report(r, keep ? ObjectResult::Action::Labelled : ObjectResult::Action::Updated,
                                keep ? QStringLiteral("keep") : QStringLiteral("release"));
                        });
                });
        });
}
