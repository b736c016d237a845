// SPDX-License-Identifier: GPL-3.0-or-later
#include "testconnectproxy.h"

#include "common/httprequesthead.h"

#include <QSslSocket>

TestConnectProxy::TestConnectProxy(QObject *parent)
    : QTcpServer(parent)
{ }

void TestConnectProxy::setTls(const QSslCertificate &certificate, const QSslKey &key)
{
    mTls = true;
    mCertificate = certificate;
    mKey = key;
}

bool TestConnectProxy::listenLoopback()
{
    return listen(QHostAddress::LocalHost, 0);
}

void TestConnectProxy::incomingConnection(qintptr descriptor)
{
    ++connections;
    QTcpSocket *client = nullptr;
    if (mTls) {
        auto *socket = new QSslSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        socket->setLocalCertificate(mCertificate);
        socket->setPrivateKey(mKey);
        socket->startServerEncryption();
        client = socket;
    } else {
        client = new QTcpSocket(this);
        if (!client->setSocketDescriptor(descriptor)) {
            delete client;
            return;
        }
    }
    connect(client, &QTcpSocket::readyRead, this, [this, client] { readHead(client); });
    connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
}

void TestConnectProxy::readHead(QTcpSocket *client)
{
    if (client->property("tunnel").toBool())
        return; // the tunnel's own handler forwards
    const QByteArray buffer = client->property("head").toByteArray() + client->readAll();
    HttpRequestHead head;
    const HttpRequestHead::Parse parsed = HttpRequestHead::parse(buffer, &head);
    if (parsed == HttpRequestHead::Parse::Incomplete || parsed == HttpRequestHead::Parse::TooLarge) {
        client->setProperty("head", buffer);
        return;
    }
    const QByteArray rest = buffer.mid(head.size());
    ProxiedConnect request;
    request.target = head.target();
    request.proxyAuthorization = head.value("proxy-authorization");
    if (head.method() != "CONNECT") {
        // A forwarded request (an http:// server): answered here, and the connection stays open for more.
        forwarded.append(request);
        client->setProperty("head", rest);
        if (!requiredAuthorization.isEmpty() && request.proxyAuthorization != requiredAuthorization) {
            client->write("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
                          "Content-Length: 0\r\n\r\n");
        } else {
            const QByteArray body = R"({"gitVersion":"v1.31.0-forwarded"})";
            client->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        }
        if (rest.contains("\r\n\r\n"))
            readHead(client); // pipelined
        return;
    }
    connects.append(request);
    if (!requiredAuthorization.isEmpty() && request.proxyAuthorization != requiredAuthorization) {
        client->write("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
                      "Content-Length: 0\r\nConnection: close\r\n\r\n");
        client->disconnectFromHost();
        return;
    }
    const qsizetype colon = request.target.lastIndexOf(':');
    const QString host = QString::fromLatin1(request.target.left(colon));
    const quint16 port = quint16(request.target.mid(colon + 1).toUInt());
    client->setProperty("tunnel", true);
    auto *upstream = new QTcpSocket(client);
    connect(upstream, &QTcpSocket::connected, client, [client, upstream, rest] {
        client->setProperty("established", true);
        client->write("HTTP/1.1 200 Connection established\r\n\r\n");
        if (!rest.isEmpty())
            upstream->write(rest);
        connect(client, &QTcpSocket::readyRead, upstream, [client, upstream] { upstream->write(client->readAll()); });
        connect(upstream, &QTcpSocket::readyRead, client, [client, upstream] { client->write(upstream->readAll()); });
        if (client->bytesAvailable() > 0)
            upstream->write(client->readAll());
    });
    connect(upstream, &QTcpSocket::errorOccurred, client, [client] {
        if (!client->property("established").toBool()) {
            client->write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            client->disconnectFromHost();
        }
    });
    connect(upstream, &QTcpSocket::disconnected, client, [client] { client->disconnectFromHost(); });
    connect(client, &QTcpSocket::disconnected, upstream, [upstream] { upstream->disconnectFromHost(); });
    upstream->connectToHost(hosts.value(host, host), port);
}
