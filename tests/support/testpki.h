// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSslCertificate>
#include <QSslKey>
#include <QString>
#include <QUrl>

/// Certificates for TLS tests, made with the `openssl` command (EC P-256 keys: fast) in `dir`:
/// ca.crt/ca.key, server.crt/server.key (127.0.0.1 and localhost), client.crt/client.key (CN=tester,
/// O=testers), client-rsa.crt/client-rsa.key (an RSA client key), other-ca.crt (an unrelated CA).
struct TestPki {
    QString dir;
    QString error; ///< empty when everything was made

    [[nodiscard]] static TestPki create(const QString &dir);
    [[nodiscard]] QString path(const QString &name) const { return dir + QLatin1Char('/') + name; }
    [[nodiscard]] QByteArray read(const QString &name) const;
    /// server.crt and server.key, for FakeApiServer::setTls().
    [[nodiscard]] QSslCertificate serverCertificate() const;
    [[nodiscard]] QSslKey serverKey() const;
    /// Writes `dir`/config: one context "c" on `server`, trusting ca.crt, with bearer `token`. Its path, or empty
    /// when it could not be written.
    [[nodiscard]] QString writeKubeconfig(const QUrl &server, const QString &token) const;
};
