// SPDX-License-Identifier: GPL-3.0-or-later
// The client through proxies, over real loopback sockets in front of the in-process simulator: an https://
// proxy (TLS to the proxy, CONNECT and credentials inside), its failures as clear errors, and the proxy from
// HTTPS_PROXY/NO_PROXY. The server is named kind.sim.test, which only the test proxy can resolve.

#include "simfixture.h"
#include "testconnectproxy.h"
#include "testpki.h"
#include "waitfor.h"

#include "kube/kubeclient.h"
#include "kube/kubetlsproxyrelay.h"

#include "sim/simcluster.h"
#include "sim/simulator.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include <utility>

namespace {
const char kProxyUser[] = "proxy-jane";
const char kProxyPassword[] = "pr0xy:p@ss";

/// Sets (or, with an empty value, unsets) an environment variable for one scope.
class ScopedEnv
{
public:
    ScopedEnv(const char *name, const QByteArray &value)
        : mName(name)
        , mHad(qEnvironmentVariableIsSet(name))
        , mOld(qgetenv(name))
    {
        if (value.isEmpty())
            qunsetenv(name);
        else
            qputenv(name, value);
    }
    ~ScopedEnv()
    {
        if (mHad)
            qputenv(mName, mOld);
        else
            qunsetenv(mName);
    }
    ScopedEnv(const ScopedEnv &) = delete;
    ScopedEnv &operator=(const ScopedEnv &) = delete;

private:
    const char *mName;
    bool mHad;
    QByteArray mOld;
};
} // namespace

class TestKubeProxy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();

    void tlsProxy();
    void tlsProxyUntrusted();
    void tlsProxyUnreachable();
    void relayRefusesStrangers();
    void tlsProxyForHttpServer();
    void httpProxyCredentials();
    void proxyFromEnvironment();
    void noProxyFromEnvironment();

private:
    /// A kubeconfig for the simulator by the name kind.sim.test; `extraCa` is added to the cluster's CA.
    KubeConfig config(const QString &proxyUrl, const QByteArray &extraCa = {});
    static QString displayProxy(quint16 port) { return QStringLiteral("https://127.0.0.1:%1").arg(port); }

    QTemporaryDir mDir;
    TestPki mPki;
    std::unique_ptr<SimFixture> mSim;
    SimCluster *mCluster = nullptr;
    // No proxy variables from the machine running the tests.
    ScopedEnv mHttpsUpper {"HTTPS_PROXY", {}};
    ScopedEnv mHttpsLower {"https_proxy", {}};
    ScopedEnv mNoUpper {"NO_PROXY", {}};
    ScopedEnv mNoLower {"no_proxy", {}};
};

void TestKubeProxy::initTestCase()
{
    QVERIFY(mDir.isValid());
    QVERIFY(QDir().mkpath(mDir.filePath(QStringLiteral("pki"))));
    mPki = TestPki::create(mDir.filePath(QStringLiteral("pki")));
    if (!mPki.error.isEmpty())
        QSKIP(qPrintable(mPki.error));
    SimFixture::Options options;
    options.tokens = "proxied-token,alice,uid-alice,\"system:masters\"\n";
    options.simulator.clusters = {QStringLiteral("kind")};
    options.simulator.stateDir = mDir.filePath(QStringLiteral("sim"));
    mSim = std::make_unique<SimFixture>(options);
    QString error;
    if (!mSim->start(&error))
        QFAIL(qPrintable(error));
    mCluster = mSim->cluster(QStringLiteral("kind"));
    QVERIFY(mCluster);
}

void TestKubeProxy::cleanupTestCase()
{
    mCluster = nullptr;
    mSim.reset();
}

void TestKubeProxy::init()
{
    QVERIFY(mCluster);
}

KubeConfig TestKubeProxy::config(const QString &proxyUrl, const QByteArray &extraCa)
{
    static int counter = 0;
    const QString path = mDir.filePath(QStringLiteral("config-%1.yaml").arg(++counter));
    QFile file(path);
    file.open(QIODevice::WriteOnly);
    // The simulator's certificate names 127.0.0.1 and localhost: verify it as localhost.
    file.write(QStringLiteral("clusters:\n- name: kind\n  cluster:\n    server: https://kind.sim.test:%1\n"
                              "    tls-server-name: localhost\n    certificate-authority-data: %2\n%3"
                              "users:\n- name: u\n  user:\n    token: proxied-token\n"
                              "contexts:\n- name: kind\n  context: {cluster: kind, user: u}\n"
                              "current-context: kind\n")
                   .arg(mCluster->port())
                   .arg(QString::fromLatin1(QByteArray(mCluster->caCertificatePem() + "\n" + extraCa).toBase64()),
                       proxyUrl.isEmpty() ? QString() : QStringLiteral("    proxy-url: \"%1\"\n").arg(proxyUrl))
                   .toUtf8());
    file.close();
    KubeConfig::LoadOptions options;
    options.explicitPath = path;
    return KubeConfig::load(options);
}

void TestKubeProxy::tlsProxy()
{
    TestConnectProxy proxy;
    proxy.setTls(QSslCertificate(mPki.read(QStringLiteral("server.crt"))),
        QSslKey(mPki.read(QStringLiteral("server.key")), QSsl::Ec));
    proxy.hosts.insert(QStringLiteral("kind.sim.test"), QStringLiteral("127.0.0.1"));
    proxy.requiredAuthorization = "Basic " + QByteArray(QByteArray(kProxyUser) + ':' + kProxyPassword).toBase64();
    QVERIFY(proxy.listenLoopback());
    // The password holds a ':' and an '@', percent-encoded in the URL as kubeconfigs have them.
    const QString proxyUrl = QStringLiteral("https://") + QLatin1String(kProxyUser) + QLatin1Char(':')
        + QString::fromLatin1(QUrl::toPercentEncoding(QLatin1String(kProxyPassword))) + QStringLiteral("@127.0.0.1:")
        + QString::number(proxy.serverPort());
    QVERIFY(proxyUrl.contains(QLatin1String("pr0xy%3Ap%40ss@")));
    KubeClient client(config(proxyUrl, mPki.read(QStringLiteral("ca.crt"))));
    QVERIFY2(client.isValid(), qPrintable(client.configError().personMessage()));
    KubeReply *reply = waitFor(client.version());
    QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    QVERIFY(!reply->json().value(QLatin1String("gitVersion")).toString().isEmpty());
    delete reply;
    reply = waitFor(client.list(KubeResource::namespaces(), {}));
    QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    QCOMPARE(reply->json().value(QLatin1String("kind")).toString(), QStringLiteral("NamespaceList"));
    delete reply;
    QVERIFY(!proxy.connects.isEmpty());
    const QByteArray target = "kind.sim.test:" + QByteArray::number(mCluster->port());
    for (const ProxiedConnect &connect : std::as_const(proxy.connects)) {
        QCOMPARE(connect.target, target);
        QCOMPARE(connect.proxyAuthorization, proxy.requiredAuthorization);
    }
}

void TestKubeProxy::tlsProxyUntrusted()
{
    // The proxy's certificate is signed by a CA the kubeconfig does not name.
    TestConnectProxy proxy;
    proxy.setTls(QSslCertificate(mPki.read(QStringLiteral("server.crt"))),
        QSslKey(mPki.read(QStringLiteral("server.key")), QSsl::Ec));
    proxy.hosts.insert(QStringLiteral("kind.sim.test"), QStringLiteral("127.0.0.1"));
    QVERIFY(proxy.listenLoopback());
    KubeClient client(config(QStringLiteral("https://%1:%2@127.0.0.1:%3")
                                 .arg(QLatin1String(kProxyUser), QStringLiteral("hunter2"))
                                 .arg(proxy.serverPort())));
    QVERIFY2(client.isValid(), qPrintable(client.configError().personMessage()));
    KubeReply *reply = waitFor(client.version());
    QVERIFY(!reply->isOk());
    QCOMPARE(reply->error().kind(), KubeError::Kind::Transport);
    QCOMPARE(reply->error().reason(), QStringLiteral("ProxyError"));
    const QString text = reply->error().personMessage();
    QVERIFY2(text.contains(QStringLiteral("TLS handshake with the proxy ") + displayProxy(proxy.serverPort())),
        qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("certificate")), qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("hunter2")) && !text.contains(QLatin1String(kProxyUser)), qPrintable(text));
    QVERIFY(proxy.connects.isEmpty()); // nothing was said before the handshake failed
    delete reply;
}

void TestKubeProxy::tlsProxyUnreachable()
{
    TestConnectProxy closed;
    QVERIFY(closed.listenLoopback());
    const quint16 port = closed.serverPort();
    closed.close();
    KubeClient client(
        config(QStringLiteral("https://%1:hunter2@127.0.0.1:%2").arg(QLatin1String(kProxyUser)).arg(port)));
    QVERIFY2(client.isValid(), qPrintable(client.configError().personMessage()));
    client.setRetryPolicy({0, 10, 10});
    KubeReply *reply = waitFor(client.version());
    QVERIFY(!reply->isOk());
    QCOMPARE(reply->error().reason(), QStringLiteral("ProxyError"));
    const QString text = reply->error().personMessage();
    QVERIFY2(text.contains(QStringLiteral("cannot connect to the proxy ") + displayProxy(port)), qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("hunter2")), qPrintable(text));
    delete reply;
}

void TestKubeProxy::relayRefusesStrangers()
{
    // The relay adds the proxy's credentials: any other local program must not be able to use it.
    TestConnectProxy proxy;
    proxy.setTls(QSslCertificate(mPki.read(QStringLiteral("server.crt"))),
        QSslKey(mPki.read(QStringLiteral("server.key")), QSsl::Ec));
    proxy.hosts.insert(QStringLiteral("kind.sim.test"), QStringLiteral("127.0.0.1"));
    QVERIFY(proxy.listenLoopback());
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setCaCertificates(QSslCertificate::fromData(mPki.read(QStringLiteral("ca.crt"))));
    KubeTlsProxyRelay relay(QUrl(QStringLiteral("https://jane:pw@127.0.0.1:%1").arg(proxy.serverPort())), ssl);
    QVERIFY(relay.start());
    const QByteArray connectLine = "CONNECT kind.sim.test:" + QByteArray::number(mCluster->port())
        + " HTTP/1.1\r\nHost: kind.sim.test:" + QByteArray::number(mCluster->port()) + "\r\n";
    const auto ask = [&](const QByteArray &extraHeaders) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, relay.port());
        socket.write(connectLine + extraHeaders + "\r\n");
        QByteArray answer;
        (void)QTest::qWaitFor(
            [&] {
                answer += socket.readAll();
                return answer.contains("\r\n\r\n");
            },
            10000); // the relay answers through this event loop; the caller checks the answer
        return answer;
    };
    QByteArray answer = ask({});
    QVERIFY2(answer.startsWith("HTTP/1.1 407 "), answer.constData());
    answer = ask("Proxy-Authorization: Basic " + QByteArray("volsync-relay:guessed").toBase64() + "\r\n");
    QVERIFY2(answer.startsWith("HTTP/1.1 407 "), answer.constData());
    QCOMPARE(proxy.connections, 0); // nothing reached the proxy

    const QByteArray relayCredentials = (relay.relayUser() + QLatin1Char(':') + relay.relayPassword()).toUtf8();
    QVERIFY(relay.relayPassword().size() >= 32);
    answer = ask("Proxy-Authorization: Basic " + relayCredentials.toBase64() + "\r\n");
    QVERIFY2(answer.startsWith("HTTP/1.1 200 "), answer.constData());
    QCOMPARE(proxy.connects.size(), 1);
    QCOMPARE(proxy.connects.constFirst().proxyAuthorization, "Basic " + QByteArray("jane:pw").toBase64());
}

void TestKubeProxy::tlsProxyForHttpServer()
{
    // An http:// server through an https:// proxy: requests are forwarded (no CONNECT), and every one of
    // them, on one kept-alive connection, carries the proxy's credentials.
    TestConnectProxy proxy;
    proxy.setTls(QSslCertificate(mPki.read(QStringLiteral("server.crt"))),
        QSslKey(mPki.read(QStringLiteral("server.key")), QSsl::Ec));
    proxy.requiredAuthorization = "Basic " + QByteArray("jane:pw").toBase64();
    QVERIFY(proxy.listenLoopback());
    const QString path = mDir.filePath(QStringLiteral("forward.yaml"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QStringLiteral("clusters:\n- name: c\n  cluster:\n    server: http://kube.invalid:8080\n"
                              "    proxy-url: https://jane:pw@127.0.0.1:%1\n    certificate-authority-data: %2\n"
                              "users:\n- {name: u, user: {}}\n"
                              "contexts:\n- {name: c, context: {cluster: c, user: u}}\ncurrent-context: c\n")
                   .arg(proxy.serverPort())
                   .arg(QString::fromLatin1(mPki.read(QStringLiteral("ca.crt")).toBase64()))
                   .toUtf8());
    file.close();
    KubeConfig::LoadOptions options;
    options.explicitPath = path;
    KubeClient client(KubeConfig::load(options));
    QVERIFY2(client.isValid(), qPrintable(client.configError().personMessage()));
    for (int i = 0; i < 3; ++i) {
        KubeReply *reply = waitFor(client.version());
        QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
        QCOMPARE(reply->json().value(QLatin1String("gitVersion")).toString(), QStringLiteral("v1.31.0-forwarded"));
        delete reply;
    }
    QCOMPARE(proxy.forwarded.size(), 3);
    QCOMPARE(proxy.connections, 1); // kept alive through the relay
    for (const ProxiedConnect &request : std::as_const(proxy.forwarded)) {
        QCOMPARE(request.target, QByteArray("http://kube.invalid:8080/version"));
        QCOMPARE(request.proxyAuthorization, proxy.requiredAuthorization);
    }
}

void TestKubeProxy::httpProxyCredentials()
{
    // A plain http:// proxy that demands credentials: Qt answers its 407 with those of the URL.
    TestConnectProxy proxy;
    proxy.hosts.insert(QStringLiteral("kind.sim.test"), QStringLiteral("127.0.0.1"));
    proxy.requiredAuthorization = "Basic " + QByteArray("plain-jane:s3cret").toBase64();
    QVERIFY(proxy.listenLoopback());
    KubeClient client(config(QStringLiteral("http://plain-jane:s3cret@127.0.0.1:%1").arg(proxy.serverPort())));
    KubeReply *reply = waitFor(client.version());
    QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    delete reply;
    QVERIFY(!proxy.connects.isEmpty());
    QCOMPARE(proxy.connects.constLast().proxyAuthorization, proxy.requiredAuthorization);

    // Wrong credentials: a clear error without them.
    KubeClient wrong(config(QStringLiteral("http://plain-jane:wrong@127.0.0.1:%1").arg(proxy.serverPort())));
    reply = waitFor(wrong.version());
    QVERIFY(!reply->isOk());
    QCOMPARE(reply->error().reason(), QStringLiteral("ProxyError"));
    const QString text = reply->error().personMessage();
    QVERIFY2(text.contains(QStringLiteral("http://127.0.0.1:%1").arg(proxy.serverPort())), qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("wrong")) && !text.contains(QStringLiteral("plain-jane")), qPrintable(text));
    delete reply;
}

void TestKubeProxy::proxyFromEnvironment()
{
    TestConnectProxy proxy;
    proxy.hosts.insert(QStringLiteral("kind.sim.test"), QStringLiteral("127.0.0.1"));
    QVERIFY(proxy.listenLoopback());
    const ScopedEnv https("HTTPS_PROXY", "http://127.0.0.1:" + QByteArray::number(proxy.serverPort()));
    const ScopedEnv noProxy("NO_PROXY", "localhost,10.0.0.0/8,.example.com");
    KubeClient client(config({}));
    QVERIFY2(client.isValid(), qPrintable(client.configError().personMessage()));
    KubeReply *reply = waitFor(client.version());
    QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    delete reply;
    QVERIFY(!proxy.connects.isEmpty());
    QCOMPARE(proxy.connects.constFirst().target, "kind.sim.test:" + QByteArray::number(mCluster->port()));
    QVERIFY(proxy.connects.constFirst().proxyAuthorization.isEmpty());

    // A proxy from the environment that is not running: the error says where it came from.
    TestConnectProxy closed;
    QVERIFY(closed.listenLoopback());
    const quint16 closedPort = closed.serverPort();
    closed.close();
    const ScopedEnv down("HTTPS_PROXY", "http://127.0.0.1:" + QByteArray::number(closedPort));
    KubeClient failing(config({}));
    failing.setRetryPolicy({0, 10, 10});
    reply = waitFor(failing.version());
    QVERIFY(!reply->isOk());
    QCOMPARE(reply->error().reason(), QStringLiteral("ProxyError"));
    const QString text = reply->error().personMessage();
    QVERIFY2(text.contains(QStringLiteral("http://127.0.0.1:%1").arg(closedPort)), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("HTTPS_PROXY in the environment")), qPrintable(text));
    delete reply;
}

void TestKubeProxy::noProxyFromEnvironment()
{
    TestConnectProxy proxy;
    proxy.hosts.insert(QStringLiteral("kind.sim.test"), QStringLiteral("127.0.0.1"));
    QVERIFY(proxy.listenLoopback());
    const ScopedEnv https("https_proxy", "127.0.0.1:" + QByteArray::number(proxy.serverPort()));
    const ScopedEnv noProxy("no_proxy", ".sim.test");
    KubeClient client(config({}));
    QVERIFY2(client.isValid(), qPrintable(client.configError().personMessage()));
    client.setRetryPolicy({0, 10, 10});
    KubeReply *reply = waitFor(client.version());
    QVERIFY(!reply->isOk());
    QCOMPARE(reply->error().reason(), QStringLiteral("HostNotFound"));
    QVERIFY2(reply->error().personMessage().contains(QStringLiteral("kind.sim.test was not found")),
        qPrintable(reply->error().personMessage()));
    QVERIFY(proxy.connects.isEmpty());
    QCOMPARE(proxy.connections, 0);
    delete reply;
}

QTEST_GUILESS_MAIN(TestKubeProxy)
#include "test_kubeproxy.moc"
