// SPDX-License-Identifier: GPL-3.0-or-later
// volsyncctl's disaster-recovery verbs against the in-process simulator: restore-points (table, -o json, keep,
// release), failover --dry-run changes nothing, test-failover and end-test, a pre-check's error and exit code,
// usage errors, and an unplanned failover whose PVC holds the synced content.
#include "engine/replicationengine.h"
#include "enginefixture.h"
#include "kube/kubesession.h"
#include "runjob.h"
#include "sim/simcluster.h"
#include "sim/simstore.h"
#include "sim/simvolumecontroller.h"
#include "simfixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kPVC = QStringLiteral("persistentvolumeclaims");
const QString kRD = QStringLiteral("replicationdestinations");
const QString kSnapshots = QStringLiteral("volumesnapshots");

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

} // namespace

class TestDisasterRecoveryCli : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<EngineFixture> mEnv;
    SimStore *mKind = nullptr;
    SimStore *mGcp = nullptr;

    // Runs volsyncctl without blocking the event loop: the simulator answers it from this thread.
    Run volsyncctl(const QStringList &arguments)
    {
        QProcess process;
        QSignalSpy finished(&process, &QProcess::finished);
        process.start(QStringLiteral(VOLSYNC_BIN_DIR "/volsyncctl"),
            QStringList {QStringLiteral("--kubeconfig"), mEnv->sim()->kubeconfigPath(), QStringLiteral("--config-dir"),
                mEnv->configDir(), QStringLiteral("replication"), QStringLiteral("-r"), QStringLiteral("web")}
                + arguments);
        if (!finished.wait(60000)) {
            process.kill();
            process.waitForFinished();
            return {};
        }
        return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
    }

    QString latestImage()
    {
        return mGcp->get(kRD, QStringLiteral("web-dr"), QStringLiteral("web"))
            ->value(QStringLiteral("status"))
            .toObject()
            .value(QStringLiteral("latestImage"))
            .toObject()
            .value(QStringLiteral("name"))
            .toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        const SimFixture::Options options
            = SimFixture::withVolumes(QStringLiteral("web"), QStringLiteral("web-dr"), {QStringLiteral("web-data")});
        mEnv = std::make_unique<EngineFixture>(options);
        QString error;
        QVERIFY2(mEnv->start(&error), qPrintable(error));
        mKind = mEnv->store(QStringLiteral("kind"));
        mGcp = mEnv->store(QStringLiteral("gcp"));
        QVERIFY(runJob(mEnv->engine()->createRelationship(QStringLiteral("web"), true)).ok());
        SourceSettings s;
        s.pvc = ObjectName {QStringLiteral("kind"), QStringLiteral("web"), QStringLiteral("web-data")};
        QVERIFY(runJob(mEnv->engine()->setSource(QStringLiteral("web"), s)).ok());
        DestinationSettings d;
        d.destination = ObjectName {QStringLiteral("gcp"), QStringLiteral("web-dr"), QStringLiteral("web")};
        d.serviceType = QStringLiteral("LoadBalancer");
        d.capacity = QStringLiteral("1Gi");
        d.accessModes = {QStringLiteral("ReadWriteOnce")};
        QVERIFY(runJob(mEnv->engine()->setDestination(QStringLiteral("web"), d)).ok());
        QTRY_VERIFY(SimVolumeController::setContent(
                        mKind, QStringLiteral("web"), QStringLiteral("web-data"), {QStringLiteral("A"), 10})
            && mKind->get(kPVC, QStringLiteral("web"), QStringLiteral("web-data"))
                    ->value(QStringLiteral("status"))
                    .toObject()
                    .value(QStringLiteral("phase"))
                    .toString()
                == QLatin1String("Bound"));
        const ReplicationResult synced = runJob(mEnv->engine()->sync(QStringLiteral("web")), 30000);
        QVERIFY2(synced.ok(), qPrintable(synced.error));
    }

    void usageErrors()
    {
        Run run = volsyncctl({QStringLiteral("failover"), QStringLiteral("--planned"), QStringLiteral("--unplanned")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QStringLiteral("exclude each other")), qPrintable(run.err));
        run = volsyncctl({QStringLiteral("test-failover"), QStringLiteral("--unplanned")});
        QCOMPARE(run.exitCode, 2);
        run = volsyncctl({QStringLiteral("restore-points"), QStringLiteral("forget"), QStringLiteral("x")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QStringLiteral("keep, release or delete")), qPrintable(run.err));
        // Each subcommand takes the flags the one flag table gives it.
        run = volsyncctl({QStringLiteral("end-test"), QStringLiteral("--reverse-name"), QStringLiteral("x")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QStringLiteral("Unknown flag: --reverse-name (end-test does not take it)")),
            qPrintable(run.err));
        run = volsyncctl({QStringLiteral("--help")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(QStringLiteral("test-failover")), qPrintable(run.out));
    }

    void restorePointsKeepAndRelease()
    {
        const QString image = latestImage();
        Run run = volsyncctl({QStringLiteral("restore-points"), QStringLiteral("-o"), QStringLiteral("json")});
        QCOMPARE(run.exitCode, 0);
        const QJsonArray points = QJsonDocument::fromJson(run.out.toUtf8()).array();
        QCOMPARE(points.size(), 1);
        QCOMPARE(points.at(0).toObject().value(QStringLiteral("name")).toString(), image);
        QCOMPARE(points.at(0).toObject().value(QStringLiteral("state")).toString(), QStringLiteral("latest"));
        run = volsyncctl({QStringLiteral("restore-points"), QStringLiteral("keep"), image});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(mGcp->get(kSnapshots, QStringLiteral("web-dr"), image)
                    ->value(QStringLiteral("metadata"))
                    .toObject()
                    .value(QStringLiteral("labels"))
                    .toObject()
                    .contains(QStringLiteral("volsync.backube/do-not-delete")));
        run = volsyncctl({QStringLiteral("restore-points")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(image) && run.out.contains(QStringLiteral("STATE")), qPrintable(run.out));
        run = volsyncctl({QStringLiteral("restore-points"), QStringLiteral("release"), image});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(mGcp->get(kSnapshots, QStringLiteral("web-dr"), image)
                    ->value(QStringLiteral("metadata"))
                    .toObject()
                    .value(QStringLiteral("labels"))
                    .toObject()
                    .contains(QStringLiteral("volsync.backube/do-not-delete"))
            == false);
    }

    void dryRunChangesNothing()
    {
        const Run run
            = volsyncctl({QStringLiteral("failover"), QStringLiteral("--unplanned"), QStringLiteral("--dry-run")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(
            run.out.contains(QStringLiteral("would update ReplicationDestination web-dr/web on gcp: spec.paused=true")),
            qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("would create PersistentVolumeClaim web-dr/web on gcp")),
            qPrintable(run.out));
        QVERIFY(!mGcp->get(kRD, QStringLiteral("web-dr"), QStringLiteral("web"))
                     ->value(QStringLiteral("spec"))
                     .toObject()
                     .contains(QStringLiteral("paused")));
        QVERIFY(!mGcp->get(kPVC, QStringLiteral("web-dr"), QStringLiteral("web")));
    }

    void testFailoverAndEndTest()
    {
        Run run = volsyncctl({QStringLiteral("test-failover"), QStringLiteral("--to"), QStringLiteral("drill")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.out.contains(QStringLiteral("web-dr/drill is ready on gcp")), qPrintable(run.out));
        QCOMPARE(SimVolumeController::content(mGcp, QStringLiteral("web-dr"), QStringLiteral("drill")).generation,
            QStringLiteral("A"));
        run = volsyncctl({QStringLiteral("end-test"), QStringLiteral("--dry-run")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(
            run.out.contains(QStringLiteral("would delete PersistentVolumeClaim web-dr/drill")), qPrintable(run.out));
        QVERIFY(mGcp->get(kPVC, QStringLiteral("web-dr"), QStringLiteral("drill")));
        run = volsyncctl({QStringLiteral("end-test")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(!mGcp->get(kPVC, QStringLiteral("web-dr"), QStringLiteral("drill")));
    }

    void preCheckErrorExitsOne()
    {
        QVERIFY(mGcp->create(kPVC, QStringLiteral("web-dr"), SimFixture::pvcObject(QStringLiteral("taken"))).ok());
        const Run run = volsyncctl({QStringLiteral("failover"), QStringLiteral("--unplanned"), QStringLiteral("--to"),
            QStringLiteral("taken")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QStringLiteral("[target-exists]"))
                && run.err.contains(QStringLiteral("nothing was changed")),
            qPrintable(run.err));
        QVERIFY(!mGcp->get(kRD, QStringLiteral("web-dr"), QStringLiteral("web"))
                     ->value(QStringLiteral("spec"))
                     .toObject()
                     .contains(QStringLiteral("paused")));
    }

    // Another tool pauses the destination (VolSync's documented first step of a failover): status says the
    // relationship has failed over outside VolSync Desktop, in its text and its JSON.
    void failoverByAnotherToolIsShown()
    {
        Run run = volsyncctl({QStringLiteral("status")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(!run.out.contains(QStringLiteral("Failover:")), qPrintable(run.out));
        const auto setPaused = [this](bool paused) {
            QJsonObject rd = *mGcp->get(kRD, QStringLiteral("web-dr"), QStringLiteral("web"));
            QJsonObject spec = rd.value(QStringLiteral("spec")).toObject();
            if (paused)
                spec.insert(QStringLiteral("paused"), true);
            else
                spec.remove(QStringLiteral("paused"));
            rd.insert(QStringLiteral("spec"), spec);
            return mGcp->update(kRD, QStringLiteral("web-dr"), rd).ok();
        };
        QVERIFY(setPaused(true));
        run = volsyncctl({QStringLiteral("status")});
        QVERIFY2(run.out.contains(QStringLiteral("Failover:      failed over (outside VolSync Desktop): the "
                                                 "ReplicationDestination is paused")),
            qPrintable(run.out + run.err));
        run = volsyncctl({QStringLiteral("status"), QStringLiteral("-o"), QStringLiteral("json")});
        QVERIFY2(QJsonDocument::fromJson(run.out.toUtf8()).object().value(QStringLiteral("failedOverOutside")).toBool(),
            qPrintable(run.out + run.err));
        QVERIFY(setPaused(false));
    }

    // --to another namespace (created on request): the test PVC there holds the synced content; end-test --to
    // removes it.
    void testFailoverIntoAnotherNamespace()
    {
        Run run = volsyncctl({QStringLiteral("test-failover"), QStringLiteral("--to"), QStringLiteral("web-drill/copy"),
            QStringLiteral("--create-namespace")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.out.contains(QStringLiteral("web-drill/copy is ready on gcp")), qPrintable(run.out));
        QCOMPARE(SimVolumeController::content(mGcp, QStringLiteral("web-drill"), QStringLiteral("copy")).generation,
            QStringLiteral("A"));
        run = volsyncctl({QStringLiteral("end-test"), QStringLiteral("--to"), QStringLiteral("web-drill/copy")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY(!mGcp->get(kPVC, QStringLiteral("web-drill"), QStringLiteral("copy")));
    }

    void unplannedFailover()
    {
        const Run run = volsyncctl({QStringLiteral("failover"), QStringLiteral("--unplanned")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.out.contains(QStringLiteral("web-dr/web is ready on gcp, data as of")), qPrintable(run.out));
        QCOMPARE(SimVolumeController::content(mGcp, QStringLiteral("web-dr"), QStringLiteral("web")).generation,
            QStringLiteral("A"));
        QVERIFY(mGcp->get(kRD, QStringLiteral("web-dr"), QStringLiteral("web"))
                    ->value(QStringLiteral("spec"))
                    .toObject()
                    .value(QStringLiteral("paused"))
                    .toBool());
    }
};

QTEST_GUILESS_MAIN(TestDisasterRecoveryCli)
#include "test_disasterrecoverycli.moc"
