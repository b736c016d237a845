// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sim/simcluster.h"
#include "sim/simhttprequest.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QString>

#include <memory>

class QSslServer;
class QSslSocket;
class QTimer;

class SimApiHandler;
class SimHttpConnection;

/// The HTTPS API server of one simulated cluster: TLS with optional client certificates (the cluster CA),
/// authentication (client certificate CN/O, bearer tokens, else 401), fault injection, and kube-apiserver
/// semantics through SimApiHandler. Non-blocking: one thread serves every connection and watch.
class SimApiServer : public QObject
{
    Q_OBJECT
public:
    explicit SimApiServer(SimCluster *cluster, QObject *parent = nullptr);
    ~SimApiServer() override;

    /// Listens on 127.0.0.1 (port 0: a free port). The configuration holds the serving certificate, its key and
    /// the cluster CA (used to check client certificates).
    bool listen(const QSslConfiguration &configuration, quint16 port, QString *error);
    void close();
    [[nodiscard]] quint16 port() const { return mPort; }
    [[nodiscard]] bool isListening() const;
    /// Open connections (for tests).
    [[nodiscard]] int connectionCount() const;

    /// Watch streams started since the server was created, per resource plural (for tests that must act only once
    /// a client is watching).
    [[nodiscard]] int watchesStarted(const QString &resource) const { return mWatchesStarted.value(resource); }

    /// Bookmark interval of new watches (tests); 0: automatic.
    void setBookmarkInterval(int milliseconds) { mBookmarkIntervalMs = milliseconds; }

private:
    void onPendingConnection();
    void onRequest(SimHttpConnection *connection, const SimHttpRequest &request);
    void serve(const QPointer<SimHttpConnection> &connection, const SimHttpRequest &request, const SimUser &user);
    void applyFaults();
    bool startListening(QString *error);
    [[nodiscard]] std::optional<SimUser> authenticate(
        SimHttpConnection *connection, const SimHttpRequest &request) const;

    SimCluster *mCluster = nullptr;
    std::unique_ptr<SimApiHandler> mHandler;
    QSslServer *mServer = nullptr;
    QSslConfiguration mConfiguration;
    QList<QPointer<SimHttpConnection>> mConnections;
    QHash<QString, int> mWatchesStarted;
    QTimer *mResumeTimer = nullptr;
    quint16 mPort = 0;
    int mBookmarkIntervalMs = 0;
    bool mRefusing = false;
    bool mDown = false;
    bool mClosed = false;
};
