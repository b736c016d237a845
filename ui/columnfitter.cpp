// SPDX-License-Identifier: GPL-3.0-or-later
#include "columnfitter.h"

#include <QEvent>
#include <QHeaderView>
#include <QTimer>
#include <QTreeView>

ColumnFitter::ColumnFitter(QTreeView *view, const QList<int> &fitToContents, const QList<int> &optional)
    : QObject(view)
    , mView(view)
    , mViewport(view->viewport())
    , mFitToContents(fitToContents)
    , mOptional(optional)
{
    mViewport->installEventFilter(this);
    // A column the person shows or hides from the header's menu is theirs from then on.
    connect(view->header(), &QHeaderView::sectionResized, this, [this](int column, int, int size) {
        if (mFitting || !mHiddenForRoom.contains(column) || size == 0)
            return;
        mHiddenForRoom.remove(column);
        mOptional.removeAll(column);
    });
}

bool ColumnFitter::eventFilter(QObject *watched, QEvent *event)
{
    // Only the viewport's resizes, compared by pointer: the viewport still gets events while the view is being
    // destroyed, when calling into the view (a QAbstractScrollArea no more) is undefined.
    if (event->type() == QEvent::Resize && watched == mViewport && !mFitting)
        fit();
    return QObject::eventFilter(watched, event);
}

int ColumnFitter::neededWidth() const
{
    const QHeaderView *header = mView->header();
    int width = 0;
    for (int column = 0; column < header->count(); ++column) {
        if (header->isSectionHidden(column))
            continue;
        // The last column stretches over what is left: it needs its text, not its current width.
        const bool last = header->visualIndex(column) == header->count() - 1 - header->hiddenSectionCount()
            && header->stretchLastSection();
        width += last ? qMax(static_cast<const QAbstractItemView *>(mView)->sizeHintForColumn(column),
                     header->sectionSizeHint(column))
                      : header->sectionSize(column);
    }
    return width;
}

void ColumnFitter::fit()
{
    if (!mView->model())
        return;
    mFitting = true;
    QHeaderView *header = mView->header();
    for (int column : std::as_const(mHiddenForRoom))
        mView->setColumnHidden(column, false);
    mHiddenForRoom.clear();
    for (int column : std::as_const(mFitToContents)) {
        if (!header->isSectionHidden(column))
            mView->resizeColumnToContents(column);
    }
    const int room = mView->viewport()->width();
    for (int column : std::as_const(mOptional)) {
        if (neededWidth() <= room)
            break;
        if (header->isSectionHidden(column) || header->count() - header->hiddenSectionCount() <= 1)
            continue;
        mView->setColumnHidden(column, true);
        mHiddenForRoom.insert(column);
    }
    mFitting = false;
}
