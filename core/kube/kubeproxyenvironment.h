// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>
#include <QUrl>

class QProcessEnvironment;

/// The proxy a cluster without `proxy-url` uses, from the environment, by the rules of Go's
/// http.ProxyFromEnvironment (golang.org/x/net/http/httpproxy), which client-go and kubectl use:
/// - HTTPS_PROXY (else https_proxy) for https servers, HTTP_PROXY (else http_proxy) for http servers;
///   the uppercase name wins when both are set and non-empty. "host:port" without a scheme means http://.
/// - NO_PROXY (else no_proxy): comma-separated entries; "*" = never proxy; an IP or CIDR matches that
///   address or network; a domain matches itself and its subdomains ("foo.com", "*.foo.com" and
///   ".foo.com" the subdomains only); any entry may carry a port ("foo.com:8443", "[::1]:6443").
/// - "localhost" and loopback addresses are never proxied.
/// Pure: no network, no environment access except in fromEnvironment().
class KubeProxyEnvironment
{
public:
    KubeProxyEnvironment() = default;
    KubeProxyEnvironment(const QString &httpProxy, const QString &httpsProxy, const QString &noProxy);

    /// Reads HTTP_PROXY, HTTPS_PROXY and NO_PROXY (or their lowercase names) from `environment`.
    [[nodiscard]] static KubeProxyEnvironment fromEnvironment(const QProcessEnvironment &environment);
    /// The same from this process's environment.
    [[nodiscard]] static KubeProxyEnvironment fromSystemEnvironment();

    /// The proxy for requests to `server`; an empty QUrl means a direct connection.
    [[nodiscard]] QUrl proxyFor(const QUrl &server) const;
    /// Whether NO_PROXY (or the localhost rule) exempts `host` (a name or literal IP) on `port`.
    [[nodiscard]] bool bypasses(const QString &host, int port) const;
    /// A proxy variable's value as a URL: a full http/https/socks5 URL, or "host[:port]" as http://.
    [[nodiscard]] static QUrl parseProxy(const QString &value);

    /// The raw values, for messages (may hold a password: show with QUrl::RemoveUserInfo).
    [[nodiscard]] QString httpProxy() const { return mHttpProxyText; }
    [[nodiscard]] QString httpsProxy() const { return mHttpsProxyText; }
    [[nodiscard]] QString noProxy() const { return mNoProxyText; }

private:
    struct AddressMatch {
        QHostAddress address;
        int prefixLength = -1; ///< -1: this exact address
        QString port; ///< empty: any port
    };
    struct DomainMatch {
        QString suffix; ///< always starts with "."
        bool matchesItself = false; ///< "foo.com" also matches foo.com itself, ".foo.com" does not
        QString port;
    };

    QString mHttpProxyText;
    QString mHttpsProxyText;
    QString mNoProxyText;
    QUrl mHttpProxy;
    QUrl mHttpsProxy;
    bool mBypassAll = false;
    QList<AddressMatch> mAddresses;
    QList<DomainMatch> mDomains;
};
