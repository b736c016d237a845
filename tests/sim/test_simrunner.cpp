// SPDX-License-Identifier: GPL-3.0-or-later
// SimRunner in-process, as the GUI's --demo uses it.
#include "sim/simcluster.h"
#include "sim/simoperator.h"
#include "sim/simrunner.h"
#include "sim/simstore.h"
#include "sim/simulator.h"
#include "sim/simworld.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestSimRunner : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void demoInProcess();
    void unknownSeedFails();
};

void TestSimRunner::demoInProcess()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    SimRunOptions options = SimRunner::demoOptions(dir.filePath(QStringLiteral("kubeconfig")));
    QCOMPARE(options.seed, QStringLiteral("demo"));
    QCOMPARE(options.simulator.clusters, (QStringList {QStringLiteral("kind"), QStringLiteral("gcp")}));
    QVERIFY(options.operatorOptions.timeScale > 1);
    options.operatorOptions.timeScale = 1000; // quicker for the test
    SimRunner runner(options);
    QSignalSpy ready(&runner, &SimRunner::ready);
    QSignalSpy failed(&runner, &SimRunner::failed);
    runner.start();
    QVERIFY(ready.wait(30000));
    QCOMPARE(failed.count(), 0);
    QCOMPARE(ready.first().first().toString(), dir.filePath(QStringLiteral("kubeconfig")));
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("kubeconfig"))));
    const QList<SimDemoRelationship> relationships = SimWorld::demoRelationships(options.simulator.clusters);
    for (const SimDemoRelationship &r : relationships) {
        SimStore *store = runner.simulator()->cluster(r.sourceCluster)->store();
        QVERIFY(store->get(QStringLiteral("replicationsources"), r.sourceNamespace, r.rsName).has_value());
    }
    // The operator runs on the served clusters: the failing relationship fails.
    QSignalSpy finished(runner.simOperator(), &SimOperator::syncFinished);
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (const QList<QVariant> &run : std::as_const(finished)) {
                if (!run.at(3).toBool()) {
                    return true;
                }
            }
            return false;
        },
        10000));
    runner.stop();
}

void TestSimRunner::unknownSeedFails()
{
    QTemporaryDir dir;
    SimRunOptions options;
    options.seed = QStringLiteral("nope");
    options.simulator.kubeconfigOut = dir.filePath(QStringLiteral("kc"));
    SimRunner runner(options);
    QSignalSpy failed(&runner, &SimRunner::failed);
    QSignalSpy ready(&runner, &SimRunner::ready);
    runner.start();
    QVERIFY(failed.wait(30000));
    QVERIFY(failed.first().first().toString().contains(QLatin1String("seed-example")));
    QTest::qWait(200);
    QCOMPARE(ready.count(), 0);
}

QTEST_GUILESS_MAIN(TestSimRunner)
#include "test_simrunner.moc"
