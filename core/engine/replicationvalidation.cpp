// SPDX-License-Identifier: GPL-3.0-or-later
#include "replicationvalidation.h"

#include <QRegularExpression>

namespace {

std::optional<QString> oneOf(const QString &value, const QStringList &allowed, Qt::CaseSensitivity cs)
{
    for (const QString &candidate : allowed) {
        if (candidate.compare(value, cs) == 0)
            return candidate;
    }
    return std::nullopt;
}

// Range of each of the five cron fields.
struct FieldRange {
    const char *name;
    int min;
    int max;
};
constexpr FieldRange kCronFields[] = {
    {"minute", 0, 59},
    {"hour", 0, 23},
    {"day of month", 1, 31},
    {"month", 1, 12},
    {"day of week", 0, 7},
};

bool checkCronField(const QString &field, const FieldRange &range, QString *error)
{
    const auto inRange = [&](const QString &number) {
        bool ok = false;
        const int v = number.toInt(&ok);
        if (!ok || v < range.min || v > range.max) {
            *error = QStringLiteral("%1 %2 is out of range (%3-%4)")
                         .arg(QLatin1String(range.name), number)
                         .arg(range.min)
                         .arg(range.max);
            return false;
        }
        return true;
    };
    for (const QString &part : field.split(QLatin1Char(','))) {
        QString base = part;
        const qsizetype slash = part.indexOf(QLatin1Char('/'));
        if (slash >= 0) {
            base = part.left(slash);
            bool ok = false;
            if (part.mid(slash + 1).toInt(&ok) <= 0 || !ok) {
                *error = QStringLiteral("the step in %1 field \"%2\" must be at least 1")
                             .arg(QLatin1String(range.name), field);
                return false;
            }
        }
        if (base == QLatin1String("*"))
            continue;
        const qsizetype dash = base.indexOf(QLatin1Char('-'));
        if (dash >= 0) {
            if (!inRange(base.left(dash)) || !inRange(base.mid(dash + 1)))
                return false;
            if (base.left(dash).toInt() > base.mid(dash + 1).toInt()) {
                *error = QStringLiteral("the %1 range %2 is backwards").arg(QLatin1String(range.name), base);
                return false;
            }
        } else if (!inRange(base)) {
            return false;
        }
    }
    return true;
}

} // namespace

QStringList ReplicationValidation::sourceCopyMethods()
{
    return {QStringLiteral("Direct"), QStringLiteral("None"), QStringLiteral("Snapshot"), QStringLiteral("Clone")};
}

QStringList ReplicationValidation::destinationCopyMethods()
{
    return {QStringLiteral("Direct"), QStringLiteral("None"), QStringLiteral("Snapshot")};
}

std::optional<QString> ReplicationValidation::copyMethod(
    const QString &value, const QStringList &allowed, QString *error)
{
    if (value.trimmed().isEmpty()) {
        *error = QStringLiteral("invalid CopyMethod: the value is empty; use one of %1")
                     .arg(allowed.join(QStringLiteral(", ")));
        return std::nullopt;
    }
    const auto match = oneOf(value, allowed, Qt::CaseInsensitive);
    if (!match)
        *error = QStringLiteral("invalid CopyMethod: %1").arg(value);
    return match;
}

std::optional<QStringList> ReplicationValidation::accessModes(const QStringList &values, QString *error)
{
    static const QStringList kModes {QStringLiteral("ReadWriteOnce"), QStringLiteral("ReadOnlyMany"),
        QStringLiteral("ReadWriteMany"), QStringLiteral("ReadWriteOncePod")};
    QStringList out;
    for (const QString &value : values) {
        for (const QString &item : value.split(QLatin1Char(','))) {
            if (!kModes.contains(item)) {
                *error = QStringLiteral("invalid access mode: %1").arg(item);
                return std::nullopt;
            }
            out.append(item);
        }
    }
    return out;
}

std::optional<QString> ReplicationValidation::capacity(const QString &value, QString *error)
{
    static const QRegularExpression kQuantity(QStringLiteral(
        "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.["
        "0-9]+))))?$"));
    static const QRegularExpression kDigits(QStringLiteral("[1-9]"));
    const QRegularExpressionMatch m = kQuantity.match(value);
    if (!m.hasMatch()) {
        *error
            = QStringLiteral("invalid capacity \"%1\": use a Kubernetes quantity such as 10Gi, 500Mi or 1T").arg(value);
        return std::nullopt;
    }
    if (value.startsWith(QLatin1Char('-')) || !kDigits.match(m.captured(2)).hasMatch()) {
        *error = QStringLiteral("invalid capacity \"%1\": it must be greater than zero").arg(value);
        return std::nullopt;
    }
    return value;
}

std::optional<QString> ReplicationValidation::serviceType(const QString &value, QString *error)
{
    const auto match = oneOf(value, {QStringLiteral("ClusterIP"), QStringLiteral("LoadBalancer")}, Qt::CaseSensitive);
    if (!match)
        *error = QStringLiteral("servicetype must be LoadBalancer or ClusterIP");
    return match;
}

QString ReplicationValidation::crdSchedulePattern()
{
    return QStringLiteral(
        "^(@(annually|yearly|monthly|weekly|daily|hourly))|((((\\d+,)*\\d+|(\\d+(\\/|-)\\d+)|\\*(\\/\\d+)?)\\s?){5})$");
}

bool ReplicationValidation::cronSpec(const QString &value, QString *error)
{
    static const QRegularExpression kDescriptor(QStringLiteral("^@(annually|yearly|monthly|weekly|daily|hourly)$"));
    static const QRegularExpression kFields(
        QStringLiteral("^((((\\d+,)*\\d+|(\\d+(\\/|-)\\d+)|\\*(\\/\\d+)?)\\s?){5})$"));
    const QString hint = QStringLiteral("; use five fields (minute hour day-of-month month day-of-week, such as "
                                        "\"*/5 * * * *\") or one of @hourly, @daily, @weekly, @monthly, @yearly");
    if (kDescriptor.match(value).hasMatch())
        return true;
    if (value.startsWith(QLatin1String("TZ=")) || value.startsWith(QLatin1String("CRON_TZ="))) {
        *error
            = QStringLiteral("invalid cronspec \"%1\": VolSync does not accept a time zone prefix%2").arg(value, hint);
        return false;
    }
    if (value.startsWith(QLatin1Char('@'))) {
        *error = QStringLiteral("invalid cronspec \"%1\": VolSync does not accept this descriptor%2").arg(value, hint);
        return false;
    }
    if (!kFields.match(value).hasMatch()) {
        *error = QStringLiteral("invalid cronspec \"%1\": it does not match the ReplicationSource schedule "
                                "pattern%2")
                     .arg(value, hint);
        return false;
    }
    const QStringList fields = value.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (fields.size() != 5) {
        *error = QStringLiteral("invalid cronspec \"%1\": expected 5 fields, found %2%3")
                     .arg(value)
                     .arg(fields.size())
                     .arg(hint);
        return false;
    }
    for (int i = 0; i < 5; ++i) {
        QString fieldError;
        if (!checkCronField(fields.at(i), kCronFields[i], &fieldError)) {
            *error = QStringLiteral("invalid cronspec \"%1\": %2").arg(value, fieldError);
            return false;
        }
    }
    return true;
}

std::optional<QString> ReplicationValidation::seccompProfileType(const QString &value, QString *error)
{
    const auto match
        = oneOf(value, {QStringLiteral("RuntimeDefault"), QStringLiteral("Localhost"), QStringLiteral("Unconfined")},
            Qt::CaseSensitive);
    if (!match)
        *error = QStringLiteral("invalid seccomp profile type: %1 (use RuntimeDefault, Localhost or Unconfined)")
                     .arg(value);
    return match;
}
