// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>

/// Where a ClusterInventory gets its lists from: the one seam between the inventory's rules and the API
/// (today a LIST through the session's client, later the shared informers; a fixed list in unit tests).
class InventorySource
{
public:
    enum class Kind { Namespaces, PersistentVolumeClaims, Pods, StorageClasses, VolumeSnapshotClasses };
    using Callback = std::function<void(const QList<QJsonObject> &items, const QString &error)>;

    virtual ~InventorySource() = default;
    /// Lists `kind` in `namespaceName` (empty for cluster-scoped kinds) of `context`. Calls `callback` once,
    /// later from the event loop (never from inside list()), unless `receiver` is gone; `error` is for a person.
    virtual void list(
        const QString &context, Kind kind, const QString &namespaceName, QObject *receiver, Callback callback)
        = 0;
};
