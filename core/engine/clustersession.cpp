// SPDX-License-Identifier: GPL-3.0-or-later
#include "clustersession.h"

#include "replicationengine.h"

#include "kube/kubeconfigloader.h"
#include "kube/kubesession.h"

ClusterSession::ClusterSession(QObject *parent)
    : QObject(parent)
    , mLoader(new KubeConfigLoader(this))
{
    // The session's clients are made on this (the GUI) thread: their authorities are decoded on the worker.
    mLoader->setDecodeCertificateAuthorities(true);
    connect(mLoader, &KubeConfigLoader::loaded, this, [this](const KubeConfig &config, const QByteArray &digest) {
        delete mSession;
        mSession = new KubeSession(config, mLoader->options(), this);
        mDigest = digest;
        connect(mSession, &KubeSession::requestObserved, this, &ClusterSession::requestObserved);
        Q_EMIT loaded();
    });
}

ClusterSession::~ClusterSession() = default;

void ClusterSession::load(const QString &kubeconfigPath)
{
    delete mSession;
    mSession = nullptr;
    KubeConfig::LoadOptions options;
    options.explicitPath = kubeconfigPath;
    mLoader->start(options);
}

ReplicationEngine *ClusterSession::createEngine(const QString &configDir, QObject *parent) const
{
    return mSession ? new ReplicationEngine(mSession, configDir, parent) : nullptr;
}

const KubeConfig &ClusterSession::config() const
{
    static const KubeConfig none;
    return mSession ? mSession->config() : none;
}

KubeConfig::LoadOptions ClusterSession::loadOptions() const
{
    return mLoader->options();
}

bool ClusterSession::filesChanged(const QStringList &files, const QByteArray &digest) const
{
    if (!mSession)
        return false;
    return digest != mDigest || files != mSession->config().files();
}

void ClusterSession::reload(const KubeConfig &config, const QByteArray &digest)
{
    if (!mSession)
        return;
    mSession->reload(config);
    mDigest = digest;
}

QString ClusterSession::useContext(const QString &contextName)
{
    return mSession ? mSession->useContext(contextName) : tr("The kubeconfig is not loaded yet.");
}
