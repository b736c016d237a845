// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simtable.h"

#include "sim/simeventtable.h"
#include "sim/simresourceinfo.h"

#include <QJsonArray>
#include <QStringList>

namespace {

struct Column {
    const char *name;
    const char *type;
    const char *format;
    QStringList path; ///< JSON path from the object root
};

QList<Column> columnsFor(const SimResourceInfo &info)
{
    // From the CRDs' additionalPrinterColumns.
    QList<Column> columns;
    if (info.kind == QLatin1String("ReplicationSource"))
        columns.append({"Source", "string", "", {QStringLiteral("spec"), QStringLiteral("sourcePVC")}});
    columns.append({"Last sync", "string", "date-time", {QStringLiteral("status"), QStringLiteral("lastSyncTime")}});
    columns.append({"Duration", "string", "", {QStringLiteral("status"), QStringLiteral("lastSyncDuration")}});
    columns.append({"Next sync", "string", "date-time", {QStringLiteral("status"), QStringLiteral("nextSyncTime")}});
    return columns;
}

QJsonValue lookup(const QJsonObject &object, const QStringList &path)
{
    QJsonValue value = object;
    for (const QString &key : path) {
        if (!value.isObject())
            return QJsonValue::Null;
        value = value.toObject().value(key);
    }
    return value.isUndefined() ? QJsonValue(QJsonValue::Null) : value;
}

QJsonObject columnDefinition(const char *name, const char *type, const char *format, const QString &description)
{
    QJsonObject column;
    column.insert(QStringLiteral("name"), QLatin1String(name));
    column.insert(QStringLiteral("type"), QLatin1String(type));
    column.insert(QStringLiteral("format"), QLatin1String(format));
    column.insert(QStringLiteral("description"), description);
    column.insert(QStringLiteral("priority"), 0);
    return column;
}

} // namespace

bool SimTable::wanted(const QByteArray &accept, const SimResourceInfo &info)
{
    if (info.group != QLatin1String("volsync.backube") && info.kind != QLatin1String("Event"))
        return false;
    // The first acceptable type decides: "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"
    const QByteArray first = accept.split(',').value(0).replace(' ', QByteArray());
    return first.contains("as=Table") && first.contains("g=meta.k8s.io") && first.contains("v=v1");
}

QString SimTable::humanDuration(qint64 seconds)
{
    if (seconds < -1)
        return QStringLiteral("<invalid>");
    if (seconds < 0)
        return QStringLiteral("0s");
    if (seconds < 60 * 2)
        return QStringLiteral("%1s").arg(seconds);
    const qint64 minutes = seconds / 60;
    if (minutes < 10) {
        const qint64 s = seconds % 60;
        return s == 0 ? QStringLiteral("%1m").arg(minutes) : QStringLiteral("%1m%2s").arg(minutes).arg(s);
    }
    if (minutes < 60 * 3)
        return QStringLiteral("%1m").arg(minutes);
    const qint64 hours = minutes / 60;
    if (hours < 8) {
        const qint64 m = minutes % 60;
        return m == 0 ? QStringLiteral("%1h").arg(hours) : QStringLiteral("%1h%2m").arg(hours).arg(m);
    }
    if (hours < 48)
        return QStringLiteral("%1h").arg(hours);
    if (hours < 24 * 8) {
        const qint64 h = hours % 24;
        return h == 0 ? QStringLiteral("%1d").arg(hours / 24) : QStringLiteral("%1d%2h").arg(hours / 24).arg(h);
    }
    if (hours < 24 * 365 * 2)
        return QStringLiteral("%1d").arg(hours / 24);
    if (hours < 24 * 365 * 8) {
        const qint64 d = (hours / 24) % 365;
        return d == 0 ? QStringLiteral("%1y").arg(hours / 24 / 365)
                      : QStringLiteral("%1y%2d").arg(hours / 24 / 365).arg(d);
    }
    return QStringLiteral("%1y").arg(hours / 24 / 365);
}

QJsonObject SimTable::table(const SimResourceInfo &info, const QList<QJsonObject> &objects,
    const QString &resourceVersion, const QString &includeObject, const QDateTime &now, const QString &continueToken)
{
    const bool event = info.kind == QLatin1String("Event");
    const QList<Column> columns = columnsFor(info);
    QJsonArray definitions = event ? SimEventTable::columnDefinitions() : QJsonArray();
    if (!event)
        definitions.append(
            columnDefinition("Name", "string", "name", QStringLiteral("Name must be unique within a namespace.")));
    for (const Column &column : columns)
        definitions.append(columnDefinition(column.name, column.type, column.format, QString()));
    if (!event)
        definitions.append(columnDefinition("Age", "date", "",
            QStringLiteral("CreationTimestamp is a timestamp representing the server time "
                           "when this object was created.")));
    QJsonArray rows;
    for (const QJsonObject &object : objects) {
        const QJsonObject meta = object.value(QStringLiteral("metadata")).toObject();
        QJsonArray cells = event ? SimEventTable::cells(object, now) : QJsonArray();
        if (!event)
            cells.append(meta.value(QStringLiteral("name")));
        for (const Column &column : columns) {
            if (!event)
                cells.append(lookup(object, column.path));
        }
        const QDateTime created
            = QDateTime::fromString(meta.value(QStringLiteral("creationTimestamp")).toString(), Qt::ISODate);
        if (!event)
            cells.append(created.isValid() ? humanDuration(created.secsTo(now)) : QStringLiteral("<unknown>"));
        QJsonObject row;
        row.insert(QStringLiteral("cells"), cells);
        if (includeObject == QLatin1String("Object")) {
            row.insert(QStringLiteral("object"), object);
        } else if (includeObject != QLatin1String("None")) {
            QJsonObject partial;
            partial.insert(QStringLiteral("kind"), QStringLiteral("PartialObjectMetadata"));
            partial.insert(QStringLiteral("apiVersion"), QStringLiteral("meta.k8s.io/v1"));
            partial.insert(QStringLiteral("metadata"), meta);
            row.insert(QStringLiteral("object"), partial);
        }
        rows.append(row);
    }
    QJsonObject listMeta;
    listMeta.insert(QStringLiteral("resourceVersion"), resourceVersion);
    if (!continueToken.isEmpty())
        listMeta.insert(QStringLiteral("continue"), continueToken);
    QJsonObject result;
    result.insert(QStringLiteral("kind"), QStringLiteral("Table"));
    result.insert(QStringLiteral("apiVersion"), QStringLiteral("meta.k8s.io/v1"));
    result.insert(QStringLiteral("metadata"), listMeta);
    result.insert(QStringLiteral("columnDefinitions"), definitions);
    result.insert(QStringLiteral("rows"), rows);
    return result;
}
