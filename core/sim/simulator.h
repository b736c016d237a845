// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sim/simfaults.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

class QTemporaryDir;
class QTimer;

class SimCluster;
class SimCertificates;

struct SimulatorOptions {
    QStringList clusters = {QStringLiteral("kind")}; ///< cluster names = kubeconfig context names
    /// Certificates, token file copy and (with persist) the objects. Empty: a temporary folder removed
    /// by the destructor.
    QString stateDir;
    /// Keep objects in stateDir across restarts (volsync-sim sets it when --state-dir is given).
    bool persist = false;
    /// Where the kubeconfig is written. Empty: <stateDir>/kubeconfig.
    QString kubeconfigOut;
    /// kube-apiserver --token-auth-file CSV: token,user,uid,"group1,group2". Optional.
    QString tokenAuthFile;
    /// The user and groups of the client certificates in the kubeconfig.
    QString clientUser = QStringLiteral("volsync-admin");
    QStringList clientGroups = {QStringLiteral("system:masters")};
    /// Faults every cluster starts with, and per cluster where given (by cluster name).
    SimFaults faults;
    QHash<QString, SimFaults> clusterFaults;
};

/// Runs N named simulated clusters, each with its own API server on a free loopback port, and writes a
/// kubeconfig with one context per cluster (context = cluster = user name = cluster name, client
/// certificates embedded).
///
/// Usage (tests, GUI demo, volsync-sim):
///   Simulator sim(options);
///   connect(&sim, &Simulator::clusterCreated, ...);  // attach the operator, seed objects
///   connect(&sim, &Simulator::ready, ...);           // kubeconfigPath() is written, every cluster serves
///   connect(&sim, &Simulator::failed, ...);
///   sim.start();
/// start() returns at once; certificates are made with `openssl` in the background.
/// Everything lives in the thread the Simulator lives in; tests that block (QProcess::waitForFinished)
/// must run it in another thread (moveToThread, then invoke start() there).
class Simulator : public QObject
{
    Q_OBJECT
public:
    explicit Simulator(const SimulatorOptions &options, QObject *parent = nullptr);
    ~Simulator() override;

    /// Creates the clusters (emitting clusterCreated for each, stores restored from the state dir when
    /// persisting), makes certificates, starts listening, writes the kubeconfig, then emits ready().
    void start();
    /// Stops listening and closes every connection (saves the objects when persisting).
    void stop();

    [[nodiscard]] bool isReady() const { return mReady; }
    [[nodiscard]] QList<SimCluster *> clusters() const { return mClusters; }
    [[nodiscard]] SimCluster *cluster(const QString &name) const;
    [[nodiscard]] QString kubeconfigPath() const;
    [[nodiscard]] QString stateDir() const;
    [[nodiscard]] const SimulatorOptions &options() const { return mOptions; }

Q_SIGNALS:
    /// A cluster exists and its store is usable (restored when persisting: check store()->isEmpty() before
    /// seeding). Emitted from start(), before ready().
    void clusterCreated(SimCluster *cluster);
    /// Every cluster serves and the kubeconfig is written.
    void ready();
    /// Start failed: a message for a person (what failed, what to do).
    void failed(const QString &message);

private:
    void fail(const QString &message);
    void onCertificatesReady(const QString &error);
    bool writeKubeconfig(QString *error);
    void saveState();
    [[nodiscard]] QString clusterDir(const QString &name) const;

    SimulatorOptions mOptions;
    std::unique_ptr<QTemporaryDir> mTempDir;
    QString mStateDir;
    QList<SimCluster *> mClusters;
    SimCertificates *mCertificates = nullptr;
    QTimer *mSaveTimer = nullptr;
    bool mReady = false;
    bool mStarted = false;
};
