// SPDX-License-Identifier: GPL-3.0-or-later
#include "fakeapiserver.h"

#include <QSslConfiguration>
#include <QSslSocket>

namespace {
QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 409:
        return "Conflict";
    case 410:
        return "Gone";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}
} // namespace

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
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
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
    writeRaw("HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status)
        + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
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
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            break;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        FakeRequest request;
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        request.method = requestLine.value(0);
        request.target = requestLine.value(1);
        qsizetype contentLength = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            request.headers[name].append(value);
            if (name == "content-length")
                contentLength = value.toLongLong();
        }
        if (buffer.size() < end + 4 + contentLength)
            break;
        request.body = buffer.mid(end + 4, contentLength);
        buffer.remove(0, end + 4 + contentLength);
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
