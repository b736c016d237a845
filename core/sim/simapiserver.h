// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QSslConfiguration>
#include <QString>

namespace volsync {

class SimCluster;

/// The HTTPS API server of one simulated cluster (kube-apiserver semantics over SimCluster's store).
class SimApiServer : public QObject
{
    Q_OBJECT
public:
    explicit SimApiServer(SimCluster *cluster, QObject *parent = nullptr);
    ~SimApiServer() override;

    /// Listens on 127.0.0.1 (port 0: a free port). The configuration holds the serving certificate, its key and
    /// the cluster CA for client certificates.
    bool listen(const QSslConfiguration &configuration, quint16 port, QString *error);
    void close();
    [[nodiscard]] quint16 port() const { return mPort; }

private:
    SimCluster *mCluster = nullptr;
    quint16 mPort = 0;
};

} // namespace volsync
