// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSslCertificate>
#include <QSslKey>
#include <QTcpServer>

/// One CONNECT the test proxy received.
struct ProxiedConnect {
    QByteArray target; ///< "host:port" as asked for
    QByteArray proxyAuthorization; ///< the Proxy-Authorization header, empty when absent
};

/// An HTTP CONNECT proxy on loopback for tests, plain or over TLS (an https:// proxy). It maps host names
/// it was told about (hosts) to addresses, so a server name no resolver knows is reachable only through it.
/// With `requiredAuthorization` set it answers 407 to a request without exactly that header.
class TestConnectProxy : public QTcpServer
{
    Q_OBJECT
public:
    explicit TestConnectProxy(QObject *parent = nullptr);

    void setTls(const QSslCertificate &certificate, const QSslKey &key);
    bool listenLoopback();

    QHash<QString, QString> hosts; ///< host name -> address to connect to instead
    QByteArray requiredAuthorization;
    QList<ProxiedConnect> connects;
    /// Requests forwarded to http:// servers (target = the absolute URL): answered by the proxy itself.
    QList<ProxiedConnect> forwarded;
    int connections = 0;

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    void readHead(QTcpSocket *client);

    bool mTls = false;
    QSslCertificate mCertificate;
    QSslKey mKey;
};
