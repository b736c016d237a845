// SPDX-License-Identifier: GPL-3.0-or-later
#include "fakeapiserver.h"

#include "common/httprequesthead.h"
#include "common/httpstatusline.h"

#include <QSslConfiguration>
#include <QSslSocket>

FakeExchange::FakeExchange(QTcpSocket *socket, const FakeRequest &request, QObject *parent)
    : QObject(parent)
    , request(request)
    , mSocket(socket)
{ }

bool FakeExchange::isConnected() const
{
    return mSocket && mSocket->state() == QAbstractSocket::ConnectedState;
}

void FakeExchange::writeRaw(const QByteArray &bytes)
{
    if (mSocket)
        mSocket->write(bytes);
}

void FakeExchange::respond(int status, const QByteArray &body, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QByteArray head = HttpStatusLine::line(status);
    for (const auto &header : headers)
        head += header.first + ": " + header.second + "\r\n";
    head += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n";
    writeRaw(head + body);
}

void FakeExchange::respondJson(int status, const QByteArray &json, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QList<QPair<QByteArray, QByteArray>> all {{"Content-Type", "application/json"}};
    all.append(headers);
    respond(status, json, all);
}

void FakeExchange::startChunked(int status)
{
    writeRaw(HttpStatusLine::line(status) + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
}

void FakeExchange::sendChunk(const QByteArray &data)
{
    if (data.isEmpty())
        return;
    writeRaw(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
    if (mSocket)
        mSocket->flush();
}

void FakeExchange::endChunks()
{
    writeRaw("0\r\n\r\n");
}

void FakeExchange::drop()
{
    if (mSocket)
        mSocket->abort();
}

FakeApiServer::FakeApiServer(QObject *parent)
    : QTcpServer(parent)
{ }

FakeApiServer::~FakeApiServer()
{
    dropAll();
}

void FakeApiServer::setTls(
    const QSslCertificate &certificate, const QSslKey &key, const QList<QSslCertificate> &caCertificates)
{
    mTls = true;
    mCertificate = certificate;
    mKey = key;
    mCaCertificates = caCertificates;
}

bool FakeApiServer::listenLoopback()
{
    return listen(QHostAddress::LocalHost, 0);
}

QUrl FakeApiServer::url() const
{
    QUrl url;
    url.setScheme(mTls ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(serverPort());
    return url;
}

void FakeApiServer::dropAll()
{
    const auto sockets = mSockets;
    for (const QPointer<QTcpSocket> &socket : sockets) {
        if (socket)
            socket->abort();
    }
}

void FakeApiServer::incomingConnection(qintptr descriptor)
{
    ++connections;
    QTcpSocket *socket = nullptr;
    if (mTls) {
        auto *ssl = new QSslSocket(this);
        ssl->setSocketDescriptor(descriptor);
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setLocalCertificate(mCertificate);
        configuration.setPrivateKey(mKey);
        if (!mCaCertificates.isEmpty()) {
            configuration.setCaCertificates(mCaCertificates);
            configuration.setPeerVerifyMode(QSslSocket::QueryPeer); // optional: token users send none
        } else {
            configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
        }
        ssl->setSslConfiguration(configuration);
        connect(ssl, &QSslSocket::sslErrors, ssl, [ssl](const QList<QSslError> &) { ssl->ignoreSslErrors(); });
        ssl->startServerEncryption();
        socket = ssl;
    } else {
        socket = new QTcpSocket(this);
        socket->setSocketDescriptor(descriptor);
    }
    mSockets.append(socket);
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readFrom(socket); });
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
}

void FakeApiServer::readFrom(QTcpSocket *socket)
{
    QByteArray buffer = socket->property("buffer").toByteArray() + socket->readAll();
    while (true) {
        HttpRequestHead head;
        const HttpRequestHead::Parse parsed = HttpRequestHead::parse(buffer, &head);
        if (parsed == HttpRequestHead::Parse::Incomplete || parsed == HttpRequestHead::Parse::TooLarge)
            break;
        FakeRequest request;
        request.method = head.method();
        request.target = head.target();
        for (const auto &[name, value] : head.fields())
            request.headers[name.toLower()].append(value);
        const qsizetype contentLength = qsizetype(head.contentLength().value_or(0));
        if (buffer.size() < head.size() + contentLength)
            break;
        request.body = buffer.mid(head.size(), contentLength);
        buffer.remove(0, head.size() + contentLength);
        // Origin form ("/path?query") or, when we act as an HTTP proxy, absolute form ("http://host/path").
        const QUrl url(request.target.startsWith('/') ? QStringLiteral("http://x") + QString::fromLatin1(request.target)
                                                      : QString::fromLatin1(request.target));
        request.path = url.path(QUrl::FullyDecoded);
        request.query = QUrlQuery(url.query(QUrl::FullyEncoded));
        if (auto *ssl = qobject_cast<QSslSocket *>(socket))
            request.peerCertificate = ssl->peerCertificate();
        requests.append(request);
        auto *exchange = new FakeExchange(socket, request, socket);
        if (handler)
            handler(exchange);
        else
            exchange->respondJson(404, R"({"kind":"Status","code":404,"reason":"NotFound","message":"no handler"})");
    }
    socket->setProperty("buffer", buffer);
}
