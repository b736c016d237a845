// SPDX-License-Identifier: GPL-3.0-or-later
#include "kubeinformer.h"

#include "kubeclient.h"
#include "kubewatcher.h"

namespace {
void emitChanged(KubeInformer *informer, const QJsonObject &object)
{
    const QJsonObject metadata = object.value(QLatin1String("metadata")).toObject();
    Q_EMIT informer->objectChanged(
        metadata.value(QLatin1String("namespace")).toString(), metadata.value(QLatin1String("name")).toString());
}
} // namespace

KubeInformer::KubeInformer(const Key &key, QObject *parent)
    : QObject(parent)
    , mKey(key)
{
    mWatcher = new KubeWatcher(key.client, key.resource, key.namespaceName, this);
    if (!key.labelSelector.isEmpty())
        mWatcher->setLabelSelector(key.labelSelector);
    connect(mWatcher, &KubeWatcher::added, this, [this](const QJsonObject &object) {
        Q_EMIT added(object);
        emitChanged(this, object);
    });
    connect(mWatcher, &KubeWatcher::modified, this, [this](const QJsonObject &object, const QJsonObject &previous) {
        Q_EMIT modified(object, previous);
        emitChanged(this, object);
    });
    connect(mWatcher, &KubeWatcher::deleted, this, [this](const QJsonObject &object) {
        Q_EMIT deleted(object);
        emitChanged(this, object);
    });
    connect(mWatcher, &KubeWatcher::synced, this, [this] {
        mLastError = KubeError();
        Q_EMIT synced();
    });
    connect(mWatcher, &KubeWatcher::errorOccurred, this, [this](const KubeError &error) {
        mLastError = error;
        Q_EMIT errorOccurred(error);
    });
}

KubeInformer::~KubeInformer() = default;

bool KubeInformer::hasSynced() const
{
    return mWatcher->hasSynced();
}

bool KubeInformer::isRunning() const
{
    return mWatcher->isRunning();
}

const KubeObjectCache &KubeInformer::cache() const
{
    return mWatcher->cache();
}

std::optional<QJsonObject> KubeInformer::object(const QString &namespaceName, const QString &name) const
{
    return mWatcher->object(namespaceName, name);
}

int KubeInformer::listCount() const
{
    return mWatcher->listCount();
}

int KubeInformer::watchCount() const
{
    return mWatcher->watchCount();
}

void KubeInformer::start()
{
    mWatcher->start();
}

void KubeInformer::stop()
{
    mWatcher->stop();
}
