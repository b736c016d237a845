// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleetmodel.h"

#include "engine/fleetmonitor.h"

#include <QLocale>
#include <QSet>

#include <limits>

FleetModel::FleetModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void FleetModel::setMonitor(FleetMonitor *monitor)
{
    if (mMonitor)
        mMonitor->disconnect(this);
    mMonitor = monitor;
    if (!monitor) {
        setEntries({});
        return;
    }
    connect(monitor, &FleetMonitor::entriesUpdated, this, &FleetModel::updateEntries);
    connect(monitor, &FleetMonitor::entriesChanged, this, [this] {
        if (std::exchange(mUpdatedInPlace, false))
            return;
        setEntries(mMonitor->entries());
    });
    setEntries(monitor->entries());
}

void FleetModel::updateEntries(const QStringList &keys)
{
    // A watch event changes one or two entries of hundreds: not the whole list compared again.
    mUpdatedInPlace = true;
    for (const QString &key : keys) {
        const int row = mRowOf.value(key, -1);
        const std::optional<FleetEntry> entry = mMonitor->entry(key);
        if (row < 0 || !entry || entry->key != key) {
            // Not the rows this model has (cannot happen while it follows the monitor): compare everything.
            mUpdatedInPlace = false;
            return;
        }
        if (mEntries.at(row) == *entry)
            continue;
        mEntries[row] = *entry;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
}

void FleetModel::indexRows()
{
    mRowOf.clear();
    mRowOf.reserve(mEntries.size());
    for (qsizetype i = 0; i < mEntries.size(); ++i)
        mRowOf.insert(mEntries.at(i).key, int(i));
}

void FleetModel::setEntries(const QList<FleetEntry> &entries)
{
    // Minimal row changes, so that a view keeps its selection and scroll position: the rows gone are removed, the
    // new ones inserted where they belong and the changed ones reported. Rows that moved relative to each other
    // (a renamed cluster pair) cannot be told that way: then the model is reset.
    bool sameRows = entries.size() == mEntries.size();
    for (qsizetype i = 0; sameRows && i < entries.size(); ++i)
        sameRows = entries.at(i).key == mEntries.at(i).key;
    if (sameRows) { // the usual case: only the changed rows are told
        for (qsizetype i = 0; i < entries.size(); ++i) {
            if (entries.at(i) == mEntries.at(i))
                continue;
            mEntries[i] = entries.at(i);
            Q_EMIT dataChanged(index(int(i), 0), index(int(i), ColumnCount - 1));
        }
        return;
    }
    QSet<QString> wanted;
    for (const FleetEntry &entry : entries)
        wanted.insert(entry.key);
    if (wanted.size() != entries.size()) { // duplicate keys: no row identity to keep
        beginResetModel();
        mEntries = entries;
        indexRows();
        endResetModel();
        return;
    }
    for (qsizetype row = mEntries.size() - 1; row >= 0; --row) {
        if (wanted.contains(mEntries.at(row).key))
            continue;
        qsizetype first = row;
        while (first > 0 && !wanted.contains(mEntries.at(first - 1).key))
            --first;
        beginRemoveRows({}, int(first), int(row));
        mEntries.remove(first, row - first + 1);
        indexRows();
        endRemoveRows();
        row = first;
    }
    QSet<QString> kept;
    for (const FleetEntry &entry : std::as_const(mEntries))
        kept.insert(entry.key);
    // The kept rows must be in the new order already; the new ones are inserted between them.
    qsizetype keptSeen = 0;
    for (const FleetEntry &entry : entries) {
        if (!kept.contains(entry.key))
            continue;
        if (keptSeen >= mEntries.size() || mEntries.at(keptSeen).key != entry.key) {
            beginResetModel();
            mEntries = entries;
            indexRows();
            endResetModel();
            return;
        }
        ++keptSeen;
    }
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const FleetEntry &entry = entries.at(i);
        if (!kept.contains(entry.key)) {
            qsizetype last = i;
            while (last + 1 < entries.size() && !kept.contains(entries.at(last + 1).key))
                ++last;
            beginInsertRows({}, int(i), int(last));
            mEntries.insert(i, last - i + 1, FleetEntry());
            for (qsizetype j = i; j <= last; ++j)
                mEntries[j] = entries.at(j);
            indexRows();
            endInsertRows();
            i = last;
            continue;
        }
        if (mEntries.at(i) == entry)
            continue;
        mEntries[i] = entry;
        Q_EMIT dataChanged(index(int(i), 0), index(int(i), ColumnCount - 1));
    }
}

QString FleetModel::shortTime(const QDateTime &time, const QDateTime &now)
{
    // Most next syncs are today: the time alone leaves the room to the names (at 1024x700 it was the date).
    const QDateTime local = time.toLocalTime();
    const QDate today = now.toLocalTime().date();
    if (local.date() == today)
        return local.toString(QStringLiteral("HH:mm"));
    if (local.date().year() == today.year())
        return QLocale::c().toString(local, QStringLiteral("d MMM HH:mm"));
    return local.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

int FleetModel::rowOf(const QString &key) const
{
    return mRowOf.value(key, -1);
}

int FleetModel::count(RpoState state) const
{
    return int(std::count_if(
        mEntries.cbegin(), mEntries.cend(), [state](const FleetEntry &e) { return e.health.state == state; }));
}

int FleetModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(mEntries.size());
}

int FleetModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FleetModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const FleetEntry &e = mEntries.at(index.row());
    switch (role) {
    case EntryRole:
        return QVariant::fromValue(e);
    case KeyRole:
        return e.key;
    case StateRole:
        return int(e.health.state);
    case NextSyncRole:
        return e.nextSyncTime;
    case LagSecondsRole:
        return qlonglong(e.health.lagSeconds < 0 ? std::numeric_limits<qint64>::max() : e.health.lagSeconds);
    case ClusterPairRole:
        return e.clusterPair();
    case IsRelationshipRole:
        return e.kind == FleetEntry::Kind::Relationship;
    case Qt::ToolTipRole:
        return e.health.reason;
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case NameColumn:
        return e.kind == FleetEntry::Kind::Relationship ? e.name : QStringLiteral("%1 (%2)").arg(e.name, e.kindName());
    case MoverColumn:
        return e.mover;
    case ClustersColumn:
        return e.clusterPair();
    case HealthColumn: {
        QString words = RpoHealth::stateName(e.health.state);
        if (e.health.state == RpoState::Unknown && e.lastKnownState != RpoState::Unknown)
            words += tr(" (was %1)").arg(RpoHealth::stateName(e.lastKnownState));
        if (e.health.missedIntervals > 0 && RpoHealth::isAlarming(e.health.state))
            words += tr(", %n missed", nullptr, e.health.missedIntervals);
        return words;
    }
    case LagColumn:
        return e.health.lagSeconds < 0 ? tr("never") : RpoHealth::formatSeconds(e.health.lagSeconds);
    case IntervalColumn:
        return e.health.intervalSeconds > 0 ? RpoHealth::formatSeconds(e.health.intervalSeconds) : QStringLiteral("-");
    case LastResultColumn:
        return e.lastResult.isEmpty() ? QStringLiteral("-") : e.lastResult;
    case NextSyncColumn:
        return e.nextSyncTime.isValid() ? shortTime(e.nextSyncTime, QDateTime::currentDateTime()) : QStringLiteral("-");
    default:
        return {};
    }
}

QVariant FleetModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case MoverColumn:
        return tr("Mover");
    case ClustersColumn:
        return tr("Clusters"); // "prod → dr", or the one cluster of an unmanaged object
    case HealthColumn:
        return tr("Health");
    case LagColumn:
        return tr("Lag");
    case IntervalColumn:
        return tr("Interval");
    case LastResultColumn:
        return tr("Last result");
    case NextSyncColumn:
        return tr("Next sync");
    default:
        return {};
    }
}

QHash<int, QByteArray> FleetModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(KeyRole, "key");
    names.insert(StateRole, "state");
    names.insert(LagSecondsRole, "lagSeconds");
    names.insert(ClusterPairRole, "clusterPair");
    return names;
}
