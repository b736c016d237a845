// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>

class QAbstractItemModel;
class QTreeView;

/// Keeps a list's columns readable without sideways scrolling (issue 13: at 1024x700 the clusters' and
/// relationships' lists were cut): the columns named to fit their contents are sized to them, and while the
/// columns are wider than the view, the optional ones are hidden, the least needed first; they come back when
/// there is room again. What they show is in the row's tool tip and the dashboard. A column the person hid or
/// showed from the header's menu is left as they chose.
/// The contents are measured on a sample of the rows (ColumnWidthMeter), once per change of the model: a resize of
/// the view fits again with the widths measured before.
class ColumnFitter : public QObject
{
    Q_OBJECT
public:
    /// `fitToContents`: columns sized to their text. `optional`: columns that may be hidden, the first first.
    ColumnFitter(QTreeView *view, const QList<int> &fitToContents, const QList<int> &optional);

    /// Sizes and hides again (after the rows changed; a resize of the view does it by itself).
    void fit();
    /// The columns hidden for lack of room now.
    [[nodiscard]] QSet<int> hiddenForRoom() const { return mHiddenForRoom; }
    /// How many times a column's contents were measured (tests).
    [[nodiscard]] int measureCount() const { return mMeasureCount; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void arrange();
    [[nodiscard]] int neededWidth();
    /// The width of `column`'s contents, measured when the model changed since the last time.
    [[nodiscard]] int contentsWidth(int column);
    void followModel();

    QTreeView *mView;
    QPointer<QWidget> mViewport; ///< kept: the view is no longer a scroll area while QWidget deletes its children
    QPointer<QAbstractItemModel> mModel; ///< the model whose changes forget the widths
    QList<int> mFitToContents;
    QList<int> mOptional;
    QSet<int> mHiddenForRoom;
    QHash<int, int> mContentsWidths;
    int mMeasureCount = 0;
    bool mFitting = false;
};
