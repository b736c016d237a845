// SPDX-License-Identifier: GPL-3.0-or-later
#include "operatorfixture.h"

#include "common/cronschedule.h"
#include "common/godurations.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

namespace {

const QString kRS = QStringLiteral("replicationsources");
const QString kRD = QStringLiteral("replicationdestinations");
const QString kSrc = QStringLiteral("source");
const QString kDest = QStringLiteral("dest");
const QString kKind = QStringLiteral("kind");
const QString kGcp = QStringLiteral("gcp");

QJsonObject directMover(const QString &serviceType = QStringLiteral("ClusterIP"))
{
    return QJsonObject {{QStringLiteral("copyMethod"), QStringLiteral("Direct")},
        {QStringLiteral("destinationPVC"), QStringLiteral("landing")}, {QStringLiteral("serviceType"), serviceType}};
}

QJsonObject snapshotMover(const QString &serviceType = QStringLiteral("ClusterIP"))
{
    return QJsonObject {{QStringLiteral("copyMethod"), QStringLiteral("Snapshot")},
        {QStringLiteral("capacity"), QStringLiteral("3Gi")},
        {QStringLiteral("accessModes"), QJsonArray {QStringLiteral("ReadWriteOnce")}},
        {QStringLiteral("serviceType"), serviceType}};
}

QJsonObject manual(const QString &tag)
{
    return QJsonObject {{QStringLiteral("manual"), tag}};
}

QJsonObject schedule(const QString &cron)
{
    return QJsonObject {{QStringLiteral("schedule"), cron}};
}

QDateTime parse(const QJsonValue &value)
{
    QDateTime t = QDateTime::fromString(value.toString(), Qt::ISODate);
    return t.toUTC();
}

} // namespace

class TestSimOperatorTriggers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void manualTrigger();
    void manualWinsOverSchedule();
    void scheduleSyncsOnceAtOnceThenWaits();
    void scheduleFollowsCron();
    void continuousWithoutTrigger();
    void triggerChangeDoesNotInterrupt();
    void pausedDoesNotStart();
    void snapshotDestinationKeepsLatestImage();
    void directDestination();
    void crossClusterNeedsLoadBalancer();
    void rsyncTlsSync();
    void cloneUsesTemporaryPvc();
};

void TestSimOperatorTriggers::manualTrigger()
{
    OperatorFixture f;
    QSignalSpy started(f.op(), &SimOperator::syncStarted);
    QSignalSpy finished(f.op(), &SimOperator::syncFinished);
    f.addNamespace(kKind, kDest);
    f.addPvc(kKind, kDest, QStringLiteral("landing"));
    QElapsedTimer wallClock;
    wallClock.start();
    QVERIFY(f.setUpPair(kKind, kKind, directMover(), manual(QStringLiteral("first"))));

    // Step 1: the run starts: lastSyncStartTime and Synchronizing True/SyncInProgress.
    QVERIFY(started.count() == 1 || started.wait(10000));
    QVERIFY(f.op()->isSyncing(kKind, kSrc, QStringLiteral("rs")));
    QJsonObject status = f.status(kKind, kRS, kSrc, QStringLiteral("rs"));
    QVERIFY(status.contains(QStringLiteral("lastSyncStartTime")));
    QCOMPARE(f.synchronizing(kKind, kRS, kSrc, QStringLiteral("rs")), QStringLiteral("True/SyncInProgress"));
    QCOMPARE(
        f.synchronizingMessage(kKind, kRS, kSrc, QStringLiteral("rs")), QStringLiteral("Synchronization in-progress"));
    QVERIFY(!status.contains(QStringLiteral("lastManualSync")));

    // Step 2: it ends with success.
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.first().at(3).toBool(), true);
    status = f.status(kKind, kRS, kSrc, QStringLiteral("rs"));
    QCOMPARE(status.value(QStringLiteral("lastManualSync")).toString(), QStringLiteral("first"));
    QVERIFY(parse(status.value(QStringLiteral("lastSyncTime"))).isValid());
    QVERIFY(!status.contains(QStringLiteral("lastSyncStartTime")));
    QVERIFY(!status.contains(QStringLiteral("nextSyncTime")));
    const auto duration = parseGoDuration(status.value(QStringLiteral("lastSyncDuration")).toString());
    QVERIFY(duration.has_value());
    // About the 20 s the operator is told a sync takes, and never more than the (scaled) time this test waited:
    // on a busy machine the run takes longer, and says so (the operator adds up to 1 ms of its own).
    const qint64 waitedNs = qint64(double(wallClock.nsecsElapsed()) * f.op()->options().timeScale);
    QVERIFY2(*duration >= 17000000000LL && *duration <= waitedNs + 1000000LL,
        qPrintable(status.value(QStringLiteral("lastSyncDuration")).toString()));
    const QJsonObject mover = status.value(QStringLiteral("latestMoverStatus")).toObject();
    QCOMPARE(mover.value(QStringLiteral("result")).toString(), QStringLiteral("Successful"));
    const QStringList lines
        = mover.value(QStringLiteral("logs")).toString().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QVERIFY(QRegularExpression(QStringLiteral("^sent [0-9,]+ bytes  received [0-9,]+ bytes  [0-9,.]+ bytes/sec$"))
                .match(lines.at(0))
                .hasMatch());
    QVERIFY(QRegularExpression(QStringLiteral("^total size is [0-9,]+  speedup is [0-9,.]+$"))
                .match(lines.at(1))
                .hasMatch());
    QVERIFY(QRegularExpression(QStringLiteral("^rsync completed in [0-9]+s$")).match(lines.at(2)).hasMatch());
    QCOMPARE(f.synchronizing(kKind, kRS, kSrc, QStringLiteral("rs")), QStringLiteral("False/WaitingForManual"));

    // Step 3: nothing more happens while the tag is unchanged.
    QTest::qWait(150);
    QCOMPARE(f.op()->moverRuns(), 1);

    // Step 4: a new tag means one more sync.
    f.setTrigger(kKind, kSrc, QStringLiteral("rs"), manual(QStringLiteral("second")));
    QVERIFY(finished.wait(10000));
    QCOMPARE(f.status(kKind, kRS, kSrc, QStringLiteral("rs")).value(QStringLiteral("lastManualSync")).toString(),
        QStringLiteral("second"));
    QTest::qWait(150);
    QCOMPARE(f.op()->moverRuns(), 2);
}

void TestSimOperatorTriggers::manualWinsOverSchedule()
{
    OperatorFixture f;
    QSignalSpy finished(f.op(), &SimOperator::syncFinished);
    f.addNamespace(kKind, kDest);
    f.addPvc(kKind, kDest, QStringLiteral("landing"));
    QVERIFY(f.setUpPair(kKind, kKind, directMover(),
        QJsonObject {{QStringLiteral("schedule"), QStringLiteral("* * * * *")},
            {QStringLiteral("manual"), QStringLiteral("now")}}));
    QVERIFY(finished.wait(10000));
    // A cron minute is 60 ms here: several would have fired by now.
    QTest::qWait(400);
    QCOMPARE(f.op()->moverRuns(), 1);
    const QJsonObject status = f.status(kKind, kRS, kSrc, QStringLiteral("rs"));
    QCOMPARE(status.value(QStringLiteral("lastManualSync")).toString(), QStringLiteral("now"));
    QVERIFY(!status.contains(QStringLiteral("nextSyncTime")));
    QCOMPARE(f.synchronizing(kKind, kRS, kSrc, QStringLiteral("rs")), QStringLiteral("False/WaitingForManual"));
}

void TestSimOperatorTriggers::scheduleSyncsOnceAtOnceThenWaits()
{
    OperatorFixture f;
    QSignalSpy finished(f.op(), &SimOperator::syncFinished);
    f.addNamespace(kKind, kDest);
    f.addPvc(kKind, kDest, QStringLiteral("landing"));
    // Upstream's e2e test relies on a new source syncing at once even with a yearly schedule.
    QVERIFY(f.setUpPair(kKind, kKind, directMover(), schedule(QStringLiteral("0 0 1 1 *"))));
    QVERIFY(finished.wait(10000));
    QTest::qWait(200);
    QCOMPARE(f.op()->moverRuns(), 1);
    const QJsonObject status = f.status(kKind, kRS, kSrc, QStringLiteral("rs"));
    const QDateTime last = parse(status.value(QStringLiteral("lastSyncTime")));
    const QDateTime next = parse(status.value(QStringLiteral("nextSyncTime")));
    QVERIFY(last.isValid());
    QCOMPARE(next, CronSchedule::parse(QStringLiteral("0 0 1 1 *")).next(last));
    QCOMPARE(next.date().month(), 1);
    QCOMPARE(next.date().day(), 1);
    QCOMPARE(f.synchronizing(kKind, kRS, kSrc, QStringLiteral("rs")), QStringLiteral("False/WaitingForSchedule"));
    QVERIFY(!status.contains(QStringLiteral("lastManualSync")));
}

void TestSimOperatorTriggers::scheduleFollowsCron()
{
    OperatorFixture f;
    QList<QDateTime> starts;
    QList<QString> nextAtStart;
    f.addNamespace(kKind, kDest);
    f.addPvc(kKind, kDest, QStringLiteral("landing"));
    connect(f.op(), &SimOperator::syncStarted, this, [&] {
        starts.append(f.op()->now());
        nextAtStart.append(
            f.status(kKind, kRS, kSrc, QStringLiteral("rs")).value(QStringLiteral("nextSyncTime")).toString());
    });
    QVERIFY(f.setUpPair(kKind, kKind, directMover(), schedule(QStringLiteral("*/2 * * * *"))));
    QVERIFY(f.waitFor([&] { return starts.size() >= 4; }, 5000));
    // The first run is immediate (no nextSyncTime yet); each later one starts at a cron time that was
    // published as nextSyncTime, and on an even minute.
    QVERIFY(nextAtStart.first().isEmpty());
    for (int i = 1; i < starts.size(); ++i) {
        const QDateTime published = parse(nextAtStart.at(i));
        QVERIFY2(published.isValid(), qPrintable(nextAtStart.at(i)));
        QCOMPARE(published.time().minute() % 2, 0);
        QCOMPARE(published.time().second(), 0);
        QVERIFY(starts.at(i) >= published);
        QVERIFY2(published.msecsTo(starts.at(i)) < 60000, "a run started long after its time");
    }
    QCOMPARE(f.synchronizing(kKind, kRS, kSrc, QStringLiteral("rs")).section(QLatin1Char('/'), 1),
        f.op()->isSyncing(kKind, kSrc, QStringLiteral("rs")) ? QStringLiteral("SyncInProgress")
                                                             : QStringLiteral("WaitingForSchedule"));
}

void TestSimOperatorTriggers::continuousWithoutTrigger()
{
    OperatorFixture f;
    QSignalSpy finished(f.op(), &SimOperator::syncFinished);
    f.addNamespace(kKind, kDest);
    f.addPvc(kKind, kDest, QStringLiteral("landing"));
    QVERIFY(f.setUpPair(kKind, kKind, directMover(), {}));
    QVERIFY(f.waitFor([&] { return finished.count() >= 3; }, 3000));
    const QJsonObject status = f.status(kKind, kRS, kSrc, QStringLiteral("rs"));
    QVERIFY(!status.contains(QStringLiteral("nextSyncTime")));
    QVERIFY(!status.contains(QStringLiteral("lastManualSync")));
    QVERIFY(status.contains(QStringLiteral("lastSyncTime")));
}

void TestSimOperatorTriggers::triggerChangeDoesNotInterrupt()
{
    SimOperatorOptions options = OperatorFixture::fastOptions();
    options.syncDurationMs = 300000; // 300 ms real
    OperatorFixture f({kKind}, options);
    QSignalSpy started(f.op(), &SimOperator::syncStarted);
    QSignalSpy finished(f.op(), &SimOperator::syncFinished);
    f.addNamespace(kKind, kDest);
    f.addPvc(kKind, kDest, QStringLiteral("landing"));
    QVERIFY(f.setUpPair(kKind, kKind, directMover(), manual(QStringLiteral("a"))));
    QVERIFY(started.count() == 1 || started.wait(10000));
    const QString startTime
        = f.status(kKind, kRS, kSrc, QStringLiteral("rs")).value(QStringLiteral("lastSyncStartTime")).toString();
    // Change the trigger twice while the run goes on.
    f.setTrigger(kKind, kSrc, QStringLiteral("rs"), schedule(QStringLiteral("*/5 * * * *")));
    QTest::qWait(30);
    f.setTrigger(kKind, kSrc, QStringLiteral("rs"), manual(QStringLiteral("b")));
    QTest::qWait(30);
    QVERIFY(f.op()->isSyncing(kKind, kSrc, QStringLiteral("rs")));
    QCOMPARE(started.count(), 1);
    QCOMPARE(f.status(kKind, kRS, kSrc, QStringLiteral("rs")).value(QStringLiteral("lastSyncStartTime")).toString(),
        startTime);
    QVERIFY(finished.wait(10000));
    QVERIFY(finished.first().at(3).toBool());
    // lastManualSync takes the spec value at the end of the run.
    QCOMPARE(f.status(kKind, kRS, kSrc, QStringLiteral("rs")).value(QStringLiteral("lastManualSync")).toString(),
        QStringLiteral("b"));
    QTest::qWait(100);
    QCOMPARE(started.count(), 1);
}

void TestSimOperatorTriggers::pausedDoesNotStart()
{
    OperatorFixture f({kKind});
    f.addNamespace(kKind, kSrc);
    f.addPvc(kKind, kSrc, QStringLiteral("data"));
    QVERIFY(
        f.store(kKind)
            ->create(kRS, kSrc,
                QJsonObject {{QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), QStringLiteral("rs")}}},
                    {QStringLiteral("spec"),
                        QJsonObject {{QStringLiteral("sourcePVC"), QStringLiteral("data")},
                            {QStringLiteral("paused"), true},
                            {QStringLiteral("rsync"),
                                QJsonObject {{QStringLiteral("address"), QStringLiteral("10.1.1.1")}}}}}})
            .ok());
    QTest::qWait(100);
    QCOMPARE(f.op()->moverRuns(), 0);
}

void TestSimOperatorTriggers::snapshotDestinationKeepsLatestImage()
{
    OperatorFixture f;
    QSignalSpy finished(f.op(), &SimOperator::syncFinished);
    QVERIFY(f.setUpPair(kKind, kKind, snapshotMover(), manual(QStringLiteral("1"))));
    QVERIFY(finished.wait(10000));
    QJsonObject rdStatus = f.status(kKind, kRD, kDest, QStringLiteral("rd"));
    QJsonObject image = rdStatus.value(QStringLiteral("latestImage")).toObject();
    QCOMPARE(image.value(QStringLiteral("kind")).toString(), QStringLiteral("VolumeSnapshot"));
    QCOMPARE(image.value(QStringLiteral("apiGroup")).toString(), QStringLiteral("snapshot.storage.k8s.io"));
    const QString first = image.value(QStringLiteral("name")).toString();
    QVERIFY2(
        QRegularExpression(QStringLiteral("^volsync-rd-dst-[0-9]{14}$")).match(first).hasMatch(), qPrintable(first));
    const QJsonObject snapshot = f.object(kKind, QStringLiteral("volumesnapshots"), kDest, first);
    QCOMPARE(snapshot.value(QStringLiteral("spec"))
                 .toObject()
                 .value(QStringLiteral("source"))
                 .toObject()
                 .value(QStringLiteral("persistentVolumeClaimName"))
                 .toString(),
        QStringLiteral("volsync-rd-dst"));
    QVERIFY(snapshot.value(QStringLiteral("status")).toObject().value(QStringLiteral("readyToUse")).toBool());
    // The timestamp in the name is the sync's (simulated, UTC) time.
    const QDateTime rdLast = parse(rdStatus.value(QStringLiteral("lastSyncTime")));
    QCOMPARE(first.right(14), rdLast.toString(QStringLiteral("yyyyMMddHHmmss")));
    QCOMPARE(rdStatus.value(QStringLiteral("latestMoverStatus")).toObject().value(QStringLiteral("result")).toString(),
        QStringLiteral("Successful"));
    QCOMPARE(f.synchronizing(kKind, kRD, kDest, QStringLiteral("rd")), QStringLiteral("True/SyncInProgress"));

    // The next sync replaces the image and deletes the old snapshot.
    f.setTrigger(kKind, kSrc, QStringLiteral("rs"), manual(QStringLiteral("2")));
    QVERIFY(finished.wait(10000));
    const QString second = f.status(kKind, kRD, kDest, QStringLiteral("rd"))
                               .value(QStringLiteral("latestImage"))
                               .toObject()
                               .value(QStringLiteral("name"))
                               .toString();
    QVERIFY(second != first);
    QVERIFY(f.object(kKind, QStringLiteral("volumesnapshots"), kDest, first).isEmpty());
    QVERIFY(!f.object(kKind, QStringLiteral("volumesnapshots"), kDest, second).isEmpty());

    // ...unless it is labelled volsync.backube/do-not-delete.
    QJsonObject keep = f.object(kKind, QStringLiteral("volumesnapshots"), kDest, second);
    QJsonObject meta = keep.value(QStringLiteral("metadata")).toObject();
    meta.insert(QStringLiteral("labels"),
        QJsonObject {{QStringLiteral("volsync.backube/do-not-delete"), QStringLiteral("true")}});
    keep.insert(QStringLiteral("metadata"), meta);
    QVERIFY(f.store(kKind)->update(QStringLiteral("volumesnapshots"), kDest, keep).ok());
    f.setTrigger(kKind, kSrc, QStringLiteral("rs"), manual(QStringLiteral("3")));
    QVERIFY(finished.wait(10000));
    QVERIFY(!f.object(kKind, QStringLiteral("volumesnapshots"), kDest, second).isEmpty());
    QCOMPARE(f.store(kKind)->list(QStringLiteral("volumesnapshots"), kDest).size(), 2);
}

void TestSimOperatorTriggers::directDestination()
{
    OperatorFixture f;
    QSignalSpy finished(f.op(), &SimOperator::syncFinished);
    f.addNamespace(kGcp, kDest);
    f.addPvc(kGcp, kDest, QStringLiteral("landing"));
    QVERIFY(f.setUpPair(kKind, kGcp, directMover(QStringLiteral("LoadBalancer")), manual(QStringLiteral("1"))));
    QVERIFY(finished.wait(10000));
    QVERIFY(finished.first().at(3).toBool());
    const QJsonObject image
        = f.status(kGcp, kRD, kDest, QStringLiteral("rd")).value(QStringLiteral("latestImage")).toObject();
    QCOMPARE(image.value(QStringLiteral("kind")).toString(), QStringLiteral("PersistentVolumeClaim"));
    QCOMPARE(image.value(QStringLiteral("name")).toString(), QStringLiteral("landing"));
    QVERIFY(!image.contains(QStringLiteral("apiGroup")));
    QVERIFY(f.store(kGcp)->list(QStringLiteral("volumesnapshots")).isEmpty());
}

void TestSimOperatorTriggers::crossClusterNeedsLoadBalancer()
{
    OperatorFixture f;
    QSignalSpy finished(f.op(), &SimOperator::syncFinished);
    f.addNamespace(kGcp, kDest);
    f.addPvc(kGcp, kDest, QStringLiteral("landing"));
    // A ClusterIP of gcp is not reachable from kind.
    QVERIFY(f.setUpPair(kKind, kGcp, directMover(), manual(QStringLiteral("1"))));
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.first().at(3).toBool(), false);
    QVERIFY2(finished.first().at(4).toString().contains(QLatin1String("ClusterIP")),
        qPrintable(finished.first().at(4).toString()));
    const QJsonObject mover
        = f.status(kKind, kRS, kSrc, QStringLiteral("rs")).value(QStringLiteral("latestMoverStatus")).toObject();
    QCOMPARE(mover.value(QStringLiteral("result")).toString(), QStringLiteral("Failed"));
    QVERIFY(mover.value(QStringLiteral("logs")).toString().contains(QLatin1String("Connection timed out")));
}

void TestSimOperatorTriggers::rsyncTlsSync()
{
    OperatorFixture f;
    QSignalSpy finished(f.op(), &SimOperator::syncFinished);
    QVERIFY(f.setUpPair(kKind, kGcp, snapshotMover(QStringLiteral("LoadBalancer")), manual(QStringLiteral("1")), true));
    QVERIFY(finished.wait(10000));
    QVERIFY2(finished.first().at(3).toBool(), qPrintable(finished.first().at(4).toString()));
    QCOMPARE(f.status(kKind, kRS, kSrc, QStringLiteral("rs")).value(QStringLiteral("lastManualSync")).toString(),
        QStringLiteral("1"));
    QCOMPARE(f.status(kGcp, kRD, kDest, QStringLiteral("rd"))
                 .value(QStringLiteral("latestImage"))
                 .toObject()
                 .value(QStringLiteral("kind"))
                 .toString(),
        QStringLiteral("VolumeSnapshot"));
}

void TestSimOperatorTriggers::cloneUsesTemporaryPvc()
{
    SimOperatorOptions options = OperatorFixture::fastOptions();
    options.syncDurationMs = 200000; // 200 ms real
    OperatorFixture f({kKind}, options);
    QSignalSpy started(f.op(), &SimOperator::syncStarted);
    QSignalSpy finished(f.op(), &SimOperator::syncFinished);
    f.addNamespace(kKind, kDest);
    f.addPvc(kKind, kDest, QStringLiteral("landing"));
    QVERIFY(f.setUpPair(kKind, kKind, directMover(), manual(QStringLiteral("x"))));
    QVERIFY(started.count() == 1 || started.wait(10000));
    // setUpPair made a Direct source: switch to Clone for the next run.
    QVERIFY(finished.wait(10000));
    f.setMoverField(kKind, kSrc, QStringLiteral("rs"), QStringLiteral("copyMethod"), QStringLiteral("Clone"));
    f.setTrigger(kKind, kSrc, QStringLiteral("rs"), manual(QStringLiteral("y")));
    QVERIFY(started.wait(10000));
    const QJsonObject temp
        = f.object(kKind, QStringLiteral("persistentvolumeclaims"), kSrc, QStringLiteral("volsync-rs-src"));
    QCOMPARE(temp.value(QStringLiteral("spec"))
                 .toObject()
                 .value(QStringLiteral("dataSource"))
                 .toObject()
                 .value(QStringLiteral("name"))
                 .toString(),
        QStringLiteral("data"));
    QVERIFY(finished.wait(10000));
    QVERIFY(
        f.object(kKind, QStringLiteral("persistentvolumeclaims"), kSrc, QStringLiteral("volsync-rs-src")).isEmpty());
}

QTEST_GUILESS_MAIN(TestSimOperatorTriggers)
#include "test_simoperator_triggers.moc"
