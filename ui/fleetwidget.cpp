// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleetwidget.h"

#include "columnwidthmeter.h"

#include "fleetproxymodel.h"
#include "models/fleetgroupmodel.h"
#include "models/fleetmodel.h"

#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QScrollBar>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

FleetWidget::FleetWidget(FleetModel *model, QWidget *parent)
    : QWidget(parent)
    , mModel(model)
    , mGroups(new FleetGroupModel(this))
    , mProxy(new FleetProxyModel(this))
    , mFilter(new QLineEdit(this))
    , mView(new QTreeView(this))
{
    mGroups->setSourceModel(model);
    mProxy->setSourceModel(mGroups);
    mProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    mFilter->setPlaceholderText(tr("Filter by name, cluster, mover or health"));
    mFilter->setClearButtonEnabled(true);
    auto *filterLabel = new QLabel(tr("F&ilter:"), this);
    filterLabel->setObjectName(QStringLiteral("fleetFilterLabel"));
    mFilter->setObjectName(QStringLiteral("fleetFilter"));
    filterLabel->setBuddy(mFilter);
    connect(mFilter, &QLineEdit::textChanged, mProxy,
        [this](const QString &text) { mProxy->setFilterFixedString(text.trimmed()); });
    mView->setModel(mProxy);
    mView->setSortingEnabled(true);
    mView->sortByColumn(-1, Qt::AscendingOrder); // the monitor's order within each group
    mView->setSelectionBehavior(QAbstractItemView::SelectRows);
    mView->setSelectionMode(QAbstractItemView::SingleSelection);
    mView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    mView->setAllColumnsShowFocus(true);
    mView->setUniformRowHeights(true); // (500 rows: one measure of a row's height, not 500)
    mView->setExpandsOnDoubleClick(true); // a group's row opens and closes; an entry's row opens the entry
    // One line a row; the columns fit their words once the entries are there (the name column at most a third).
    mView->setWordWrap(false);
    mView->setTextElideMode(Qt::ElideMiddle);
    mView->header()->setStretchLastSection(true);
    // The group's row says the cluster pair: the column that repeated it on every row gives its room to the names
    // (the filter still matches it).
    mView->setColumnHidden(FleetModel::ClustersColumn, true);
    mView->setIndentation(mView->fontMetrics().height());
    mView->setContextMenuPolicy(Qt::CustomContextMenu);
    mView->setAccessibleName(tr("Fleet"));
    connect(mView, &QTreeView::doubleClicked, this, [this](const QModelIndex &index) {
        if (!index.data(FleetGroupModel::IsGroupRole).toBool())
            Q_EMIT entryActivated(index.data(FleetModel::EntryRole).value<FleetEntry>());
    });
    connect(mView, &QTreeView::customContextMenuRequested, this, &FleetWidget::showMenu);
    // The measured widths hold until the rows shown change (entries, their words, the filter, the order).
    const auto forget = [this] { mContentsWidths.clear(); };
    connect(mProxy, &QAbstractItemModel::modelReset, this, forget);
    connect(mProxy, &QAbstractItemModel::dataChanged, this, forget);
    connect(mProxy, &QAbstractItemModel::rowsInserted, this, forget);
    connect(mProxy, &QAbstractItemModel::rowsRemoved, this, forget);
    connect(mProxy, &QAbstractItemModel::layoutChanged, this, forget);
    connect(mView, &QTreeView::expanded, this, forget);
    connect(mView, &QTreeView::collapsed, this, forget);
    // The groups: spanned and open again whenever the view forgets them (a reset, a group filtered back in). The
    // view connected to the proxy first (setModel above), so it has forgotten them when these run.
    connect(mProxy, &QAbstractItemModel::modelReset, this, &FleetWidget::showGroups);
    connect(mProxy, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &parent) {
        if (!parent.isValid())
            showGroups();
    });
    connect(mProxy, &QAbstractItemModel::layoutChanged, this, &FleetWidget::showGroups);
    connect(mView, &QTreeView::collapsed, this,
        [this](const QModelIndex &index) { mClosedGroups.insert(index.data(FleetModel::ClusterPairRole).toString()); });
    connect(mView, &QTreeView::expanded, this,
        [this](const QModelIndex &index) { mClosedGroups.remove(index.data(FleetModel::ClusterPairRole).toString()); });
    connect(model, &QAbstractItemModel::modelReset, this, [this, forget] {
        forget();
        fitColumns();
    });
    mView->viewport()->installEventFilter(this);

    auto *top = new QHBoxLayout;
    top->addWidget(filterLabel);
    top->addWidget(mFilter, 1);
    // (The summary of the entries is in the status bar, once.)
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(mView, 1);
    showGroups();
}

void FleetWidget::showGroups()
{
    for (int row = 0; row < mProxy->rowCount(); ++row) {
        const QModelIndex group = mProxy->index(row, 0);
        mView->setFirstColumnSpanned(row, QModelIndex(), true);
        const bool open = !mClosedGroups.contains(group.data(FleetModel::ClusterPairRole).toString());
        if (mView->isExpanded(group) != open)
            mView->setExpanded(group, open);
    }
}

QString FleetWidget::summary() const
{
    QStringList parts;
    for (RpoState state : {RpoState::Critical, RpoState::Failing, RpoState::Late, RpoState::Unknown, RpoState::Healthy,
             RpoState::Paused, RpoState::ManualOnly}) {
        if (const int n = mModel->count(state))
            parts.append(QStringLiteral("%1 %2").arg(n).arg(RpoHealth::stateName(state)));
    }
    return tr("%n entries", nullptr, mModel->rowCount())
        + (parts.isEmpty() ? QString() : QStringLiteral(": ") + parts.join(QStringLiteral(", ")));
}

void FleetWidget::setMuted(const QString &key, bool muted)
{
    if (muted)
        mMuted.insert(key);
    else
        mMuted.remove(key);
}

bool FleetWidget::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == mView->viewport() && !mFitting
        && (event->type() == QEvent::Resize || (event->type() == QEvent::Show && mFitWhenShown)))
        fitColumns();
    return QWidget::eventFilter(watched, event);
}

int FleetWidget::contentsWidth(int column) const
{
    if (mContentsWidths.isEmpty()) {
        for (int c = 0; c < FleetModel::ColumnCount; ++c) {
            // (On the rows with the longest texts: every row of 500 took tens of ms. The group rows span the columns
            // and are not measured.)
            mContentsWidths.append(
                std::max(ColumnWidthMeter::contentsWidth(mView, c), mView->header()->sectionSizeHint(c)));
        }
    }
    return mContentsWidths.value(column);
}

int FleetWidget::neededWidth() const
{
    // Every column its words, the names whole, and what the widget has around them.
    int columns = 0;
    for (int column = 0; column < FleetModel::ColumnCount; ++column) {
        if (!mView->isColumnHidden(column))
            columns += contentsWidth(column);
    }
    const int scrollBar = mView->verticalScrollBar()->isVisible() ? 0 : mView->verticalScrollBar()->sizeHint().width();
    // (And a little slack: given exactly this, the header came out a few pixels wider than the viewport.)
    return columns + width() - mView->viewport()->width() + scrollBar + 2 * mView->fontMetrics().averageCharWidth();
}

void FleetWidget::fitColumns()
{
    if (mModel->rowCount() == 0 || mFitting)
        return;
    if (!mView->viewport()->isVisible()) {
        mFitWhenShown = true;
        return;
    }
    mFitWhenShown = false;
    mFitting = true;
    // Every column shows its words; the name column, elided in the middle, takes what room is left (up to its
    // words), so that no column needs sideways scrolling while the view is wide enough for the narrowest name.
    int others = 0;
    for (int column = 0; column < FleetModel::ColumnCount; ++column) {
        if (column == FleetModel::NameColumn || mView->isColumnHidden(column))
            continue;
        const int width = contentsWidth(column);
        if (column != FleetModel::ColumnCount - 1)
            mView->setColumnWidth(column, width);
        others += width;
    }
    const int room = mView->viewport()->width() - others;
    mView->setColumnWidth(FleetModel::NameColumn,
        std::clamp(room, std::min(kNarrowestName, contentsWidth(FleetModel::NameColumn)),
            contentsWidth(FleetModel::NameColumn)));
    mFitting = false;
    Q_EMIT columnsFitted();
}

void FleetWidget::showMenu(const QPoint &position)
{
    const QModelIndex index = mView->indexAt(position);
    if (!index.isValid() || index.data(FleetGroupModel::IsGroupRole).toBool())
        return;
    const QString key = index.data(FleetModel::KeyRole).toString();
    const FleetEntry entry = index.data(FleetModel::EntryRole).value<FleetEntry>();
    // popup(), not exec(): no nested event loop.
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    connect(menu->addAction(tr("&Open")), &QAction::triggered, this, [this, entry] { Q_EMIT entryActivated(entry); });
    QAction *mute = menu->addAction(tr("&Mute notifications"));
    mute->setCheckable(true);
    mute->setChecked(mMuted.contains(key));
    connect(mute, &QAction::toggled, this, [this, key](bool muted) {
        setMuted(key, muted);
        Q_EMIT muteRequested(key, muted);
    });
    if (entry.kind == FleetEntry::Kind::Relationship) {
        QAction *target = menu->addAction(tr("Set &RPO Target…"));
        target->setObjectName(QStringLiteral("rpoTargetAction"));
        connect(target, &QAction::triggered, this, [this, entry] { Q_EMIT rpoTargetRequested(entry); });
    }
    menu->popup(mView->viewport()->mapToGlobal(position));
}
