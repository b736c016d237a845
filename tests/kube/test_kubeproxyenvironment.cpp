// SPDX-License-Identifier: GPL-3.0-or-later
// The proxy from the environment, case by case against the rules of Go's http.ProxyFromEnvironment
// (golang.org/x/net/http/httpproxy), which kubectl and client-go follow.

#include "kube/kubeproxyenvironment.h"

#include <QProcessEnvironment>
#include <QTest>

class TestKubeProxyEnvironment : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void proxyFor_data();
    void proxyFor();
    void variableNames_data();
    void variableNames();
    void parseProxy_data();
    void parseProxy();
};

void TestKubeProxyEnvironment::proxyFor_data()
{
    QTest::addColumn<QString>("httpProxy");
    QTest::addColumn<QString>("httpsProxy");
    QTest::addColumn<QString>("noProxy");
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("expected"); // empty = direct

    const QString http = QStringLiteral("http://http.proxy:3128");
    const QString https = QStringLiteral("http://https.proxy:3128");
    const auto row = [&](const char *name, const char *noProxy, const char *server, bool proxied) {
        QTest::newRow(name) << http << https << QString::fromLatin1(noProxy) << QString::fromLatin1(server)
                            << (proxied
                                       ? (QString::fromLatin1(server).startsWith(QLatin1String("https")) ? https : http)
                                       : QString());
    };
    // Which variable: the server's scheme decides.
    row("https server uses HTTPS_PROXY", "", "https://api.example.com:6443", true);
    row("http server uses HTTP_PROXY", "", "http://api.example.com:8080", true);
    QTest::newRow("no HTTPS_PROXY: https direct, HTTP_PROXY not used")
        << http << QString() << QString() << QStringLiteral("https://api.example.com") << QString();
    QTest::newRow("no HTTP_PROXY: http direct")
        << QString() << https << QString() << QStringLiteral("http://api.example.com") << QString();
    // Never proxied: localhost and loopback addresses, whatever NO_PROXY says.
    row("localhost", "", "https://localhost:6443", false);
    row("127.0.0.1", "", "https://127.0.0.1:6443", false);
    row("127.1.2.3 is loopback", "", "https://127.1.2.3:6443", false);
    row("::1", "", "https://[::1]:6443", false);
    row("localhost.example is not localhost", "", "https://localhost.example:6443", true);
    // "*".
    row("star", "*", "https://api.example.com", false);
    row("star among others", "foo.com, *", "https://api.example.com", false);
    row("star as a label is not star", "*.", "https://api.example.com", true);
    // Domain names: the name itself and its subdomains.
    row("domain itself", "example.com", "https://example.com", false);
    row("domain subdomain", "example.com", "https://api.example.com", false);
    row("domain deeper subdomain", "example.com", "https://a.b.example.com", false);
    row("domain is not a suffix of the label", "example.com", "https://myexample.com", true);
    row("leading dot: subdomain", ".example.com", "https://api.example.com", false);
    row("leading dot: not the domain itself", ".example.com", "https://example.com", true);
    row("star dot: subdomain", "*.example.com", "https://api.example.com", false);
    row("star dot: not the domain itself", "*.example.com", "https://example.com", true);
    row("case-insensitive", "EXAMPLE.com", "https://API.Example.COM", false);
    row("spaces around entries", "  foo.org ,  example.com  ", "https://api.example.com", false);
    row("empty entries are skipped", ",,example.com,", "https://example.com", false);
    row("other domain", "example.org", "https://api.example.com", true);
    row("tld suffix", ".test", "https://kind.sim.test:6443", false);
    // Ports.
    row("domain with the port", "example.com:6443", "https://api.example.com:6443", false);
    row("domain with another port", "example.com:6443", "https://api.example.com:443", true);
    row("domain with the default https port", "example.com:443", "https://api.example.com", false);
    row("domain with the default http port", "example.com:80", "http://api.example.com", false);
    // IP addresses and networks.
    row("ip", "10.0.0.1", "https://10.0.0.1:6443", false);
    row("other ip", "10.0.0.1", "https://10.0.0.2:6443", true);
    row("ip with the port", "10.0.0.1:6443", "https://10.0.0.1:6443", false);
    row("ip with another port", "10.0.0.1:443", "https://10.0.0.1:6443", true);
    row("cidr inside", "10.0.0.0/8", "https://10.20.30.40:6443", false);
    row("cidr outside", "10.0.0.0/8", "https://11.0.0.1:6443", true);
    row("cidr /32", "192.168.1.5/32", "https://192.168.1.5", false);
    row("cidr does not match names", "10.0.0.0/8", "https://api.example.com", true);
    row("ipv6", "fd00::1", "https://[fd00::1]:6443", false);
    row("ipv6 with port", "[fd00::1]:6443", "https://[fd00::1]:6443", false);
    row("ipv6 with another port", "[fd00::1]:443", "https://[fd00::1]:6443", true);
    row("ipv6 cidr", "fd00::/8", "https://[fd12:3456::1]:6443", false);
    row("ip entry does not match a name", "10.0.0.1", "https://api.example.com", true);
    row("a name entry matches an ip string", "0.0.1", "https://10.0.0.1", false);
    // Malformed entries are ignored, the rest still count.
    row("no host before the port", ":6443", "https://api.example.com:6443", true);
    row("bad cidr is a name", "10.0.0.0/99", "https://10.0.0.1", true);
}

void TestKubeProxyEnvironment::proxyFor()
{
    QFETCH(QString, httpProxy);
    QFETCH(QString, httpsProxy);
    QFETCH(QString, noProxy);
    QFETCH(QString, server);
    QFETCH(QString, expected);
    const KubeProxyEnvironment environment(httpProxy, httpsProxy, noProxy);
    QCOMPARE(environment.proxyFor(QUrl(server)), expected.isEmpty() ? QUrl() : QUrl(expected));
}

void TestKubeProxyEnvironment::variableNames_data()
{
    QTest::addColumn<QStringList>("variables"); // NAME=value pairs
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("expected");
    QTest::newRow("uppercase") << QStringList {QStringLiteral("HTTPS_PROXY=http://upper:1")}
                               << QStringLiteral("https://api.example.com") << QStringLiteral("http://upper:1");
    QTest::newRow("lowercase") << QStringList {QStringLiteral("https_proxy=http://lower:1")}
                               << QStringLiteral("https://api.example.com") << QStringLiteral("http://lower:1");
    QTest::newRow("uppercase wins") << QStringList {QStringLiteral("HTTPS_PROXY=http://upper:1"),
        QStringLiteral("https_proxy=http://lower:1")}
                                    << QStringLiteral("https://api.example.com") << QStringLiteral("http://upper:1");
    QTest::newRow("empty uppercase falls back to lowercase")
        << QStringList {QStringLiteral("HTTPS_PROXY="), QStringLiteral("https_proxy=http://lower:1")}
        << QStringLiteral("https://api.example.com") << QStringLiteral("http://lower:1");
    QTest::newRow("http_proxy for http") << QStringList {QStringLiteral("http_proxy=http://lower:2"),
        QStringLiteral("HTTPS_PROXY=http://other:1")}
                                         << QStringLiteral("http://api.example.com")
                                         << QStringLiteral("http://lower:2");
    QTest::newRow("NO_PROXY wins over no_proxy")
        << QStringList {QStringLiteral("HTTPS_PROXY=http://upper:1"), QStringLiteral("NO_PROXY=other.com"),
               QStringLiteral("no_proxy=example.com")}
        << QStringLiteral("https://api.example.com") << QStringLiteral("http://upper:1");
    QTest::newRow("no_proxy alone") << QStringList {QStringLiteral("HTTPS_PROXY=http://upper:1"),
        QStringLiteral("no_proxy=example.com")}
                                    << QStringLiteral("https://api.example.com") << QString();
    QTest::newRow("ALL_PROXY is not used") << QStringList {QStringLiteral("ALL_PROXY=http://all:1")}
                                           << QStringLiteral("https://api.example.com") << QString();
}

void TestKubeProxyEnvironment::variableNames()
{
    QFETCH(QStringList, variables);
    QFETCH(QString, server);
    QFETCH(QString, expected);
    QProcessEnvironment environment;
    for (const QString &variable : variables)
        environment.insert(variable.section(QLatin1Char('='), 0, 0), variable.section(QLatin1Char('='), 1));
    const KubeProxyEnvironment proxies = KubeProxyEnvironment::fromEnvironment(environment);
    QCOMPARE(proxies.proxyFor(QUrl(server)), expected.isEmpty() ? QUrl() : QUrl(expected));
}

void TestKubeProxyEnvironment::parseProxy_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("user");
    QTest::newRow("http url") << QStringLiteral("http://proxy.corp:3128") << QStringLiteral("http")
                              << QStringLiteral("proxy.corp") << 3128 << QString();
    QTest::newRow("https url with credentials")
        << QStringLiteral("https://jane:s%40cret@proxy.corp:8443/") << QStringLiteral("https")
        << QStringLiteral("proxy.corp") << 8443 << QStringLiteral("jane");
    QTest::newRow("socks5") << QStringLiteral("socks5://127.0.0.1:1080") << QStringLiteral("socks5")
                            << QStringLiteral("127.0.0.1") << 1080 << QString();
    QTest::newRow("host and port") << QStringLiteral("proxy.corp:3128") << QStringLiteral("http")
                                   << QStringLiteral("proxy.corp") << 3128 << QString();
    QTest::newRow("ip and port") << QStringLiteral("10.1.2.3:3128") << QStringLiteral("http")
                                 << QStringLiteral("10.1.2.3") << 3128 << QString();
    QTest::newRow("host only") << QStringLiteral("proxy.corp") << QStringLiteral("http") << QStringLiteral("proxy.corp")
                               << -1 << QString();
    QTest::newRow("spaces") << QStringLiteral("  http://proxy.corp:3128 ") << QStringLiteral("http")
                            << QStringLiteral("proxy.corp") << 3128 << QString();
}

void TestKubeProxyEnvironment::parseProxy()
{
    QFETCH(QString, value);
    QFETCH(QString, scheme);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, user);
    const QUrl url = KubeProxyEnvironment::parseProxy(value);
    QVERIFY2(url.isValid(), qPrintable(url.errorString()));
    QCOMPARE(url.scheme(), scheme);
    QCOMPARE(url.host(), host);
    QCOMPARE(url.port(), port);
    QCOMPARE(url.userName(), user);
    QVERIFY(KubeProxyEnvironment::parseProxy(QString()).isEmpty());
}

QTEST_GUILESS_MAIN(TestKubeProxyEnvironment)
#include "test_kubeproxyenvironment.moc"
