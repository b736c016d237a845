// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simhttpconnection.h"

#include "common/logging.h"

#include <QDateTime>
#include <QLocale>
#include <QSslSocket>
#include <QTimer>
#include <QUrl>

namespace volsync {

namespace {
constexpr qsizetype kMaxHeaderBytes = 1024 * 1024;
constexpr qsizetype kMaxBodyBytes = 64 * 1024 * 1024;

QByteArray httpDate()
{
    return QLocale::c()
        .toString(QDateTime::currentDateTimeUtc(), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"))
        .toLatin1();
}
} // namespace

SimHttpConnection::SimHttpConnection(QSslSocket *socket, QObject *parent)
    : QObject(parent)
    , mSocket(socket)
{
    socket->setParent(this);
    connect(socket, &QSslSocket::readyRead, this, &SimHttpConnection::onReadyRead);
    connect(socket, &QSslSocket::disconnected, this, &SimHttpConnection::onDisconnected);
    connect(socket, &QSslSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (error == QAbstractSocket::RemoteHostClosedError || !mSocket
            || mSocket->state() != QAbstractSocket::ConnectedState)
            onDisconnected();
    });
    if (socket->bytesAvailable() > 0)
        QTimer::singleShot(0, this, &SimHttpConnection::onReadyRead);
}

SimHttpConnection::~SimHttpConnection() = default;

QByteArray SimHttpConnection::reasonPhrase(int code)
{
    switch (code) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 406:
        return "Not Acceptable";
    case 409:
        return "Conflict";
    case 410:
        return "Gone";
    case 413:
        return "Request Entity Too Large";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Unknown";
    }
}

void SimHttpConnection::onReadyRead()
{
    if (!mSocket)
        return;
    mBuffer.append(mSocket->readAll());
    if (!mBusy)
        processBuffer();
}

void SimHttpConnection::processBuffer()
{
    if (mBusy || mClosed || !mSocket)
        return;
    const qsizetype headerEnd = mBuffer.indexOf("\r\n\r\n");
    if (headerEnd < 0) {
        if (mBuffer.size() > kMaxHeaderBytes)
            abort();
        return;
    }
    const QList<QByteArray> lines = mBuffer.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1.")) {
        SimHttpResponse bad;
        bad.code = 400;
        bad.contentType = "text/plain; charset=utf-8";
        bad.body = "400 Bad Request";
        mCloseAfterResponse = true;
        mBusy = true;
        respond(bad);
        return;
    }
    SimHttpRequest request;
    request.method = requestLine.at(0);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (request.headers.contains(name))
            request.headers[name] += ", " + value;
        else
            request.headers.insert(name, value);
    }
    qsizetype consumed = headerEnd + 4;
    if (request.header("transfer-encoding").toLower().contains("chunked")) {
        QByteArray body;
        qsizetype pos = consumed;
        for (;;) {
            const qsizetype lineEnd = mBuffer.indexOf("\r\n", pos);
            if (lineEnd < 0)
                return; // wait for more
            bool ok = false;
            const qsizetype size = mBuffer.mid(pos, lineEnd - pos).split(';').value(0).trimmed().toLongLong(&ok, 16);
            if (!ok || size < 0 || body.size() + size > kMaxBodyBytes) {
                abort();
                return;
            }
            if (mBuffer.size() < lineEnd + 2 + size + 2)
                return;
            body.append(mBuffer.mid(lineEnd + 2, size));
            pos = lineEnd + 2 + size + 2;
            if (size == 0)
                break;
        }
        request.body = body;
        consumed = pos;
    } else {
        bool ok = true;
        const QByteArray lengthText = request.header("content-length");
        const qsizetype length = lengthText.isEmpty() ? 0 : lengthText.toLongLong(&ok);
        if (!ok || length < 0 || length > kMaxBodyBytes) {
            abort();
            return;
        }
        if (mBuffer.size() < consumed + length)
            return;
        request.body = mBuffer.mid(consumed, length);
        consumed += length;
    }
    mBuffer.remove(0, consumed);

    const QByteArray target = requestLine.at(1);
    const qsizetype question = target.indexOf('?');
    request.path = QUrl::fromPercentEncoding(question < 0 ? target : target.left(question));
    if (question >= 0) {
        QByteArray rawQuery = target.mid(question + 1);
        rawQuery.replace('+', "%20");
        request.query = QUrlQuery(QString::fromLatin1(rawQuery));
    }
    const QByteArray connection = request.header("connection").toLower();
    mCloseAfterResponse = connection.contains("close") || requestLine.at(2) == "HTTP/1.0";
    mBusy = true;
    Q_EMIT requestReceived(request);
}

void SimHttpConnection::respond(const SimHttpResponse &response)
{
    if (!mSocket || mClosed)
        return;
    QByteArray out = "HTTP/1.1 " + QByteArray::number(response.code) + ' ' + reasonPhrase(response.code) + "\r\n";
    out += "Content-Type: " + response.contentType + "\r\n";
    out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    out += "Date: " + httpDate() + "\r\n";
    out += "Cache-Control: no-cache, private\r\n";
    for (auto it = response.headers.cbegin(); it != response.headers.cend(); ++it)
        out += it.key() + ": " + it.value() + "\r\n";
    if (mCloseAfterResponse)
        out += "Connection: close\r\n";
    out += "\r\n";
    out += response.body;
    mSocket->write(out);
    finishResponse();
}

void SimHttpConnection::beginChunked(int code, const QByteArray &contentType)
{
    if (!mSocket || mClosed)
        return;
    mStreaming = true;
    QByteArray out = "HTTP/1.1 " + QByteArray::number(code) + ' ' + reasonPhrase(code) + "\r\n";
    out += "Content-Type: " + contentType + "\r\n";
    out += "Transfer-Encoding: chunked\r\n";
    out += "Date: " + httpDate() + "\r\n";
    out += "Cache-Control: no-cache, private\r\n";
    out += "\r\n";
    mSocket->write(out);
}

void SimHttpConnection::sendChunk(const QByteArray &data)
{
    if (!mSocket || mClosed || !mStreaming || data.isEmpty())
        return;
    mSocket->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
}

void SimHttpConnection::endChunked()
{
    if (!mSocket || mClosed || !mStreaming)
        return;
    mStreaming = false;
    mSocket->write("0\r\n\r\n");
    finishResponse();
}

void SimHttpConnection::finishResponse()
{
    mBusy = false;
    if (mCloseAfterResponse) {
        if (mSocket)
            mSocket->disconnectFromHost();
        return;
    }
    if (!mBuffer.isEmpty())
        QTimer::singleShot(0, this, &SimHttpConnection::processBuffer);
}

void SimHttpConnection::abort()
{
    if (mClosed)
        return;
    if (mSocket)
        mSocket->abort();
    onDisconnected();
}

void SimHttpConnection::close()
{
    if (mClosed || !mSocket)
        return;
    mCloseAfterResponse = true;
    mSocket->disconnectFromHost();
}

void SimHttpConnection::onDisconnected()
{
    if (mClosed)
        return;
    mClosed = true;
    mStreaming = false;
    Q_EMIT closed();
    deleteLater();
}

} // namespace volsync
