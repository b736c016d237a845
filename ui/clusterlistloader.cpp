// SPDX-License-Identifier: GPL-3.0-or-later
#include "clusterlistloader.h"

#include "kube/kubeclient.h"
#include "kube/kubereply.h"
#include "kube/kuberesource.h"
#include "kube/kubesession.h"

void ClusterListLoader::list(KubeSession *session, const QString &context, const KubeResource &resource,
    const QString &namespaceName, QObject *receiver, Callback callback)
{
    if (!session) {
        QMetaObject::invokeMethod(
            receiver, [callback]() { callback({}, QObject::tr("No kubeconfig is loaded.")); }, Qt::QueuedConnection);
        return;
    }
    KubeReply *reply = session->client(context)->list(resource, namespaceName);
    QObject::connect(reply, &KubeReply::finished, receiver, [reply, callback]() {
        if (reply->isOk()) {
            callback(reply->items(), QString());
        } else {
            callback({}, reply->error().personMessage());
        }
    });
}

void ClusterListLoader::get(KubeSession *session, const QString &context, const KubeResource &resource,
    const QString &namespaceName, const QString &name, QObject *receiver, GetCallback callback)
{
    if (!session) {
        QMetaObject::invokeMethod(
            receiver, [callback]() { callback({}, false, QObject::tr("No kubeconfig is loaded.")); },
            Qt::QueuedConnection);
        return;
    }
    KubeReply *reply = session->client(context)->get(resource, namespaceName, name);
    QObject::connect(reply, &KubeReply::finished, receiver, [reply, callback]() {
        if (reply->isOk()) {
            callback(reply->json(), true, QString());
        } else if (reply->error().isNotFound()) {
            callback({}, false, QString());
        } else {
            callback({}, false, reply->error().personMessage());
        }
    });
}

QString ClusterListLoader::name(const QJsonObject &object)
{
    return object.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString();
}
