// SPDX-License-Identifier: GPL-3.0-or-later
// Disaster recovery end to end against the simulator, with content: the engine's failover (planned and
// unplanned, with the source cluster down), test failover while syncs go on and end test, restore points,
// every pre-check's error path, and resuming after a fault between steps. Content is written and read through
// the simulator's admin endpoint (/_sim/volumes/...), as a test against volsync-sim would.
#include "engine/disasterrecovery.h"
#include "engine/disasterrecoveryhistory.h"
#include "engine/replicationendtestjob.h"
#include "engine/replicationengine.h"
#include "engine/replicationfailbackjob.h"
#include "engine/replicationfailoverjob.h"
#include "engine/restorepointsjob.h"
#include "engine/volumecopyjob.h"
#include "enginefixture.h"
#include "kube/kubesession.h"
#include "runjob.h"
#include "sim/simcluster.h"
#include "sim/simoperator.h"
#include "sim/simstore.h"
#include "simapitestclient.h"
#include "simfixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kPVC = QStringLiteral("persistentvolumeclaims");
const QString kSnapshots = QStringLiteral("volumesnapshots");
const QString kRD = QStringLiteral("replicationdestinations");
const QString kRS = QStringLiteral("replicationsources");
const QString kShop = QStringLiteral("shop");
const QString kDr = QStringLiteral("shop-dr");

QJsonObject statusOf(SimStore *store, const QString &resource, const QString &ns, const QString &name)
{
    const auto object = store->get(resource, ns, name);
    return object ? object->value(QStringLiteral("status")).toObject() : QJsonObject();
}

QJsonObject labelsOf(const QJsonObject &object)
{
    return object.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("labels")).toObject();
}

QDateTime parseTime(const QString &text)
{
    return QDateTime::fromString(text, Qt::ISODate).toUTC();
}

bool hasFinding(const ReplicationFindings &findings, ReplicationFinding::Kind kind)
{
    for (const ReplicationFinding &finding : findings) {
        if (finding.kind == kind)
            return true;
    }
    return false;
}

} // namespace

class TestDisasterRecovery : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<EngineFixture> mEnv;
    SimStore *mKind = nullptr;
    SimStore *mGcp = nullptr;

    // A relationship from kind/shop/<name>-data to gcp/shop-dr/<name> (Snapshot), with its source PVC.
    void define(const QString &name)
    {
        const SimStoreResult pvc = mKind->create(kPVC, kShop, SimFixture::pvcObject(name + QStringLiteral("-data")));
        QVERIFY2(pvc.ok(), qPrintable(pvc.message()));
        QTRY_COMPARE(
            statusOf(mKind, kPVC, kShop, name + QStringLiteral("-data")).value(QStringLiteral("phase")).toString(),
            QStringLiteral("Bound"));
        QVERIFY(runJob(mEnv->engine()->createRelationship(name, true)).ok());
        SourceSettings s;
        s.pvc = ObjectName {QStringLiteral("kind"), kShop, name + QStringLiteral("-data")};
        s.copyMethod = QStringLiteral("Clone");
        auto r = runJob(mEnv->engine()->setSource(name, s));
        QVERIFY2(r.ok(), qPrintable(r.error));
        DestinationSettings d;
        d.destination = ObjectName {QStringLiteral("gcp"), kDr, name};
        d.copyMethod = QStringLiteral("Snapshot");
        d.serviceType = QStringLiteral("LoadBalancer");
        d.capacity = QStringLiteral("1Gi");
        d.accessModes = {QStringLiteral("ReadWriteOnce")};
        d.storageClassName = QStringLiteral("standard");
        r = runJob(mEnv->engine()->setDestination(name, d));
        QVERIFY2(r.ok(), qPrintable(r.error));
    }

    void write(const QString &cluster, const QString &ns, const QString &pvc, const QString &generation, qint64 bytes)
    {
        SimApiTestClient client(*mEnv->sim()->simulator(), cluster);
        const auto reply = client.send("PUT",
            QStringLiteral("/_sim/volumes/namespaces/%1/persistentvolumeclaims/%2").arg(ns, pvc),
            QJsonDocument(QJsonObject {{QStringLiteral("generation"), generation}, {QStringLiteral("bytes"), bytes}})
                .toJson(QJsonDocument::Compact));
        QVERIFY2(reply.code == 200, reply.body.constData());
    }

    QString read(const QString &cluster, const QString &ns, const QString &pvc)
    {
        SimApiTestClient client(*mEnv->sim()->simulator(), cluster);
        const auto reply
            = client.send("GET", QStringLiteral("/_sim/volumes/namespaces/%1/persistentvolumeclaims/%2").arg(ns, pvc));
        return reply.code == 200 ? reply.json.value(QStringLiteral("generation")).toString()
                                 : QStringLiteral("(HTTP %1)").arg(reply.code);
    }

    bool sync(const QString &name)
    {
        const ReplicationResult result = runJob(mEnv->engine()->sync(name), 30000);
        if (!result.ok())
            qWarning() << result.error;
        return result.ok();
    }

    QString latestImage(const QString &rd)
    {
        return statusOf(mGcp, kRD, kDr, rd)
            .value(QStringLiteral("latestImage"))
            .toObject()
            .value(QStringLiteral("name"))
            .toString();
    }

    int snapshotsOf(const QString &rd)
    {
        int count = 0;
        for (const QJsonObject &snapshot : mGcp->list(kSnapshots, kDr)) {
            if (snapshot.value(QStringLiteral("metadata"))
                    .toObject()
                    .value(QStringLiteral("name"))
                    .toString()
                    .startsWith(QStringLiteral("volsync-%1-dst-").arg(rd)))
                ++count;
        }
        return count;
    }

    QString relationshipId(const QString &name)
    {
        QString error;
        return mEnv->engine()->store().load(name, &error).value_or(ReplicationRelationship()).id;
    }

    // What a copy into another namespace or cluster must not leave behind: the one-shot relationship's file and
    // objects (ReplicationSources beside the destination, ReplicationDestinations and Secrets in `targetNs` on
    // `target`), and the PVC the snapshot was first restored into (any PVC in shop-dr beyond `claimsBefore`).
    QStringList copyLeftovers(SimStore *target, const QString &targetNs, int claimsBefore)
    {
        QStringList left;
        for (const ReplicationRelationship &rel : mEnv->engine()->store().list().relationships) {
            if (rel.name.contains(QStringLiteral("-copy-")))
                left.append(QStringLiteral("file %1").arg(rel.name));
        }
        const auto nameOf = [](const QJsonObject &o) {
            return o.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString();
        };
        for (const QJsonObject &rs : mGcp->list(kRS, kDr)) {
            // (The reverse relationships of the fail-back tests have theirs here too.)
            if (rs.value(QStringLiteral("spec"))
                    .toObject()
                    .value(QStringLiteral("sourcePVC"))
                    .toString()
                    .contains(QStringLiteral("-copy-")))
                left.append(QStringLiteral("ReplicationSource %1").arg(nameOf(rs)));
        }
        for (const QJsonObject &rd : target->list(kRD, targetNs))
            left.append(QStringLiteral("ReplicationDestination %1").arg(nameOf(rd)));
        for (const QJsonObject &secret : target->list(QStringLiteral("secrets"), targetNs))
            left.append(QStringLiteral("Secret %1").arg(nameOf(secret)));
        const auto claims = mGcp->list(kPVC, kDr);
        if (int(claims.size()) != claimsBefore) {
            for (const QJsonObject &pvc : claims)
                left.append(QStringLiteral("PVC shop-dr/%1").arg(nameOf(pvc)));
        }
        return left;
    }

    QJsonObject annotationsOf(SimStore *store, const QString &ns, const QString &pvc)
    {
        const auto object = store->get(kPVC, ns, pvc);
        return object
            ? object->value(QStringLiteral("metadata")).toObject().value(QStringLiteral("annotations")).toObject()
            : QJsonObject();
    }

    void setSourceDown(bool down)
    {
        SimCluster *cluster = mEnv->sim()->cluster(QStringLiteral("kind"));
        SimFaults faults = cluster->faults();
        faults.refuseUntil = down ? QDateTime::currentDateTimeUtc().addSecs(3600) : QDateTime();
        cluster->setFaults(faults);
    }

private Q_SLOTS:
    void initTestCase()
    {
        SimFixture::Options options = SimFixture::withVolumes(kShop, kDr);
        const auto setUp = options.setUpCluster;
        options.setUpCluster = [setUp](SimCluster *cluster) {
            setUp(cluster);
            cluster->store()->setNamespaceTerminationDelay(10);
        };
        mEnv = std::make_unique<EngineFixture>(options);
        QString error;
        QVERIFY2(mEnv->start(&error), qPrintable(error));
        mKind = mEnv->store(QStringLiteral("kind"));
        mGcp = mEnv->store(QStringLiteral("gcp"));
    }

    void cleanup() { setSourceDown(false); }

    // A, sync, B, sync, planned failover: the promoted PVC holds B; both sides are paused; the history says so.
    void plannedFailoverHoldsTheLastGeneration()
    {
        define(QStringLiteral("planned"));
        write(QStringLiteral("kind"), kShop, QStringLiteral("planned-data"), QStringLiteral("A"), 1000);
        QVERIFY(sync(QStringLiteral("planned")));
        write(QStringLiteral("kind"), kShop, QStringLiteral("planned-data"), QStringLiteral("B"), 2000);
        QVERIFY(sync(QStringLiteral("planned")));
        FailoverOptions options;
        options.mode = FailoverOptions::Mode::Planned;
        QPointer<ReplicationFailoverJob> job
            = DisasterRecovery::failover(mEnv->engine(), QStringLiteral("planned"), options);
        QList<ReplicationJob::Step> steps;
        connect(job, &ReplicationJob::progress, this, [&steps](ReplicationJob::Step step) {
            if (steps.isEmpty() || steps.last() != step)
                steps.append(step);
        });
        const ReplicationResult result = runJob(job, 30000);
        QVERIFY2(result.ok(), qPrintable(result.error));
        QVERIFY(job);
        const ReplicationFailoverJob::Outcome outcome = job->outcome();
        QCOMPARE(outcome.target.toString(), QStringLiteral("gcp/shop-dr/planned"));
        QCOMPARE(read(QStringLiteral("gcp"), kDr, QStringLiteral("planned")), QStringLiteral("B"));
        QVERIFY(steps.contains(ReplicationJob::Step::FinalSync));
        QVERIFY(
            steps.indexOf(ReplicationJob::Step::PauseDestination) < steps.indexOf(ReplicationJob::Step::RestoreVolume));
        QVERIFY(mGcp->get(kRD, kDr, QStringLiteral("planned"))
                    ->value(QStringLiteral("spec"))
                    .toObject()
                    .value(QStringLiteral("paused"))
                    .toBool());
        const auto rs = mKind->list(kRS, kShop);
        bool sourcePaused = false;
        for (const QJsonObject &object : rs) {
            if (object.value(QStringLiteral("spec")).toObject().value(QStringLiteral("sourcePVC")).toString()
                == QLatin1String("planned-data"))
                sourcePaused = object.value(QStringLiteral("spec")).toObject().value(QStringLiteral("paused")).toBool();
        }
        QVERIFY(sourcePaused);
        // The data is as of the destination's last sync; the restore point went back to VolSync (no label left).
        QCOMPARE(outcome.dataTime,
            parseTime(
                statusOf(mGcp, kRD, kDr, QStringLiteral("planned")).value(QStringLiteral("lastSyncTime")).toString()));
        QCOMPARE(outcome.restorePoint, latestImage(QStringLiteral("planned")));
        QVERIFY(!labelsOf(*mGcp->get(kSnapshots, kDr, outcome.restorePoint))
                     .contains(QStringLiteral("volsync.backube/do-not-delete")));
        QVERIFY2(result.notes.join(QLatin1Char('\n'))
                     .contains(QStringLiteral("shop-dr/planned is ready on gcp, data as of")),
            qPrintable(result.notes.join(QLatin1Char('\n'))));
        const auto failover
            = DisasterRecoveryHistory(mEnv->configDir()).activeFailover(relationshipId(QStringLiteral("planned")));
        QVERIFY(failover);
        QCOMPARE(failover->mode, QStringLiteral("planned"));
        QCOMPARE(failover->restorePoint, outcome.restorePoint);
        QCOMPARE(failover->dataTime, outcome.dataTime);
    }

    // A planned failover's final sync carries what was written since the last sync.
    void plannedFailoverCarriesUnsyncedWrites()
    {
        define(QStringLiteral("carry"));
        write(QStringLiteral("kind"), kShop, QStringLiteral("carry-data"), QStringLiteral("A"), 1000);
        QVERIFY(sync(QStringLiteral("carry")));
        write(QStringLiteral("kind"), kShop, QStringLiteral("carry-data"), QStringLiteral("B"), 2000);
        const ReplicationResult result
            = runJob(DisasterRecovery::failover(mEnv->engine(), QStringLiteral("carry"), {}), 30000);
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(read(QStringLiteral("gcp"), kDr, QStringLiteral("carry")), QStringLiteral("B"));
    }

    // Unplanned with the source cluster refusing connections: the promoted PVC holds the last synced generation,
    // and the data's time is the destination's lastSyncTime.
    void unplannedFailoverWithTheSourceDown()
    {
        define(QStringLiteral("unplanned"));
        write(QStringLiteral("kind"), kShop, QStringLiteral("unplanned-data"), QStringLiteral("A"), 1000);
        QVERIFY(sync(QStringLiteral("unplanned")));
        write(QStringLiteral("kind"), kShop, QStringLiteral("unplanned-data"), QStringLiteral("B"), 2000);
        setSourceDown(true);
        FailoverOptions options;
        options.mode = FailoverOptions::Mode::Unplanned;
        QPointer<ReplicationFailoverJob> job
            = DisasterRecovery::failover(mEnv->engine(), QStringLiteral("unplanned"), options);
        const ReplicationResult result = runJob(job, 60000);
        QVERIFY(job);
        const ReplicationFailoverJob::Outcome outcome = job->outcome();
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(read(QStringLiteral("gcp"), kDr, QStringLiteral("unplanned")), QStringLiteral("A"));
        const QDateTime lastSync = parseTime(
            statusOf(mGcp, kRD, kDr, QStringLiteral("unplanned")).value(QStringLiteral("lastSyncTime")).toString());
        QVERIFY(lastSync.isValid());
        QCOMPARE(outcome.dataTime, lastSync);
        QVERIFY2(result.notes.join(QLatin1Char('\n')).contains(QStringLiteral("The source could not be paused")),
            qPrintable(result.notes.join(QLatin1Char('\n'))));
        const auto failover
            = DisasterRecoveryHistory(mEnv->configDir()).activeFailover(relationshipId(QStringLiteral("unplanned")));
        QVERIFY(failover);
        QCOMPARE(failover->mode, QStringLiteral("unplanned"));
        QCOMPARE(failover->dataTime, lastSync);
    }

    // A test failover while syncs go on: the test PVC holds what its restore point held, although a newer sync
    // replaced the latest image during the restore; the superseded snapshot does not leak; end-test removes only
    // the test's PVC.
    void testFailoverWhileSyncing()
    {
        define(QStringLiteral("drill"));
        write(QStringLiteral("kind"), kShop, QStringLiteral("drill-data"), QStringLiteral("A"), 1000);
        QVERIFY(sync(QStringLiteral("drill")));
        const QString imageA = latestImage(QStringLiteral("drill"));
        write(QStringLiteral("kind"), kShop, QStringLiteral("drill-data"), QStringLiteral("B"), 2000);
        mEnv->sim()->op()->setRestoreDelayMs(3000);
        FailoverOptions options;
        options.mode = FailoverOptions::Mode::Test;
        QPointer<ReplicationFailoverJob> job
            = DisasterRecovery::failover(mEnv->engine(), QStringLiteral("drill"), options);
        bool synced = false;
        connect(job, &ReplicationJob::progress, this, [&](ReplicationJob::Step step) {
            if (step == ReplicationJob::Step::WaitForVolume && !synced) {
                synced = true;
                QVERIFY(sync(QStringLiteral("drill"))); // the schedule goes on during the restore
            }
        });
        const ReplicationResult result = runJob(job, 60000);
        QVERIFY(job);
        const ReplicationFailoverJob::Outcome outcome = job->outcome();
        mEnv->sim()->op()->setRestoreDelayMs(SimFixture::fastOperator().restoreDelayMs);
        QVERIFY2(result.ok(), qPrintable(result.error));
        QVERIFY(synced);
        const QString testPvc = outcome.target.name;
        QVERIFY2(testPvc.startsWith(QStringLiteral("drill-dr-test-")), qPrintable(testPvc));
        QCOMPARE(outcome.restorePoint, imageA);
        QVERIFY(latestImage(QStringLiteral("drill")) != imageA);
        QCOMPARE(read(QStringLiteral("gcp"), kDr, testPvc), QStringLiteral("A"));
        QVERIFY(outcome.restoreMs >= 0);
        // The superseded image was ours to delete; the new latest one is VolSync's.
        QVERIFY(!mGcp->get(kSnapshots, kDr, imageA));
        QCOMPARE(snapshotsOf(QStringLiteral("drill")), 1);
        // Replication kept running: nothing paused.
        QVERIFY(!mGcp->get(kRD, kDr, QStringLiteral("drill"))
                     ->value(QStringLiteral("spec"))
                     .toObject()
                     .contains(QStringLiteral("paused")));
        // The destination is marked as being tested (the list's "Testing failover") until end-test.
        const auto rdAnnotations = [this] {
            return mGcp->get(kRD, kDr, QStringLiteral("drill"))
                ->value(QStringLiteral("metadata"))
                .toObject()
                .value(QStringLiteral("annotations"))
                .toObject();
        };
        QVERIFY(rdAnnotations().contains(ReplicationFailoverJob::testingAnnotation()));
        EndTestOptions dryEnd;
        dryEnd.dryRun = true;
        const ReplicationResult dryEnded
            = runJob(DisasterRecovery::endTest(mEnv->engine(), QStringLiteral("drill"), dryEnd));
        QVERIFY2(dryEnded.notes.join(QLatin1Char('\n'))
                     .contains(
                         QStringLiteral("would remove annotation %1").arg(ReplicationFailoverJob::testingAnnotation())),
            qPrintable(dryEnded.notes.join(QLatin1Char('\n'))));
        QVERIFY(rdAnnotations().contains(ReplicationFailoverJob::testingAnnotation()));

        const int claimsBefore = int(mGcp->list(kPVC, kDr).size());
        const ReplicationResult ended = runJob(DisasterRecovery::endTest(mEnv->engine(), QStringLiteral("drill")));
        QVERIFY2(ended.ok(), qPrintable(ended.error));
        QVERIFY(!mGcp->get(kPVC, kDr, testPvc));
        QCOMPARE(int(mGcp->list(kPVC, kDr).size()), claimsBefore - 1);
        QVERIFY(mGcp->get(kPVC, kDr, QStringLiteral("volsync-drill-dst")));
        QVERIFY(mGcp->get(kRD, kDr, QStringLiteral("drill")));
        QVERIFY(!rdAnnotations().contains(ReplicationFailoverJob::testingAnnotation()));
        QCOMPARE(snapshotsOf(QStringLiteral("drill")), 1);
        QVERIFY(sync(QStringLiteral("drill")));
    }

    // Restore points: list, keep one (it survives the next sync), release it, delete it once released; test from it.
    void restorePoints()
    {
        define(QStringLiteral("points"));
        write(QStringLiteral("kind"), kShop, QStringLiteral("points-data"), QStringLiteral("A"), 1000);
        QVERIFY(sync(QStringLiteral("points")));
        const QString imageA = latestImage(QStringLiteral("points"));
        QVERIFY(runJob(DisasterRecovery::restorePoint(
                           mEnv->engine(), QStringLiteral("points"), imageA, RestorePointJob::Action::Keep))
                    .ok());
        write(QStringLiteral("kind"), kShop, QStringLiteral("points-data"), QStringLiteral("B"), 2000);
        QVERIFY(sync(QStringLiteral("points")));
        QPointer<RestorePointsJob> list = DisasterRecovery::restorePoints(mEnv->engine(), QStringLiteral("points"));
        QVERIFY(runJob(list).ok());
        QVERIFY(list);
        const RestorePoints points = list->restorePoints();
        QCOMPARE(points.size(), 2);
        QCOMPARE(points.at(0).name, imageA);
        QVERIFY(points.at(0).kept && !points.at(0).latest && points.at(0).readyToUse);
        QCOMPARE(points.at(0).restoreSize, QStringLiteral("1Gi"));
        QVERIFY(points.at(1).latest && !points.at(1).kept);
        QVERIFY(points.at(0).creationTime <= points.at(1).creationTime);

        // Test from the kept one: it holds A; the user's keep stays as it was.
        FailoverOptions options;
        options.mode = FailoverOptions::Mode::Test;
        options.restorePoint = imageA;
        options.target = ObjectName {QString(), QString(), QStringLiteral("points-old")};
        QPointer<ReplicationFailoverJob> test
            = DisasterRecovery::failover(mEnv->engine(), QStringLiteral("points"), options);
        const ReplicationResult tested = runJob(test);
        QVERIFY2(tested.ok(), qPrintable(tested.error));
        QCOMPARE(read(QStringLiteral("gcp"), kDr, QStringLiteral("points-old")), QStringLiteral("A"));
        QVERIFY(
            labelsOf(*mGcp->get(kSnapshots, kDr, imageA)).contains(QStringLiteral("volsync.backube/do-not-delete")));
        QVERIFY(runJob(DisasterRecovery::endTest(mEnv->engine(), QStringLiteral("points"))).ok());
        QVERIFY(mGcp->get(kSnapshots, kDr, imageA)); // the user's restore point is not the test's to remove

        // Deleting a kept one or the latest image is refused; release, then delete.
        const ReplicationResult refused = runJob(DisasterRecovery::restorePoint(
            mEnv->engine(), QStringLiteral("points"), imageA, RestorePointJob::Action::Delete));
        QCOMPARE(refused.status, ReplicationResult::Status::Invalid);
        QCOMPARE(runJob(DisasterRecovery::restorePoint(mEnv->engine(), QStringLiteral("points"),
                            latestImage(QStringLiteral("points")), RestorePointJob::Action::Delete))
                     .status,
            ReplicationResult::Status::Invalid);
        QVERIFY(runJob(DisasterRecovery::restorePoint(
                           mEnv->engine(), QStringLiteral("points"), imageA, RestorePointJob::Action::Release))
                    .ok());
        QVERIFY(runJob(DisasterRecovery::restorePoint(
                           mEnv->engine(), QStringLiteral("points"), imageA, RestorePointJob::Action::Delete))
                    .ok());
        QVERIFY(!mGcp->get(kSnapshots, kDr, imageA));
    }

    // Each pre-check stops the operation before anything changes, with a typed finding.
    void preChecksRefuseBeforeAnyChange()
    {
        define(QStringLiteral("checks"));
        auto attempt = [this](FailoverOptions options) {
            QPointer<ReplicationFailoverJob> job
                = DisasterRecovery::failover(mEnv->engine(), QStringLiteral("checks"), options);
            const ReplicationResult result = runJob(job, 60000);
            return std::make_pair(result, job ? job->findings() : ReplicationFindings());
        };
        auto unchanged = [this] {
            const auto rd = mGcp->get(kRD, kDr, QStringLiteral("checks"));
            return rd && !rd->value(QStringLiteral("spec")).toObject().contains(QStringLiteral("paused"))
                && !mGcp->get(kPVC, kDr, QStringLiteral("checks"));
        };
        FailoverOptions unplanned;
        unplanned.mode = FailoverOptions::Mode::Unplanned;

        // Defined but never applied: no destination.
        {
            auto [missingRd, missingRdFindings] = attempt(unplanned);
            QVERIFY2(hasFinding(missingRdFindings, ReplicationFinding::Kind::DestinationMissing),
                qPrintable(missingRd.error));
        }
        // Applied, but every run of the source fails: no image yet.
        QString error;
        const QString rsName = mEnv->engine()->store().load(QStringLiteral("checks"), &error)->source->rsName;
        mEnv->sim()->op()->failNextSyncs(QStringLiteral("kind"), kShop, rsName, 1000);
        QVERIFY(runJob(mEnv->engine()->schedule(QStringLiteral("checks"), QStringLiteral("0 0 1 1 *"))).ok());
        QTRY_VERIFY(mEnv->sim()->op()->failedRuns() > 0
            && !mEnv->sim()->op()->isSyncing(QStringLiteral("kind"), kShop, rsName));
        auto [noImage, noImageFindings] = attempt(unplanned);
        QVERIFY(!noImage.ok());
        QVERIFY2(hasFinding(noImageFindings, ReplicationFinding::Kind::NoImage), qPrintable(noImage.error));
        QVERIFY(unchanged());
        mEnv->sim()->op()->failNextSyncs(QStringLiteral("kind"), kShop, rsName, 0);

        write(QStringLiteral("kind"), kShop, QStringLiteral("checks-data"), QStringLiteral("A"), 1000);
        QVERIFY(sync(QStringLiteral("checks")));

        FailoverOptions missing = unplanned;
        missing.restorePoint = QStringLiteral("no-such-snapshot");
        auto [missingResult, missingFindings] = attempt(missing);
        QVERIFY2(hasFinding(missingFindings, ReplicationFinding::Kind::RestorePointMissing),
            qPrintable(missingResult.error));

        // A snapshot of the destination whose source went away never becomes ready.
        const SimStoreResult broken = mGcp->create(kSnapshots, kDr,
            QJsonObject {{QStringLiteral("metadata"),
                             QJsonObject {{QStringLiteral("name"), QStringLiteral("broken")},
                                 {QStringLiteral("ownerReferences"),
                                     QJsonArray {QJsonObject {
                                         {QStringLiteral("apiVersion"), QStringLiteral("volsync.backube/v1alpha1")},
                                         {QStringLiteral("kind"), QStringLiteral("ReplicationDestination")},
                                         {QStringLiteral("name"), QStringLiteral("checks")},
                                         {QStringLiteral("uid"), QStringLiteral("x")}}}}}},
                {QStringLiteral("spec"),
                    QJsonObject {{QStringLiteral("source"),
                        QJsonObject {{QStringLiteral("persistentVolumeClaimName"), QStringLiteral("gone")}}}}}});
        QVERIFY(broken.ok());
        QTRY_VERIFY(statusOf(mGcp, kSnapshots, kDr, QStringLiteral("broken")).contains(QStringLiteral("error")));
        FailoverOptions notReady = unplanned;
        notReady.restorePoint = QStringLiteral("broken");
        auto [notReadyResult, notReadyFindings] = attempt(notReady);
        QVERIFY2(hasFinding(notReadyFindings, ReplicationFinding::Kind::RestorePointNotReady),
            qPrintable(notReadyResult.error));

        // The target exists (and is not one of ours).
        QVERIFY(mGcp->create(kPVC, kDr, SimFixture::pvcObject(QStringLiteral("taken"))).ok());
        FailoverOptions taken = unplanned;
        taken.target = ObjectName {QString(), QString(), QStringLiteral("taken")};
        auto [takenResult, takenFindings] = attempt(taken);
        QVERIFY2(hasFinding(takenFindings, ReplicationFinding::Kind::TargetExists), qPrintable(takenResult.error));

        // Another namespace that does not exist: offered to be created (a copy restores there).
        FailoverOptions elsewhere = unplanned;
        elsewhere.target = ObjectName {QString(), QStringLiteral("elsewhere"), QStringLiteral("x")};
        auto [elsewhereResult, elsewhereFindings] = attempt(elsewhere);
        QVERIFY2(hasFinding(elsewhereFindings, ReplicationFinding::Kind::TargetNamespaceMissing),
            qPrintable(elsewhereResult.error));
        QVERIFY2(
            elsewhereResult.error.contains(QStringLiteral("--create-namespace")), qPrintable(elsewhereResult.error));
        QVERIFY(!mGcp->get(QStringLiteral("namespaces"), QString(), QStringLiteral("elsewhere")));

        // A sync in progress (unplanned).
        mEnv->sim()->op()->setSyncDurationMs(60000);
        QJsonObject object = *mKind->get(kRS, kShop, rsName);
        QJsonObject spec = object.value(QStringLiteral("spec")).toObject();
        spec.insert(QStringLiteral("trigger"), QJsonObject {{QStringLiteral("manual"), QStringLiteral("long-one")}});
        object.insert(QStringLiteral("spec"), spec);
        QVERIFY(mKind->update(kRS, kShop, object).ok());
        QTRY_VERIFY(mEnv->sim()->op()->isSyncing(QStringLiteral("kind"), kShop, rsName));
        auto [syncing, syncingFindings] = attempt(unplanned);
        QVERIFY2(hasFinding(syncingFindings, ReplicationFinding::Kind::SyncInProgress), qPrintable(syncing.error));
        mEnv->sim()->op()->setSyncDurationMs(SimFixture::fastOperator().syncDurationMs);

        // A planned failover needs the source.
        setSourceDown(true);
        auto [planned, plannedFindings] = attempt(FailoverOptions {});
        QVERIFY2(hasFinding(plannedFindings, ReplicationFinding::Kind::SourceUnreachable), qPrintable(planned.error));
        setSourceDown(false);

        QVERIFY(unchanged());
        QVERIFY(!DisasterRecoveryHistory(mEnv->configDir()).activeFailover(relationshipId(QStringLiteral("checks"))));

        // A dry run lists the changes and makes none (planned: the long sync still runs, which a planned
        // failover waits for).
        FailoverOptions dry;
        dry.dryRun = true;
        auto [dryResult, dryFindings] = attempt(dry);
        QVERIFY2(dryResult.ok(), qPrintable(dryResult.error));
        const QString planText = dryResult.notes.join(QLatin1Char('\n'));
        QVERIFY2(planText.contains(
                     QStringLiteral("would update ReplicationDestination shop-dr/checks on gcp: spec.paused=true")),
            qPrintable(planText));
        QVERIFY2(planText.contains(QStringLiteral("a final manual sync")), qPrintable(planText));
        QVERIFY2(planText.contains(QStringLiteral("would create PersistentVolumeClaim shop-dr/checks on gcp")),
            qPrintable(planText));
        QVERIFY(unchanged());
        // A test's dry run names the mark it would put on the destination.
        FailoverOptions dryTest;
        dryTest.mode = FailoverOptions::Mode::Test;
        dryTest.dryRun = true;
        auto [dryTestResult, dryTestFindings] = attempt(dryTest);
        QVERIFY2(dryTestResult.ok(), qPrintable(dryTestResult.error));
        QVERIFY2(dryTestResult.notes.join(QLatin1Char('\n'))
                     .contains(QStringLiteral("would annotate ReplicationDestination shop-dr/checks on gcp: %1")
                                   .arg(ReplicationFailoverJob::testingAnnotation())),
            qPrintable(dryTestResult.notes.join(QLatin1Char('\n'))));
        QVERIFY(unchanged());
    }

    // Fail back: after a failover and new content D written on the DR side, failback sets up and syncs the
    // reverse relationship, and its planned failover leaves D in the original cluster's PVC.
    void failbackMovesTheNewDataHome()
    {
        define(QStringLiteral("home"));
        write(QStringLiteral("kind"), kShop, QStringLiteral("home-data"), QStringLiteral("A"), 1000);
        QVERIFY(sync(QStringLiteral("home")));
        FailoverOptions options;
        options.mode = FailoverOptions::Mode::Unplanned;
        const ReplicationResult failedOver
            = runJob(DisasterRecovery::failover(mEnv->engine(), QStringLiteral("home"), options), 60000);
        QVERIFY2(failedOver.ok(), qPrintable(failedOver.error));
        QCOMPARE(read(QStringLiteral("gcp"), kDr, QStringLiteral("home")), QStringLiteral("A"));
        write(QStringLiteral("gcp"), kDr, QStringLiteral("home"), QStringLiteral("D"), 4000);

        const ReplicationResult back
            = runJob(DisasterRecovery::failback(mEnv->engine(), QStringLiteral("home")), 60000);
        QVERIFY2(back.ok(), qPrintable(back.error));
        QVERIFY(mEnv->engine()->store().exists(QStringLiteral("home-reverse")));
        QVERIFY2(back.notes.join(QLatin1Char('\n')).contains(QStringLiteral("Primary now: gcp/shop-dr/home")),
            qPrintable(back.notes.join(QLatin1Char('\n'))));
        QVERIFY(!DisasterRecoveryHistory(mEnv->configDir()).activeFailover(relationshipId(QStringLiteral("home"))));

        const ReplicationResult home
            = runJob(DisasterRecovery::failover(mEnv->engine(), QStringLiteral("home-reverse"), {}), 60000);
        QVERIFY2(home.ok(), qPrintable(home.error));
        QCOMPARE(read(QStringLiteral("kind"), kShop, QStringLiteral("home-data")), QStringLiteral("D"));
        QVERIFY2(home.notes.join(QLatin1Char('\n')).contains(QStringLiteral("shop/home-data is ready on kind")),
            qPrintable(home.notes.join(QLatin1Char('\n'))));

        // Fail back needs a failover first.
        define(QStringLiteral("never"));
        const ReplicationResult refused = runJob(DisasterRecovery::failback(mEnv->engine(), QStringLiteral("never")));
        QCOMPARE(refused.status, ReplicationResult::Status::Invalid);
        QVERIFY2(refused.error.contains(QStringLiteral("not-failed-over")), qPrintable(refused.error));
    }

    // A planned failover's final sync replaces the schedule with a manual trigger; the schedule is noted on the
    // destination and in the history, and fail back gives it back to the original relationship (its file and its
    // ReplicationSource, which stays paused).
    void failbackPutsTheScheduleBack()
    {
        const QString cron = QStringLiteral("0 0 1 1 *");
        define(QStringLiteral("sched"));
        write(QStringLiteral("kind"), kShop, QStringLiteral("sched-data"), QStringLiteral("A"), 1000);
        QVERIFY(sync(QStringLiteral("sched")));
        QVERIFY(runJob(mEnv->engine()->schedule(QStringLiteral("sched"), cron)).ok());
        const ReplicationResult failedOver
            = runJob(DisasterRecovery::failover(mEnv->engine(), QStringLiteral("sched"), {}), 60000);
        QVERIFY2(failedOver.ok(), qPrintable(failedOver.error));
        const auto after = mEnv->engine()->store().load(QStringLiteral("sched"), nullptr);
        QVERIFY(after && after->source);
        QVERIFY(!after->source->trigger.schedule || after->source->trigger.schedule->isEmpty()); // the final sync's
        QCOMPARE(mGcp->get(kRD, kDr, QStringLiteral("sched"))
                     ->value(QStringLiteral("metadata"))
                     .toObject()
                     .value(QStringLiteral("annotations"))
                     .toObject()
                     .value(ReplicationFailoverJob::scheduleAnnotation())
                     .toString(),
            cron);
        const auto failover
            = DisasterRecoveryHistory(mEnv->configDir()).activeFailover(relationshipId(QStringLiteral("sched")));
        QVERIFY(failover);
        QCOMPARE(failover->schedule, cron);

        const ReplicationResult back
            = runJob(DisasterRecovery::failback(mEnv->engine(), QStringLiteral("sched")), 60000);
        QVERIFY2(back.ok(), qPrintable(back.error));
        const auto restored = mEnv->engine()->store().load(QStringLiteral("sched"), nullptr);
        QVERIFY(restored && restored->source);
        QCOMPARE(restored->source->trigger.schedule.value_or(QString()), cron);
        QVERIFY(restored->source->trigger.manual.isEmpty());
        QVERIFY(restored->source->paused);
        const QJsonObject rsSpec
            = mKind->get(kRS, kShop, restored->source->rsName)->value(QStringLiteral("spec")).toObject();
        QCOMPARE(rsSpec.value(QStringLiteral("trigger")).toObject().value(QStringLiteral("schedule")).toString(), cron);
        QVERIFY(!rsSpec.value(QStringLiteral("trigger")).toObject().contains(QStringLiteral("manual")));
        QVERIFY(rsSpec.value(QStringLiteral("paused")).toBool());
        QVERIFY2(back.notes.join(QLatin1Char('\n')).contains(QStringLiteral("sched has its schedule 0 0 1 1 * back")),
            qPrintable(back.notes.join(QLatin1Char('\n'))));
    }

    // A planned failover into another namespace (created on request): the snapshot is restored beside itself and
    // copied through a one-shot relationship; the target holds the last generation, and nothing of the copy is
    // left (no relationship, no mover objects, no extra PVC, the restore point given back to VolSync).
    void failoverIntoAnotherNamespace()
    {
        define(QStringLiteral("moved"));
        write(QStringLiteral("kind"), kShop, QStringLiteral("moved-data"), QStringLiteral("A"), 1000);
        QVERIFY(sync(QStringLiteral("moved")));
        write(QStringLiteral("kind"), kShop, QStringLiteral("moved-data"), QStringLiteral("B"), 2000);
        const int claimsBefore = int(mGcp->list(kPVC, kDr).size());
        FailoverOptions options;
        options.target = ObjectName {QString(), QStringLiteral("shop-moved"), QStringLiteral("moved-data")};
        // The namespace is missing: refused before anything changes, until it is asked for.
        const ReplicationResult refused
            = runJob(DisasterRecovery::failover(mEnv->engine(), QStringLiteral("moved"), options), 60000);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error.contains(QStringLiteral("--create-namespace")), qPrintable(refused.error));
        options.createNamespace = true;
        FailoverOptions dry = options;
        dry.dryRun = true;
        const ReplicationResult planned
            = runJob(DisasterRecovery::failover(mEnv->engine(), QStringLiteral("moved"), dry), 60000);
        QVERIFY2(planned.ok(), qPrintable(planned.error));
        const QString plan = planned.notes.join(QLatin1Char('\n'));
        QVERIFY2(plan.contains(QStringLiteral("would create Namespace shop-moved on gcp")), qPrintable(plan));
        QVERIFY2(plan.contains(QStringLiteral("through the one-shot relationship moved-copy-")), qPrintable(plan));
        QVERIFY(!mGcp->get(QStringLiteral("namespaces"), QString(), QStringLiteral("shop-moved")));

        QPointer<ReplicationFailoverJob> job
            = DisasterRecovery::failover(mEnv->engine(), QStringLiteral("moved"), options);
        QList<ReplicationJob::Step> steps;
        connect(job, &ReplicationJob::progress, this, [&steps](ReplicationJob::Step step) {
            if (steps.isEmpty() || steps.last() != step)
                steps.append(step);
        });
        const ReplicationResult result = runJob(job, 60000);
        QVERIFY2(result.ok(), qPrintable(result.error));
        QVERIFY(job);
        const ReplicationFailoverJob::Outcome outcome = job->outcome();
        QCOMPARE(outcome.target.toString(), QStringLiteral("gcp/shop-moved/moved-data"));
        QVERIFY(steps.contains(ReplicationJob::Step::CopyVolume));
        QCOMPARE(read(QStringLiteral("gcp"), QStringLiteral("shop-moved"), QStringLiteral("moved-data")),
            QStringLiteral("B"));
        QVERIFY(!annotationsOf(mGcp, QStringLiteral("shop-moved"), QStringLiteral("moved-data"))
                     .contains(VolumeCopyJob::copyingAnnotation()));
        const QStringList left = copyLeftovers(mGcp, QStringLiteral("shop-moved"), claimsBefore);
        QVERIFY2(left.isEmpty(), qPrintable(left.join(QStringLiteral(", "))));
        QVERIFY(!labelsOf(*mGcp->get(kSnapshots, kDr, outcome.restorePoint))
                     .contains(QStringLiteral("volsync.backube/do-not-delete")));
        QCOMPARE(snapshotsOf(QStringLiteral("moved")), 1);
        QVERIFY2(result.notes.join(QLatin1Char('\n')).contains(QStringLiteral("shop-moved/moved-data is ready on gcp")),
            qPrintable(result.notes.join(QLatin1Char('\n'))));
        const auto failover
            = DisasterRecoveryHistory(mEnv->configDir()).activeFailover(relationshipId(QStringLiteral("moved")));
        QVERIFY(failover);
        QCOMPARE(failover->target, QStringLiteral("gcp/shop-moved/moved-data"));
    }

    // A test failover into another cluster while replication keeps running: the test PVC there holds the
    // restore point's generation; end-test --to removes it (and, none being left beside the destination, its
    // testing mark); nothing of the copy is left.
    void testFailoverIntoAnotherCluster()
    {
        define(QStringLiteral("abroad"));
        write(QStringLiteral("kind"), kShop, QStringLiteral("abroad-data"), QStringLiteral("A"), 1000);
        QVERIFY(sync(QStringLiteral("abroad")));
        const int claimsBefore = int(mGcp->list(kPVC, kDr).size());
        FailoverOptions options;
        options.mode = FailoverOptions::Mode::Test;
        options.target
            = ObjectName {QStringLiteral("kind"), QStringLiteral("shop-drill"), QStringLiteral("abroad-test")};
        options.createNamespace = true;
        QPointer<ReplicationFailoverJob> job
            = DisasterRecovery::failover(mEnv->engine(), QStringLiteral("abroad"), options);
        const ReplicationResult result = runJob(job, 60000);
        QVERIFY2(result.ok(), qPrintable(result.error));
        QVERIFY(job);
        QVERIFY(job->outcome().restoreMs >= 0);
        QCOMPARE(job->outcome().target.toString(), QStringLiteral("kind/shop-drill/abroad-test"));
        QCOMPARE(read(QStringLiteral("kind"), QStringLiteral("shop-drill"), QStringLiteral("abroad-test")),
            QStringLiteral("A"));
        QVERIFY(!mGcp->get(kRD, kDr, QStringLiteral("abroad"))
                     ->value(QStringLiteral("spec"))
                     .toObject()
                     .contains(QStringLiteral("paused")));
        QStringList left = copyLeftovers(mKind, QStringLiteral("shop-drill"), claimsBefore);
        QVERIFY2(left.isEmpty(), qPrintable(left.join(QStringLiteral(", "))));
        QVERIFY(sync(QStringLiteral("abroad"))); // replication goes on

        EndTestOptions end;
        end.target = ObjectName {QStringLiteral("kind"), QStringLiteral("shop-drill"), QString()};
        const ReplicationResult ended
            = runJob(DisasterRecovery::endTest(mEnv->engine(), QStringLiteral("abroad"), end));
        QVERIFY2(ended.ok(), qPrintable(ended.error));
        QVERIFY(!mKind->get(kPVC, QStringLiteral("shop-drill"), QStringLiteral("abroad-test")));
        QVERIFY(mKind->get(kPVC, kShop, QStringLiteral("abroad-data")));
        QVERIFY(!mGcp->get(kRD, kDr, QStringLiteral("abroad"))
                     ->value(QStringLiteral("metadata"))
                     .toObject()
                     .value(QStringLiteral("annotations"))
                     .toObject()
                     .contains(ReplicationFailoverJob::testingAnnotation()));
        QCOMPARE(snapshotsOf(QStringLiteral("abroad")), 1);
    }

    // A copy into another namespace stopped by faults, once before the copy and once during its clean-up: each
    // rerun goes on where the last one stopped, and the last leaves the data and nothing else.
    void copyResumesAfterFaults()
    {
        define(QStringLiteral("bumpy"));
        write(QStringLiteral("kind"), kShop, QStringLiteral("bumpy-data"), QStringLiteral("A"), 1000);
        QVERIFY(sync(QStringLiteral("bumpy")));
        const int claimsBefore = int(mGcp->list(kPVC, kDr).size());
        QVERIFY(mGcp->create(QStringLiteral("namespaces"), QString(),
                        SimFixture::namespaceObject(QStringLiteral("shop-bumpy")))
                    .ok());
        FailoverOptions options;
        options.mode = FailoverOptions::Mode::Unplanned;
        options.target = ObjectName {QString(), QStringLiteral("shop-bumpy"), QStringLiteral("bumpy-data")};
        SimCluster *gcp = mEnv->sim()->cluster(QStringLiteral("gcp"));
        const auto refuse = [gcp](bool on) {
            SimFaults faults = gcp->faults();
            faults.refuseUntil = on ? QDateTime::currentDateTimeUtc().addSecs(3600) : QDateTime();
            gcp->setFaults(faults);
        };
        // 1: the restore beside the snapshot is done, the copy not begun.
        QPointer<ReplicationFailoverJob> first
            = DisasterRecovery::failover(mEnv->engine(), QStringLiteral("bumpy"), options);
        connect(first, &ReplicationJob::progress, this, [refuse](ReplicationJob::Step step) {
            if (step == ReplicationJob::Step::CopyVolume)
                refuse(true);
        });
        const ReplicationResult failed = runJob(first, 60000);
        refuse(false);
        QVERIFY(!failed.ok());
        QVERIFY(!mGcp->get(kPVC, QStringLiteral("shop-bumpy"), QStringLiteral("bumpy-data")));
        const QString image = latestImage(QStringLiteral("bumpy"));
        QVERIFY(labelsOf(*mGcp->get(kSnapshots, kDr, image)).contains(QStringLiteral("volsync.backube/do-not-delete")));

        // 2: copied, and stopped while deleting the one-shot relationship.
        QPointer<ReplicationFailoverJob> second
            = DisasterRecovery::failover(mEnv->engine(), QStringLiteral("bumpy"), options);
        connect(second, &ReplicationJob::progress, this, [refuse](ReplicationJob::Step step, const QString &message) {
            if (step == ReplicationJob::Step::CopyVolume
                && message.contains(QStringLiteral("deleting the one-shot relationship"), Qt::CaseInsensitive))
                refuse(true);
        });
        const ReplicationResult stopped = runJob(second, 60000);
        refuse(false);
        QVERIFY(!stopped.ok());
        QCOMPARE(read(QStringLiteral("gcp"), QStringLiteral("shop-bumpy"), QStringLiteral("bumpy-data")),
            QStringLiteral("A"));
        QVERIFY(!copyLeftovers(mGcp, QStringLiteral("shop-bumpy"), claimsBefore).isEmpty());

        // 3: only the clean-up was left.
        const ReplicationResult again
            = runJob(DisasterRecovery::failover(mEnv->engine(), QStringLiteral("bumpy"), options), 60000);
        QVERIFY2(again.ok(), qPrintable(again.error));
        QCOMPARE(read(QStringLiteral("gcp"), QStringLiteral("shop-bumpy"), QStringLiteral("bumpy-data")),
            QStringLiteral("A"));
        const QStringList left = copyLeftovers(mGcp, QStringLiteral("shop-bumpy"), claimsBefore);
        QVERIFY2(left.isEmpty(), qPrintable(left.join(QStringLiteral(", "))));
        QVERIFY(
            !labelsOf(*mGcp->get(kSnapshots, kDr, image)).contains(QStringLiteral("volsync.backube/do-not-delete")));
        QVERIFY(
            !labelsOf(*mGcp->get(kSnapshots, kDr, image)).contains(QStringLiteral("volsync-desktop/restoring-for")));
        QCOMPARE(snapshotsOf(QStringLiteral("bumpy")), 1);
    }

    // A fault between two steps fails the failover; running it again completes it: one PVC, with the data, and no
    // snapshot left labelled or leaked.
    void resumeAfterAFaultBetweenSteps()
    {
        define(QStringLiteral("resume"));
        write(QStringLiteral("kind"), kShop, QStringLiteral("resume-data"), QStringLiteral("A"), 1000);
        QVERIFY(sync(QStringLiteral("resume")));
        FailoverOptions options;
        options.mode = FailoverOptions::Mode::Unplanned;
        QPointer<ReplicationFailoverJob> first
            = DisasterRecovery::failover(mEnv->engine(), QStringLiteral("resume"), options);
        SimCluster *gcp = mEnv->sim()->cluster(QStringLiteral("gcp"));
        connect(first, &ReplicationJob::progress, this, [gcp](ReplicationJob::Step step) {
            if (step == ReplicationJob::Step::RestoreVolume) {
                SimFaults faults = gcp->faults();
                faults.refuseUntil = QDateTime::currentDateTimeUtc().addSecs(3600);
                gcp->setFaults(faults);
            }
        });
        const ReplicationResult failed = runJob(first, 60000);
        SimFaults faults = gcp->faults();
        faults.refuseUntil = QDateTime();
        gcp->setFaults(faults);
        QVERIFY(!failed.ok());
        QVERIFY(!mGcp->get(kPVC, kDr, QStringLiteral("resume")));
        const QString image = latestImage(QStringLiteral("resume"));
        QVERIFY(labelsOf(*mGcp->get(kSnapshots, kDr, image)).contains(QStringLiteral("volsync.backube/do-not-delete")));

        const ReplicationResult again
            = runJob(DisasterRecovery::failover(mEnv->engine(), QStringLiteral("resume"), options), 60000);
        QVERIFY2(again.ok(), qPrintable(again.error));
        QCOMPARE(read(QStringLiteral("gcp"), kDr, QStringLiteral("resume")), QStringLiteral("A"));
        QVERIFY(
            !labelsOf(*mGcp->get(kSnapshots, kDr, image)).contains(QStringLiteral("volsync.backube/do-not-delete")));
        QVERIFY(
            !labelsOf(*mGcp->get(kSnapshots, kDr, image)).contains(QStringLiteral("volsync-desktop/restoring-for")));
        QCOMPARE(snapshotsOf(QStringLiteral("resume")), 1);
        // And a third run finds it done: the PVC is ours, nothing more changes.
        const ReplicationResult third
            = runJob(DisasterRecovery::failover(mEnv->engine(), QStringLiteral("resume"), options), 60000);
        QVERIFY2(third.ok(), qPrintable(third.error));
        QCOMPARE(read(QStringLiteral("gcp"), kDr, QStringLiteral("resume")), QStringLiteral("A"));
    }
};

QTEST_GUILESS_MAIN(TestDisasterRecovery)
#include "test_disasterrecovery.moc"
