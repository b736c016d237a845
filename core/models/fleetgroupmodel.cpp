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
        // Only a change of words in place keeps the groups; every other change of the rows regroups them.
        connect(source, &QAbstractItemModel::dataChanged, this, &FleetGroupModel::onSourceDataChanged);
        connect(source, &QAbstractItemModel::modelAboutToBeReset, this, &FleetGroupModel::beginReset);
        connect(source, &QAbstractItemModel::modelReset, this, &FleetGroupModel::endReset);
        connect(source, &QAbstractItemModel::rowsAboutToBeInserted, this, &FleetGroupModel::beginReset);
        connect(source, &QAbstractItemModel::rowsInserted, this, &FleetGroupModel::endReset);
        connect(source, &QAbstractItemModel::rowsAboutToBeRemoved, this, &FleetGroupModel::beginReset);
        connect(source, &QAbstractItemModel::rowsRemoved, this, &FleetGroupModel::endReset);
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
    const int lastColumn = columnCount() - 1;
    for (const int group : std::as_const(groups)) {
        if (recount(group))
            Q_EMIT dataChanged(createIndex(group, 0, quintptr(0)), createIndex(group, lastColumn, quintptr(0)));
    }
}
