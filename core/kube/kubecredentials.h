// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QList>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>

/// What a request presents to the server: a bearer token, basic auth and/or a client certificate.
/// Never log these values.
struct KubeCredentials {
    QString bearerToken;
    QString username;
    QString password;
    QList<QSslCertificate> clientCertificateChain; ///< leaf first
    QSslKey clientKey;
    QDateTime expiry; ///< invalid = does not expire

    [[nodiscard]] bool hasClientCertificate() const { return !clientCertificateChain.isEmpty() && !clientKey.isNull(); }
    [[nodiscard]] bool isExpired(const QDateTime &now) const { return expiry.isValid() && now >= expiry; }
};
