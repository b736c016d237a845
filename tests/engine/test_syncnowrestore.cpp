// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 13 item 1: Sync now keeps the schedule whatever happens.
// Also "pause and resume a relationship's schedule" (spec.paused), separate from Sync now. Cancelling or failing puts
// the schedule back on the cluster and in the file; the schedule to put back is written to the file before the trigger
// changes, and a process that was killed meanwhile leaves it there for the next start to finish.
// Against the in-process simulator and its VolSync operator.
#include "engine/operationtracker.h"
#include "engine/replicationapplyjob.h"
#include "engine/replicationengine.h"
#include "engine/replicationjob.h"
#include "enginefixture.h"
#include "kube/kubesession.h"
#include "runjob.h"
#include "sim/simoperator.h"
#include "sim/simstore.h"
#include "simfixture.h"

#include <QCoreApplication>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kSchedule = QStringLiteral("0 0 1 1 *");

/// A pid that no process has (one that just ended).
qint64 deadPid()
{
    QProcess process;
    process.start(QStringLiteral("true"), {});
    process.waitForStarted();
    const qint64 pid = process.processId();
    process.waitForFinished();
    return pid;
}

} // namespace

class TestSyncNowRestore : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<EngineFixture> mEnv;
    SimOperator *mOperator = nullptr;
    SimStore *mKind = nullptr;

    /// A relationship on a schedule, applied.
    void scheduled(const QString &name)
    {
        QVERIFY(runJob(mEnv->engine()->createRelationship(name, false)).ok());
        SourceSettings s;
        s.pvc = ObjectName {QStringLiteral("kind"), QStringLiteral("source"), QStringLiteral("datavol")};
        s.copyMethod = QStringLiteral("Clone");
        QVERIFY(runJob(mEnv->engine()->setSource(name, s)).ok());
        DestinationSettings d;
        d.destination = ObjectName {QStringLiteral("gcp"), QStringLiteral("destns"), name + QStringLiteral("-dst")};
        d.copyMethod = QStringLiteral("Direct");
        d.serviceType = QStringLiteral("LoadBalancer");
        QVERIFY(runJob(mEnv->engine()->setDestination(name, d)).ok());
        const auto r = runJob(mEnv->engine()->schedule(name, kSchedule));
        QVERIFY2(r.ok(), qPrintable(r.error));
    }

    ReplicationRelationship load(const QString &name)
    {
        QString error;
        return mEnv->engine()->store().load(name, &error).value_or(ReplicationRelationship());
    }

    QJsonObject rsTrigger(const QString &name)
    {
        const auto rs
            = mKind->get(QStringLiteral("replicationsources"), QStringLiteral("source"), load(name).source->rsName);
        return rs ? rs->value(QLatin1String("spec")).toObject().value(QLatin1String("trigger")).toObject()
                  : QJsonObject();
    }

    void verifyScheduleBack(const QString &name)
    {
        QCOMPARE(rsTrigger(name), (QJsonObject {{QStringLiteral("schedule"), kSchedule}}));
        const ReplicationRelationship rel = load(name);
        QCOMPARE(rel.source->trigger.schedule, std::optional<QString>(kSchedule));
        QVERIFY(rel.source->trigger.manual.isEmpty());
        QVERIFY(!rel.source->pendingRestore);
    }

private Q_SLOTS:
    void initTestCase()
    {
        mEnv = std::make_unique<EngineFixture>(SimFixture::kindToGcp());
        QString error;
        QVERIFY2(mEnv->start(&error), qPrintable(error));
        mOperator = mEnv->sim()->op();
        mKind = mEnv->store(QStringLiteral("kind"));
    }

    void cleanupTestCase() { mEnv.reset(); }

    // Before the fix the file and the ReplicationSource were left on a manual trigger: "manual only".
    void cancelPutsTheScheduleBack()
    {
        scheduled(QStringLiteral("cancelled"));
        if (QTest::currentTestFailed())
            return;
        const qint64 usual = mOperator->options().syncDurationMs;
        mOperator->setSyncDurationMs(60000); // the sync is still running when it is cancelled
        auto restore = qScopeGuard([this, usual] { mOperator->setSyncDurationMs(usual); });
        OperationTracker tracker;
        QSignalSpy finished(&tracker, &OperationTracker::finished);
        bool pendingBeforeTriggerChange = false;
        bool sawManualTrigger = false;
        ReplicationJob *job = mEnv->engine()->syncNow(QStringLiteral("cancelled"));
        connect(job, &ReplicationJob::progress, this, [&](ReplicationJob::Step step) {
            if (step == ReplicationJob::Step::CheckClusters) {
                // Written down before any cluster is touched.
                const ReplicationRelationship rel = load(QStringLiteral("cancelled"));
                pendingBeforeTriggerChange = rel.source->pendingRestore
                    && rel.source->pendingRestore->schedule == kSchedule
                    && rel.source->pendingRestore->pid == QCoreApplication::applicationPid()
                    && rsTrigger(QStringLiteral("cancelled")).contains(QLatin1String("schedule"));
            }
        });
        const int id = tracker.run(
            job, OperationTracker::Kind::SyncNow, QStringLiteral("cancelled"), QStringLiteral("Sync now"));
        connect(&tracker, &OperationTracker::progress, this, [&](int, ReplicationJob::Step step) {
            if (step == ReplicationJob::Step::WaitForSync && !sawManualTrigger) {
                sawManualTrigger = rsTrigger(QStringLiteral("cancelled")).contains(QLatin1String("manual"));
                tracker.cancel(id);
            }
        });
        QVERIFY(finished.wait(20000));
        QVERIFY(pendingBeforeTriggerChange);
        QVERIFY(sawManualTrigger);
        const ReplicationResult result = tracker.result(id);
        QCOMPARE(result.status, ReplicationResult::Status::Cancelled);
        QVERIFY2(result.error.contains(QLatin1String("is back in place")), qPrintable(result.error));
        verifyScheduleBack(QStringLiteral("cancelled"));
    }

    void failurePutsTheScheduleBack()
    {
        scheduled(QStringLiteral("failing"));
        if (QTest::currentTestFailed())
            return;
        const qint64 usual = mOperator->options().syncDurationMs;
        mOperator->setSyncDurationMs(60000);
        auto restore = qScopeGuard([this, usual] { mOperator->setSyncDurationMs(usual); });
        SyncOptions options;
        options.keepSchedule = true;
        options.timeoutMs = 300; // times out while the mover runs
        const ReplicationResult result = runJob(mEnv->engine()->sync(QStringLiteral("failing"), options));
        QCOMPARE(result.status, ReplicationResult::Status::Failed);
        QVERIFY2(result.error.contains(QLatin1String("timed out")), qPrintable(result.error));
        QVERIFY2(result.error.contains(QLatin1String("is back in place")), qPrintable(result.error));
        verifyScheduleBack(QStringLiteral("failing"));
    }

    // What a kill -9 during Sync now leaves: the source on a manual trigger, the file with the schedule to
    // put back and a process id that is gone. The next start (a new engine) finishes the restore.
    void interruptedSyncIsFinishedByTheNextStart()
    {
        scheduled(QStringLiteral("killed"));
        if (QTest::currentTestFailed())
            return;
        QVERIFY(runJob(mEnv->engine()->sync(QStringLiteral("killed"))).ok()); // source and file on a manual trigger now
        QVERIFY(rsTrigger(QStringLiteral("killed")).contains(QLatin1String("manual")));
        ReplicationRelationship rel = load(QStringLiteral("killed"));
        QVERIFY(!rel.source->trigger.schedule);
        // A live owner (this process) is left alone: its sync is still running.
        rel.source->pendingRestore = PendingScheduleRestore {kSchedule, QCoreApplication::applicationPid()};
        QString error;
        QVERIFY(mEnv->engine()->store().save(rel, &error));
        QVERIFY(!mEnv->engine()->interruptedSyncs().contains(QStringLiteral("killed")));
        QVERIFY(!mEnv->engine()->restoreInterruptedSync(QStringLiteral("killed")));
        // The owner is gone.
        rel.source->pendingRestore->pid = deadPid();
        QVERIFY(mEnv->engine()->store().save(rel, &error));

        ReplicationEngine nextStart(mEnv->session(), mEnv->configDir());
        QCOMPARE(nextStart.interruptedSyncs(), QStringList {QStringLiteral("killed")});
        // The same from files read elsewhere (the GUI's start-up reads them on a worker thread).
        QCOMPARE(ReplicationEngine::interruptedSyncs(nextStart.store().list()), QStringList {QStringLiteral("killed")});
        // From a listing: the file is not read again on this thread, neither to decide nor by the job's start.
        const RelationshipStore::Listing listing = nextStart.store().list();
        const auto killed = std::find_if(listing.relationships.cbegin(), listing.relationships.cend(),
            [](const ReplicationRelationship &r) { return r.name == QLatin1String("killed"); });
        QVERIFY(killed != listing.relationships.cend());
        const int loads = RelationshipStore::mainThreadLoads();
        ReplicationJob *restoreJob = nextStart.restoreInterruptedSync(*killed);
        QVERIFY(restoreJob);
        QSignalSpy finished(restoreJob, &ReplicationJob::finished);
        // The loads counted when the job leaves its first step, past reading the file (its write, later, reads it
        // again under the lock: a look after a QTRY could land after it on a busy machine).
        int loadsPastValidate = -1;
        connect(restoreJob, &ReplicationJob::progress, this, [&loadsPastValidate](ReplicationJob::Step step) {
            if (step != ReplicationJob::Step::Validate && loadsPastValidate < 0)
                loadsPastValidate = RelationshipStore::mainThreadLoads();
        });
        restoreJob->start();
        QVERIFY(finished.wait(20000));
        QCOMPARE(loadsPastValidate, loads);
        const ReplicationResult result = restoreJob->result();
        QVERIFY2(result.ok(), qPrintable(result.error));
        verifyScheduleBack(QStringLiteral("killed"));
        QVERIFY(nextStart.interruptedSyncs().isEmpty());
    }

    void pauseAndResume()
    {
        scheduled(QStringLiteral("paused"));
        if (QTest::currentTestFailed())
            return;
        const auto spec = [this] {
            const auto rs = mKind->get(QStringLiteral("replicationsources"), QStringLiteral("source"),
                load(QStringLiteral("paused")).source->rsName);
            return rs->value(QLatin1String("spec")).toObject();
        };
        ReplicationResult r = runJob(mEnv->engine()->setPaused(QStringLiteral("paused"), true));
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(spec().value(QLatin1String("paused")).toBool(), true);
        QVERIFY(load(QStringLiteral("paused")).source->paused);
        // The schedule stays; applying again keeps the pause; a sync is refused with what to do.
        QCOMPARE(
            spec().value(QLatin1String("trigger")).toObject().value(QLatin1String("schedule")).toString(), kSchedule);
        QVERIFY(runJob(mEnv->engine()->schedule(QStringLiteral("paused"), kSchedule)).ok());
        QCOMPARE(spec().value(QLatin1String("paused")).toBool(), true);
        r = runJob(mEnv->engine()->syncNow(QStringLiteral("paused")));
        QCOMPARE(r.status, ReplicationResult::Status::Invalid);
        QVERIFY2(r.error.contains(QLatin1String("resume")), qPrintable(r.error));
        verifyScheduleBack(QStringLiteral("paused"));
        r = runJob(mEnv->engine()->setPaused(QStringLiteral("paused"), false));
        QVERIFY2(r.ok(), qPrintable(r.error));
        QVERIFY(!spec().contains(QLatin1String("paused")));
        QVERIFY(!load(QStringLiteral("paused")).source->paused);
        QVERIFY(runJob(mEnv->engine()->syncNow(QStringLiteral("paused"))).ok());
        // Not applied yet: said so, with what to do.
        QVERIFY(runJob(mEnv->engine()->createRelationship(QStringLiteral("fresh"), false)).ok());
        SourceSettings s;
        s.pvc = ObjectName {QStringLiteral("kind"), QStringLiteral("source"), QStringLiteral("datavol")};
        s.copyMethod = QStringLiteral("Clone");
        QVERIFY(runJob(mEnv->engine()->setSource(QStringLiteral("fresh"), s)).ok());
        r = runJob(mEnv->engine()->setPaused(QStringLiteral("fresh"), true));
        QCOMPARE(r.status, ReplicationResult::Status::Failed);
        QVERIFY(r.kubeError.isNotFound());
        QVERIFY2(r.error.contains(QLatin1String("apply fresh first")), qPrintable(r.error));
    }

    // A Sync now after an interrupted one keeps the schedule the interrupted one had kept.
    void syncNowAfterAnInterruptedOneKeepsItsSchedule()
    {
        scheduled(QStringLiteral("again"));
        if (QTest::currentTestFailed())
            return;
        QVERIFY(runJob(mEnv->engine()->sync(QStringLiteral("again"))).ok());
        ReplicationRelationship rel = load(QStringLiteral("again"));
        rel.source->pendingRestore = PendingScheduleRestore {kSchedule, deadPid()};
        QString error;
        QVERIFY(mEnv->engine()->store().save(rel, &error));
        const ReplicationResult result = runJob(mEnv->engine()->syncNow(QStringLiteral("again")));
        QVERIFY2(result.ok(), qPrintable(result.error));
        verifyScheduleBack(QStringLiteral("again"));
    }
};

QTEST_GUILESS_MAIN(TestSyncNowRestore)
#include "test_syncnowrestore.moc"
