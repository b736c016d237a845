// SPDX-License-Identifier: GPL-3.0-or-later
// RelationshipsModel's rows follow the folder: sorted by name, inserted and removed in runs (one signal per run of
// neighbours, so 500 relationships reach the views in one insert), and rowOf() agrees with the rows. Changes are found
// through digests made on the loader's worker: the GUI thread serializes no relationship.
#include "engine/relationshipmonitor.h"
#include "engine/relationshipserializations.h"
#include "engine/relationshipstore.h"
#include "engine/replicationengine.h"
#include "models/relationshipsmodel.h"

#include <QAbstractItemModelTester>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>

class TestRelationshipsModel : public QObject
{
    Q_OBJECT
private:
    static void create(const QString &dir, const QString &name)
    {
        QString error;
        QVERIFY2(RelationshipStore(dir).create(name, false, &error), qPrintable(error));
    }
    static void remove(const QString &dir, const QString &name)
    {
        QString error;
        QVERIFY2(RelationshipStore(dir).remove(name, &error), qPrintable(error));
    }
    /// The rows are sorted by name (ignoring case), and rowOf() finds each at its row.
    static bool consistent(const RelationshipsModel &model, QString *why)
    {
        for (int r = 0; r < model.rowCount(); ++r) {
            const QString name = model.nameAt(r);
            if (model.rowOf(name) != r) {
                *why = QStringLiteral("rowOf(%1) is %2, not %3").arg(name).arg(model.rowOf(name)).arg(r);
                return false;
            }
            if (r > 0 && model.nameAt(r - 1).compare(name, Qt::CaseInsensitive) > 0) {
                *why = QStringLiteral("%1 before %2").arg(model.nameAt(r - 1), name);
                return false;
            }
        }
        return true;
    }

private Q_SLOTS:
    void rowsGoInAndOutInRuns()
    {
        QTemporaryDir dir;
        // 120 names, created out of order.
        QStringList names;
        for (int i = 0; i < 120; ++i)
            names.append(QStringLiteral("vol-%1").arg((i * 37) % 120 * 10, 4, 10, QLatin1Char('0')));
        for (const QString &name : std::as_const(names))
            create(dir.path(), name);
        ReplicationEngine engine(nullptr, dir.path());
        RelationshipsModel model(&engine);
        model.setMonitoring(false);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QTRY_COMPARE(model.rowCount(), 120); // read on a worker thread
        QCOMPARE(inserted.count(), 1); // the whole list in one insert
        QString why;
        QVERIFY2(consistent(model, &why), qPrintable(why));
        QCOMPARE(model.nameAt(0), QStringLiteral("vol-0000"));
        QCOMPARE(model.rowOf(QStringLiteral("nothing")), -1);

        // New rows before the first, in the middle and at the end; three neighbours go and one alone. (The folder's
        // watcher may read it between two of these writes: only the rows are counted, not the signals.)
        const auto rowsIn = [](const QSignalSpy &spy) {
            int rows = 0;
            for (const QList<QVariant> &signal : spy)
                rows += signal.at(2).toInt() - signal.at(1).toInt() + 1;
            return rows;
        };
        inserted.clear();
        for (const QString &name : {QStringLiteral("a-first"), QStringLiteral("vol-0005"), QStringLiteral("vol-0006"),
                 QStringLiteral("vol-0007"), QStringLiteral("zz-last")})
            create(dir.path(), name);
        for (const QString &name : {QStringLiteral("vol-0500"), QStringLiteral("vol-0510"), QStringLiteral("vol-0520"),
                 QStringLiteral("vol-0900")})
            remove(dir.path(), name);
        model.reload();
        QTRY_VERIFY(model.rowOf(QStringLiteral("zz-last")) >= 0 && model.rowOf(QStringLiteral("vol-0900")) < 0
            && model.rowCount() == 120 + 5 - 4);
        QCOMPARE(rowsIn(inserted), 5);
        QCOMPARE(rowsIn(removed), 4);
        QVERIFY2(consistent(model, &why), qPrintable(why));
        QCOMPARE(model.nameAt(0), QStringLiteral("a-first"));
        QCOMPARE(model.nameAt(1), QStringLiteral("vol-0000"));
        QCOMPARE(model.nameAt(2), QStringLiteral("vol-0005"));
        QCOMPARE(model.nameAt(4), QStringLiteral("vol-0007"));
        QCOMPARE(model.nameAt(5), QStringLiteral("vol-0010"));
        QCOMPARE(model.nameAt(model.rowCount() - 1), QStringLiteral("zz-last"));
        for (const QString &name : {QStringLiteral("vol-0500"), QStringLiteral("vol-0510"), QStringLiteral("vol-0520")})
            QCOMPARE(model.rowOf(name), -1);
        QCOMPARE(model.relationship(QStringLiteral("vol-0490")).name, QStringLiteral("vol-0490"));

        // Everything goes.
        removed.clear();
        for (int r = model.rowCount() - 1; r >= 0; --r)
            remove(dir.path(), model.nameAt(r));
        model.reload();
        QTRY_COMPARE(model.rowCount(), 0);
        QCOMPARE(rowsIn(removed), 120 + 5 - 4);
        QCOMPARE(model.rowOf(QStringLiteral("vol-0000")), -1);
    }

    // Every row gets its monitor at once (the dashboard reads its relationship and history), but the monitors start
    // over several turns of the event loop, a few ms of them per turn, so that 500 do not hold the GUI thread.
    void monitorsStartOverSeveralTurns()
    {
        QTemporaryDir dir;
        for (int i = 0; i < 30; ++i)
            create(dir.path(), QStringLiteral("rel-%1").arg(i, 2, 10, QLatin1Char('0')));
        ReplicationEngine engine(nullptr, dir.path());
        RelationshipsModel model(&engine);
        model.setStartSliceMs(0); // one per turn
        int runningAtReload = -1;
        bool knownBeforeStart = true;
        connect(&model, &RelationshipsModel::reloaded, this, [&] {
            runningAtReload = 0;
            for (int r = 0; r < model.rowCount(); ++r) {
                const RelationshipMonitor *monitor = model.monitor(model.nameAt(r));
                QVERIFY(monitor);
                knownBeforeStart = knownBeforeStart && monitor->relationship().name == model.nameAt(r);
                runningAtReload += monitor->isRunning() ? 1 : 0;
            }
        });
        const auto running = [&model] {
            int count = 0;
            for (int r = 0; r < model.rowCount(); ++r)
                count += model.monitor(model.nameAt(r)) && model.monitor(model.nameAt(r))->isRunning() ? 1 : 0;
            return count;
        };
        // Between turns (a timer runs between them): some monitors running, not all?
        bool seenPartly = false;
        QTimer between;
        between.setInterval(0);
        connect(&between, &QTimer::timeout, this,
            [&seenPartly, &running] { seenPartly = seenPartly || (running() > 0 && running() < 30); });
        between.start();
        QTRY_COMPARE(model.rowCount(), 30); // read on a worker thread
        // None in the listing's turn (the slot ran at its end): they start in later turns.
        QTRY_COMPARE(runningAtReload, 0);
        QVERIFY(knownBeforeStart);
        QTRY_COMPARE(running(), 30);
        QVERIFY(seenPartly);

        // Monitors stopped before their turn are gone, and their turn passes over them.
        model.setMonitoring(false);
        model.setMonitoring(true);
        QCOMPARE(running(), 0);
        model.setMonitoring(false);
        QCoreApplication::processEvents();
        for (int r = 0; r < model.rowCount(); ++r)
            QVERIFY(!model.monitor(model.nameAt(r)));
    }

    void changesAreFoundWithoutSerializingOnTheGuiThread()
    {
        QTemporaryDir dir;
        const RelationshipStore store(dir.path());
        for (int i = 0; i < 40; ++i) {
            const QString name = QStringLiteral("rel-%1").arg(i, 2, 10, QLatin1Char('0'));
            create(dir.path(), name);
            QString error;
            QVERIFY2(store.update(
                         name,
                         [](ReplicationRelationship *rel, QString *) {
                             rel->source = ReplicationSourceSide();
                             rel->source->namespaceName = QStringLiteral("apps");
                             rel->source->pvcName = QStringLiteral("data");
                             rel->source->trigger.schedule = QStringLiteral("*/5 * * * *");
                             return true;
                         },
                         &error),
                qPrintable(error));
        }
        ReplicationEngine engine(nullptr, dir.path());
        const int before = mainThreadRelationshipSerializations();
        RelationshipsModel model(&engine);
        model.setMonitoring(false);
        QTRY_COMPARE(model.rowCount(), 40); // read on a worker thread
        QCOMPARE(mainThreadRelationshipSerializations(), before);

        // A schedule change (not watched by the monitor) and a namespace change (watched): both rows change.
        const auto change = [&store](const QString &name, const std::function<void(ReplicationSourceSide *)> &edit) {
            QString error;
            QVERIFY2(store.update(
                         name,
                         [&edit](ReplicationRelationship *rel, QString *) {
                             edit(&*rel->source);
                             return true;
                         },
                         &error),
                qPrintable(error));
        };
        change(QStringLiteral("rel-07"),
            [](ReplicationSourceSide *source) { source->trigger.schedule = QStringLiteral("0 * * * *"); });
        change(QStringLiteral("rel-31"),
            [](ReplicationSourceSide *source) { source->namespaceName = QStringLiteral("moved"); });
        const int afterWrites = mainThreadRelationshipSerializations(); // the writes above serialize
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.reload();
        QTRY_VERIFY(model.relationship(QStringLiteral("rel-07")).source->trigger.schedule == QStringLiteral("0 * * * *")
            && model.relationship(QStringLiteral("rel-31")).source->namespaceName == QStringLiteral("moved"));
        QCOMPARE(mainThreadRelationshipSerializations(), afterWrites);
        QSet<int> rowsChanged;
        for (const QList<QVariant> &signal : std::as_const(changed))
            rowsChanged.insert(signal.at(0).toModelIndex().row());
        QCOMPARE(
            rowsChanged, (QSet<int> {model.rowOf(QStringLiteral("rel-07")), model.rowOf(QStringLiteral("rel-31"))}));
        QCOMPARE(model.relationship(QStringLiteral("rel-08")).source->namespaceName, QStringLiteral("apps"));
    }
};

QTEST_GUILESS_MAIN(TestRelationshipsModel)
#include "test_relationshipsmodel.moc"
