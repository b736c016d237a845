// SPDX-License-Identifier: GPL-3.0-or-later
#include "replicationvalidation.h"

#include "common/cronschedule.h"

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
    return CronSchedule::crdPattern();
}

bool ReplicationValidation::cronSpec(const QString &value, QString *error)
{
    static const QRegularExpression kDescriptor(QStringLiteral("^@(annually|yearly|monthly|weekly|daily|hourly)$"));
    // The CRD's five-field branch, anchored at both ends (the CRD anchors it only at the end).
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
    const CronSchedule schedule = CronSchedule::parse(value);
    if (!schedule.isValid()) {
        *error = QStringLiteral("invalid cronspec \"%1\": %2").arg(value, schedule.errorString());
        return false;
    }
    if (!kFields.match(value).hasMatch() || !schedule.acceptedByCrd()) {
        *error = QStringLiteral("invalid cronspec \"%1\": the ReplicationSource schedule pattern does not accept it "
                                "(no names or '?')%2")
                     .arg(value, hint);
        return false;
    }
    if (value.split(QLatin1Char(' '), Qt::SkipEmptyParts).size() != 5) {
        *error = QStringLiteral("invalid cronspec \"%1\": expected 5 fields separated by spaces%2").arg(value, hint);
        return false;
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
