// SPDX-License-Identifier: GPL-3.0-or-later
#include "kubeclient.h"

#include "kubecertificateauthority.h"
#include "kubecredentialprovider.h"
#include "kubeproxyenvironment.h"
#include "kuberatelimiter.h"
#include "kubetlsproxyrelay.h"
#include "kubewatchdecoder.h"

#include "common/appinfo.h"
#include "common/logging.h"
#include "common/redaction.h"
#include "common/workertask.h"

#include <QFile>
#include <QJsonDocument>
#include <QLocale>
#include <QMetaMethod>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QRandomGenerator>
#include <QSslConfiguration>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <deque>
#include <memory>
#include <utility>
#include <vector>

namespace {

/// An HTTP Date header ("Sun, 06 Nov 1994 08:49:37 GMT", RFC 9110's IMF-fixdate); invalid for anything else.
QDateTime httpDate(const QByteArray &header)
{
    const QDateTime date = QLocale::c().toDateTime(
        QString::fromLatin1(header.trimmed()), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    return date.isValid() ? QDateTime(date.date(), date.time(), Qt::UTC) : QDateTime();
}

const char kOpenWatchesProperty[] = "volsyncOpenWatches";
} // namespace

class KubeClientPrivate
{
public:
    explicit KubeClientPrivate(KubeClient *client)
        : q(client)
    { }

    void setUp(const KubeConfig &config, const QString &contextName);
    bool setUpProxy();
    void startAttempt(KubeReply *reply);
    void sendWithCredentials(KubeReply *reply, const KubeCredentials &credentials);
    [[nodiscard]] QNetworkRequest networkRequestFor(const KubeRequest &request, const KubeCredentials &creds) const;
    void addImpersonationHeaders(QNetworkRequest *networkRequest) const;
    QNetworkReply *dispatch(const KubeRequest &request, const QNetworkRequest &networkRequest);
    void followReply(KubeReply *reply, QNetworkReply *networkReply, const KubeCredentials &creds);
    void armTimeout(KubeReply *reply, QNetworkReply *networkReply);
    static void stopTimer(KubeReply *reply);
    static void dropNetworkReply(KubeReply *reply, QNetworkReply *networkReply);
    void failTooLarge(KubeReply *reply, QNetworkReply *networkReply);
    void failUndecodableWatch(KubeReply *reply, QNetworkReply *networkReply, const QString &problem);
    [[nodiscard]] KubeError checkKind(const KubeRequest &request, const QJsonObject &json) const;
    /// A successful answer's body, parsed (an empty body is an empty object).
    struct ParsedBody {
        QJsonObject json;
        QString error; ///< why it is not a JSON object; empty when it is
    };
    [[nodiscard]] static ParsedBody parseBody(const QByteArray &body);
    void finishParsed(KubeReply *reply, int status, const QByteArray &body, const ParsedBody &parsed);
    /// Answers from this size on are parsed on a worker thread.
    static constexpr qsizetype kParseOnWorkerBytes = 16 * 1024;
    void handleFinished(KubeReply *reply, QNetworkReply *networkReply, KubeWatchDecoder *decoder,
        const QStringList &sslErrors, const KubeCredentials &used);
    void retryLater(KubeReply *reply, const KubeError &error);
    [[nodiscard]] KubeError decorate(KubeError error, const KubeRequest &request) const;
    [[nodiscard]] KubeError transportError(QNetworkReply *networkReply, const QStringList &sslErrors) const;
    [[nodiscard]] KubeError withProxyHint(KubeError error) const;

    KubeClient *q;
    KubeConfig::Resolved resolved;
    KubeError configError;
    QUrl server;
    QStringList warnings;
    QNetworkAccessManager *nam = nullptr;
    // Watches hold their connection for minutes, and QNetworkAccessManager opens at most 6
    // HTTP/1.1 connections per server. Watches therefore get managers of their own, a few
    // watches each, so that they never starve ordinary requests (or each other).
    std::vector<QNetworkAccessManager *> watchManagers;
    static constexpr int WatchesPerManager = 5;
    QNetworkAccessManager *managerFor(const KubeRequest &request);
    // Ordinary requests in flight, and those waiting for one of them to end (see setMaxParallelRequests).
    struct Waiting {
        QPointer<KubeReply> reply;
        KubeCredentials credentials;
    };
    int maxParallel = KubeClient::DefaultMaxParallelRequests;
    int inFlight = 0;
    std::deque<Waiting> waiting;
    bool pumpQueued = false;
    void sendNow(KubeReply *reply, const KubeCredentials &credentials);
    void requestEnded();
    void pump();
    QSslConfiguration ssl;
    QString proxyDisplay; ///< the proxy in use without credentials, empty = direct
    QString proxySource; ///< where it came from: "proxy-url", "HTTPS_PROXY" or "HTTP_PROXY"
    KubeTlsProxyRelay *proxyRelay = nullptr; ///< for an https:// proxy
    std::shared_ptr<KubeCredentialProvider> credentials;
    KubeRateLimiter limiter;
    KubeClient::RetryPolicy retry;
    int defaultTimeoutMs = 30000;
    int execTimeoutMs = 60000;
    std::optional<bool> desktopLaunched;
    bool multiValueImpersonation = false;
};

QNetworkAccessManager *KubeClientPrivate::managerFor(const KubeRequest &request)
{
    if (!request.isWatch())
        return nam;
    QNetworkAccessManager *manager = nullptr;
    for (QNetworkAccessManager *candidate : watchManagers) {
        if (candidate->property(kOpenWatchesProperty).toInt() < WatchesPerManager) {
            manager = candidate;
            break;
        }
    }
    if (!manager) {
        manager = new QNetworkAccessManager(q);
        manager->setRedirectPolicy(nam->redirectPolicy());
        manager->setAutoDeleteReplies(false);
        manager->setProxy(nam->proxy());
        watchManagers.push_back(manager);
    }
    manager->setProperty(kOpenWatchesProperty, manager->property(kOpenWatchesProperty).toInt() + 1);
    return manager;
}

void KubeClientPrivate::setUp(const KubeConfig &config, const QString &contextName)
{
    resolved = config.resolve(contextName);
    if (!resolved.isValid()) {
        configError = KubeError(KubeError::Kind::Config, resolved.error);
        configError.setContext(resolved.context.name, resolved.context.cluster, resolved.cluster.server);
        return;
    }
    const KubeCluster &cluster = resolved.cluster;
    // Like client-go: a server without a scheme ("10.0.0.1:6443") means https.
    server = QUrl(
        cluster.server.contains(QLatin1String("://")) ? cluster.server : QStringLiteral("https://") + cluster.server,
        QUrl::StrictMode);
    if (!server.isValid() || server.host().isEmpty()
        || (server.scheme() != QLatin1String("https") && server.scheme() != QLatin1String("http"))) {
        configError = KubeError(KubeError::Kind::Config,
            QStringLiteral("the server address \"%1\" of cluster \"%2\" is not an http(s) URL")
                .arg(redactUrl(cluster.server), cluster.name));
        configError.setContext(resolved.context.name, cluster.name, cluster.server);
        return;
    }
    ssl = QSslConfiguration::defaultConfiguration();
    // Decoded on the kubeconfig loader's worker thread when the GUI made the config; read here otherwise.
    const KubeCertificateAuthority authority
        = cluster.decodedAuthority ? *cluster.decodedAuthority : KubeCertificateAuthority::read(cluster);
    if (!authority.error.isEmpty()) {
        configError = KubeError(KubeError::Kind::Config, authority.error);
        configError.setContext(resolved.context.name, cluster.name, cluster.server);
        return;
    }
    if (!authority.certificates.isEmpty())
        ssl.setCaCertificates(authority.certificates); // only the cluster's CA, like kubectl
    if (cluster.insecureSkipTlsVerify) {
        ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
        const QString text = QStringLiteral("TLS verification is OFF for cluster \"%1\" (insecure-skip-tls-verify): "
                                            "anyone on the network path can impersonate %2 and read your credentials.")
                                 .arg(cluster.name, redactUrl(cluster.server));
        warnings.append(text);
        qCWarning(lcKube).noquote() << text;
    }

    nam = new QNetworkAccessManager(q);
    nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    nam->setAutoDeleteReplies(false);
    if (!setUpProxy())
        return;
    const KubeUser &user = resolved.user;
    multiValueImpersonation = user.impersonateGroups.size() > 1;
    for (auto it = user.impersonateUserExtra.cbegin(); it != user.impersonateUserExtra.cend(); ++it)
        multiValueImpersonation = multiValueImpersonation || it.value().size() > 1;
    credentials = KubeCredentialProvider::forUser(user, cluster);
    QObject::connect(credentials.get(), &KubeCredentialProvider::notice, q, &KubeClient::warning);
}

/// The cluster's proxy-url, else the proxy the environment names for this server (like client-go).
bool KubeClientPrivate::setUpProxy()
{
    const KubeCluster &cluster = resolved.cluster;
    QUrl proxyUrl;
    QString &source = proxySource;
    if (!cluster.proxyUrl.isEmpty()) {
        proxyUrl = QUrl(cluster.proxyUrl);
        source = QStringLiteral("proxy-url");
    } else {
        const KubeProxyEnvironment environment = KubeProxyEnvironment::fromSystemEnvironment();
        proxyUrl = environment.proxyFor(server);
        source
            = server.scheme() == QLatin1String("https") ? QStringLiteral("HTTPS_PROXY") : QStringLiteral("HTTP_PROXY");
    }
    if (proxyUrl.isEmpty()) {
        proxySource.clear();
        nam->setProxy(QNetworkProxy::NoProxy);
        return true;
    }
    const QString scheme = proxyUrl.scheme();
    proxyDisplay = proxyUrl.toDisplayString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash);
    if (!proxyUrl.isValid() || proxyUrl.host().isEmpty()
        || (scheme != QLatin1String("http") && scheme != QLatin1String("https") && scheme != QLatin1String("socks5"))) {
        configError = KubeError(KubeError::Kind::Config,
            QStringLiteral("the proxy %1 (%2) for cluster \"%3\" is not an http://, https:// or socks5:// URL")
                .arg(proxyDisplay, source, cluster.name));
        configError.setContext(resolved.context.name, cluster.name, cluster.server);
        return false;
    }
    QNetworkProxy proxy;
    proxy.setUser(proxyUrl.userName(QUrl::FullyDecoded));
    proxy.setPassword(proxyUrl.password(QUrl::FullyDecoded));
    if (scheme == QLatin1String("https")) {
        // Qt cannot speak TLS to a proxy: a loopback relay does, and the manager talks plain HTTP to it.
        QSslConfiguration proxySsl = QSslConfiguration::defaultConfiguration();
        if (!ssl.caCertificates().isEmpty())
            proxySsl.setCaCertificates(ssl.caCertificates());
        proxySsl.setPeerVerifyMode(ssl.peerVerifyMode());
        proxyRelay = new KubeTlsProxyRelay(proxyUrl, proxySsl, q);
        if (!proxyRelay->start()) {
            configError = KubeError(KubeError::Kind::Config,
                QStringLiteral("cannot start the local relay for the TLS proxy %1: %2")
                    .arg(proxyDisplay, proxyRelay->errorString()));
            configError.setContext(resolved.context.name, cluster.name, cluster.server);
            return false;
        }
        proxy.setType(QNetworkProxy::HttpProxy);
        proxy.setHostName(QStringLiteral("127.0.0.1"));
        proxy.setPort(proxyRelay->port());
        // The manager proves to the relay that it is its client; the relay adds the real credentials.
        proxy.setUser(proxyRelay->relayUser());
        proxy.setPassword(proxyRelay->relayPassword());
    } else {
        proxy.setType(scheme == QLatin1String("socks5") ? QNetworkProxy::Socks5Proxy : QNetworkProxy::HttpProxy);
        proxy.setHostName(proxyUrl.host());
        proxy.setPort(quint16(proxyUrl.port(scheme == QLatin1String("socks5") ? 1080 : 80)));
    }
    qCDebug(lcKube).noquote() << "cluster" << cluster.name << "uses the proxy" << proxyDisplay << "from" << source;
    nam->setProxy(proxy);
    return true;
}

KubeError KubeClientPrivate::decorate(KubeError error, const KubeRequest &request) const
{
    error.setContext(resolved.context.name, resolved.cluster.name, resolved.cluster.server);
    if (error.operation().isEmpty())
        error.setOperation(request.describe());
    return error;
}

void KubeClientPrivate::startAttempt(KubeReply *reply)
{
    if (reply->isFinished())
        return;
    const qint64 waitMs = limiter.reserve();
    const QPointer<KubeReply> guard(reply);
    const auto withCredentials = [this, guard] {
        if (!guard || guard->isFinished())
            return;
        credentials->request(guard, [this, guard](const KubeCredentials &creds, const KubeError &error) {
            if (!guard || guard->isFinished())
                return;
            if (error) {
                guard->finishWith(decorate(error, guard->request()));
                return;
            }
            sendWithCredentials(guard, creds);
        });
    };
    if (waitMs > 0)
        QTimer::singleShot(int(waitMs), reply, withCredentials);
    else
        withCredentials();
}

void KubeClientPrivate::sendWithCredentials(KubeReply *reply, const KubeCredentials &creds)
{
    // Watches have connections of their own; ordinary requests beyond the limit wait for one to end, so that
    // the manager opens no more than `maxParallel` HTTP/1.1 connections to the server.
    if (!reply->request().isWatch() && maxParallel > 0 && (inFlight >= maxParallel || !waiting.empty())) {
        waiting.push_back({reply, creds});
        return;
    }
    sendNow(reply, creds);
}

void KubeClientPrivate::requestEnded()
{
    --inFlight;
    if (waiting.empty() || pumpQueued)
        return;
    // Not from inside the finished reply's signal: the manager marks its connection free only afterwards, and
    // a request sent now would open another one.
    pumpQueued = true;
    QMetaObject::invokeMethod(
        q, [this] { pump(); }, Qt::QueuedConnection);
}

void KubeClientPrivate::pump()
{
    pumpQueued = false;
    while (!waiting.empty() && (maxParallel <= 0 || inFlight < maxParallel)) {
        const Waiting next = waiting.front();
        waiting.pop_front();
        if (next.reply && !next.reply->isFinished())
            sendNow(next.reply, next.credentials);
    }
}

void KubeClientPrivate::sendNow(KubeReply *reply, const KubeCredentials &creds)
{
    const KubeRequest &request = reply->request();
    const QNetworkRequest networkRequest = networkRequestFor(request, creds);
    reply->mAttempts++;
    reply->mHttpStatus = 0;
    reply->mUsedHttp2 = false;
    QNetworkReply *networkReply = dispatch(request, networkRequest);
    reply->mNetworkReply = networkReply;
    qCDebug(lcKube).noquote() << request.method() << redactUrl(networkRequest.url().toString()) << "context"
                              << resolved.context.name << "attempt" << reply->mAttempts;
    followReply(reply, networkReply, creds);
    armTimeout(reply, networkReply);
}

QNetworkRequest KubeClientPrivate::networkRequestFor(const KubeRequest &request, const KubeCredentials &creds) const
{
    QNetworkRequest networkRequest(request.url(server));
    QSslConfiguration requestSsl = ssl;
    if (creds.hasClientCertificate()) {
        requestSsl.setLocalCertificateChain(creds.clientCertificateChain);
        requestSsl.setPrivateKey(creds.clientKey);
    }
    if (server.scheme() == QLatin1String("https"))
        networkRequest.setSslConfiguration(requestSsl);
    if (!resolved.cluster.tlsServerName.isEmpty())
        networkRequest.setPeerVerifyName(resolved.cluster.tlsServerName);
    // HTTP/2 when the server offers it by ALPN (API servers do), like client-go; HTTP/1.1 otherwise.
    networkRequest.setAttribute(QNetworkRequest::Http2AllowedAttribute, true);
    networkRequest.setRawHeader("User-Agent", userAgent().toUtf8());
    for (const auto &header : request.headers())
        networkRequest.setRawHeader(header.first, header.second);
    if (resolved.cluster.disableCompression)
        networkRequest.setRawHeader("Accept-Encoding", "identity");
    if (!creds.bearerToken.isEmpty())
        networkRequest.setRawHeader("Authorization", "Bearer " + creds.bearerToken.toUtf8());
    else if (!creds.username.isEmpty() || !creds.password.isEmpty())
        networkRequest.setRawHeader(
            "Authorization", "Basic " + (creds.username + QLatin1Char(':') + creds.password).toUtf8().toBase64());
    addImpersonationHeaders(&networkRequest);
    return networkRequest;
}

void KubeClientPrivate::addImpersonationHeaders(QNetworkRequest *networkRequest) const
{
    const KubeUser &user = resolved.user;
    if (!user.impersonate.isEmpty())
        networkRequest->setRawHeader("Impersonate-User", user.impersonate.toUtf8());
    if (!user.impersonateUid.isEmpty())
        networkRequest->setRawHeader("Impersonate-Uid", user.impersonateUid.toUtf8());
    // QNetworkRequest keeps one value per header name, but the apiserver wants one header per group.
    // With HTTP/1.1 the extra values travel as further header lines (HTTP/2 is turned off for this).
    const auto joinRepeated = [](const QByteArray &name, const QStringList &values) {
        QByteArray joined;
        for (const QString &value : values) {
            if (!joined.isEmpty())
                joined += "\r\n" + name + ": ";
            QByteArray clean = value.toUtf8();
            clean.replace('\r', ' ').replace('\n', ' ');
            joined += clean;
        }
        return joined;
    };
    if (!user.impersonateGroups.isEmpty())
        networkRequest->setRawHeader("Impersonate-Group", joinRepeated("Impersonate-Group", user.impersonateGroups));
    for (auto it = user.impersonateUserExtra.cbegin(); it != user.impersonateUserExtra.cend(); ++it) {
        const QByteArray name = "Impersonate-Extra-" + QUrl::toPercentEncoding(it.key());
        networkRequest->setRawHeader(name, joinRepeated(name, it.value()));
    }
    if (multiValueImpersonation)
        networkRequest->setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
}

QNetworkReply *KubeClientPrivate::dispatch(const KubeRequest &request, const QNetworkRequest &networkRequest)
{
    QNetworkReply *networkReply = nullptr;
    const QByteArray method = request.method();
    QNetworkAccessManager *manager = managerFor(request);
    if (method == "GET")
        networkReply = manager->get(networkRequest);
    else if (method == "DELETE" && request.body().isEmpty())
        networkReply = manager->deleteResource(networkRequest);
    else
        networkReply = manager->sendCustomRequest(networkRequest, method, request.body());
    if (manager == nam) {
        ++inFlight;
        // Once per network reply, whether it finishes, is aborted or is deleted first.
        auto ended = std::make_shared<bool>(false);
        const auto end = [this, ended] {
            if (!std::exchange(*ended, true))
                requestEnded();
        };
        QObject::connect(networkReply, &QNetworkReply::finished, q, end);
        QObject::connect(networkReply, &QObject::destroyed, q, end);
    } else {
        // The reply is the manager's child, so the manager outlives it.
        QObject::connect(networkReply, &QObject::destroyed, manager, [manager] {
            manager->setProperty(kOpenWatchesProperty, manager->property(kOpenWatchesProperty).toInt() - 1);
        });
    }
    return networkReply;
}

void KubeClientPrivate::followReply(KubeReply *reply, QNetworkReply *networkReply, const KubeCredentials &creds)
{
    const KubeRequest &request = reply->request();
    auto *sslErrors = new QStringList;
    auto *decoder = request.isWatch() ? new KubeWatchDecoder(request.maxResponseBytes()) : nullptr;
    QObject::connect(networkReply, &QObject::destroyed, [sslErrors, decoder] {
        delete sslErrors;
        delete decoder;
    });
    QObject::connect(networkReply, &QNetworkReply::sslErrors, reply, [sslErrors](const QList<QSslError> &errors) {
        for (const QSslError &error : errors)
            sslErrors->append(error.errorString());
    });
    // A server may announce or send more than any real answer (an endless body, a gigabyte of JSON): stop
    // reading at the request's bound instead of buffering it all.
    const qint64 maxBytes = request.maxResponseBytes();
    QObject::connect(networkReply, &QNetworkReply::metaDataChanged, reply, [this, reply, networkReply, maxBytes] {
        if (reply->mNetworkReply != networkReply || reply->request().isWatch() || reply->request().streamsBody())
            return;
        const QVariant length = networkReply->header(QNetworkRequest::ContentLengthHeader);
        if (length.isValid() && length.toLongLong() > maxBytes)
            failTooLarge(reply, networkReply);
    });
    if (request.streamsBody()) {
        // A log: each piece goes to the receiver as it comes, nothing is kept here. Error answers are read at
        // the end, within the bound.
        QObject::connect(networkReply, &QNetworkReply::readyRead, reply, [this, reply, networkReply, maxBytes] {
            if (reply->mNetworkReply != networkReply)
                return;
            const int status = networkReply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status < 200 || status >= 300) {
                if (networkReply->bytesAvailable() > maxBytes)
                    failTooLarge(reply, networkReply);
                return;
            }
            const QByteArray data = networkReply->readAll();
            if (!data.isEmpty())
                Q_EMIT reply->dataReceived(data);
        });
    } else if (!decoder) {
        QObject::connect(networkReply, &QNetworkReply::readyRead, reply, [this, reply, networkReply, maxBytes] {
            if (reply->mNetworkReply == networkReply && networkReply->bytesAvailable() > maxBytes)
                failTooLarge(reply, networkReply);
        });
    } else {
        QObject::connect(networkReply, &QNetworkReply::metaDataChanged, reply, [this, reply, networkReply] {
            const int status = networkReply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status != 200 || reply->mNetworkReply != networkReply || reply->mHttpStatus == status)
                return; // once per stream
            reply->mHttpStatus = status;
            reply->mUsedHttp2 = networkReply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool();
            q->reportRequest(reply, KubeRequestRecord::Event::WatchStarted);
        });
        QObject::connect(
            networkReply, &QNetworkReply::readyRead, reply, [this, reply, networkReply, decoder, maxBytes] {
                if (reply->mNetworkReply != networkReply)
                    return;
                const int status = networkReply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                if (status != 200) {
                    // An error body: read at the end, if it is of sane size.
                    if (networkReply->bytesAvailable() > maxBytes)
                        failTooLarge(reply, networkReply);
                    return;
                }
                const QList<KubeWatchEvent> events = decoder->feed(networkReply->readAll());
                const QPointer<KubeReply> guard(reply); // a receiver may abort or even delete the reply
                for (const KubeWatchEvent &event : events) {
                    if (!guard || guard->isFinished())
                        return;
                    Q_EMIT guard->event(event);
                }
                if (guard && !guard->isFinished() && !decoder->error().isEmpty())
                    failUndecodableWatch(guard, networkReply, decoder->error());
            });
    }
    QObject::connect(
        networkReply, &QNetworkReply::finished, reply, [this, reply, networkReply, decoder, sslErrors, creds] {
            handleFinished(reply, networkReply, decoder, *sslErrors, creds);
        });
}

void KubeClientPrivate::armTimeout(KubeReply *reply, QNetworkReply *networkReply)
{
    const KubeRequest &request = reply->request();
    int timeoutMs = request.timeoutMs() > 0 ? request.timeoutMs() : defaultTimeoutMs;
    if (request.streamsBody())
        timeoutMs = request.timeoutMs();
    if (request.isWatch()) {
        const int serverTimeout = request.queryItemValue(QStringLiteral("timeoutSeconds")).toInt();
        timeoutMs
            = request.timeoutMs() > 0 ? request.timeoutMs() : (serverTimeout > 0 ? (serverTimeout + 30) * 1000 : 0);
    }
    stopTimer(reply);
    if (timeoutMs > 0) {
        reply->mTimer = new QTimer(reply);
        reply->mTimer->setSingleShot(true);
        QObject::connect(reply->mTimer, &QTimer::timeout, reply, [this, reply, networkReply, timeoutMs] {
            if (reply->mNetworkReply != networkReply)
                return;
            dropNetworkReply(reply, networkReply);
            KubeError error(KubeError::Kind::Timeout,
                QStringLiteral("no answer within %1 s").arg(QString::number(timeoutMs / 1000.0)));
            retryLater(reply, decorate(error, reply->request()));
        });
        reply->mTimer->start(timeoutMs);
    }
}

void KubeClientPrivate::stopTimer(KubeReply *reply)
{
    if (reply->mTimer) {
        reply->mTimer->stop();
        reply->mTimer->deleteLater();
        reply->mTimer = nullptr;
    }
}

void KubeClientPrivate::dropNetworkReply(KubeReply *reply, QNetworkReply *networkReply)
{
    networkReply->disconnect(reply);
    reply->mNetworkReply.clear();
    networkReply->abort();
    networkReply->deleteLater();
}

void KubeClientPrivate::failTooLarge(KubeReply *reply, QNetworkReply *networkReply)
{
    const qint64 maxBytes = reply->request().maxResponseBytes();
    const int status = networkReply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->mHttpStatus = status;
    dropNetworkReply(reply, networkReply);
    stopTimer(reply);
    KubeError error(KubeError::Kind::Decode,
        QStringLiteral("the answer%1 is larger than %2 MiB, far more than a Kubernetes API server sends; stopped "
                       "reading it")
            .arg(status > 0 ? QStringLiteral(" (HTTP %1)").arg(status) : QString())
            .arg(maxBytes / (1024 * 1024)));
    error.setReason(QStringLiteral("ResponseTooLarge"));
    reply->finishWith(decorate(error, reply->request())); // the same answer would come again: no retry
}

void KubeClientPrivate::failUndecodableWatch(KubeReply *reply, QNetworkReply *networkReply, const QString &problem)
{
    dropNetworkReply(reply, networkReply);
    stopTimer(reply);
    KubeError error(
        KubeError::Kind::Decode, QStringLiteral("the watch stream cannot be decoded (%1); it was closed").arg(problem));
    error.setReason(QStringLiteral("WatchDecodeError"));
    reply->finishWith(decorate(error, reply->request()));
}

KubeError KubeClientPrivate::withProxyHint(KubeError error) const
{
    if (!proxySource.isEmpty() && proxySource != QLatin1String("proxy-url"))
        error.setHint(QStringLiteral("The proxy comes from %1 in the environment (the cluster entry has no proxy-url). "
                                     "Check it, add the server to NO_PROXY if it needs none, and that the proxy is "
                                     "running.")
                          .arg(proxySource));
    return error;
}

KubeError KubeClientPrivate::transportError(QNetworkReply *networkReply, const QStringList &sslErrors) const
{
    const QString host
        = server.host() + (server.port() > 0 ? QLatin1Char(':') + QString::number(server.port()) : QString());
    KubeError error;
    if (proxyRelay && !proxyRelay->lastError().isEmpty()) {
        switch (networkReply->error()) {
        case QNetworkReply::ProxyConnectionClosedError:
        case QNetworkReply::ProxyConnectionRefusedError:
        case QNetworkReply::RemoteHostClosedError:
        case QNetworkReply::UnknownProxyError:
        case QNetworkReply::UnknownNetworkError:
            error = KubeError(KubeError::Kind::Transport, proxyRelay->lastError());
            error.setReason(QStringLiteral("ProxyError"));
            return withProxyHint(error);
        default:
            break;
        }
    }
    QNetworkReply::NetworkError code = networkReply->error();
    // Qt reports a failed CONNECT tunnel as UnknownNetworkError with a "Proxy ..." text.
    if (!proxyDisplay.isEmpty() && code == QNetworkReply::UnknownNetworkError
        && networkReply->errorString().startsWith(QLatin1String("Proxy")))
        code = QNetworkReply::UnknownProxyError;
    switch (code) {
    case QNetworkReply::ConnectionRefusedError:
        error = KubeError(KubeError::Kind::Transport, QStringLiteral("connection refused by %1").arg(host));
        error.setReason(QStringLiteral("ConnectionRefused"));
        break;
    case QNetworkReply::HostNotFoundError:
        error = KubeError(
            KubeError::Kind::Transport, QStringLiteral("the host name %1 was not found").arg(server.host()));
        error.setReason(QStringLiteral("HostNotFound"));
        break;
    case QNetworkReply::RemoteHostClosedError:
        error = KubeError(KubeError::Kind::Transport, QStringLiteral("%1 closed the connection").arg(host));
        error.setReason(QStringLiteral("ConnectionDropped"));
        break;
    case QNetworkReply::TimeoutError:
        error = KubeError(KubeError::Kind::Timeout, QStringLiteral("%1 did not answer in time").arg(host));
        break;
    case QNetworkReply::SslHandshakeFailedError:
        error = KubeError(KubeError::Kind::Transport,
            QStringLiteral("TLS handshake with %1 failed: %2")
                .arg(host, sslErrors.isEmpty() ? networkReply->errorString() : sslErrors.join(QStringLiteral("; "))));
        error.setReason(QStringLiteral("TlsError"));
        break;
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
    case QNetworkReply::UnknownProxyError:
        error = KubeError(KubeError::Kind::Transport,
            QStringLiteral("the proxy %1 failed: %2")
                .arg(proxyDisplay.isEmpty() ? QStringLiteral("(none)") : proxyDisplay, networkReply->errorString()));
        error.setReason(QStringLiteral("ProxyError"));
        error = withProxyHint(error);
        break;
    default:
        error = KubeError(KubeError::Kind::Transport, redactUrlsInText(networkReply->errorString()));
        error.setReason(QStringLiteral("NetworkError"));
        break;
    }
    return error;
}

void KubeClientPrivate::handleFinished(KubeReply *reply, QNetworkReply *networkReply, KubeWatchDecoder *decoder,
    const QStringList &sslErrors, const KubeCredentials &used)
{
    if (reply->mNetworkReply != networkReply)
        return;
    reply->mNetworkReply.clear();
    networkReply->deleteLater();
    stopTimer(reply);
    if (reply->isFinished())
        return;
    const KubeRequest &request = reply->request();
    const QVariant statusAttribute = networkReply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const int status = statusAttribute.isValid() ? statusAttribute.toInt() : 0;
    reply->mHttpStatus = status;
    reply->mUsedHttp2 = networkReply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool();
    reply->mServerDate = httpDate(networkReply->rawHeader("Date"));
    if (status != 0)
        qCDebug(lcKube).noquote() << request.method() << networkReply->url().path() << "answered" << status << "over"
                                  << reply->httpVersion();
    if (status == 0) {
        const KubeError error = decorate(transportError(networkReply, sslErrors), request);
        retryLater(reply, error);
        return;
    }
    const QByteArray body = networkReply->readAll();
    if (status >= 200 && status < 300) {
        if (decoder) {
            const QList<KubeWatchEvent> events = decoder->feed(body) + decoder->finish();
            const QPointer<KubeReply> guard(reply);
            for (const KubeWatchEvent &event : events) {
                if (!guard || guard->isFinished())
                    return;
                Q_EMIT guard->event(event);
            }
            if (!decoder->error().isEmpty()) {
                KubeError error(KubeError::Kind::Decode,
                    QStringLiteral("the watch stream cannot be decoded (%1); it was closed").arg(decoder->error()));
                error.setReason(QStringLiteral("WatchDecodeError"));
                reply->finishWith(decorate(error, request));
                return;
            }
            if (networkReply->error() != QNetworkReply::NoError) {
                KubeError error = transportError(networkReply, sslErrors);
                error.setReason(QStringLiteral("ConnectionDropped"));
                reply->finishWith(decorate(error, request)); // the watcher resumes; no retry here
                return;
            }
            reply->finishOk(status, {}, {});
            return;
        }
        if (request.streamsBody()) {
            const QPointer<KubeReply> guard(reply);
            if (!body.isEmpty())
                Q_EMIT reply->dataReceived(body);
            if (!guard || guard->isFinished())
                return;
            if (networkReply->error() != QNetworkReply::NoError) {
                KubeError error = transportError(networkReply, sslErrors);
                error.setReason(QStringLiteral("ConnectionDropped"));
                reply->finishWith(decorate(error, request));
                return;
            }
            reply->finishOk(status, {}, {});
            return;
        }
        if (networkReply->error() != QNetworkReply::NoError) {
            retryLater(reply, decorate(transportError(networkReply, sslErrors), request));
            return;
        }
        if (body.size() >= kParseOnWorkerBytes) {
            // A big answer (the list of a kind: tens to hundreds of KB) is parsed on a worker: twenty
            // clusters' first lists arriving together would otherwise take the GUI thread for a long turn.
            WorkerTask::run<ParsedBody>(
                reply, [body] { return parseBody(body); },
                [this, reply, status, body](const ParsedBody &parsed) {
                    if (!reply->isFinished()) // (not aborted meanwhile)
                        finishParsed(reply, status, body, parsed);
                });
            return;
        }
        finishParsed(reply, status, body, parseBody(body));
        return;
    }
    KubeError error = KubeError::fromHttp(status, body);
    const QByteArray retryAfter = networkReply->rawHeader("Retry-After");
    bool ok = false;
    const int retryAfterSeconds = retryAfter.trimmed().toInt(&ok);
    if (ok && retryAfterSeconds >= 0)
        error.setRetryAfterSeconds(retryAfterSeconds);
    error = decorate(error, request);
    if (status == 401 && !reply->mCredentialRefreshed && credentials->invalidate(used)) {
        reply->mCredentialRefreshed = true;
        qCDebug(lcKube) << "401 from" << server.host() << "- asking for fresh credentials once";
        startAttempt(reply);
        return;
    }
    if (status == 401)
        error.setHint(QStringLiteral("The server did not accept the credentials of user \"%1\" (%2). Log in again, "
                                     "or check the user entry in %3.")
                          .arg(resolved.user.name, resolved.user.authKindName(), resolved.user.sourceFile));
    retryLater(reply, error);
}

/// A successful answer must be the object asked for: a `Status` (or any other kind) in place of a Namespace
/// would otherwise be taken for it.
KubeClientPrivate::ParsedBody KubeClientPrivate::parseBody(const QByteArray &body)
{
    ParsedBody parsed;
    if (body.trimmed().isEmpty())
        return parsed;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        parsed.error = parseError.errorString();
        return parsed;
    }
    parsed.json = document.object();
    return parsed;
}

void KubeClientPrivate::finishParsed(KubeReply *reply, int status, const QByteArray &body, const ParsedBody &parsed)
{
    const KubeRequest &request = reply->request();
    if (!parsed.error.isEmpty()) {
        reply->finishWith(
            decorate(KubeError(KubeError::Kind::Decode,
                         QStringLiteral("the answer (HTTP %1) is not a JSON object: %2").arg(status).arg(parsed.error)),
                request));
        return;
    }
    if (const KubeError wrongKind = checkKind(request, parsed.json)) {
        reply->finishWith(decorate(wrongKind, request));
        return;
    }
    reply->finishOk(status, body, parsed.json);
}

KubeError KubeClientPrivate::checkKind(const KubeRequest &request, const QJsonObject &json) const
{
    const QString expected = request.expectedKind();
    const QString kind = json.value(QLatin1String("kind")).toString();
    if (expected.isEmpty() || kind.isEmpty() || kind == expected)
        return {};
    const bool isList = request.verb() == KubeRequest::Verb::List;
    if (isList && kind == QLatin1String("List"))
        return {};
    const bool isDelete
        = request.verb() == KubeRequest::Verb::Delete || request.verb() == KubeRequest::Verb::DeleteCollection;
    if (isDelete && kind == QLatin1String("Status")
        && json.value(QLatin1String("status")).toString() == QLatin1String("Success"))
        return {};
    QString text
        = QStringLiteral("the server answered with a %1 where a %2 was expected").arg(kind.left(100), expected);
    if (kind == QLatin1String("Status")) {
        const QString message = json.value(QLatin1String("message")).toString().left(500);
        if (!message.isEmpty())
            text += QStringLiteral(" (\"%1\")").arg(message);
    }
    KubeError error(KubeError::Kind::Decode, text);
    error.setReason(QStringLiteral("UnexpectedKind"));
    return error;
}

void KubeClientPrivate::retryLater(KubeReply *reply, const KubeError &error)
{
    const KubeRequest &request = reply->request();
    const int retriesDone = reply->mRetries;
    if (!error.isRetryable() || !request.isIdempotent() || request.isWatch() || request.streamsBody()
        || retriesDone >= retry.maxRetries) {
        reply->finishWith(error);
        return;
    }
    reply->mRetries++;
    double delay = double(retry.baseDelayMs) * std::pow(2.0, retriesDone);
    delay *= 0.5 + QRandomGenerator::global()->generateDouble(); // jitter: 50%..150%
    if (error.retryAfterSeconds())
        delay = std::max(delay, double(*error.retryAfterSeconds()) * 1000.0);
    delay = std::min(delay, double(retry.maxDelayMs));
    qCDebug(lcKube).noquote() << "retrying" << request.describe() << "in" << int(delay)
                              << "ms after:" << error.message();
    const QPointer<KubeReply> guard(reply);
    QTimer::singleShot(int(delay), reply, [this, guard] {
        if (guard)
            startAttempt(guard);
    });
}

KubeClient::KubeClient(const KubeConfig &config, const QString &contextName, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<KubeClientPrivate>(this))
{
    d->setUp(config, contextName);
}

KubeClient::~KubeClient()
{
    // Stop every running request before the network manager and the private part go away.
    const QList<KubeReply *> replies = findChildren<KubeReply *>(QString(), Qt::FindDirectChildrenOnly);
    for (KubeReply *reply : replies) {
        reply->disconnect();
        if (reply->mNetworkReply) {
            QNetworkReply *networkReply = reply->mNetworkReply.data();
            reply->mNetworkReply.clear();
            networkReply->disconnect();
            networkReply->abort();
            delete networkReply;
        }
        delete reply;
    }
    if (d->credentials)
        d->credentials->disconnect(this);
}

bool KubeClient::isValid() const
{
    return !d->configError.isError();
}

KubeError KubeClient::configError() const
{
    return d->configError;
}

QString KubeClient::contextName() const
{
    return d->resolved.context.name;
}

QString KubeClient::clusterName() const
{
    return d->resolved.context.cluster;
}

QString KubeClient::userName() const
{
    return d->resolved.context.user;
}

QUrl KubeClient::server() const
{
    return d->server;
}

QString KubeClient::defaultNamespace() const
{
    return d->resolved.context.effectiveNamespace();
}

const KubeConfig::Resolved &KubeClient::resolved() const
{
    return d->resolved;
}

QStringList KubeClient::warnings() const
{
    return d->warnings;
}

void KubeClient::setRateLimit(double qps, int burst)
{
    d->limiter.configure(qps, burst);
}

void KubeClient::setMaxParallelRequests(int count)
{
    d->maxParallel = count;
    d->pump();
}

int KubeClient::maxParallelRequests() const
{
    return d->maxParallel;
}

void KubeClient::setDefaultTimeoutMs(int timeoutMs)
{
    d->defaultTimeoutMs = timeoutMs;
}

int KubeClient::defaultTimeoutMs() const
{
    return d->defaultTimeoutMs;
}

void KubeClient::setRetryPolicy(const RetryPolicy &policy)
{
    d->retry = policy;
}

KubeClient::RetryPolicy KubeClient::retryPolicy() const
{
    return d->retry;
}

void KubeClient::setExecTimeoutMs(int timeoutMs)
{
    d->execTimeoutMs = timeoutMs;
    if (d->credentials)
        d->credentials->setExecTimeoutMs(timeoutMs);
}

void KubeClient::setDesktopLaunched(bool desktopLaunched)
{
    d->desktopLaunched = desktopLaunched;
    if (d->credentials)
        d->credentials->setDesktopLaunched(desktopLaunched);
}

KubeReply *KubeClient::send(const KubeRequest &request)
{
    auto *reply = new KubeReply(request, this);
    if (!isValid()) {
        KubeError error = d->configError;
        error.setOperation(request.describe());
        QTimer::singleShot(0, reply, [reply, error] { reply->finishWith(error); });
        return reply;
    }
    // Start on the next event loop turn: the caller connects to finished() first.
    QTimer::singleShot(0, reply, [this, reply] { d->startAttempt(reply); });
    return reply;
}

KubeReply *KubeClient::get(const KubeResource &resource, const QString &namespaceName, const QString &name)
{
    return send(KubeRequest::get(resource, namespaceName, name));
}

KubeReply *KubeClient::list(
    const KubeResource &resource, const QString &namespaceName, const KubeRequest::ListOptions &options)
{
    return send(KubeRequest::list(resource, namespaceName, options));
}

KubeReply *KubeClient::create(const KubeResource &resource, const QString &namespaceName, const QJsonObject &object,
    const KubeRequest::WriteOptions &options)
{
    return send(KubeRequest::create(resource, namespaceName, object, options));
}

KubeReply *KubeClient::replace(const KubeResource &resource, const QString &namespaceName, const QString &name,
    const QJsonObject &object, const KubeRequest::WriteOptions &options)
{
    return send(KubeRequest::replace(resource, namespaceName, name, object, options));
}

KubeReply *KubeClient::mergePatch(const KubeResource &resource, const QString &namespaceName, const QString &name,
    const QJsonObject &patch, const KubeRequest::WriteOptions &options)
{
    return send(KubeRequest::mergePatch(resource, namespaceName, name, patch, options));
}

KubeReply *KubeClient::jsonPatch(const KubeResource &resource, const QString &namespaceName, const QString &name,
    const QJsonArray &operations, const KubeRequest::WriteOptions &options)
{
    return send(KubeRequest::jsonPatch(resource, namespaceName, name, operations, options));
}

KubeReply *KubeClient::apply(const KubeResource &resource, const QString &namespaceName, const QString &name,
    const QJsonObject &object, const KubeRequest::WriteOptions &options)
{
    return send(KubeRequest::apply(resource, namespaceName, name, object, options));
}

KubeReply *KubeClient::remove(const KubeResource &resource, const QString &namespaceName, const QString &name,
    const KubeRequest::DeleteOptions &options)
{
    return send(KubeRequest::remove(resource, namespaceName, name, options));
}

KubeReply *KubeClient::deleteCollection(const KubeResource &resource, const QString &namespaceName,
    const KubeRequest::ListOptions &selection, const KubeRequest::DeleteOptions &options)
{
    return send(KubeRequest::deleteCollection(resource, namespaceName, selection, options));
}

KubeReply *KubeClient::watch(
    const KubeResource &resource, const QString &namespaceName, const KubeRequest::ListOptions &options)
{
    return send(KubeRequest::watch(resource, namespaceName, options));
}

KubeReply *KubeClient::version()
{
    return send(KubeRequest::raw(QStringLiteral("/version")));
}

void KubeClient::reportRequest(const KubeReply *reply, KubeRequestRecord::Event event)
{
    if (!isSignalConnected(QMetaMethod::fromSignal(&KubeClient::requestObserved)))
        return;
    const KubeRequest &request = reply->request();
    KubeRequestRecord record;
    record.event = event;
    record.verb = request.verb();
    record.method = request.method();
    record.path = request.path();
    record.description = request.describe();
    record.contextName = contextName();
    record.clusterName = clusterName();
    record.httpStatus = reply->httpStatus();
    if (event == KubeRequestRecord::Event::Finished) {
        record.error = reply->error();
        // A watch that the server ended with an ERROR event (then closed, or aborted by its receiver): that reason.
        const bool endedByUs = record.error.kind() == KubeError::Kind::Canceled;
        if (request.isWatch() && (!record.error.isError() || endedByUs) && reply->streamError().isError()) {
            record.error = reply->streamError();
            record.error.setContext(contextName(), clusterName(), d->server.toString());
            record.error.setOperation(request.describe());
        }
    }
    record.durationMs = reply->elapsedMs();
    record.attempts = reply->attempts();
    record.retries = reply->retries();
    record.httpVersion = reply->httpVersion();
    Q_EMIT requestObserved(record);
}
