// SPDX-License-Identifier: GPL-3.0-or-later
#include "kubeinventorysource.h"

#include "replicationengine.h"

#include "kube/kubeclient.h"
#include "kube/kubereply.h"
#include "kube/kuberesource.h"
#include "kube/kubesession.h"

namespace {

KubeResource resourceOf(InventorySource::Kind kind)
{
    switch (kind) {
    case InventorySource::Kind::Namespaces:
        return KubeResource::namespaces();
    case InventorySource::Kind::PersistentVolumeClaims:
        return KubeResource::persistentVolumeClaims();
    case InventorySource::Kind::Pods:
        return KubeResource::pods();
    case InventorySource::Kind::StorageClasses:
        return KubeResource::storageClasses();
    case InventorySource::Kind::VolumeSnapshotClasses:
        return KubeResource::volumeSnapshotClasses();
    }
    return KubeResource::namespaces();
}

} // namespace

KubeInventorySource::KubeInventorySource(KubeSession *session)
    : mSession(session)
{ }

void KubeInventorySource::list(
    const QString &context, Kind kind, const QString &namespaceName, QObject *receiver, Callback callback)
{
    if (!mSession) {
        QMetaObject::invokeMethod(
            receiver, [callback]() { callback({}, QStringLiteral("No kubeconfig is loaded.")); }, Qt::QueuedConnection);
        return;
    }
    KubeReply *reply = ReplicationEngine::clientFor(mSession, context)->list(resourceOf(kind), namespaceName);
    QObject::connect(reply, &KubeReply::finished, receiver, [reply, callback]() {
        if (reply->isOk())
            callback(reply->items(), QString());
        else
            callback({}, reply->error().personMessage());
    });
}
