// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simulator.h"

#include "common/logging.h"
#include "sim/simcluster.h"
#include "sim/simstore.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTimer>

namespace volsync {

Simulator::Simulator(const SimulatorOptions &options, QObject *parent)
    : QObject(parent)
    , mOptions(options)
{ }

Simulator::~Simulator()
{
    stop();
}

SimCluster *Simulator::cluster(const QString &name) const
{
    for (SimCluster *cluster : mClusters) {
        if (cluster->name() == name)
            return cluster;
    }
    return nullptr;
}

QString Simulator::stateDir() const
{
    return mStateDir;
}

QString Simulator::kubeconfigPath() const
{
    if (!mOptions.kubeconfigOut.isEmpty())
        return mOptions.kubeconfigOut;
    return mStateDir.isEmpty() ? QString() : QDir(mStateDir).filePath(QStringLiteral("kubeconfig"));
}

void Simulator::start()
{
    if (mStarted)
        return;
    mStarted = true;
    if (mOptions.stateDir.isEmpty()) {
        mTempDir = std::make_unique<QTemporaryDir>();
        if (!mTempDir->isValid()) {
            fail(QStringLiteral("Cannot create a temporary state folder for the simulator: %1")
                     .arg(mTempDir->errorString()));
            return;
        }
        mStateDir = mTempDir->path();
    } else {
        mStateDir = mOptions.stateDir;
        if (!QDir().mkpath(mStateDir)) {
            fail(QStringLiteral("Cannot create the simulator state folder %1: check the path and its permissions.")
                     .arg(mStateDir));
            return;
        }
    }
    for (const QString &name : std::as_const(mOptions.clusters)) {
        auto *cluster = new SimCluster(name, this);
        cluster->setFaults(mOptions.faults);
        mClusters.append(cluster);
        Q_EMIT clusterCreated(cluster);
    }
    QTimer::singleShot(0, this, &Simulator::onCertificatesReady);
}

void Simulator::onCertificatesReady()
{
    mReady = true;
    Q_EMIT ready();
}

void Simulator::stop()
{
    mReady = false;
}

void Simulator::fail(const QString &message)
{
    qCWarning(lcSim).noquote() << message;
    QTimer::singleShot(0, this, [this, message] { Q_EMIT failed(message); });
}

bool Simulator::writeKubeconfig(QString *error)
{
    Q_UNUSED(error)
    return true;
}

void Simulator::saveState() { }

} // namespace volsync
