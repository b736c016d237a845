// SPDX-License-Identifier: GPL-3.0-or-later
#include "simapitestclient.h"

#include "sim/simcluster.h"
#include "sim/simstore.h"
#include "sim/simulator.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslKey>
#include <QTest>

namespace {
QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
} // namespace

SimApiTestClient::SimApiTestClient(const Simulator &simulator, const QString &cluster)
{
    SimCluster *c = simulator.cluster(cluster);
    Q_ASSERT(c);
    mBase = c->serverUrl().toString();
    mTls = QSslConfiguration::defaultConfiguration();
    mTls.setCaCertificates(QSslCertificate::fromData(c->caCertificatePem(), QSsl::Pem));
    mTls.setPeerVerifyMode(QSslSocket::VerifyPeer);
    mTls.setAllowedNextProtocols({QSslConfiguration::NextProtocolHttp1_1});
    const QDir dir(QDir(simulator.stateDir()).filePath(cluster));
    mTlsWithCert = mTls;
    mTlsWithCert.setLocalCertificate(QSslCertificate(readFile(dir.filePath(QStringLiteral("client.crt"))), QSsl::Pem));
    mTlsWithCert.setPrivateKey(QSslKey(readFile(dir.filePath(QStringLiteral("client.key"))), QSsl::Ec, QSsl::Pem));
}

void SimApiTestClient::setClientCertificateFiles(const QString &certificate, const QString &key)
{
    mTlsWithCert.setLocalCertificate(QSslCertificate(readFile(certificate), QSsl::Pem));
    mTlsWithCert.setPrivateKey(QSslKey(readFile(key), QSsl::Ec, QSsl::Pem));
    mUseCertificate = true;
}

QNetworkRequest SimApiTestClient::makeRequest(const QString &pathAndQuery) const
{
    QNetworkRequest request(QUrl(mBase + pathAndQuery));
    request.setSslConfiguration(mUseCertificate ? mTlsWithCert : mTls);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    if (!mToken.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + mToken.toUtf8());
    request.setRawHeader("Accept", "application/json");
    return request;
}

QNetworkReply *SimApiTestClient::start(const QByteArray &method, const QString &pathAndQuery)
{
    QNetworkRequest request = makeRequest(pathAndQuery);
    return mNam.sendCustomRequest(request, method);
}

SimApiTestClient::Reply SimApiTestClient::send(const QByteArray &method, const QString &pathAndQuery,
    const QByteArray &body, const QByteArray &contentType, int timeoutMs)
{
    QNetworkRequest request = makeRequest(pathAndQuery);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    std::unique_ptr<QNetworkReply> reply(mNam.sendCustomRequest(request, method, body));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    Reply result;
    if (!reply->isFinished() && !finished.wait(timeoutMs)) {
        result.error = QNetworkReply::TimeoutError;
        reply->abort();
        return result;
    }
    result.code = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.json = QJsonDocument::fromJson(result.body).object();
    result.error = reply->error();
    for (const QNetworkReply::RawHeaderPair &header : reply->rawHeaderPairs())
        result.headers.insert(header.first.toLower(), header.second);
    return result;
}

std::unique_ptr<SimFixture> SimApiTestClient::startSimulator(const QStringList &clusters, const QByteArray &tokens)
{
    SimFixture::Options options;
    options.simulator.clusters = clusters;
    options.tokens = tokens;
    options.setUpCluster = [](SimCluster *cluster) {
        for (const char *name : {"default", "source", "destns"}) {
            QJsonObject meta;
            meta.insert(QStringLiteral("name"), QLatin1String(name));
            cluster->store()->create(
                QStringLiteral("namespaces"), QString(), QJsonObject {{QStringLiteral("metadata"), meta}});
        }
    };
    auto simulator = std::make_unique<SimFixture>(options);
    QString error;
    if (!simulator->start(&error, 30000)) {
        qWarning("simulator did not start: %s", qPrintable(error));
        return nullptr;
    }
    return simulator;
}
