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

    /// KubeConfigLoader::digestOf() of the files the session was made from, computed when they were read.
    [[nodiscard]] QByteArray filesDigest() const { return mDigest; }
    /// Whether a later read of the kubeconfig (`files` and their `digest`, e.g. the contexts model's, read on a
    /// worker thread) differs from what the session was made from. Reads no file.
    [[nodiscard]] bool filesChanged(const QStringList &files, const QByteArray &digest) const;
    /// Makes the session's clients anew from `config`, read elsewhere (on a worker thread) with `digest`: the old
    /// clients are dropped (not while a job uses them). Reads no file.
    void reload(const KubeConfig &config, const QByteArray &digest);
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
