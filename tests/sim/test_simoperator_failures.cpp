// SPDX-License-Identifier: GPL-3.0-or-later
#include "operatorfixture.h"

#include "common/godurations.h"
#include "sim/simcluster.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

namespace {

const QString kRS = QStringLiteral("replicationsources");
const QString kSrc = QStringLiteral("source");
const QString kDest = QStringLiteral("dest");
const QString kKind = QStringLiteral("kind");
const QString kGcp = QStringLiteral("gcp");

QJsonObject directMover()
{
    return QJsonObject {{QStringLiteral("copyMethod"), QStringLiteral("Direct")},
        {QStringLiteral("destinationPVC"), QStringLiteral("landing")}};
}

QJsonObject manual(const QString &tag)
{
    return QJsonObject {{QStringLiteral("manual"), tag}};
}

QString moverResult(const OperatorFixture &f)
{
    return f.status(kKind, kRS, kSrc, QStringLiteral("rs"))
        .value(QStringLiteral("latestMoverStatus"))
        .toObject()
        .value(QStringLiteral("result"))
        .toString();
}

QString moverLogs(const OperatorFixture &f)
{
    return f.status(kKind, kRS, kSrc, QStringLiteral("rs"))
        .value(QStringLiteral("latestMoverStatus"))
        .toObject()
        .value(QStringLiteral("logs"))
        .toString();
}

void prepare(OperatorFixture &f)
{
    f.addNamespace(kKind, kDest);
    f.addPvc(kKind, kDest, QStringLiteral("landing"));
}

} // namespace

class TestSimOperatorFailures : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void injectedFailuresAreRetriedWithBackoff();
    void wrongAddressFailsUntilFixed();
    void addressByDnsNameOrAnotherClustersClusterIp();
    void mismatchedKeysFail();
    void missingSecretIsAControllerError();
    void missingSourcePvc();
    void failRate();
    void clusterMoverFailRate();
    void privilegedMoversForTheSource();
    void invalidSchedule();
    void deletedDuringSync();
    void manualSyncWaitsForSuccess();
    void failureAnnotation();
};

void TestSimOperatorFailures::injectedFailuresAreRetriedWithBackoff()
{
    OperatorFixture f;
    prepare(f);
    QList<QDateTime> starts;
    connect(f.op(), &SimOperator::syncStarted, this, [&] { starts.append(f.op()->now()); });
    QSignalSpy finished(f.op(), &SimOperator::syncFinished);
    f.op()->failNextSyncs(kKind, kSrc, QStringLiteral("rs"), 3);
    QVERIFY(f.setUpPair(kKind, kKind, directMover(), manual(QStringLiteral("go"))));
    QVERIFY(finished.wait(2000));
    // A failed run: Failed with logs, the Job keeps going (Synchronizing stays True), no lastManualSync yet.
    QCOMPARE(finished.first().at(3).toBool(), false);
    QCOMPARE(moverResult(f), QStringLiteral("Failed"));
    QVERIFY(moverLogs(f).contains(QLatin1String("rsync error")));
    QCOMPARE(f.synchronizing(kKind, kRS, kSrc, QStringLiteral("rs")), QStringLiteral("True/SyncInProgress"));
    QVERIFY(!f.status(kKind, kRS, kSrc, QStringLiteral("rs")).contains(QStringLiteral("lastManualSync")));
    QVERIFY(f.status(kKind, kRS, kSrc, QStringLiteral("rs")).contains(QStringLiteral("lastSyncStartTime")));
    const QString firstStart
        = f.status(kKind, kRS, kSrc, QStringLiteral("rs")).value(QStringLiteral("lastSyncStartTime")).toString();

    QVERIFY(f.waitFor([&] { return finished.count() == 4; }, 4000));
    QCOMPARE(f.op()->moverRuns(), 4);
    QCOMPARE(f.op()->failedRuns(), 3);
    QVERIFY(finished.at(3).at(3).toBool());
    QCOMPARE(moverResult(f), QStringLiteral("Successful"));
    QCOMPARE(f.status(kKind, kRS, kSrc, QStringLiteral("rs")).value(QStringLiteral("lastManualSync")).toString(),
        QStringLiteral("go"));
    // The retried runs are one Job: the duration counts from the first attempt.
    QVERIFY(!f.status(kKind, kRS, kSrc, QStringLiteral("rs")).contains(QStringLiteral("lastSyncStartTime")));
    const auto duration = parseGoDuration(
        f.status(kKind, kRS, kSrc, QStringLiteral("rs")).value(QStringLiteral("lastSyncDuration")).toString());
    QVERIFY(duration.has_value());
    const QDateTime first = QDateTime::fromString(firstStart, Qt::ISODate);
    const QDateTime last = QDateTime::fromString(
        f.status(kKind, kRS, kSrc, QStringLiteral("rs")).value(QStringLiteral("lastSyncTime")).toString(), Qt::ISODate);
    QVERIFY(*duration / 1000000000LL >= first.secsTo(last) - 1);
    QVERIFY(*duration >= 100000000000LL);
    // Back-off doubles: each gap between attempts is at least its back-off (10 s, 20 s, 40 s simulated) plus the
    // run itself. Only lower bounds: at 1000x a 10 ms hiccup of a busy machine adds 10 s to any gap, so comparing
    // two gaps with each other would test the machine's load, not the back-off.
    QCOMPARE(starts.size(), 4);
    const qint64 gap1 = starts.at(0).msecsTo(starts.at(1));
    const qint64 gap2 = starts.at(1).msecsTo(starts.at(2));
    const qint64 gap3 = starts.at(2).msecsTo(starts.at(3));
    QVERIFY2(gap1 >= 10000 + 18000, qPrintable(QString::number(gap1)));
    QVERIFY2(gap2 >= 20000 + 18000, qPrintable(QString::number(gap2)));
    QVERIFY2(gap3 >= 40000 + 18000, qPrintable(QString::number(gap3)));
}

void TestSimOperatorFailures::wrongAddressFailsUntilFixed()
{
    OperatorFixture f;
    prepare(f);
    QSignalSpy finished(f.op(), &SimOperator::syncFinished);
    QVERIFY(f.setUpPair(kKind, kKind, directMover(), manual(QStringLiteral("1"))));
    const QString rightAddress = f.object(kKind, kRS, kSrc, QStringLiteral("rs"))
                                     .value(QStringLiteral("spec"))
                                     .toObject()
                                     .value(QStringLiteral("rsync"))
                                     .toObject()
                                     .value(QStringLiteral("address"))
                                     .toString();
    QVERIFY(finished.wait(2000)); // the first run, with the right address
    f.setMoverField(kKind, kSrc, QStringLiteral("rs"), QStringLiteral("address"), QStringLiteral("10.255.0.99"));
    f.setTrigger(kKind, kSrc, QStringLiteral("rs"), manual(QStringLiteral("2")));
    QVERIFY(finished.wait(2000));
    QCOMPARE(finished.last().at(3).toBool(), false);
    QCOMPARE(moverResult(f), QStringLiteral("Failed"));
    QVERIFY(moverLogs(f).contains(QLatin1String("ssh: connect to host 10.255.0.99 port 22: Connection timed out")));
    QVERIFY(finished.wait(2000)); // retried
    QCOMPARE(finished.last().at(3).toBool(), false);
    f.setMoverField(kKind, kSrc, QStringLiteral("rs"), QStringLiteral("address"), rightAddress);
    QVERIFY(f.waitFor([&] { return finished.last().at(3).toBool(); }, 3000));
    QCOMPARE(f.status(kKind, kRS, kSrc, QStringLiteral("rs")).value(QStringLiteral("lastManualSync")).toString(),
        QStringLiteral("2"));
}

void TestSimOperatorFailures::addressByDnsNameOrAnotherClustersClusterIp()
{
    OperatorFixture f;
    prepare(f);
    QSignalSpy finished(f.op(), &SimOperator::syncFinished);
    QVERIFY(f.setUpPair(kKind, kKind, directMover(), manual(QStringLiteral("1"))));
    QVERIFY(finished.wait(2000));
    QVERIFY(finished.last().at(3).toBool());
    const QString clusterIp = f.object(kKind, kRS, kSrc, QStringLiteral("rs"))
                                  .value(QStringLiteral("spec"))
                                  .toObject()
                                  .value(QStringLiteral("rsync"))
                                  .toObject()
                                  .value(QStringLiteral("address"))
                                  .toString();
    // The Service's DNS name in the source's cluster reaches the destination.
    f.setMoverField(kKind, kSrc, QStringLiteral("rs"), QStringLiteral("address"),
        QStringLiteral("volsync-rsync-dst-rd.dest.svc.cluster.local"));
    f.setTrigger(kKind, kSrc, QStringLiteral("rs"), manual(QStringLiteral("2")));
    QVERIFY(f.waitFor(
        [&] {
            return f.status(kKind, kRS, kSrc, QStringLiteral("rs")).value(QStringLiteral("lastManualSync")).toString()
                == QLatin1String("2");
        },
        3000));
    QVERIFY(finished.last().at(3).toBool());

    // The same ClusterIP from another cluster reaches nothing, and the reason says why.
    f.addNamespace(kGcp, kSrc);
    f.addPvc(kGcp, kSrc, QStringLiteral("data"));
    f.copySecret(kKind, kSrc, QStringLiteral("rs-keys"), kGcp, kSrc, QStringLiteral("rs-keys"));
    f.createSource(kGcp, kSrc, QStringLiteral("rs"), QStringLiteral("data"),
        QJsonObject {{QStringLiteral("address"), clusterIp}, {QStringLiteral("sshKeys"), QStringLiteral("rs-keys")},
            {QStringLiteral("copyMethod"), QStringLiteral("Direct")}},
        manual(QStringLiteral("1")));
    QVERIFY(f.waitFor([&] { return finished.last().at(0).toString() == kGcp; }, 3000));
    QCOMPARE(finished.last().at(3).toBool(), false);
    QVERIFY2(finished.last().at(4).toString().contains(QLatin1String("is a ClusterIP of cluster kind")),
        qPrintable(finished.last().at(4).toString()));
}

void TestSimOperatorFailures::mismatchedKeysFail()
{
    OperatorFixture f;
    prepare(f);
    QSignalSpy finished(f.op(), &SimOperator::syncFinished);
    QVERIFY(f.setUpPair(kKind, kKind, directMover(), manual(QStringLiteral("1"))));
    QVERIFY(finished.wait(2000));
    QVERIFY(finished.last().at(3).toBool());
    // Keys of another destination.
    f.createDestination(kKind, kDest, QStringLiteral("other"), directMover());
    QVERIFY(f.waitFor([&] {
        return !f.object(kKind, QStringLiteral("secrets"), kDest, QStringLiteral("volsync-rsync-dst-src-other"))
                    .isEmpty();
    }));
    f.copySecret(
        kKind, kDest, QStringLiteral("volsync-rsync-dst-src-other"), kKind, kSrc, QStringLiteral("wrong-keys"));
    f.setMoverField(kKind, kSrc, QStringLiteral("rs"), QStringLiteral("sshKeys"), QStringLiteral("wrong-keys"));
    f.setTrigger(kKind, kSrc, QStringLiteral("rs"), manual(QStringLiteral("2")));
    QVERIFY(finished.wait(2000));
    QCOMPARE(finished.last().at(3).toBool(), false);
    QVERIFY(moverLogs(f).contains(QLatin1String("Permission denied (publickey)")));
    QVERIFY(finished.last().at(4).toString().contains(QLatin1String("do not match")));
}

void TestSimOperatorFailures::missingSecretIsAControllerError()
{
    OperatorFixture f;
    prepare(f);
    QSignalSpy errors(f.op(), &SimOperator::reconcileError);
    QSignalSpy finished(f.op(), &SimOperator::syncFinished);
    QVERIFY(f.setUpPair(kKind, kKind, directMover(), manual(QStringLiteral("1"))));
    QVERIFY(finished.wait(2000));
    f.setMoverField(kKind, kSrc, QStringLiteral("rs"), QStringLiteral("sshKeys"), QStringLiteral("not-there"));
    f.setTrigger(kKind, kSrc, QStringLiteral("rs"), manual(QStringLiteral("2")));
    QVERIFY(errors.wait(2000));
    QCOMPARE(f.synchronizing(kKind, kRS, kSrc, QStringLiteral("rs")), QStringLiteral("False/Error"));
    QVERIFY(f.synchronizingMessage(kKind, kRS, kSrc, QStringLiteral("rs")).contains(QLatin1String("\"not-there\"")));
    QTest::qWait(100);
    QCOMPARE(f.op()->moverRuns(), 1); // no mover ran for the second tag
    // Creating the Secret is enough: the retry finds it.
    f.copySecret(kKind, kSrc, QStringLiteral("rs-keys"), kKind, kSrc, QStringLiteral("not-there"));
    QVERIFY(f.waitFor(
        [&] {
            return f.status(kKind, kRS, kSrc, QStringLiteral("rs")).value(QStringLiteral("lastManualSync")).toString()
                == QLatin1String("2");
        },
        3000));
    QCOMPARE(f.synchronizing(kKind, kRS, kSrc, QStringLiteral("rs")), QStringLiteral("False/WaitingForManual"));
}

void TestSimOperatorFailures::missingSourcePvc()
{
    OperatorFixture f({kKind});
    f.addNamespace(kKind, kSrc);
    f.createSource(kKind, kSrc, QStringLiteral("rs"), QStringLiteral("nope"),
        QJsonObject {{QStringLiteral("address"), QStringLiteral("10.96.1.1")},
            {QStringLiteral("sshKeys"), QStringLiteral("k")}});
    QVERIFY(f.waitFor(
        [&] { return f.synchronizing(kKind, kRS, kSrc, QStringLiteral("rs")) == QLatin1String("False/Error"); }));
    QVERIFY(f.synchronizingMessage(kKind, kRS, kSrc, QStringLiteral("rs")).contains(QLatin1String("\"nope\"")));
    QCOMPARE(f.op()->moverRuns(), 0);
}

void TestSimOperatorFailures::failRate()
{
    SimOperatorOptions options = OperatorFixture::fastOptions();
    options.failRate = 1.0;
    OperatorFixture f({kKind}, options);
    prepare(f);
    QSignalSpy finished(f.op(), &SimOperator::syncFinished);
    QVERIFY(f.setUpPair(kKind, kKind, directMover(), manual(QStringLiteral("1"))));
    QVERIFY(f.waitFor([&] { return finished.count() >= 2; }, 3000));
    for (const QList<QVariant> &run : std::as_const(finished)) {
        QCOMPARE(run.at(3).toBool(), false);
        QVERIFY(run.at(4).toString().contains(QLatin1String("fail rate")));
    }
    f.op()->setFailRate(0.0);
    QVERIFY(f.waitFor([&] { return finished.last().at(3).toBool(); }, 3000));
}

void TestSimOperatorFailures::clusterMoverFailRate()
{
    // A real SimCluster's faults drive the mover failure rate too.
    SimCluster cluster(kKind);
    SimOperator op(OperatorFixture::fastOptions());
    op.addCluster(&cluster);
    SimFaults faults = cluster.faults();
    faults.moverFailRate = 1.0;
    cluster.setFaults(faults);
    SimStore *store = cluster.store();
    for (const QString &ns : {kSrc, kDest}) {
        QVERIFY(store
                    ->create(QStringLiteral("namespaces"), QString(),
                        QJsonObject {{QStringLiteral("metadata"),
                            QJsonObject {{QStringLiteral("name"), ns},
                                {QStringLiteral("annotations"),
                                    QJsonObject {{QStringLiteral("volsync.backube/privileged-movers"),
                                        QStringLiteral("true")}}}}}})
                    .ok());
    }
    const QJsonObject pvc {
        {QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), QStringLiteral("landing")}}},
        {QStringLiteral("spec"),
            QJsonObject {{QStringLiteral("accessModes"), QJsonArray {QStringLiteral("ReadWriteOnce")}}}}};
    QVERIFY(store->create(QStringLiteral("persistentvolumeclaims"), kDest, pvc).ok());
    QJsonObject data = pvc;
    data.insert(QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), QStringLiteral("data")}});
    QVERIFY(store->create(QStringLiteral("persistentvolumeclaims"), kSrc, data).ok());
    QVERIFY(
        store
            ->create(QStringLiteral("replicationdestinations"), kDest,
                QJsonObject {{QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), QStringLiteral("rd")}}},
                    {QStringLiteral("spec"), QJsonObject {{QStringLiteral("rsync"), directMover()}}}})
            .ok());
    QString address;
    QVERIFY(QTest::qWaitFor(
        [&] {
            address = store->get(QStringLiteral("replicationdestinations"), kDest, QStringLiteral("rd"))
                          ->value(QStringLiteral("status"))
                          .toObject()
                          .value(QStringLiteral("rsync"))
                          .toObject()
                          .value(QStringLiteral("address"))
                          .toString();
            return !address.isEmpty();
        },
        3000));
    QJsonObject secret = *store->get(QStringLiteral("secrets"), kDest, QStringLiteral("volsync-rsync-dst-src-rd"));
    QVERIFY(store
                ->create(QStringLiteral("secrets"), kSrc,
                    QJsonObject {
                        {QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), QStringLiteral("keys")}}},
                        {QStringLiteral("data"), secret.value(QStringLiteral("data"))}})
                .ok());
    QSignalSpy finished(&op, &SimOperator::syncFinished);
    QVERIFY(
        store
            ->create(kRS, kSrc,
                QJsonObject {{QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), QStringLiteral("rs")}}},
                    {QStringLiteral("spec"),
                        QJsonObject {{QStringLiteral("sourcePVC"), QStringLiteral("data")},
                            {QStringLiteral("trigger"), manual(QStringLiteral("1"))},
                            {QStringLiteral("rsync"),
                                QJsonObject {{QStringLiteral("address"), address},
                                    {QStringLiteral("sshKeys"), QStringLiteral("keys")}}}}}})
            .ok());
    QVERIFY(finished.wait(2000));
    QCOMPARE(finished.last().at(3).toBool(), false);
    faults.moverFailRate = 0.0;
    cluster.setFaults(faults);
    QVERIFY(QTest::qWaitFor([&] { return finished.last().at(3).toBool(); }, 3000));
}

void TestSimOperatorFailures::privilegedMoversForTheSource()
{
    OperatorFixture f;
    prepare(f);
    QSignalSpy finished(f.op(), &SimOperator::syncFinished);
    QVERIFY(f.setUpPair(kKind, kKind, directMover(), manual(QStringLiteral("1"))));
    QVERIFY(finished.wait(2000));
    f.setPrivileged(kKind, kSrc, false);
    f.setTrigger(kKind, kSrc, QStringLiteral("rs"), manual(QStringLiteral("2")));
    QVERIFY(f.waitFor(
        [&] { return f.synchronizing(kKind, kRS, kSrc, QStringLiteral("rs")) == QLatin1String("False/Error"); }));
    QVERIFY(
        f.synchronizingMessage(kKind, kRS, kSrc, QStringLiteral("rs")).contains(QLatin1String("privileged-movers")));
    QTest::qWait(100);
    QCOMPARE(f.op()->moverRuns(), 1);
    f.setPrivileged(kKind, kSrc, true);
    QVERIFY(finished.wait(2000));
    QCOMPARE(f.status(kKind, kRS, kSrc, QStringLiteral("rs")).value(QStringLiteral("lastManualSync")).toString(),
        QStringLiteral("2"));
}

void TestSimOperatorFailures::invalidSchedule()
{
    OperatorFixture f({kKind});
    f.addNamespace(kKind, kSrc);
    f.addPvc(kKind, kSrc, QStringLiteral("data"));
    f.createSource(kKind, kSrc, QStringLiteral("rs"), QStringLiteral("data"),
        QJsonObject {
            {QStringLiteral("address"), QStringLiteral("10.96.1.1")}, {QStringLiteral("sshKeys"), QStringLiteral("k")}},
        QJsonObject {{QStringLiteral("schedule"), QStringLiteral("61 * * * *")}});
    QVERIFY(f.waitFor(
        [&] { return f.synchronizing(kKind, kRS, kSrc, QStringLiteral("rs")) == QLatin1String("False/Error"); }));
    QVERIFY(f.synchronizingMessage(kKind, kRS, kSrc, QStringLiteral("rs")).contains(QLatin1String("61 * * * *")));
    QCOMPARE(f.op()->moverRuns(), 0);
}

void TestSimOperatorFailures::deletedDuringSync()
{
    SimOperatorOptions options = OperatorFixture::fastOptions();
    options.syncDurationMs = 100000;
    OperatorFixture f({kKind}, options);
    prepare(f);
    QSignalSpy started(f.op(), &SimOperator::syncStarted);
    QSignalSpy finished(f.op(), &SimOperator::syncFinished);
    QVERIFY(f.setUpPair(kKind, kKind, directMover(), {}));
    QVERIFY(started.count() == 1 || started.wait(2000));
    QVERIFY(f.store(kKind)->remove(kRS, kSrc, QStringLiteral("rs")).ok());
    QTest::qWait(200);
    QVERIFY(!f.op()->isSyncing(kKind, kSrc, QStringLiteral("rs")));
    QCOMPARE(finished.count(), 0);
    QCOMPARE(started.count(), 1);
}

void TestSimOperatorFailures::manualSyncWaitsForSuccess()
{
    // The CLI's `sync` waits for lastManualSync == the tag: with failures it only gets there after a success.
    OperatorFixture f;
    prepare(f);
    QSignalSpy finished(f.op(), &SimOperator::syncFinished);
    f.op()->failNextSyncs(2);
    QVERIFY(f.setUpPair(kKind, kKind, directMover(), manual(QStringLiteral("2026-07-02T17:04:05+02:00"))));
    QVERIFY(finished.wait(2000));
    QVERIFY(!f.status(kKind, kRS, kSrc, QStringLiteral("rs")).contains(QStringLiteral("lastManualSync")));
    QVERIFY(f.waitFor(
        [&] {
            return f.status(kKind, kRS, kSrc, QStringLiteral("rs")).value(QStringLiteral("lastManualSync")).toString()
                == QLatin1String("2026-07-02T17:04:05+02:00");
        },
        3000));
    QCOMPARE(f.op()->failedRuns(), 2);
}

void TestSimOperatorFailures::failureAnnotation()
{
    OperatorFixture f;
    prepare(f);
    QSignalSpy finished(f.op(), &SimOperator::syncFinished);
    QVERIFY(f.setUpPair(kKind, kKind, directMover(), manual(QStringLiteral("1"))));
    QVERIFY(finished.wait(2000));
    QVERIFY(finished.last().at(3).toBool());
    // Annotate, then trigger: two failures, then success.
    QJsonObject rs = f.object(kKind, kRS, kSrc, QStringLiteral("rs"));
    QJsonObject meta = rs.value(QStringLiteral("metadata")).toObject();
    meta.insert(QStringLiteral("annotations"),
        QJsonObject {{QLatin1String(SimOperator::kFailNextSyncsAnnotation), QStringLiteral("2")}});
    rs.insert(QStringLiteral("metadata"), meta);
    QVERIFY(f.store(kKind)->update(kRS, kSrc, rs).ok());
    f.setTrigger(kKind, kSrc, QStringLiteral("rs"), manual(QStringLiteral("2")));
    QVERIFY(f.waitFor([&] { return finished.count() == 4; }, 3000));
    QCOMPARE(finished.at(1).at(3).toBool(), false);
    QCOMPARE(finished.at(2).at(3).toBool(), false);
    QCOMPARE(finished.at(3).at(3).toBool(), true);
    // The same value again does not fail more runs.
    f.setTrigger(kKind, kSrc, QStringLiteral("rs"), manual(QStringLiteral("3")));
    QVERIFY(finished.wait(2000));
    QVERIFY(finished.last().at(3).toBool());
}

QTEST_GUILESS_MAIN(TestSimOperatorFailures)
#include "test_simoperator_failures.moc"
