// SPDX-License-Identifier: GPL-3.0-or-later
// ReplicationJob::runInner: a job run as a part of another (setup, failover, fail back, volume copy) reports
// through it, hands its result to the outer job, and is cancelled with it. No simulator: jobs are driven by hand.
#include "engine/replicationjob.h"

#include <QPointer>
#include <QSignalSpy>
#include <QTest>

namespace {

/// An inner job that does what the test tells it to.
class ManualJob : public ReplicationJob
{
public:
    using ReplicationJob::ReplicationJob;
    void step(const QString &message, Step step) { setStep(step, message); }
    void object(const ObjectResult &o) { addObject(o); }
    void note(const QString &text) { addNote(text); }
    void ok() { succeed(); }
    void failWith(const QString &error) { fail(error); }
    bool started = false;

protected:
    void run() override { started = true; }
};

/// An outer job that runs one inner job and records what it was given.
class OuterJob : public ReplicationJob
{
public:
    using ReplicationJob::InnerSteps;
    OuterJob(ManualJob *inner, InnerSteps steps)
        : mInnerJob(inner)
        , mSteps(steps)
    { }
    int doneCalls = 0;
    std::optional<ReplicationResult> innerResult;

protected:
    void run() override
    {
        setStep(Step::CopyVolume, QStringLiteral("copying"));
        runInner(mInnerJob, mSteps, [this](const ReplicationResult &result) {
            ++doneCalls;
            innerResult = result;
            if (result.ok())
                succeed();
            else
                fail(QStringLiteral("the inner job failed: %1").arg(result.error));
        });
    }

private:
    ManualJob *mInnerJob;
    InnerSteps mSteps;
};

using Progress = QList<std::pair<ReplicationJob::Step, QString>>;

Progress progressOf(const QSignalSpy &spy)
{
    Progress result;
    for (const QList<QVariant> &args : spy)
        result.append({args.at(0).value<ReplicationJob::Step>(), args.at(1).toString()});
    return result;
}

} // namespace

class TestReplicationJob : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void innerJobReportsThroughTheOuterOne_data()
    {
        QTest::addColumn<bool>("ownSteps");
        QTest::newRow("own steps") << true;
        QTest::newRow("current step") << false;
    }

    void innerJobReportsThroughTheOuterOne()
    {
        QFETCH(bool, ownSteps);
        QPointer<ManualJob> inner = new ManualJob;
        OuterJob outer(inner, ownSteps ? OuterJob::InnerSteps::Own : OuterJob::InnerSteps::Current);
        QSignalSpy progress(&outer, &ReplicationJob::progress);
        QSignalSpy objects(&outer, &ReplicationJob::objectChanged);
        QSignalSpy finished(&outer, &ReplicationJob::finished);
        outer.start();
        QTRY_VERIFY(inner && inner->started);
        QCOMPARE(inner->parent(), &outer);

        inner->step(QStringLiteral("syncing"), ReplicationJob::Step::WaitForSync);
        const ObjectResult object {QStringLiteral("kind"), QStringLiteral("PersistentVolumeClaim"),
            QStringLiteral("ns"), QStringLiteral("data"), ObjectResult::Action::Created, QString()};
        inner->object(object);
        inner->note(QStringLiteral("mover log: done"));
        inner->ok();
        QVERIFY(finished.wait());

        const auto expectedStep = ownSteps ? ReplicationJob::Step::WaitForSync : ReplicationJob::Step::CopyVolume;
        QCOMPARE(progressOf(progress),
            Progress({{ReplicationJob::Step::CopyVolume, QStringLiteral("Copying.")},
                {expectedStep, QStringLiteral("Syncing.")}}));
        QCOMPARE(objects.size(), 1);
        QCOMPARE(outer.result().objects.size(), 1);
        QCOMPARE(outer.result().objects.first().name, QStringLiteral("data"));
        QCOMPARE(outer.result().notes, QStringList {QStringLiteral("mover log: done")});
        QCOMPARE(outer.doneCalls, 1);
        QVERIFY(outer.innerResult && outer.innerResult->ok());
        QVERIFY(outer.result().ok());
        QTRY_VERIFY(!inner); // deleted once it ended
    }

    void innerFailureGoesToTheOuterJob()
    {
        QPointer<ManualJob> inner = new ManualJob;
        OuterJob outer(inner, OuterJob::InnerSteps::Current);
        QSignalSpy finished(&outer, &ReplicationJob::finished);
        outer.start();
        QTRY_VERIFY(inner && inner->started);
        inner->failWith(QStringLiteral("no address"));
        QVERIFY(finished.wait());
        QCOMPARE(outer.doneCalls, 1);
        QCOMPARE(outer.result().status, ReplicationResult::Status::Failed);
        QCOMPARE(outer.result().error, QStringLiteral("the inner job failed: no address"));
    }

    void cancellingTheOuterJobCancelsTheInnerOne()
    {
        QPointer<ManualJob> inner = new ManualJob;
        OuterJob outer(inner, OuterJob::InnerSteps::Own);
        QSignalSpy progress(&outer, &ReplicationJob::progress);
        QSignalSpy finished(&outer, &ReplicationJob::finished);
        outer.start();
        QTRY_VERIFY(inner && inner->started);
        outer.cancel();
        QVERIFY(inner->isCancelled());
        const qsizetype linesAtCancel = progress.size();
        // Whatever the inner job still says is not the outer job's any more.
        inner->step(QStringLiteral("late line"), ReplicationJob::Step::WaitForSync);
        QVERIFY(finished.wait());
        QCOMPARE(outer.result().status, ReplicationResult::Status::Cancelled);
        QTRY_VERIFY(!inner);
        QCOMPARE(progress.size(), linesAtCancel);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(outer.doneCalls, 0);
    }
};

QTEST_GUILESS_MAIN(TestReplicationJob)
#include "test_replicationjob.moc"
