// SPDX-License-Identifier: GPL-3.0-or-later
#include "disasterrecoveryhistory.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QThread>

#include <atomic>

namespace {

const QList<std::pair<DisasterRecoveryRecord::Kind, QString>> &kindNames()
{
    static const QList<std::pair<DisasterRecoveryRecord::Kind, QString>> names {
        {DisasterRecoveryRecord::Kind::Failover, QStringLiteral("failover")},
        {DisasterRecoveryRecord::Kind::TestFailover, QStringLiteral("test-failover")},
        {DisasterRecoveryRecord::Kind::EndTest, QStringLiteral("end-test")},
        {DisasterRecoveryRecord::Kind::Failback, QStringLiteral("failback")},
    };
    return names;
}

QString isoTime(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODate) : QString();
}

QDateTime parseTime(const QString &text)
{
    const QDateTime time = QDateTime::fromString(text, Qt::ISODate);
    return time.isValid() ? time.toUTC() : QDateTime();
}

// A relationship id is a generated token; anything else would be a path, so it is refused.
bool isSafeId(const QString &id)
{
    if (id.isEmpty() || id.size() > 128)
        return false;
    for (const QChar c : id) {
        if (!c.isLetterOrNumber() && c != QLatin1Char('-') && c != QLatin1Char('_'))
            return false;
    }
    return true;
}

} // namespace

qint64 DisasterRecoveryRecord::dataAgeSeconds() const
{
    return dataTime.isValid() && time.isValid() ? dataTime.secsTo(time) : -1;
}

QString DisasterRecoveryRecord::kindName(Kind kind)
{
    for (const auto &[k, name] : kindNames()) {
        if (k == kind)
            return name;
    }
    return QString();
}

QVariantMap DisasterRecoveryRecord::toVariantMap() const
{
    return {{QStringLiteral("kind"), kindName(kind)}, {QStringLiteral("time"), isoTime(time)},
        {QStringLiteral("mode"), mode}, {QStringLiteral("restorePoint"), restorePoint},
        {QStringLiteral("dataTime"), isoTime(dataTime)}, {QStringLiteral("target"), target},
        {QStringLiteral("schedule"), schedule}, {QStringLiteral("succeeded"), succeeded},
        {QStringLiteral("message"), message}};
}

DisasterRecoveryRecord DisasterRecoveryRecord::fromVariantMap(const QVariantMap &map, bool *ok)
{
    DisasterRecoveryRecord record;
    bool known = false;
    const QString kind = map.value(QStringLiteral("kind")).toString();
    for (const auto &[k, name] : kindNames()) {
        if (name == kind) {
            record.kind = k;
            known = true;
        }
    }
    record.time = parseTime(map.value(QStringLiteral("time")).toString());
    record.mode = map.value(QStringLiteral("mode")).toString();
    record.restorePoint = map.value(QStringLiteral("restorePoint")).toString();
    record.dataTime = parseTime(map.value(QStringLiteral("dataTime")).toString());
    record.target = map.value(QStringLiteral("target")).toString();
    record.schedule = map.value(QStringLiteral("schedule")).toString();
    record.succeeded = map.value(QStringLiteral("succeeded")).toBool();
    record.message = map.value(QStringLiteral("message")).toString();
    if (ok)
        *ok = known && record.time.isValid();
    return record;
}

DisasterRecoveryHistory::DisasterRecoveryHistory(const QString &configDir)
    : mDirectory(QDir(configDir).filePath(QStringLiteral("dr-history")))
{ }

QString DisasterRecoveryHistory::filePath(const QString &relationshipId) const
{
    return QDir(mDirectory).filePath(relationshipId + QStringLiteral(".json"));
}

namespace {
std::atomic<int> gMainThreadReads {0};
} // namespace

int DisasterRecoveryHistory::mainThreadReads()
{
    return gMainThreadReads.load();
}

QList<DisasterRecoveryRecord> DisasterRecoveryHistory::records(const QString &relationshipId) const
{
    if (QCoreApplication *app = QCoreApplication::instance(); app && QThread::currentThread() == app->thread())
        ++gMainThreadReads;
    QList<DisasterRecoveryRecord> out;
    if (!isSafeId(relationshipId))
        return out;
    QFile file(filePath(relationshipId));
    if (!file.open(QIODevice::ReadOnly) || file.size() > 4 * 1024 * 1024)
        return out;
    const QJsonArray array = QJsonDocument::fromJson(file.readAll()).array();
    for (const QJsonValue &value : array) {
        bool ok = false;
        const DisasterRecoveryRecord record
            = DisasterRecoveryRecord::fromVariantMap(value.toObject().toVariantMap(), &ok);
        if (ok)
            out.append(record);
    }
    return out;
}

bool DisasterRecoveryHistory::append(
    const QString &relationshipId, const DisasterRecoveryRecord &record, QString *error) const
{
    if (!isSafeId(relationshipId)) {
        if (error)
            *error = QStringLiteral("the relationship has no usable id (\"%1\") to keep a history under")
                         .arg(relationshipId);
        return false;
    }
    QList<DisasterRecoveryRecord> all = records(relationshipId);
    all.append(record);
    while (all.size() > maxRecords)
        all.removeFirst();
    QJsonArray array;
    for (const DisasterRecoveryRecord &r : std::as_const(all))
        array.append(QJsonObject::fromVariantMap(r.toVariantMap()));
    if (!QDir().mkpath(mDirectory)) {
        if (error)
            *error = QStringLiteral("cannot create the history folder %1").arg(mDirectory);
        return false;
    }
    QSaveFile file(filePath(relationshipId));
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(array).toJson()) < 0 || !file.commit()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString());
        return false;
    }
    return true;
}

std::optional<DisasterRecoveryRecord> DisasterRecoveryHistory::activeFailover(const QString &relationshipId) const
{
    return activeFailover(records(relationshipId));
}

std::optional<DisasterRecoveryRecord> DisasterRecoveryHistory::activeFailover(const QList<DisasterRecoveryRecord> &all)
{
    for (auto it = all.crbegin(); it != all.crend(); ++it) {
        if (!it->succeeded)
            continue;
        if (it->kind == DisasterRecoveryRecord::Kind::Failback)
            return std::nullopt;
        if (it->kind == DisasterRecoveryRecord::Kind::Failover)
            return *it;
    }
    return std::nullopt;
}
