// SPDX-License-Identifier: GPL-3.0-or-later
// RPO arithmetic: lag, expected interval, states and missed intervals, data-driven over schedules, manual-only,
// paused, restore-only destinations and clock edges; and the RPO target kept in the relationship file.
#include "engine/relationshiprpotarget.h"
#include "engine/relationshipstore.h"
#include "engine/replicationwaiter.h"
#include "engine/rpohealth.h"

#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <yaml-cpp/yaml.h>

namespace {

QDateTime utc(const char *text)
{
    QDateTime time = QDateTime::fromString(QString::fromLatin1(text), Qt::ISODate);
    time.setTimeSpec(Qt::UTC);
    return time;
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// What upstream's kubectl-volsync does when it loads a relationship file: viper reads the YAML (keys
/// lowercased), LoadRelationship checks `type`, ID() parses `id` as a UUID, and GetData decodes `data` with
/// mapstructure into its structs: every known field must have its Go type, unknown keys are ignored.
/// Returns the error upstream would give, or an empty string.
QString upstreamLoadError(const QByteArray &text)
{
    YAML::Node root;
    try {
        root = YAML::Load(text.toStdString());
    } catch (const YAML::Exception &e) {
        return QStringLiteral("loading relationship: %1").arg(QString::fromStdString(e.what()));
    }
    if (!root.IsMap())
        return QStringLiteral("loading relationship: not a map");
    if (!root["type"] || root["type"].as<std::string>("") != "replication")
        return QStringLiteral("relationship is not of the correct type");
    if (QUuid::fromString(QString::fromStdString(root["id"].as<std::string>(""))).isNull())
        return QStringLiteral("invalid UUID");
    const YAML::Node data = root["data"];
    if (!data || !data.IsMap())
        return QStringLiteral("data: not a map");
    try {
        (void)data["version"].as<int>();
        for (const char *side : {"source", "destination"}) {
            const YAML::Node node = data[side];
            if (!node)
                continue;
            if (!node.IsMap())
                return QStringLiteral("%1: not a map").arg(QLatin1String(side));
            for (const char *key : {"cluster", "namespace", "pvcname", "rsname", "rdname"}) {
                if (node[key] && !node[key].IsScalar())
                    return QStringLiteral("%1.%2: expected a string").arg(QLatin1String(side), QLatin1String(key));
            }
        }
    } catch (const YAML::Exception &e) {
        return QStringLiteral("decoding data: %1").arg(QString::fromStdString(e.what()));
    }
    return QString();
}

} // namespace

class TestRpoHealth : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void evaluate_data()
    {
        QTest::addColumn<QString>("schedule");
        QTest::addColumn<bool>("paused");
        QTest::addColumn<QDateTime>("created");
        QTest::addColumn<QDateTime>("lastSync");
        QTest::addColumn<QDateTime>("lastStart");
        QTest::addColumn<qint64>("target");
        QTest::addColumn<bool>("moverFailed");
        QTest::addColumn<QDateTime>("now");
        QTest::addColumn<QString>("state");
        QTest::addColumn<qint64>("lag");
        QTest::addColumn<qint64>("interval");
        QTest::addColumn<int>("missed");

        const QDateTime created = utc("2026-11-01T08:00:00");
        const QDateTime none;
        const QString every5 = QStringLiteral("*/5 * * * *");
        // Every 5 minutes, synced at 12:00:30.
        QTest::newRow("5m, within the interval")
            << every5 << false << created << utc("2026-12-01T12:00:30") << none << qint64(0) << false
            << utc("2026-12-01T12:04:00") << "healthy" << qint64(210) << qint64(300) << 0;
        QTest::newRow("5m, exactly twice is still healthy")
            << every5 << false << created << utc("2026-12-01T12:00:00") << none << qint64(0) << false
            << utc("2026-12-01T12:10:00") << "healthy" << qint64(600) << qint64(300) << 1;
        // 12:10 fired 31 s ago: it may still start, so only 12:05 counts as missed.
        QTest::newRow("5m, late beyond twice")
            << every5 << false << created << utc("2026-12-01T12:00:30") << none << qint64(0) << false
            << utc("2026-12-01T12:10:31") << "late" << qint64(601) << qint64(300) << 1;
        QTest::newRow("5m, critical beyond three times")
            << every5 << false << created << utc("2026-12-01T12:00:30") << none << qint64(0) << false
            << utc("2026-12-01T12:16:00") << "critical" << qint64(930) << qint64(300) << 3;
        QTest::newRow("5m, a running sync served its run")
            << every5 << false << created << utc("2026-12-01T12:00:30") << utc("2026-12-01T12:05:01") << qint64(0)
            << false << utc("2026-12-01T12:08:00") << "healthy" << qint64(450) << qint64(300) << 0;
        QTest::newRow("@hourly descriptor")
            << QStringLiteral("@hourly") << false << created << utc("2026-12-01T10:00:40") << none << qint64(0) << false
            << utc("2026-12-01T11:30:00") << "healthy" << qint64(5360) << qint64(3600) << 1;
        // Weekdays at 02:00; synced Friday 4 December, now Sunday: the weekend gap is the interval.
        QTest::newRow("weekdays, over the weekend")
            << QStringLiteral("0 2 * * 1-5") << false << created << utc("2026-12-04T02:01:00") << none << qint64(0)
            << false << utc("2026-12-06T12:00:00") << "healthy" << qint64(208740) << qint64(3 * 86400) << 0;
        QTest::newRow("weekdays, Wednesday after a Monday sync")
            << QStringLiteral("0 2 * * 1-5") << false << created << utc("2026-11-30T02:01:00") << none << qint64(0)
            << false << utc("2026-12-02T12:00:00") << "healthy" << qint64(208740) << qint64(3 * 86400) << 2;
        QTest::newRow("yearly, across the year boundary")
            << QStringLiteral("0 0 1 1 *") << false << utc("2024-06-01T00:00:00") << utc("2026-01-01T00:00:20") << none
            << qint64(0) << false << utc("2026-12-31T23:59:59") << "healthy" << qint64(31535979) << qint64(365 * 86400)
            << 0;
        QTest::newRow("yearly, a new year passed")
            << QStringLiteral("0 0 1 1 *") << false << utc("2024-06-01T00:00:00") << utc("2026-01-01T00:00:20") << none
            << qint64(0) << false << utc("2027-01-01T00:05:00") << "healthy" << qint64(31536280) << qint64(365 * 86400)
            << 1;
        // The 31st: no run in February; the gap after January's run is 59 days.
        QTest::newRow("31st of the month, over February")
            << QStringLiteral("0 0 31 * *") << false << created << utc("2026-01-31T00:01:00") << none << qint64(0)
            << false << utc("2026-03-30T00:00:00") << "healthy" << qint64(5011140) << qint64(59 * 86400) << 0;
        // Berlin falls back on 25 October 2026 at 01:00 UTC; after the repeated hour an hourly schedule is hourly.
        // (Inside the repeated hour CronSchedule runs 02:00 local once, at 01:00 UTC, so the gap there is 2 h.)
        QTest::newRow("time zone, the day daylight saving ends")
            << QStringLiteral("CRON_TZ=Europe/Berlin 0 * * * *") << false << created << utc("2026-10-25T03:00:30")
            << none << qint64(0) << false << utc("2026-10-25T03:30:00") << "healthy" << qint64(1770) << qint64(3600)
            << 0;
        QTest::newRow("time zone, daily at 09:00 Berlin over the change")
            << QStringLiteral("CRON_TZ=Europe/Berlin 0 9 * * *") << false << created << utc("2026-10-25T08:00:30")
            << none << qint64(0) << false << utc("2026-10-26T07:30:00") << "healthy" << qint64(84570)
            << qint64(25 * 3600) << 0;
        QTest::newRow("daily, never synced, first run not finished yet")
            << QStringLiteral("30 2 * * *") << false << utc("2026-12-01T10:00:00") << none << none << qint64(0) << false
            << utc("2026-12-02T03:00:00") << "healthy" << qint64(-1) << qint64(86400) << 1;
        QTest::newRow("daily, never synced after the first run")
            << QStringLiteral("30 2 * * *") << false << utc("2026-12-01T10:00:00") << none << none << qint64(0) << false
            << utc("2026-12-03T03:00:00") << "critical" << qint64(-1) << qint64(86400) << 2;
        QTest::newRow("manual only") << QString() << false << created << utc("2026-12-01T12:00:00") << none << qint64(0)
                                     << false << utc("2026-12-04T12:00:00") << "manual only" << qint64(259200)
                                     << qint64(0) << 0;
        QTest::newRow("manual only, never synced")
            << QString() << false << created << none << none << qint64(0) << false << utc("2026-12-04T12:00:00")
            << "manual only" << qint64(-1) << qint64(0) << 0;
        QTest::newRow("manual with an RPO target, late")
            << QString() << false << created << utc("2026-12-01T09:30:00") << none << qint64(3600) << false
            << utc("2026-12-01T12:00:00") << "late" << qint64(9000) << qint64(3600) << 0;
        QTest::newRow("target looser than the schedule")
            << every5 << false << created << utc("2026-12-01T09:00:00") << none << qint64(4 * 3600) << false
            << utc("2026-12-01T12:00:00") << "healthy" << qint64(3 * 3600) << qint64(4 * 3600) << 35;
        QTest::newRow("paused, a day behind")
            << every5 << true << created << utc("2026-11-30T12:00:00") << none << qint64(0) << false
            << utc("2026-12-01T12:00:00") << "paused" << qint64(86400) << qint64(300) << 0;
        QTest::newRow("mover failed") << every5 << false << created << utc("2026-12-01T12:00:30") << none << qint64(0)
                                      << true << utc("2026-12-01T12:03:00") << "failing" << qint64(150) << qint64(300)
                                      << 0;
        QTest::newRow("cluster clock ahead of ours")
            << every5 << false << created << utc("2026-12-01T12:00:30") << none << qint64(0) << false
            << utc("2026-12-01T11:59:00") << "healthy" << qint64(0) << qint64(300) << 0;
        QTest::newRow("a schedule that never fires")
            << QStringLiteral("0 0 30 2 *") << false << created << utc("2026-12-01T12:00:00") << none << qint64(0)
            << false << utc("2026-12-04T12:00:00") << "manual only" << qint64(259200) << qint64(0) << 0;
        QTest::newRow("invalid schedule")
            << QStringLiteral("61 * * * *") << false << created << utc("2026-12-01T12:00:00") << none << qint64(0)
            << false << utc("2026-12-01T12:01:00") << "failing" << qint64(60) << qint64(0) << 0;
    }

    void evaluate()
    {
        QFETCH(QString, schedule);
        QFETCH(bool, paused);
        QFETCH(QDateTime, created);
        QFETCH(QDateTime, lastSync);
        QFETCH(QDateTime, lastStart);
        QFETCH(qint64, target);
        QFETCH(bool, moverFailed);
        QFETCH(QDateTime, now);
        RpoInput input;
        input.schedule = schedule;
        input.paused = paused;
        input.created = created;
        input.lastSyncTime = lastSync;
        input.lastSyncStartTime = lastStart;
        input.targetSeconds = target;
        input.moverFailed = moverFailed;
        const RpoHealth health = RpoHealth::evaluate(input, now);
        QFETCH(QString, state);
        QFETCH(qint64, lag);
        QFETCH(qint64, interval);
        QFETCH(int, missed);
        QCOMPARE(RpoHealth::stateName(health.state), state);
        QCOMPARE(health.lagSeconds, lag);
        QCOMPARE(health.intervalSeconds, interval);
        QCOMPARE(health.missedIntervals, missed);
        QVERIFY2(!health.reason.isEmpty(), "every state says why");
        if (!schedule.isEmpty() && health.intervalSeconds > 0) {
            QVERIFY(health.nextScheduled > now);
        }
    }

    void missedIntervalsAreBounded()
    {
        RpoInput input;
        input.schedule = QStringLiteral("* * * * *");
        input.lastSyncTime = utc("2025-01-01T00:00:00");
        const RpoHealth health = RpoHealth::evaluate(input, utc("2026-12-01T00:00:00"));
        QCOMPARE(health.state, RpoState::Critical);
        QCOMPARE(health.missedIntervals, RpoHealth::kMaxMissed);
        QVERIFY2(health.reason.contains(QStringLiteral("1000 or more")), qPrintable(health.reason));
    }

    void restoreOnlyDestinationIsManualOnly()
    {
        // A restic ReplicationDestination restored by hand: no schedule, a manual trigger, one sync long ago.
        const QJsonObject rd = QJsonDocument::fromJson(R"({
            "kind": "ReplicationDestination",
            "metadata": {"name": "restore", "creationTimestamp": "2026-01-01T00:00:00Z"},
            "spec": {"trigger": {"manual": "restore-once"}, "restic": {"repository": "restic-config"}},
            "status": {"lastSyncTime": "2026-01-02T00:00:00Z", "lastManualSync": "restore-once",
                       "latestMoverStatus": {"result": "Successful", "logs": "restored"}}})")
                                   .object();
        const RpoInput input = RpoInput::fromObject(rd);
        QVERIFY(input.schedule.isEmpty());
        const RpoHealth health = RpoHealth::evaluate(input, utc("2026-12-01T00:00:00"));
        QCOMPARE(health.state, RpoState::ManualOnly);
        QCOMPARE(health.lagSeconds, utc("2026-01-02T00:00:00").secsTo(utc("2026-12-01T00:00:00")));
        QVERIFY(!RpoHealth::isAlarming(health.state));
    }

    void objectStatusIsRead()
    {
        const QJsonObject rs = QJsonDocument::fromJson(R"({
            "kind": "ReplicationSource",
            "metadata": {"name": "db", "creationTimestamp": "2026-11-01T08:00:00Z"},
            "spec": {"trigger": {"schedule": "*/10 * * * *"}, "paused": false},
            "status": {"lastSyncTime": "2026-12-01T12:00:10Z", "lastSyncStartTime": "2026-12-01T12:10:00.250Z",
                       "latestMoverStatus": {"result": "Failed", "logs": "starting\nrsync: connection refused\n"},
                       "conditions": [{"type": "Synchronizing", "status": "False", "reason": "Error",
                                       "message": "unable to connect to 10.0.0.9"}]}})")
                                   .object();
        const RpoInput input = RpoInput::fromObject(rs);
        QCOMPARE(input.schedule, QStringLiteral("*/10 * * * *"));
        QCOMPARE(input.created, utc("2026-11-01T08:00:00"));
        QCOMPARE(input.lastSyncTime, utc("2026-12-01T12:00:10"));
        QCOMPARE(input.lastSyncStartTime, utc("2026-12-01T12:10:00").addMSecs(250));
        QVERIFY(input.moverFailed);
        QVERIFY(input.synchronizingError);
        QCOMPARE(input.failureMessage, QStringLiteral("unable to connect to 10.0.0.9"));
        const RpoHealth health = RpoHealth::evaluate(input, utc("2026-12-01T12:11:00"));
        QCOMPARE(health.state, RpoState::Failing);
        QCOMPARE(health.reason, QStringLiteral("unable to connect to 10.0.0.9"));

        QJsonObject recovered = rs;
        QJsonObject status = recovered.value(QLatin1String("status")).toObject();
        status.insert(
            QLatin1String("latestMoverStatus"), QJsonObject {{QLatin1String("result"), QLatin1String("Successful")}});
        status.remove(QLatin1String("conditions"));
        recovered.insert(QLatin1String("status"), status);
        QCOMPARE(
            RpoHealth::evaluate(RpoInput::fromObject(recovered), utc("2026-12-01T12:11:00")).state, RpoState::Healthy);
    }

    void rpoTargetParsing()
    {
        QString error;
        QCOMPARE(RelationshipRpoTarget::parse(QStringLiteral("30m"), &error), std::optional<qint64>(1800));
        QCOMPARE(RelationshipRpoTarget::parse(QStringLiteral("1h30m"), &error), std::optional<qint64>(5400));
        QVERIFY(!RelationshipRpoTarget::parse(QStringLiteral("10s"), &error));
        QVERIFY2(error.contains(QStringLiteral("shorter than a minute")), qPrintable(error));
        QVERIFY(!RelationshipRpoTarget::parse(QStringLiteral("2 days"), &error));
        QVERIFY2(error.contains(QStringLiteral("30m")), qPrintable(error));
    }

    void rpoTargetKeptInTheFileAndUpstreamStillLoadsIt()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("orders.yaml"));
        const QByteArray original
            = readFile(QStringLiteral(VOLSYNC_TEST_DATA_DIR "/engine/upstream-spec-example.yaml"));
        QVERIFY(!original.isEmpty());
        QVERIFY(upstreamLoadError(original).isEmpty());
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(original);
        }
        const RelationshipStore store(dir.path());
        QString error;
        QVERIFY2(RelationshipRpoTarget::set(store, QStringLiteral("orders"), 2 * 3600, &error), qPrintable(error));
        const QByteArray withTarget = readFile(path);
        // One top-level line more, nothing else changed.
        QCOMPARE(withTarget, QByteArray(original).replace("type: replication", "rpotarget: 2h0m0s\ntype: replication"));
        QCOMPARE(upstreamLoadError(withTarget), QString());
        // Upstream's reader sees the same relationship as before: type, id and data unchanged.
        const YAML::Node before = YAML::Load(original.toStdString());
        const YAML::Node after = YAML::Load(withTarget.toStdString());
        QCOMPARE(YAML::Dump(after["data"]), YAML::Dump(before["data"]));
        QCOMPARE(after["id"].as<std::string>(), before["id"].as<std::string>());

        const auto loaded = store.load(QStringLiteral("orders"), &error);
        QVERIFY2(loaded, qPrintable(error));
        QCOMPARE(RelationshipRpoTarget::of(*loaded), qint64(7200));
        QCOMPARE(loaded->source->trigger.schedule, std::optional<QString>(QStringLiteral("*/15 * * * *")));

        // Clearing it gives back upstream's bytes.
        QVERIFY2(RelationshipRpoTarget::set(store, QStringLiteral("orders"), 0, &error), qPrintable(error));
        QCOMPARE(readFile(path), original);

        // A hand-edited value that is not a duration is an error with the relationship's name, not a crash.
        ReplicationRelationship bad = *loaded;
        bad.raw.insert(QStringLiteral("rpotarget"), QStringLiteral("soon"));
        QCOMPARE(RelationshipRpoTarget::of(bad, &error), qint64(0));
        QVERIFY2(error.contains(QStringLiteral("orders")) && error.contains(QStringLiteral("soon")), qPrintable(error));

        // The upstream reader model is not a rubber stamp.
        QVERIFY(!upstreamLoadError(QByteArray(original).replace("type: replication", "type: migration")).isEmpty());
        QVERIFY(!upstreamLoadError(QByteArray(original).replace("version: 1", "version: [1]")).isEmpty());
    }

    void waitConditions()
    {
        const QDateTime now = utc("2026-12-01T12:04:00");
        ReplicationStatus status;
        status.sourceExists = true;
        status.schedule = QStringLiteral("*/5 * * * *");
        QString why;
        QVERIFY(!ReplicationWaiter::holds(ReplicationWaiter::Condition::Synced, status, 0, now, &why));
        QCOMPARE(why, QStringLiteral("no sync has completed yet"));
        status.lastSyncTime = utc("2026-12-01T12:00:30");
        status.phase = ReplicationStatus::Phase::Syncing;
        QVERIFY(!ReplicationWaiter::holds(ReplicationWaiter::Condition::Synced, status, 0, now, &why));
        QCOMPARE(why, QStringLiteral("a sync is running"));
        status.phase = ReplicationStatus::Phase::Idle;
        QVERIFY(ReplicationWaiter::holds(ReplicationWaiter::Condition::Synced, status, 0, now));
        QVERIFY(ReplicationWaiter::holds(ReplicationWaiter::Condition::Healthy, status, 0, now));
        // Twelve minutes later it is late: not healthy, though still synced.
        QVERIFY(!ReplicationWaiter::holds(ReplicationWaiter::Condition::Healthy, status, 0, now.addSecs(8 * 60), &why));
        QVERIFY2(why.startsWith(QStringLiteral("late")), qPrintable(why));
        QVERIFY(ReplicationWaiter::holds(ReplicationWaiter::Condition::Synced, status, 0, now.addSecs(8 * 60)));
        // A target of an hour makes it healthy again.
        QVERIFY(ReplicationWaiter::holds(ReplicationWaiter::Condition::Healthy, status, 3600, now.addSecs(8 * 60)));
        status.moverStatus = MoverStatus {QStringLiteral("Failed"), QString()};
        QVERIFY(!ReplicationWaiter::holds(ReplicationWaiter::Condition::Synced, status, 0, now, &why));
        QVERIFY(!ReplicationWaiter::holds(ReplicationWaiter::Condition::Healthy, status, 0, now, &why));
        QVERIFY2(why.startsWith(QStringLiteral("failing")), qPrintable(why));
        QCOMPARE(ReplicationWaiter::parseCondition(QStringLiteral("synced")),
            std::optional(ReplicationWaiter::Condition::Synced));
        QVERIFY(!ReplicationWaiter::parseCondition(QStringLiteral("done")));
        ReplicationStatus absent;
        QVERIFY(!ReplicationWaiter::holds(ReplicationWaiter::Condition::Synced, absent, 0, now, &why));
        QCOMPARE(why, QStringLiteral("the relationship is not in the clusters"));
    }

    void formatting()
    {
        QCOMPARE(RpoHealth::formatSeconds(45), QStringLiteral("45s"));
        QCOMPARE(RpoHealth::formatSeconds(720), QStringLiteral("12m"));
        QCOMPARE(RpoHealth::formatSeconds(3 * 3600 + 600), QStringLiteral("3h 10m"));
        QCOMPARE(RpoHealth::formatSeconds(2 * 86400 + 4 * 3600), QStringLiteral("2d 4h"));
        QCOMPARE(RpoHealth::formatSeconds(-1), QStringLiteral("-"));
        for (RpoState state : {RpoState::Healthy, RpoState::Late, RpoState::Critical, RpoState::Failing,
                 RpoState::Paused, RpoState::ManualOnly, RpoState::Unknown})
            QCOMPARE(RpoHealth::stateFromName(RpoHealth::stateName(state)), state);
    }
};

QTEST_GUILESS_MAIN(TestRpoHealth)
#include "test_rpohealth.moc"
