// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "inventorysource.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>

/// What one cluster (kubeconfig context) offers a relationship: its namespaces, the PVCs of a namespace (size,
/// access modes, class, the pods using them, whether VolSync made them), storage classes with what their
/// provisioner can do, and snapshot classes. Loaded through an InventorySource; the domain rules the setup
/// needs (can this class clone? is this PVC VolSync's own?) live here, not in the pages that show them.
class ClusterInventory : public QObject
{
    Q_OBJECT
public:
    struct Pvc {
        QString name;
        QString namespaceName;
        QString requestedSize; ///< spec.resources.requests.storage
        QString capacity; ///< status.capacity.storage (empty until bound)
        QStringList accessModes;
        QString storageClass; ///< empty: the cluster default
        QStringList usedBy; ///< pods mounting it
        /// The ReplicationDestination whose volume this is (VolSync's `volsync-<rd>-dst`), empty when none.
        QString volsyncDestination;
        /// What a person expects to see as its size: the provisioned size, else the requested one.
        [[nodiscard]] QString size() const { return capacity.isEmpty() ? requestedSize : capacity; }
        [[nodiscard]] bool isInUse() const { return !usedBy.isEmpty(); }
        [[nodiscard]] bool isVolSyncOwned() const { return !volsyncDestination.isEmpty(); }
    };
    struct StorageClass {
        QString name;
        QString provisioner;
        bool isDefault = false;
        /// CSI drivers can clone a volume; the in-tree `kubernetes.io/…` provisioners cannot.
        [[nodiscard]] bool canClone() const { return !provisioner.startsWith(QLatin1String("kubernetes.io/")); }
    };
    struct SnapshotClass {
        QString name;
        QString driver;
        bool isDefault = false;
    };

    /// `source` must outlive the inventory.
    ClusterInventory(InventorySource *source, const QString &context, QObject *parent = nullptr);

    [[nodiscard]] QString context() const { return mContext; }
    /// Lists namespaces, storage classes and snapshot classes (again).
    void refresh();
    /// Lists the PVCs and pods of `namespaceName` (once; again with `force`).
    void loadNamespace(const QString &namespaceName, bool force = false);

    /// Nothing is being listed.
    [[nodiscard]] bool isLoaded() const { return mPending == 0 && mRefreshed; }
    [[nodiscard]] bool isNamespaceLoaded(const QString &namespaceName) const;
    /// The last listing error, for a person (empty when none).
    [[nodiscard]] QString error() const { return mError; }

    /// Every namespace name, and the ones to offer for a relationship (without `kube-*`).
    [[nodiscard]] QStringList namespaceNames() const { return mNamespaces.keys(); }
    [[nodiscard]] QStringList offeredNamespaces() const;
    [[nodiscard]] bool hasNamespace(const QString &name) const { return mNamespaces.contains(name); }
    /// The Namespace object as listed (empty when unknown).
    [[nodiscard]] QJsonObject namespaceObject(const QString &name) const { return mNamespaces.value(name); }

    [[nodiscard]] QList<Pvc> pvcs(const QString &namespaceName) const { return mPvcs.value(namespaceName); }
    [[nodiscard]] std::optional<Pvc> pvc(const QString &namespaceName, const QString &name) const;

    [[nodiscard]] QList<StorageClass> storageClasses() const { return mStorageClasses; }
    /// By name; empty name: the default class.
    [[nodiscard]] std::optional<StorageClass> storageClass(const QString &name) const;
    [[nodiscard]] QList<SnapshotClass> snapshotClasses() const { return mSnapshotClasses; }

    /// Rules on the lists (static: also used on single objects).
    [[nodiscard]] static Pvc pvcFrom(const QJsonObject &pvc, const QList<QJsonObject> &pods);
    [[nodiscard]] static StorageClass storageClassFrom(const QJsonObject &storageClass);
    [[nodiscard]] static SnapshotClass snapshotClassFrom(const QJsonObject &snapshotClass);
    /// The RD whose volume a PVC named `pvcName` is (`volsync-<rd>-dst`), or empty.
    [[nodiscard]] static QString volsyncDestinationOf(const QString &pvcName);

Q_SIGNALS:
    /// Any list arrived (or failed).
    void changed();
    /// Nothing is being listed any more.
    void loaded();

private:
    void finishOne();

    InventorySource *mSource = nullptr;
    QString mContext;
    QHash<QString, QJsonObject> mNamespaces;
    QHash<QString, QList<Pvc>> mPvcs;
    QSet<QString> mLoadedNamespaces;
    QList<StorageClass> mStorageClasses;
    QList<SnapshotClass> mSnapshotClasses;
    QString mError;
    int mPending = 0;
    bool mRefreshed = false;
    quint64 mGeneration = 0;
    QHash<QString, quint64> mNamespaceGeneration;
};
