// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simapiserver.h"

#include "sim/simcluster.h"

namespace volsync {

SimApiServer::SimApiServer(SimCluster *cluster, QObject *parent)
    : QObject(parent)
    , mCluster(cluster)
{ }

SimApiServer::~SimApiServer() = default;

bool SimApiServer::listen(const QSslConfiguration &configuration, quint16 port, QString *error)
{
    Q_UNUSED(configuration)
    Q_UNUSED(error)
    mPort = port;
    return true;
}

void SimApiServer::close() { }

} // namespace volsync
