// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/synchistory.h"

#include <QAbstractTableModel>

/// The syncs of one relationship as a table, newest first: start, duration, bytes sent (where the rsync mover
/// reported them), result, how it was started. toCsv() gives the same rows for a spreadsheet.
class SyncHistoryModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { StartColumn, DurationColumn, SentColumn, ResultColumn, TriggerColumn, ColumnCount };
    Q_ENUM(Column)

    explicit SyncHistoryModel(QObject *parent = nullptr);

    /// The records, oldest first (as SyncHistory and RelationshipMonitor keep them).
    void setRecords(const QList<SyncRecord> &records);
    [[nodiscard]] const QList<SyncRecord> &records() const { return mRecords; }

    /// RFC 4180 CSV with a header line: start and end in UTC (ISO 8601), duration in seconds, bytes sent (empty
    /// when not reported), result, trigger.
    [[nodiscard]] QString toCsv() const;

    [[nodiscard]] int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    [[nodiscard]] const SyncRecord &recordAt(int row) const;

    QList<SyncRecord> mRecords; ///< oldest first; shown newest first
};
