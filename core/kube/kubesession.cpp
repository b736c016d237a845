// SPDX-License-Identifier: GPL-3.0-or-later
#include "kubesession.h"

#include "kubebatchgetter.h"
#include "kubeinformerfactory.h"

KubeSession::KubeSession(const KubeConfig::LoadOptions &options, QObject *parent)
    : QObject(parent)
    , mOptions(options)
    , mConfig(KubeConfig::load(options))
    , mInformers(new KubeInformerFactory(this))
    , mBatchGetter(new KubeBatchGetter(this))
{ }

KubeSession::KubeSession(const KubeConfig &config, QObject *parent)
    : QObject(parent)
    , mConfig(config)
    , mInformers(new KubeInformerFactory(this))
    , mBatchGetter(new KubeBatchGetter(this))
{ }

KubeSession::KubeSession(const KubeConfig &config, const KubeConfig::LoadOptions &options, QObject *parent)
    : QObject(parent)
    , mOptions(options)
    , mConfig(config)
    , mInformers(new KubeInformerFactory(this))
    , mBatchGetter(new KubeBatchGetter(this))
{ }

KubeSession::~KubeSession() = default;

KubeClient *KubeSession::client(const QString &contextName)
{
    const QString name = contextName.isEmpty() ? mConfig.currentContext() : contextName;
    if (KubeClient *existing = mClients.value(name).data())
        return existing;
    auto *client = new KubeClient(mConfig, name, this);
    if (mExecTimeoutMs > 0)
        client->setExecTimeoutMs(mExecTimeoutMs);
    connect(client, &KubeClient::requestObserved, this, &KubeSession::requestObserved);
    mClients.insert(name, client);
    return client;
}

void KubeSession::reload()
{
    reload(KubeConfig::load(mOptions));
}

void KubeSession::reload(const KubeConfig &config)
{
    for (const QPointer<KubeClient> &client : std::as_const(mClients)) {
        if (client)
            client->deleteLater();
    }
    mClients.clear();
    mConfig = config;
    Q_EMIT reloaded();
}

QString KubeSession::useContext(const QString &contextName)
{
    if (!mConfig.context(contextName))
        return QStringLiteral("context \"%1\" does not exist").arg(contextName);
    return mConfig.writeCurrentContext(contextName);
}
