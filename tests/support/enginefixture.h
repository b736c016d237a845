// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "simfixture.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>

class KubeSession;
class ReplicationEngine;

/// Simulated clusters with a KubeSession (on the simulator's kubeconfig) and a ReplicationEngine over them, with a
/// relationship folder of its own: the set-up of the engine, CLI and disaster-recovery tests.
///   EngineFixture env(SimFixture::kindToGcp());
///   QVERIFY2(env.start(&error), qPrintable(error));
///   runJob(env.engine()->createRelationship(...));
class EngineFixture
{
public:
    explicit EngineFixture(const SimFixture::Options &options);
    /// Deletes the engine and the session before it stops the simulator.
    ~EngineFixture();
    EngineFixture(const EngineFixture &) = delete;
    EngineFixture &operator=(const EngineFixture &) = delete;

    /// Starts the clusters, then makes the session and the engine. False, with the reason in `error`, when the
    /// clusters did not start or the folder could not be made.
    bool start(QString *error);

    [[nodiscard]] SimFixture *sim() const { return mSim.get(); }
    [[nodiscard]] SimStore *store(const QString &cluster) const { return mSim->store(cluster); }
    [[nodiscard]] KubeSession *session() const { return mSession.get(); }
    [[nodiscard]] ReplicationEngine *engine() const { return mEngine.get(); }
    /// The folder of relationship files the engine uses.
    [[nodiscard]] QString configDir() const { return mConfigDir.path(); }

private:
    QTemporaryDir mConfigDir;
    std::unique_ptr<SimFixture> mSim;
    std::unique_ptr<KubeSession> mSession;
    std::unique_ptr<ReplicationEngine> mEngine;
};
