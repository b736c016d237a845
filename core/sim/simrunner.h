// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sim/simcommandline.h"

#include <QList>
#include <QObject>

class SimCluster;
class SimOperator;
class SimStore;
class Simulator;

/// One volsync-sim run (also usable in-process, e.g. by the GUI's --demo): the Simulator with its clusters,
/// the simulated operator on every cluster, and the seeded world for clusters that start empty (clusters
/// restored from --state-dir keep their objects).
class SimRunner : public QObject
{
    Q_OBJECT
public:
    explicit SimRunner(const SimRunOptions &options, QObject *parent = nullptr);
    ~SimRunner() override;

    /// Options for a watchable demo: clusters kind and gcp, the demo world, time running 10x (a 20 s sync
    /// takes 2 s, a 5-minute schedule fires every 30 s), LoadBalancer addresses after 5 s (0.5 s real).
    /// `stateDir` empty: a fresh temporary world.
    [[nodiscard]] static SimRunOptions demoOptions(const QString &kubeconfigOut, const QString &stateDir = {});

    /// Asynchronous: ready() or failed() follows.
    void start();
    /// Stops serving (and saves the objects with a state folder).
    void stop();

    [[nodiscard]] Simulator *simulator() const { return mSimulator; }
    [[nodiscard]] SimOperator *simOperator() const { return mOperator; }
    [[nodiscard]] const SimRunOptions &options() const { return mOptions; }

Q_SIGNALS:
    /// Every cluster serves and the kubeconfig is written.
    void ready(const QString &kubeconfigPath);
    void failed(const QString &message);

private:
    void onClusterCreated(SimCluster *cluster);

    SimRunOptions mOptions;
    Simulator *mSimulator = nullptr;
    SimOperator *mOperator = nullptr;
    QList<SimStore *> mEmptyStores;
    int mClustersCreated = 0;
    bool mFailed = false;
};
