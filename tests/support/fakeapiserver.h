// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QSslKey>
#include <QTcpServer>
#include <QUrl>
#include <QUrlQuery>

#include <functional>

class QTcpSocket;

/// One HTTP/1.1 request as the fake server received it.
struct FakeRequest {
    QByteArray method;
    QByteArray target; ///< path and query as sent
    QString path; ///< decoded path
    QUrlQuery query;
    QMap<QByteArray, QList<QByteArray>> headers; ///< lower-case names, every value in order
    QByteArray body;
    QSslCertificate peerCertificate; ///< the client certificate over TLS, if any

    [[nodiscard]] QByteArray header(const QByteArray &name) const
    {
        const QList<QByteArray> values = headers.value(name.toLower());
        return values.isEmpty() ? QByteArray() : values.constFirst();
    }
};

/// The server side of one request: answer with exact bytes, stream chunks, or drop the connection.
class FakeExchange : public QObject
{
    Q_OBJECT
public:
    FakeExchange(QTcpSocket *socket, const FakeRequest &request, QObject *parent);

    const FakeRequest request;

    /// A complete answer with Content-Length.
    void respond(int status, const QByteArray &body, const QList<QPair<QByteArray, QByteArray>> &headers = {});
    void respondJson(int status, const QByteArray &json, const QList<QPair<QByteArray, QByteArray>> &headers = {});
    /// Starts a chunked answer; then sendChunk() any number of times and endChunks() or drop().
    void startChunked(int status);
    void sendChunk(const QByteArray &data);
    void endChunks();
    /// Closes the connection abruptly.
    void drop();
    /// Writes raw bytes (anything at all).
    void writeRaw(const QByteArray &bytes);
    [[nodiscard]] bool isConnected() const;

private:
    QPointer<QTcpSocket> mSocket;
};

/// A loopback HTTP/1.1 server (optionally TLS with client-certificate checking) in the style of Qt's own
/// network tests: every request goes to `handler`, which answers through the FakeExchange.
class FakeApiServer : public QTcpServer
{
    Q_OBJECT
public:
    explicit FakeApiServer(QObject *parent = nullptr);
    ~FakeApiServer() override;

    /// Turns on TLS. `caCertificates` non-empty: ask for a client certificate and verify it against them.
    void setTls(
        const QSslCertificate &certificate, const QSslKey &key, const QList<QSslCertificate> &caCertificates = {});
    bool listenLoopback();
    [[nodiscard]] QUrl url() const;

    std::function<void(FakeExchange *exchange)> handler;
    QList<FakeRequest> requests;
    int connections = 0;

    /// Drops every open connection.
    void dropAll();

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    void readFrom(QTcpSocket *socket);

    bool mTls = false;
    QSslCertificate mCertificate;
    QSslKey mKey;
    QList<QSslCertificate> mCaCertificates;
    QList<QPointer<QTcpSocket>> mSockets;
};
