// SPDX-License-Identifier: GPL-3.0-or-later
#include "manyrelationshipsworld.h"

#include "engine/relationshipstore.h"
#include "engine/replicationengine.h"
#include "engine/replicationjob.h"
#include "kube/kubesession.h"
#include "sim/simcluster.h"
#include "sim/simoperator.h"
#include "sim/simstore.h"
#include "simfixture.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTimer>
#include <QUuid>

namespace {
// Not too many apply jobs at once: each one makes a dozen calls, and the point is the monitors afterwards.
constexpr int kParallelSetups = 8;
} // namespace

ManyRelationshipsWorld::ManyRelationshipsWorld(const Options &options, QObject *parent)
    : QObject(parent)
    , mOptions(options)
{
    const int width = mOptions.count > 99 ? 3 : 2;
    for (int i = 1; i <= mOptions.count; ++i) {
        mNames.append(QStringLiteral("vol-%1").arg(i, width, 10, QLatin1Char('0')));
    }
    if (mOptions.clusters <= 1) {
        mClusters = {context()};
    } else {
        for (int i = 1; i <= mOptions.clusters; ++i) {
            mClusters.append(QStringLiteral("lab-%1").arg(i, 2, 10, QLatin1Char('0')));
        }
    }
}

ManyRelationshipsWorld::~ManyRelationshipsWorld()
{
    stop();
}

QString ManyRelationshipsWorld::kubeconfigPath() const
{
    return mDir.filePath(QStringLiteral("kubeconfig"));
}

QString ManyRelationshipsWorld::configDir() const
{
    return mDir.filePath(QStringLiteral("volsync"));
}

QString ManyRelationshipsWorld::historyDir() const
{
    return mDir.filePath(QStringLiteral("history"));
}

void ManyRelationshipsWorld::start()
{
    if (!mDir.isValid()) {
        Q_EMIT failed(QStringLiteral("no temporary folder"));
        return;
    }
    SimFixture::Options options;
    options.simulator.clusters = mClusters;
    options.simulator.stateDir = mDir.filePath(QStringLiteral("clusters"));
    options.simulator.kubeconfigOut = kubeconfigPath();
    options.simulator.faults.historyWindow = mOptions.historyWindow;
    SimOperatorOptions operatorOptions;
    operatorOptions.timeScale = mOptions.timeScale;
    operatorOptions.syncDurationMs = mOptions.syncDurationMs;
    operatorOptions.loadBalancerDelayMs = 100;
    operatorOptions.realSshKeys = false;
    options.operatorOptions = operatorOptions;
    options.setUpCluster = [this](SimCluster *cluster) {
        SimStore *store = cluster->store();
        store->create(QStringLiteral("namespaces"), QString(), SimFixture::namespaceObject(QStringLiteral("apps")));
        store->create(QStringLiteral("namespaces"), QString(), SimFixture::namespaceObject(QStringLiteral("backup")));
        for (int i = 0; i < mNames.size(); ++i) {
            if (mClusters.at(i % mClusters.size()) == cluster->name()) {
                store->create(QStringLiteral("persistentvolumeclaims"), QStringLiteral("apps"),
                    SimFixture::pvcObject(mNames.at(i)));
            }
        }
    };
    mSim = new SimFixture(options, this);
    connect(mSim, &SimFixture::ready, this, &ManyRelationshipsWorld::onSimulatorReady);
    connect(mSim, &SimFixture::failed, this, &ManyRelationshipsWorld::failed);
    mSim->startAsync();
}

void ManyRelationshipsWorld::stop()
{
    delete mEngine;
    mEngine = nullptr;
    delete mSession;
    mSession = nullptr;
    delete mSim; // the operator, then the clusters
    mSim = nullptr;
}

void ManyRelationshipsWorld::closeForExit()
{
    delete mEngine;
    mEngine = nullptr;
    delete mSession;
    mSession = nullptr;
    if (mSim)
        mSim->closeForExit();
    mDir.remove();
}

void ManyRelationshipsWorld::onSimulatorReady()
{
    if (SimOperator *op = mSim->op()) {
        connect(op, &SimOperator::syncFinished, this,
            [this](const QString &cluster, const QString &, const QString &name, bool success, const QString &) {
                Q_EMIT syncFinished(cluster, name, success);
            });
    }
    // The files, as `volsyncctl replication create/set-source/set-destination` would write them.
    const RelationshipStore store(configDir());
    for (int i = 0; i < mNames.size(); ++i) {
        const QString &name = mNames.at(i);
        const QString cluster = mClusters.at(i % mClusters.size());
        ReplicationRelationship relationship;
        relationship.name = name;
        relationship.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        relationship.version = 2;
        relationship.rsyncTls = true;
        ReplicationSourceSide source;
        source.cluster = cluster;
        source.namespaceName = QStringLiteral("apps");
        source.pvcName = name;
        source.rsName = name + QStringLiteral("-src");
        source.copyMethod = QStringLiteral("Clone");
        ReplicationDestinationSide destination;
        destination.cluster = cluster;
        destination.namespaceName = QStringLiteral("backup");
        destination.rdName = name;
        destination.copyMethod = QStringLiteral("Snapshot");
        destination.capacity = QStringLiteral("1Gi");
        destination.accessModes = {QStringLiteral("ReadWriteOnce")};
        destination.serviceType = QStringLiteral("ClusterIP");
        relationship.source = source;
        relationship.destination = destination;
        QString error;
        if (!store.save(relationship, &error)) {
            Q_EMIT failed(error);
            return;
        }
    }
    KubeConfig::LoadOptions load;
    load.explicitPath = kubeconfigPath();
    mSession = new KubeSession(load, this);
    mEngine = new ReplicationEngine(mSession, configDir(), this);
    for (int i = 0; i < kParallelSetups; ++i) {
        scheduleNext();
    }
}

void ManyRelationshipsWorld::scheduleNext()
{
    if (mFailed) {
        return;
    }
    if (mScheduled == mNames.size()) {
        if (mRunning == 0) {
            // Not from inside the last job's finished(): the engine owns the job.
            QTimer::singleShot(0, this, [this] {
                // The setup's session is done; the app under test uses its own.
                delete mEngine;
                mEngine = nullptr;
                delete mSession;
                mSession = nullptr;
                Q_EMIT ready();
            });
        }
        return;
    }
    const QString name = mNames.at(mScheduled++);
    ReplicationJob *job = mEngine->schedule(name, QStringLiteral("* * * * *"));
    ++mRunning;
    connect(job, &ReplicationJob::finished, this, [this, job, name] {
        --mRunning;
        job->deleteLater();
        if (!job->result().ok()) {
            mFailed = true;
            Q_EMIT failed(QStringLiteral("schedule %1: %2").arg(name, job->result().error));
            return;
        }
        scheduleNext();
    });
    job->start();
}
