// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "kubeclient.h"
#include "kubeconfig.h"

#include <QHash>
#include <QObject>
#include <QPointer>

/// Loads the kubeconfig once and hands out one KubeClient per context (owned by the session).
/// The engine, the GUI and volsyncctl use this, and share watches through informers().
class KubeBatchGetter;
class KubeInformerFactory;

class KubeSession : public QObject
{
    Q_OBJECT
public:
    explicit KubeSession(const KubeConfig::LoadOptions &options = {}, QObject *parent = nullptr);
    /// Uses an already loaded config (reload() then reads the default files).
    explicit KubeSession(const KubeConfig &config, QObject *parent = nullptr);
    /// Uses a config already loaded with `options` (KubeConfigLoader); reload() reads with the same options.
    KubeSession(const KubeConfig &config, const KubeConfig::LoadOptions &options, QObject *parent = nullptr);
    ~KubeSession() override;

    [[nodiscard]] const KubeConfig &config() const { return mConfig; }
    /// The client for `contextName` ("" = current-context). Check client->isValid().
    [[nodiscard]] KubeClient *client(const QString &contextName = {});
    /// The shared informers of this session's clients: one list+watch per (context, kind, scope).
    [[nodiscard]] KubeInformerFactory *informers() const { return mInformers; }
    /// Batched reads of named objects for this session's clients (one LIST for many GETs of a turn).
    [[nodiscard]] KubeBatchGetter *batchGetter() const { return mBatchGetter; }
    /// How long the credential plugins of this session's clients may run (0: KubeClient's default); applies to
    /// clients made from now on.
    void setExecTimeoutMs(int timeoutMs) { mExecTimeoutMs = timeoutMs; }

    /// Re-reads the kubeconfig (on the calling thread); existing clients are deleted (later).
    void reload();
    /// Uses `config`, read elsewhere (KubeConfigLoader, off the GUI thread), instead; no file is read.
    void reload(const KubeConfig &config);
    /// Writes current-context (kubectl config use-context). Returns an error text, empty on success.
    [[nodiscard]] QString useContext(const QString &contextName);

Q_SIGNALS:
    /// After reload(): the old clients are being deleted, ask client() again.
    void reloaded();
    /// KubeClient::requestObserved() of every client of this session.
    void requestObserved(const KubeRequestRecord &record);

private:
    KubeConfig::LoadOptions mOptions;
    KubeConfig mConfig;
    QHash<QString, QPointer<KubeClient>> mClients;
    KubeInformerFactory *mInformers = nullptr;
    KubeBatchGetter *mBatchGetter = nullptr;
    int mExecTimeoutMs = 0;
};
