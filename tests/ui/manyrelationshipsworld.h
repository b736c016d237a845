// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QStringList>
#include <QTemporaryDir>

class KubeSession;
class ReplicationEngine;

class SimFixture;

/// A simulated cluster ("lab"; or several, see Options::clusters) with the simulated VolSync operator and `count`
/// relationships, each from its own PVC in namespace "apps" to namespace "backup" of the same cluster, all scheduled
/// every minute of the (fast) simulated clock, so that they keep syncing. For the GUI test and the benchmark with many
/// relationships. start() sets everything up the way volsyncctl would (relationship files, then `schedule` for each);
/// ready() or failed() follows. May live in a thread of its own (the benchmark keeps the simulator's work off
/// the GUI thread that way); kubeconfigPath() and configDir() are then set before ready().
class ManyRelationshipsWorld : public QObject
{
    Q_OBJECT
public:
    struct Options {
        int count = 50;
        double timeScale = 30.0; ///< a one-minute schedule fires every 2 s
        qint64 syncDurationMs = 30000; ///< simulated: 1 s real at 30x
        int clusters = 1; ///< more than one: clusters "lab-01", "lab-02"..., the relationships spread over them
        /// Watch history kept per kind and cluster, in events. kube-apiserver's own sizing keeps 75 s of events
        /// (up to 100K per kind): at this world's rate (hundreds of writes a second per cluster) that held
        /// gigabytes after a few minutes, and the benchmark's world was killed by the OOM killer. A few seconds of
        /// history serve the watches that resume.
        int historyWindow = 300;
    };

    explicit ManyRelationshipsWorld(const Options &options, QObject *parent = nullptr);
    ~ManyRelationshipsWorld() override;

    void start();
    /// Stops the simulator (in the world's thread).
    void stop();
    /// For a process that exits next without destroying the world: stops serving and removes the world's files,
    /// leaving its objects to the exit (see SimFixture::closeForExit()).
    void closeForExit();

    [[nodiscard]] QString kubeconfigPath() const;
    [[nodiscard]] QString configDir() const;
    [[nodiscard]] QString historyDir() const;
    [[nodiscard]] QStringList names() const { return mNames; }
    /// The cluster (context) of the first relationship; "lab" when there is one cluster.
    [[nodiscard]] static QString context() { return QStringLiteral("lab"); }
    [[nodiscard]] QStringList clusters() const { return mClusters; }

Q_SIGNALS:
    void ready();
    void failed(const QString &message);
    /// The simulated operator marked a mover run of ReplicationSource `name` done (its status is written).
    void syncFinished(const QString &cluster, const QString &name, bool success);

private:
    void onSimulatorReady();
    void scheduleNext();

    Options mOptions;
    QTemporaryDir mDir;
    SimFixture *mSim = nullptr;
    KubeSession *mSession = nullptr;
    ReplicationEngine *mEngine = nullptr;
    QStringList mNames;
    QStringList mClusters;
    int mScheduled = 0;
    int mRunning = 0;
    bool mFailed = false;
};
