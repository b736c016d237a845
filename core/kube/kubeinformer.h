// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "kubeerror.h"
#include "kuberesource.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>

#include <optional>

class KubeClient;
class KubeObjectCache;
class KubeWatcher;

/// One shared list+watch of a resource type for one client (context), namespace scope (empty = all namespaces)
/// and label selector, like client-go's shared informer. Made and reference-counted by KubeInformerFactory: the
/// first consumer starts it, the last one to leave stops it. A KubeWatcher does the work (resume, relist on 410,
/// backoff); consumers read the shared cache and connect to the signals. A consumer that joins late reads the
/// current state at once (hasSynced(), object()).
class KubeInformer : public QObject
{
    Q_OBJECT
public:
    struct Key {
        QPointer<KubeClient> client;
        KubeResource resource;
        QString namespaceName; ///< empty: all namespaces
        QString labelSelector;
        bool operator==(const Key &other) const
        {
            return client == other.client && resource == other.resource && namespaceName == other.namespaceName
                && labelSelector == other.labelSelector;
        }
    };

    ~KubeInformer() override;

    [[nodiscard]] const Key &key() const { return mKey; }
    [[nodiscard]] KubeClient *client() const { return mKey.client; }
    [[nodiscard]] KubeResource resource() const { return mKey.resource; }
    [[nodiscard]] QString namespaceName() const { return mKey.namespaceName; }
    [[nodiscard]] QString labelSelector() const { return mKey.labelSelector; }

    /// True once the first list completed (the cache then reflects the server).
    [[nodiscard]] bool hasSynced() const;
    [[nodiscard]] bool isRunning() const;
    [[nodiscard]] const KubeObjectCache &cache() const;
    [[nodiscard]] std::optional<QJsonObject> object(const QString &namespaceName, const QString &name) const;
    /// The last list or watch error since the last successful list (none after a sync).
    [[nodiscard]] KubeError lastError() const { return mLastError; }
    /// How many consumers hold this informer.
    [[nodiscard]] int consumerCount() const { return mConsumers; }
    /// The watcher's list and watch counters (diagnostics and tests).
    [[nodiscard]] int listCount() const;
    [[nodiscard]] int watchCount() const;

Q_SIGNALS:
    void added(const QJsonObject &object);
    void modified(const QJsonObject &object, const QJsonObject &previous);
    void deleted(const QJsonObject &object);
    /// Any of the three above, by namespace and name (cheap to filter on).
    void objectChanged(const QString &namespaceName, const QString &name);
    /// After the first list and after every relist.
    void synced();
    /// A list or watch failed; the informer keeps retrying (with backoff).
    void errorOccurred(const KubeError &error);

private:
    friend class KubeInformerFactory;
    KubeInformer(const Key &key, QObject *parent);
    void start();
    void stop();

    Key mKey;
    KubeWatcher *mWatcher = nullptr;
    KubeError mLastError;
    int mConsumers = 0;
};
