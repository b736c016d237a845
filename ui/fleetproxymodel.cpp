// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleetproxymodel.h"

#include "models/fleetmodel.h"
#include "statusstyle.h"

#include <QApplication>
#include <QPalette>
#include <QRegularExpression>

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
    if (left.column() == FleetModel::LagColumn)
        return left.data(FleetModel::LagSecondsRole).toLongLong() < right.data(FleetModel::LagSecondsRole).toLongLong();
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
    for (const int column :
        {FleetModel::NameColumn, FleetModel::MoverColumn, FleetModel::ClustersColumn, FleetModel::HealthColumn}) {
        if (expression.match(sourceModel()->index(sourceRow, column, sourceParent).data().toString()).hasMatch())
            return true;
    }
    return false;
}
