// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleetgroupmodel.h"

#include "fleetmodel.h"

namespace {

/// The states in the order a group's words list them: the worst first.
constexpr RpoState kWorstFirst[] = {RpoState::Failing, RpoState::Critical, RpoState::Late, RpoState::Unknown,
    RpoState::Paused, RpoState::ManualOnly, RpoState::Healthy};

int severity(RpoState state)
{
    const int count = int(std::size(kWorstFirst));
    for (int i = 0; i < count; ++i) {
        if (kWorstFirst[i] == state)
            return count - i;
    }
    return 0;
}

} // namespace

FleetGroupModel::FleetGroupModel(QObject *parent)
    : QAbstractProxyModel(parent)
{ }

void FleetGroupModel::setSourceModel(QAbstractItemModel *source)
{
    beginResetModel();
    if (sourceModel())
        sourceModel()->disconnect(this);
    QAbstractProxyModel::setSourceModel(source);
    if (source) {
        // Words changed in place, rows added and rows removed keep the groups (and so a view's selection, scroll
        // position and closed groups); a move, a new order or a reset regroups them.
        connect(source, &QAbstractItemModel::dataChanged, this, &FleetGroupModel::onSourceDataChanged);
        connect(source, &QAbstractItemModel::modelAboutToBeReset, this, &FleetGroupModel::beginReset);
        connect(source, &QAbstractItemModel::modelReset, this, &FleetGroupModel::endReset);
        connect(source, &QAbstractItemModel::rowsInserted, this, &FleetGroupModel::onSourceRowsInserted);
        connect(
            source, &QAbstractItemModel::rowsAboutToBeRemoved, this, &FleetGroupModel::onSourceRowsAboutToBeRemoved);
        connect(source, &QAbstractItemModel::rowsRemoved, this, &FleetGroupModel::onSourceRowsRemoved);
        connect(source, &QAbstractItemModel::rowsAboutToBeMoved, this, &FleetGroupModel::beginReset);
        connect(source, &QAbstractItemModel::rowsMoved, this, &FleetGroupModel::endReset);
        connect(source, &QAbstractItemModel::layoutAboutToBeChanged, this, &FleetGroupModel::beginReset);
        connect(source, &QAbstractItemModel::layoutChanged, this, &FleetGroupModel::endReset);
        connect(source, &QAbstractItemModel::headerDataChanged, this, &QAbstractItemModel::headerDataChanged);
    }
    rebuild();
    endResetModel();
}

QModelIndex FleetGroupModel::groupIndex(const QString &pair) const
{
    const int group = mGroupOfPair.value(pair, -1);
    return group < 0 ? QModelIndex() : createIndex(group, 0, quintptr(0));
}

QString FleetGroupModel::groupText(const QString &pair, bool relationships, const QMap<RpoState, int> &counts)
{
    int total = 0;
    QStringList parts;
    for (const RpoState state : kWorstFirst) {
        if (const int n = counts.value(state)) {
            total += n;
            parts.append(QStringLiteral("%1 %2").arg(n).arg(RpoHealth::stateName(state)));
        }
    }
    // (No translation is loaded to resolve "%n …(s)": the plural is chosen here.)
    const QString size = relationships
        ? (total == 1 ? tr("1 relationship") : tr("%1 relationships").arg(total))
        : (total == 1 ? tr("1 unmanaged object") : tr("%1 unmanaged objects").arg(total));
    return QStringLiteral("%1 · %2: %3").arg(pair, size, parts.join(QStringLiteral(", ")));
}

RpoState FleetGroupModel::worse(RpoState a, RpoState b)
{
    return severity(b) > severity(a) ? b : a;
}

QModelIndex FleetGroupModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= columnCount(parent))
        return {};
    if (!parent.isValid())
        return row < mGroups.size() ? createIndex(row, column, quintptr(0)) : QModelIndex();
    if (!isGroup(parent) || parent.column() != 0 || row >= mGroups.at(parent.row()).sourceRows.size())
        return {};
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex FleetGroupModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(groupOfId(child.internalId()), 0, quintptr(0));
}

QModelIndex FleetGroupModel::sibling(int row, int column, const QModelIndex &index) const
{
    return index.isValid() ? this->index(row, column, parent(index)) : QModelIndex();
}

int FleetGroupModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(mGroups.size());
    return isGroup(parent) && parent.column() == 0 ? int(mGroups.at(parent.row()).sourceRows.size()) : 0;
}

int FleetGroupModel::columnCount(const QModelIndex &parent) const
{
    if (!sourceModel() || (parent.isValid() && !isGroup(parent)))
        return 0;
    return sourceModel()->columnCount();
}

bool FleetGroupModel::hasChildren(const QModelIndex &parent) const
{
    return rowCount(parent) > 0;
}

QModelIndex FleetGroupModel::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!sourceModel() || !proxyIndex.isValid() || isGroup(proxyIndex))
        return {};
    const int group = groupOfId(proxyIndex.internalId());
    return sourceModel()->index(mGroups.at(group).sourceRows.at(proxyIndex.row()), proxyIndex.column());
}

QModelIndex FleetGroupModel::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || sourceIndex.model() != sourceModel() || sourceIndex.row() >= mGroupOfRow.size())
        return {};
    const int group = mGroupOfRow.at(sourceIndex.row());
    if (group < 0)
        return {}; // being inserted or removed
    return createIndex(mRowInGroup.at(sourceIndex.row()), sourceIndex.column(), quintptr(group + 1));
}

QVariant FleetGroupModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (!isGroup(index))
        return role == IsGroupRole ? QVariant(false) : QAbstractProxyModel::data(index, role);
    const Group &group = mGroups.at(index.row());
    switch (role) {
    case IsGroupRole:
        return true;
    case GroupSizeRole:
        return int(group.sourceRows.size());
    case FleetModel::ClusterPairRole:
        return group.pair;
    case FleetModel::StateRole:
        return int(group.worst);
    case FleetModel::IsRelationshipRole:
        return group.relationships;
    case Qt::DisplayRole:
        return index.column() == 0 ? QVariant(group.text) : QVariant();
    case Qt::ToolTipRole:
        return group.relationships
            ? tr("Relationships from %1 to %2")
                  .arg(group.pair.section(QStringLiteral(" → "), 0, 0), group.pair.section(QStringLiteral(" → "), 1))
            : tr("VolSync objects on %1 that no relationship file describes").arg(group.pair);
    default:
        return {};
    }
}

Qt::ItemFlags FleetGroupModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return {};
    // A group row only opens and closes; there is nothing to select or open in it.
    return isGroup(index) ? Qt::ItemIsEnabled : QAbstractProxyModel::flags(index);
}

QVariant FleetGroupModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    // (The base maps the section through the first row, a group row here, which has no source.)
    return orientation == Qt::Horizontal && sourceModel() ? sourceModel()->headerData(section, orientation, role)
                                                          : QVariant();
}

void FleetGroupModel::reindex()
{
    const int rows = sourceModel() ? sourceModel()->rowCount() : 0;
    mGroupOfRow = QList<int>(rows, -1);
    mRowInGroup = QList<int>(rows, -1);
    for (int group = 0; group < mGroups.size(); ++group) {
        const QList<int> &sourceRows = mGroups.at(group).sourceRows;
        for (int child = 0; child < sourceRows.size(); ++child) {
            mGroupOfRow[sourceRows.at(child)] = group;
            mRowInGroup[sourceRows.at(child)] = child;
        }
    }
}

void FleetGroupModel::onSourceRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    const int count = last - first + 1;
    for (Group &group : mGroups) {
        for (int &row : group.sourceRows) {
            if (row >= first)
                row += count;
        }
    }
    // The new rows by group. Within a group they are one run of children: its other rows are all before `first`
    // or after `last`. A new pair's group goes last, with all its rows, so that the other groups keep their rows
    // (and their entries their internal ids).
    QMap<int, QList<int>> rowsOfGroup;
    QList<Group> added;
    for (int row = first; row <= last; ++row) {
        const QModelIndex index = sourceModel()->index(row, 0);
        const QString pair = index.data(FleetModel::ClusterPairRole).toString();
        const bool relationship = index.data(FleetModel::IsRelationshipRole).toBool();
        const int group = mGroupOfPair.value(pair, -1);
        auto fresh = std::find_if(added.begin(), added.end(), [&pair](const Group &g) { return g.pair == pair; });
        const bool otherKind = group >= 0 ? mGroups.at(group).relationships != relationship
                                          : fresh != added.end() && fresh->relationships != relationship;
        if (otherKind) {
            endReset(); // one pair for entries of both kinds: regroup (rare)
            return;
        }
        if (group >= 0) {
            rowsOfGroup[group].append(row);
        } else if (fresh != added.end()) {
            fresh->sourceRows.append(row);
        } else {
            Group g;
            g.pair = pair;
            g.relationships = relationship;
            g.sourceRows = {row};
            added.append(g);
        }
    }
    for (auto it = rowsOfGroup.cbegin(); it != rowsOfGroup.cend(); ++it) {
        QList<int> &rows = mGroups[it.key()].sourceRows;
        const int child = int(std::lower_bound(rows.begin(), rows.end(), it.value().first()) - rows.begin());
        beginInsertRows(createIndex(it.key(), 0, quintptr(0)), child, child + int(it.value().size()) - 1);
        for (int i = 0; i < it.value().size(); ++i)
            rows.insert(child + i, it.value().at(i));
        reindex();
        endInsertRows();
    }
    if (!added.isEmpty()) {
        const int firstGroup = int(mGroups.size());
        beginInsertRows(QModelIndex(), firstGroup, firstGroup + int(added.size()) - 1);
        for (const Group &g : std::as_const(added)) {
            mGroupOfPair.insert(g.pair, int(mGroups.size()));
            mGroups.append(g);
            recount(int(mGroups.size()) - 1);
        }
        reindex();
        endInsertRows();
    }
    recountAndTell(rowsOfGroup.keys());
}

void FleetGroupModel::onSourceRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    QList<int> touched;
    for (int row = last; row >= first; --row) {
        const int group = mGroupOfRow.value(row, -1);
        if (group < 0 || mGroups.at(group).sourceRows.size() == 1) {
            // A group that empties would take its row and shift the later groups' ids: regroup instead.
            beginReset();
            mRemovalRegroups = true;
            return;
        }
        const int child = mRowInGroup.at(row);
        beginRemoveRows(createIndex(group, 0, quintptr(0)), child, child);
        mGroups[group].sourceRows.removeAt(child);
        reindex(); // the source still has the row: it is in no group now
        endRemoveRows();
        if (!touched.contains(group))
            touched.append(group);
    }
    mRemovedTouched = touched;
}

void FleetGroupModel::onSourceRowsRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    if (mRemovalRegroups) {
        mRemovalRegroups = false;
        endReset();
        return;
    }
    const int count = last - first + 1;
    for (Group &group : mGroups) {
        for (int &row : group.sourceRows) {
            if (row > last)
                row -= count;
        }
    }
    reindex();
    recountAndTell(std::exchange(mRemovedTouched, {}));
}

void FleetGroupModel::recountAndTell(const QList<int> &groups)
{
    const int lastColumn = columnCount() - 1;
    for (const int group : groups) {
        if (recount(group))
            Q_EMIT dataChanged(createIndex(group, 0, quintptr(0)), createIndex(group, lastColumn, quintptr(0)));
    }
}

void FleetGroupModel::rebuild()
{
    mGroups.clear();
    mGroupOfPair.clear();
    mGroupOfRow.clear();
    mRowInGroup.clear();
    QAbstractItemModel *source = sourceModel();
    const int rows = source ? source->rowCount() : 0;
    mGroupOfRow.reserve(rows);
    mRowInGroup.reserve(rows);
    for (int row = 0; row < rows; ++row) {
        const QModelIndex index = source->index(row, 0);
        const QString pair = index.data(FleetModel::ClusterPairRole).toString();
        auto it = mGroupOfPair.constFind(pair);
        if (it == mGroupOfPair.constEnd()) {
            it = mGroupOfPair.insert(pair, int(mGroups.size()));
            Group group;
            group.pair = pair;
            group.relationships = index.data(FleetModel::IsRelationshipRole).toBool();
            mGroups.append(group);
        }
        Group &group = mGroups[it.value()];
        mGroupOfRow.append(it.value());
        mRowInGroup.append(int(group.sourceRows.size()));
        group.sourceRows.append(row);
    }
    for (int group = 0; group < mGroups.size(); ++group)
        recount(group);
}

bool FleetGroupModel::recount(int group)
{
    Group &g = mGroups[group];
    QMap<RpoState, int> counts;
    RpoState worst = RpoState::Healthy;
    for (const int row : std::as_const(g.sourceRows)) {
        const auto state = RpoState(sourceModel()->index(row, 0).data(FleetModel::StateRole).toInt());
        ++counts[state];
        worst = worse(worst, state);
    }
    if (counts == g.counts && worst == g.worst && !g.text.isEmpty())
        return false;
    g.counts = counts;
    g.worst = worst;
    g.text = groupText(g.pair, g.relationships, counts);
    return true;
}

void FleetGroupModel::beginReset()
{
    if (mResetting)
        return;
    mResetting = true;
    beginResetModel();
}

void FleetGroupModel::endReset()
{
    if (!mResetting)
        beginResetModel();
    rebuild();
    mResetting = false;
    endResetModel();
}

void FleetGroupModel::onSourceDataChanged(
    const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    if (!topLeft.isValid() || topLeft.parent().isValid())
        return;
    // An entry that moved to another pair (or of another kind): the groups change.
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
        const Group &group = mGroups.at(mGroupOfRow.at(row));
        const QModelIndex index = sourceModel()->index(row, 0);
        if (index.data(FleetModel::ClusterPairRole).toString() != group.pair
            || index.data(FleetModel::IsRelationshipRole).toBool() != group.relationships) {
            endReset();
            return;
        }
    }
    QList<int> groups;
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
        const int group = mGroupOfRow.at(row);
        const int child = mRowInGroup.at(row);
        Q_EMIT dataChanged(createIndex(child, topLeft.column(), quintptr(group + 1)),
            createIndex(child, bottomRight.column(), quintptr(group + 1)), roles);
        if (!groups.contains(group))
            groups.append(group);
    }
    recountAndTell(groups);
}
