// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QUrlQuery>

/// One parsed HTTP/1.1 request.
struct SimHttpRequest {
    QByteArray method; ///< "GET", "POST", ...
    QString path; ///< decoded path without the query, "/api/v1/namespaces"
    QUrlQuery query; ///< decoded query items
    QHash<QByteArray, QByteArray> headers; ///< lower-case names
    QByteArray body;

    [[nodiscard]] QByteArray header(const char *lowerCaseName) const
    {
        return headers.value(QByteArray(lowerCaseName));
    }
    [[nodiscard]] QString queryValue(const char *name) const
    {
        return query.queryItemValue(QLatin1String(name), QUrl::FullyDecoded);
    }
    [[nodiscard]] bool hasQuery(const char *name) const { return query.hasQueryItem(QLatin1String(name)); }
};

/// One answer (not a watch stream).
struct SimHttpResponse {
    int code = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; ///< extra headers (Retry-After, ...)
};
