// SPDX-License-Identifier: GPL-3.0-or-later
// The Fleet view: health in colour, icon and words, filter, sort by lag, double-click to open, summary.
#include "fleetwidget.h"
#include "models/fleetmodel.h"

#include <QHeaderView>
#include <QIcon>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTest>

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
        QCOMPARE(delegate.measured, 0);
        QCOMPARE(fitted.count(), 0);

        widget.resize(900, 400);
        widget.show();
        QVERIFY(QTest::qWaitForWindowExposed(&widget));
        QTRY_VERIFY(fitted.count() >= 1);
        const int onePass = int(entries.size()) * FleetModel::ColumnCount;
        QVERIFY2(delegate.measured > 0 && delegate.measured <= onePass, qPrintable(QString::number(delegate.measured)));
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
        model.setEntries({entry(QStringLiteral("orders"), RpoState::Healthy, 120),
            entry(QStringLiteral("payments"), RpoState::Late, 900),
            entry(QStringLiteral("wiki-backup"), RpoState::Critical, 20000, false),
            entry(QStringLiteral("fresh"), RpoState::Healthy, -1)});
        FleetWidget widget(&model);
        widget.resize(900, 400);
        widget.show();
        QVERIFY(QTest::qWaitForWindowExposed(&widget));
        QTableView *view = widget.view();
        QAbstractItemModel *shown = view->model();
        QCOMPARE(shown->rowCount(), 4);
        // Health: words, an icon and a colour.
        const QModelIndex late = shown->index(1, FleetModel::HealthColumn);
        QCOMPARE(late.data().toString(), QStringLiteral("late"));
        QVERIFY(!late.data(Qt::DecorationRole).value<QIcon>().isNull());
        QVERIFY(late.data(Qt::ForegroundRole).isValid());
        QVERIFY(shown->index(0, FleetModel::HealthColumn).data(Qt::ForegroundRole).value<QColor>()
            != late.data(Qt::ForegroundRole).value<QColor>());
        QCOMPARE(widget.summary(), QStringLiteral("4 entries: 1 critical, 1 late, 2 healthy"));

        // Sorted by lag, longest first: never synced, then the critical backup.
        view->sortByColumn(FleetModel::LagColumn, Qt::DescendingOrder);
        QCOMPARE(shown->index(0, 0).data(FleetModel::KeyRole).toString(), QStringLiteral("fresh"));
        QCOMPARE(shown->index(1, 0).data(FleetModel::KeyRole).toString(), QStringLiteral("wiki-backup"));
        view->sortByColumn(FleetModel::LagColumn, Qt::AscendingOrder);
        QCOMPARE(shown->index(0, 0).data(FleetModel::KeyRole).toString(), QStringLiteral("orders"));

        // The filter matches names, movers, clusters and health words.
        widget.filterEdit()->setText(QStringLiteral("restic"));
        QCOMPARE(shown->rowCount(), 1);
        widget.filterEdit()->setText(QStringLiteral("LATE"));
        QCOMPARE(shown->rowCount(), 1);
        QCOMPARE(shown->index(0, 0).data(FleetModel::KeyRole).toString(), QStringLiteral("payments"));
        widget.filterEdit()->clear();
        QCOMPARE(shown->rowCount(), 4);

        // Double-click opens the entry.
        QSignalSpy activated(&widget, &FleetWidget::entryActivated);
        const QRect rect = view->visualRect(shown->index(1, FleetModel::NameColumn));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rect.center());
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(activated.size(), 1);
        QCOMPARE(
            activated.at(0).at(0).value<FleetEntry>().key, shown->index(1, 0).data(FleetModel::KeyRole).toString());

        // A change of state updates the words and the summary in place.
        QList<FleetEntry> entries = model.entries();
        entries[1].health.state = RpoState::Failing;
        model.setEntries(entries);
        QCOMPARE(widget.summary(), QStringLiteral("4 entries: 1 critical, 1 failing, 2 healthy"));
    }
};

QTEST_MAIN(TestFleetWidget)
#include "test_fleetwidget.moc"
