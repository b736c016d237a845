// SPDX-License-Identifier: GPL-3.0-or-later
// volsyncctl replication logs / events / diagnose / bundle against the in-process simulator, for a relationship
// and for an unmanaged object (--object): output, exit codes, and a support bundle without secrets.
#include "engine/replicationengine.h"
#include "engine/replicationjob.h"
#include "enginefixture.h"
#include "extractedbundle.h"
#include "kube/kubesession.h"
#include "runjob.h"
#include "sim/simscenarios.h"
#include "sim/simstore.h"
#include "simfixture.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

QJsonObject namespaceObject(const QString &name)
{
    return {{QStringLiteral("metadata"),
        QJsonObject {{QStringLiteral("name"), name},
            {QStringLiteral("annotations"),
                QJsonObject {{QStringLiteral("volsync.backube/privileged-movers"), QStringLiteral("true")}}}}}};
}

} // namespace

class TestTroubleshootCli : public QObject
{
    Q_OBJECT
    std::unique_ptr<EngineFixture> mEnv;
    SimFixture *mSim = nullptr;
    KubeSession *mSession = nullptr;
    ReplicationEngine *mEngine = nullptr;
    QTemporaryDir mDir;

    Run volsyncctl(const QStringList &arguments, int timeoutMs = 60000)
    {
        QProcess process;
        process.start(QStringLiteral(VOLSYNC_BIN_DIR "/volsyncctl"),
            QStringList {QStringLiteral("--kubeconfig"), mSim->kubeconfigPath(), QStringLiteral("--config-dir"),
                mEnv->configDir()}
                + arguments);
        // The simulator runs in this thread: keep the event loop turning while volsyncctl talks to it.
        const bool done = QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, timeoutMs);
        if (!done) {
            process.kill();
            process.waitForFinished();
        }
        Run run;
        run.exitCode = done && process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        run.out = QString::fromUtf8(process.readAllStandardOutput());
        run.err = QString::fromUtf8(process.readAllStandardError());
        return run;
    }

    void applyRelationship(const QString &name)
    {
        mSim->store(QStringLiteral("kind"))
            ->create(QStringLiteral("namespaces"), QString(), namespaceObject(QStringLiteral("src-") + name));
        mSim->store(QStringLiteral("kind"))
            ->create(QStringLiteral("persistentvolumeclaims"), QStringLiteral("src-") + name,
                QJsonObject {
                    {QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), QStringLiteral("datavol")}}},
                    {QStringLiteral("spec"),
                        QJsonObject {{QStringLiteral("accessModes"), QJsonArray {QStringLiteral("ReadWriteOnce")}},
                            {QStringLiteral("resources"),
                                QJsonObject {{QStringLiteral("requests"),
                                    QJsonObject {{QStringLiteral("storage"), QStringLiteral("1Gi")}}}}}}}});
        mSim->store(QStringLiteral("gcp"))
            ->create(QStringLiteral("namespaces"), QString(), namespaceObject(QStringLiteral("dst-") + name));
        QVERIFY(runJob(mEngine->createRelationship(name, false)).ok());
        SourceSettings s;
        s.pvc = ObjectName {QStringLiteral("kind"), QStringLiteral("src-") + name, QStringLiteral("datavol")};
        s.copyMethod = QStringLiteral("Direct");
        QVERIFY(runJob(mEngine->setSource(name, s)).ok());
        DestinationSettings d;
        d.destination = ObjectName {QStringLiteral("gcp"), QStringLiteral("dst-") + name, QStringLiteral("data")};
        d.copyMethod = QStringLiteral("Direct");
        d.serviceType = QStringLiteral("LoadBalancer");
        QVERIFY(runJob(mEngine->setDestination(name, d)).ok());
        const auto r = runJob(mEngine->schedule(name, QStringLiteral("0 0 1 1 *")));
        QVERIFY2(r.ok(), qPrintable(r.error));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(mDir.isValid());
        SimFixture::Options options;
        options.simulator.clusters = {QStringLiteral("kind"), QStringLiteral("gcp")};
        options.operatorOptions = SimFixture::fastOperator();
        mEnv = std::make_unique<EngineFixture>(options);
        QString error;
        QVERIFY2(mEnv->start(&error), qPrintable(error));
        mSim = mEnv->sim();
        mSession = mEnv->session();
        mEngine = mEnv->engine();
        applyRelationship(QStringLiteral("web"));
    }

    void cleanupTestCase()
    {
        mSim = nullptr;
        mSession = nullptr;
        mEngine = nullptr;
        mEnv.reset();
    }

    void healthyDiagnosisExitsZero()
    {
        Run run;
        QVERIFY(QTest::qWaitFor(
            [&] {
                run = volsyncctl({QStringLiteral("replication"), QStringLiteral("diagnose"), QStringLiteral("-r"),
                    QStringLiteral("web")});
                return run.exitCode == 0;
            },
            30000));
        QCOMPARE(run.out, QStringLiteral("No problem found.\n"));
    }

    void debugMoverOnAndOff()
    {
        QString error;
        const auto relationship = mEngine->store().load(QStringLiteral("web"), &error);
        QVERIFY2(relationship && relationship->destination, qPrintable(error));
        const QString rdName = relationship->destination->rdName;
        const auto annotated = [&] {
            return mSim->store(QStringLiteral("gcp"))
                ->get(QStringLiteral("replicationdestinations"), QStringLiteral("dst-web"), rdName)
                ->value(QStringLiteral("metadata"))
                .toObject()
                .value(QStringLiteral("annotations"))
                .toObject()
                .contains(QStringLiteral("volsync.backube/enable-debug-mover"));
        };
        const QStringList debugMover {
            QStringLiteral("replication"), QStringLiteral("-r"), QStringLiteral("web"), QStringLiteral("debug-mover")};
        const QString off = QStringLiteral("volsyncctl replication -r web debug-mover off --side destination");

        Run run = volsyncctl(
            debugMover + QStringList {QStringLiteral("on"), QStringLiteral("--side"), QStringLiteral("destination")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.startsWith(QStringLiteral("Annotates ReplicationDestination gcp/dst-web/%1").arg(rdName)),
            qPrintable(run.out + run.err));
        QVERIFY2(run.out.contains(QStringLiteral("Turn it off with: ") + off), qPrintable(run.out));
        QVERIFY(annotated());
        run = volsyncctl(
            debugMover + QStringList {QStringLiteral("on"), QStringLiteral("--side"), QStringLiteral("destination")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(QLatin1String("is on already")), qPrintable(run.out));

        // The diagnosis names the same command to turn it off.
        run = volsyncctl(
            {QStringLiteral("replication"), QStringLiteral("diagnose"), QStringLiteral("-r"), QStringLiteral("web")});
        QVERIFY2(run.out.contains(QLatin1String("debug-mover-on")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("  fix: ") + off), qPrintable(run.out));

        run = volsyncctl(
            debugMover + QStringList {QStringLiteral("off"), QStringLiteral("--side"), QStringLiteral("destination")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.startsWith(QLatin1String("Removes the volsync.backube/enable-debug-mover annotation")),
            qPrintable(run.out + run.err));
        QVERIFY(!annotated());

        // Usage errors: neither on nor off; a flag the verb does not take.
        QCOMPARE(volsyncctl(debugMover + QStringList {QStringLiteral("maybe")}).exitCode, 2);
        run = volsyncctl(debugMover + QStringList {QStringLiteral("on"), QStringLiteral("--follow")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QLatin1String("--follow (debug-mover does not take it)")), qPrintable(run.err));
    }

    void eventsWatchPrintsNewEvents()
    {
        QProcess process;
        process.start(QStringLiteral(VOLSYNC_BIN_DIR "/volsyncctl"),
            {QStringLiteral("--kubeconfig"), mSim->kubeconfigPath(), QStringLiteral("--config-dir"), mEnv->configDir(),
                QStringLiteral("replication"), QStringLiteral("events"), QStringLiteral("--watch"),
                QStringLiteral("-r"), QStringLiteral("web")});
        QString out;
        const auto readUntil = [&](const QString &text) {
            return QTest::qWaitFor(
                       [&] {
                           out += QString::fromUtf8(process.readAllStandardOutput());
                           return out.contains(text) || process.state() == QProcess::NotRunning;
                       },
                       30000)
                && out.contains(text);
        };
        // The Events there already, then one that happens while it watches.
        QVERIFY2(readUntil(QStringLiteral("ReplicationDestination/data")), qPrintable(out));
        const QJsonObject event {
            {QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), QStringLiteral("data.watched")}}},
            {QStringLiteral("involvedObject"),
                QJsonObject {{QStringLiteral("kind"), QStringLiteral("ReplicationDestination")},
                    {QStringLiteral("namespace"), QStringLiteral("dst-web")},
                    {QStringLiteral("name"), QStringLiteral("data")}}},
            {QStringLiteral("type"), QStringLiteral("Warning")}, {QStringLiteral("reason"), QStringLiteral("Watched")},
            {QStringLiteral("message"), QStringLiteral("seen while watching")},
            {QStringLiteral("lastTimestamp"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)}};
        const SimStoreResult created
            = mSim->store(QStringLiteral("gcp"))->create(QStringLiteral("events"), QStringLiteral("dst-web"), event);
        QVERIFY2(created.ok(), qPrintable(created.message()));
        QVERIFY2(
            readUntil(QStringLiteral("  gcp  Warning  Watched  ReplicationDestination/data  seen while watching\n")),
            qPrintable(out));
        QCOMPARE(process.state(), QProcess::Running); // it watches until interrupted
        process.terminate();
        QVERIFY(QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 10000));
    }

    void failingRelationship()
    {
        QString error;
        QVERIFY(SimScenarios::of(mSim->store(QStringLiteral("kind")))
                    ->add({{QStringLiteral("scenario"), QStringLiteral("connectionRefused")},
                              {QStringLiteral("namespace"), QStringLiteral("src-web")}},
                        &error));
        // A sync that fails until the scenario is cleared at the end; the diagnosis sees why.
        auto *sync = mEngine->sync(QStringLiteral("web"));
        sync->start();
        Run diagnose;
        QVERIFY(QTest::qWaitFor(
            [&] {
                diagnose = volsyncctl({QStringLiteral("replication"), QStringLiteral("diagnose"), QStringLiteral("-r"),
                    QStringLiteral("web")});
                return diagnose.out.contains(QLatin1String("ERROR connection-failed"));
            },
            30000));
        QCOMPARE(diagnose.exitCode, 1);
        QVERIFY2(diagnose.out.contains(QLatin1String("  evidence: mover log: \"ssh: connect to host ")),
            qPrintable(diagnose.out));

        const Run json = volsyncctl({QStringLiteral("replication"), QStringLiteral("diagnose"), QStringLiteral("-r"),
            QStringLiteral("web"), QStringLiteral("-o"), QStringLiteral("json")});
        QCOMPARE(json.exitCode, 1);
        const QJsonArray findings
            = QJsonDocument::fromJson(json.out.toUtf8()).object().value(QStringLiteral("findings")).toArray();
        QVERIFY(!findings.isEmpty());
        bool connection = false;
        for (const QJsonValue &finding : findings) {
            connection = connection
                || finding.toObject().value(QStringLiteral("kind")).toString() == QLatin1String("connection-failed");
        }
        QVERIFY(connection);

        const Run events = volsyncctl(
            {QStringLiteral("replication"), QStringLiteral("events"), QStringLiteral("-r"), QStringLiteral("web")});
        QCOMPARE(events.exitCode, 0);
        QVERIFY2(events.out.contains(QLatin1String("TransferStarted")), qPrintable(events.out));
        QVERIFY(events.out.contains(QLatin1String("  gcp  Normal  TransferStarted  ReplicationDestination/data  "
                                                  "starting Job/volsync-rsync-dst-data to receive data")));

        // One timeline of both sides, oldest first: the destination's Events, the source's status transitions and
        // its failed mover runs (from the pod's state, with the log line that says why).
        Run timeline;
        const QRegularExpression failedRun(
            QStringLiteral("  kind  log  Warning  MoverFailed  Pod/volsync-rsync-src-[a-z0-9-]+  .*Connection "
                           "refused.*\\(exit code 1"));
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         timeline = volsyncctl({QStringLiteral("replication"), QStringLiteral("timeline"),
                             QStringLiteral("-r"), QStringLiteral("web")});
                         return timeline.exitCode == 0 && timeline.out.contains(failedRun)
                             && timeline.out.contains(QLatin1String("  kind  status  "));
                     },
                     30000),
            qPrintable(timeline.out + timeline.err));
        QVERIFY2(
            timeline.out.contains(QLatin1String("  gcp  event  Normal  TransferStarted  ReplicationDestination/data  "
                                                "starting Job/volsync-rsync-dst-data to receive data")),
            qPrintable(timeline.out));
        QStringList times;
        for (const QString &line : timeline.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            times.append(line.section(QStringLiteral("  "), 0, 0));
        }
        QStringList sorted = times;
        std::sort(sorted.begin(), sorted.end());
        QCOMPARE(times, sorted);

        // The mover retries: a read can fall between two runs (the container restarting), and the run read may be
        // one that has not failed yet. Read until a run's log shows the failure.
        Run logs;
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         logs = volsyncctl({QStringLiteral("replication"), QStringLiteral("logs"), QStringLiteral("-r"),
                             QStringLiteral("web")});
                         return logs.exitCode == 0 && logs.out.contains(QLatin1String("Connection refused"));
                     },
                     30000),
            qPrintable(logs.out + logs.err));
        Run destination;
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         destination
                             = volsyncctl({QStringLiteral("replication"), QStringLiteral("logs"), QStringLiteral("-r"),
                                 QStringLiteral("web"), QStringLiteral("--side"), QStringLiteral("destination")});
                         return destination.exitCode == 0
                             && destination.out.contains(QLatin1String("Waiting for connection"));
                     },
                     30000),
            qPrintable(destination.out + destination.err));

        // The same for the RS as an unmanaged object.
        const QString rs = mSim->store(QStringLiteral("kind"))
                               ->list(QStringLiteral("replicationsources"), QStringLiteral("src-web"))
                               .first()
                               .value(QStringLiteral("metadata"))
                               .toObject()
                               .value(QStringLiteral("name"))
                               .toString();
        const Run object = volsyncctl({QStringLiteral("replication"), QStringLiteral("diagnose"),
            QStringLiteral("--object"), QStringLiteral("kind/src-web/rs/") + rs});
        QCOMPARE(object.exitCode, 1);
        QVERIFY(object.out.contains(QLatin1String("ERROR connection-failed")));
        QCOMPARE(volsyncctl({QStringLiteral("replication"), QStringLiteral("diagnose"), QStringLiteral("--object"),
                                QStringLiteral("kind/src-web/pod/x")})
                     .exitCode,
            2);

        // The support bundle: complete per its manifest, and no key, token or Secret value in it.
        const QString bundle = mDir.filePath(QStringLiteral("bundle.tar.gz"));
        const Run written = volsyncctl({QStringLiteral("replication"), QStringLiteral("bundle"), QStringLiteral("-r"),
            QStringLiteral("web"), QStringLiteral("-o"), bundle});
        QCOMPARE(written.exitCode, 0);
        QVERIFY(QFile::exists(bundle));
        const auto extracted = ExtractedBundle::read(bundle, mDir.filePath(QStringLiteral("extracted")), &error);
        QVERIFY2(extracted, qPrintable(error));
        const QStringList &listed = extracted->listed;
        for (const char *expected :
            {"relationship.yaml", "source/replicationsource.json", "source/mover.log", "source/events.json",
                "destination/replicationdestination.json", "destination/pods.json", "diagnosis.json"}) {
            QVERIFY2(listed.contains(QLatin1String(expected)), expected);
        }
        // Every secret the clusters hold, and the kubeconfig's credentials, must be absent.
        QStringList secrets;
        for (const QString &cluster : {QStringLiteral("kind"), QStringLiteral("gcp")}) {
            for (const QJsonObject &secret : mSim->store(cluster)->list(QStringLiteral("secrets"))) {
                const QJsonObject data = secret.value(QStringLiteral("data")).toObject();
                for (auto it = data.constBegin(); it != data.constEnd(); ++it) {
                    secrets.append(it.value().toString());
                    secrets.append(
                        QString::fromUtf8(QByteArray::fromBase64(it.value().toString().toLatin1())).trimmed());
                }
            }
        }
        QFile kubeconfig(mSim->kubeconfigPath());
        QVERIFY(kubeconfig.open(QIODevice::ReadOnly));
        for (const QByteArray &line : kubeconfig.readAll().split('\n')) {
            if (line.contains("-data:") || line.contains("token:")) {
                secrets.append(QString::fromUtf8(line.mid(line.indexOf(':') + 1).trimmed()));
            }
        }
        QVERIFY(secrets.size() > 4);
        QDirIterator it(extracted->root, QDir::Files, QDirIterator::Subdirectories);
        int scanned = 0;
        while (it.hasNext()) {
            QFile file(it.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QString text = QString::fromUtf8(file.readAll());
            ++scanned;
            QVERIFY2(!text.contains(QLatin1String("PRIVATE KEY-----\n")), qPrintable(file.fileName()));
            for (const QString &secret : std::as_const(secrets)) {
                if (secret.size() >= 8) {
                    QVERIFY2(!text.contains(secret), qPrintable(file.fileName() + QStringLiteral(" holds a secret")));
                }
            }
        }
        QCOMPARE(scanned, int(listed.size()) + 1); // every file is in the manifest, plus the manifest
        SimScenarios::of(mSim->store(QStringLiteral("kind")))->remove(QString(), QStringLiteral("src-web"), QString());
        QVERIFY(QTest::qWaitFor([&] { return sync->isFinished(); }, 30000));
    }
};

QTEST_GUILESS_MAIN(TestTroubleshootCli)
#include "test_troubleshootcli.moc"
