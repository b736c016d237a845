// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simeventtable.h"

#include "sim/simtable.h"

namespace {

QJsonObject column(const char *name, const char *type, int priority, const char *description)
{
    return QJsonObject {{QStringLiteral("name"), QLatin1String(name)}, {QStringLiteral("type"), QLatin1String(type)},
        {QStringLiteral("format"), QString()}, {QStringLiteral("description"), QLatin1String(description)},
        {QStringLiteral("priority"), priority}};
}

QString age(const QString &timestamp, const QDateTime &now)
{
    const QDateTime time = QDateTime::fromString(timestamp, Qt::ISODate);
    return time.isValid() ? SimTable::humanDuration(time.secsTo(now)) : QStringLiteral("<unknown>");
}

} // namespace

QJsonArray SimEventTable::columnDefinitions()
{
    return QJsonArray {column("Last Seen", "string", 0, "Time when this Event was last seen"),
        column("Type", "string", 0, "Type of this event (Normal, Warning), new types could be added in the future."),
        column("Reason", "string", 0, "Reason why the action was taken. It is human-readable."),
        column("Object", "string", 0, "The object that this event is about. Mapped from events.regarding"),
        column("Subobject", "string", 1, "The subobject that this event is about."),
        column("Source", "string", 1, "The component reporting this event."),
        column("Message", "string", 0, "A human-readable description of the status of this operation."),
        column("First Seen", "string", 1, "Time when this Event was first seen"),
        column("Count", "string", 1, "Number of times this event has occurred"),
        column("Name", "string", 1, "Name must be unique within a namespace.")};
}

QJsonArray SimEventTable::cells(const QJsonObject &event, const QDateTime &now)
{
    const QJsonObject involved = event.value(QStringLiteral("involvedObject")).toObject();
    const QString last = event.value(QStringLiteral("lastTimestamp")).toString();
    const QString first = event.value(QStringLiteral("firstTimestamp")).toString();
    const int count = event.value(QStringLiteral("count")).toInt(1);
    const QString lastSeen = count > 1
        ? QStringLiteral("%1 (x%2 over %3)").arg(age(last, now)).arg(count).arg(age(first, now))
        : age(last, now);
    return QJsonArray {lastSeen, event.value(QStringLiteral("type")), event.value(QStringLiteral("reason")),
        QString(involved.value(QStringLiteral("kind")).toString().toLower() + QLatin1Char('/')
            + involved.value(QStringLiteral("name")).toString()),
        involved.value(QStringLiteral("fieldPath")).toString(),
        event.value(QStringLiteral("source")).toObject().value(QStringLiteral("component")).toString(),
        event.value(QStringLiteral("message")), age(first, now), QString::number(count),
        event.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name"))};
}
