// SPDX-License-Identifier: GPL-3.0-or-later
#include "enginefixture.h"

#include "engine/replicationengine.h"
#include "kube/kubesession.h"

EngineFixture::EngineFixture(const SimFixture::Options &options)
    : mSim(std::make_unique<SimFixture>(options))
{ }

EngineFixture::~EngineFixture()
{
    mEngine.reset();
    mSession.reset();
    mSim.reset();
}

bool EngineFixture::start(QString *error)
{
    if (!mConfigDir.isValid()) {
        *error = QStringLiteral("cannot make a relationship folder: ") + mConfigDir.errorString();
        return false;
    }
    if (!mSim->start(error))
        return false;
    mSession
        = std::make_unique<KubeSession>(KubeConfig::LoadOptions {mSim->kubeconfigPath(), std::nullopt, std::nullopt});
    mEngine = std::make_unique<ReplicationEngine>(mSession.get(), mConfigDir.path());
    return true;
}
