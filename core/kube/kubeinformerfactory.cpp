// SPDX-License-Identifier: GPL-3.0-or-later
#include "kubeinformerfactory.h"

#include "kubeclient.h"
#include "kubewatcher.h"

#include "common/logging.h"

#include <QTimer>

namespace {
QString scopeKey(const KubeClient *client, const KubeResource &resource)
{
    return QString::number(quintptr(client), 16) + QLatin1Char('|') + resource.qualifiedName();
}
} // namespace

KubeInformerFactory::KubeInformerFactory(QObject *parent)
    : QObject(parent)
{ }

KubeInformerFactory::~KubeInformerFactory()
{
    for (KubeInformer *informer : std::as_const(mInformers))
        informer->stop();
}

KubeInformer *KubeInformerFactory::find(
    KubeClient *client, const KubeResource &resource, const QString &namespaceName, const QString &labelSelector) const
{
    const KubeInformer::Key key {client, resource, resource.namespaced ? namespaceName : QString(), labelSelector};
    for (KubeInformer *informer : mInformers) {
        if (informer->key() == key)
            return informer;
    }
    return nullptr;
}

KubeInformer *KubeInformerFactory::acquire(
    KubeClient *client, const KubeResource &resource, const QString &namespaceName, const QString &labelSelector)
{
    if (!client)
        return nullptr;
    KubeInformer *informer = find(client, resource, namespaceName, labelSelector);
    if (!informer) {
        informer = new KubeInformer(
            {client, resource, resource.namespaced ? namespaceName : QString(), labelSelector}, this);
        if (mWatcherSetup)
            mWatcherSetup(informer->mWatcher);
        mInformers.append(informer);
        // A client deleted by KubeSession::reload() takes its requests along: nobody may join this one again.
        connect(client, &QObject::destroyed, informer, [this, informer] {
            informer->stop();
            mInformers.removeOne(informer);
        });
        informer->start();
    }
    ++informer->mConsumers;
    return informer;
}

void KubeInformerFactory::release(KubeInformer *informer)
{
    if (!informer || informer->parent() != this || informer->mConsumers <= 0)
        return;
    if (--informer->mConsumers > 0)
        return;
    // Not at once: a consumer that restarts (stop, then start) keeps the watch.
    const QPointer<KubeInformer> guard(informer);
    QTimer::singleShot(0, this, [this, guard] {
        if (guard && guard->mConsumers == 0)
            retire(guard);
    });
}

void KubeInformerFactory::retire(KubeInformer *informer)
{
    mInformers.removeOne(informer);
    informer->stop();
    informer->deleteLater();
}

QList<KubeInformer *> KubeInformerFactory::informers() const
{
    QList<KubeInformer *> result;
    for (KubeInformer *informer : mInformers) {
        if (informer->mConsumers > 0)
            result.append(informer);
    }
    return result;
}

bool KubeInformerFactory::isNamespaceScoped(const KubeClient *client, const KubeResource &resource) const
{
    return mNamespaceScoped.contains(scopeKey(client, resource));
}

void KubeInformerFactory::setNamespaceScoped(KubeClient *client, const KubeResource &resource, const QString &reason)
{
    if (!client || !resource.namespaced)
        return;
    const QString key = scopeKey(client, resource);
    if (mNamespaceScoped.contains(key))
        return;
    mNamespaceScoped.insert(key);
    connect(client, &QObject::destroyed, this, [this, key] { mNamespaceScoped.remove(key); });
    qCInfo(lcKube).noquote() << QStringLiteral("context %1: watching %2 one namespace at a time: %3")
                                    .arg(client->contextName(), resource.resource, reason);
    Q_EMIT scopeNarrowed(client, resource);
}
