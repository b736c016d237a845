// SPDX-License-Identifier: GPL-3.0-or-later
#include "columnwidthmeter.h"

#include <QHeaderView>
#include <QTreeView>

#include <algorithm>
#include <vector>

namespace {
struct Candidate {
    qsizetype length;
    QModelIndex index;
    int level;
};

void collect(const QTreeView *view, const QModelIndex &parent, int column, int level, std::vector<Candidate> *out)
{
    const QAbstractItemModel *model = view->model();
    const int rows = model->rowCount(parent);
    for (int row = 0; row < rows; ++row) {
        if (view->isRowHidden(row, parent))
            continue;
        const QModelIndex first = model->index(row, 0, parent);
        // A spanning row (a group's header) is not measured, as in QTreeView.
        if (!view->isFirstColumnSpanned(row, parent)) {
            const QModelIndex index = model->index(row, column, parent);
            out->push_back({index.data(Qt::DisplayRole).toString().size(), index, level});
        }
        if (view->isExpanded(first) && model->hasChildren(first))
            collect(view, first, column, level + 1, out);
    }
}
} // namespace

int ColumnWidthMeter::contentsWidth(const QTreeView *view, int column, int sample)
{
    if (!view->model() || column < 0 || column >= view->model()->columnCount())
        return 0;
    std::vector<Candidate> candidates;
    candidates.reserve(size_t(view->model()->rowCount()));
    collect(view, view->rootIndex(), column, 0, &candidates);
    const auto longest = [](const Candidate &a, const Candidate &b) { return a.length > b.length; };
    if (sample >= 0 && candidates.size() > size_t(sample)) {
        std::nth_element(candidates.begin(), candidates.begin() + sample, candidates.end(), longest);
        candidates.resize(size_t(sample));
    }
    // The tree's lines and expanders are drawn in the column at the tree's position (QTreeView's indentation).
    const int treeColumn = view->treePosition() >= 0 ? view->treePosition() : view->header()->logicalIndex(0);
    int width = 0;
    for (const Candidate &candidate : candidates) {
        int indentation = 0;
        if (column == treeColumn)
            indentation = (candidate.level + (view->rootIsDecorated() ? 1 : 0)) * view->indentation();
        width = std::max(width, view->sizeHintForIndex(candidate.index).width() + indentation);
    }
    return width;
}
