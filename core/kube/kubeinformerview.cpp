// SPDX-License-Identifier: GPL-3.0-or-later
#include "kubeinformerview.h"

#include "kubeclient.h"
#include "kubeinformer.h"
#include "kubeinformerfactory.h"
#include "kubeobjectcache.h"

KubeInformerView::KubeInformerView(KubeInformerFactory *factory, KubeClient *client, const KubeResource &resource,
    const QString &namespaceName, const QString &labelSelector, QObject *parent)
    : QObject(parent)
    , mFactory(factory)
    , mClient(client)
    , mResource(resource)
    , mNamespace(resource.namespaced ? namespaceName : QString())
    , mLabelSelector(labelSelector)
{
    if (factory) {
        connect(factory, &KubeInformerFactory::scopeNarrowed, this,
            [this](KubeClient *narrowed, const KubeResource &resource) {
                if (narrowed == mClient && resource == mResource && mInformer && mInformer->namespaceName().isEmpty()
                    && !mNamespace.isEmpty())
                    attach();
            });
    }
    attach();
}

KubeInformerView::~KubeInformerView()
{
    if (mFactory && mInformer)
        mFactory->release(mInformer);
}

void KubeInformerView::attach()
{
    if (!mFactory || !mClient)
        return;
    const bool perNamespace
        = mResource.namespaced && !mNamespace.isEmpty() && mFactory->isNamespaceScoped(mClient, mResource);
    // Join the new informer before leaving the old one.
    KubeInformer *previous = mInformer;
    mInformer = mFactory->acquire(mClient, mResource, perNamespace ? mNamespace : QString(), mLabelSelector);
    if (previous) {
        previous->disconnect(this);
        mFactory->release(previous);
    }
    KubeInformer *informer = mInformer;
    if (!informer)
        return;
    connect(informer, &KubeInformer::objectChanged, this, [this](const QString &ns, const QString &name) {
        if ((mNamespace.isEmpty() || ns == mNamespace) && (mNames.isEmpty() || mNames.contains(name)))
            Q_EMIT changed();
    });
    connect(informer, &KubeInformer::synced, this, [this] {
        Q_EMIT synced();
        Q_EMIT changed();
    });
    connect(informer, &KubeInformer::errorOccurred, this, [this, informer](const KubeError &error) {
        if (error.isForbidden() && informer->namespaceName().isEmpty() && !mNamespace.isEmpty()) {
            // Not allowed across namespaces: watch this namespace only (every view of the kind follows).
            mFactory->setNamespaceScoped(mClient, mResource,
                QStringLiteral("listing %1 in all namespaces is not allowed (%2)")
                    .arg(mResource.resource, error.message()));
            return;
        }
        Q_EMIT errorOccurred(error);
    });
    if (previous && informer->hasSynced()) // moved to an informer that knows the state already
        Q_EMIT changed();
}

KubeInformer *KubeInformerView::informer() const
{
    return mInformer;
}

void KubeInformerView::setNames(const QStringList &names)
{
    mNames = QSet<QString>(names.cbegin(), names.cend());
}

bool KubeInformerView::hasSynced() const
{
    return mInformer && mInformer->hasSynced();
}

std::optional<QJsonObject> KubeInformerView::object(const QString &name) const
{
    if (!mInformer)
        return std::nullopt;
    return mInformer->object(mNamespace, name);
}

QList<QJsonObject> KubeInformerView::objects() const
{
    if (!mInformer)
        return {};
    return mNamespace.isEmpty() ? mInformer->cache().objects() : mInformer->cache().objectsInNamespace(mNamespace);
}
