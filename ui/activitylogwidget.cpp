// SPDX-License-Identifier: GPL-3.0-or-later
#include "activitylogwidget.h"

#include "models/activitylogmodel.h"
#include "statusstyle.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIdentityProxyModel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

namespace {
constexpr int StepsOnlyRole = Qt::UserRole + 1;

/// Adds the palette-aware colour and icon of each level to the Result column.
class LevelDecorationProxy : public QIdentityProxyModel
{
public:
    explicit LevelDecorationProxy(QWidget *owner)
        : QIdentityProxyModel(owner)
        , mOwner(owner)
    { }
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (index.column() == ActivityLogModel::LevelColumn
            && (role == Qt::DecorationRole || role == Qt::ForegroundRole)) {
            const auto level
                = ActivityLogModel::Level(QIdentityProxyModel::data(index, ActivityLogModel::LevelRole).toInt());
            StatusStyle::Kind kind = StatusStyle::Kind::Neutral;
            switch (level) {
            case ActivityLogModel::Level::Info:
                kind = StatusStyle::Kind::Busy;
                break;
            case ActivityLogModel::Level::Success:
                kind = StatusStyle::Kind::Ok;
                break;
            case ActivityLogModel::Level::Warning:
                kind = StatusStyle::Kind::Warning;
                break;
            case ActivityLogModel::Level::Error:
                kind = StatusStyle::Kind::Error;
                break;
            }
            if (role == Qt::DecorationRole) {
                return level == ActivityLogModel::Level::Info ? QVariant() : QVariant(StatusStyle::icon(kind));
            }
            return level == ActivityLogModel::Level::Info ? QVariant()
                                                          : QVariant(StatusStyle::color(kind, mOwner->palette()));
        }
        return QIdentityProxyModel::data(index, role);
    }

private:
    QWidget *mOwner;
};

class LogFilterProxy : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    int minimumLevel = 0;
    bool stepsOnly = false;
    void refresh() { invalidateFilter(); }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override
    {
        const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
        if (index.data(ActivityLogModel::LevelRole).toInt() < minimumLevel) {
            return false;
        }
        if (stepsOnly
            && index.data(ActivityLogModel::CategoryRole).toInt() == int(ActivityLogModel::Category::Request)) {
            return false;
        }
        const QRegularExpression re = filterRegularExpression();
        if (re.pattern().isEmpty()) {
            return true;
        }
        return index.data(ActivityLogModel::MessageRole).toString().contains(re)
            || index.data(ActivityLogModel::ClusterRole).toString().contains(re);
    }
};
} // namespace

ActivityLogWidget::ActivityLogWidget(ActivityLogModel *model, QWidget *parent)
    : QWidget(parent)
    , mModel(model)
{
    setObjectName(QStringLiteral("activityLogWidget"));
    auto *decorated = new LevelDecorationProxy(this);
    decorated->setSourceModel(model);
    auto *filter = new LogFilterProxy(this);
    filter->setSourceModel(decorated);
    mProxy = filter;

    mFilter = new QLineEdit(this);
    mFilter->setObjectName(QStringLiteral("activityLogFilter"));
    mFilter->setPlaceholderText(tr("Filter by text or cluster"));
    mFilter->setClearButtonEnabled(true);

    mLevel = new QComboBox(this);
    mLevel->setObjectName(QStringLiteral("activityLogLevel"));
    // Item data: the lowest level shown; StepsOnlyRole: hide the raw API calls.
    mLevel->addItem(tr("Everything"), int(ActivityLogModel::Level::Info));
    mLevel->addItem(tr("Steps only (no API calls)"), int(ActivityLogModel::Level::Info));
    mLevel->setItemData(1, true, StepsOnlyRole);
    mLevel->addItem(tr("Warnings and errors"), int(ActivityLogModel::Level::Warning));
    mLevel->addItem(tr("Errors only"), int(ActivityLogModel::Level::Error));
    mLevel->setToolTip(tr("\"Everything\" includes every API call to the clusters"));
    mLevel->setAccessibleName(tr("Show"));

    auto *copyButton = new QPushButton(tr("Co&py"), this);
    copyButton->setObjectName(QStringLiteral("activityLogCopyButton"));
    copyButton->setToolTip(tr("Copy the selected lines (or all shown lines) as text"));
    auto *clearButton = new QPushButton(tr("C&lear"), this);
    clearButton->setObjectName(QStringLiteral("activityLogClearButton"));

    mView = new QTableView(this);
    mView->setObjectName(QStringLiteral("activityLogView"));
    mView->setModel(mProxy);
    mView->setSelectionBehavior(QAbstractItemView::SelectRows);
    mView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    mView->setWordWrap(false);
    mView->verticalHeader()->hide();
    mView->verticalHeader()->setDefaultSectionSize(mView->fontMetrics().height() + 6);
    mView->horizontalHeader()->setStretchLastSection(true);
    // Fixed widths from the font, not ResizeToContents: that measures up to 1000 rows again for every batch
    // of new entries, which a busy log (many relationships syncing) pays on the GUI thread.
    const QFontMetrics metrics = mView->fontMetrics();
    const int padding = 2 * mView->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, mView) + 12;
    int levelWidth = metrics.horizontalAdvance(tr("Result"));
    for (const auto level : {ActivityLogModel::Level::Info, ActivityLogModel::Level::Success,
             ActivityLogModel::Level::Warning, ActivityLogModel::Level::Error}) {
        levelWidth = qMax(levelWidth,
            metrics.horizontalAdvance(ActivityLogModel::levelText(level))
                + mView->style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, mView) + 4);
    }
    mView->horizontalHeader()->setSectionResizeMode(ActivityLogModel::TimeColumn, QHeaderView::Interactive);
    mView->horizontalHeader()->setSectionResizeMode(ActivityLogModel::LevelColumn, QHeaderView::Interactive);
    mView->setColumnWidth(
        ActivityLogModel::TimeColumn, metrics.horizontalAdvance(QStringLiteral("00:00:00")) + padding);
    mView->setColumnWidth(ActivityLogModel::LevelColumn, levelWidth + padding);
    mView->setColumnWidth(ActivityLogModel::ClusterColumn, metrics.averageCharWidth() * 22 + padding); // a long name
    mView->setAlternatingRowColors(true);

    auto *copyAction = new QAction(tr("Copy"), mView);
    copyAction->setObjectName(QStringLiteral("activityLogCopyAction"));
    copyAction->setShortcut(QKeySequence::Copy);
    copyAction->setShortcutContext(Qt::WidgetShortcut);
    mView->addAction(copyAction);
    mView->setContextMenuPolicy(Qt::ActionsContextMenu);

    connect(copyAction, &QAction::triggered, this, &ActivityLogWidget::copySelection);
    connect(copyButton, &QPushButton::clicked, this, &ActivityLogWidget::copySelection);
    connect(clearButton, &QPushButton::clicked, model, &ActivityLogModel::clear);
    connect(mFilter, &QLineEdit::textChanged, this, &ActivityLogWidget::applyFilter);
    // A new user sees the steps of what they do; the API calls behind them are one choice away.
    mLevel->setCurrentIndex(1);
    connect(mLevel, &QComboBox::currentIndexChanged, this, &ActivityLogWidget::applyFilter);
    applyFilter();
    // Follow new entries while nothing is selected: once per turn of the event loop, not once per row
    // (scrollToBottom() lays the whole view out first), and not at all while the log is hidden (done when shown).
    connect(mProxy, &QAbstractItemModel::rowsInserted, this, &ActivityLogWidget::followNewEntries);

    auto *bar = new QHBoxLayout;
    bar->addWidget(mFilter, 1);
    bar->addWidget(mLevel);
    bar->addWidget(copyButton);
    bar->addWidget(clearButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(mView, 1);
}

void ActivityLogWidget::followNewEntries()
{
    mFollowPending = true;
    if (mFollowQueued || !isVisible())
        return;
    mFollowQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            mFollowQueued = false;
            follow();
        },
        Qt::QueuedConnection);
}

void ActivityLogWidget::follow()
{
    if (!mFollowPending || !isVisible())
        return;
    mFollowPending = false;
    if (!mView->selectionModel()->hasSelection())
        mView->scrollToBottom();
}

void ActivityLogWidget::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    follow();
}

void ActivityLogWidget::applyFilter()
{
    auto *proxy = static_cast<LogFilterProxy *>(mProxy);
    proxy->minimumLevel = mLevel->currentData().toInt();
    proxy->stepsOnly = mLevel->currentData(StepsOnlyRole).toBool();
    proxy->setFilterRegularExpression(
        QRegularExpression(QRegularExpression::escape(mFilter->text()), QRegularExpression::CaseInsensitiveOption));
    proxy->refresh();
}

void ActivityLogWidget::copySelection()
{
    QList<int> rows;
    QModelIndexList selected = mView->selectionModel()->selectedRows();
    if (selected.isEmpty()) {
        for (int r = 0; r < mProxy->rowCount(); ++r) {
            selected.append(mProxy->index(r, 0));
        }
    }
    std::sort(selected.begin(), selected.end());
    for (const QModelIndex &index : std::as_const(selected)) {
        // Two proxies: filter -> decoration -> log model (identity rows).
        const QModelIndex decorated = mProxy->mapToSource(index);
        rows.append(decorated.row());
    }
    QApplication::clipboard()->setText(mModel->toText(rows));
}
