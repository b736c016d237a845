// SPDX-License-Identifier: GPL-3.0-or-later
#include "synchistorymodel.h"

#include <QLocale>

namespace {

QString csvField(const QString &value)
{
    if (!value.contains(QLatin1Char(',')) && !value.contains(QLatin1Char('"')) && !value.contains(QLatin1Char('\n')))
        return value;
    QString quoted = value;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString seconds(qint64 ms)
{
    return QString::number(ms / 1000.0, 'f', 1);
}

} // namespace

SyncHistoryModel::SyncHistoryModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void SyncHistoryModel::setRecords(const QList<SyncRecord> &records)
{
    beginResetModel();
    mRecords = records;
    endResetModel();
}

const SyncRecord &SyncHistoryModel::recordAt(int row) const
{
    return mRecords.at(mRecords.size() - 1 - row);
}

QString SyncHistoryModel::toCsv() const
{
    QString out = QStringLiteral("start,end,duration_s,sent_bytes,result,trigger\r\n");
    for (int row = 0; row < rowCount(); ++row) {
        const SyncRecord &r = recordAt(row);
        out += QStringList {csvField(r.start.toUTC().toString(Qt::ISODate)),
                   csvField(r.end.toUTC().toString(Qt::ISODate)), seconds(r.durationMs),
                   r.bytesSent >= 0 ? QString::number(r.bytesSent) : QString(), csvField(r.result),
                   r.manual ? QStringLiteral("manual") : QStringLiteral("schedule")}
                   .join(QLatin1Char(','))
            + QStringLiteral("\r\n");
    }
    return out;
}

int SyncHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(mRecords.size());
}

int SyncHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SyncHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const SyncRecord &r = recordAt(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case StartColumn:
            return QLocale().toString(r.start.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        case DurationColumn:
            return tr("%1 s").arg(QLocale().toString(r.durationMs / 1000.0, 'f', 1));
        case SentColumn:
            return r.bytesSent >= 0 ? QLocale().formattedDataSize(r.bytesSent) : QStringLiteral("—");
        case ResultColumn:
            return r.result == QLatin1String("Successful") ? tr("succeeded") : tr("failed");
        case TriggerColumn:
            return r.manual ? tr("by hand (Sync now)") : tr("schedule");
        }
    } else if (role == Qt::ToolTipRole && index.column() == SentColumn) {
        return r.bytesSent >= 0 ? tr("%1 bytes, as the rsync mover reported").arg(QLocale().toString(r.bytesSent))
                                : tr("The mover did not report it for this sync");
    } else if (role == Qt::UserRole) {
        switch (index.column()) {
        case StartColumn:
            return r.start;
        case DurationColumn:
            return r.durationMs;
        case SentColumn:
            return r.bytesSent;
        case ResultColumn:
            return r.result;
        case TriggerColumn:
            return r.manual;
        }
    } else if (role == Qt::TextAlignmentRole && (index.column() == DurationColumn || index.column() == SentColumn)) {
        return int(Qt::AlignRight | Qt::AlignVCenter);
    }
    return QVariant();
}

QVariant SyncHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case StartColumn:
        return tr("Started");
    case DurationColumn:
        return tr("Duration");
    case SentColumn:
        return tr("Sent");
    case ResultColumn:
        return tr("Result");
    case TriggerColumn:
        return tr("Started by");
    }
    return QVariant();
}
