// SPDX-License-Identifier: GPL-3.0-or-later
#include "activitylogmodel.h"

#include "common/redaction.h"

#include <QLocale>
#include <QRegularExpression>

ActivityLogModel::ActivityLogModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

QString ActivityLogModel::scrub(const QString &text)
{
    const QString marker = volsync::redactedMarker();
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

void ActivityLogModel::append(Level level, const QString &cluster, const QString &message)
{
    if (mEntries.size() >= mMaxEntries) {
        const int drop = int(mEntries.size()) - mMaxEntries + 1;
        beginRemoveRows(QModelIndex(), 0, drop - 1);
        mEntries.remove(0, drop);
        endRemoveRows();
    }
    const int row = int(mEntries.size());
    beginInsertRows(QModelIndex(), row, row);
    mEntries.append(Entry {QDateTime::currentDateTimeUtc(), level, cluster, scrub(message)});
    endInsertRows();
}

void ActivityLogModel::clear()
{
    beginResetModel();
    mEntries.clear();
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
        return tr("Cluster");
    case MessageColumn:
        return tr("What happened");
    }
    return QVariant();
}
