// SPDX-License-Identifier: GPL-3.0-or-later
#include "disasterrecoveryoptions.h"

std::optional<ObjectName> FailoverOptions::parseTarget(const QString &text, QString *error)
{
    const QString trimmed = text.trimmed();
    if (!trimmed.contains(QLatin1Char('/'))) {
        if (!isDns1123Subdomain(trimmed)) {
            *error = QStringLiteral("invalid target PVC \"%1\": use [CONTEXT/]NAMESPACE/PVC or a PVC name (lower-case "
                                    "letters, digits, '-' and '.')")
                         .arg(trimmed);
            return std::nullopt;
        }
        return ObjectName {QString(), QString(), trimmed};
    }
    return ObjectName::parse(trimmed, error);
}
