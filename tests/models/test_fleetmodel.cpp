// SPDX-License-Identifier: GPL-3.0-or-later
// FleetModel: rows, words, roles for sorting by lag and grouping by cluster pair, and row updates that keep rows.
#include "models/fleetmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

namespace {

FleetEntry entry(const QString &key, RpoState state, qint64 lag, const QString &source = QStringLiteral("a"),
    const QString &destination = QStringLiteral("b"))
{
    FleetEntry e;
    e.key = key;
    e.name = key;
    e.mover = QStringLiteral("rsyncTLS");
    e.sourceContext = source;
    e.destinationContext = destination;
    e.health.state = state;
    e.health.lagSeconds = lag;
    e.health.intervalSeconds = 300;
    e.health.reason = QStringLiteral("because");
    return e;
}

} // namespace

class TestFleetModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rowsWordsAndRoles()
    {
        FleetModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        FleetEntry unknown = entry(QStringLiteral("db"), RpoState::Unknown, 700);
        unknown.lastKnownState = RpoState::Late;
        FleetEntry late = entry(QStringLiteral("web"), RpoState::Late, 900);
        late.health.missedIntervals = 2;
        FleetEntry backup = entry(QStringLiteral("backup"), RpoState::Healthy, -1);
        backup.kind = FleetEntry::Kind::Source;
        backup.destinationContext.clear();
        model.setEntries({unknown, late, backup});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, FleetModel::HealthColumn).data().toString(), QStringLiteral("unknown (was late)"));
        QCOMPARE(model.index(1, FleetModel::HealthColumn).data().toString(), QStringLiteral("late, 2 missed"));
        QCOMPARE(model.index(1, FleetModel::LagColumn).data().toString(), QStringLiteral("15m"));
        QCOMPARE(model.index(2, FleetModel::LagColumn).data().toString(), QStringLiteral("never"));
        QCOMPARE(model.index(2, FleetModel::NameColumn).data().toString(), QStringLiteral("backup (source)"));
        QCOMPARE(model.index(0, FleetModel::ClustersColumn).data().toString(), QStringLiteral("a → b"));
        QCOMPARE(model.index(2, FleetModel::ClustersColumn).data().toString(), QStringLiteral("a"));
        QCOMPARE(model.index(1, 0).data(FleetModel::StateRole).toInt(), int(RpoState::Late));
        QVERIFY(model.index(1, 0).data(FleetModel::IsRelationshipRole).toBool());
        QVERIFY(!model.index(2, 0).data(FleetModel::IsRelationshipRole).toBool());
        QCOMPARE(model.index(1, 3).data(Qt::ToolTipRole).toString(), QStringLiteral("because"));
        QCOMPARE(model.count(RpoState::Late), 1);
        QCOMPARE(model.rowOf(QStringLiteral("web")), 1);

        // Sorted by lag: never synced last.
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(FleetModel::LagSecondsRole);
        proxy.sort(FleetModel::LagColumn, Qt::DescendingOrder);
        QCOMPARE(proxy.index(0, 0).data(FleetModel::KeyRole).toString(), QStringLiteral("backup"));
        QCOMPARE(proxy.index(1, 0).data(FleetModel::KeyRole).toString(), QStringLiteral("web"));
        proxy.sort(FleetModel::LagColumn, Qt::AscendingOrder);
        QCOMPARE(proxy.index(0, 0).data(FleetModel::KeyRole).toString(), QStringLiteral("db"));
    }

    void sameRowsChangeInPlace()
    {
        FleetModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const FleetEntry a = entry(QStringLiteral("a"), RpoState::Healthy, 10);
        const FleetEntry b = entry(QStringLiteral("b"), RpoState::Healthy, 20);
        model.setEntries({a, b});
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        FleetEntry later = b;
        later.health.state = RpoState::Late;
        model.setEntries({a, later});
        QCOMPARE(reset.size(), 0);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 1);
        QCOMPARE(model.index(1, FleetModel::HealthColumn).data().toString(), QStringLiteral("late"));
    }

    void rowsComeAndGoWithoutAReset()
    {
        FleetModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const FleetEntry a = entry(QStringLiteral("a"), RpoState::Healthy, 10);
        const FleetEntry b = entry(QStringLiteral("b"), RpoState::Healthy, 20);
        const FleetEntry c = entry(QStringLiteral("c"), RpoState::Healthy, 30);
        const FleetEntry d = entry(QStringLiteral("d"), RpoState::Healthy, 40);
        model.setEntries({a, b, c, d});
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        // b and c go (one removal of rows 1-2), d changes.
        FleetEntry failing = d;
        failing.health.state = RpoState::Failing;
        model.setEntries({a, failing});
        QCOMPARE(reset.size(), 0);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.at(0).at(1).toInt(), 1);
        QCOMPARE(removed.at(0).at(2).toInt(), 2);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 1);
        // b and c come back between a and d (one insertion of rows 1-2), a new one at the end.
        const FleetEntry e = entry(QStringLiteral("e"), RpoState::Late, 50);
        model.setEntries({a, b, c, failing, e});
        QCOMPARE(reset.size(), 0);
        QCOMPARE(inserted.size(), 2);
        QCOMPARE(inserted.at(0).at(1).toInt(), 1);
        QCOMPARE(inserted.at(0).at(2).toInt(), 2);
        QCOMPARE(inserted.at(1).at(1).toInt(), 4);
        QCOMPARE(changed.size(), 1);
        QStringList keys;
        for (int row = 0; row < model.rowCount(); ++row)
            keys.append(model.index(row, 0).data(FleetModel::KeyRole).toString());
        QCOMPARE(keys.join(QLatin1Char(',')), QStringLiteral("a,b,c,d,e"));
        QCOMPARE(model.index(3, FleetModel::HealthColumn).data(FleetModel::StateRole).toInt(), int(RpoState::Failing));
        // Kept rows in another order: a reset.
        model.setEntries({e, a});
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, 0).data(FleetModel::KeyRole).toString(), QStringLiteral("e"));
    }
};

QTEST_GUILESS_MAIN(TestFleetModel)
#include "test_fleetmodel.moc"
