// SPDX-License-Identifier: GPL-3.0-or-later
// The fleet with 500 entries over 20 contexts (the simulator's fleet world, schedules firing at 60x): time until
// every context has listed, the cost of one judgement of all entries (FleetMonitor::reevaluate, what runs on the
// GUI thread every 10 s and on every change), the longest a 10 ms timer on this thread fired late while the
// monitor and the fleet model followed the world, and the process's memory. The simulator runs on this thread
// too, so the stall is an upper bound for the GUI's own part. VOLSYNC_BENCH_SECONDS sets the measured time
// (default 20).
#include "demorelationshipfiles.h"
#include "engine/fleetmonitor.h"
#include "kube/kubeconfig.h"
#include "kube/kubesession.h"
#include "models/fleetmodel.h"
#include "sim/simfleetworld.h"
#include "sim/simoperator.h"
#include "simfixture.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <vector>

namespace {

double statusMiB(const char *key)
{
    QFile file(QStringLiteral("/proc/self/status"));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(key))
            return line.mid(qstrlen(key) + 1).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return -1;
}

} // namespace

class BenchFleet : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fiveHundredEntriesOverTwentyContexts()
    {
        const double rssStart = statusMiB("VmRSS:");
        SimFixture::Options options;
        options.simulator.clusters = SimFleetWorld::defaultClusters();
        options.operatorOptions = SimFixture::fastOperator();
        options.operatorOptions->timeScale = 60;
        options.operatorOptions->syncDurationMs = 30000;
        options.seed = QStringLiteral("fleet");
        SimFixture sim(options);
        QString error;
        QVERIFY2(sim.start(&error, 120000), qPrintable(error));
        const double rssWorld = statusMiB("VmRSS:");

        KubeSession session(KubeConfig::LoadOptions {sim.kubeconfigPath(), std::nullopt, std::nullopt});
        FleetMonitor monitor(&session);
        SimOperator *op = sim.op();
        monitor.setClock([op] { return op->now(); });
        QList<ReplicationRelationship> relationships;
        for (const SimDemoRelationship &r : SimFleetWorld::relationships(options.simulator.clusters))
            relationships.append(DemoRelationshipFiles::toRelationship(r));
        monitor.setRelationships(relationships);
        FleetModel model;
        model.setMonitor(&monitor);
        QElapsedTimer ready;
        ready.start();
        monitor.start();
        QTRY_VERIFY_WITH_TIMEOUT(monitor.isReady(), 120000);
        const qint64 readyMs = ready.elapsed();
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 140 + 220, 60000);

        std::vector<qint64> judgements;
        for (int i = 0; i < 20; ++i) {
            QElapsedTimer t;
            t.start();
            monitor.reevaluate();
            judgements.push_back(t.nsecsElapsed() / 1000);
        }
        std::sort(judgements.begin(), judgements.end());

        // A 10 ms heartbeat: how late does it fire while the world syncs and the monitor follows?
        const int seconds = qEnvironmentVariableIntValue("VOLSYNC_BENCH_SECONDS") > 0
            ? qEnvironmentVariableIntValue("VOLSYNC_BENCH_SECONDS")
            : 20;
        QElapsedTimer clock;
        clock.start();
        qint64 last = 0;
        qint64 worstLateMs = 0;
        QTimer beat;
        beat.setTimerType(Qt::PreciseTimer);
        connect(&beat, &QTimer::timeout, this, [&] {
            const qint64 now = clock.elapsed();
            worstLateMs = std::max(worstLateMs, now - last - 10);
            last = now;
        });
        beat.start(10);
        QTest::qWait(seconds * 1000);
        beat.stop();

        qInfo().noquote() << QStringLiteral("fleet: %1 entries over %2 contexts; ready after %3 ms")
                                 .arg(model.rowCount())
                                 .arg(options.simulator.clusters.size())
                                 .arg(readyMs);
        qInfo().noquote() << QStringLiteral("one judgement of every entry: median %1 ms, worst %2 ms")
                                 .arg(judgements[judgements.size() / 2] / 1000.0, 0, 'f', 2)
                                 .arg(judgements.back() / 1000.0, 0, 'f', 2);
        qInfo().noquote() << QStringLiteral("10 ms timer fired at worst %1 ms late over %2 s (simulator included)")
                                 .arg(worstLateMs)
                                 .arg(seconds);
        qInfo().noquote() << QStringLiteral("memory: RSS %1 MiB at start, %2 MiB with the world, %3 MiB at the end, "
                                            "peak %4 MiB")
                                 .arg(rssStart, 0, 'f', 1)
                                 .arg(rssWorld, 0, 'f', 1)
                                 .arg(statusMiB("VmRSS:"), 0, 'f', 1)
                                 .arg(statusMiB("VmHWM:"), 0, 'f', 1);
    }
};

QTEST_GUILESS_MAIN(BenchFleet)
#include "bench_fleet.moc"
