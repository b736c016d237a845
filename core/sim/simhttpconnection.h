// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sim/simhttprequest.h"

#include <QByteArray>
#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QSslSocket>

#include <functional>

class QSslSocket;

/// One HTTP/1.1 connection over an (already encrypted) socket: parses requests one at a time and writes
/// plain or chunked answers. Non-blocking; owned by the server; deletes itself when the socket closes.
class SimHttpConnection : public QObject
{
    Q_OBJECT
public:
    explicit SimHttpConnection(QSslSocket *socket, QObject *parent = nullptr);
    ~SimHttpConnection() override;

    [[nodiscard]] QSslSocket *socket() const { return mSocket; }
    /// An HTTP Date header's value: "Sun, 06 Dec 2026 16:34:12 GMT".
    [[nodiscard]] static QByteArray httpDate(const QDateTime &time = QDateTime::currentDateTimeUtc());
    /// The clock of the Date header (default: the system's): the cluster's, which a scaled simulator moves.
    void setClock(std::function<QDateTime()> clock) { mClock = std::move(clock); }

    /// Sends a complete answer; the next request is read afterwards.
    void respond(const SimHttpResponse &response);
    /// Starts a chunked answer (a watch). Send chunks with sendChunk(), end with endChunked().
    void beginChunked(int code, const QByteArray &contentType);
    void sendChunk(const QByteArray &data);
    void endChunked();
    /// Drops the connection at once (fault injection, shutdown).
    void abort();
    /// Closes after what was written has been sent.
    void close();
    [[nodiscard]] bool isStreaming() const { return mStreaming; }

Q_SIGNALS:
    void requestReceived(const SimHttpRequest &request);
    /// The socket closed (by either side); the object deletes itself after this.
    void closed();

private:
    void onReadyRead();
    void processBuffer();
    void finishResponse();
    void onDisconnected();

    QPointer<QSslSocket> mSocket;
    QByteArray mBuffer;
    bool mBusy = false; ///< a request is being answered
    bool mStreaming = false;
    bool mCloseAfterResponse = false;
    bool mClosed = false;
    std::function<QDateTime()> mClock;
};
