// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>

class QTreeView;

/// Keeps a list's columns readable without sideways scrolling (issue 13: at 1024x700 the clusters' and
/// relationships' lists were cut): the columns named to fit their contents are sized to them, and while the
/// columns are wider than the view, the optional ones are hidden, the least needed first; they come back when
/// there is room again. What they show is in the row's tool tip and the dashboard. A column the person hid or
/// showed from the header's menu is left as they chose.
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

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    [[nodiscard]] int neededWidth() const;

    QTreeView *mView;
    QPointer<QWidget> mViewport; ///< kept: the view is no longer a scroll area while QWidget deletes its children
    QList<int> mFitToContents;
    QList<int> mOptional;
    QSet<int> mHiddenForRoom;
    bool mFitting = false;
};
