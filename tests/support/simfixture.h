// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sim/simoperatoroptions.h"
#include "sim/simulator.h"

#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QTemporaryDir>

#include <functional>
#include <memory>
#include <optional>

class SimOperator;
class SimStore;

/// Simulated clusters for a test: the Simulator's API servers (clusters, faults, token users in
/// `simulator`), optionally the simulated VolSync operator and a SimWorld seed, and a hook that fills each
/// cluster before it serves. The one way tests start the simulator:
///   SimFixture::Options options;
///   options.simulator.clusters = {"kind", "gcp"};
///   options.operatorOptions = SimFixture::fastOperator();
///   SimFixture sim(options);
///   QVERIFY2(sim.start(&error), qPrintable(error));   // or startAsync() and the ready()/failed() signals
class SimFixture : public QObject
{
    Q_OBJECT
public:
    struct Options {
        SimulatorOptions simulator;
        /// Runs the simulated VolSync operator on every cluster, with these options.
        std::optional<SimOperatorOptions> operatorOptions;
        /// A SimWorld seed ("empty", "seed-example", "demo") applied once every cluster exists; empty: none.
        QString seed;
        bool privilegedMovers = true; ///< for the seed
        /// Token users: kube-apiserver --token-auth-file lines (token,user,uid,"group1,group2"). The fixture
        /// writes them to a file of its own and sets simulator.tokenAuthFile.
        QByteArray tokens;
        /// Called for each cluster as it is created, before it serves: add objects, set store options.
        std::function<void(SimCluster *)> setUpCluster;
    };

    /// An operator for tests: 100 ms syncs, 20 ms load balancers, 50-200 ms retries, no ssh-keygen.
    [[nodiscard]] static SimOperatorOptions fastOperator();
    /// The two-cluster world of the engine and CLI tests: "kind" with namespace "source" and its PVC "datavol",
    /// "gcp" with namespace "destns" (both namespaces allow privileged movers), and the fast operator.
    [[nodiscard]] static Options kindToGcp();
    /// kindToGcp() with more for the engine's own tests: "kind" also has namespace "plain", which does not allow
    /// privileged movers, with a PVC "datavol" too (both "datavol"s of `datavolSize`), and "gcp" has the PVC
    /// "premade" (2Gi) in "destns".
    [[nodiscard]] static Options engineWorld(const QString &datavolSize);
    /// The two-cluster world of the disaster-recovery tests: "kind" with namespace `sourceNamespace` and the
    /// PVCs `sourcePvcs` (pvcObject()), "gcp" with namespace `destinationNamespace` (both allow privileged
    /// movers); each cluster has the StorageClasses "standard" (the default, binding at once) and "local"
    /// (binding on first use); the fast operator.
    [[nodiscard]] static Options withVolumes(
        const QString &sourceNamespace, const QString &destinationNamespace, const QStringList &sourcePvcs = {});
    /// A StorageClass of the simulator's provisioner ("Immediate" or "WaitForFirstConsumer").
    [[nodiscard]] static QJsonObject storageClassObject(
        const QString &name, const QString &bindingMode, bool isDefault);
    /// A Namespace; by default one that allows privileged movers (volsync.backube/privileged-movers: "true").
    [[nodiscard]] static QJsonObject namespaceObject(const QString &name, bool privilegedMovers = true);
    /// A PVC of StorageClass "standard" (1Gi ReadWriteOnce unless told otherwise).
    [[nodiscard]] static QJsonObject pvcObject(const QString &name, const QString &size = QStringLiteral("1Gi"),
        const QString &accessMode = QStringLiteral("ReadWriteOnce"));

    explicit SimFixture(const Options &options, QObject *parent = nullptr);
    /// Stops the operator, then the clusters.
    ~SimFixture() override;

    /// Starts the clusters and waits (up to `timeoutMs`) until they serve. False, with the simulator's
    /// message in `error`, when they did not.
    bool start(QString *error = nullptr, int timeoutMs = 60000);
    /// Starts the clusters and returns at once: ready() or failed() follows.
    void startAsync();
    /// For a process that exits next without destroying the fixture: stops serving (clients see their connections
    /// end) and removes the fixture's files and the simulator's temporary state folder. A long run's clusters hold
    /// gigabytes of objects and watch history, and freeing them object by object took seconds.
    void closeForExit();

    [[nodiscard]] Simulator *simulator() const { return mSimulator.get(); }
    [[nodiscard]] SimOperator *op() const { return mOperator.get(); }
    [[nodiscard]] SimCluster *cluster(const QString &name) const;
    [[nodiscard]] SimStore *store(const QString &name) const;
    [[nodiscard]] QString kubeconfigPath() const;

Q_SIGNALS:
    void ready();
    void failed(const QString &message);

private:
    void onSimulatorReady();

    Options mOptions;
    QTemporaryDir mDir; ///< the token file
    std::unique_ptr<SimOperator> mOperator;
    std::unique_ptr<Simulator> mSimulator;
    bool mReady = false;
    QString mError;
};
