// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/fleetentry.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QPointer>

class FleetMonitor;

/// The fleet view's rows: one per FleetEntry (relationship or unmanaged object) with its RPO health, in the
/// monitor's order (grouped by cluster pair). Health is given as words (DisplayRole) and as StateRole; the view
/// maps the state to colour and icon (core has no GUI types). Sort by lag through LagSecondsRole.
class FleetModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        MoverColumn,
        ClustersColumn,
        HealthColumn,
        LagColumn,
        IntervalColumn,
        LastResultColumn,
        NextSyncColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role {
        EntryRole = Qt::UserRole + 1, ///< FleetEntry
        KeyRole, ///< QString: FleetEntry::key
        StateRole, ///< int (RpoState)
        LagSecondsRole, ///< qlonglong: the lag; never synced sorts last (max)
        ClusterPairRole, ///< QString: "a → b" or the context
        IsRelationshipRole, ///< bool: a relationship (the dashboard can open it) rather than an unmanaged object
        NextSyncRole, ///< QDateTime: the next sync (the Next sync column sorts by it)
    };
    Q_ENUM(Role)

    explicit FleetModel(QObject *parent = nullptr);

    /// Follows `monitor`'s entries from now on (nullptr: stop).
    void setMonitor(FleetMonitor *monitor);
    /// Shows these entries (what setMonitor() does on every change).
    void setEntries(const QList<FleetEntry> &entries);
    [[nodiscard]] QList<FleetEntry> entries() const { return mEntries; }
    /// The row of entry `key`, -1 when none.
    [[nodiscard]] int rowOf(const QString &key) const;
    /// "14:30" today, "8 Dec 02:00" later this year, "2027-01-04 02:00" beyond (local time).
    [[nodiscard]] static QString shortTime(const QDateTime &time, const QDateTime &now);
    /// How many entries are in each state (the status bar's summary).
    [[nodiscard]] int count(RpoState state) const;

    [[nodiscard]] int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

private:
    /// The monitor's entries of `keys` changed in their rows: those rows alone are read and told.
    void updateEntries(const QStringList &keys);
    void indexRows();

    QPointer<FleetMonitor> mMonitor;
    QList<FleetEntry> mEntries;
    QHash<QString, int> mRowOf; ///< key -> row, kept with mEntries
    bool mUpdatedInPlace = false; ///< the monitor's next entriesChanged() was told by updateEntries() already
};
