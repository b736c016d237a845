// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "kube/kubeconfig.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QStringList>

class KubeConfigLoader;
class KubeSession;
class ReplicationEngine;
struct KubeRequestRecord;

/// The desktop's connection to its clusters: reads the kubeconfig on a worker thread, then holds the one
/// KubeSession made from it. The GUI reaches the kubeconfig's contexts and the clusters only through this,
/// ReplicationEngine and the models; no widget names a Kube* type (a test checks that).
class ClusterSession : public QObject
{
    Q_OBJECT
public:
    explicit ClusterSession(QObject *parent = nullptr);
    ~ClusterSession() override;

    /// Drops the current session (delete what uses it first: the engine) and reads the kubeconfig at
    /// `kubeconfigPath` ("" = KUBECONFIG or ~/.kube/config, as kubectl) on a worker thread; loaded() follows.
    void load(const QString &kubeconfigPath);
    /// Whether the kubeconfig has been read and the session made.
    [[nodiscard]] bool isLoaded() const { return mSession != nullptr; }

    /// A new engine over this session's clusters and the relationship files of `configDir` (after loaded()).
    [[nodiscard]] ReplicationEngine *createEngine(const QString &configDir, QObject *parent) const;
    /// The session itself, for the engine's and the models' constructors (and tests); nullptr before loaded().
    [[nodiscard]] KubeSession *kubeSession() const { return mSession; }
    /// The kubeconfig as read, and how it was read (the contexts model shows the same load).
    [[nodiscard]] const KubeConfig &config() const;
    [[nodiscard]] KubeConfig::LoadOptions loadOptions() const;

    /// Whether the kubeconfig the session uses changed on disk since it was read, or `files` (those the contexts
    /// model read last) differ from the session's.
    [[nodiscard]] bool filesChanged(const QStringList &files) const;
    /// Re-reads the kubeconfig into the session: its clients are dropped (not while a job uses them).
    void reload();
    /// Writes current-context (kubectl config use-context). Returns an error text, empty on success.
    [[nodiscard]] QString useContext(const QString &contextName);

Q_SIGNALS:
    /// The kubeconfig was read and the session made.
    void loaded();
    /// A request of one of the session's clients (for the activity log).
    void requestObserved(const KubeRequestRecord &record);

private:
    KubeConfigLoader *mLoader = nullptr;
    KubeSession *mSession = nullptr;
    QByteArray mDigest; ///< of the kubeconfig files the session was loaded from
};
