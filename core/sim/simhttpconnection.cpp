// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simhttpconnection.h"

#include "common/httprequesthead.h"
#include "common/httpstatusline.h"
#include "common/logging.h"

#include <QDateTime>
#include <QLocale>
#include <QSslSocket>
#include <QTimer>
#include <QUrl>

namespace {
constexpr qsizetype kMaxHeaderBytes = 1024 * 1024;
constexpr qsizetype kMaxBodyBytes = 64 * 1024 * 1024;

} // namespace

QByteArray SimHttpConnection::httpDate(const QDateTime &time)
{
    return QLocale::c().toString(time.toUTC(), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'")).toLatin1();
}

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
    HttpRequestHead head;
    const HttpRequestHead::Parse parsed = HttpRequestHead::parse(mBuffer, &head, kMaxHeaderBytes);
    if (parsed == HttpRequestHead::Parse::Incomplete)
        return;
    if (parsed == HttpRequestHead::Parse::TooLarge) {
        abort();
        return;
    }
    if (parsed == HttpRequestHead::Parse::Malformed) {
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
    request.method = head.method();
    for (const auto &field : head.fields()) {
        const QByteArray name = field.first.toLower();
        if (request.headers.contains(name))
            request.headers[name] += ", " + field.second;
        else
            request.headers.insert(name, field.second);
    }
    qsizetype consumed = head.size();
    if (head.isChunked()) {
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
        const std::optional<qint64> length = head.contentLength();
        if (!length || *length > kMaxBodyBytes) {
            abort();
            return;
        }
        if (mBuffer.size() < consumed + *length)
            return;
        request.body = mBuffer.mid(consumed, qsizetype(*length));
        consumed += qsizetype(*length);
    }
    mBuffer.remove(0, consumed);

    const QByteArray target = head.target();
    const qsizetype question = target.indexOf('?');
    request.path = QUrl::fromPercentEncoding(question < 0 ? target : target.left(question));
    if (question >= 0) {
        QByteArray rawQuery = target.mid(question + 1);
        rawQuery.replace('+', "%20");
        request.query = QUrlQuery(QString::fromLatin1(rawQuery));
    }
    mCloseAfterResponse = head.wantsClose();
    mBusy = true;
    Q_EMIT requestReceived(request);
}

void SimHttpConnection::respond(const SimHttpResponse &response)
{
    if (!mSocket || mClosed)
        return;
    QByteArray out = HttpStatusLine::line(response.code);
    if (!response.contentType.isEmpty())
        out += "Content-Type: " + response.contentType + "\r\n";
    if (response.code != 204) // 204 No Content has no body, and says nothing of its length (RFC 9110)
        out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    if (!response.headers.contains("Date")) // the clock-skew scenario sends its own
        out += "Date: " + httpDate(mClock ? mClock() : QDateTime::currentDateTimeUtc()) + "\r\n";
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
    QByteArray out = HttpStatusLine::line(code);
    out += "Content-Type: " + contentType + "\r\n";
    out += "Transfer-Encoding: chunked\r\n";
    out += "Date: " + httpDate(mClock ? mClock() : QDateTime::currentDateTimeUtc()) + "\r\n";
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
