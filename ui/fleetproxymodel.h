// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/rpohealth.h"
#include "statusstyle.h"

#include <QSortFilterProxyModel>

/// The fleet view's sorting, filtering and look over FleetGroupModel (entries grouped by cluster pair): the groups
/// keep their order, the entries sort within their group (the Lag column by the lag in seconds, never synced
/// last); the filter text matches an entry's name, mover, clusters and health, and shows the groups of the
/// entries it matches; the Health column (and a group's row) gets the colour and icon of its state (StatusStyle:
/// every state also keeps its words).
class FleetProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit FleetProxyModel(QObject *parent = nullptr);

    /// The colour and icon kind of an RPO state (every state also keeps its words).
    [[nodiscard]] static StatusStyle::Kind kindOf(RpoState state);

    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

protected:
    [[nodiscard]] bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;
    [[nodiscard]] bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
};
