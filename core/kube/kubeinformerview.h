// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "kubeerror.h"
#include "kuberesource.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <optional>

class KubeClient;
class KubeInformer;
class KubeInformerFactory;

/// What one consumer sees of a resource type: the objects in one namespace that match a label selector, read
/// from a shared informer. Where the user may list across namespaces that is the cluster-wide informer for the
/// selector (one watch for every namespace); after a 403 it is the namespace's own informer (one watch per
/// namespace in use). When an informer of the same scope without a selector already runs (the fleet monitor's, which
/// sees every object of the kind), a view with a simple selector ("k", "!k", "k=v", "k!=v", comma-separated) reads
/// that one and filters here: one watch per kind, not two. Holding a view keeps its informer running; deleting it
/// releases the informer.
class KubeInformerView : public QObject
{
    Q_OBJECT
public:
    /// `labelSelector` should be the same for every consumer of a kind (e.g. "volsync.backube/relationship"),
    /// so that they share one watch; filter finer with object().
    KubeInformerView(KubeInformerFactory *factory, KubeClient *client, const KubeResource &resource,
        const QString &namespaceName, const QString &labelSelector, QObject *parent = nullptr);
    ~KubeInformerView() override;

    /// Only changes of these objects (by name) emit changed(); empty (the default) = every object.
    void setNames(const QStringList &names);

    [[nodiscard]] bool hasSynced() const;
    /// The object `name` in this view's namespace, if it exists and matches the selector.
    [[nodiscard]] std::optional<QJsonObject> object(const QString &name) const;
    /// Every object of this view's namespace.
    [[nodiscard]] QList<QJsonObject> objects() const;
    [[nodiscard]] QString namespaceName() const { return mNamespace; }
    /// The informer read now (diagnostics and tests).
    [[nodiscard]] KubeInformer *informer() const;

Q_SIGNALS:
    /// An object of this view changed, or the informer (re)listed.
    void changed();
    /// Object `name` of namespace `namespaceName` was added, modified or deleted (emitted just before changed()).
    /// A (re)list tells each object that came, changed or went this way too, then synced() and changed(). An object
    /// whose labels stop matching the selector counts as deleted (object() no longer finds it), one whose labels
    /// start matching as added.
    void objectChanged(const QString &namespaceName, const QString &name);
    /// The informer listed for the first time (or again after a relist).
    void synced();
    void errorOccurred(const KubeError &error);

private:
    void attach();
    /// Emits objectChanged() and changed() for an object of this view's namespace and names.
    void tellChange(const QString &namespaceName, const QString &name);
    void tell(const QJsonObject &object);
    /// Whether `object` matches the selector (always, while the informer itself selects).
    [[nodiscard]] bool selected(const QJsonObject &object) const;

    struct Requirement {
        QString key;
        enum class Op { Exists, NotExists, Equals, NotEquals } op = Op::Exists;
        QString value;
    };
    QPointer<KubeInformerFactory> mFactory;
    QPointer<KubeClient> mClient;
    KubeResource mResource;
    QString mNamespace;
    QString mLabelSelector;
    QSet<QString> mNames;
    QPointer<KubeInformer> mInformer;
    std::optional<QList<Requirement>> mRequirements; ///< the selector parsed; nullopt when not simple
    bool mFiltering = false; ///< reading an informer without selector: filter by mRequirements here
};
