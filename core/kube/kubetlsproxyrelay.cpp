// SPDX-License-Identifier: GPL-3.0-or-later
#include "kubetlsproxyrelay.h"

#include "common/httprequesthead.h"
#include "common/logging.h"

#include <QHostAddress>
#include <QRandomGenerator>
#include <QSslError>
#include <QSslSocket>
#include <QTcpSocket>

#include <algorithm>
#include <utility>

namespace {
// A request head bigger than this is not one of Qt's: the connection is dropped.
constexpr qsizetype kMaxHeadBytes = 64 * 1024;
} // namespace

struct KubeTlsProxyRelay::Pipe {
    QTcpSocket *client = nullptr;
    QSslSocket *upstream = nullptr; ///< made once the first request is authorized
    QByteArray incoming; ///< from the client, not looked at yet
    QByteArray outgoing; ///< for the proxy, waiting for the TLS handshake
    QStringList sslErrors;
    qint64 bodyLeft = 0; ///< bytes of the current request's body still to pass on
    bool tunnel = false; ///< after a CONNECT (or a body of unknown length): bytes pass untouched
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
    quint32 random[4];
    QRandomGenerator::system()->fillRange(random);
    for (const quint32 part : random)
        mRelayPassword += QString::number(part, 16).rightJustified(8, QLatin1Char('0'));
    mExpectedRelayAuthorization = "Basic " + (relayUser() + QLatin1Char(':') + mRelayPassword).toUtf8().toBase64();
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
    mPipes.append(pipe);
    connect(pipe->client, &QTcpSocket::readyRead, this, [this, pipe] { fromClient(pipe); });
    connect(pipe->client, &QTcpSocket::disconnected, this, [this, pipe] {
        if (pipe->upstream && pipe->encrypted)
            pipe->upstream->disconnectFromHost();
        closePipe(pipe); // nobody is left to read what the proxy still sends
    });
}

void KubeTlsProxyRelay::connectPipe(Pipe *pipe)
{
    QSslSocket *upstream = pipe->upstream;
    connect(upstream, &QSslSocket::encrypted, this, [this, pipe] {
        pipe->encrypted = true;
        mLastError.clear();
        sendUpstream(pipe);
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

KubeTlsProxyRelay::Head KubeTlsProxyRelay::takeHead(Pipe *pipe)
{
    HttpRequestHead request;
    switch (HttpRequestHead::parse(pipe->incoming, &request, kMaxHeadBytes)) {
    case HttpRequestHead::Parse::Incomplete:
        return Head::Incomplete;
    case HttpRequestHead::Parse::TooLarge:
        return Head::TooLarge;
    case HttpRequestHead::Parse::Malformed:
    case HttpRequestHead::Parse::Complete:
        break; // passed on as it came: the proxy answers a request it cannot read
    }
    QByteArray head = request.requestLine() + "\r\n";
    bool authorized = false;
    for (const auto &[name, value] : request.fields()) {
        if (name.compare("proxy-authorization", Qt::CaseInsensitive) == 0) {
            authorized = authorized || value == mExpectedRelayAuthorization;
            continue; // never passed on: the proxy gets its own credentials below
        }
        head += name + ": " + value + "\r\n";
    }
    // The first request of a connection proves it comes from our client; later ones share its fate.
    if (!pipe->upstream && !authorized)
        return Head::Refused;
    head += mAuthorization + "\r\n";
    pipe->incoming.remove(0, request.size());
    pipe->outgoing += head;
    if (request.method() == "CONNECT" || request.hasField("transfer-encoding"))
        pipe->tunnel = true;
    else
        pipe->bodyLeft = request.contentLength().value_or(0);
    return Head::Taken;
}

void KubeTlsProxyRelay::fromClient(Pipe *pipe)
{
    pipe->incoming += pipe->client->readAll();
    Head result = Head::Taken;
    while (!pipe->incoming.isEmpty()) {
        if (pipe->tunnel) {
            pipe->outgoing += std::exchange(pipe->incoming, {});
        } else if (pipe->bodyLeft > 0) {
            const qsizetype take = qsizetype(std::min<qint64>(pipe->bodyLeft, pipe->incoming.size()));
            pipe->outgoing += pipe->incoming.left(take);
            pipe->incoming.remove(0, take);
            pipe->bodyLeft -= take;
        } else if ((result = takeHead(pipe)) != Head::Taken) {
            break;
        }
    }
    // Closing the client may delete the pipe at once: it is the last thing done with it.
    if (result == Head::Refused) {
        pipe->client->write("HTTP/1.1 407 Proxy Authentication Required\r\n"
                            "Proxy-Authenticate: Basic realm=\"volsync-relay\"\r\n"
                            "Content-Length: 0\r\nConnection: close\r\nProxy-Connection: close\r\n\r\n");
        pipe->client->disconnectFromHost();
        return;
    }
    if (result == Head::TooLarge) {
        pipe->client->abort();
        return;
    }
    if (pipe->outgoing.isEmpty())
        return;
    if (!pipe->upstream) {
        pipe->upstream = new QSslSocket(this);
        connectPipe(pipe);
        pipe->upstream->setSslConfiguration(mSsl);
        pipe->upstream->connectToHostEncrypted(mProxy.host(), quint16(mProxy.port(443)));
        return;
    }
    sendUpstream(pipe);
}

void KubeTlsProxyRelay::sendUpstream(Pipe *pipe)
{
    if (pipe->encrypted && !pipe->outgoing.isEmpty())
        pipe->upstream->write(std::exchange(pipe->outgoing, {}));
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
    pipe->client->deleteLater();
    if (pipe->upstream) {
        pipe->upstream->disconnect(this);
        pipe->upstream->deleteLater();
    }
    delete pipe;
}
