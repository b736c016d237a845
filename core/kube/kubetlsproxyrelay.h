// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSslConfiguration>
#include <QTcpServer>
#include <QUrl>

class QSslSocket;
class QTcpSocket;

/// Lets QNetworkAccessManager use an https:// proxy, which Qt 6.4's QNetworkProxy cannot talk TLS to:
/// listens on 127.0.0.1 (a random port) and, for every accepted connection, opens a TLS connection to
/// the real proxy and pipes the bytes both ways. The client's manager uses a plain HttpProxy at
/// address(), so its CONNECT (or, for http:// servers, its proxied requests) travel over TLS to the proxy.
///
/// Like Go's net/http (and so client-go), the proxy's certificate is checked against the cluster's
/// TLS settings (its certificate-authority if set, otherwise the system CAs; insecure-skip-tls-verify
/// turns the check off), by the proxy's host name. The client certificate is never shown to the proxy.
/// Credentials in the proxy URL go into the first request of each connection as Proxy-Authorization
/// (Basic), up front as Go does, so a proxy that demands them never needs a 407 round trip.
class KubeTlsProxyRelay : public QTcpServer
{
    Q_OBJECT
public:
    /// `proxyUrl`: https://[user:password@]host[:port] (port 443 when absent). `ssl`: the CA and verify
    /// mode to check the proxy with.
    KubeTlsProxyRelay(const QUrl &proxyUrl, const QSslConfiguration &ssl, QObject *parent = nullptr);
    ~KubeTlsProxyRelay() override;

    /// Starts listening on 127.0.0.1; false (and errorString()) when that fails.
    bool start();
    [[nodiscard]] quint16 port() const { return serverPort(); }
    /// The proxy as people should see it: no user name or password.
    [[nodiscard]] QString displayName() const;
    /// What went wrong on the last connection that failed (proxy unreachable, TLS), empty after a
    /// successful one. Names the proxy, never its credentials.
    [[nodiscard]] QString lastError() const { return mLastError; }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    struct Pipe;
    void connectPipe(Pipe *pipe);
    void fromClient(Pipe *pipe);
    void fail(Pipe *pipe, const QString &error);
    void closePipe(Pipe *pipe);

    QUrl mProxy;
    QSslConfiguration mSsl;
    QByteArray mAuthorization; ///< "Proxy-Authorization: Basic ...\r\n", empty without credentials
    QString mLastError;
    QList<Pipe *> mPipes;
};
