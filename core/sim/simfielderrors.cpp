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

/// One of apimachinery's name rules: the longest name, the format, and its RegexError's message and examples.
struct NameRule {
    int maxLength;
    const QString &format;
    const char *message;
    QStringList examples;
    bool dotsAreTheProblem; ///< a name that is a valid subdomain is told "must not contain dots" instead
};

const NameRule kDns1123Label {63, kLabelFormat,
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end "
    "with an alphanumeric character",
    {QStringLiteral("my-name"), QStringLiteral("123-abc")}, true};
const NameRule kDns1123Subdomain {253, kSubdomainFormat,
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start "
    "and end with an alphanumeric character",
    {QStringLiteral("example.com")}, false};
const NameRule kDns1035Label {63, kDns1035Format,
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic "
    "character, and end with an alphanumeric character",
    {QStringLiteral("my-name"), QStringLiteral("abc-123")}, false};

QStringList checkName(const QString &value, const NameRule &rule)
{
    QStringList errors;
    if (value.size() > rule.maxLength)
        errors.append(maxLenError(rule.maxLength));
    if (fullMatch(rule.format, value))
        return errors;
    if (rule.dotsAreTheProblem && fullMatch(kSubdomainFormat, value))
        errors.append(QStringLiteral("must not contain dots"));
    else
        errors.append(regexError(QLatin1String(rule.message), rule.format, rule.examples));
    return errors;
}

QStringList dns1123Label(const QString &value)
{
    return checkName(value, kDns1123Label);
}

QStringList dns1123Subdomain(const QString &value)
{
    return checkName(value, kDns1123Subdomain);
}

QStringList dns1035Label(const QString &value)
{
    return checkName(value, kDns1035Label);
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
