// SPDX-License-Identifier: GPL-3.0-or-later
// OperationTracker: the model of running and finished operations (checked by QAbstractItemModelTester),
// the one place a job's progress reaches the log (each line once), busy state, cancel, clean-up on cancel.
// No simulator: the jobs are driven by hand.
#include "engine/operationtracker.h"
#include "engine/relationshipstore.h"
#include "engine/replicationengine.h"
#include "models/activitylogmodel.h"
#include "models/relationshipsmodel.h"

#include <QAbstractItemModelTester>
#include <QMetaEnum>
#include <QPointer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

/// A job that does what the test tells it to.
class ManualJob : public ReplicationJob
{
public:
    using ReplicationJob::ReplicationJob;
    void step(const QString &message, Step step = Step::CheckClusters) { setStep(step, message); }
    void object(const ObjectResult &o) { addObject(o); }
    void note(const QString &text) { addNote(text); }
    void ok() { succeed(); }
    void failWith(const QString &error, const KubeError &cause) { fail(error, cause); }
    void undone(const QString &note) { endCleanUp(note); }
    bool undoOnCancel = false;
    int cleanUps = 0;

protected:
    void run() override { }
    bool cleanUp() override
    {
        ++cleanUps;
        return undoOnCancel;
    }
};

} // namespace

class TestOperationTracker : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void succeedsAndLogsEachLineOnce()
    {
        OperationTracker tracker;
        QAbstractItemModelTester tester(&tracker, QAbstractItemModelTester::FailureReportingMode::QtTest);
        ActivityLogModel log;
        log.follow(&tracker);
        QSignalSpy logged(&tracker, &OperationTracker::logged);
        QSignalSpy busy(&tracker, &OperationTracker::busyChanged);
        QSignalSpy finished(&tracker, &OperationTracker::finished);

        QPointer<ManualJob> job = new ManualJob;
        const int id
            = tracker.run(job, OperationTracker::Kind::SyncNow, QStringLiteral("db"), QStringLiteral("Sync now of db"));
        QVERIFY(id > 0);
        QCOMPARE(tracker.rowCount(), 1);
        QVERIFY(tracker.isBusy());
        QCOMPARE(busy.size(), 1);
        QCOMPARE(busy.at(0).at(0).toBool(), true);
        QCOMPARE(tracker.state(id), OperationTracker::State::Running);
        QCOMPARE(tracker.runningOperation(QStringLiteral("db")), id);
        QCOMPARE(tracker.runningOperation(QStringLiteral("db"), OperationTracker::Kind::Delete), 0);
        QCOMPARE(tracker.runningOperation(QStringLiteral("other")), 0);

        job->step(QStringLiteral("checking namespaces"));
        job->object({QStringLiteral("kind"), QStringLiteral("ReplicationSource"), QStringLiteral("ns"),
            QStringLiteral("db-src"), ObjectResult::Action::Updated, QString()});
        job->note(QStringLiteral("mover log line"));
        // Steps read as sentences, in the GUI as in the CLI (issue 13).
        QCOMPARE(tracker.lastStep(id), QStringLiteral("Checking namespaces."));
        QCOMPARE(
            tracker.index(0, OperationTracker::StepColumn).data().toString(), QStringLiteral("Checking namespaces."));
        job->ok();
        QVERIFY(finished.wait(5000));
        QCOMPARE(finished.at(0).at(0).toInt(), id);
        QCOMPARE(tracker.state(id), OperationTracker::State::Succeeded);
        QVERIFY(!tracker.isBusy());
        QCOMPARE(busy.size(), 2);
        QCOMPARE(busy.at(1).at(0).toBool(), false);
        QVERIFY(!tracker.job(id));
        QTRY_VERIFY(job.isNull()); // deleted once finished

        // description, step, object, summary, note: each once, and the log holds exactly those.
        QCOMPARE(logged.size(), 5);
        QCOMPARE(log.entries().size(), 5);
        QCOMPARE(log.entries().at(0).message, QStringLiteral("Sync now of db"));
        QCOMPARE(log.entries().at(1).message, QStringLiteral("Checking namespaces."));
        QCOMPARE(log.entries().at(2).cluster, QStringLiteral("kind"));
        QCOMPARE(log.entries().at(3).level, ActivityLogModel::Level::Success);
        QVERIFY(log.entries().at(3).message.startsWith(QLatin1String("Sync now of db: done after ")));
        QCOMPARE(log.entries().at(4).message, QStringLiteral("mover log line"));
    }

    // Issue 13: every step a job reports, by its default text or its own, reads as a sentence wherever it shows.
    // A plan (the Fail Over dialog's dry run), a check or a read changes nothing: it is no running change of its
    // relationship, so that Sync now and the others stay available; the failover itself is one.
    void plansAreNoRunningChange()
    {
        OperationTracker tracker;
        QPointer<ManualJob> plan = new ManualJob;
        const int planId = tracker.run(
            plan, OperationTracker::Kind::Plan, QStringLiteral("db"), QStringLiteral("Planning a failover of db"));
        QPointer<ManualJob> read = new ManualJob;
        tracker.run(read, OperationTracker::Kind::Read, QStringLiteral("db"), QStringLiteral("Reading db"));
        QPointer<ManualJob> check = new ManualJob;
        tracker.run(check, OperationTracker::Kind::Check, QStringLiteral("db"), QStringLiteral("Checking db"));
        QCOMPARE(tracker.runningOperation(QStringLiteral("db")), planId);
        QCOMPARE(tracker.runningChange(QStringLiteral("db")), 0);
        QPointer<ManualJob> failover = new ManualJob;
        const int failoverId = tracker.run(
            failover, OperationTracker::Kind::Other, QStringLiteral("db"), QStringLiteral("Failover of db"));
        QCOMPARE(tracker.runningChange(QStringLiteral("db")), failoverId);
        QCOMPARE(tracker.runningChange(QStringLiteral("other")), 0);
        failover->ok();
        QTRY_COMPARE(tracker.runningChange(QStringLiteral("db")), 0);
        plan->ok();
        read->ok();
        check->ok();
        QTRY_VERIFY(!tracker.isBusy());
    }

    void stepsAreSentences()
    {
        OperationTracker tracker;
        QPointer<ManualJob> job = new ManualJob;
        const int id = tracker.run(job, OperationTracker::Kind::SyncNow, QStringLiteral("db"), QStringLiteral("Sync"));
        const QMetaEnum steps = QMetaEnum::fromType<ReplicationJob::Step>();
        for (int i = 0; i < steps.keyCount(); ++i) {
            const auto step = ReplicationJob::Step(steps.value(i));
            job->step(QString(), step);
            const QString text = tracker.lastStep(id);
            QVERIFY2(text.size() > 2 && text.at(0).isUpper() && text.endsWith(QLatin1Char('.')),
                qPrintable(QString::fromLatin1(steps.key(i)) + QLatin1String(": ") + text));
        }
        job->step(QStringLiteral("waiting for the mover, attempt 2"));
        QCOMPARE(tracker.lastStep(id), QStringLiteral("Waiting for the mover, attempt 2."));
        job->step(QStringLiteral("Already a sentence."));
        QCOMPARE(tracker.lastStep(id), QStringLiteral("Already a sentence."));
        QSignalSpy finished(&tracker, &OperationTracker::finished);
        job->ok();
        QVERIFY(finished.wait(5000));
    }

    // The wizard's apply is one Set up operation: the relationship reads "Setting up…" while it runs.
    void setupReadsSettingUpWhileItRuns()
    {
        QTemporaryDir dir;
        QString error;
        QVERIFY2(RelationshipStore(dir.path()).create(QStringLiteral("db"), false, &error), qPrintable(error));
        ReplicationEngine engine(nullptr, dir.path());
        RelationshipsModel model(&engine);
        model.setMonitoring(false);
        QTRY_VERIFY(model.rowOf(QStringLiteral("db")) >= 0); // read on a worker thread
        OperationTracker tracker;
        model.setOperationTracker(&tracker);
        const auto badge = [&model] {
            return RelationshipsModel::Badge(
                model.index(model.rowOf(QStringLiteral("db")), 0).data(RelationshipsModel::BadgeRole).toInt());
        };
        QCOMPARE(badge(), RelationshipsModel::Badge::NotApplied);
        QPointer<ManualJob> job = new ManualJob;
        QSignalSpy finished(&tracker, &OperationTracker::finished);
        const int id
            = tracker.run(job, OperationTracker::Kind::Setup, QStringLiteral("db"), QStringLiteral("Setting up db"));
        QCOMPARE(
            tracker.index(0, OperationTracker::OperationColumn).data().toString(), QStringLiteral("Setting up db"));
        QCOMPARE(OperationTracker::kindText(tracker.kindOf(id)), QStringLiteral("Set up"));
        QCOMPARE(badge(), RelationshipsModel::Badge::SettingUp);
        job->ok();
        QVERIFY(finished.wait(5000));
        QCOMPARE(badge(), RelationshipsModel::Badge::NotApplied);
    }

    void failureKeepsTheApiError()
    {
        OperationTracker tracker;
        QAbstractItemModelTester tester(&tracker, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy finished(&tracker, &OperationTracker::finished);
        auto *job = new ManualJob;
        const int id
            = tracker.run(job, OperationTracker::Kind::Schedule, QStringLiteral("db"), QStringLiteral("Schedule"));
        const KubeError forbidden = KubeError::fromHttp(403, QByteArray());
        job->failWith(QStringLiteral("unable to read namespace"), forbidden);
        QVERIFY(finished.wait(5000));
        QCOMPARE(tracker.state(id), OperationTracker::State::Failed);
        const ReplicationResult result = tracker.result(id);
        QCOMPARE(result.error, QStringLiteral("unable to read namespace"));
        QVERIFY(result.kubeError.isForbidden());
        QVERIFY(!result.kubeError.isNotFound());
        QCOMPARE(tracker.index(0, OperationTracker::StateColumn).data().toString(), QStringLiteral("failed"));
        QCOMPARE(tracker.index(0, 0).data(OperationTracker::ErrorRole).toString(), result.error);
    }

    void cancelWaitsForTheCleanUp()
    {
        OperationTracker tracker;
        QAbstractItemModelTester tester(&tracker, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy finished(&tracker, &OperationTracker::finished);
        auto *job = new ManualJob;
        job->undoOnCancel = true;
        const int id
            = tracker.run(job, OperationTracker::Kind::SyncNow, QStringLiteral("db"), QStringLiteral("Sync now"));
        tracker.cancel(id);
        QCOMPARE(job->cleanUps, 1);
        // The schedule is being put back: the operation still runs and keeps the session busy.
        QVERIFY(!finished.wait(100));
        QVERIFY(tracker.isBusy());
        QCOMPARE(tracker.state(id), OperationTracker::State::Running);
        tracker.cancel(id); // a second cancel does not interrupt the clean-up
        QCOMPARE(job->cleanUps, 1);
        job->undone(QStringLiteral("The schedule */15 * * * * is back in place."));
        QVERIFY(finished.wait(5000));
        QCOMPARE(tracker.state(id), OperationTracker::State::Cancelled);
        QVERIFY(tracker.result(id).error.contains(QLatin1String("is back in place")));
        QVERIFY(!tracker.isBusy());
    }

    void finishedOperationsAreTrimmedRunningOnesStay()
    {
        OperationTracker tracker;
        QAbstractItemModelTester tester(&tracker, QAbstractItemModelTester::FailureReportingMode::QtTest);
        tracker.setMaxFinished(2);
        QSignalSpy finished(&tracker, &OperationTracker::finished);
        auto *running = new ManualJob;
        const int keep
            = tracker.run(running, OperationTracker::Kind::Delete, QStringLiteral("a"), QStringLiteral("Delete a"));
        for (int i = 0; i < 4; ++i) {
            auto *job = new ManualJob;
            tracker.run(job, OperationTracker::Kind::Sync, QStringLiteral("b"), QStringLiteral("Sync b"));
            job->ok();
            QVERIFY(finished.wait(5000));
        }
        QCOMPARE(tracker.rowCount(), 3);
        QCOMPARE(tracker.state(keep), OperationTracker::State::Running);
        QCOMPARE(tracker.runningCount(), 1);
        // A job deleted unfinished (its engine went away) counts as cancelled.
        delete running;
        QCOMPARE(tracker.state(keep), OperationTracker::State::Cancelled);
        QVERIFY(!tracker.isBusy());
    }
};

QTEST_GUILESS_MAIN(TestOperationTracker)
#include "test_operationtracker.moc"
