// SPDX-License-Identifier: GPL-3.0-or-later
#include "objectname.h"

#include <QRegularExpression>
#include <QStringList>

bool isDns1123Label(const QString &text)
{
    static const QRegularExpression kLabel(QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"));
    return text.size() <= 63 && kLabel.match(text).hasMatch();
}

bool isDns1123Subdomain(const QString &text)
{
    static const QRegularExpression kSubdomain(
        QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"));
    return text.size() <= 253 && kSubdomain.match(text).hasMatch();
}

std::optional<ObjectName> ObjectName::parseLenient(const QString &text)
{
    const QStringList parts = text.split(QLatin1Char('/'));
    if (parts.size() == 3)
        return ObjectName {parts.at(0), parts.at(1), parts.at(2)};
    if (parts.size() == 2)
        return ObjectName {QString(), parts.at(0), parts.at(1)};
    return std::nullopt;
}

std::optional<ObjectName> ObjectName::parse(const QString &text, QString *error)
{
    const auto parsed = parseLenient(text);
    if (!parsed) {
        *error = QStringLiteral("name is not in the format [context/]namespace/objname: %1").arg(text);
        return std::nullopt;
    }
    if (text.count(QLatin1Char('/')) == 2 && parsed->context.isEmpty()) {
        *error = QStringLiteral("empty context in %1: leave out the context and its '/' to use the current "
                                "context, as in namespace/objname")
                     .arg(text);
        return std::nullopt;
    }
    if (parsed->namespaceName.isEmpty()) {
        *error = QStringLiteral("empty namespace in %1: the format is [context/]namespace/objname").arg(text);
        return std::nullopt;
    }
    if (parsed->name.isEmpty()) {
        *error = QStringLiteral("empty object name in %1: the format is [context/]namespace/objname").arg(text);
        return std::nullopt;
    }
    if (!isDns1123Label(parsed->namespaceName)) {
        *error = QStringLiteral("invalid namespace \"%1\" in %2: a namespace must consist of lower case alphanumeric "
                                "characters or '-', start and end with an alphanumeric character, and have at most "
                                "63 characters")
                     .arg(parsed->namespaceName, text);
        return std::nullopt;
    }
    if (!isDns1123Subdomain(parsed->name)) {
        *error = QStringLiteral("invalid object name \"%1\" in %2: a name must consist of lower case alphanumeric "
                                "characters, '-' or '.', start and end with an alphanumeric character, and have at "
                                "most 253 characters")
                     .arg(parsed->name, text);
        return std::nullopt;
    }
    return parsed;
}

QString ObjectName::toString() const
{
    const QString base = namespaceName + QLatin1Char('/') + name;
    return context.isEmpty() ? base : context + QLatin1Char('/') + base;
}
