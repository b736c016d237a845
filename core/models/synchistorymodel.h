// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/synchistory.h"

#include <QAbstractTableModel>

/// The syncs of one relationship as a table, newest first: start, duration, result, how it was started.
/// toCsv() gives the same rows for a spreadsheet. The mover does not report transferred bytes in VolSync's
/// status, so there is no bytes column.
class SyncHistoryModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { StartColumn, DurationColumn, ResultColumn, TriggerColumn, ColumnCount };
    Q_ENUM(Column)

    explicit SyncHistoryModel(QObject *parent = nullptr);

    /// The records, oldest first (as SyncHistory and RelationshipMonitor keep them).
    void setRecords(const QList<SyncRecord> &records);
    [[nodiscard]] const QList<SyncRecord> &records() const { return mRecords; }

    /// RFC 4180 CSV with a header line: start and end in UTC (ISO 8601), duration in seconds, result, trigger.
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
