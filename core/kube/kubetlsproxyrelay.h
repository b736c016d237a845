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
///
/// Credentials in the proxy URL go into every request to the proxy as Proxy-Authorization (Basic), up
/// front as Go does. So that no other local program can use the relay (and those credentials), it
/// answers 407 to any request without its own random credentials (relayUser()/relayPassword()), which
/// the client's manager then sends: the manager's proxy must carry those, never the real ones.
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
    /// What the relay's own client must authenticate with (set them on its QNetworkProxy).
    [[nodiscard]] QString relayUser() const { return QStringLiteral("volsync-relay"); }
    [[nodiscard]] QString relayPassword() const { return mRelayPassword; }
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
    enum class Head { Taken, Incomplete, Refused, TooLarge };
    /// Moves one request head from pipe->incoming to pipe->outgoing, with the proxy's credentials
    /// instead of the relay's; Refused when the first head lacks the relay's credentials.
    Head takeHead(Pipe *pipe);
    void sendUpstream(Pipe *pipe);
    void fail(Pipe *pipe, const QString &error);
    void closePipe(Pipe *pipe);

    QUrl mProxy;
    QSslConfiguration mSsl;
    QByteArray mAuthorization; ///< "Proxy-Authorization: Basic ...\r\n", empty without credentials
    QString mRelayPassword;
    QByteArray mExpectedRelayAuthorization; ///< the header value our own client sends
    QString mLastError;
    QList<Pipe *> mPipes;
};
