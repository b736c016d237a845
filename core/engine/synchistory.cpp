// SPDX-License-Identifier: GPL-3.0-or-later
#include "synchistory.h"

#include <algorithm>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>

SyncHistory::SyncHistory(const QString &directory)
    : mDirectory(directory.isEmpty() ? defaultDirectory() : directory)
{ }

QString SyncHistory::defaultDirectory()
{
    QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    if (base.isEmpty())
        base = QDir::homePath() + QStringLiteral("/.local/share");
    return base + QStringLiteral("/volsync-desktop/sync-history");
}

QString SyncHistory::filePath(const QString &relationshipId) const
{
    static const QRegularExpression kSafe(QStringLiteral("^[A-Za-z0-9-]+$"));
    if (!kSafe.match(relationshipId).hasMatch())
        return {};
    return QDir(mDirectory).filePath(relationshipId + QStringLiteral(".json"));
}

QList<SyncRecord> SyncHistory::records(const QString &relationshipId) const
{
    QList<SyncRecord> out;
    const QString path = filePath(relationshipId);
    QFile file(path);
    if (path.isEmpty() || !file.open(QIODevice::ReadOnly))
        return out;
    const QJsonArray array = QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String("syncs")).toArray();
    for (const QJsonValue &value : array) {
        const QJsonObject o = value.toObject();
        SyncRecord r;
        r.start = QDateTime::fromString(o.value(QLatin1String("start")).toString(), Qt::ISODateWithMs);
        r.end = QDateTime::fromString(o.value(QLatin1String("end")).toString(), Qt::ISODateWithMs);
        r.durationMs = qint64(o.value(QLatin1String("durationMs")).toDouble());
        r.result = o.value(QLatin1String("result")).toString();
        r.manual = o.value(QLatin1String("manual")).toBool();
        r.bytesSent = qint64(o.value(QLatin1String("bytesSent")).toDouble(-1));
        if (r.end.isValid())
            out.append(r);
    }
    return out;
}

bool SyncHistory::append(const QString &relationshipId, const SyncRecord &record, QString *error) const
{
    const QString path = filePath(relationshipId);
    if (path.isEmpty()) {
        if (error)
            *error = QStringLiteral("invalid relationship id \"%1\"").arg(relationshipId);
        return false;
    }
    QList<SyncRecord> list = records(relationshipId);
    for (const SyncRecord &existing : std::as_const(list)) {
        if (existing.end == record.end)
            return true;
    }
    list.append(record);
    std::stable_sort(list.begin(), list.end(), [](const SyncRecord &a, const SyncRecord &b) { return a.end < b.end; });
    while (list.size() > maxRecords)
        list.removeFirst();
    QJsonArray array;
    for (const SyncRecord &r : std::as_const(list)) {
        QJsonObject o {
            {QStringLiteral("start"), r.start.toUTC().toString(Qt::ISODateWithMs)},
            {QStringLiteral("end"), r.end.toUTC().toString(Qt::ISODateWithMs)},
            {QStringLiteral("durationMs"), double(r.durationMs)},
            {QStringLiteral("result"), r.result},
            {QStringLiteral("manual"), r.manual},
        };
        if (r.bytesSent >= 0)
            o.insert(QStringLiteral("bytesSent"), double(r.bytesSent));
        array.append(o);
    }
    if (!QDir().mkpath(mDirectory)) {
        if (error)
            *error = QStringLiteral("cannot create the folder %1").arg(mDirectory);
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    file.write(QJsonDocument(QJsonObject {{QStringLiteral("syncs"), array}}).toJson(QJsonDocument::Compact));
    if (!file.commit()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

void SyncHistory::remove(const QString &relationshipId) const
{
    const QString path = filePath(relationshipId);
    if (!path.isEmpty())
        QFile::remove(path);
}

qint64 SyncHistory::medianDurationMs(const QList<SyncRecord> &records)
{
    if (records.isEmpty())
        return -1;
    QList<qint64> durations;
    durations.reserve(records.size());
    for (const SyncRecord &record : records)
        durations.append(record.durationMs);
    std::sort(durations.begin(), durations.end());
    const qsizetype middle = durations.size() / 2;
    return durations.size() % 2 == 1 ? durations.at(middle) : (durations.at(middle - 1) + durations.at(middle)) / 2;
}

qint64 SyncHistory::bytesSentIn(const QString &moverLogs)
{
    // rsync's summary: "sent 41,708,720 bytes  received 3,001 bytes  6,756,028.67 bytes/sec" (thousands
    // separators as its locale writes them, or none).
    static const QRegularExpression sent(QStringLiteral("(?:^|\\n)\\s*sent ([0-9][0-9,.']*) bytes"));
    const QRegularExpressionMatch match = sent.match(moverLogs);
    if (!match.hasMatch())
        return -1;
    QString digits = match.captured(1);
    digits.remove(QLatin1Char(',')).remove(QLatin1Char('.')).remove(QLatin1Char('\''));
    bool ok = false;
    const qint64 bytes = digits.toLongLong(&ok);
    return ok ? bytes : -1;
}
