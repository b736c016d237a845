// SPDX-License-Identifier: GPL-3.0-or-later
#include "activitylogmodel.h"

#include "engine/operationtracker.h"
#include "engine/statustransition.h"
#include "relationshipsmodel.h"

#include "common/redaction.h"
#include "kube/kuberequestrecord.h"

#include <QLocale>
#include <QRegularExpression>
#include <QTimer>

ActivityLogModel::ActivityLogModel(QObject *parent)
    : QAbstractTableModel(parent)
    , mFlushTimer(new QTimer(this))
{
    mFlushTimer->setSingleShot(true);
    mFlushTimer->setInterval(150);
    connect(mFlushTimer, &QTimer::timeout, this, &ActivityLogModel::flush);
}

QString ActivityLogModel::scrub(const QString &text)
{
    const QString marker = redactedMarker();
    QString out = text;
    // PEM blocks (private keys, certificates).
    static const QRegularExpression pem(QStringLiteral("-----BEGIN ([A-Z ]+)-----[\\s\\S]*?(-----END \\1-----|$)"));
    out.replace(pem, QStringLiteral("-----BEGIN \\1----- ") + marker);
    // Authorization schemes.
    static const QRegularExpression bearer(QStringLiteral("\\b(Bearer|Basic)\\s+[A-Za-z0-9._~+/=-]+"));
    out.replace(bearer, QStringLiteral("\\1 ") + marker);
    // key: value / key=value for secret-looking keys.
    static const QRegularExpression keyed(
        QStringLiteral(
            "(\\b(?:token|password|passwd|secret|client-key-data|client-key|id-token|refresh-token|psk|psk\\.txt|"
            "ssh-privatekey|private[-_]?key|access[-_]?key|apikey|api[-_]key)\\b\"?\\s*[:=]\\s*\"?)([^\\s\",}]+)"),
        QRegularExpression::CaseInsensitiveOption);
    out.replace(keyed, QStringLiteral("\\1") + marker);
    // JWT-looking strings.
    static const QRegularExpression jwt(QStringLiteral("\\beyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*"));
    out.replace(jwt, marker);
    return out;
}

QString ActivityLogModel::levelText(Level level)
{
    switch (level) {
    case Level::Info:
        return tr("Info");
    case Level::Success:
        return tr("OK");
    case Level::Warning:
        return tr("Warning");
    case Level::Error:
        return tr("Error");
    }
    return QString();
}

void ActivityLogModel::follow(OperationTracker *tracker)
{
    connect(tracker, &OperationTracker::logged, this,
        [this](OperationTracker::LogLevel level, const QString &where, const QString &message) {
            switch (level) {
            case OperationTracker::LogLevel::Info:
                append(Level::Info, where, message);
                break;
            case OperationTracker::LogLevel::Success:
                append(Level::Success, where, message);
                break;
            case OperationTracker::LogLevel::Warning:
                append(Level::Warning, where, message);
                break;
            case OperationTracker::LogLevel::Error:
                append(Level::Error, where, message);
                break;
            }
        });
}

void ActivityLogModel::follow(RelationshipsModel *relationships)
{
    connect(relationships, &RelationshipsModel::statusChanged, this,
        [this, relationships](const QString &name, const ReplicationStatus &status) {
            const int row = relationships->rowOf(name);
            if (row < 0 || !relationships->index(row, 0).data(RelationshipsModel::ReadyRole).toBool())
                return;
            const auto previous = mLastStatus.constFind(name);
            const std::optional<ReplicationStatus> before
                = previous == mLastStatus.constEnd() ? std::nullopt : std::optional<ReplicationStatus>(*previous);
            mLastStatus.insert(name, status);
            // In batches: a cluster going wrong fails hundreds of relationships at once.
            const QList<StatusTransition> lines = StatusTransition::between(name, before, status);
            for (const StatusTransition &line : lines) {
                switch (line.level) {
                case StatusTransition::Level::Info:
                    appendInBatch(Level::Info, name, line.message);
                    break;
                case StatusTransition::Level::Success:
                    appendInBatch(Level::Success, name, line.message);
                    break;
                case StatusTransition::Level::Warning:
                    appendInBatch(Level::Warning, name, line.message);
                    break;
                case StatusTransition::Level::Error:
                    appendInBatch(Level::Error, name, line.message);
                    break;
                }
            }
        });
}

void ActivityLogModel::append(Level level, const QString &cluster, const QString &message)
{
    // After the API calls that led to this step.
    mPending.append(Entry {QDateTime::currentDateTimeUtc(), level, cluster, scrub(message), Category::Step});
    flush();
}

void ActivityLogModel::appendInBatch(Level level, const QString &cluster, const QString &message)
{
    mPending.append(Entry {QDateTime::currentDateTimeUtc(), level, cluster, scrub(message), Category::Step});
    if (!mFlushTimer->isActive())
        mFlushTimer->start();
}

void ActivityLogModel::appendRequest(const KubeRequestRecord &record)
{
    Entry entry = requestEntry(record);
    entry.message = scrub(entry.message);
    mPending.append(entry);
    if (!mFlushTimer->isActive())
        mFlushTimer->start();
}

void ActivityLogModel::flush()
{
    mFlushTimer->stop();
    if (mPending.isEmpty())
        return;
    QList<Entry> batch;
    batch.swap(mPending);
    insertBatch(std::move(batch));
}

int ActivityLogModel::batchIntervalMs() const
{
    return mFlushTimer->interval();
}

void ActivityLogModel::setBatchIntervalMs(int intervalMs)
{
    mFlushTimer->setInterval(qMax(0, intervalMs));
}

void ActivityLogModel::insertBatch(QList<Entry> batch)
{
    if (batch.size() > mMaxEntries)
        batch.remove(0, batch.size() - mMaxEntries);
    const int drop = qMin(int(mEntries.size()), int(mEntries.size() + batch.size()) - mMaxEntries);
    if (drop > 0) {
        beginRemoveRows(QModelIndex(), 0, drop - 1);
        mEntries.remove(0, drop);
        endRemoveRows();
    }
    const int first = int(mEntries.size());
    beginInsertRows(QModelIndex(), first, first + int(batch.size()) - 1);
    mEntries.append(std::move(batch));
    endInsertRows();
}

QString ActivityLogModel::durationText(qint64 ms)
{
    if (ms < 1000)
        return tr("%1 ms").arg(qMax<qint64>(0, ms));
    if (ms < 60000)
        return tr("%1 s").arg(QLocale::c().toString(ms / 1000.0, 'f', 1));
    const qint64 seconds = ms / 1000;
    return tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
}

ActivityLogModel::Entry ActivityLogModel::requestEntry(const KubeRequestRecord &record)
{
    Entry entry;
    entry.time = QDateTime::currentDateTimeUtc();
    entry.category = Category::Request;
    entry.cluster = record.contextName.isEmpty() ? record.clusterName : record.contextName;
    const QString call = QString::fromLatin1(record.method) + QLatin1Char(' ') + record.path;
    const QString version = record.httpVersion.isEmpty() ? QString() : QStringLiteral(", ") + record.httpVersion;
    const QString retries = record.retries == 1 ? tr(" after 1 retry")
        : record.retries > 1                    ? tr(" after %1 retries").arg(record.retries)
                                                : QString();
    const QString took = durationText(record.durationMs);
    // The person-readable error on one line (the table shows one line; the tooltip the same text).
    QString problem = record.error.personMessage();
    problem.replace(QStringLiteral("\n  - "), QStringLiteral("; ")).replace(QLatin1Char('\n'), QLatin1Char(' '));
    const bool canceled = record.error.kind() == KubeError::Kind::Canceled;

    // "watch secrets in namespace "a"" without the verb.
    const QString watched = record.description.mid(record.description.indexOf(QLatin1Char(' ')) + 1);
    if (record.event == KubeRequestRecord::Event::WatchStarted) {
        entry.level = Level::Info;
        entry.message = tr("Watch started: %1 (%2%3)").arg(watched, call, version);
        return entry;
    }
    if (record.isWatch()) {
        if (!record.error.isError()) {
            entry.level = Level::Info;
            entry.message = tr("Watch of %1 closed by the server after %2, resuming").arg(watched, took);
        } else if (canceled) {
            entry.level = Level::Info;
            entry.message = tr("Watch of %1 stopped after %2").arg(watched, took);
        } else if (record.error.isGone()) {
            // Routine: the server no longer has the history the watch asked for.
            entry.level = Level::Info;
            entry.message = tr("Watch of %1 ended after %2: the server's history moved on (HTTP 410), listing again")
                                .arg(watched, took);
        } else {
            entry.level = Level::Warning;
            entry.message = tr("Watch of %1 ended after %2, reconnecting. %3").arg(watched, took, problem);
        }
        return entry;
    }
    if (!record.error.isError()) {
        entry.level = Level::Info;
        entry.message = tr("%1: HTTP %2 in %3%4%5").arg(call).arg(record.httpStatus).arg(took, retries, version);
    } else if (canceled) {
        entry.level = Level::Info;
        entry.message = tr("%1: canceled after %2").arg(call, took);
    } else {
        // A GET that finds nothing is how the app checks whether an object exists: not a warning.
        const bool lookup = record.error.isNotFound() && record.verb == KubeRequest::Verb::Get;
        entry.level = lookup ? Level::Info : Level::Warning;
        const QString status = record.httpStatus > 0 ? tr("HTTP %1").arg(record.httpStatus) : tr("no answer");
        entry.message = tr("%1: %2 in %3%4%5. %6").arg(call, status, took, retries, version, problem);
    }
    return entry;
}

void ActivityLogModel::clear()
{
    beginResetModel();
    mEntries.clear();
    mPending.clear();
    mFlushTimer->stop();
    endResetModel();
}

void ActivityLogModel::setMaxEntries(int maxEntries)
{
    mMaxEntries = qMax(1, maxEntries);
    if (mEntries.size() > mMaxEntries) {
        const int drop = int(mEntries.size()) - mMaxEntries;
        beginRemoveRows(QModelIndex(), 0, drop - 1);
        mEntries.remove(0, drop);
        endRemoveRows();
    }
}

QString ActivityLogModel::toText(const QList<int> &rows) const
{
    QStringList lines;
    for (int row : rows) {
        if (row < 0 || row >= mEntries.size()) {
            continue;
        }
        const Entry &entry = mEntries.at(row);
        lines.append(entry.time.toString(Qt::ISODate) + QLatin1Char('\t') + levelText(entry.level) + QLatin1Char('\t')
            + (entry.cluster.isEmpty() ? QStringLiteral("-") : entry.cluster) + QLatin1Char('\t') + entry.message);
    }
    return lines.join(QLatin1Char('\n'));
}

int ActivityLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(mEntries.size());
}

int ActivityLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ActivityLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return QVariant();
    }
    const Entry &entry = mEntries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return entry.time.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
        case LevelColumn:
            return levelText(entry.level);
        case ClusterColumn:
            return entry.cluster;
        case MessageColumn:
            return entry.message;
        }
        break;
    case Qt::ToolTipRole:
        return entry.message;
    case LevelRole:
        return int(entry.level);
    case TimeRole:
        return entry.time;
    case ClusterRole:
        return entry.cluster;
    case MessageRole:
        return entry.message;
    case CategoryRole:
        return int(entry.category);
    }
    return QVariant();
}

QVariant ActivityLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case LevelColumn:
        return tr("Result");
    case ClusterColumn:
        // The cluster of an API call or object, the relationship of a step.
        return tr("Where");
    case MessageColumn:
        return tr("What happened");
    }
    return QVariant();
}
