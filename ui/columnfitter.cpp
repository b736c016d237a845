// SPDX-License-Identifier: GPL-3.0-or-later
#include "columnfitter.h"

#include "columnwidthmeter.h"

#include <QEvent>
#include <QHeaderView>
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
    // Only the viewport's events, compared by pointer: the viewport still gets events while the view is being
    // destroyed, when calling into the view (a QAbstractScrollArea no more) is undefined.
    if (watched == mViewport && !mFitting) {
        if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
            mContentsWidths.clear(); // other letters: other widths
        if (event->type() == QEvent::Resize)
            arrange();
    }
    return QObject::eventFilter(watched, event);
}

void ColumnFitter::followModel()
{
    QAbstractItemModel *model = mView->model();
    if (model == mModel)
        return;
    if (mModel)
        mModel->disconnect(this);
    mModel = model;
    mContentsWidths.clear();
    if (!model)
        return;
    // Any change may change a width: forgotten now, measured again when next needed.
    const auto forget = [this] { mContentsWidths.clear(); };
    connect(model, &QAbstractItemModel::dataChanged, this, forget);
    connect(model, &QAbstractItemModel::rowsInserted, this, forget);
    connect(model, &QAbstractItemModel::rowsRemoved, this, forget);
    connect(model, &QAbstractItemModel::rowsMoved, this, forget);
    connect(model, &QAbstractItemModel::modelReset, this, forget);
    connect(model, &QAbstractItemModel::layoutChanged, this, forget);
}

int ColumnFitter::contentsWidth(int column)
{
    followModel();
    const auto known = mContentsWidths.constFind(column);
    if (known != mContentsWidths.cend())
        return *known;
    ++mMeasureCount;
    const int width = ColumnWidthMeter::contentsWidth(mView, column);
    mContentsWidths.insert(column, width);
    return width;
}

int ColumnFitter::neededWidth()
{
    const QHeaderView *header = mView->header();
    int width = 0;
    for (int column = 0; column < header->count(); ++column) {
        if (header->isSectionHidden(column))
            continue;
        // The last column stretches over what is left: it needs its text, not its current width.
        const bool last = header->visualIndex(column) == header->count() - 1 - header->hiddenSectionCount()
            && header->stretchLastSection();
        width += last ? qMax(contentsWidth(column), header->sectionSizeHint(column)) : header->sectionSize(column);
    }
    return width;
}

void ColumnFitter::fit()
{
    followModel();
    mContentsWidths.clear();
    arrange();
}

void ColumnFitter::arrange()
{
    if (!mView->model())
        return;
    mFitting = true;
    QHeaderView *header = mView->header();
    for (int column : std::as_const(mHiddenForRoom))
        mView->setColumnHidden(column, false);
    mHiddenForRoom.clear();
    for (int column : std::as_const(mFitToContents)) {
        // As QTreeView::resizeColumnToContents: the contents or the header's text, whichever is wider.
        if (!header->isSectionHidden(column))
            header->resizeSection(
                column, qMax(contentsWidth(column), header->isHidden() ? 0 : header->sectionSizeHint(column)));
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
