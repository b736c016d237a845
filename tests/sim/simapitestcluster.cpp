// SPDX-License-Identifier: GPL-3.0-or-later
#include "simapitestcluster.h"

bool SimApiTestCluster::start(const QString &name)
{
    mName = name;
    mSim = SimApiTestClient::startSimulator({name});
    if (!mSim)
        return false;
    mClient = std::make_unique<SimApiTestClient>(*mSim->simulator(), name);
    return true;
}

void SimApiTestCluster::stop()
{
    mClient.reset();
    mSim.reset();
}
