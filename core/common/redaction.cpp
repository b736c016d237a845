// SPDX-License-Identifier: GPL-3.0-or-later
#include "redaction.h"

#include <QRegularExpression>

QString redactedMarker()
{
    return QStringLiteral("<redacted>");
}

QByteArray redactHeaderValue(const QByteArray &headerName, const QByteArray &value)
{
    const QByteArray name = headerName.toLower();
    if (name != "authorization" && name != "proxy-authorization" && name != "cookie" && name != "set-cookie")
        return value;
    const qsizetype space = value.indexOf(' ');
    const QByteArray scheme = space > 0 ? value.left(space + 1) : QByteArray();
    return scheme + redactedMarker().toLatin1();
}

QString redactSecret(QString text, const QString &secret)
{
    if (secret.size() >= 4)
        text.replace(secret, redactedMarker());
    return text;
}

QString redactUrl(const QString &url)
{
    return redactUrlsInText(url);
}

QString redactUrlsInText(const QString &text)
{
    if (!text.contains(QLatin1Char('@')))
        return text;
    // scheme://user:password@ (the password may hold anything but '@', '/' and white space).
    static const QRegularExpression kUserInfo(QStringLiteral("([A-Za-z][A-Za-z0-9+.-]*://[^/@\\s:]*):[^@/\\s]*@"));
    QString out = text;
    out.replace(kUserInfo, QStringLiteral("\\1:") + redactedMarker() + QLatin1Char('@'));
    return out;
}
