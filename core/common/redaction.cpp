// SPDX-License-Identifier: GPL-3.0-or-later
#include "redaction.h"

namespace volsync {

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

} // namespace volsync
