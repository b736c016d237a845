// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "simfixture.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslConfiguration>
#include <QString>

#include <memory>

class Simulator;

/// Test helper: starts a Simulator in the test thread and talks HTTPS to one of its clusters with the
/// client certificate of the kubeconfig (or a bearer token, or nothing).
class SimApiTestClient
{
public:
    struct Reply {
        int code = 0;
        QByteArray body;
        QJsonObject json;
        QHash<QByteArray, QByteArray> headers; ///< lower-case names
        QNetworkReply::NetworkError error = QNetworkReply::NoError;
    };

    SimApiTestClient(const Simulator &simulator, const QString &cluster);

    void setUseClientCertificate(bool use) { mUseCertificate = use; }
    void setToken(const QString &token) { mToken = token; }
    /// Uses another client certificate/key (PEM files).
    void setClientCertificateFiles(const QString &certificate, const QString &key);

    Reply send(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body = {},
        const QByteArray &contentType = "application/json", int timeoutMs = 10000);
    /// Starts a request and returns the reply at once (watches); the caller owns it.
    QNetworkReply *start(const QByteArray &method, const QString &pathAndQuery);
    [[nodiscard]] QString baseUrl() const { return mBase; }
    /// TLS settings with the kubeconfig's client certificate (for raw sockets).
    [[nodiscard]] QSslConfiguration sslConfiguration() const { return mTlsWithCert; }

    /// A simulator with these clusters, each with the namespaces "default", "source" and "destns" (and token users:
    /// token-auth-file lines), started and ready (nullptr on failure; the test then fails).
    static std::unique_ptr<SimFixture> startSimulator(const QStringList &clusters, const QByteArray &tokens = {});

private:
    QNetworkRequest makeRequest(const QString &pathAndQuery) const;

    QNetworkAccessManager mNam;
    QString mBase;
    QSslConfiguration mTls;
    QSslConfiguration mTlsWithCert;
    bool mUseCertificate = true;
    QString mToken;
};
