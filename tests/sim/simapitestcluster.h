// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "simapitestclient.h"

#include <QString>

#include <memory>

class SimStore;

/// One simulated cluster (SimApiTestClient::startSimulator's namespaces) and an HTTPS client of its API: the set-up
/// of the tests that speak to one cluster's API.
class SimApiTestCluster
{
public:
    /// Starts cluster `name`; false (with a warning) when it did not start.
    bool start(const QString &name);
    /// Drops the client, then stops the cluster.
    void stop();

    [[nodiscard]] SimApiTestClient &client() const { return *mClient; }
    [[nodiscard]] SimStore *store() const { return mSim->store(mName); }

private:
    QString mName;
    std::unique_ptr<SimFixture> mSim;
    std::unique_ptr<SimApiTestClient> mClient;
};
