// SPDX-License-Identifier: GPL-3.0-or-later
// Keys and certificates are decoded off the thread of the client (the GUI's): a client certificate's key on a
// worker of the global thread pool while requests wait, the clusters' certificate authorities with the
// kubeconfig on the loader's worker, an exec plugin's client certificate and key on a worker while requests wait.
// The errors stay those of a decoding on the spot.

#include "fakeapiserver.h"
#include "testpki.h"
#include "waitfor.h"

#include "kube/kubecertificateauthority.h"
#include "kube/kubeclient.h"
#include "kube/kubeconfigloader.h"
#include "kube/kubecredentialprovider.h"

#include <QFile>
#include <QProcess>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

#include <memory>

namespace {
const QByteArray okVersion = R"({"major":"1","minor":"29","gitVersion":"v1.29.0"})";

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

/// Holds the global thread pool's only thread until release(): no worker task runs meanwhile.
class PoolGate
{
public:
    PoolGate()
        : mPool(QThreadPool::globalInstance())
        , mMaxThreads(mPool->maxThreadCount())
    {
        mPool->setMaxThreadCount(1);
        mPool->start([this] {
            mHeld.release();
            mOpen.acquire();
        });
        mHeld.acquire(); // the pool's thread is ours now
    }
    ~PoolGate()
    {
        release();
        mPool->waitForDone();
        mPool->setMaxThreadCount(mMaxThreads);
    }
    void release()
    {
        if (std::exchange(mReleased, true))
            return;
        mOpen.release();
    }

private:
    QThreadPool *mPool;
    int mMaxThreads;
    QSemaphore mHeld;
    QSemaphore mOpen;
    bool mReleased = false;
};
} // namespace

class TestKubeTlsMaterial : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void clientKeyIsDecodedOnAWorker();
    void requestsWaitingForTheKeyShareOneDecoding();
    void brokenClientKeyIsAnAuthError();
    void unreadableClientKeyIsAnAuthError();
    void execClientKeyIsDecodedOnAWorker();
    void brokenExecClientKeyIsAnAuthError();
    void authoritiesDecodedWithTheConfig();
    void brokenAuthorityGivesTheSameErrorDecodedAhead_data();
    void brokenAuthorityGivesTheSameErrorDecodedAhead();
    void loaderDecodesTheAuthorities();

private:
    QString writeConfig(const QString &clusterYaml, const QString &userYaml);
    KubeConfig configFor(const QString &clusterYaml, const QString &userYaml);
    /// A user entry whose exec plugin prints the PEM files `certificate` and `key` as its credential.
    static QString certPluginUser(const QString &certificate, const QString &key);

    QTemporaryDir mDir;
    TestPki mPki;
    FakeApiServer *mServer = nullptr;
    int mConfigCount = 0;
};

void TestKubeTlsMaterial::initTestCase()
{
    QVERIFY(mDir.isValid());
    mPki = TestPki::create(mDir.path());
    if (!mPki.error.isEmpty())
        QSKIP(qPrintable(mPki.error));
}

void TestKubeTlsMaterial::init()
{
    mServer = new FakeApiServer(this);
    mServer->setTls(
        mPki.serverCertificate(), mPki.serverKey(), QSslCertificate::fromData(mPki.read(QStringLiteral("ca.crt"))));
    QVERIFY(mServer->listenLoopback());
    // The server tells who the client certificate names.
    mServer->handler = [](FakeExchange *exchange) {
        const QStringList names = exchange->request.peerCertificate.subjectInfo(QSslCertificate::CommonName);
        exchange->respondJson(200, names.isEmpty() ? okVersion : R"({"user":")" + names.constFirst().toUtf8() + "\"}");
    };
}

void TestKubeTlsMaterial::cleanup()
{
    delete mServer;
    mServer = nullptr;
}

QString TestKubeTlsMaterial::writeConfig(const QString &clusterYaml, const QString &userYaml)
{
    const QString path = mDir.filePath(QStringLiteral("config-%1.yaml").arg(++mConfigCount));
    const QString yaml
        = QStringLiteral("apiVersion: v1\nkind: Config\nclusters:\n- name: test\n  cluster:\n    server: %1\n%2"
                         "users:\n- name: tester\n  user:\n%3"
                         "contexts:\n- name: test\n  context: {cluster: test, user: tester, namespace: n}\n"
                         "current-context: test\n")
              .arg(mServer->url().toString(), clusterYaml, userYaml);
    return writeFile(path, yaml.toUtf8()) ? path : QString();
}

KubeConfig TestKubeTlsMaterial::configFor(const QString &clusterYaml, const QString &userYaml)
{
    KubeConfig::LoadOptions options;
    options.explicitPath = writeConfig(clusterYaml, userYaml);
    return KubeConfig::load(options);
}

QString TestKubeTlsMaterial::certPluginUser(const QString &certificate, const QString &key)
{
    return QStringLiteral("    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n"
                          "      command: %1\n      interactiveMode: Never\n"
                          "      env:\n      - {name: PLUGIN_CERT, value: \"%2\"}\n"
                          "      - {name: PLUGIN_KEY, value: \"%3\"}\n")
        .arg(QStringLiteral(VOLSYNC_TEST_DATA_DIR "/kube/plugins/cert-plugin.sh"), certificate, key);
}

void TestKubeTlsMaterial::clientKeyIsDecodedOnAWorker()
{
    const KubeConfig config = configFor(QStringLiteral("    certificate-authority: ca.crt\n"),
        QStringLiteral("    client-certificate: client.crt\n    client-key: client.key\n"));
    const KubeConfig::Resolved resolved = config.resolve();
    KubeCredentialProvider provider(resolved.user, resolved.cluster);
    QObject receiver;
    bool called = false;
    KubeCredentials got;
    {
        PoolGate gate;
        provider.request(&receiver, [&](const KubeCredentials &credentials, const KubeError &error) {
            QVERIFY2(!error, qPrintable(error.personMessage()));
            got = credentials;
            called = true;
        });
        // The pool's thread is held: had the key been decoded on this thread, the callback would have come.
        QVERIFY(!called);
        QCoreApplication::processEvents();
        QVERIFY(!called);
        gate.release();
        QTRY_VERIFY(called);
    }
    QVERIFY(got.hasClientCertificate());
    QCOMPARE(got.clientCertificateChain.constFirst().subjectInfo(QSslCertificate::CommonName),
        QStringList {QStringLiteral("tester")});

    // And a client presents it: its first request waited for the key.
    KubeClient client(config);
    std::unique_ptr<KubeReply> reply(waitFor(client.version()));
    QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    QCOMPARE(reply->json().value(QLatin1String("user")).toString(), QStringLiteral("tester"));
}

void TestKubeTlsMaterial::requestsWaitingForTheKeyShareOneDecoding()
{
    const KubeConfig config = configFor(QStringLiteral("    certificate-authority: ca.crt\n"),
        QStringLiteral("    client-certificate: client-rsa.crt\n    client-key: client-rsa.key\n"));
    KubeClient first(config);
    KubeClient second(config); // the same user entry: the same provider
    std::unique_ptr<KubeReply> a(waitFor(first.version()));
    std::unique_ptr<KubeReply> b(waitFor(second.version()));
    std::unique_ptr<KubeReply> c(waitFor(first.version()));
    for (const auto *reply : {a.get(), b.get(), c.get()}) {
        QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
        QCOMPARE(reply->json().value(QLatin1String("user")).toString(), QStringLiteral("rsa-tester"));
    }
    const KubeConfig::Resolved resolved = config.resolve();
    QCOMPARE(KubeCredentialProvider::forUser(resolved.user, resolved.cluster)->staticLoadCount(), 1);

    // Several requests while the key is being decoded wait for that one decoding.
    KubeCredentialProvider provider(resolved.user, resolved.cluster);
    QObject receiver;
    int calls = 0;
    {
        PoolGate gate;
        for (int i = 0; i < 3; ++i) {
            provider.request(&receiver, [&calls](const KubeCredentials &credentials, const KubeError &error) {
                QVERIFY(!error);
                QVERIFY(credentials.hasClientCertificate());
                ++calls;
            });
        }
        gate.release();
        QTRY_COMPARE(calls, 3);
    }
    QCOMPARE(provider.staticLoadCount(), 1);
    // Once decoded, the credentials come at once.
    provider.request(&receiver, [&calls](const KubeCredentials &, const KubeError &) { ++calls; });
    QCOMPARE(calls, 4);
    QCOMPARE(provider.staticLoadCount(), 1);
}

void TestKubeTlsMaterial::brokenClientKeyIsAnAuthError()
{
    // PEM-shaped, but not a key; what it holds must not show up in the message.
    const QByteArray body = QByteArrayLiteral("c2VjcmV0LWtleS1tYXRlcmlhbC10aGF0LWlzLW5vdC1hLWtleQ==");
    const QByteArray brokenKey = "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
    KubeClient client(configFor(QStringLiteral("    certificate-authority: ca.crt\n"),
        QStringLiteral("    client-certificate: client.crt\n    client-key-data: %1\n")
            .arg(QString::fromLatin1(brokenKey.toBase64()))));
    QVERIFY(client.isValid());
    std::unique_ptr<KubeReply> reply(waitFor(client.version()));
    QVERIFY(!reply->isOk());
    QCOMPARE(reply->error().kind(), KubeError::Kind::Auth);
    QCOMPARE(reply->error().message(),
        QStringLiteral("user \"tester\": the client key is not a PEM RSA or EC private key (or it is encrypted)"));
    const QString text = reply->error().personMessage();
    QVERIFY(!text.contains(QString::fromLatin1(body)));
    QVERIFY(!text.contains(QString::fromLatin1(brokenKey.toBase64())));
    QVERIFY(mServer->requests.isEmpty());
}

void TestKubeTlsMaterial::unreadableClientKeyIsAnAuthError()
{
    KubeClient client(configFor(QStringLiteral("    certificate-authority: ca.crt\n"),
        QStringLiteral("    client-certificate: client.crt\n    client-key: missing.key\n")));
    std::unique_ptr<KubeReply> reply(waitFor(client.version()));
    QVERIFY(!reply->isOk());
    QCOMPARE(reply->error().kind(), KubeError::Kind::Auth);
    const QString message = reply->error().message();
    QVERIFY2(message.startsWith(QStringLiteral("user \"tester\": cannot read client-key ")), qPrintable(message));
    QVERIFY2(message.contains(mDir.filePath(QStringLiteral("missing.key"))), qPrintable(message));
    QVERIFY(mServer->requests.isEmpty());
}

void TestKubeTlsMaterial::execClientKeyIsDecodedOnAWorker()
{
    const KubeConfig config = configFor(QStringLiteral("    certificate-authority: ca.crt\n"),
        certPluginUser(mPki.path(QStringLiteral("client.crt")), mPki.path(QStringLiteral("client.key"))));
    const KubeConfig::Resolved resolved = config.resolve();
    KubeCredentialProvider provider(resolved.user, resolved.cluster);
    QObject receiver;
    int calls = 0;
    KubeCredentials got;
    {
        PoolGate gate;
        const auto callback = [&](const KubeCredentials &credentials, const KubeError &error) {
            QVERIFY2(!error, qPrintable(error.personMessage()));
            got = credentials;
            ++calls;
        };
        provider.request(&receiver, callback);
        auto *process = provider.findChild<QProcess *>();
        QVERIFY(process);
        // The provider judges the plugin's end in its own slot, connected before this spy.
        QSignalSpy finished(process, &QProcess::finished);
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.constFirst().at(0).toInt(), 0);
        // The pool's thread is held: had the key been decoded in the plugin's end, the callback would have come.
        QCoreApplication::processEvents();
        QCOMPARE(calls, 0);
        // A request meanwhile waits for that credential instead of running the plugin again.
        provider.request(&receiver, callback);
        QCOMPARE(calls, 0);
        gate.release();
        QTRY_COMPARE(calls, 2);
    }
    QCOMPARE(provider.runCount(), 1);
    QVERIFY(got.hasClientCertificate());
    QCOMPARE(got.clientCertificateChain.constFirst().subjectInfo(QSslCertificate::CommonName),
        QStringList {QStringLiteral("tester")});
    QVERIFY(!got.clientKey.isNull());

    // And a client presents it: its first request waited for the plugin and the key.
    KubeClient client(config);
    std::unique_ptr<KubeReply> reply(waitFor(client.version()));
    QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    QCOMPARE(reply->json().value(QLatin1String("user")).toString(), QStringLiteral("tester"));
}

void TestKubeTlsMaterial::brokenExecClientKeyIsAnAuthError()
{
    // PEM-shaped, but not a key; what it holds must not show up in the message.
    const QByteArray body = QByteArrayLiteral("ZXhlYy1zZWNyZXQta2V5LW1hdGVyaWFsLXRoYXQtaXMtbm90LWEta2V5");
    const QString keyPath = mDir.filePath(QStringLiteral("broken-exec.key"));
    QVERIFY(writeFile(keyPath, "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n"));
    KubeClient client(configFor(QStringLiteral("    certificate-authority: ca.crt\n"),
        certPluginUser(mPki.path(QStringLiteral("client.crt")), keyPath)));
    QVERIFY(client.isValid());
    std::unique_ptr<KubeReply> reply(waitFor(client.version()));
    QVERIFY(!reply->isOk());
    QCOMPARE(reply->error().kind(), KubeError::Kind::Auth);
    QCOMPARE(reply->error().message(),
        QStringLiteral("the exec plugin \"%1\" of user \"tester\": the client key is not a PEM RSA or EC private key "
                       "(or it is encrypted)")
            .arg(QStringLiteral(VOLSYNC_TEST_DATA_DIR "/kube/plugins/cert-plugin.sh")));
    QVERIFY(!reply->error().personMessage().contains(QString::fromLatin1(body)));
    QVERIFY(mServer->requests.isEmpty());
}

void TestKubeTlsMaterial::authoritiesDecodedWithTheConfig()
{
    // Two clusters sharing one authority file, one with its own data.
    QVERIFY(QFile::copy(mPki.path(QStringLiteral("ca.crt")), mDir.filePath(QStringLiteral("shared-ca.crt"))));
    const QString yaml
        = QStringLiteral(
            "apiVersion: v1\nkind: Config\nclusters:\n"
            "- {name: a, cluster: {server: \"%1\", certificate-authority: shared-ca.crt}}\n"
            "- {name: b, cluster: {server: \"%1\", certificate-authority: shared-ca.crt}}\n"
            "- {name: c, cluster: {server: \"%1\", certificate-authority-data: %2}}\n"
            "users:\n- {name: u, user: {token: abcd}}\n"
            "contexts:\n- {name: a, context: {cluster: a, user: u}}\n- {name: b, context: {cluster: b, user: u}}\n"
            "- {name: c, context: {cluster: c, user: u}}\ncurrent-context: a\n")
              .arg(mServer->url().toString(), QString::fromLatin1(mPki.read(QStringLiteral("ca.crt")).toBase64()));
    const QString path = mDir.filePath(QStringLiteral("three.yaml"));
    QVERIFY(writeFile(path, yaml.toUtf8()));
    KubeConfig::LoadOptions options;
    options.explicitPath = path;
    KubeConfig config = KubeConfig::load(options);
    QVERIFY(!config.cluster(QStringLiteral("a"))->decodedAuthority);
    config.decodeCertificateAuthorities();
    const auto a = config.cluster(QStringLiteral("a"))->decodedAuthority;
    const auto b = config.cluster(QStringLiteral("b"))->decodedAuthority;
    const auto c = config.cluster(QStringLiteral("c"))->decodedAuthority;
    QVERIFY(a && b && c);
    QCOMPARE(a, b); // decoded once
    QCOMPARE(a->certificates.size(), 1);
    QVERIFY(a->error.isEmpty());
    QCOMPARE(c->certificates, a->certificates);

    // The clients use what was decoded: the file is no longer read.
    QVERIFY(QFile::remove(mDir.filePath(QStringLiteral("shared-ca.crt"))));
    for (const QString &context : {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}) {
        KubeClient client(config, context);
        QVERIFY2(client.isValid(), qPrintable(client.configError().personMessage()));
        std::unique_ptr<KubeReply> reply(waitFor(client.version()));
        QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    }
    // Without the decoding, the client reads the (now missing) file itself.
    KubeClient unprepared(KubeConfig::load(options), QStringLiteral("a"));
    QVERIFY(!unprepared.isValid());
    QVERIFY2(unprepared.configError().message().startsWith(QStringLiteral("cannot read certificate-authority ")),
        qPrintable(unprepared.configError().message()));
}

void TestKubeTlsMaterial::brokenAuthorityGivesTheSameErrorDecodedAhead_data()
{
    QTest::addColumn<QString>("clusterYaml");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not PEM") << QStringLiteral("    certificate-authority-data: %1\n")
                                    .arg(QString::fromLatin1(QByteArrayLiteral("not a certificate").toBase64()))
                             << QStringLiteral(
                                    "the certificate authority of cluster \"test\" holds no PEM certificate");
    QTest::newRow("missing file") << QStringLiteral("    certificate-authority: nowhere.crt\n")
                                  << QStringLiteral("cannot read certificate-authority %1 of cluster \"test\": ")
                                         .arg(mDir.filePath(QStringLiteral("nowhere.crt")));
}

void TestKubeTlsMaterial::brokenAuthorityGivesTheSameErrorDecodedAhead()
{
    QFETCH(QString, clusterYaml);
    QFETCH(QString, expected);
    KubeConfig config = configFor(clusterYaml, QStringLiteral("    token: abcd\n"));
    KubeClient onTheSpot(config);
    config.decodeCertificateAuthorities();
    KubeClient ahead(config);
    for (const KubeClient *client : {&onTheSpot, &ahead}) {
        QVERIFY(!client->isValid());
        QCOMPARE(client->configError().kind(), KubeError::Kind::Config);
        QVERIFY2(client->configError().message().startsWith(expected), qPrintable(client->configError().message()));
    }
    QCOMPARE(ahead.configError().message(), onTheSpot.configError().message());
}

void TestKubeTlsMaterial::loaderDecodesTheAuthorities()
{
    KubeConfig::LoadOptions options;
    options.explicitPath
        = writeConfig(QStringLiteral("    certificate-authority: ca.crt\n"), QStringLiteral("    token: abcd\n"));
    for (const bool decode : {false, true}) {
        KubeConfigLoader loader;
        loader.setDecodeCertificateAuthorities(decode);
        QSignalSpy loaded(&loader, &KubeConfigLoader::loaded);
        loader.start(options);
        QVERIFY(loaded.wait(20000));
        const KubeConfig config = loaded.constFirst().constFirst().value<KubeConfig>();
        const auto authority = config.cluster(QStringLiteral("test"))->decodedAuthority;
        QCOMPARE(bool(authority), decode);
        if (decode)
            QCOMPARE(authority->certificates.size(), 1);
    }
}

QTEST_GUILESS_MAIN(TestKubeTlsMaterial)
#include "test_kubetlsmaterial.moc"
