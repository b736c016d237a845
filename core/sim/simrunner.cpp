// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simrunner.h"

#include "common/logging.h"
#include "sim/simcluster.h"
#include "sim/simoperator.h"
#include "sim/simstore.h"
#include "sim/simulator.h"
#include "sim/simworld.h"

#include <QJsonObject>
#include <QTimer>

SimRunner::SimRunner(const SimRunOptions &options, QObject *parent)
    : QObject(parent)
    , mOptions(options)
    , mSimulator(new Simulator(options.simulator, this))
    , mOperator(new SimOperator(options.operatorOptions, this))
{
    connect(mSimulator, &Simulator::clusterCreated, this, &SimRunner::onClusterCreated);
    connect(mSimulator, &Simulator::ready, this, [this] {
        if (!mFailed) {
            Q_EMIT ready(mSimulator->kubeconfigPath());
        }
    });
    connect(mSimulator, &Simulator::failed, this, [this](const QString &message) {
        mFailed = true;
        Q_EMIT failed(message);
    });
}

SimRunner::~SimRunner()
{
    // The operator goes first: it holds timers on the simulator's stores.
    delete mOperator;
    mOperator = nullptr;
    delete mSimulator;
    mSimulator = nullptr;
}

SimRunOptions SimRunner::demoOptions(const QString &kubeconfigOut, const QString &stateDir)
{
    SimRunOptions options;
    options.seed = QStringLiteral("demo");
    options.simulator.clusters = SimWorld::clustersFor(options.seed);
    options.simulator.kubeconfigOut = kubeconfigOut;
    options.simulator.stateDir = stateDir;
    options.simulator.persist = !stateDir.isEmpty();
    options.operatorOptions.timeScale = 10.0;
    options.operatorOptions.syncDurationMs = 20000;
    options.operatorOptions.loadBalancerDelayMs = 5000;
    return options;
}

void SimRunner::start()
{
    if (!SimWorld::isSeed(mOptions.seed)) {
        mFailed = true;
        const QString message = QStringLiteral("Unknown seed \"%1\": use one of %2.")
                                    .arg(mOptions.seed, SimWorld::seedNames().join(QStringLiteral(", ")));
        QTimer::singleShot(0, this, [this, message] { Q_EMIT failed(message); });
        return;
    }
    mSimulator->start();
}

void SimRunner::stop()
{
    mSimulator->stop();
}

void SimRunner::onClusterCreated(SimCluster *cluster)
{
    if (cluster->store()->isEmpty()) {
        mEmptyStores.append(cluster->store());
    } else {
        // Restored objects may carry times ahead of the wall clock (an earlier run with --time-scale):
        // let the simulated clock continue from the latest one, so schedules keep their pace.
        QDateTime latest;
        for (const QString &resource : {QStringLiteral("namespaces"), QStringLiteral("replicationsources"),
                 QStringLiteral("replicationdestinations"), QStringLiteral("volumesnapshots")}) {
            const QList<QJsonObject> objects = cluster->store()->list(resource);
            for (const QJsonObject &object : objects) {
                for (const QString &text : {object.value(QStringLiteral("metadata"))
                                                .toObject()
                                                .value(QStringLiteral("creationTimestamp"))
                                                .toString(),
                         object.value(QStringLiteral("status"))
                             .toObject()
                             .value(QStringLiteral("lastSyncTime"))
                             .toString()}) {
                    const QDateTime time = QDateTime::fromString(text, Qt::ISODate);
                    if (time.isValid() && (!latest.isValid() || time > latest)) {
                        latest = time;
                    }
                }
            }
        }
        const QDateTime now = mOperator->now();
        if (latest.isValid() && latest > now) {
            mOperator->clock().advance(now.msecsTo(latest));
        }
    }
    mOperator->addCluster(cluster);
    if (++mClustersCreated < mOptions.simulator.clusters.size()) {
        return;
    }
    // Every cluster exists: seed the ones that did not come back from a state folder.
    if (mEmptyStores.isEmpty()) {
        qCInfo(lcSim) << "every cluster was restored from the state folder: not seeding";
        return;
    }
    QString error;
    if (!SimWorld::seed(mOptions.seed, mEmptyStores, mOptions.privilegedMovers, mOperator->now(), &error)) {
        mFailed = true;
        QTimer::singleShot(0, this, [this, error] { Q_EMIT failed(error); });
    }
}
