// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "kubeinformer.h"

#include <QList>
#include <QObject>
#include <QSet>

#include <functional>

class KubeWatcher;

/// Hands out shared KubeInformers: one list+watch per (client, resource, namespace scope, label selector),
/// however many consumers ask. acquire() starts the informer for the first consumer; release() by the last
/// one stops it (at the next turn of the event loop, so that a consumer starting again at once keeps the
/// watch). Also remembers for which (client, resource) the user may not list across namespaces, so that
/// KubeInformerView falls back to one informer per namespace (the reason is logged once).
/// Owned by KubeSession (KubeSession::informers()); lives in the clients' thread.
class KubeInformerFactory : public QObject
{
    Q_OBJECT
public:
    explicit KubeInformerFactory(QObject *parent = nullptr);
    ~KubeInformerFactory() override;

    /// The shared informer (started when new). Pair every acquire() with one release().
    KubeInformer *acquire(KubeClient *client, const KubeResource &resource, const QString &namespaceName = {},
        const QString &labelSelector = {});
    /// Leaves an informer; the last consumer's release() stops it. Ignores nullptr and unknown informers.
    void release(KubeInformer *informer);

    /// The informers that run now (for diagnostics and tests).
    [[nodiscard]] QList<KubeInformer *> informers() const;
    /// The running informer for this key, nullptr when none.
    [[nodiscard]] KubeInformer *find(KubeClient *client, const KubeResource &resource,
        const QString &namespaceName = {}, const QString &labelSelector = {}) const;

    /// Whether `client` may not list `resource` across namespaces (learned from a 403).
    [[nodiscard]] bool isNamespaceScoped(const KubeClient *client, const KubeResource &resource) const;
    /// Records that `client` may not list `resource` across namespaces; logs `reason` once and emits scopeNarrowed().
    void setNamespaceScoped(KubeClient *client, const KubeResource &resource, const QString &reason);

    /// Called for every new informer's watcher before it starts (tests: backoff, page size, timeouts).
    void setWatcherSetup(std::function<void(KubeWatcher *)> setup) { mWatcherSetup = std::move(setup); }

Q_SIGNALS:
    /// `client` may not list `resource` across namespaces any more: views move to per-namespace informers.
    void scopeNarrowed(KubeClient *client, const KubeResource &resource);

private:
    void retire(KubeInformer *informer);

    QList<KubeInformer *> mInformers;
    QSet<QString> mNamespaceScoped; ///< "client address|group/resource"
    std::function<void(KubeWatcher *)> mWatcherSetup;
};
