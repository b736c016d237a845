// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simfielderrors.h"

#include <QHash>
#include <QRegularExpression>

namespace {
const QString kLabelFormat = QStringLiteral("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
const QString kSubdomainFormat = kLabelFormat + QStringLiteral("(\\.") + kLabelFormat + QStringLiteral(")*");
const QString kDns1035Format = QStringLiteral("[a-z]([-a-z0-9]*[a-z0-9])?");
} // namespace

namespace SimFieldErrors {

bool fullMatch(const QString &format, const QString &text)
{
    static QHash<QString, QRegularExpression> cache;
    auto it = cache.find(format);
    if (it == cache.end())
        it = cache.insert(format, QRegularExpression(QRegularExpression::anchoredPattern(format)));
    return it->match(text).hasMatch();
}

// validation.RegexError: "MSG (e.g. 'a',  or 'b', regex used for validation is 'FMT')".
QString regexError(const QString &message, const QString &format, const QStringList &examples)
{
    QString text = message + QStringLiteral(" (e.g. ");
    for (qsizetype i = 0; i < examples.size(); ++i) {
        if (i > 0)
            text += QStringLiteral(" or ");
        text += QLatin1Char('\'') + examples.at(i) + QStringLiteral("', ");
    }
    return text + QStringLiteral("regex used for validation is '") + format + QStringLiteral("')");
}

QString maxLenError(int length)
{
    return QStringLiteral("must be no more than %1 characters").arg(length);
}

QStringList dns1123Label(const QString &value)
{
    QStringList errors;
    if (value.size() > 63)
        errors.append(maxLenError(63));
    if (!fullMatch(kLabelFormat, value)) {
        if (fullMatch(kSubdomainFormat, value)) {
            errors.append(QStringLiteral("must not contain dots"));
        } else {
            errors.append(regexError(QStringLiteral("a lowercase RFC 1123 label must consist of lower case "
                                                    "alphanumeric characters or '-', and must start and end with an "
                                                    "alphanumeric character"),
                kLabelFormat, {QStringLiteral("my-name"), QStringLiteral("123-abc")}));
        }
    }
    return errors;
}

QStringList dns1123Subdomain(const QString &value)
{
    QStringList errors;
    if (value.size() > 253)
        errors.append(maxLenError(253));
    if (!fullMatch(kSubdomainFormat, value)) {
        errors.append(regexError(QStringLiteral("a lowercase RFC 1123 subdomain must consist of lower case "
                                                "alphanumeric characters, '-' or '.', and must start and end with "
                                                "an alphanumeric character"),
            kSubdomainFormat, {QStringLiteral("example.com")}));
    }
    return errors;
}

QStringList dns1035Label(const QString &value)
{
    QStringList errors;
    if (value.size() > 63)
        errors.append(maxLenError(63));
    if (!fullMatch(kDns1035Format, value)) {
        errors.append(regexError(QStringLiteral("a DNS-1035 label must consist of lower case alphanumeric "
                                                "characters or '-', start with an alphabetic character, and end "
                                                "with an alphanumeric character"),
            kDns1035Format, {QStringLiteral("my-name"), QStringLiteral("abc-123")}));
    }
    return errors;
}

// Go's %q of a string, as field.Invalid prints it.
QString quoted(const QString &value)
{
    QString escaped = value;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    escaped.replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

QJsonObject cause(const QString &reason, const QString &message, const QString &field)
{
    return QJsonObject {
        {QStringLiteral("reason"), reason}, {QStringLiteral("message"), message}, {QStringLiteral("field"), field}};
}

QJsonObject invalid(const QString &field, const QString &shownValue, const QString &detail)
{
    return cause(
        QStringLiteral("FieldValueInvalid"), QStringLiteral("Invalid value: %1: %2").arg(shownValue, detail), field);
}

QJsonObject required(const QString &field, const QString &detail)
{
    return cause(QStringLiteral("FieldValueRequired"),
        detail.isEmpty() ? QStringLiteral("Required value") : QStringLiteral("Required value: ") + detail, field);
}

QJsonObject notSupported(const QString &field, const QString &value, const QStringList &supported)
{
    QStringList list;
    for (const QString &entry : supported)
        list.append(quoted(entry));
    return cause(QStringLiteral("FieldValueNotSupported"),
        QStringLiteral("Unsupported value: %1: supported values: %2")
            .arg(quoted(value), list.join(QStringLiteral(", "))),
        field);
}

QJsonObject forbidden(const QString &field, const QString &detail)
{
    return cause(QStringLiteral("FieldValueForbidden"), QStringLiteral("Forbidden: ") + detail, field);
}

QString keyPath(const QString &path, const QString &key)
{
    return path + QLatin1Char('[') + key + QLatin1Char(']');
}

} // namespace SimFieldErrors
