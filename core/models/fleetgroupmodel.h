// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/rpohealth.h"

#include <QAbstractProxyModel>
#include <QHash>
#include <QList>
#include <QMap>

/// FleetModel's rows grouped by cluster pair, for the fleet view: one parent row per "source → destination" pair
/// (or per context, for the unmanaged objects found there) in the order the pairs first appear in the source,
/// with the entries of that pair as its children (in the source's order). A group row says its pair and how many
/// of its entries are in each state ("fa → fb · 7 relationships: 1 failing, 6 healthy") and gives the worst state
/// as FleetModel::StateRole; an entry row is the source's row as it is.
///
/// Updates keep the groups while no entry moves to another pair: a change of an entry's words changes its row and
/// its group's row in place; rows added go into their group (a new pair's group goes last) and rows removed leave
/// theirs. Anything else (an entry's pair changed, a group emptied, rows moved or reordered) resets the groups.
class FleetGroupModel : public QAbstractProxyModel
{
    Q_OBJECT
public:
    enum Role {
        IsGroupRole = Qt::UserRole + 100, ///< bool: a group row (no entry)
        GroupSizeRole, ///< int: how many entries the group holds (on a group row)
    };
    Q_ENUM(Role)

    explicit FleetGroupModel(QObject *parent = nullptr);

    /// A FleetModel (or a model with its roles: ClusterPairRole, StateRole, IsRelationshipRole).
    void setSourceModel(QAbstractItemModel *source) override;

    /// The group row of cluster pair `pair` (as FleetEntry::clusterPair() says it); invalid when none.
    [[nodiscard]] QModelIndex groupIndex(const QString &pair) const;
    /// The group row's words for `counts` (by state) of a pair: "fa → fb · 7 relationships: 1 failing, 6 healthy".
    [[nodiscard]] static QString groupText(const QString &pair, bool relationships, const QMap<RpoState, int> &counts);
    /// The worse of two states, for a group's colour and icon: failing, critical, late, unknown, paused, manual
    /// only, healthy.
    [[nodiscard]] static RpoState worse(RpoState a, RpoState b);

    [[nodiscard]] QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    [[nodiscard]] QModelIndex parent(const QModelIndex &child) const override;
    [[nodiscard]] QModelIndex sibling(int row, int column, const QModelIndex &index) const override;
    [[nodiscard]] int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    [[nodiscard]] bool hasChildren(const QModelIndex &parent = QModelIndex()) const override;
    [[nodiscard]] QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    [[nodiscard]] QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] Qt::ItemFlags flags(const QModelIndex &index) const override;
    [[nodiscard]] QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Group {
        QString pair;
        bool relationships = false;
        QList<int> sourceRows;
        QMap<RpoState, int> counts;
        RpoState worst = RpoState::Healthy;
        QString text;
    };

    /// The group of internal id `id` of an entry row (ids: 0 for group rows, group + 1 for entry rows).
    [[nodiscard]] static int groupOfId(quintptr id) { return int(id) - 1; }
    [[nodiscard]] bool isGroup(const QModelIndex &index) const { return index.isValid() && index.internalId() == 0; }
    void rebuild();
    /// Counts, worst state and words of group `group` from the source; true when they changed.
    bool recount(int group);
    void beginReset();
    void endReset();
    void onSourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles);
    void onSourceRowsInserted(const QModelIndex &parent, int first, int last);
    void onSourceRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last);
    void onSourceRowsRemoved(const QModelIndex &parent, int first, int last);
    /// mGroupOfRow and mRowInGroup from the groups' source rows.
    void reindex();
    /// Recounts `groups` and tells the views of those whose words changed.
    void recountAndTell(const QList<int> &groups);

    QList<Group> mGroups;
    QHash<QString, int> mGroupOfPair;
    QList<int> mGroupOfRow; ///< by source row
    QList<int> mRowInGroup; ///< by source row
    bool mResetting = false;
    bool mRemovalRegroups = false; ///< a removal under way is told as a reset
    QList<int> mRemovedTouched; ///< the groups a removal under way changed
};
