// SPDX-License-Identifier: GPL-3.0-or-later
#include "simfixture.h"

#include "sim/simcluster.h"
#include "sim/simoperator.h"
#include "sim/simstore.h"
#include "sim/simworld.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTest>

SimOperatorOptions SimFixture::fastOperator()
{
    SimOperatorOptions options;
    options.syncDurationMs = 100;
    options.loadBalancerDelayMs = 20;
    options.retryBaseMs = 50;
    options.retryMaxMs = 200;
    options.restoreDelayMs = 100;
    options.snapshotReadyDelayMs = 50;
    options.realSshKeys = false;
    return options;
}

SimFixture::Options SimFixture::kindToGcp()
{
    Options options;
    options.simulator.clusters = {QStringLiteral("kind"), QStringLiteral("gcp")};
    options.operatorOptions = fastOperator();
    options.setUpCluster = [](SimCluster *cluster) {
        SimStore *store = cluster->store();
        if (cluster->name() == QLatin1String("kind")) {
            store->create(QStringLiteral("namespaces"), QString(), namespaceObject(QStringLiteral("source")));
            store->create(QStringLiteral("persistentvolumeclaims"), QStringLiteral("source"),
                pvcObject(QStringLiteral("datavol")));
        } else {
            store->create(QStringLiteral("namespaces"), QString(), namespaceObject(QStringLiteral("destns")));
        }
    };
    return options;
}

SimFixture::Options SimFixture::engineWorld(const QString &datavolSize)
{
    Options options;
    options.simulator.clusters = {QStringLiteral("kind"), QStringLiteral("gcp")};
    options.operatorOptions = fastOperator();
    options.setUpCluster = [datavolSize](SimCluster *cluster) {
        SimStore *store = cluster->store();
        if (cluster->name() == QLatin1String("kind")) {
            for (const bool privileged : {true, false}) {
                const QString ns = privileged ? QStringLiteral("source") : QStringLiteral("plain");
                store->create(QStringLiteral("namespaces"), QString(), namespaceObject(ns, privileged));
                store->create(
                    QStringLiteral("persistentvolumeclaims"), ns, pvcObject(QStringLiteral("datavol"), datavolSize));
            }
        } else {
            store->create(QStringLiteral("namespaces"), QString(), namespaceObject(QStringLiteral("destns")));
            store->create(QStringLiteral("persistentvolumeclaims"), QStringLiteral("destns"),
                pvcObject(QStringLiteral("premade"), QStringLiteral("2Gi")));
        }
    };
    return options;
}

SimFixture::Options SimFixture::withVolumes(
    const QString &sourceNamespace, const QString &destinationNamespace, const QStringList &sourcePvcs)
{
    Options options;
    options.simulator.clusters = {QStringLiteral("kind"), QStringLiteral("gcp")};
    options.operatorOptions = fastOperator();
    options.setUpCluster = [sourceNamespace, destinationNamespace, sourcePvcs](SimCluster *cluster) {
        SimStore *store = cluster->store();
        store->create(QStringLiteral("storageclasses"), QString(),
            storageClassObject(QStringLiteral("standard"), QStringLiteral("Immediate"), true));
        store->create(QStringLiteral("storageclasses"), QString(),
            storageClassObject(QStringLiteral("local"), QStringLiteral("WaitForFirstConsumer"), false));
        const bool source = cluster->name() == QLatin1String("kind");
        store->create(
            QStringLiteral("namespaces"), QString(), namespaceObject(source ? sourceNamespace : destinationNamespace));
        for (const QString &pvc : sourcePvcs) {
            if (source)
                store->create(QStringLiteral("persistentvolumeclaims"), sourceNamespace, pvcObject(pvc));
        }
    };
    return options;
}

QJsonObject SimFixture::storageClassObject(const QString &name, const QString &bindingMode, bool isDefault)
{
    QJsonObject metadata {{QStringLiteral("name"), name}};
    if (isDefault) {
        metadata.insert(QStringLiteral("annotations"),
            QJsonObject {{QStringLiteral("storageclass.kubernetes.io/is-default-class"), QStringLiteral("true")}});
    }
    return {{QStringLiteral("metadata"), metadata}, {QStringLiteral("provisioner"), QStringLiteral("sim")},
        {QStringLiteral("volumeBindingMode"), bindingMode}};
}

QJsonObject SimFixture::namespaceObject(const QString &name, bool privilegedMovers)
{
    QJsonObject metadata {{QStringLiteral("name"), name}};
    if (privilegedMovers)
        metadata.insert(QStringLiteral("annotations"),
            QJsonObject {{QStringLiteral("volsync.backube/privileged-movers"), QStringLiteral("true")}});
    return {{QStringLiteral("metadata"), metadata}};
}

QJsonObject SimFixture::pvcObject(const QString &name, const QString &size, const QString &accessMode)
{
    return {{QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), name}}},
        {QStringLiteral("spec"),
            QJsonObject {{QStringLiteral("accessModes"), QJsonArray {accessMode}},
                {QStringLiteral("storageClassName"), QStringLiteral("standard")},
                {QStringLiteral("resources"),
                    QJsonObject {{QStringLiteral("requests"), QJsonObject {{QStringLiteral("storage"), size}}}}}}}};
}

SimFixture::SimFixture(const Options &options, QObject *parent)
    : QObject(parent)
    , mOptions(options)
{
    if (!mOptions.tokens.isEmpty()) {
        QFile file(mDir.filePath(QStringLiteral("tokens.csv")));
        if (mDir.isValid() && file.open(QIODevice::WriteOnly) && file.write(mOptions.tokens) == mOptions.tokens.size())
            mOptions.simulator.tokenAuthFile = file.fileName();
        else
            mError = QStringLiteral("cannot write the token file %1").arg(file.fileName());
    }
    if (mOptions.operatorOptions)
        mOperator = std::make_unique<SimOperator>(*mOptions.operatorOptions);
    mSimulator = std::make_unique<Simulator>(mOptions.simulator);
    connect(mSimulator.get(), &Simulator::clusterCreated, this, [this](SimCluster *cluster) {
        if (mOperator)
            mOperator->addCluster(cluster);
        if (mOptions.setUpCluster)
            mOptions.setUpCluster(cluster);
    });
    connect(mSimulator.get(), &Simulator::ready, this, &SimFixture::onSimulatorReady);
    connect(mSimulator.get(), &Simulator::failed, this, [this](const QString &message) {
        mError = message;
        Q_EMIT failed(message);
    });
}

SimFixture::~SimFixture()
{
    // The operator holds timers on the clusters' stores: it goes first.
    mOperator.reset();
    mSimulator->stop();
}

void SimFixture::closeForExit()
{
    mSimulator->stop();
    if (mOptions.simulator.stateDir.isEmpty() && !mSimulator->stateDir().isEmpty())
        QDir(mSimulator->stateDir()).removeRecursively();
    mDir.remove();
}

void SimFixture::onSimulatorReady()
{
    if (!mOptions.seed.isEmpty()) {
        QList<SimStore *> stores;
        const QList<SimCluster *> clusters = mSimulator->clusters();
        for (SimCluster *cluster : clusters)
            stores.append(cluster->store());
        QString error;
        if (!SimWorld::seed(mOptions.seed, stores, mOptions.privilegedMovers,
                mOperator ? mOperator->now() : QDateTime::currentDateTimeUtc(), &error)) {
            mError = error;
            Q_EMIT failed(error);
            return;
        }
    }
    mReady = true;
    Q_EMIT ready();
}

void SimFixture::startAsync()
{
    if (!mError.isEmpty()) {
        QMetaObject::invokeMethod(
            this, [this] { Q_EMIT failed(mError); }, Qt::QueuedConnection);
        return;
    }
    mSimulator->start();
}

bool SimFixture::start(QString *error, int timeoutMs)
{
    startAsync();
    if (!mError.isEmpty()) {
        if (error)
            *error = mError;
        return false;
    }
    const bool finished = QTest::qWaitFor([this] { return mReady || !mError.isEmpty(); }, timeoutMs);
    if (error)
        *error
            = mReady ? QString() : (finished ? mError : QStringLiteral("the simulated clusters did not start in time"));
    return mReady;
}

SimCluster *SimFixture::cluster(const QString &name) const
{
    return mSimulator->cluster(name);
}

SimStore *SimFixture::store(const QString &name) const
{
    SimCluster *found = cluster(name);
    return found ? found->store() : nullptr;
}

QString SimFixture::kubeconfigPath() const
{
    return mSimulator->kubeconfigPath();
}
