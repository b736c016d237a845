// SPDX-License-Identifier: GPL-3.0-or-later
#include "demoenvironment.h"

#include "demorelationshipfiles.h"

#include "sim/simcluster.h"
#include "sim/simoperator.h"
#include "sim/simulator.h"
#include "sim/simworld.h"

#include <QDir>
#include <QTemporaryDir>

DemoEnvironment::DemoEnvironment(QObject *parent)
    : DemoEnvironment(Options(), parent)
{ }

DemoEnvironment::DemoEnvironment(const Options &options, QObject *parent)
    : QObject(parent)
    , mOptions(options)
{ }

DemoEnvironment::~DemoEnvironment()
{
    // The operator holds timers on the clusters' stores: stop it before the clusters go.
    delete mOperator;
    if (mSimulator) {
        mSimulator->stop();
        delete mSimulator;
    }
}

QString DemoEnvironment::kubeconfigPath() const
{
    return mDir ? mDir->filePath(QStringLiteral("kubeconfig")) : QString();
}

QString DemoEnvironment::configDir() const
{
    return mDir ? mDir->filePath(QStringLiteral("volsync")) : QString();
}

QString DemoEnvironment::historyDir() const
{
    return mDir ? mDir->filePath(QStringLiteral("sync-history")) : QString();
}

void DemoEnvironment::start()
{
    if (mSimulator) {
        return;
    }
    mDir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/volsync-demo-XXXXXX"));
    if (!mDir->isValid()) {
        QMetaObject::invokeMethod(
            this,
            [this]() {
                Q_EMIT failed(tr("The demo could not create its temporary folder in %1.").arg(QDir::tempPath()));
            },
            Qt::QueuedConnection);
        return;
    }
    SimulatorOptions simOptions;
    simOptions.clusters = mOptions.clusters;
    simOptions.stateDir = mDir->filePath(QStringLiteral("clusters"));
    simOptions.kubeconfigOut = kubeconfigPath();
    SimOperatorOptions opOptions;
    opOptions.timeScale = mOptions.timeScale;
    opOptions.syncDurationMs = mOptions.syncDurationMs;
    opOptions.loadBalancerDelayMs = mOptions.loadBalancerDelayMs;
    opOptions.retryBaseMs = mOptions.retryBaseMs;
    opOptions.realSshKeys = false;
    mOperator = new SimOperator(opOptions, this);
    mSimulator = new Simulator(simOptions, this);
    connect(
        mSimulator, &Simulator::clusterCreated, this, [this](SimCluster *cluster) { mOperator->addCluster(cluster); });
    connect(mSimulator, &Simulator::ready, this, &DemoEnvironment::onReady);
    connect(mSimulator, &Simulator::failed, this,
        [this](const QString &message) { Q_EMIT failed(tr("The demo clusters could not start: %1").arg(message)); });
    mSimulator->start();
}

void DemoEnvironment::onReady()
{
    QList<SimStore *> stores;
    const QList<SimCluster *> clusters = mSimulator->clusters();
    for (SimCluster *cluster : clusters) {
        stores.append(cluster->store());
    }
    QString error;
    if (!SimWorld::seed(QStringLiteral("demo"), stores, true, QDateTime::currentDateTimeUtc(), &error)
        || !writeRelationshipFiles(&error)
        || !DemoRelationshipFiles::writeDisasterRecoveryHistory(
            configDir(), SimWorld::demoRelationships(mOptions.clusters), stores, &error)) {
        Q_EMIT failed(tr("The demo world could not be set up: %1").arg(error));
        return;
    }
    mReady = true;
    Q_EMIT ready();
}

bool DemoEnvironment::writeRelationshipFiles(QString *error)
{
    // The simulator seeded the clusters; the files that describe their relationships are the demo's to write.
    if (!DemoRelationshipFiles::write(configDir(), mOptions.clusters, error)) {
        return false;
    }
    const QList<SimDemoRelationship> relationships = SimWorld::demoRelationships(mOptions.clusters);
    for (const SimDemoRelationship &r : relationships) {
        mRelationships.append(r.name);
    }
    return true;
}
