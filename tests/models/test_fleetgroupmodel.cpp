// SPDX-License-Identifier: GPL-3.0-or-later
// FleetGroupModel: FleetModel's entries under one row per cluster pair that counts them by health; changes of
// words in place, regrouping when an entry moves to another pair; with the view's proxy semantics (sort within
// groups, recursive filter) checked by QAbstractItemModelTester on top.
#include "models/fleetgroupmodel.h"
#include "models/fleetmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

namespace {

FleetEntry entry(const QString &key, RpoState state, qint64 lag, const QString &source, const QString &destination)
{
    FleetEntry e;
    e.key = key;
    e.name = key;
    e.kind = destination.isEmpty() ? FleetEntry::Kind::Source : FleetEntry::Kind::Relationship;
    e.mover = QStringLiteral("rsyncTLS");
    e.sourceContext = source;
    e.destinationContext = destination;
    e.health.state = state;
    e.health.lagSeconds = lag;
    e.health.intervalSeconds = 300;
    return e;
}

/// The monitor's order: by cluster pair, then key.
QList<FleetEntry> fleet()
{
    const QString fa = QStringLiteral("fa");
    const QString fb = QStringLiteral("fb");
    const QString fc = QStringLiteral("fc");
    return {entry(QStringLiteral("backup"), RpoState::Critical, 9000, fa, {}),
        entry(QStringLiteral("wiki"), RpoState::Healthy, 60, fa, {}),
        entry(QStringLiteral("db"), RpoState::Healthy, 100, fa, fb),
        entry(QStringLiteral("orders"), RpoState::Late, 700, fa, fb),
        entry(QStringLiteral("payments"), RpoState::Healthy, 30, fa, fb),
        entry(QStringLiteral("cache"), RpoState::Paused, 50, fb, fc)};
}

/// "a,b,c" as a list.
QStringList keys(const char *commaSeparated)
{
    return QString::fromLatin1(commaSeparated).split(QLatin1Char(','));
}

QStringList childKeys(const QAbstractItemModel &model, const QModelIndex &group)
{
    QStringList keys;
    for (int row = 0; row < model.rowCount(group); ++row)
        keys.append(model.index(row, 0, group).data(FleetModel::KeyRole).toString());
    return keys;
}

} // namespace

class TestFleetGroupModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void groupsByClusterPairWithCounts()
    {
        FleetModel entries;
        entries.setEntries(fleet());
        FleetGroupModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSourceModel(&entries);

        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), int(FleetModel::ColumnCount));
        const QModelIndex unmanaged = model.index(0, 0);
        const QModelIndex faFb = model.index(1, 0);
        const QModelIndex fbFc = model.index(2, 0);
        QVERIFY(faFb.data(FleetGroupModel::IsGroupRole).toBool());
        QCOMPARE(faFb.data(FleetModel::ClusterPairRole).toString(), QStringLiteral("fa → fb"));
        QCOMPARE(faFb.data().toString(), QStringLiteral("fa → fb · 3 relationships: 1 late, 2 healthy"));
        QCOMPARE(unmanaged.data().toString(), QStringLiteral("fa · 2 unmanaged objects: 1 critical, 1 healthy"));
        QCOMPARE(fbFc.data().toString(), QStringLiteral("fb → fc · 1 relationship: 1 paused"));
        QCOMPARE(faFb.data(FleetGroupModel::GroupSizeRole).toInt(), 3);
        // The group's colour is its worst entry's.
        QCOMPARE(faFb.data(FleetModel::StateRole).toInt(), int(RpoState::Late));
        QCOMPARE(unmanaged.data(FleetModel::StateRole).toInt(), int(RpoState::Critical));
        QVERIFY(!unmanaged.data(FleetModel::IsRelationshipRole).toBool());
        QVERIFY(!faFb.data(FleetModel::KeyRole).isValid()); // no entry behind a group row
        QVERIFY(!(model.flags(faFb) & Qt::ItemIsSelectable));
        QVERIFY(!model.index(0, FleetModel::LagColumn).data().isValid());
        QCOMPARE(model.headerData(FleetModel::LagColumn, Qt::Horizontal).toString(), QStringLiteral("Lag"));
        QCOMPARE(model.groupIndex(QStringLiteral("fb → fc")), fbFc);
        QVERIFY(!model.groupIndex(QStringLiteral("fc → fa")).isValid());

        // The entries under their pair, each row the source's.
        QCOMPARE(childKeys(model, faFb), keys("db,orders,payments"));
        QCOMPARE(childKeys(model, unmanaged), keys("backup,wiki"));
        const QModelIndex orders = model.index(1, FleetModel::HealthColumn, faFb);
        QCOMPARE(orders.data().toString(), QStringLiteral("late"));
        QVERIFY(!orders.data(FleetGroupModel::IsGroupRole).toBool());
        QCOMPARE(orders.parent(), faFb);
        QCOMPARE(model.mapToSource(orders), entries.index(3, FleetModel::HealthColumn));
        QCOMPARE(model.mapFromSource(entries.index(3, FleetModel::HealthColumn)), orders);
        QCOMPARE(model.rowCount(orders), 0);
    }

    void wordsChangeInPlaceAndAMoveRegroups()
    {
        FleetModel entries;
        QList<FleetEntry> list = fleet();
        entries.setEntries(list);
        FleetGroupModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSourceModel(&entries);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        // payments turns failing: its row and its group's words change, nothing is reset.
        list[4].health.state = RpoState::Failing;
        entries.setEntries(list);
        QCOMPARE(reset.size(), 0);
        const QModelIndex faFb = model.index(1, 0);
        QCOMPARE(faFb.data().toString(), QStringLiteral("fa → fb · 3 relationships: 1 failing, 1 late, 1 healthy"));
        QCOMPARE(faFb.data(FleetModel::StateRole).toInt(), int(RpoState::Failing));
        QCOMPARE(changed.size(), 2);
        QCOMPARE(changed.at(0).at(0).toModelIndex(), model.index(2, 0, faFb));
        QCOMPARE(changed.at(1).at(0).toModelIndex(), faFb);

        // Only the lag of orders changes: its row, not its group (the counts are the same).
        changed.clear();
        list[3].health.lagSeconds = 760;
        entries.setEntries(list);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().parent(), faFb);

        // cache's destination moves to fa: its pair is another group now.
        list[5].destinationContext = QStringLiteral("fa");
        entries.setEntries(list);
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(2, 0).data(FleetModel::ClusterPairRole).toString(), QStringLiteral("fb → fa"));

        // Rows added (a new pair, and one into an existing group) and removed: the groups stay, so a view keeps
        // its selection and closed groups; only an emptied group regroups.
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        const QPersistentModelIndex ordersRow = model.index(1, 0, model.index(1, 0));
        QCOMPARE(ordersRow.data(FleetModel::KeyRole).toString(), QStringLiteral("orders"));
        list.append(entry(QStringLiteral("zeta"), RpoState::Healthy, 5, QStringLiteral("fc"), QStringLiteral("fa")));
        list.insert(
            2, entry(QStringLiteral("cart"), RpoState::Critical, 5000, QStringLiteral("fa"), QStringLiteral("fb")));
        entries.setEntries(list);
        QCOMPARE(reset.size(), 1);
        QCOMPARE(inserted.size(), 2);
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(childKeys(model, model.index(3, 0)), QStringList {QStringLiteral("zeta")});
        QCOMPARE(model.index(3, 0).data().toString(), QStringLiteral("fc → fa · 1 relationship: 1 healthy"));
        QCOMPARE(childKeys(model, model.index(1, 0)), keys("cart,db,orders,payments"));
        QCOMPARE(model.index(1, 0).data().toString(),
            QStringLiteral("fa → fb · 4 relationships: 1 failing, 1 critical, 1 late, 1 healthy"));
        QCOMPARE(ordersRow.data(FleetModel::KeyRole).toString(), QStringLiteral("orders"));
        QCOMPARE(model.mapToSource(ordersRow).data(FleetModel::KeyRole).toString(), QStringLiteral("orders"));

        list.removeAt(3); // db
        entries.setEntries(list);
        QCOMPARE(reset.size(), 1);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(childKeys(model, model.index(1, 0)), keys("cart,orders,payments"));
        QCOMPARE(ordersRow.data(FleetModel::KeyRole).toString(), QStringLiteral("orders"));
        for (int row = 0; row < entries.rowCount(); ++row) {
            const QModelIndex source = entries.index(row, FleetModel::NameColumn);
            QCOMPARE(model.mapToSource(model.mapFromSource(source)), source);
        }

        list.removeLast(); // zeta: its group empties
        entries.setEntries(list);
        QCOMPARE(reset.size(), 2);
        QCOMPARE(model.rowCount(), 3);

        entries.setEntries({});
        QCOMPARE(model.rowCount(), 0);
    }

    // The way the fleet view shows it: a sort proxy sorts the entries within each group, a recursive filter keeps
    // the groups of the entries it matches.
    void sortsWithinGroupsAndFiltersThroughThem()
    {
        FleetModel entries;
        entries.setEntries(fleet());
        FleetGroupModel model;
        model.setSourceModel(&entries);
        QSortFilterProxyModel proxy;
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&model);
        proxy.setRecursiveFilteringEnabled(true);
        proxy.setSortRole(FleetModel::LagSecondsRole);
        proxy.sort(FleetModel::LagColumn, Qt::DescendingOrder);
        const QModelIndex faFb = proxy.index(proxy.mapFromSource(model.groupIndex(QStringLiteral("fa → fb"))).row(), 0);
        QCOMPARE(childKeys(proxy, faFb), keys("orders,db,payments"));
        proxy.sort(FleetModel::LagColumn, Qt::AscendingOrder);
        QCOMPARE(childKeys(proxy, faFb), keys("payments,db,orders"));

        proxy.setFilterKeyColumn(FleetModel::NameColumn);
        proxy.setFilterFixedString(QStringLiteral("orders"));
        QCOMPARE(proxy.rowCount(), 1);
        QCOMPARE(proxy.index(0, 0).data(FleetModel::ClusterPairRole).toString(), QStringLiteral("fa → fb"));
        QCOMPARE(childKeys(proxy, proxy.index(0, 0)), QStringList {QStringLiteral("orders")});
    }
};

QTEST_GUILESS_MAIN(TestFleetGroupModel)
#include "test_fleetgroupmodel.moc"
