// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QTreeView;

/// How wide a column's contents are, measured on a bounded sample: the rows with the longest texts.
/// QTreeView::sizeHintForColumn lays out the text of up to 1,000 rows through the delegate (with 500 relationships
/// or fleet entries, tens of ms of the GUI thread in one turn); a text's width follows its length closely enough
/// that the widest is among the longest few (short of a few wide letters beating many narrow ones in a row that is
/// not sampled).
class ColumnWidthMeter
{
public:
    /// Rows measured per column (the longest texts).
    static constexpr int DefaultSample = 40;

    /// What QTreeView::sizeHintForColumn() gives (the rows shown: expanded children, not hidden or spanned ones;
    /// the tree's indentation), over the `sample` rows with the longest texts in `column`.
    [[nodiscard]] static int contentsWidth(const QTreeView *view, int column, int sample = DefaultSample);
};
