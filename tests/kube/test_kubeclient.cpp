// SPDX-License-Identifier: GPL-3.0-or-later
// KubeClient over real loopback sockets: TLS and every login method, exec plugins, retries, timeouts,
// cancellation, rate limiting and watch streams, against a small HTTP/1.1 server answering exact bytes.

#include "fakeapiserver.h"
#include "testpki.h"
#include "waitfor.h"

#include "cli/contextscommand.h"
#include "common/appinfo.h"
#include "common/logging.h"
#include "kube/kubeclient.h"
#include "kube/kubecredentialprovider.h"
#include "kube/kubefuture.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QScopeGuard>
#include <QSemaphore>
#include <QSet>
#include <QSignalSpy>
#include <QSslKey>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QTimer>

namespace {
const QByteArray okPod = R"({"kind":"Pod","apiVersion":"v1","metadata":{"name":"p","namespace":"n"}})";

QByteArray statusJson(int code, const char *reason, const char *message)
{
    return QByteArray(R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":")") + message
        + R"(","reason":")" + reason + R"(","code":)" + QByteArray::number(code) + "}";
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

QString pluginPath()
{
    return QStringLiteral(VOLSYNC_TEST_DATA_DIR "/kube/plugins/counting-plugin.sh");
}

int readCount(const QString &dir)
{
    QFile file(dir + QStringLiteral("/count"));
    return file.open(QIODevice::ReadOnly) ? file.readAll().trimmed().toInt() : 0;
}

} // namespace

class TestKubeClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void tokenOverTls();
    void serverWithoutScheme();
    void clientCertificate_data();
    void clientCertificate();
    void wrongCertificateAuthority();
    void insecureSkipTlsVerify();
    void tlsServerName();
    void basicAuthAndHeaders();
    void tokenFileReread();
    void statusErrorsAreValues();
    void retriesOn429And503();
    void noRetryForCreate();
    void retryAfterIsHonoured();
    void timeout();
    void connectionRefused();
    void abort();
    void configErrorReply();
    void rateLimit();
    void parallelRequestLimit_data();
    void parallelRequestLimit();
    void watchStream();
    void watchGone();
    void watchDropped();
    void oversizedAnswersAreRefused();
    void endlessBodyIsCut();
    void wrongKindIsAnError();
    void bigAnswersAreParsedOnAWorker();
    void undecodableWatchEnds();
    void serverPasswordIsRedacted();
    void execPluginRerunOn401();
    void execPluginClusterInfo();
    void execPluginInteractiveTerminal();
    void execPluginOneRunAtATime();
    void execPluginExpiry();
    void execPluginConcurrent401();
    void execPluginClientCertificate();
    void execPluginFailures();
    void execPluginDesktopToolDirs();
    void authProviders();
    void oidcRefreshWritesBack();
    void futureHandle();
    void httpProxy();
    void http2WhereOffered();
    void contextsCheck();

private:
    KubeConfig configFor(const QString &clusterExtra, const QString &userYaml, const QUrl &server = {});

    QTemporaryDir mDir;
    TestPki mPki;
    FakeApiServer *mServer = nullptr;
    int mConfigCount = 0;
};

void TestKubeClient::initTestCase()
{
    QVERIFY(mDir.isValid());
    mPki = TestPki::create(mDir.path());
    if (!mPki.error.isEmpty())
        QSKIP(qPrintable(mPki.error));
}

void TestKubeClient::init()
{
    mServer = new FakeApiServer(this);
    mServer->setTls(QSslCertificate(mPki.read(QStringLiteral("server.crt"))),
        QSslKey(mPki.read(QStringLiteral("server.key")), QSsl::Ec),
        QSslCertificate::fromData(mPki.read(QStringLiteral("ca.crt"))));
    QVERIFY(mServer->listenLoopback());
}

void TestKubeClient::cleanup()
{
    delete mServer;
    mServer = nullptr;
}

KubeConfig TestKubeClient::configFor(const QString &clusterExtra, const QString &userYaml, const QUrl &server)
{
    const QString path = mDir.filePath(QStringLiteral("config-%1.yaml").arg(++mConfigCount));
    QString cluster = clusterExtra;
    if (!cluster.contains(QLatin1String("certificate-authority")) && !cluster.contains(QLatin1String("insecure")))
        cluster += QStringLiteral("    certificate-authority: ca.crt\n");
    const QString yaml
        = QStringLiteral("apiVersion: v1\nkind: Config\nclusters:\n- name: test\n  cluster:\n    server: %1\n%2"
                         "users:\n- name: tester\n  user:\n%3"
                         "contexts:\n- name: test\n  context: {cluster: test, user: tester, namespace: n}\n"
                         "current-context: test\n")
              .arg((server.isEmpty() ? mServer->url() : server).toString(), cluster, userYaml);
    writeFile(path, yaml.toUtf8());
    KubeConfig::LoadOptions options;
    options.explicitPath = path;
    return KubeConfig::load(options);
}

void TestKubeClient::tokenOverTls()
{
    mServer->handler = [](FakeExchange *exchange) {
        if (exchange->request.header("authorization") != "Bearer secret-token-1")
            return exchange->respondJson(401, statusJson(401, "Unauthorized", "Unauthorized"));
        exchange->respondJson(200, okPod);
    };
    KubeClient client(configFor({}, QStringLiteral("    token: secret-token-1\n")));
    QVERIFY2(client.isValid(), qPrintable(client.configError().personMessage()));
    QCOMPARE(client.defaultNamespace(), QStringLiteral("n"));
    KubeReply *reply = waitFor(client.get(KubeResource::pods(), QStringLiteral("n"), QStringLiteral("p")));
    QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    QCOMPARE(reply->httpStatus(), 200);
    QCOMPARE(reply->json().value(QLatin1String("kind")).toString(), QStringLiteral("Pod"));
    QCOMPARE(mServer->requests.size(), 1);
    const FakeRequest &request = mServer->requests.constFirst();
    QCOMPARE(request.path, QStringLiteral("/api/v1/namespaces/n/pods/p"));
    QCOMPARE(request.header("user-agent"), userAgent().toUtf8());
    QVERIFY(request.header("user-agent").contains("linux/"));
    QCOMPARE(request.header("accept"), QByteArray("application/json"));
    delete reply;
}

void TestKubeClient::serverWithoutScheme()
{
    mServer->handler = [](FakeExchange *exchange) { exchange->respondJson(200, okPod); };
    const QString path = mDir.filePath(QStringLiteral("no-scheme.yaml"));
    QVERIFY(writeFile(path,
        QStringLiteral("clusters:\n- {name: c, cluster: {server: \"127.0.0.1:%1\", certificate-authority: "
                       "ca.crt}}\nusers:\n- {name: u, user: {token: abcd}}\n"
                       "contexts:\n- {name: c, context: {cluster: c, user: u}}\ncurrent-context: c\n")
            .arg(mServer->serverPort())
            .toUtf8()));
    KubeConfig::LoadOptions options;
    options.explicitPath = path;
    KubeClient client(KubeConfig::load(options));
    QCOMPARE(client.server().scheme(), QStringLiteral("https"));
    KubeReply *reply = waitFor(client.version());
    QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    delete reply;
}

void TestKubeClient::clientCertificate_data()
{
    QTest::addColumn<QString>("userYaml");
    QTest::addColumn<QString>("commonName");
    QTest::newRow("ec files") << QStringLiteral("    client-certificate: client.crt\n    client-key: client.key\n")
                              << QStringLiteral("tester");
    QTest::newRow("rsa files") << QStringLiteral(
        "    client-certificate: client-rsa.crt\n    client-key: client-rsa.key\n")
                               << QStringLiteral("rsa-tester");
    QTest::newRow("ec data") << QStringLiteral("    client-certificate-data: %1\n    client-key-data: %2\n")
                                    .arg(QString::fromLatin1(mPki.read(QStringLiteral("client.crt")).toBase64()),
                                        QString::fromLatin1(mPki.read(QStringLiteral("client.key")).toBase64()))
                             << QStringLiteral("tester");
}

void TestKubeClient::clientCertificate()
{
    QFETCH(QString, userYaml);
    QFETCH(QString, commonName);
    mServer->handler = [](FakeExchange *exchange) {
        const QStringList names = exchange->request.peerCertificate.subjectInfo(QSslCertificate::CommonName);
        if (names.isEmpty())
            return exchange->respondJson(401, statusJson(401, "Unauthorized", "Unauthorized"));
        exchange->respondJson(200, R"({"user":")" + names.constFirst().toUtf8() + R"("})");
    };
    KubeClient client(configFor({}, userYaml));
    KubeReply *reply = waitFor(client.version());
    QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    QCOMPARE(reply->json().value(QLatin1String("user")).toString(), commonName);
    QVERIFY(mServer->requests.constFirst().header("authorization").isEmpty());
    delete reply;
}

void TestKubeClient::wrongCertificateAuthority()
{
    mServer->handler = [](FakeExchange *exchange) { exchange->respondJson(200, okPod); };
    KubeClient client(
        configFor(QStringLiteral("    certificate-authority: other-ca.crt\n"), QStringLiteral("    token: abcd\n")));
    KubeReply *reply = waitFor(client.version());
    QVERIFY(!reply->isOk());
    QCOMPARE(reply->error().kind(), KubeError::Kind::Transport);
    QCOMPARE(reply->error().reason(), QStringLiteral("TlsError"));
    const QString text = reply->error().personMessage();
    QVERIFY2(text.contains(QStringLiteral("certificate-authority")), qPrintable(text));
    QVERIFY(text.contains(mServer->url().toString()));
    QVERIFY(!text.contains(QStringLiteral("abcd")));
    QVERIFY(mServer->requests.isEmpty());
    delete reply;
}

void TestKubeClient::insecureSkipTlsVerify()
{
    mServer->handler = [](FakeExchange *exchange) { exchange->respondJson(200, okPod); };
    KubeClient client(
        configFor(QStringLiteral("    insecure-skip-tls-verify: true\n"), QStringLiteral("    token: abcd\n")));
    QCOMPARE(client.warnings().size(), 1);
    QVERIFY(client.warnings().constFirst().contains(QStringLiteral("TLS verification is OFF")));
    KubeReply *reply = waitFor(client.version());
    QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    delete reply;
}

void TestKubeClient::tlsServerName()
{
    mServer->handler = [](FakeExchange *exchange) { exchange->respondJson(200, okPod); };
    QUrl byName = mServer->url();
    byName.setHost(QStringLiteral("localhost"));
    {
        // The certificate names localhost and api.internal; connect by IP and verify the name api.internal.
        KubeClient client(
            configFor(QStringLiteral("    tls-server-name: api.internal\n"), QStringLiteral("    token: abcd\n")));
        KubeReply *reply = waitFor(client.version());
        QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
        delete reply;
    }
    {
        KubeClient client(
            configFor(QStringLiteral("    tls-server-name: elsewhere.example\n"), QStringLiteral("    token: abcd\n")));
        KubeReply *reply = waitFor(client.version());
        QVERIFY(!reply->isOk());
        QCOMPARE(reply->error().reason(), QStringLiteral("TlsError"));
        delete reply;
    }
}

void TestKubeClient::basicAuthAndHeaders()
{
    mServer->handler = [](FakeExchange *exchange) {
        exchange->respondJson(200, R"({"kind":"Secret","apiVersion":"v1","metadata":{"name":"s","namespace":"n"}})");
    };
    KubeClient client(configFor(QStringLiteral("    disable-compression: true\n"),
        QStringLiteral("    username: admin\n    password: pa:ss\n    as: jane\n    as-uid: \"42\"\n"
                       "    as-groups: [devs, ops]\n    as-user-extra:\n      scopes: [a, b]\n")));
    KubeWriteOptions options;
    options.dryRun = true;
    options.strictFieldValidation = true;
    options.fieldManager = QStringLiteral("volsync-desktop");
    KubeReply *reply = waitFor(client.create(KubeResource::secrets(), QStringLiteral("n"),
        QJsonObject {{QStringLiteral("kind"), QStringLiteral("Secret")}}, options));
    QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    const FakeRequest &request = mServer->requests.constFirst();
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.header("authorization"), "Basic " + QByteArray("admin:pa:ss").toBase64());
    QCOMPARE(request.header("impersonate-user"), QByteArray("jane"));
    QCOMPARE(request.header("impersonate-uid"), QByteArray("42"));
    QCOMPARE(request.headers.value("impersonate-group"), (QList<QByteArray> {"devs", "ops"}));
    QCOMPARE(request.headers.value("impersonate-extra-scopes"), (QList<QByteArray> {"a", "b"}));
    QCOMPARE(request.header("accept-encoding"), QByteArray("identity"));
    QCOMPARE(request.header("content-type"), QByteArray("application/json"));
    QCOMPARE(request.query.queryItemValue(QStringLiteral("dryRun")), QStringLiteral("All"));
    QCOMPARE(request.query.queryItemValue(QStringLiteral("fieldValidation")), QStringLiteral("Strict"));
    QCOMPARE(QJsonDocument::fromJson(request.body).object().value(QLatin1String("kind")).toString(),
        QStringLiteral("Secret"));
    delete reply;
}

void TestKubeClient::tokenFileReread()
{
    const QString tokenPath = mDir.filePath(QStringLiteral("token-file"));
    QVERIFY(writeFile(tokenPath, "first-token\n"));
    mServer->handler = [](FakeExchange *exchange) { exchange->respondJson(200, okPod); };
    KubeClient client(configFor({}, QStringLiteral("    tokenFile: token-file\n")));
    delete waitFor(client.version());
    QCOMPARE(mServer->requests.last().header("authorization"), QByteArray("Bearer first-token"));
    QTest::qWait(20); // a different modification time
    QVERIFY(writeFile(tokenPath, "second-token"));
    QFile(tokenPath).setFileTime(QDateTime::currentDateTime().addSecs(5), QFileDevice::FileModificationTime);
    delete waitFor(client.version());
    QCOMPARE(mServer->requests.last().header("authorization"), QByteArray("Bearer second-token"));
}

void TestKubeClient::statusErrorsAreValues()
{
    mServer->handler = [](FakeExchange *exchange) {
        exchange->respondJson(404, statusJson(404, "NotFound", "pods \\\"p\\\" not found"));
    };
    KubeClient client(configFor({}, QStringLiteral("    token: abcd\n")));
    KubeReply *reply = waitFor(client.get(KubeResource::pods(), QStringLiteral("n"), QStringLiteral("p")));
    QVERIFY(reply->isFinished());
    QVERIFY(!reply->isOk());
    QVERIFY(reply->error().isNotFound());
    QCOMPARE(reply->httpStatus(), 404);
    QCOMPARE(reply->attempts(), 1);
    QCOMPARE(reply->error().contextName(), QStringLiteral("test"));
    QVERIFY(reply->error().personMessage().contains(
        QStringLiteral("Could not get pods \"p\" in namespace \"n\" on cluster \"test\"")));
    delete reply;
}

void TestKubeClient::retriesOn429And503()
{
    int calls = 0;
    mServer->handler = [&calls](FakeExchange *exchange) {
        ++calls;
        if (calls == 1)
            return exchange->respondJson(429, statusJson(429, "TooManyRequests", "slow down"), {{"Retry-After", "0"}});
        if (calls == 2)
            return exchange->respond(503, "upstream unavailable");
        exchange->respondJson(200, R"({"kind":"PodList","apiVersion":"v1","metadata":{},"items":[]})");
    };
    KubeClient client(configFor({}, QStringLiteral("    token: abcd\n")));
    client.setRetryPolicy({4, 20, 200});
    KubeReply *reply = waitFor(client.list(KubeResource::pods(), QStringLiteral("n")));
    QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    QCOMPARE(reply->attempts(), 3);
    QCOMPARE(calls, 3);
    delete reply;

    // Retries are bounded.
    calls = 0;
    mServer->handler = [&calls](FakeExchange *exchange) {
        ++calls;
        exchange->respond(503, "down");
    };
    client.setRetryPolicy({2, 10, 50});
    reply = waitFor(client.get(KubeResource::pods(), QStringLiteral("n"), QStringLiteral("p")));
    QVERIFY(!reply->isOk());
    QCOMPARE(reply->error().code(), 503);
    QCOMPARE(calls, 3);
    delete reply;
}

void TestKubeClient::noRetryForCreate()
{
    int calls = 0;
    mServer->handler = [&calls](FakeExchange *exchange) {
        ++calls;
        exchange->respondJson(503, statusJson(503, "ServiceUnavailable", "busy"));
    };
    KubeClient client(configFor({}, QStringLiteral("    token: abcd\n")));
    client.setRetryPolicy({4, 10, 50});
    KubeReply *reply = waitFor(client.create(KubeResource::pods(), QStringLiteral("n"), {}));
    QVERIFY(!reply->isOk());
    QCOMPARE(calls, 1);
    QCOMPARE(reply->error().reason(), QStringLiteral("ServiceUnavailable"));
    delete reply;
}

void TestKubeClient::retryAfterIsHonoured()
{
    int calls = 0;
    mServer->handler = [&calls](FakeExchange *exchange) {
        if (++calls == 1)
            return exchange->respondJson(429, statusJson(429, "TooManyRequests", "slow down"), {{"Retry-After", "1"}});
        exchange->respondJson(200, okPod);
    };
    KubeClient client(configFor({}, QStringLiteral("    token: abcd\n")));
    client.setRetryPolicy({3, 10, 5000});
    QElapsedTimer timer;
    timer.start();
    KubeReply *reply = waitFor(client.get(KubeResource::pods(), QStringLiteral("n"), QStringLiteral("p")));
    QVERIFY(reply->isOk());
    QVERIFY2(timer.elapsed() >= 950, qPrintable(QString::number(timer.elapsed())));
    delete reply;
}

void TestKubeClient::timeout()
{
    mServer->handler = [](FakeExchange *) {}; // never answers
    KubeClient client(configFor({}, QStringLiteral("    token: abcd\n")));
    client.setRetryPolicy({1, 10, 10});
    QElapsedTimer timer;
    timer.start();
    KubeReply *reply = waitFor(client.send(
        KubeRequest::get(KubeResource::pods(), QStringLiteral("n"), QStringLiteral("p")).setTimeoutMs(300)));
    QVERIFY(!reply->isOk());
    QCOMPARE(reply->error().kind(), KubeError::Kind::Timeout);
    QVERIFY(reply->error().personMessage().contains(QStringLiteral("did not answer in time")));
    QVERIFY(timer.elapsed() >= 280); // coarse timers may fire a little early
    QTRY_COMPARE(mServer->requests.size(), 1); // timeouts are not retried: the server may be working on it
    delete reply;
}

void TestKubeClient::connectionRefused()
{
    const QUrl url = mServer->url();
    mServer->close();
    KubeClient client(configFor({}, QStringLiteral("    token: abcd\n"), url));
    client.setRetryPolicy({3, 10, 10});
    KubeReply *reply = waitFor(client.version());
    QVERIFY(!reply->isOk());
    QCOMPARE(reply->error().kind(), KubeError::Kind::Transport);
    QCOMPARE(reply->error().reason(), QStringLiteral("ConnectionRefused"));
    QCOMPARE(reply->attempts(), 1);
    QVERIFY(reply->error().personMessage().contains(QStringLiteral("connection refused")));
    delete reply;
}

void TestKubeClient::abort()
{
    mServer->handler = [](FakeExchange *) {};
    KubeClient client(configFor({}, QStringLiteral("    token: abcd\n")));
    KubeReply *reply = client.get(KubeResource::pods(), QStringLiteral("n"), QStringLiteral("p"));
    reply->setAutoDelete(false);
    QSignalSpy finished(reply, &KubeReply::finished);
    QTRY_COMPARE(mServer->requests.size(), 1);
    reply->abort();
    QCOMPARE(finished.size(), 1);
    QCOMPARE(reply->error().kind(), KubeError::Kind::Canceled);
    reply->abort();
    QTest::qWait(50);
    QCOMPARE(finished.size(), 1);
    delete reply;

    // Auto-delete: the reply goes away after finished.
    QPointer<KubeReply> autoReply = client.get(KubeResource::pods(), QStringLiteral("n"), QStringLiteral("p"));
    QTRY_COMPARE(mServer->requests.size(), 2);
    autoReply->abort();
    QTRY_VERIFY(autoReply.isNull());
}

void TestKubeClient::configErrorReply()
{
    KubeConfig::LoadOptions options;
    options.explicitPath = QStringLiteral(VOLSYNC_TEST_DATA_DIR "/kube/corpus/broken-context/config");
    KubeClient client(KubeConfig::load(options));
    QVERIFY(!client.isValid());
    QVERIFY(client.configError().message().contains(QStringLiteral("ghost")));
    KubeReply *reply = client.version();
    reply->setAutoDelete(false);
    QVERIFY(!reply->isFinished()); // never finishes inside the call
    waitFor(reply);
    QCOMPARE(reply->error().kind(), KubeError::Kind::Config);
    delete reply;
}

void TestKubeClient::rateLimit()
{
    mServer->handler = [](FakeExchange *exchange) { exchange->respondJson(200, okPod); };
    KubeClient client(configFor({}, QStringLiteral("    token: abcd\n")));
    client.setRateLimit(10, 2);
    QElapsedTimer timer;
    timer.start();
    QList<KubeReply *> replies;
    for (int i = 0; i < 5; ++i) {
        replies.append(client.version());
        replies.last()->setAutoDelete(false);
    }
    for (KubeReply *reply : replies)
        waitFor(reply);
    // 2 at once, then one every 100 ms.
    QVERIFY2(timer.elapsed() >= 280, qPrintable(QString::number(timer.elapsed())));
    qDeleteAll(replies);
}

void TestKubeClient::parallelRequestLimit_data()
{
    QTest::addColumn<int>("limit");
    QTest::addColumn<int>("expectedAtOnce");
    QTest::newRow("default") << int(KubeClient::DefaultMaxParallelRequests)
                             << int(KubeClient::DefaultMaxParallelRequests);
    QTest::newRow("two") << 2 << 2;
    QTest::newRow("Qt's own (6 connections)") << 0 << 6; // shows that the test sees a missing limit
}

// Ordinary requests beyond the limit wait for one to end, so that no more than `limit` HTTP/1.1 connections are
// opened to the server; watches have connections of their own and do not count.
void TestKubeClient::parallelRequestLimit()
{
    QFETCH(int, limit);
    QFETCH(int, expectedAtOnce);
    QList<QPointer<FakeExchange>> pending;
    QList<QPointer<FakeExchange>> streams;
    int mostPending = 0;
    mServer->handler = [&](FakeExchange *exchange) {
        if (exchange->request.query.queryItemValue(QStringLiteral("watch")) == QLatin1String("true")) {
            streams.append(exchange);
            exchange->startChunked(200);
            return;
        }
        pending.append(exchange); // answered by the test, a batch at a time
        mostPending = std::max(mostPending, int(pending.size()));
    };
    KubeClient client(configFor({}, QStringLiteral("    token: abcd\n")));
    if (limit != int(KubeClient::DefaultMaxParallelRequests))
        client.setMaxParallelRequests(limit);
    KubeListOptions watchOptions;
    watchOptions.timeoutSeconds = 60;
    QList<KubeReply *> watches;
    for (int i = 0; i < 2; ++i) {
        watches.append(client.watch(KubeResource::pods(), QStringLiteral("n%1").arg(i), watchOptions));
        watches.last()->setAutoDelete(false);
    }
    QTRY_COMPARE(streams.size(), 2);
    constexpr int total = 13;
    QList<KubeReply *> replies;
    for (int i = 0; i < total; ++i) {
        replies.append(client.get(KubeResource::pods(), QStringLiteral("n"), QStringLiteral("p%1").arg(i)));
        replies.last()->setAutoDelete(false);
    }
    int answered = 0;
    QList<QSet<QString>> batches;
    while (answered < total) {
        // Exactly as many as allowed arrive (or the rest, at the end); none more until one is answered.
        QTRY_COMPARE_WITH_TIMEOUT(int(pending.size()), std::min(expectedAtOnce, total - answered), 20000);
        const QList<QPointer<FakeExchange>> batch = std::exchange(pending, {});
        batches.append(QSet<QString>());
        for (const QPointer<FakeExchange> &exchange : batch) {
            QVERIFY(exchange);
            batches.last().insert(exchange->request.path.section(QLatin1Char('/'), -1));
            exchange->respondJson(200, okPod);
            ++answered;
        }
    }
    for (KubeReply *reply : std::as_const(replies)) {
        waitFor(reply);
        QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    }
    if (limit > 0) {
        // The waiting requests went out in the order they were made.
        for (int b = 0; b < batches.size(); ++b) {
            QSet<QString> expected;
            for (int i = b * expectedAtOnce; i < std::min(total, (b + 1) * expectedAtOnce); ++i)
                expected.insert(QStringLiteral("p%1").arg(i));
            QCOMPARE(batches.at(b), expected);
        }
    }
    QCOMPARE(mostPending, expectedAtOnce);
    // Connections: one per watch, and no more than the limit for the rest.
    QVERIFY2(mServer->connections <= 2 + expectedAtOnce, qPrintable(QString::number(mServer->connections)));
    QVERIFY(!watches.at(0)->isFinished() && !watches.at(1)->isFinished()); // the streams were never held up
    qDeleteAll(replies);
    qDeleteAll(watches);
}

void TestKubeClient::watchStream()
{
    const QByteArray events
        = R"({"type":"ADDED","object":{"metadata":{"name":"a","namespace":"n","resourceVersion":"5"}}})"
          "\n"
          R"({"type":"MODIFIED","object":{"metadata":{"name":"a","namespace":"n","resourceVersion":"6"}}})"
          "\n"
          R"({"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"7"}}})"
          "\n"
          R"({"type":"DELETED","object":{"metadata":{"name":"a","namespace":"n","resourceVersion":"8"}}})"
          "\n";
    QPointer<FakeExchange> stream;
    mServer->handler = [&stream](FakeExchange *exchange) {
        stream = exchange;
        exchange->startChunked(200);
    };
    KubeClient client(configFor({}, QStringLiteral("    token: abcd\n")));
    KubeListOptions options;
    options.resourceVersion = QStringLiteral("4");
    options.allowWatchBookmarks = true;
    options.timeoutSeconds = 30;
    KubeReply *reply = client.watch(KubeResource::pods(), QStringLiteral("n"), options);
    reply->setAutoDelete(false);
    QSignalSpy eventSpy(reply, &KubeReply::event);
    QTRY_VERIFY(stream);
    QCOMPARE(mServer->requests.constFirst().query.queryItemValue(QStringLiteral("watch")), QStringLiteral("true"));
    // The first event split over three chunks, the rest in one chunk.
    stream->sendChunk(events.left(10));
    stream->sendChunk(events.mid(10, 30));
    QTest::qWait(50);
    QCOMPARE(eventSpy.size(), 0);
    stream->sendChunk(events.mid(40));
    QTRY_COMPARE(eventSpy.size(), 4);
    const auto type = [&eventSpy](int i) { return eventSpy.at(i).at(0).value<KubeWatchEvent>().type; };
    QCOMPARE(type(0), KubeWatchEvent::Type::Added);
    QCOMPARE(type(1), KubeWatchEvent::Type::Modified);
    QCOMPARE(type(2), KubeWatchEvent::Type::Bookmark);
    QCOMPARE(type(3), KubeWatchEvent::Type::Deleted);
    QVERIFY(!reply->isFinished());
    stream->endChunks();
    waitFor(reply);
    QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    delete reply;
}

void TestKubeClient::watchGone()
{
    mServer->handler = [](FakeExchange *exchange) {
        exchange->respondJson(410, statusJson(410, "Expired", "too old resource version: 1 (230)"));
    };
    KubeClient client(configFor({}, QStringLiteral("    token: abcd\n")));
    KubeReply *reply = waitFor(client.watch(KubeResource::pods(), QStringLiteral("n")));
    QVERIFY(!reply->isOk());
    QVERIFY(reply->error().isGone());
    QCOMPARE(mServer->requests.size(), 1); // watches are never retried by the client
    delete reply;
}

void TestKubeClient::watchDropped()
{
    mServer->handler = [](FakeExchange *exchange) {
        exchange->startChunked(200);
        exchange->sendChunk(R"({"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"5"}}})"
                            "\n");
        QTimer::singleShot(100, exchange, [exchange] { exchange->drop(); });
    };
    KubeClient client(configFor({}, QStringLiteral("    token: abcd\n")));
    KubeReply *reply = client.watch(KubeResource::pods(), QStringLiteral("n"));
    reply->setAutoDelete(false);
    QSignalSpy eventSpy(reply, &KubeReply::event);
    waitFor(reply);
    QCOMPARE(eventSpy.size(), 1);
    QVERIFY(!reply->isOk());
    QCOMPARE(reply->error().kind(), KubeError::Kind::Transport);
    delete reply;
}

void TestKubeClient::oversizedAnswersAreRefused()
{
    // Announced by Content-Length: refused before the body is read.
    const QByteArray big = R"({"kind":"Pod","metadata":{"name":"p"},"data":")" + QByteArray(200000, 'x') + R"("})";
    mServer->handler = [&big](FakeExchange *exchange) { exchange->respondJson(200, big); };
    KubeClient client(configFor({}, QStringLiteral("    token: abcd\n")));
    KubeReply *reply = waitFor(client.send(
        KubeRequest::get(KubeResource::pods(), QStringLiteral("n"), QStringLiteral("p")).setMaxResponseBytes(100000)));
    QVERIFY(!reply->isOk());
    QCOMPARE(reply->error().reason(), QStringLiteral("ResponseTooLarge"));
    QVERIFY2(reply->error().personMessage().contains(QLatin1String("larger than")),
        qPrintable(reply->error().personMessage()));
    QCOMPARE(mServer->requests.size(), 1); // not retried: the same answer would come again
    delete reply;
    // The defaults are bounds far above real objects and lists.
    QCOMPARE(KubeRequest::get(KubeResource::pods(), {}, {}).maxResponseBytes(), qint64(16) * 1024 * 1024);
    QCOMPARE(KubeRequest::list(KubeResource::pods(), {}).maxResponseBytes(), qint64(256) * 1024 * 1024);
}

void TestKubeClient::endlessBodyIsCut()
{
    // Chunked, without a length: cut once the bound is reached, long before the timeout.
    QPointer<FakeExchange> stream;
    mServer->handler = [&stream](FakeExchange *exchange) {
        stream = exchange;
        exchange->startChunked(200);
        exchange->sendChunk(R"({"kind":"Pod","data":")");
    };
    KubeClient client(configFor({}, QStringLiteral("    token: abcd\n")));
    KubeReply *reply = client.send(
        KubeRequest::get(KubeResource::pods(), QStringLiteral("n"), QStringLiteral("p")).setMaxResponseBytes(300000));
    reply->setAutoDelete(false);
    QSignalSpy finished(reply, &KubeReply::finished);
    QTRY_VERIFY(stream);
    const QByteArray chunk(16384, 'y');
    // Keep sending until the client gives up; each round lets the event loop deliver what was sent.
    QVERIFY(QTest::qWaitFor(
        [&] {
            if (!finished.isEmpty() || !stream)
                return !finished.isEmpty();
            stream->sendChunk(chunk);
            return false;
        },
        60000));
    QCOMPARE(reply->error().reason(), QStringLiteral("ResponseTooLarge"));
    QCOMPARE(reply->error().kind(), KubeError::Kind::Decode);
    delete reply;
}

void TestKubeClient::wrongKindIsAnError()
{
    mServer->handler = [](FakeExchange *exchange) {
        if (exchange->request.path.endsWith(QLatin1String("/good")))
            return exchange->respondJson(200, R"({"kind":"Namespace","apiVersion":"v1","metadata":{"name":"good"}})");
        if (exchange->request.path.contains(QLatin1String("/pods/")))
            return exchange->respondJson(
                200, R"({"kind":"Status","apiVersion":"v1","status":"Success","message":"fooled you"})");
        exchange->respondJson(200, statusJson(200, "Whatever", "a Status is not a namespace"));
    };
    KubeClient client(configFor({}, QStringLiteral("    token: abcd\n")));
    KubeReply *reply = waitFor(client.get(KubeResource::namespaces(), {}, QStringLiteral("bad")));
    QVERIFY(!reply->isOk());
    QCOMPARE(reply->error().reason(), QStringLiteral("UnexpectedKind"));
    QVERIFY2(reply->error().personMessage().contains(QLatin1String("a Status where a Namespace was expected")),
        qPrintable(reply->error().personMessage()));
    delete reply;
    reply = waitFor(client.get(KubeResource::namespaces(), {}, QStringLiteral("good")));
    QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    delete reply;
    // A delete may answer with a Status of Success; a get may not.
    reply = waitFor(client.remove(KubeResource::pods(), QStringLiteral("n"), QStringLiteral("p")));
    QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    delete reply;
    reply = waitFor(client.get(KubeResource::pods(), QStringLiteral("n"), QStringLiteral("p")));
    QCOMPARE(reply->error().reason(), QStringLiteral("UnexpectedKind"));
    delete reply;
}

void TestKubeClient::bigAnswersAreParsedOnAWorker()
{
    // A list of 400 pods (about 40 KB) and a big answer that is not JSON: both take the worker's way (16 KB on).
    QByteArray list = R"({"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"77"},"items":[)";
    for (int i = 0; i < 400; ++i) {
        if (i > 0)
            list += ',';
        list += R"({"metadata":{"name":"pod-)" + QByteArray::number(i) + R"(","namespace":"n"}})";
    }
    list += "]}";
    QVERIFY(list.size() > 16 * 1024);
    const QByteArray garbage = "<html>" + QByteArray(20 * 1024, 'x') + "</html>";
    mServer->handler = [&](FakeExchange *exchange) {
        if (exchange->request.path.endsWith(QLatin1String("/pods")))
            return exchange->respondJson(200, list);
        exchange->respondJson(200, garbage);
    };
    KubeClient client(configFor({}, QStringLiteral("    token: abcd\n")));
    KubeReply *reply = waitFor(client.list(KubeResource::pods(), QStringLiteral("n")));
    QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    const QList<QJsonObject> items = reply->items();
    QCOMPARE(items.size(), qsizetype(400));
    QCOMPARE(items.constLast().value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString(),
        QStringLiteral("pod-399"));
    QCOMPARE(reply->resourceVersion(), QStringLiteral("77"));
    delete reply;
    reply = waitFor(client.get(KubeResource::pods(), QStringLiteral("n"), QStringLiteral("p")));
    QCOMPARE(reply->error().kind(), KubeError::Kind::Decode);
    QVERIFY2(
        reply->error().message().contains(QLatin1String("is not a JSON object")), qPrintable(reply->error().message()));
    delete reply;
    // On a worker indeed: with the pool's only thread held, the answer is in but the reply waits for it.
    QThreadPool *pool = QThreadPool::globalInstance();
    const int threads = pool->maxThreadCount();
    pool->setMaxThreadCount(1);
    QSemaphore hold;
    QSemaphore held;
    const auto holdPool = [&] {
        pool->start([&] {
            held.release();
            hold.acquire();
        });
        held.acquire();
    };
    holdPool();
    reply = client.list(KubeResource::pods(), QStringLiteral("n"));
    reply->setAutoDelete(false);
    QSignalSpy finished(reply, &KubeReply::finished);
    QTRY_COMPARE(reply->httpStatus(), 200);
    QCOMPARE(finished.size(), 0);
    hold.release();
    QTRY_COMPARE(finished.size(), 1);
    QVERIFY(reply->isOk());
    QCOMPARE(reply->items().size(), qsizetype(400));
    delete reply;
    // Aborted while the worker parses: finished once, as canceled; the parsed answer is dropped.
    holdPool();
    reply = client.list(KubeResource::pods(), QStringLiteral("n"));
    reply->setAutoDelete(false);
    QSignalSpy aborted(reply, &KubeReply::finished);
    QTRY_COMPARE(reply->httpStatus(), 200);
    reply->abort();
    QCOMPARE(aborted.size(), 1);
    QCOMPARE(reply->error().kind(), KubeError::Kind::Canceled);
    hold.release();
    pool->waitForDone();
    QCoreApplication::processEvents();
    QCOMPARE(aborted.size(), 1);
    QCOMPARE(reply->error().kind(), KubeError::Kind::Canceled);
    delete reply;
    pool->setMaxThreadCount(threads);
}

void TestKubeClient::undecodableWatchEnds()
{
    QPointer<FakeExchange> stream;
    mServer->handler = [&stream](FakeExchange *exchange) {
        stream = exchange;
        exchange->startChunked(200);
        exchange->sendChunk(R"({"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"5"}}})"
                            "\n");
    };
    KubeClient client(configFor({}, QStringLiteral("    token: abcd\n")));
    KubeListOptions options;
    options.timeoutSeconds = 60;
    KubeReply *reply = client.watch(KubeResource::pods(), QStringLiteral("n"), options);
    reply->setAutoDelete(false);
    QSignalSpy eventSpy(reply, &KubeReply::event);
    QSignalSpy finished(reply, &KubeReply::finished);
    QTRY_COMPARE(eventSpy.size(), 1);
    QVERIFY(stream);
    stream->sendChunk(QByteArray("\x8f\x01garbage\xff{{{\n", 15));
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(eventSpy.size(), 1);
    QCOMPARE(reply->error().reason(), QStringLiteral("WatchDecodeError"));
    delete reply;

    // Random bytes without a newline end the watch at the event bound instead of growing without end.
    stream.clear();
    KubeReply *second = client.send(
        KubeRequest::watch(KubeResource::pods(), QStringLiteral("n"), options).setMaxResponseBytes(200000));
    second->setAutoDelete(false);
    QSignalSpy secondFinished(second, &KubeReply::finished);
    QTRY_VERIFY(stream);
    const QByteArray noise(16384, 'z');
    QVERIFY(QTest::qWaitFor(
        [&] {
            if (!secondFinished.isEmpty() || !stream)
                return !secondFinished.isEmpty();
            stream->sendChunk(noise);
            return false;
        },
        60000));
    QCOMPARE(second->error().reason(), QStringLiteral("WatchDecodeError"));
    delete second;
}

void TestKubeClient::serverPasswordIsRedacted()
{
    mServer->handler = [](FakeExchange *exchange) { exchange->respondJson(503, statusJson(503, "X", "down")); };
    QUrl server = mServer->url();
    server.setUserName(QStringLiteral("admin"));
    server.setPassword(QStringLiteral("hunter2-secret"));
    const KubeConfig config = configFor({}, QStringLiteral("    token: abcd\n"), server);
    KubeClient client(config);
    client.setRetryPolicy({0, 1, 1});
    KubeReply *reply = waitFor(client.version());
    QVERIFY(!reply->isOk());
    const QString message = reply->error().personMessage();
    QVERIFY2(!message.contains(QLatin1String("hunter2-secret")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("admin:<redacted>@")), qPrintable(message));
    delete reply;
    // What `volsyncctl contexts` prints, as a table and as JSON.
    const QJsonArray rows = ContextsCommand::contextsJson(config, {});
    QVERIFY(!QJsonDocument(rows).toJson().contains("hunter2-secret"));
    QVERIFY(!ContextsCommand::contextsTable(rows, false).contains(QLatin1String("hunter2-secret")));
    QVERIFY(ContextsCommand::contextsTable(rows, false).contains(QLatin1String("<redacted>")));
    // What `-v` prints for each request (the request line names the server).
    static QStringList logged;
    logged.clear();
    const QtMessageHandler testHandler = qInstallMessageHandler(
        [](QtMsgType, const QMessageLogContext &, const QString &message) { logged.append(message); });
    setVerboseLogging(true);
    delete waitFor(client.version());
    setVerboseLogging(false);
    qInstallMessageHandler(testHandler);
    const QString verbose = logged.join(QLatin1Char('\n'));
    QVERIFY2(verbose.contains(QLatin1String("/version")), qPrintable(verbose));
    QVERIFY2(!verbose.contains(QLatin1String("hunter2-secret")), qPrintable(verbose));
}

void TestKubeClient::execPluginRerunOn401()
{
    QTemporaryDir state;
    QByteArray accepted = "token-2";
    mServer->handler = [&accepted](FakeExchange *exchange) {
        if (exchange->request.header("authorization") != "Bearer " + accepted)
            return exchange->respondJson(401, statusJson(401, "Unauthorized", "Unauthorized"));
        exchange->respondJson(200, okPod);
    };
    const QString user = QStringLiteral(
        "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: %1\n"
        "      args: [--flag, \"two words\"]\n      interactiveMode: Never\n"
        "      provideClusterInfo: true\n      env:\n      - {name: PLUGIN_STATE_DIR, value: \"%2\"}\n")
                             .arg(pluginPath(), state.path());
    KubeClient client(configFor({}, user));
    QVERIFY2(client.isValid(), qPrintable(client.configError().message()));
    KubeReply *reply = waitFor(client.get(KubeResource::pods(), QStringLiteral("n"), QStringLiteral("p")));
    QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    QCOMPARE(readCount(state.path()), 2); // token-1 was refused: one rerun
    delete reply;

    // Cached: no new run.
    reply = waitFor(client.get(KubeResource::pods(), QStringLiteral("n"), QStringLiteral("p")));
    QVERIFY(reply->isOk());
    QCOMPARE(readCount(state.path()), 2);
    delete reply;

    // A server that keeps refusing: exactly one rerun, then the 401 is the answer.
    accepted = "never";
    reply = waitFor(client.get(KubeResource::pods(), QStringLiteral("n"), QStringLiteral("p")));
    QVERIFY(reply->error().isUnauthorized());
    QCOMPARE(readCount(state.path()), 3);
    QVERIFY(reply->error().personMessage().contains(QStringLiteral("exec")));
    delete reply;

    // What the plugin got: arguments as a list (no shell), and KUBERNETES_EXEC_INFO with the cluster.
    QFile args(state.filePath(QStringLiteral("args-1.txt")));
    QVERIFY(args.open(QIODevice::ReadOnly));
    QCOMPARE(args.readAll(), QByteArray("--flag\ntwo words\n"));
    QFile info(state.filePath(QStringLiteral("exec-info-1.json")));
    QVERIFY(info.open(QIODevice::ReadOnly));
    const QJsonObject execInfo = QJsonDocument::fromJson(info.readAll()).object();
    QCOMPARE(execInfo.value(QLatin1String("kind")).toString(), QStringLiteral("ExecCredential"));
    QCOMPARE(execInfo.value(QLatin1String("apiVersion")).toString(), QStringLiteral("client.authentication.k8s.io/v1"));
    const QJsonObject spec = execInfo.value(QLatin1String("spec")).toObject();
    QCOMPARE(spec.value(QLatin1String("interactive")).toBool(true), false);
    QCOMPARE(spec.value(QLatin1String("cluster")).toObject().value(QLatin1String("server")).toString(),
        mServer->url().toString());
    QVERIFY(!spec.value(QLatin1String("cluster"))
                 .toObject()
                 .value(QLatin1String("certificate-authority-data"))
                 .toString()
                 .isEmpty());
}

void TestKubeClient::execPluginClusterInfo()
{
    mServer->handler = [](FakeExchange *exchange) { exchange->respondJson(200, okPod); };
    const QString user
        = QStringLiteral("    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: %1\n"
                         "      interactiveMode: Never\n      provideClusterInfo: true\n      env:\n      - {name: "
                         "PLUGIN_STATE_DIR, value: \"%2\"}\n");
    const QString extensions
        = QStringLiteral("    tls-server-name: api.internal\n"
                         "    extensions:\n"
                         "    - name: other\n      extension: {not: for-the-plugin}\n"
                         "    - name: client.authentication.k8s.io/exec\n"
                         "      extension:\n"
                         "        audience: volsync\n        retries: 3\n        verbose: true\n        id: \"007\"\n"
                         "        scopes: [a, b]\n        nested: {ratio: 0.5, none: null}\n");
    const auto execInfo = [](const QString &dir) {
        QFile info(dir + QStringLiteral("/exec-info-1.json"));
        return info.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(info.readAll()).object() : QJsonObject();
    };
    {
        QTemporaryDir state;
        KubeClient client(configFor(extensions, user.arg(pluginPath(), state.path())));
        QVERIFY2(client.isValid(), qPrintable(client.configError().message()));
        KubeReply *reply = waitFor(client.version());
        QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
        delete reply;
        const QJsonObject cluster
            = execInfo(state.path()).value(QLatin1String("spec")).toObject().value(QLatin1String("cluster")).toObject();
        QCOMPARE(cluster.value(QLatin1String("server")).toString(), mServer->url().toString());
        QCOMPARE(cluster.value(QLatin1String("tls-server-name")).toString(), QStringLiteral("api.internal"));
        // certificate-authority (a file) is passed as its data, base64 like Go's []byte.
        QCOMPARE(cluster.value(QLatin1String("certificate-authority-data")).toString().toLatin1(),
            mPki.read(QStringLiteral("ca.crt")).toBase64());
        QVERIFY(!cluster.contains(QLatin1String("certificate-authority")));
        const QJsonObject expected = QJsonDocument::fromJson(R"({"audience":"volsync","retries":3,"verbose":true,
            "id":"007","scopes":["a","b"],"nested":{"ratio":0.5,"none":null}})")
                                         .object();
        QCOMPARE(cluster.value(QLatin1String("config")).toObject(), expected);
        QVERIFY(!QJsonDocument(cluster).toJson().contains("for-the-plugin"));
    }
    {
        // Without the extension there is no config.
        QTemporaryDir state;
        KubeClient client(configFor({}, user.arg(pluginPath(), state.path())));
        KubeReply *reply = waitFor(client.version());
        QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
        delete reply;
        const QJsonObject cluster
            = execInfo(state.path()).value(QLatin1String("spec")).toObject().value(QLatin1String("cluster")).toObject();
        QCOMPARE(cluster.value(QLatin1String("server")).toString(), mServer->url().toString());
        QVERIFY(!cluster.contains(QLatin1String("config")));
    }
}

void TestKubeClient::execPluginInteractiveTerminal()
{
    // volsyncctl on a real pseudo-terminal (util-linux `script`): the plugin prompts on the terminal and
    // reads the token the "user" types; without a terminal, Always is a clear error and IfAvailable runs
    // the plugin without input.
    const QString script = QStandardPaths::findExecutable(QStringLiteral("script"));
    QVERIFY2(!script.isEmpty(), "util-linux script (Debian essential) is needed");
    mServer->handler = [](FakeExchange *exchange) {
        if (exchange->request.header("authorization") != "Bearer typed-at-the-terminal")
            return exchange->respondJson(401, statusJson(401, "Unauthorized", "Unauthorized"));
        exchange->respondJson(200, R"({"major":"1","minor":"30","gitVersion":"v1.30.2"})");
    };
    QTemporaryDir state;
    // Two users with the same plugin: volsyncctl checks both contexts at once, their plugins share the terminal.
    const auto user = [&state](const QString &name, const QString &mode) {
        return QStringLiteral("- name: %1\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                              "      command: %2\n      interactiveMode: %3\n"
                              "      env:\n      - {name: PLUGIN_STATE_DIR, value: \"%4\"}\n"
                              "      - {name: PLUGIN_USER, value: %1}\n")
            .arg(name, QStringLiteral(VOLSYNC_TEST_DATA_DIR "/kube/plugins/interactive-plugin.sh"), mode, state.path());
    };
    const auto configWith = [&](const QString &mode) {
        const QString path = mDir.filePath(QStringLiteral("interactive-%1.yaml").arg(mode));
        writeFile(path,
            QStringLiteral("clusters:\n- {name: c, cluster: {server: \"%1\", certificate-authority: ca.crt}}\n"
                           "users:\n%2%3"
                           "contexts:\n- {name: c, context: {cluster: c, user: u}}\n"
                           "- {name: d, context: {cluster: c, user: v}}\ncurrent-context: c\n")
                .arg(mServer->url().toString(), user(QStringLiteral("u"), mode), user(QStringLiteral("v"), mode))
                .toUtf8());
        return path;
    };
    const auto execInfoSpec = [&] {
        QFile info(state.filePath(QStringLiteral("exec-info.json")));
        return info.open(QIODevice::ReadOnly)
            ? QJsonDocument::fromJson(info.readAll()).object().value(QLatin1String("spec")).toObject()
            : QJsonObject();
    };
    const QStringList checkArguments {QStringLiteral("contexts"), QStringLiteral("--check"), QStringLiteral("-o"),
        QStringLiteral("json"), QStringLiteral("--timeout"), QStringLiteral("30")};
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("KUBECONFIG"), QStringLiteral("/nonexistent"));

    {
        // On a terminal: interactive. `script -qec CMD /dev/null` runs CMD on a new pseudo-terminal and
        // passes our writes to it as typed input.
        const QString command
            = QStringLiteral("'%1' --kubeconfig '%2' %3")
                  .arg(QStringLiteral(VOLSYNC_BIN_DIR "/volsyncctl"), configWith(QStringLiteral("IfAvailable")),
                      checkArguments.join(QLatin1Char(' ')));
        QProcess process;
        process.setProcessEnvironment(environment);
        process.start(script, {QStringLiteral("-qec"), command, QStringLiteral("/dev/null")});
        QVERIFY(process.waitForStarted(10000));
        process.write("typed-at-the-terminal\ntyped-at-the-terminal\n"); // one answer for each plugin
        QSignalSpy finished(&process, &QProcess::finished);
        QVERIFY(finished.wait(60000)); // the event loop keeps the fake server answering meanwhile
        const QByteArray terminal = process.readAll();
        QVERIFY2(process.exitCode() == 0, terminal.constData());
        QVERIFY2(terminal.contains("Token for the test cluster: "), terminal.constData()); // stderr on the terminal
        QVERIFY2(terminal.count("v1.30.2") == 2, terminal.constData());
        // The two plugins took turns on the terminal.
        QFile runs(state.filePath(QStringLiteral("runs")));
        QVERIFY(runs.open(QIODevice::ReadOnly));
        QCOMPARE(runs.readAll(), QByteArray("run\nrun\n"));
        QVERIFY2(!QFile::exists(state.filePath(QStringLiteral("overlap"))), "two interactive plugins ran at once");
        QCOMPARE(execInfoSpec().value(QLatin1String("interactive")).toBool(false), true);
        QVERIFY(!mServer->requests.isEmpty());
        QCOMPARE(mServer->requests.constLast().header("authorization"), QByteArray("Bearer typed-at-the-terminal"));
    }
    QFile::remove(state.filePath(QStringLiteral("exec-info.json")));
    mServer->requests.clear();
    {
        // No terminal, interactiveMode Always: a clear error, the plugin never runs.
        QProcess process;
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(VOLSYNC_BIN_DIR "/volsyncctl"),
            QStringList {QStringLiteral("--kubeconfig"), configWith(QStringLiteral("Always"))} + checkArguments);
        process.closeWriteChannel();
        QSignalSpy finished(&process, &QProcess::finished);
        QVERIFY(finished.wait(60000));
        QCOMPARE(process.exitCode(), 1);
        const QJsonArray rows = QJsonDocument::fromJson(process.readAllStandardOutput()).array();
        QCOMPARE(rows.size(), 2);
        const QString error = rows.at(0).toObject().value(QLatin1String("checkError")).toString();
        QVERIFY2(error.contains(QStringLiteral("needs an interactive terminal")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("interactive-plugin.sh")), qPrintable(error));
        QVERIFY(!QFile::exists(state.filePath(QStringLiteral("exec-info.json"))));
        QVERIFY(mServer->requests.isEmpty());
    }
    {
        // No terminal, IfAvailable: the plugin runs without input (and here gets no token that works).
        QProcess process;
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(VOLSYNC_BIN_DIR "/volsyncctl"),
            QStringList {QStringLiteral("--kubeconfig"), configWith(QStringLiteral("IfAvailable"))} + checkArguments);
        process.write("typed-at-the-terminal\n"); // never reaches the plugin: its stdin is /dev/null
        process.closeWriteChannel();
        QSignalSpy finished(&process, &QProcess::finished);
        QVERIFY(finished.wait(60000));
        QCOMPARE(process.exitCode(), 1);
        QCOMPARE(execInfoSpec().value(QLatin1String("interactive")).toBool(true), false);
        QVERIFY(!mServer->requests.isEmpty());
        QCOMPARE(mServer->requests.constFirst().header("authorization"), QByteArray("Bearer no-input"));
    }
}

void TestKubeClient::execPluginOneRunAtATime()
{
    QTemporaryDir state;
    mServer->handler = [](FakeExchange *exchange) { exchange->respondJson(200, okPod); };
    const QString user
        = QStringLiteral("    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: %1\n"
                         "      env:\n      - {name: PLUGIN_STATE_DIR, value: \"%2\"}\n"
                         "      - {name: PLUGIN_SLEEP, value: \"0.3\"}\n"
                         "      - {name: PLUGIN_API_VERSION, value: client.authentication.k8s.io/v1beta1}\n")
              .arg(pluginPath(), state.path());
    const KubeConfig config = configFor({}, user);
    // Two clients of the same user entry share the plugin run.
    KubeClient first(config);
    KubeClient second(config);
    QList<KubeReply *> replies;
    for (int i = 0; i < 4; ++i) {
        replies.append(first.version());
        replies.append(second.version());
        replies.at(replies.size() - 2)->setAutoDelete(false);
        replies.last()->setAutoDelete(false);
    }
    for (KubeReply *reply : replies) {
        waitFor(reply);
        QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    }
    QCOMPARE(readCount(state.path()), 1);
    for (const FakeRequest &request : std::as_const(mServer->requests))
        QCOMPARE(request.header("authorization"), QByteArray("Bearer token-1"));
    qDeleteAll(replies);
}

void TestKubeClient::execPluginConcurrent401()
{
    // Six requests at once get 401 for token-1: together they cause one rerun, not six.
    QTemporaryDir state;
    mServer->handler = [](FakeExchange *exchange) {
        if (exchange->request.header("authorization") != "Bearer token-2")
            return exchange->respondJson(401, statusJson(401, "Unauthorized", "Unauthorized"));
        exchange->respondJson(200, okPod);
    };
    const QString user
        = QStringLiteral("    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: %1\n"
                         "      interactiveMode: Never\n"
                         "      env:\n      - {name: PLUGIN_STATE_DIR, value: \"%2\"}\n")
              .arg(pluginPath(), state.path());
    KubeClient client(configFor({}, user));
    QList<KubeReply *> replies;
    for (int i = 0; i < 6; ++i) {
        replies.append(client.version());
        replies.last()->setAutoDelete(false);
    }
    for (KubeReply *reply : std::as_const(replies)) {
        waitFor(reply);
        QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    }
    QCOMPARE(readCount(state.path()), 2);
    qDeleteAll(replies);
}

void TestKubeClient::execPluginClientCertificate()
{
    mServer->handler = [](FakeExchange *exchange) {
        const QStringList names = exchange->request.peerCertificate.subjectInfo(QSslCertificate::CommonName);
        if (names.isEmpty() || !exchange->request.header("authorization").isEmpty())
            return exchange->respondJson(401, statusJson(401, "Unauthorized", "Unauthorized"));
        exchange->respondJson(200, R"({"user":")" + names.constFirst().toUtf8() + R"("})");
    };
    const QString user = QStringLiteral("    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n"
                                        "      command: %1\n"
                                        "      env:\n      - {name: PLUGIN_CERT, value: \"%2\"}\n"
                                        "      - {name: PLUGIN_KEY, value: \"%3\"}\n")
                             .arg(QStringLiteral(VOLSYNC_TEST_DATA_DIR "/kube/plugins/cert-plugin.sh"),
                                 mPki.path(QStringLiteral("client.crt")), mPki.path(QStringLiteral("client.key")));
    KubeClient client(configFor({}, user));
    KubeReply *reply = waitFor(client.version());
    QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    QCOMPARE(reply->json().value(QLatin1String("user")).toString(), QStringLiteral("tester"));
    delete reply;
}

void TestKubeClient::execPluginExpiry()
{
    QTemporaryDir state;
    mServer->handler = [](FakeExchange *exchange) { exchange->respondJson(200, okPod); };
    // Long enough for the two calls below even on a busy machine (whole seconds: 7..8 s).
    const QDateTime expiresAt = QDateTime::currentDateTimeUtc().addSecs(8);
    const QString expiry = expiresAt.toString(Qt::ISODate);
    const QString user
        = QStringLiteral("    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: %1\n"
                         "      interactiveMode: IfAvailable\n"
                         "      env:\n      - {name: PLUGIN_STATE_DIR, value: \"%2\"}\n"
                         "      - {name: PLUGIN_EXPIRY, value: \"%3\"}\n")
              .arg(pluginPath(), state.path(), expiry);
    KubeClient client(configFor({}, user));
    delete waitFor(client.version());
    delete waitFor(client.version());
    QCOMPARE(readCount(state.path()), 1);
    // Wait for exactly the state asserted next: the credential has expired.
    QVERIFY(QTest::qWaitFor([&] { return QDateTime::currentDateTimeUtc() > expiresAt; }, 20000));
    delete waitFor(client.version());
    QCOMPARE(readCount(state.path()), 2);
    QCOMPARE(mServer->requests.last().header("authorization"), QByteArray("Bearer token-2"));
}

void TestKubeClient::execPluginFailures()
{
    QTemporaryDir state;
    mServer->handler = [](FakeExchange *exchange) { exchange->respondJson(200, okPod); };
    {
        const QString user
            = QStringLiteral("    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: %1\n"
                             "      interactiveMode: Never\n"
                             "      env:\n      - {name: PLUGIN_STATE_DIR, value: \"%2\"}\n"
                             "      - {name: PLUGIN_FAIL, value: \"1\"}\n")
                  .arg(pluginPath(), state.path());
        KubeClient client(configFor({}, user));
        KubeReply *reply = waitFor(client.version());
        QCOMPARE(reply->error().kind(), KubeError::Kind::Auth);
        QVERIFY2(reply->error().message().contains(QStringLiteral("exit code 3: plugin failed on purpose")),
            qPrintable(reply->error().message()));
        delete reply;
    }
    {
        const QString user
            = QStringLiteral("    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: %1\n"
                             "      interactiveMode: Never\n"
                             "      env:\n      - {name: PLUGIN_STATE_DIR, value: \"%2\"}\n"
                             "      - {name: PLUGIN_SLEEP, value: \"120\"}\n")
                  .arg(pluginPath(), state.path());
        KubeClient client(configFor({}, user));
        client.setExecTimeoutMs(300);
        // The plugin would sleep for 2 minutes, longer than waitFor waits: an answer at all means it was stopped.
        KubeReply *reply = waitFor(client.version());
        QCOMPARE(reply->error().kind(), KubeError::Kind::Timeout);
        QCOMPARE(reply->error().reason(), QStringLiteral("ExecPluginTimeout"));
        const QString message = reply->error().personMessage();
        QVERIFY2(
            message.contains(QStringLiteral("of user \"tester\" did not finish within 0.3 s")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("context \"")) || message.contains(QStringLiteral("on cluster \"")),
            qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("in a terminal to see what it waits for")), qPrintable(message));
        QVERIFY2(!message.contains(QStringLiteral("The server did not answer in time")), qPrintable(message));
        delete reply;
    }
    {
        const QString user
            = QStringLiteral("    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                             "      command: volsync-no-such-plugin\n      interactiveMode: Never\n"
                             "      installHint: \"Install it:\\n  apt install plugin\\u001b[31m now\"\n");
        KubeClient client(configFor({}, user));
        client.setDesktopLaunched(false);
        KubeReply *reply = waitFor(client.version());
        QCOMPARE(reply->error().kind(), KubeError::Kind::Auth);
        const QString message = reply->error().message();
        QVERIFY2(
            message.contains(QStringLiteral("\"volsync-no-such-plugin\" of user \"tester\" was not found on PATH")),
            qPrintable(message));
        QVERIFY(message.contains(QStringLiteral("Install it:\n  apt install plugin[31m now")));
        QVERIFY(!message.contains(QChar(0x1b)));
        QVERIFY(mServer->requests.isEmpty());
        delete reply;
    }
    {
        const QString user = QStringLiteral("    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                                            "      command: volsync-needs-terminal\n      interactiveMode: Always\n");
        KubeClient client(configFor({}, user));
        KubeReply *reply = waitFor(client.version());
        QVERIFY(reply->error().message().contains(QStringLiteral("interactive terminal")));
        delete reply;
    }
}

void TestKubeClient::execPluginDesktopToolDirs()
{
    // A bare command name that is not on PATH but in ~/.local/bin (HOME is private to this test).
    QTemporaryDir state;
    const QString binDir = QDir::homePath() + QStringLiteral("/.local/bin");
    QVERIFY(QDir().mkpath(binDir));
    const QString installed = binDir + QStringLiteral("/volsync-test-login");
    QFile::remove(installed);
    QVERIFY(QFile::copy(pluginPath(), installed));
    QFile(installed).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    mServer->handler = [](FakeExchange *exchange) { exchange->respondJson(200, okPod); };
    const QString user = QStringLiteral("    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                                        "      command: volsync-test-login\n      interactiveMode: Never\n"
                                        "      env:\n      - {name: PLUGIN_STATE_DIR, value: \"%1\"}\n")
                             .arg(state.path());
    {
        KubeClient client(configFor({}, user));
        client.setDesktopLaunched(false);
        KubeReply *reply = waitFor(client.version());
        QVERIFY(reply->error().message().contains(QStringLiteral("not found on PATH")));
        delete reply;
    }
    {
        KubeClient client(configFor({}, user + QStringLiteral("      installHint: desktop\n")));
        client.setDesktopLaunched(true);
        QSignalSpy warnings(&client, &KubeClient::warning);
        KubeReply *reply = waitFor(client.version());
        QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
        QCOMPARE(warnings.size(), 1);
        QVERIFY(warnings.at(0).at(0).toString().contains(binDir));
        delete reply;
    }
    QFile::remove(installed);
}

void TestKubeClient::authProviders()
{
    mServer->handler = [](FakeExchange *exchange) {
        if (exchange->request.header("authorization") != "Bearer eyJhbGciOiJub25lIn0.eyJleHAiOjQxMDI0NDQ4MDB9.c2ln")
            return exchange->respondJson(401, statusJson(401, "Unauthorized", "Unauthorized"));
        exchange->respondJson(200, okPod);
    };
    {
        // An oidc id-token valid until 2100 is used as it is.
        KubeClient client(configFor({},
            QStringLiteral("    auth-provider:\n      name: oidc\n      config:\n"
                           "        id-token: eyJhbGciOiJub25lIn0.eyJleHAiOjQxMDI0NDQ4MDB9.c2ln\n"
                           "        client-id: k\n")));
        KubeReply *reply = waitFor(client.version());
        QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
        delete reply;
    }
    {
        // Expired (exp=1) without a refresh token: log in again.
        KubeClient client(configFor({},
            QStringLiteral("    auth-provider:\n      name: oidc\n      config:\n"
                           "        id-token: eyJhbGciOiJub25lIn0.eyJleHAiOjF9.c2ln\n")));
        KubeReply *reply = waitFor(client.version());
        QCOMPARE(reply->error().kind(), KubeError::Kind::Auth);
        QVERIFY(reply->error().message().contains(QStringLiteral("expired")));
        delete reply;
    }
    for (const auto &[name, replacement] :
        {std::pair {"gcp", "gke-gcloud-auth-plugin"}, std::pair {"azure", "kubelogin"}}) {
        KubeClient client(
            configFor({}, QStringLiteral("    auth-provider:\n      name: %1\n").arg(QLatin1String(name))));
        KubeReply *reply = waitFor(client.version());
        QCOMPARE(reply->error().kind(), KubeError::Kind::Auth);
        QVERIFY2(reply->error().message().contains(QLatin1String(replacement)), qPrintable(reply->error().message()));
        delete reply;
    }
}

void TestKubeClient::oidcRefreshWritesBack()
{
    const QByteArray freshToken = "eyJhbGciOiJub25lIn0.eyJleHAiOjQxMDI0NDQ4MDB9.bmV3";
    const QString issuer = mServer->url().toString() + QStringLiteral("/issuer");
    mServer->handler = [&](FakeExchange *exchange) {
        const FakeRequest &request = exchange->request;
        if (request.path == QLatin1String("/issuer/.well-known/openid-configuration"))
            return exchange->respondJson(200,
                QJsonDocument(QJsonObject {{QStringLiteral("issuer"), issuer},
                                  {QStringLiteral("token_endpoint"), QString(issuer + QStringLiteral("/token"))}})
                    .toJson(QJsonDocument::Compact));
        if (request.path == QLatin1String("/issuer/token")) {
            const QUrlQuery form(QString::fromLatin1(request.body));
            if (request.method != "POST"
                || form.queryItemValue(QStringLiteral("grant_type")) != QLatin1String("refresh_token")
                || form.queryItemValue(QStringLiteral("refresh_token")) != QLatin1String("refresh-1")
                || form.queryItemValue(QStringLiteral("client_id")) != QLatin1String("kube"))
                return exchange->respondJson(400, R"({"error":"invalid_grant","error_description":"bad refresh"})");
            return exchange->respondJson(200, R"({"id_token":")" + freshToken + R"(","refresh_token":"refresh-2"})");
        }
        if (request.header("authorization") != "Bearer " + freshToken)
            return exchange->respondJson(401, statusJson(401, "Unauthorized", "Unauthorized"));
        exchange->respondJson(200, okPod);
    };
    const KubeConfig config = configFor({},
        QStringLiteral("    auth-provider:\n      name: oidc\n      config:\n"
                       "        client-id: kube\n"
                       "        id-token: eyJhbGciOiJub25lIn0.eyJleHAiOjF9.b2xk\n"
                       "        refresh-token: refresh-1\n"
                       "        idp-issuer-url: %1\n"
                       "        idp-certificate-authority: %2\n")
            .arg(issuer, mPki.path(QStringLiteral("ca.crt"))));
    KubeClient client(config);
    KubeReply *reply = waitFor(client.version());
    QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    delete reply;
    // Written back to the file that defined the user, and the rest of the file is still there.
    KubeConfig::LoadOptions options;
    options.explicitPath = config.files().constFirst();
    const KubeConfig reloaded = KubeConfig::load(options);
    const auto user = reloaded.user(QStringLiteral("tester"));
    QVERIFY(user && user->authProvider);
    QCOMPARE(user->authProvider->config.value(QStringLiteral("id-token")).toUtf8(), freshToken);
    QCOMPARE(user->authProvider->config.value(QStringLiteral("refresh-token")), QStringLiteral("refresh-2"));
    QCOMPARE(user->authProvider->config.value(QStringLiteral("client-id")), QStringLiteral("kube"));
    QCOMPARE(reloaded.currentContext(), QStringLiteral("test"));
    QVERIFY(reloaded.resolve().isValid());
}

void TestKubeClient::httpProxy()
{
    // The proxy answers itself: a success proves the request went through it (kube.invalid never resolves).
    FakeApiServer proxy;
    QVERIFY(proxy.listenLoopback());
    proxy.handler = [](FakeExchange *exchange) { exchange->respondJson(200, R"({"gitVersion":"v1.31.0"})"); };
    const QString path = mDir.filePath(QStringLiteral("proxy-config"));
    QVERIFY(writeFile(path,
        QStringLiteral("clusters:\n- {name: c, cluster: {server: \"http://kube.invalid:6443\", proxy-url: "
                       "\"%1\"}}\nusers:\n- {name: u, user: {token: proxied}}\n"
                       "contexts:\n- {name: c, context: {cluster: c, user: u}}\ncurrent-context: c\n")
            .arg(proxy.url().toString())
            .toUtf8()));
    KubeConfig::LoadOptions options;
    options.explicitPath = path;
    KubeClient client(KubeConfig::load(options));
    QVERIFY2(client.isValid(), qPrintable(client.configError().message()));
    KubeReply *reply = waitFor(client.version());
    QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    QCOMPARE(proxy.requests.size(), 1);
    QCOMPARE(proxy.requests.constFirst().target, QByteArray("http://kube.invalid:6443/version"));
    QCOMPARE(proxy.requests.constFirst().header("authorization"), QByteArray("Bearer proxied"));
    delete reply;
}

void TestKubeClient::http2WhereOffered()
{
    // HTTP/1.1 from a server without HTTP/2 (the fake server, like the simulator).
    mServer->handler = [](FakeExchange *exchange) { exchange->respondJson(200, R"({"gitVersion":"v1.30.2"})"); };
    {
        KubeClient client(configFor({}, QStringLiteral("    token: abcd\n")));
        KubeReply *reply = waitFor(client.version());
        QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
        QVERIFY(!reply->usedHttp2());
        QCOMPARE(reply->httpVersion(), QStringLiteral("HTTP/1.1"));
        delete reply;
    }

    // HTTP/2 from nghttpd (Debian's nghttp2-server, in packaging/debian-packages.txt), which speaks h2 over
    // TLS only and serves files from a directory.
    const QString nghttpd = QStandardPaths::findExecutable(QStringLiteral("nghttpd"));
    if (nghttpd.isEmpty()) {
        if (qEnvironmentVariableIsSet("CI"))
            QFAIL("nghttpd (package nghttp2-server) is not installed; `make deps` installs it");
        QSKIP("nghttpd (package nghttp2-server) is not installed");
    }
    const QString htdocs = mDir.filePath(QStringLiteral("htdocs"));
    QVERIFY(QDir().mkpath(htdocs + QStringLiteral("/api/v1")));
    QVERIFY(writeFile(htdocs + QStringLiteral("/version"), R"({"major":"1","minor":"31","gitVersion":"v1.31.0-h2"})"));
    QVERIFY(writeFile(htdocs + QStringLiteral("/api/v1/namespaces"),
        R"({"kind":"NamespaceList","apiVersion":"v1","metadata":{"resourceVersion":"7"},)"
        R"("items":[{"metadata":{"name":"default"}},{"metadata":{"name":"volsync-system"}}]})"));
    quint16 port = 0;
    {
        QTcpServer probe; // a free port for nghttpd
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    QProcess server;
    server.setProcessChannelMode(QProcess::MergedChannels);
    server.start(nghttpd,
        {QStringLiteral("--address=127.0.0.1"), QStringLiteral("--htdocs=") + htdocs, QString::number(port),
            mPki.path(QStringLiteral("server.key")), mPki.path(QStringLiteral("server.crt"))});
    QVERIFY2(server.waitForStarted(10000), qPrintable(server.errorString()));
    const auto stopServer = qScopeGuard([&server] {
        server.terminate();
        if (!server.waitForFinished(5000))
            server.kill();
        server.waitForFinished(5000);
    });
    const auto listening = [port] {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        return socket.waitForConnected(1000);
    };
    QTRY_VERIFY2_WITH_TIMEOUT(listening(), qPrintable(QString::fromLocal8Bit(server.readAll())), 20000);

    QUrl url = mServer->url();
    url.setPort(port);
    KubeClient client(configFor({}, QStringLiteral("    token: abcd\n"), url));
    KubeReply *reply = waitFor(client.version());
    QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    QVERIFY(reply->usedHttp2());
    QCOMPARE(reply->httpVersion(), QStringLiteral("HTTP/2"));
    QCOMPARE(reply->json().value(QLatin1String("gitVersion")).toString(), QStringLiteral("v1.31.0-h2"));
    delete reply;
    reply = waitFor(client.list(KubeResource::namespaces(), {}));
    QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    QVERIFY(reply->usedHttp2());
    QCOMPARE(reply->items().size(), 2);
    QCOMPARE(reply->resourceVersion(), QStringLiteral("7"));
    delete reply;
}

void TestKubeClient::futureHandle()
{
    mServer->handler = [](FakeExchange *exchange) {
        if (exchange->request.path.endsWith(QLatin1String("/missing")))
            return exchange->respondJson(404, statusJson(404, "NotFound", "missing"));
        exchange->respondJson(200, okPod);
    };
    KubeClient client(configFor({}, QStringLiteral("    token: abcd\n")));
    QFuture<KubeResult> ok = kubeFuture(client.get(KubeResource::pods(), QStringLiteral("n"), QStringLiteral("p")));
    QFuture<KubeResult> missing
        = kubeFuture(client.get(KubeResource::pods(), QStringLiteral("n"), QStringLiteral("missing")));
    QString chained;
    ok.then(
        this, [&chained](const KubeResult &result) { chained = result.json.value(QLatin1String("kind")).toString(); });
    QTRY_VERIFY(ok.isFinished() && missing.isFinished());
    QVERIFY(ok.result().isOk());
    QCOMPARE(ok.result().httpStatus, 200);
    QVERIFY(missing.result().error.isNotFound());
    QTRY_COMPARE(chained, QStringLiteral("Pod"));

    // A reply destroyed before it finishes cancels its future.
    mServer->handler = [](FakeExchange *) {};
    KubeReply *hanging = client.version();
    QFuture<KubeResult> canceled = kubeFuture(hanging);
    delete hanging;
    QVERIFY(canceled.isCanceled());
}

void TestKubeClient::contextsCheck()
{
    mServer->handler = [](FakeExchange *exchange) {
        if (exchange->request.path == QLatin1String("/version"))
            return exchange->respondJson(200, R"({"major":"1","minor":"30","gitVersion":"v1.30.2"})");
        exchange->respondJson(404, statusJson(404, "NotFound", "no"));
    };
    FakeApiServer closed;
    QVERIFY(closed.listenLoopback());
    const QUrl closedUrl = closed.url();
    closed.close();
    const QString path = mDir.filePath(QStringLiteral("check-config"));
    QVERIFY(writeFile(path,
        QStringLiteral("clusters:\n"
                       "- {name: up, cluster: {server: \"%1\", certificate-authority: ca.crt}}\n"
                       "- {name: down, cluster: {server: \"%2\"}}\n"
                       "users:\n- {name: u, user: {token: check-token}}\n"
                       "contexts:\n- {name: up, context: {cluster: up, user: u}}\n"
                       "- {name: down, context: {cluster: down, user: u}}\n"
                       "- {name: broken, context: {cluster: ghost, user: u}}\n"
                       "current-context: up\n")
            .arg(mServer->url().toString(), closedUrl.toString())
            .toUtf8()));
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("KUBECONFIG"), QStringLiteral("/nonexistent"));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(VOLSYNC_BIN_DIR "/volsyncctl"),
        {QStringLiteral("--kubeconfig"), path, QStringLiteral("contexts"), QStringLiteral("--check"),
            QStringLiteral("-o"), QStringLiteral("json"), QStringLiteral("--timeout"), QStringLiteral("5")});
    QSignalSpy finished(&process, &QProcess::finished);
    QVERIFY(finished.wait(30000)); // the event loop keeps the fake server answering meanwhile
    QCOMPARE(process.exitCode(), 1); // not every context answered
    const QJsonArray rows = QJsonDocument::fromJson(process.readAllStandardOutput()).array();
    QCOMPARE(rows.size(), 3);
    QCOMPARE(rows.at(0).toObject().value(QLatin1String("name")).toString(), QStringLiteral("broken"));
    QVERIFY(rows.at(0).toObject().value(QLatin1String("checkError")).toString().contains(QStringLiteral("ghost")));
    QCOMPARE(rows.at(1).toObject().value(QLatin1String("name")).toString(), QStringLiteral("down"));
    QVERIFY(rows.at(1)
                .toObject()
                .value(QLatin1String("checkError"))
                .toString()
                .contains(QStringLiteral("connection refused")));
    QVERIFY(rows.at(1).toObject().value(QLatin1String("version")).isNull());
    QCOMPARE(rows.at(2).toObject().value(QLatin1String("name")).toString(), QStringLiteral("up"));
    QCOMPARE(rows.at(2).toObject().value(QLatin1String("version")).toString(), QStringLiteral("v1.30.2"));
    QVERIFY(rows.at(2).toObject().value(QLatin1String("current")).toBool());
    QVERIFY(mServer->requests.size() >= 1);
    QCOMPARE(mServer->requests.constFirst().header("authorization"), QByteArray("Bearer check-token"));
}

QTEST_GUILESS_MAIN(TestKubeClient)
#include "test_kubeclient.moc"
