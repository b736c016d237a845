// SPDX-License-Identifier: GPL-3.0-or-later
#include "volumecapacityjob.h"

#include "replicationengine.h"
#include "replicationobjectbuilder.h"

#include "kube/kubeclient.h"
#include "kube/kubereply.h"
#include "kube/kuberesource.h"
#include "kube/kubesession.h"

namespace {

/// The provisioned size, else the requested one.
QString sizeOf(const QJsonObject &pvc)
{
    const QString actual = pvc.value(QLatin1String("status"))
                               .toObject()
                               .value(QLatin1String("capacity"))
                               .toObject()
                               .value(QLatin1String("storage"))
                               .toString();
    return actual.isEmpty() ? ReplicationObjectBuilder::requestedSize(pvc) : actual;
}

} // namespace

VolumeCapacityJob::VolumeCapacityJob(
    KubeSession *session, const RelationshipStore &store, const QString &name, QObject *parent)
    : ReplicationJob(parent)
    , mSession(session)
    , mStore(store)
    , mName(name)
{ }

void VolumeCapacityJob::run()
{
    setStep(Step::CheckClusters, QStringLiteral("reading the volumes' sizes"));
    QString error;
    const auto rel = mStore.load(mName, &error);
    if (!rel) {
        fail(error);
        return;
    }
    if (!mSession) {
        fail(QStringLiteral("no Kubernetes session"));
        return;
    }
    const auto read = [this](const QString &context, const QString &ns, const QString &pvc,
                          const std::function<void(const QString &)> &take) {
        KubeClient *client = ReplicationEngine::clientFor(mSession, context);
        if (!client->isValid() || ns.isEmpty() || pvc.isEmpty()) {
            take(QString());
            return;
        }
        ++mPending;
        await(client->get(KubeResource::persistentVolumeClaims(), ns, pvc), [this, take](KubeReply *reply) {
            take(reply->isOk() ? sizeOf(reply->json()) : QString());
            --mPending;
            done();
        });
    };
    ++mPending; // until both requests are out
    if (rel->source)
        read(rel->source->cluster, rel->source->namespaceName, rel->source->pvcName,
            [this](const QString &size) { mSourceSize = size; });
    if (rel->destination) {
        const ReplicationDestinationSide &d = *rel->destination;
        const QString planned = d.capacity.value_or(QString());
        // VolSync keeps a Snapshot destination's data in volsync-<rd>-dst; Direct/None write into their PVC.
        const QString pvc = d.copyMethod == QLatin1String("Snapshot") ? QStringLiteral("volsync-%1-dst").arg(d.rdName)
                                                                      : d.destinationPvc.value_or(d.rdName);
        read(d.cluster, d.namespaceName, pvc, [this, planned](const QString &size) {
            mDestinationSize = size.isEmpty() ? planned : size;
            mDestinationPlanned = size.isEmpty() && !planned.isEmpty();
        });
    }
    --mPending;
    done();
}

void VolumeCapacityJob::done()
{
    if (mPending == 0 && !isFinished())
        succeed();
}
