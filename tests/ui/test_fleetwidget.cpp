// SPDX-License-Identifier: GPL-3.0-or-later
// The Fleet view: entries under a row per cluster pair, health in colour, icon and words, filter, sort by lag
// within the groups, double-click to open, summary; the page's splitter keeps the sizes the user dragged.
#include "fleetpage.h"
#include "fleettopologywidget.h"
#include "fleetwidget.h"
#include "models/fleetgroupmodel.h"
#include "models/fleetmodel.h"

#include <QApplication>
#include <QHeaderView>
#include <QIcon>
#include <QLineEdit>
#include <QScrollArea>
#include <QSignalSpy>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTest>
#include <QTreeView>

namespace {

FleetEntry entry(const QString &key, RpoState state, qint64 lag, bool relationship = true)
{
    FleetEntry e;
    e.key = key;
    e.name = key;
    e.kind = relationship ? FleetEntry::Kind::Relationship : FleetEntry::Kind::Source;
    e.mover = relationship ? QStringLiteral("rsyncTLS") : QStringLiteral("restic");
    e.sourceContext = QStringLiteral("prod");
    e.destinationContext = relationship ? QStringLiteral("dr") : QString();
    e.health.state = state;
    e.health.lagSeconds = lag;
    e.health.intervalSeconds = 300;
    return e;
}

/// "a,b,c" as a list.
QStringList keys(const char *commaSeparated)
{
    return QString::fromLatin1(commaSeparated).split(QLatin1Char(','));
}

QStringList childKeys(const QAbstractItemModel *model, const QModelIndex &group)
{
    QStringList keys;
    for (int row = 0; row < model->rowCount(group); ++row)
        keys.append(model->index(row, 0, group).data(FleetModel::KeyRole).toString());
    return keys;
}

/// Counts the cells measured (QTableView::sizeHintForColumn asks the delegate once per row).
class CountingDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        ++measured;
        return QStyledItemDelegate::sizeHint(option, index);
    }
    mutable int measured = 0;
};

} // namespace

class TestFleetWidget : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Fitting the columns measures every row (500 rows: 100 ms and more of the GUI thread): once per change of the
    // rows, not on every resize, and not while the view is hidden (the main window keeps the fleet page hidden
    // behind the relationships until it is shown).
    void measuresTheRowsOncePerChange()
    {
        FleetModel model;
        QList<FleetEntry> entries;
        for (int i = 0; i < 200; ++i)
            entries.append(entry(QStringLiteral("entry-%1").arg(i, 3, 10, QLatin1Char('0')), RpoState::Healthy, 60));
        FleetWidget widget(&model);
        CountingDelegate delegate;
        widget.view()->setItemDelegate(&delegate);
        QSignalSpy fitted(&widget, &FleetWidget::columnsFitted);
        model.setEntries(entries);
        // Hidden: no column measured; only the height of one row (the rows are of one height), for the layout that
        // spanning the group's row over the columns asks for.
        QVERIFY2(delegate.measured <= FleetModel::ColumnCount, qPrintable(QString::number(delegate.measured)));
        QCOMPARE(fitted.count(), 0);
        const int hidden = delegate.measured;

        widget.resize(900, 400);
        widget.show();
        QVERIFY(QTest::qWaitForWindowExposed(&widget));
        QTRY_VERIFY(fitted.count() >= 1);
        // (One group: every entry is prod → dr; its row spans the columns and is not measured.)
        // Every cell once, and one row's height for each layout of the view (before and after it is shown).
        const int onePass = int(entries.size()) * FleetModel::ColumnCount + 2 * FleetModel::ColumnCount;
        QVERIFY2(
            delegate.measured > hidden && delegate.measured <= onePass, qPrintable(QString::number(delegate.measured)));
        const int measured = delegate.measured;

        // A resize fits again with the same measures.
        const qsizetype fits = fitted.count();
        widget.resize(1000, 420);
        QTRY_VERIFY(fitted.count() > fits);
        QCOMPARE(delegate.measured, measured);

        // New words: measured again, once.
        entries[0].name = QStringLiteral("a much longer name than any of the others");
        model.setEntries(entries);
        widget.resize(950, 420);
        QTRY_VERIFY(delegate.measured > measured);
        QVERIFY2(delegate.measured <= measured + onePass, qPrintable(QString::number(delegate.measured)));
    }

    void showsFiltersSortsAndOpens()
    {
        FleetModel model;
        // In the monitor's order: by cluster pair ("prod" before "prod → dr"), then by key.
        model.setEntries({entry(QStringLiteral("wiki-backup"), RpoState::Critical, 20000, false),
            entry(QStringLiteral("fresh"), RpoState::Healthy, -1),
            entry(QStringLiteral("orders"), RpoState::Healthy, 120),
            entry(QStringLiteral("payments"), RpoState::Late, 900)});
        FleetWidget widget(&model);
        widget.resize(900, 400);
        widget.show();
        QVERIFY(QTest::qWaitForWindowExposed(&widget));
        QTreeView *view = widget.view();
        QAbstractItemModel *shown = view->model();
        // A row per cluster pair, open, spanning the columns, counting its entries by health; the entries under it.
        QCOMPARE(shown->rowCount(), 2);
        const QModelIndex unmanaged = shown->index(0, 0);
        const QModelIndex prodDr = shown->index(1, 0);
        QCOMPARE(unmanaged.data().toString(), QStringLiteral("prod · 1 unmanaged object: 1 critical"));
        QCOMPARE(prodDr.data().toString(), QStringLiteral("prod → dr · 3 relationships: 1 late, 2 healthy"));
        QVERIFY(view->isExpanded(unmanaged) && view->isExpanded(prodDr));
        QVERIFY(view->isFirstColumnSpanned(1, QModelIndex()));
        QVERIFY(!prodDr.data(Qt::DecorationRole).value<QIcon>().isNull());
        QVERIFY(prodDr.data(Qt::FontRole).value<QFont>().bold());
        QCOMPARE(childKeys(shown, prodDr), keys("fresh,orders,payments"));
        // Health: words, an icon and a colour.
        const QModelIndex late = shown->index(2, FleetModel::HealthColumn, prodDr);
        QCOMPARE(late.data().toString(), QStringLiteral("late"));
        QVERIFY(!late.data(Qt::DecorationRole).value<QIcon>().isNull());
        QVERIFY(late.data(Qt::ForegroundRole).isValid());
        QVERIFY(shown->index(1, FleetModel::HealthColumn, prodDr).data(Qt::ForegroundRole).value<QColor>()
            != late.data(Qt::ForegroundRole).value<QColor>());
        QCOMPARE(widget.summary(), QStringLiteral("4 entries: 1 critical, 1 late, 2 healthy"));

        // Sorted by lag within each group, longest first (never synced first); the groups keep their order.
        view->sortByColumn(FleetModel::LagColumn, Qt::DescendingOrder);
        QCOMPARE(shown->index(1, 0).data(FleetModel::ClusterPairRole).toString(), QStringLiteral("prod → dr"));
        QCOMPARE(childKeys(shown, shown->index(1, 0)), keys("fresh,payments,orders"));
        view->sortByColumn(FleetModel::LagColumn, Qt::AscendingOrder);
        QCOMPARE(shown->index(0, 0).data(FleetModel::ClusterPairRole).toString(), QStringLiteral("prod"));
        QCOMPARE(childKeys(shown, shown->index(1, 0)), keys("orders,payments,fresh"));

        // The filter matches names, movers, clusters and health words, and shows the groups of what it matches.
        widget.filterEdit()->setText(QStringLiteral("restic"));
        QCOMPARE(shown->rowCount(), 1);
        QCOMPARE(childKeys(shown, shown->index(0, 0)), QStringList {QStringLiteral("wiki-backup")});
        widget.filterEdit()->setText(QStringLiteral("LATE"));
        QCOMPARE(shown->rowCount(), 1);
        QCOMPARE(childKeys(shown, shown->index(0, 0)), QStringList {QStringLiteral("payments")});
        // (A group's own words do not match: "relationships" is in every group row, in no entry.)
        widget.filterEdit()->setText(QStringLiteral("relationships"));
        QCOMPARE(shown->rowCount(), 0);
        widget.filterEdit()->clear();
        QCOMPARE(shown->rowCount(), 2);
        QVERIFY(view->isExpanded(shown->index(0, 0)) && view->isExpanded(shown->index(1, 0)));

        // Double-click opens the entry; on a group's row it closes the group and opens nothing.
        QSignalSpy activated(&widget, &FleetWidget::entryActivated);
        const QModelIndex payments = shown->index(1, FleetModel::NameColumn, shown->index(1, 0));
        const QRect rect = view->visualRect(payments);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rect.center());
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(activated.size(), 1);
        QCOMPARE(activated.at(0).at(0).value<FleetEntry>().key, QStringLiteral("payments"));
        const QPoint groupAt = view->visualRect(shown->index(1, 0)).center();
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, groupAt);
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, groupAt);
        QCOMPARE(activated.size(), 1);
        QTRY_VERIFY(!view->isExpanded(shown->index(1, 0)));

        // A change of state updates the words, the group's counts and the summary in place; the closed group
        // stays closed, also when the entries change.
        QList<FleetEntry> entries = model.entries();
        entries[3].health.state = RpoState::Failing;
        model.setEntries(entries);
        QCOMPARE(widget.summary(), QStringLiteral("4 entries: 1 critical, 1 failing, 2 healthy"));
        QCOMPARE(
            shown->index(1, 0).data().toString(), QStringLiteral("prod → dr · 3 relationships: 1 failing, 2 healthy"));
        entries.append(entry(QStringLiteral("zeta"), RpoState::Healthy, 10));
        model.setEntries(entries);
        QCOMPARE(shown->rowCount(), 2);
        QVERIFY(view->isExpanded(shown->index(0, 0)));
        QVERIFY(!view->isExpanded(shown->index(1, 0)));
        QCOMPARE(shown->rowCount(shown->index(1, 0)), 4);
    }

    // The page shares its width between the table and the picture until the user drags the splitter; from then on
    // a resize of the window keeps the picture as wide as the user made it (it went back to the page's choice).
    void splitterKeepsTheDraggedSizes()
    {
        FleetPage page;
        QList<FleetEntry> entries;
        for (int i = 0; i < 30; ++i)
            entries.append(entry(QStringLiteral("entry-%1").arg(i, 2, 10, QLatin1Char('0')), RpoState::Healthy, 60));
        page.model()->setEntries(entries);
        page.resize(1300, 500);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QSplitter *splitter = page.splitter();
        QTRY_VERIFY(splitter->sizes().value(1) > 0);
        const int chosen = splitter->sizes().at(1);

        // Drag the handle 120 px to the left: the picture widens.
        QSplitterHandle *handle = splitter->handle(1);
        const QPoint middle = handle->rect().center();
        QTest::mousePress(handle, Qt::LeftButton, {}, middle);
        QTest::mouseMove(handle, middle - QPoint(60, 0));
        QTest::mouseMove(handle, middle - QPoint(120, 0));
        QTest::mouseRelease(handle, Qt::LeftButton, {}, middle - QPoint(120, 0));
        const int dragged = splitter->sizes().at(1);
        QVERIFY2(dragged >= chosen + 100, qPrintable(QStringLiteral("%1 -> %2").arg(chosen).arg(dragged)));

        // Wider, narrower: the picture keeps its width, the table takes the difference.
        for (const int width : {1500, 1200}) {
            page.resize(width, 500);
            QTRY_COMPARE(page.width(), width);
            QApplication::processEvents();
            QCOMPARE(splitter->sizes().at(1), dragged);
        }
        // A change of the rows (the columns fitted again) keeps it too.
        entries.append(entry(QStringLiteral("a much longer entry name than the others"), RpoState::Late, 900));
        page.model()->setEntries(entries);
        QApplication::processEvents();
        QCOMPARE(splitter->sizes().at(1), dragged);
    }

    // The boxes are measured once per topology and font (a paint asks for their size per box and arrow): a longer
    // context name or a larger font still widens them.
    void boxesFollowTheNamesAndTheFont()
    {
        FleetTopologyWidget picture;
        FleetTopology topology;
        for (const char *name : {"prod", "dr"})
            topology.clusters.append({QString::fromLatin1(name), 3, RpoState::Healthy, false});
        picture.setTopology(topology);
        picture.resize(600, 400);
        const int narrow = picture.boxRect(0).width();

        topology.clusters[0].context = QStringLiteral("production-east-with-a-long-name");
        picture.setTopology(topology);
        const int wide = picture.boxRect(0).width();
        QVERIFY2(wide > narrow, qPrintable(QStringLiteral("%1 -> %2").arg(narrow).arg(wide)));
        QCOMPARE(picture.boxRect(1).width(), wide); // every box as wide as the widest

        QFont larger = picture.font();
        larger.setPointSizeF(larger.pointSizeF() * 1.5);
        picture.setFont(larger);
        QVERIFY2(picture.boxRect(0).height() > QFontMetrics(QFont()).height() * 2 + 8,
            qPrintable(QString::number(picture.boxRect(0).height())));
    }
};

QTEST_MAIN(TestFleetWidget)
#include "test_fleetwidget.moc"
