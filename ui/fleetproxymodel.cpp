// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleetproxymodel.h"

#include "models/fleetgroupmodel.h"
#include "models/fleetmodel.h"
#include "statusstyle.h"

#include <QApplication>
#include <QFont>
#include <QPalette>
#include <QRegularExpression>

FleetProxyModel::FleetProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    // A group shows while any of its entries does.
    setRecursiveFilteringEnabled(true);
}

StatusStyle::Kind FleetProxyModel::kindOf(RpoState state)
{
    switch (state) {
    case RpoState::Healthy:
        return StatusStyle::Kind::Ok;
    case RpoState::Late:
        return StatusStyle::Kind::Warning;
    case RpoState::Critical:
    case RpoState::Failing:
        return StatusStyle::Kind::Error;
    case RpoState::Paused:
        return StatusStyle::Kind::Waiting;
    case RpoState::ManualOnly:
    case RpoState::Unknown:
        break;
    }
    return StatusStyle::Kind::Neutral;
}

QVariant FleetProxyModel::data(const QModelIndex &index, int role) const
{
    if (QSortFilterProxyModel::data(index, FleetGroupModel::IsGroupRole).toBool()) {
        // A group's row: its words in bold, with the icon of its worst state.
        if (role == Qt::FontRole) {
            QFont font = QApplication::font();
            font.setBold(true);
            return font;
        }
        if (role == Qt::DecorationRole && index.column() == 0)
            return StatusStyle::icon(
                kindOf(RpoState(QSortFilterProxyModel::data(index, FleetModel::StateRole).toInt())));
        return QSortFilterProxyModel::data(index, role);
    }
    if (index.column() == FleetModel::HealthColumn && (role == Qt::DecorationRole || role == Qt::ForegroundRole)) {
        const auto state = RpoState(QSortFilterProxyModel::data(index, FleetModel::StateRole).toInt());
        if (role == Qt::DecorationRole)
            return StatusStyle::icon(kindOf(state));
        return StatusStyle::color(kindOf(state), QApplication::palette());
    }
    return QSortFilterProxyModel::data(index, role);
}

bool FleetProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    // The groups keep their order whichever the column and the direction (a descending sort asks lessThan(right,
    // left)); only the entries within each group sort.
    if (left.data(FleetGroupModel::IsGroupRole).toBool())
        return sortOrder() == Qt::AscendingOrder ? left.row() < right.row() : right.row() < left.row();
    if (left.column() == FleetModel::LagColumn)
        return left.data(FleetModel::LagSecondsRole).toLongLong() < right.data(FleetModel::LagSecondsRole).toLongLong();
    if (left.column() == FleetModel::NextSyncColumn)
        return left.data(FleetModel::NextSyncRole).toDateTime() < right.data(FleetModel::NextSyncRole).toDateTime();
    if (left.column() == FleetModel::HealthColumn)
        return left.data(FleetModel::StateRole).toInt() < right.data(FleetModel::StateRole).toInt();
    return QSortFilterProxyModel::lessThan(left, right);
}

bool FleetProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    // The expression, not its pattern: setFilterFixedString() escapes the text ("payments\\-fa").
    const QRegularExpression expression = filterRegularExpression();
    if (expression.pattern().isEmpty())
        return true;
    // A group row shows through its entries (recursive filtering), not through its own words.
    if (!sourceParent.isValid() && sourceModel()->index(sourceRow, 0).data(FleetGroupModel::IsGroupRole).toBool())
        return false;
    for (const int column :
        {FleetModel::NameColumn, FleetModel::MoverColumn, FleetModel::ClustersColumn, FleetModel::HealthColumn}) {
        if (expression.match(sourceModel()->index(sourceRow, column, sourceParent).data().toString()).hasMatch())
            return true;
    }
    return false;
}
