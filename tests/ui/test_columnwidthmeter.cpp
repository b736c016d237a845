// SPDX-License-Identifier: GPL-3.0-or-later
// Columns are measured on the rows with the longest texts (ColumnWidthMeter), not on every row, and the column
// fitter measures once per change of the model, not on every resize of the view.

#include "columnfitter.h"
#include "columnwidthmeter.h"

#include <QApplication>
#include <QHeaderView>
#include <QStandardItemModel>
#include <QStyledItemDelegate>
#include <QTest>
#include <QTreeView>

namespace {
/// Counts the cells measured.
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

/// QTreeView::sizeHintForColumn, every row measured (protected in QTreeView, public in its base).
int everyRow(const QTreeView *view, int column)
{
    return static_cast<const QAbstractItemView *>(view)->sizeHintForColumn(column);
}

/// 500 rows: "relationship-NNN" names, a few longer ones spread over the list, the longest in the middle.
void fill(QStandardItemModel *model)
{
    model->setColumnCount(3);
    for (int i = 0; i < 500; ++i) {
        QString name = QStringLiteral("relationship-%1").arg(i, 3, 10, QLatin1Char('0'));
        if (i % 97 == 0)
            name += QStringLiteral("-with-a-longer-name");
        if (i == 251)
            name = QStringLiteral("the-one-relationship-whose-name-is-longest-of-all");
        model->appendRow({new QStandardItem(name), new QStandardItem(QStringLiteral("ctx-%1/ns").arg(i % 20)),
            new QStandardItem(QStringLiteral("*/%1 * * * *").arg(i % 60))});
    }
}
} // namespace

class TestColumnWidthMeter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void flatListMeasuresTheLongestRows()
    {
        QStandardItemModel model;
        fill(&model);
        QTreeView view;
        view.setRootIsDecorated(false);
        view.setModel(&model);
        CountingDelegate delegate;
        view.setItemDelegate(&delegate);
        for (int column = 0; column < model.columnCount(); ++column) {
            delegate.measured = 0;
            const int sampled = ColumnWidthMeter::contentsWidth(&view, column);
            QVERIFY2(
                delegate.measured <= ColumnWidthMeter::DefaultSample, qPrintable(QString::number(delegate.measured)));
            QCOMPARE(sampled, everyRow(&view, column));
        }
        // The widest name is the longest one, far from the top and the bottom.
        QVERIFY(ColumnWidthMeter::contentsWidth(&view, 0)
            > view.fontMetrics().horizontalAdvance(QStringLiteral("relationship-000-with-a-longer-name")));
    }

    void treeMeasuresTheRowsShownWithTheirIndentation()
    {
        // Groups spanning the columns (not measured), their children indented; a closed group's rows are not shown.
        QStandardItemModel model;
        model.setColumnCount(2);
        for (int g = 0; g < 5; ++g) {
            auto *group = new QStandardItem(QStringLiteral("group %1 with a header longer than any entry").arg(g));
            for (int i = 0; i < 60; ++i)
                group->appendRow({new QStandardItem(QStringLiteral("entry-%1-%2").arg(g).arg(i)),
                    new QStandardItem(QStringLiteral("healthy"))});
            model.appendRow({group, new QStandardItem()});
        }
        model.item(4)->appendRow({new QStandardItem(QStringLiteral("an-entry-of-a-closed-group-longer-than-all")),
            new QStandardItem(QStringLiteral("failing"))});
        QTreeView view;
        view.setModel(&model);
        for (int g = 0; g < 5; ++g) {
            view.setFirstColumnSpanned(g, QModelIndex(), true);
            view.setExpanded(model.index(g, 0), g != 4);
        }
        for (const bool decorated : {true, false}) {
            view.setRootIsDecorated(decorated);
            for (int column = 0; column < 2; ++column)
                QCOMPARE(ColumnWidthMeter::contentsWidth(&view, column), everyRow(&view, column));
        }
        view.setExpanded(model.index(4, 0), true);
        QCOMPARE(ColumnWidthMeter::contentsWidth(&view, 0), everyRow(&view, 0));
        QVERIFY(ColumnWidthMeter::contentsWidth(&view, 0)
            > view.fontMetrics().horizontalAdvance(QStringLiteral("an-entry-of-a-closed-group-longer-than-all")));
    }

    void fitterMeasuresOncePerChange()
    {
        QStandardItemModel model;
        fill(&model);
        QTreeView view;
        view.setRootIsDecorated(false);
        view.header()->setStretchLastSection(true);
        view.setModel(&model);
        CountingDelegate delegate;
        view.setItemDelegate(&delegate);
        ColumnFitter fitter(&view, {0, 1}, {2, 1});
        view.resize(900, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        fitter.fit();
        QVERIFY(view.columnWidth(0) >= everyRow(&view, 0));
        QVERIFY(view.columnWidth(1) >= everyRow(&view, 1));
        const int measures = fitter.measureCount();
        QVERIFY(measures > 0);
        // Resizes fit again with the widths known: narrower hides the optional columns, wider shows them again.
        const int narrow = view.columnWidth(0) + 40;
        view.resize(narrow, 400);
        QTRY_VERIFY(fitter.hiddenForRoom().contains(2));
        view.resize(900, 400);
        QTRY_VERIFY(fitter.hiddenForRoom().isEmpty());
        QCOMPARE(fitter.measureCount(), measures);
        // A longer name: measured again at the next resize (and it fits).
        model.item(7, 0)->setText(QStringLiteral("a-name-far-longer-than-every-other-name-in-the-list-of-500"));
        view.resize(950, 400);
        QTRY_VERIFY(fitter.measureCount() > measures);
        QVERIFY(view.columnWidth(0) >= everyRow(&view, 0));
        // fit() measures again.
        const int before = fitter.measureCount();
        fitter.fit();
        QVERIFY(fitter.measureCount() > before);
    }
};

QTEST_MAIN(TestColumnWidthMeter)
#include "test_columnwidthmeter.moc"
