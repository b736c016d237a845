// SPDX-License-Identifier: GPL-3.0-or-later
#include "clusterinventory.h"

#include "replicationobjectbuilder.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <memory>

namespace {

QString nameOf(const QJsonObject &object)
{
    return object.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString();
}

bool isDefaultClass(const QJsonObject &object, const QString &annotation)
{
    return object.value(QLatin1String("metadata"))
               .toObject()
               .value(QLatin1String("annotations"))
               .toObject()
               .value(annotation)
               .toString()
        == QLatin1String("true");
}

} // namespace

ClusterInventory::ClusterInventory(InventorySource *source, const QString &context, QObject *parent)
    : QObject(parent)
    , mSource(source)
    , mContext(context)
{ }

void ClusterInventory::finishOne()
{
    // Counted first, so that a listener of changed() sees whether everything is there.
    --mPending;
    Q_EMIT changed();
    if (mPending == 0)
        Q_EMIT loaded();
}

void ClusterInventory::refresh()
{
    const quint64 generation = ++mGeneration;
    mPending += 3;
    mError.clear();
    mSource->list(mContext, InventorySource::Kind::Namespaces, QString(), this,
        [this, generation](const QList<QJsonObject> &items, const QString &error) {
            if (generation == mGeneration) {
                mRefreshed = true;
                mNamespaces.clear();
                for (const QJsonObject &ns : items)
                    mNamespaces.insert(nameOf(ns), ns);
                if (!error.isEmpty())
                    mError = error;
            }
            finishOne();
        });
    mSource->list(mContext, InventorySource::Kind::StorageClasses, QString(), this,
        [this, generation](const QList<QJsonObject> &items, const QString &) {
            if (generation == mGeneration) {
                mStorageClasses.clear();
                for (const QJsonObject &sc : items)
                    mStorageClasses.append(storageClassFrom(sc));
            }
            finishOne();
        });
    mSource->list(mContext, InventorySource::Kind::VolumeSnapshotClasses, QString(), this,
        [this, generation](const QList<QJsonObject> &items, const QString &) {
            if (generation == mGeneration) {
                mSnapshotClasses.clear();
                for (const QJsonObject &vsc : items)
                    mSnapshotClasses.append(snapshotClassFrom(vsc));
            }
            finishOne();
        });
}

void ClusterInventory::loadNamespace(const QString &namespaceName, bool force)
{
    if (namespaceName.isEmpty() || (!force && mNamespaceGeneration.contains(namespaceName)))
        return;
    const quint64 generation = ++mNamespaceGeneration[namespaceName];
    mPending += 2;
    // Both lists are needed to tell which pods use which PVC.
    auto pvcs = std::make_shared<QList<QJsonObject>>();
    auto pods = std::make_shared<QList<QJsonObject>>();
    auto remaining = std::make_shared<int>(2);
    const auto done = [this, namespaceName, generation, pvcs, pods, remaining]() {
        if (--*remaining > 0 || mNamespaceGeneration.value(namespaceName) != generation)
            return;
        QList<Pvc> list;
        for (const QJsonObject &p : std::as_const(*pvcs))
            list.append(pvcFrom(p, *pods));
        mPvcs.insert(namespaceName, list);
        mLoadedNamespaces.insert(namespaceName);
    };
    mSource->list(mContext, InventorySource::Kind::PersistentVolumeClaims, namespaceName, this,
        [this, pvcs, done](const QList<QJsonObject> &items, const QString &error) {
            *pvcs = items;
            if (!error.isEmpty())
                mError = error;
            done();
            finishOne();
        });
    mSource->list(mContext, InventorySource::Kind::Pods, namespaceName, this,
        [this, pods, done](const QList<QJsonObject> &items, const QString &) {
            *pods = items;
            done();
            finishOne();
        });
}

bool ClusterInventory::isNamespaceLoaded(const QString &namespaceName) const
{
    return mLoadedNamespaces.contains(namespaceName);
}

QStringList ClusterInventory::offeredNamespaces() const
{
    QStringList names;
    for (auto it = mNamespaces.cbegin(); it != mNamespaces.cend(); ++it) {
        if (!it.key().startsWith(QLatin1String("kube-")))
            names.append(it.key());
    }
    names.sort();
    return names;
}

std::optional<ClusterInventory::Pvc> ClusterInventory::pvc(const QString &namespaceName, const QString &name) const
{
    for (const Pvc &p : mPvcs.value(namespaceName)) {
        if (p.name == name)
            return p;
    }
    return std::nullopt;
}

std::optional<ClusterInventory::StorageClass> ClusterInventory::storageClass(const QString &name) const
{
    for (const StorageClass &sc : mStorageClasses) {
        if (name.isEmpty() ? sc.isDefault : sc.name == name)
            return sc;
    }
    return std::nullopt;
}

ClusterInventory::Pvc ClusterInventory::pvcFrom(const QJsonObject &object, const QList<QJsonObject> &pods)
{
    Pvc p;
    p.name = nameOf(object);
    p.namespaceName = object.value(QLatin1String("metadata")).toObject().value(QLatin1String("namespace")).toString();
    p.requestedSize = ReplicationObjectBuilder::requestedSize(object);
    p.capacity = object.value(QLatin1String("status"))
                     .toObject()
                     .value(QLatin1String("capacity"))
                     .toObject()
                     .value(QLatin1String("storage"))
                     .toString();
    p.accessModes = ReplicationObjectBuilder::accessModes(object);
    p.storageClass = object.value(QLatin1String("spec")).toObject().value(QLatin1String("storageClassName")).toString();
    for (const QJsonObject &pod : pods) {
        const QJsonArray volumes
            = pod.value(QLatin1String("spec")).toObject().value(QLatin1String("volumes")).toArray();
        for (const QJsonValue &v : volumes) {
            const QString claim = v.toObject()
                                      .value(QLatin1String("persistentVolumeClaim"))
                                      .toObject()
                                      .value(QLatin1String("claimName"))
                                      .toString();
            if (claim == p.name && !p.usedBy.contains(nameOf(pod)))
                p.usedBy.append(nameOf(pod));
        }
    }
    p.volsyncDestination = volsyncDestinationOf(p.name);
    if (p.volsyncDestination.isEmpty()) {
        // VolSync labels what it creates; a destination PVC named otherwise is still its own.
        const QJsonObject labels
            = object.value(QLatin1String("metadata")).toObject().value(QLatin1String("labels")).toObject();
        if (labels.value(QLatin1String("app.kubernetes.io/created-by")).toString() == QLatin1String("volsync"))
            p.volsyncDestination
                = labels.value(QLatin1String("volsync.backube/owner-name")).toString(QStringLiteral("?"));
    }
    return p;
}

QString ClusterInventory::volsyncDestinationOf(const QString &pvcName)
{
    static const QRegularExpression kDestination(QStringLiteral("^volsync-(.+)-dst$"));
    const QRegularExpressionMatch m = kDestination.match(pvcName);
    return m.hasMatch() ? m.captured(1) : QString();
}

ClusterInventory::StorageClass ClusterInventory::storageClassFrom(const QJsonObject &object)
{
    StorageClass sc;
    sc.name = nameOf(object);
    sc.provisioner = object.value(QLatin1String("provisioner")).toString();
    sc.isDefault = isDefaultClass(object, QStringLiteral("storageclass.kubernetes.io/is-default-class"));
    return sc;
}

ClusterInventory::SnapshotClass ClusterInventory::snapshotClassFrom(const QJsonObject &object)
{
    SnapshotClass vsc;
    vsc.name = nameOf(object);
    vsc.driver = object.value(QLatin1String("driver")).toString();
    vsc.isDefault = isDefaultClass(object, QStringLiteral("snapshot.storage.kubernetes.io/is-default-class"));
    return vsc;
}
