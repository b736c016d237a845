// SPDX-License-Identifier: GPL-3.0-or-later
// volsyncctl status --all (table, json, exit codes 0/1, --context) and alerts export, against the simulator.
#include "cli/alertscommand.h"
#include "cli/statuscommand.h"
#include "demorelationshipfiles.h"
#include "engine/relationshiprpotarget.h"
#include "engine/relationshipstore.h"
#include "sim/simfleetworld.h"
#include "sim/simoperator.h"
#include "sim/simstore.h"
#include "simfixture.h"
#include "stucksyncworld.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

QJsonObject resticSource(const QString &name, const QString &lastSync, const QString &result)
{
    return QJsonObject {{QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), name}}},
        {QStringLiteral("spec"),
            QJsonObject {{QStringLiteral("sourcePVC"), name},
                {QStringLiteral("trigger"), QJsonObject {{QStringLiteral("schedule"), QStringLiteral("0 * * * *")}}},
                {QStringLiteral("restic"), QJsonObject {{QStringLiteral("repository"), QStringLiteral("cfg")}}}}},
        {QStringLiteral("status"),
            QJsonObject {{QStringLiteral("lastSyncTime"), lastSync},
                {QStringLiteral("latestMoverStatus"), QJsonObject {{QStringLiteral("result"), result}}}}}};
}

} // namespace

class TestFleetCli : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir mDir;
    std::unique_ptr<SimFixture> mSim;

    /// Runs volsyncctl without blocking the event loop, which serves the simulated clusters.
    Run volsyncctl(const QStringList &arguments)
    {
        QProcess process;
        process.start(QStringLiteral(VOLSYNC_BIN_DIR "/volsyncctl"),
            QStringList {QStringLiteral("--kubeconfig"), mSim->kubeconfigPath(), QStringLiteral("--config-dir"),
                mDir.filePath(QStringLiteral("cfg"))}
                + arguments);
        QSignalSpy finished(&process, &QProcess::finished);
        if (!finished.wait(90000))
            return {};
        return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(mDir.isValid());
        SimFixture::Options options;
        options.simulator.clusters = {QStringLiteral("fa"), QStringLiteral("fb")};
        options.operatorOptions = SimFixture::fastOperator();
        options.seed = QStringLiteral("fleet");
        mSim = std::make_unique<SimFixture>(options);
        QString error;
        QVERIFY2(mSim->start(&error), qPrintable(error));
        QVERIFY2(DemoRelationshipFiles::write(mDir.filePath(QStringLiteral("cfg")),
                     SimFleetWorld::relationships(options.simulator.clusters), &error),
            qPrintable(error));
    }

    void cleanupTestCase() { mSim.reset(); }

    void statusAllTableAndExitCodeOne()
    {
        const Run run = volsyncctl({QStringLiteral("status"), QStringLiteral("--all")});
        QCOMPARE(run.exitCode, 1); // the fleet has late, critical and failing entries
        QVERIFY2(run.out.startsWith(QStringLiteral("NAME")), qPrintable(run.out.left(300)));
        for (const char *word : {"SOURCE → DESTINATION", "HEALTH", "LAG", "INTERVAL", "LAST RESULT", "NEXT SYNC",
                 "payments-fa", "fa/payments/payments-data-src → fb/dr-payments-fa/payments-data", "critical",
                 "failing", "paused", "manual only", "restic", "rclone", "syncthing"})
            QVERIFY2(run.out.contains(QString::fromUtf8(word)), word);
    }

    void statusAllJson()
    {
        const Run run = volsyncctl({QStringLiteral("status"), QStringLiteral("--all"), QStringLiteral("-o"),
            QStringLiteral("json"), QStringLiteral("--context"), QStringLiteral("fa")});
        QCOMPARE(run.exitCode, 1);
        const QJsonArray entries = QJsonDocument::fromJson(run.out.toUtf8()).array();
        // The relationships from and to fa (fa → fb and fb → fa, joined with their files) and fa's unmanaged objects.
        int unmanaged = 0;
        QSet<QString> names;
        for (const QJsonValue &value : entries) {
            const QJsonObject e = value.toObject();
            names.insert(e.value(QLatin1String("name")).toString());
            if (e.value(QLatin1String("kind")).toString() != QLatin1String("relationship"))
                ++unmanaged;
            QVERIFY(!e.value(QLatin1String("health")).toString().isEmpty());
        }
        QCOMPARE(unmanaged, SimFleetWorld::kUnmanagedPerCluster);
        QCOMPARE(entries.size(), 2 * SimFleetWorld::kRelationshipsPerCluster + SimFleetWorld::kUnmanagedPerCluster);
        QVERIFY(names.contains(QStringLiteral("payments-fa")));
        QVERIFY(names.contains(QStringLiteral("payments-fb")));
        QVERIFY(names.contains(QStringLiteral("logs-backup")));
    }

    void statusAllExitCodeZeroWhenAllHealthy()
    {
        // A cluster of its own with one healthy backup.
        SimFixture::Options options;
        options.simulator.clusters = {QStringLiteral("quiet")};
        options.seed = QStringLiteral("empty");
        SimFixture quietSim(options);
        QString error;
        QVERIFY2(quietSim.start(&error), qPrintable(error));
        SimStore *quiet = quietSim.store(QStringLiteral("quiet"));
        const QString recent = SimStore::formatTimestamp(QDateTime::currentDateTimeUtc().addSecs(-600));
        QVERIFY(quiet
                    ->create(QStringLiteral("replicationsources"), QStringLiteral("default"),
                        resticSource(QStringLiteral("ok-backup"), recent, QStringLiteral("Successful")))
                    .ok());
        QTemporaryDir empty;
        const auto run = [&](const QStringList &arguments) {
            QProcess process;
            process.start(QStringLiteral(VOLSYNC_BIN_DIR "/volsyncctl"),
                QStringList {QStringLiteral("--kubeconfig"), quietSim.kubeconfigPath(), QStringLiteral("--config-dir"),
                    empty.path(), QStringLiteral("status"), QStringLiteral("--all")}
                    + arguments);
            QSignalSpy finished(&process, &QProcess::finished);
            if (!finished.wait(90000))
                return Run {};
            return Run {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
                QString::fromUtf8(process.readAllStandardError())};
        };
        const Run healthy = run({QStringLiteral("-o"), QStringLiteral("json")});
        QCOMPARE(healthy.exitCode, 0);
        const QJsonArray entries = QJsonDocument::fromJson(healthy.out.toUtf8()).array();
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.at(0).toObject().value(QLatin1String("name")).toString(), QStringLiteral("ok-backup"));
        QCOMPARE(entries.at(0).toObject().value(QLatin1String("health")).toString(), QStringLiteral("healthy"));
        // Its mover fails: exit code 1.
        QVERIFY(quiet
                    ->patchStatus(QStringLiteral("replicationsources"), QStringLiteral("default"),
                        QStringLiteral("ok-backup"),
                        QJsonObject {{QStringLiteral("latestMoverStatus"),
                            QJsonObject {{QStringLiteral("result"), QStringLiteral("Failed")}}}})
                    .ok());
        const Run failing = run({});
        QCOMPARE(failing.exitCode, 1);
        QVERIFY2(failing.out.contains(QStringLiteral("failing")), qPrintable(failing.out));
    }

    void statusAllJudgesByTheClustersClock()
    {
        // A cluster whose clock is 6 hours ahead of this computer's (the simulator's Date header tells its scaled
        // clock): an hourly backup last synced 3.5 h ago by that clock is critical. By this computer's clock its
        // last sync would lie 2.5 h in the future and look healthy.
        SimFixture::Options options;
        options.simulator.clusters = {QStringLiteral("ahead")};
        options.seed = QStringLiteral("empty");
        SimFixture aheadSim(options);
        QString error;
        QVERIFY2(aheadSim.start(&error), qPrintable(error));
        // No operator: nothing runs the backup; the cluster's store (and so its Date header) runs 6 h ahead.
        aheadSim.store(QStringLiteral("ahead"))->setClock([] {
            return QDateTime::currentDateTimeUtc().addSecs(6 * 3600);
        });
        const QDateTime clusterNow = QDateTime::currentDateTimeUtc().addSecs(6 * 3600);
        const QJsonObject skewed = resticSource(QStringLiteral("skewed-backup"),
            SimStore::formatTimestamp(clusterNow.addSecs(-12600)), QStringLiteral("Successful"));
        SimStore *aheadStore = aheadSim.store(QStringLiteral("ahead"));
        QVERIFY(aheadStore->create(QStringLiteral("replicationsources"), QStringLiteral("default"), skewed).ok());
        // A create does not keep the status (a subresource): set it as the operator would.
        QVERIFY(aheadStore
                    ->patchStatus(QStringLiteral("replicationsources"), QStringLiteral("default"),
                        QStringLiteral("skewed-backup"), skewed.value(QLatin1String("status")).toObject())
                    .ok());
        QTemporaryDir empty;
        QProcess process;
        process.start(QStringLiteral(VOLSYNC_BIN_DIR "/volsyncctl"),
            {QStringLiteral("--kubeconfig"), aheadSim.kubeconfigPath(), QStringLiteral("--config-dir"), empty.path(),
                QStringLiteral("status"), QStringLiteral("--all"), QStringLiteral("-o"), QStringLiteral("json")});
        QSignalSpy finished(&process, &QProcess::finished);
        QVERIFY(finished.wait(90000));
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QCOMPARE(process.exitCode(), 1);
        const QJsonArray entries = QJsonDocument::fromJson(process.readAllStandardOutput()).array();
        QCOMPARE(entries.size(), 1);
        const QJsonObject entry = entries.at(0).toObject();
        QCOMPARE(entry.value(QLatin1String("health")).toString(), QStringLiteral("critical"));
        // 3 h 30 min, give or take the Date header's second and the time the command took.
        const qint64 lag = entry.value(QLatin1String("lagSeconds")).toInteger();
        QVERIFY2(lag >= 12600 - 5 && lag <= 12600 + 120, qPrintable(QString::number(lag)));
        // The skew is said, once per cluster.
        QVERIFY2(err.contains(QStringLiteral("ahead: its clock is 6h ahead of this computer's"), Qt::CaseInsensitive),
            qPrintable(err));
    }

    void waitReturnsOnceSynced()
    {
        // A relationship whose source is a restic backup in the middle of a run that only this test ends.
        StuckSyncWorld world(QStringLiteral("waited"), QStringLiteral("0c0ffee0-0000-4000-8000-000000000001"));
        QString error;
        QVERIFY2(world.start(&error), qPrintable(error));
        const QString configDir = world.configDir();

        const QStringList waitFor {QStringLiteral("--kubeconfig"), world.kubeconfigPath(),
            QStringLiteral("--config-dir"), configDir, QStringLiteral("replication"), QStringLiteral("-r"),
            QStringLiteral("waited"), QStringLiteral("wait"), QStringLiteral("--for")};
        // A sync is running: synced does not hold, so it waits until the timeout.
        QProcess process;
        process.start(QStringLiteral(VOLSYNC_BIN_DIR "/volsyncctl"),
            waitFor + QStringList {QStringLiteral("synced"), QStringLiteral("--timeout"), QStringLiteral("3s")});
        QSignalSpy finished(&process, &QProcess::finished);
        QVERIFY(finished.wait(60000));
        QCOMPARE(process.exitCode(), 1);
        const QString timedOut = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(timedOut.contains(QStringLiteral("timed out"), Qt::CaseInsensitive), qPrintable(timedOut));
        QVERIFY2(timedOut.contains(QStringLiteral("a sync is running")), qPrintable(timedOut));

        // It returns as soon as the run ends: the watch delivers the change, nothing polls. The process says when
        // it has listed and waits; then the run completes, well before the timeout (which would exit 1).
        QProcess waiting;
        QString said;
        connect(&waiting, &QProcess::readyReadStandardError, &waiting,
            [&waiting, &said] { said += QString::fromUtf8(waiting.readAllStandardError()); });
        waiting.start(QStringLiteral(VOLSYNC_BIN_DIR "/volsyncctl"),
            waitFor + QStringList {QStringLiteral("synced"), QStringLiteral("--timeout"), QStringLiteral("120s")});
        QSignalSpy waitingFinished(&waiting, &QProcess::finished);
        QTRY_VERIFY2_WITH_TIMEOUT(said.contains(QStringLiteral("Waiting for waited to be synced: a sync is running")),
            qPrintable(said), 60000);
        QVERIFY(waitingFinished.isEmpty());
        QElapsedTimer sinceSynced;
        sinceSynced.start();
        QVERIFY(world.setSourceStatus(StuckSyncWorld::syncedStatus()));
        QVERIFY(waitingFinished.wait(90000));
        // Measured, not asserted (a busy machine decides the time): the goal is 200 ms.
        qInfo("wait --for synced returned %lld ms after the sync completed", qlonglong(sinceSynced.elapsed()));
        QCOMPARE(waiting.exitStatus(), QProcess::NormalExit);
        QVERIFY2(waiting.exitCode() == 0, qPrintable(said));

        // Synced already: it returns at once, saying nothing.
        QProcess already;
        already.start(QStringLiteral(VOLSYNC_BIN_DIR "/volsyncctl"),
            waitFor + QStringList {QStringLiteral("synced"), QStringLiteral("--timeout"), QStringLiteral("120s")});
        QSignalSpy alreadyFinished(&already, &QProcess::finished);
        QVERIFY(alreadyFinished.wait(90000));
        QCOMPARE(already.exitCode(), 0);
        QVERIFY(!QString::fromUtf8(already.readAllStandardError()).contains(QStringLiteral("Waiting")));

        // --for healthy with a failing mover times out with the reason.
        QVERIFY(world.setSourceStatus(QJsonObject {{QStringLiteral("latestMoverStatus"),
            QJsonObject {{QStringLiteral("result"), QStringLiteral("Failed")}}}}));
        QProcess healthy;
        healthy.start(QStringLiteral(VOLSYNC_BIN_DIR "/volsyncctl"),
            {QStringLiteral("--kubeconfig"), world.kubeconfigPath(), QStringLiteral("--config-dir"), configDir,
                QStringLiteral("replication"), QStringLiteral("-r"), QStringLiteral("waited"), QStringLiteral("wait"),
                QStringLiteral("--for"), QStringLiteral("healthy"), QStringLiteral("--timeout"), QStringLiteral("2s")});
        QSignalSpy healthyFinished(&healthy, &QProcess::finished);
        QVERIFY(healthyFinished.wait(60000));
        QCOMPARE(healthy.exitCode(), 1);
        const QString err = QString::fromUtf8(healthy.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("timed out"), Qt::CaseInsensitive), qPrintable(err));
        // An unknown condition is a usage error.
        QProcess bad;
        bad.start(QStringLiteral(VOLSYNC_BIN_DIR "/volsyncctl"),
            {QStringLiteral("--config-dir"), configDir, QStringLiteral("replication"), QStringLiteral("-r"),
                QStringLiteral("waited"), QStringLiteral("wait"), QStringLiteral("--for"), QStringLiteral("done")});
        QSignalSpy badFinished(&bad, &QProcess::finished);
        QVERIFY(badFinished.wait(60000));
        QCOMPARE(bad.exitCode(), 2);
    }

    void statusUsage()
    {
        const Run run = volsyncctl({QStringLiteral("status")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QStringLiteral("--all")), qPrintable(run.err));
        const Run unknown = volsyncctl({QStringLiteral("status"), QStringLiteral("--all"), QStringLiteral("--context"),
            QStringLiteral("nowhere")});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.contains(QStringLiteral("nowhere")), qPrintable(unknown.err));
    }

    void alertsExport()
    {
        QString error;
        const RelationshipStore store(mDir.filePath(QStringLiteral("cfg")));
        // The RPO target, set from the command line, is what the rules hold for.
        const Run target = volsyncctl({QStringLiteral("replication"), QStringLiteral("-r"), QStringLiteral("orders-fa"),
            QStringLiteral("set-rpo-target"), QStringLiteral("--rpo-target"), QStringLiteral("4h")});
        QCOMPARE(target.exitCode, 0);
        QCOMPARE(RelationshipRpoTarget::of(*store.load(QStringLiteral("orders-fa"), &error)), qint64(4 * 3600));
        const Run badTarget
            = volsyncctl({QStringLiteral("replication"), QStringLiteral("-r"), QStringLiteral("orders-fa"),
                QStringLiteral("set-rpo-target"), QStringLiteral("--rpo-target"), QStringLiteral("10s")});
        QCOMPARE(badTarget.exitCode, 2);
        QVERIFY2(badTarget.err.contains(QStringLiteral("shorter than a minute")), qPrintable(badTarget.err));
        const Run run = volsyncctl({QStringLiteral("alerts"), QStringLiteral("export"), QStringLiteral("--format"),
            QStringLiteral("prometheus")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(QStringLiteral("kind: PrometheusRule")), qPrintable(run.out.left(400)));
        QVERIFY(run.out.contains(QStringLiteral("# For context fa:")));
        QVERIFY(run.out.contains(QStringLiteral("volsync_volume_out_of_sync{obj_namespace=\"payments\",obj_name="
                                                "\"payments-data-src\",role=\"source\"} == 1")));
        // payments every 5 min: late held 5 min, critical 10 min; orders has a 4 h target.
        QVERIFY(run.out.contains(QStringLiteral("for: 5m")));
        QVERIFY(run.out.contains(QStringLiteral("for: 480m")));
        QVERIFY(run.out.contains(QStringLiteral("# archive-fa: no schedule")));
        const Run bad = volsyncctl(
            {QStringLiteral("alerts"), QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("nagios")});
        QCOMPARE(bad.exitCode, 2);
    }

    // --watch: the table, then each transition as it happens, one JSON object per line with -o json (the CLI
    // consumes the monitor's transitions as the desktop does).
    void statusAllWatchTellsTransitions()
    {
        QProcess watching;
        QString out;
        connect(&watching, &QProcess::readyReadStandardOutput, &watching,
            [&watching, &out] { out += QString::fromUtf8(watching.readAllStandardOutput()); });
        watching.start(QStringLiteral(VOLSYNC_BIN_DIR "/volsyncctl"),
            {QStringLiteral("--kubeconfig"), mSim->kubeconfigPath(), QStringLiteral("--config-dir"),
                mDir.filePath(QStringLiteral("cfg")), QStringLiteral("status"), QStringLiteral("--all"),
                QStringLiteral("--context"), QStringLiteral("fa"), QStringLiteral("-o"), QStringLiteral("json"),
                QStringLiteral("--watch")});
        // The snapshot first (a JSON array), with wiki-backup healthy; the command keeps running.
        QTRY_VERIFY2_WITH_TIMEOUT(out.contains(QStringLiteral("\n]\n")), qPrintable(out.right(300)), 90000);
        const QJsonArray snapshot
            = QJsonDocument::fromJson(out.left(out.indexOf(QStringLiteral("\n]\n")) + 3).toUtf8()).array();
        QVERIFY(!snapshot.isEmpty());
        QVERIFY(watching.state() == QProcess::Running);

        // wiki-backup's runs fail from now on: as its next run ends, the change is told on a line of its own.
        SimStore *store = mSim->store(QStringLiteral("fa"));
        QJsonObject object = *store->get(
            QStringLiteral("replicationsources"), QStringLiteral("backups"), QStringLiteral("wiki-backup"));
        QJsonObject metadata = object.value(QLatin1String("metadata")).toObject();
        metadata.insert(QStringLiteral("annotations"),
            QJsonObject {{QStringLiteral("sim.volsync-desktop/fleet-behaviour"), QStringLiteral("fail")}});
        object.insert(QStringLiteral("metadata"), metadata);
        QVERIFY(store->update(QStringLiteral("replicationsources"), QStringLiteral("backups"), object).ok());
        const auto toldFailing = [&out] {
            const QStringList lines = out.mid(out.indexOf(QStringLiteral("\n]\n")) + 3).split(QLatin1Char('\n'));
            for (const QString &line : lines) {
                const QJsonObject change = QJsonDocument::fromJson(line.toUtf8()).object();
                if (change.value(QLatin1String("name")).toString() == QLatin1String("wiki-backup")
                    && change.value(QLatin1String("to")).toString() == QLatin1String("failing"))
                    return change;
            }
            return QJsonObject();
        };
        QTRY_VERIFY2_WITH_TIMEOUT(
            (mSim->op()->clock().advance(60000), !toldFailing().isEmpty()), qPrintable(out.right(600)), 60000);
        const QJsonObject change = toldFailing();
        QCOMPARE(change.value(QLatin1String("kind")).toString(), QStringLiteral("source"));
        QCOMPARE(change.value(QLatin1String("clusters")).toString(), QStringLiteral("fa"));
        QVERIFY(!change.value(QLatin1String("from")).toString().isEmpty());
        QVERIFY2(change.value(QLatin1String("message")).toString().startsWith(QStringLiteral("wiki-backup is failing")),
            qPrintable(change.value(QLatin1String("message")).toString()));
        QVERIFY(QDateTime::fromString(change.value(QLatin1String("time")).toString(), Qt::ISODate).isValid());
        watching.kill();
        watching.waitForFinished(10000);

        // The words of the table form.
        FleetTransition transition;
        transition.from = RpoState::Healthy;
        transition.to = RpoState::Late;
        transition.entry.name = QStringLiteral("orders");
        transition.message = QStringLiteral("orders is late: 25m since the last sync, expected every 10m");
        QCOMPARE(StatusCommand::transitionLine(transition, QDateTime(QDate(2026, 12, 1), QTime(12, 0), Qt::UTC), false),
            QStringLiteral("2026-12-01T12:00:00Z  healthy → late  orders is late: 25m since the last sync, expected "
                           "every 10m\n"));
    }
};

QTEST_GUILESS_MAIN(TestFleetCli)
#include "test_fleetcli.moc"
