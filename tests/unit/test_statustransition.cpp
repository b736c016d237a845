// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 13: failures reach the activity log once per transition (item 5); the median of an even number of
// syncs (item 8); "Checking…"/"Setting up…" instead of Problem/Syncing while nothing is known (item 16);
// which relationships need privileged movers (item 13). No simulator.
#include "engine/replicationfailoverjob.h"
#include "engine/replicationrelationship.h"
#include "engine/statustransition.h"
#include "engine/synchistory.h"
#include "engine/synctiming.h"
#include "models/relationshipsmodel.h"

#include <QLocale>
#include <QTest>

namespace {

ReplicationStatus idle()
{
    ReplicationStatus s;
    s.phase = ReplicationStatus::Phase::Idle;
    s.sourceExists = true;
    s.destinationExists = true;
    return s;
}

ReplicationStatus failed()
{
    ReplicationStatus s = idle();
    s.phase = ReplicationStatus::Phase::Failed;
    s.moverStatus = MoverStatus {QStringLiteral("Failed"), QStringLiteral("rsync: connection refused\n")};
    return s;
}

ReplicationFinding keysStale()
{
    return {ReplicationFinding::Kind::KeysStale, ReplicationFinding::Severity::Error,
        QStringLiteral("The key Secret does not hold the destination's current keys"), QString(),
        ReplicationFix {ReplicationFix::Action::Apply, QStringLiteral("db"), QString(), QString()}};
}

} // namespace

class TestStatusTransition : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void failureIsLoggedOncePerTransition()
    {
        const auto lines = StatusTransition::between(QStringLiteral("db"), idle(), failed());
        QCOMPARE(lines.size(), 1);
        QCOMPARE(lines.at(0).level, StatusTransition::Level::Error);
        QCOMPARE(lines.at(0).message, QStringLiteral("db is failing: rsync: connection refused (VolSync retries)"));
        // Still failing (another retry, new logs): nothing new.
        ReplicationStatus again = failed();
        again.moverStatus->logs = QStringLiteral("rsync: connection refused again");
        QVERIFY(StatusTransition::between(QStringLiteral("db"), failed(), again).isEmpty());
        // Recovered, then failing again: one line each time.
        const auto recovered = StatusTransition::between(QStringLiteral("db"), failed(), idle());
        QCOMPARE(recovered.size(), 1);
        QCOMPARE(recovered.at(0).level, StatusTransition::Level::Success);
        QCOMPARE(StatusTransition::between(QStringLiteral("db"), idle(), failed()).size(), 1);
    }

    void newProblemsAreLoggedOnce()
    {
        ReplicationStatus withProblem = idle();
        withProblem.problems.append(keysStale());
        auto lines = StatusTransition::between(QStringLiteral("db"), idle(), withProblem);
        QCOMPARE(lines.size(), 1);
        QCOMPARE(lines.at(0).level, StatusTransition::Level::Error);
        QVERIFY(lines.at(0).message.startsWith(QLatin1String("db: The key Secret")));
        QVERIFY(StatusTransition::between(QStringLiteral("db"), withProblem, withProblem).isEmpty());
        // Informational findings (an address on its way) are not warnings.
        ReplicationStatus waiting = idle();
        waiting.problems.append({ReplicationFinding::Kind::DestinationNotPublished, ReplicationFinding::Severity::Info,
            QStringLiteral("not published yet"), QString(), ReplicationFix {}});
        QVERIFY(StatusTransition::between(QStringLiteral("db"), idle(), waiting).isEmpty());
        // The first status that reflects the clusters reports what is wrong already, once.
        lines = StatusTransition::between(QStringLiteral("db"), std::nullopt, withProblem);
        QCOMPARE(lines.size(), 1);
        QVERIFY(StatusTransition::between(QStringLiteral("db"), std::nullopt, idle()).isEmpty());
    }

    void medianOfTwoIsTheirMean()
    {
        const auto record = [](qint64 ms) {
            SyncRecord r;
            r.durationMs = ms;
            return r;
        };
        QCOMPARE(SyncHistory::medianDurationMs({}), qint64(-1));
        QCOMPARE(SyncHistory::medianDurationMs({record(6500), record(7300)}), qint64(6900));
        QCOMPARE(SyncHistory::medianDurationMs({record(9000), record(1000), record(5000)}), qint64(5000));
        QCOMPARE(SyncHistory::medianDurationMs({record(4000), record(1000), record(3000), record(2000)}), qint64(2500));
    }

    // Item 8: "finished after 6.5 s (waiting for the mover included)" beside "Mover took 7.3 s": one text
    // that tells both and explains a faster cluster clock.
    void durationsTellOneTruth()
    {
        QLocale::setDefault(QLocale::c());
        QCOMPARE(SyncTiming::describe(6500, -1), QStringLiteral("Sync now finished after 6.5 s."));
        const QString normal = SyncTiming::describe(9000, 7300);
        QVERIFY2(normal.contains(QLatin1String("after 9.0 s")) && normal.contains(QLatin1String("the mover ran 7.3 s")),
            qPrintable(normal));
        const QString scaled = SyncTiming::describe(6500, 7300 * 10);
        QVERIFY2(scaled.contains(QLatin1String("after 6.5 s")) && scaled.contains(QLatin1String("mover took 73.0 s"))
                && scaled.contains(QLatin1String("11.2 times as fast"))
                && scaled.contains(QLatin1String("scaled clock")),
            qPrintable(scaled));
        // The same sync measured by both clocks within half a second is not called a scaled clock.
        QVERIFY(!SyncTiming::describe(6500, 6900).contains(QLatin1String("scaled")));
    }

    void transientStates()
    {
        using Badge = RelationshipsModel::Badge;
        // Being set up: not a problem, whatever is still missing.
        ReplicationStatus incomplete;
        incomplete.problems.append({ReplicationFinding::Kind::NoDestination, ReplicationFinding::Severity::Warning,
            QStringLiteral("No destination defined yet"), QString(), ReplicationFix {}});
        QCOMPARE(RelationshipsModel::badgeFor(incomplete), Badge::Problem);
        QCOMPARE(RelationshipsModel::badgeFor(incomplete, true, true), Badge::SettingUp);
        QCOMPARE(RelationshipsModel::badgeFor(incomplete, true, false), Badge::Problem);
        // Before the clusters have answered: "Checking…", not "Syncing" for a relationship that fails.
        ReplicationStatus early = idle();
        early.phase = ReplicationStatus::Phase::Syncing;
        QCOMPARE(RelationshipsModel::badgeFor(early, false, false), Badge::Checking);
        QCOMPARE(RelationshipsModel::badgeFor(early, true, false), Badge::Syncing);
        // A running sync of an applied relationship is not "setting up".
        QCOMPARE(RelationshipsModel::badgeFor(early, true, true), Badge::Syncing);
        QCOMPARE(RelationshipsModel::badgeText(Badge::Checking), QStringLiteral("Checking…"));
        QCOMPARE(RelationshipsModel::badgeText(Badge::SettingUp), QStringLiteral("Setting up…"));
    }

    // Issue 13 (pause and resume): a paused relationship reads "Paused", not "Idle" (nothing syncs until it is
    // resumed); a problem or a running sync still shows first.
    void pausedIsShown()
    {
        using Badge = RelationshipsModel::Badge;
        ReplicationStatus paused = idle();
        paused.paused = true;
        QCOMPARE(RelationshipsModel::badgeFor(paused), Badge::Paused);
        QCOMPARE(RelationshipsModel::badgeFor(paused, true, false), Badge::Paused);
        QCOMPARE(RelationshipsModel::badgeText(Badge::Paused), QStringLiteral("Paused"));
        QCOMPARE(RelationshipsModel::badgeFor(idle()), Badge::Idle);
        ReplicationStatus running = paused;
        running.phase = ReplicationStatus::Phase::Syncing; // the sync that ran when it was paused
        QCOMPARE(RelationshipsModel::badgeFor(running), Badge::Syncing);
        ReplicationStatus withProblem = paused;
        withProblem.problems.append(keysStale());
        QCOMPARE(RelationshipsModel::badgeFor(withProblem), Badge::Problem);
    }

    // Issue 14: after a failover the relationship reads "Failed over", not the pause or an error; a test
    // failover's PVC beside a healthy destination reads "Testing failover"; both come from our annotations on
    // the ReplicationDestination.
    void disasterRecoveryStates()
    {
        using Badge = RelationshipsModel::Badge;
        ReplicationRelationship rel;
        rel.name = QStringLiteral("db");
        const QJsonObject rd {
            {QStringLiteral("metadata"),
                QJsonObject {{QStringLiteral("annotations"),
                    QJsonObject {
                        {ReplicationFailoverJob::failedOverAnnotation(), QStringLiteral("2026-12-06T14:12:00Z")},
                        {ReplicationFailoverJob::testingAnnotation(), QStringLiteral("2026-12-06T13:00:00Z")}}}}},
            {QStringLiteral("spec"), QJsonObject {{QStringLiteral("paused"), true}}}};
        const ReplicationStatus fromCluster = ReplicationStatus::fromObjects(rel, {}, rd);
        QCOMPARE(fromCluster.failedOverAt, QDateTime(QDate(2026, 12, 6), QTime(14, 12), Qt::UTC));
        QCOMPARE(fromCluster.testingSince, QDateTime(QDate(2026, 12, 6), QTime(13, 0), Qt::UTC));
        QCOMPARE(fromCluster.toVariantMap().value(QStringLiteral("failedOverAt")).toString(),
            QStringLiteral("2026-12-06T14:12:00Z"));

        ReplicationStatus failedOver = idle();
        failedOver.paused = true;
        failedOver.failedOverAt = fromCluster.failedOverAt;
        QCOMPARE(RelationshipsModel::badgeFor(failedOver), Badge::FailedOver);
        failedOver.phase = ReplicationStatus::Phase::Failed; // an old result of the paused source
        QCOMPARE(RelationshipsModel::badgeFor(failedOver, true, false), Badge::FailedOver);
        QCOMPARE(RelationshipsModel::badgeText(Badge::FailedOver), QStringLiteral("Failed over"));

        ReplicationStatus testing = idle();
        testing.testingSince = fromCluster.testingSince;
        QCOMPARE(RelationshipsModel::badgeFor(testing), Badge::Testing);
        testing.phase = ReplicationStatus::Phase::Syncing; // replication goes on during a test
        QCOMPARE(RelationshipsModel::badgeFor(testing), Badge::Testing);
        testing.phase = ReplicationStatus::Phase::Failed; // a failing sync is worth more than the test
        QCOMPARE(RelationshipsModel::badgeFor(testing), Badge::Failed);
        QCOMPARE(RelationshipsModel::badgeFor(idle()), Badge::Idle);

        // Failed over by another tool: the destination paused without our mark (the source paused too, by someone
        // else: the file says it is not). A failed sync of the cut-off source is not the state to show.
        rel.source = ReplicationSourceSide {};
        rel.source->paused = false;
        const QJsonObject pausedRd {{QStringLiteral("spec"), QJsonObject {{QStringLiteral("paused"), true}}},
            {QStringLiteral("status"),
                QJsonObject {{QStringLiteral("latestImage"),
                    QJsonObject {{QStringLiteral("kind"), QStringLiteral("VolumeSnapshot")},
                        {QStringLiteral("name"), QStringLiteral("volsync-db-dst-20261206140000")}}}}}};
        const QJsonObject pausedRs {{QStringLiteral("spec"), QJsonObject {{QStringLiteral("paused"), true}}}};
        ReplicationStatus outside = ReplicationStatus::fromObjects(rel, pausedRs, pausedRd);
        QCOMPARE(outside.failover(), ReplicationStatus::Failover::FailedOverOutside);
        QVERIFY(outside.sourcePausedOutside);
        QVERIFY2(outside.failoverText().startsWith(QStringLiteral("failed over (outside VolSync Desktop): the "
                                                                  "ReplicationDestination is paused (spec.paused), the "
                                                                  "ReplicationSource too,")),
            qPrintable(outside.failoverText()));
        QVERIFY2(outside.failoverText().contains(QStringLiteral("VolumeSnapshot volsync-db-dst-20261206140000")),
            qPrintable(outside.failoverText()));
        QVERIFY(outside.toVariantMap().value(QStringLiteral("failedOverOutside")).toBool());
        QCOMPARE(RelationshipsModel::badgeFor(outside), Badge::FailedOverOutside);
        outside.phase = ReplicationStatus::Phase::Failed;
        QCOMPARE(RelationshipsModel::badgeFor(outside), Badge::FailedOverOutside);
        QCOMPARE(RelationshipsModel::badgeText(Badge::FailedOverOutside),
            QStringLiteral("Failed over (outside VolSync Desktop)"));
        // Ours: the mark wins; the source paused through us (the file says so) is nobody else's doing.
        QCOMPARE(fromCluster.failover(), ReplicationStatus::Failover::FailedOver);
        rel.source->paused = true;
        QVERIFY(!ReplicationStatus::fromObjects(rel, pausedRs, pausedRd).sourcePausedOutside);
        // Neither paused: nothing to say.
        const ReplicationStatus plain
            = ReplicationStatus::fromObjects(rel, {}, QJsonObject {{QStringLiteral("spec"), QJsonObject {}}});
        QCOMPARE(plain.failover(), ReplicationStatus::Failover::None);
        QVERIFY(plain.failoverText().isEmpty());
    }

    void onlyTheSshMoverNeedsPrivilegedMovers()
    {
        ReplicationRelationship rel;
        QVERIFY(rel.needsPrivilegedMovers());
        rel.rsyncTls = true;
        QVERIFY(!rel.needsPrivilegedMovers());
    }
};

QTEST_GUILESS_MAIN(TestStatusTransition)
#include "test_statustransition.moc"
