// SPDX-License-Identifier: GPL-3.0-or-later
#include "kubeproxyenvironment.h"

#include <QProcessEnvironment>

namespace {
QString firstSet(const QProcessEnvironment &environment, const char *upper, const char *lower)
{
    const QString value = environment.value(QLatin1String(upper));
    return value.isEmpty() ? environment.value(QLatin1String(lower)) : value;
}

/// Go's net.SplitHostPort: "host:port" or "[v6]:port"; false when there is no port or too many colons.
bool splitHostPort(const QString &text, QString *host, QString *port)
{
    if (text.startsWith(QLatin1Char('['))) {
        const qsizetype close = text.indexOf(QLatin1Char(']'));
        if (close < 0 || close + 1 >= text.size() || text.at(close + 1) != QLatin1Char(':'))
            return false;
        *host = text.mid(1, close - 1);
        *port = text.mid(close + 2);
        return !port->contains(QLatin1Char(':'));
    }
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon < 0 || text.indexOf(QLatin1Char(':')) != colon)
        return false;
    *host = text.left(colon);
    *port = text.mid(colon + 1);
    return true;
}

/// Like Go's net.ParseIP: dotted quads or IPv6 only (QHostAddress alone also takes "10.1" and the like).
QHostAddress parseIp(const QString &text)
{
    if (!text.contains(QLatin1Char(':'))) {
        if (text.count(QLatin1Char('.')) != 3)
            return {};
        for (const QChar c : text) {
            if (!c.isDigit() && c != QLatin1Char('.'))
                return {};
        }
    }
    return QHostAddress(text);
}

QString defaultPort(const QString &scheme)
{
    if (scheme == QLatin1String("https"))
        return QStringLiteral("443");
    if (scheme == QLatin1String("socks5"))
        return QStringLiteral("1080");
    return QStringLiteral("80");
}
} // namespace

KubeProxyEnvironment::KubeProxyEnvironment(const QString &httpProxy, const QString &httpsProxy, const QString &noProxy)
    : mHttpProxyText(httpProxy)
    , mHttpsProxyText(httpsProxy)
    , mNoProxyText(noProxy)
    , mHttpProxy(parseProxy(httpProxy))
    , mHttpsProxy(parseProxy(httpsProxy))
{
    const QStringList entries = noProxy.split(QLatin1Char(','));
    for (QString entry : entries) {
        entry = entry.trimmed().toLower();
        if (entry.isEmpty())
            continue;
        if (entry == QLatin1String("*")) {
            mBypassAll = true;
            return;
        }
        if (entry.contains(QLatin1Char('/'))) { // IPv4/CIDR, IPv6/CIDR
            const QString bits = entry.section(QLatin1Char('/'), 1);
            bool numeric = !bits.isEmpty();
            for (const QChar c : bits)
                numeric = numeric && c.isDigit();
            const QPair<QHostAddress, int> subnet = QHostAddress::parseSubnet(entry);
            if (numeric && !subnet.first.isNull() && subnet.second >= 0) {
                mAddresses.append({subnet.first, subnet.second, {}});
                continue;
            }
        }
        QString host;
        QString port;
        if (splitHostPort(entry, &host, &port)) {
            if (host.isEmpty())
                continue; // ":80": no host, ignored like Go does
        } else {
            host = entry;
            port.clear();
        }
        const QHostAddress address = parseIp(host);
        if (!address.isNull()) {
            mAddresses.append({address, -1, port});
            continue;
        }
        if (host.startsWith(QLatin1String("*.")))
            host = host.mid(1);
        DomainMatch domain;
        domain.port = port;
        if (!host.startsWith(QLatin1Char('.'))) {
            domain.matchesItself = true;
            host.prepend(QLatin1Char('.'));
        }
        const QString ace = QString::fromLatin1(QUrl::toAce(host));
        domain.suffix = ace.isEmpty() ? host : ace;
        mDomains.append(domain);
    }
}

KubeProxyEnvironment KubeProxyEnvironment::fromEnvironment(const QProcessEnvironment &environment)
{
    return KubeProxyEnvironment(firstSet(environment, "HTTP_PROXY", "http_proxy"),
        firstSet(environment, "HTTPS_PROXY", "https_proxy"), firstSet(environment, "NO_PROXY", "no_proxy"));
}

KubeProxyEnvironment KubeProxyEnvironment::fromSystemEnvironment()
{
    return fromEnvironment(QProcessEnvironment::systemEnvironment());
}

QUrl KubeProxyEnvironment::parseProxy(const QString &value)
{
    const QString text = value.trimmed();
    if (text.isEmpty())
        return {};
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (url.isValid()
        && (scheme == QLatin1String("http") || scheme == QLatin1String("https") || scheme == QLatin1String("socks5")))
        return url;
    // Not a URL of a proxy scheme: "proxy.corp:3128" means http://proxy.corp:3128 (as in Go).
    return QUrl(QStringLiteral("http://") + text, QUrl::StrictMode);
}

bool KubeProxyEnvironment::bypasses(const QString &hostName, int port) const
{
    const QString host = hostName.trimmed().toLower();
    if (host == QLatin1String("localhost"))
        return true;
    const QHostAddress address = parseIp(host);
    if (!address.isNull() && address.isLoopback())
        return true;
    if (mBypassAll)
        return true;
    const QString portText = QString::number(port);
    if (!address.isNull()) {
        for (const AddressMatch &match : mAddresses) {
            if (match.prefixLength >= 0) {
                if (address.isInSubnet(match.address, match.prefixLength))
                    return true;
            } else if (address.isEqual(match.address, QHostAddress::TolerantConversion)
                && (match.port.isEmpty() || match.port == portText)) {
                return true;
            }
        }
    }
    for (const DomainMatch &match : mDomains) {
        if ((host.endsWith(match.suffix) || (match.matchesItself && host == QStringView(match.suffix).mid(1)))
            && (match.port.isEmpty() || match.port == portText))
            return true;
    }
    return false;
}

QUrl KubeProxyEnvironment::proxyFor(const QUrl &server) const
{
    const QString scheme = server.scheme().toLower();
    QUrl proxy;
    if (scheme == QLatin1String("https"))
        proxy = mHttpsProxy;
    else if (scheme == QLatin1String("http"))
        proxy = mHttpProxy;
    if (proxy.isEmpty())
        return {};
    const QString host = server.host(QUrl::EncodeUnicode);
    if (host.isEmpty())
        return proxy;
    if (bypasses(host, server.port(defaultPort(scheme).toInt())))
        return {};
    return proxy;
}
