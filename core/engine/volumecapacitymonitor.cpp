// SPDX-License-Identifier: GPL-3.0-or-later
#include "volumecapacitymonitor.h"

#include "relationshippreflight.h"
#include "replicationengine.h"
#include "replicationobjectbuilder.h"

#include "kube/kubeclient.h"
#include "kube/kubeinformerview.h"
#include "kube/kuberesource.h"
#include "kube/kubesession.h"

#include <QTimer>

VolumeCapacityMonitor::VolumeCapacityMonitor(
    KubeSession *session, const ReplicationRelationship &relationship, QObject *parent)
    : QObject(parent)
    , mSession(session)
    , mRelationship(relationship)
{
    if (mRelationship.source)
        mSourceView = makeView(
            mRelationship.source->cluster, mRelationship.source->namespaceName, mRelationship.source->pvcName);
    if (mRelationship.destination)
        mDestinationView = makeView(mRelationship.destination->cluster, mRelationship.destination->namespaceName,
            destinationVolume(*mRelationship.destination));
    recompute();
}

VolumeCapacityMonitor::~VolumeCapacityMonitor() = default;

QString VolumeCapacityMonitor::sizeOf(const QJsonObject &pvc)
{
    const QString actual = pvc.value(QLatin1String("status"))
                               .toObject()
                               .value(QLatin1String("capacity"))
                               .toObject()
                               .value(QLatin1String("storage"))
                               .toString();
    return actual.isEmpty() ? ReplicationObjectBuilder::requestedSize(pvc) : actual;
}

QString VolumeCapacityMonitor::destinationVolume(const ReplicationDestinationSide &destination)
{
    // VolSync keeps a Snapshot destination's data in volsync-<rd>-dst; Direct/None write into their PVC.
    return destination.copyMethod == QLatin1String("Snapshot")
        ? QStringLiteral("volsync-%1-dst").arg(destination.rdName)
        : destination.destinationPvc.value_or(destination.rdName);
}

bool VolumeCapacityMonitor::watchesVolumesOf(const ReplicationRelationship &relationship) const
{
    const auto key = [](const ReplicationRelationship &r) {
        QStringList parts {r.name};
        if (r.source)
            parts << r.source->cluster << r.source->namespaceName << r.source->pvcName;
        parts << QStringLiteral("|");
        if (r.destination)
            parts << r.destination->cluster << r.destination->namespaceName << destinationVolume(*r.destination)
                  << r.destination->capacity.value_or(QString());
        return parts;
    };
    return key(relationship) == key(mRelationship);
}

KubeInformerView *VolumeCapacityMonitor::makeView(const QString &cluster, const QString &ns, const QString &pvc)
{
    if (!mSession || ns.isEmpty() || pvc.isEmpty())
        return nullptr;
    KubeClient *client = ReplicationEngine::clientFor(mSession, cluster);
    if (!client->isValid())
        return nullptr;
    // No label selector: the volumes are the user's own PVCs. Every capacity monitor of a cluster shares the
    // one PVC watch.
    auto *view = new KubeInformerView(
        mSession->informers(), client, KubeResource::persistentVolumeClaims(), ns, QString(), this);
    view->setNames({pvc});
    connect(view, &KubeInformerView::changed, this, &VolumeCapacityMonitor::recompute);
    return view;
}

bool VolumeCapacityMonitor::isReady() const
{
    return (!mSourceView || mSourceView->hasSynced()) && (!mDestinationView || mDestinationView->hasSynced());
}

std::optional<QString> VolumeCapacityMonitor::problem() const
{
    return RelationshipPreflight::capacityProblem(mDestinationSize, mSourceSize);
}

void VolumeCapacityMonitor::recompute()
{
    const auto sizeIn = [](const KubeInformerView *view, const QString &pvc) {
        if (!view)
            return QString();
        const auto object = view->object(pvc);
        return object ? sizeOf(*object) : QString();
    };
    const QString source = mRelationship.source ? sizeIn(mSourceView, mRelationship.source->pvcName) : QString();
    QString destination;
    bool planned = false;
    if (mRelationship.destination) {
        const QString requested = mRelationship.destination->capacity.value_or(QString());
        destination = sizeIn(mDestinationView, destinationVolume(*mRelationship.destination));
        planned = destination.isEmpty() && !requested.isEmpty();
        if (destination.isEmpty())
            destination = requested;
    }
    if (source == mSourceSize && destination == mDestinationSize && planned == mDestinationPlanned && !isReady())
        return;
    mSourceSize = source;
    mDestinationSize = destination;
    mDestinationPlanned = planned;
    Q_EMIT changed();
}
