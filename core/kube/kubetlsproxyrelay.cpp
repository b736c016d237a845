// SPDX-License-Identifier: GPL-3.0-or-later
#include "kubetlsproxyrelay.h"

#include "common/logging.h"

#include <QHostAddress>
#include <QSslError>
#include <QSslSocket>
#include <QTcpSocket>

#include <utility>

namespace {
// A request head bigger than this is passed on untouched (it is not one of Qt's requests).
constexpr qsizetype kMaxHeadBytes = 64 * 1024;
} // namespace

struct KubeTlsProxyRelay::Pipe {
    QTcpSocket *client = nullptr;
    QSslSocket *upstream = nullptr;
    QByteArray pending; ///< from the client, not yet sent upstream
    QStringList sslErrors;
    bool headSeen = false; ///< the first request head went by (with Proxy-Authorization added)
    bool encrypted = false;
    bool closed = false;
};

KubeTlsProxyRelay::KubeTlsProxyRelay(const QUrl &proxyUrl, const QSslConfiguration &ssl, QObject *parent)
    : QTcpServer(parent)
    , mProxy(proxyUrl)
    , mSsl(ssl)
{
    if (!proxyUrl.userName().isEmpty() || !proxyUrl.password().isEmpty()) {
        const QByteArray credentials
            = (proxyUrl.userName(QUrl::FullyDecoded) + QLatin1Char(':') + proxyUrl.password(QUrl::FullyDecoded))
                  .toUtf8();
        mAuthorization = "Proxy-Authorization: Basic " + credentials.toBase64() + "\r\n";
    }
}

KubeTlsProxyRelay::~KubeTlsProxyRelay()
{
    const QList<Pipe *> pipes = mPipes;
    for (Pipe *pipe : pipes)
        closePipe(pipe);
}

bool KubeTlsProxyRelay::start()
{
    return listen(QHostAddress::LocalHost, 0);
}

QString KubeTlsProxyRelay::displayName() const
{
    return mProxy.toDisplayString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash);
}

void KubeTlsProxyRelay::incomingConnection(qintptr descriptor)
{
    auto *pipe = new Pipe;
    pipe->client = new QTcpSocket(this);
    if (!pipe->client->setSocketDescriptor(descriptor)) {
        delete pipe->client;
        delete pipe;
        return;
    }
    pipe->upstream = new QSslSocket(this);
    mPipes.append(pipe);
    connectPipe(pipe);
    pipe->upstream->setSslConfiguration(mSsl);
    pipe->upstream->connectToHostEncrypted(mProxy.host(), quint16(mProxy.port(443)));
}

void KubeTlsProxyRelay::connectPipe(Pipe *pipe)
{
    QTcpSocket *client = pipe->client;
    QSslSocket *upstream = pipe->upstream;
    connect(client, &QTcpSocket::readyRead, this, [this, pipe] { fromClient(pipe); });
    connect(client, &QTcpSocket::disconnected, this, [this, pipe] {
        if (pipe->encrypted)
            pipe->upstream->disconnectFromHost();
        closePipe(pipe); // nobody is left to read what the proxy still sends
    });
    connect(upstream, &QSslSocket::encrypted, this, [this, pipe] {
        pipe->encrypted = true;
        mLastError.clear();
        if (pipe->headSeen && !pipe->pending.isEmpty())
            pipe->upstream->write(std::exchange(pipe->pending, {}));
    });
    connect(upstream, &QSslSocket::readyRead, this, [pipe] { pipe->client->write(pipe->upstream->readAll()); });
    connect(upstream, &QSslSocket::sslErrors, this, [pipe](const QList<QSslError> &errors) {
        for (const QSslError &error : errors)
            pipe->sslErrors.append(error.errorString());
    });
    connect(upstream, &QSslSocket::errorOccurred, this, [this, pipe](QAbstractSocket::SocketError error) {
        if (pipe->encrypted || pipe->closed)
            return; // after the handshake, a closed connection is passed on as one (disconnected)
        if (error == QAbstractSocket::SslHandshakeFailedError || !pipe->sslErrors.isEmpty())
            fail(pipe,
                QStringLiteral("the TLS handshake with the proxy %1 failed: %2. The proxy's certificate is checked "
                               "against the cluster's certificate-authority, or the system's CAs when it has none")
                    .arg(displayName(),
                        pipe->sslErrors.isEmpty() ? pipe->upstream->errorString()
                                                  : pipe->sslErrors.join(QStringLiteral("; "))));
        else
            fail(pipe,
                QStringLiteral("cannot connect to the proxy %1: %2").arg(displayName(), pipe->upstream->errorString()));
    });
    connect(upstream, &QSslSocket::disconnected, this, [pipe] {
        if (pipe->closed)
            return;
        pipe->client->write(pipe->upstream->readAll());
        pipe->client->disconnectFromHost(); // after the bytes still to write; then closePipe
    });
}

void KubeTlsProxyRelay::fromClient(Pipe *pipe)
{
    pipe->pending += pipe->client->readAll();
    if (!pipe->headSeen) {
        const qsizetype end = pipe->pending.indexOf("\r\n\r\n");
        if (end < 0 && pipe->pending.size() < kMaxHeadBytes)
            return; // wait for the whole head
        pipe->headSeen = true;
        const qsizetype firstLineEnd = pipe->pending.indexOf("\r\n");
        const QByteArray head = pipe->pending.left(end).toLower();
        if (!mAuthorization.isEmpty() && end > 0 && firstLineEnd >= 0 && !head.contains("\r\nproxy-authorization:"))
            pipe->pending.insert(firstLineEnd + 2, mAuthorization);
    }
    if (pipe->encrypted && !pipe->pending.isEmpty())
        pipe->upstream->write(std::exchange(pipe->pending, {}));
}

void KubeTlsProxyRelay::fail(Pipe *pipe, const QString &error)
{
    mLastError = error;
    qCDebug(lcKube).noquote() << error; // the user sees it in the request's error
    QTcpSocket *client = pipe->client;
    closePipe(pipe);
    client->abort(); // the client's manager reports a proxy error; the client then asks lastError()
}

void KubeTlsProxyRelay::closePipe(Pipe *pipe)
{
    if (pipe->closed)
        return;
    pipe->closed = true;
    mPipes.removeOne(pipe);
    pipe->client->disconnect(this);
    pipe->upstream->disconnect(this);
    pipe->client->deleteLater();
    pipe->upstream->deleteLater();
    delete pipe;
}
