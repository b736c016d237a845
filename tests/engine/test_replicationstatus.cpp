// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/replicationstatus.h"
#include "engine/synchistory.h"
#include "engine/synchistorywriter.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

namespace {

QJsonObject json(const char *text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(text), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", qPrintable(error.errorString()));
    return doc.object();
}

ReplicationRelationship relationship()
{
    ReplicationRelationship rel;
    rel.name = QStringLiteral("r");
    rel.id = QStringLiteral("6f1d2c84-3b9e-4f0a-a7d5-91c2e8b4f3a0");
    ReplicationSourceSide s;
    s.namespaceName = QStringLiteral("source");
    s.pvcName = QStringLiteral("datavol");
    s.rsName = QStringLiteral("datavol-abcde");
    s.copyMethod = QStringLiteral("Clone");
    s.trigger.schedule = QStringLiteral("*/5 * * * *");
    rel.source = s;
    ReplicationDestinationSide d;
    d.namespaceName = QStringLiteral("destns");
    d.rdName = QStringLiteral("datavol");
    d.copyMethod = QStringLiteral("Snapshot");
    rel.destination = d;
    return rel;
}

const char *kRdReady = R"({"spec":{},"status":{"rsync":{"address":"10.0.0.5","sshKeys":"volsync-rsync-dst-src-datavol"},
  "latestImage":{"apiGroup":"snapshot.storage.k8s.io","kind":"VolumeSnapshot","name":"volsync-datavol-dst-20261124120000"},
  "conditions":[{"type":"Synchronizing","status":"True","reason":"SyncInProgress","message":"Synchronization in-progress"}]}})";

} // namespace

class TestReplicationStatus : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void phases_data()
    {
        QTest::addColumn<QString>("rs");
        QTest::addColumn<QString>("rd");
        QTest::addColumn<int>("phase");
        QTest::newRow("nothing") << QString() << QString() << int(ReplicationStatus::Phase::NotApplied);
        QTest::newRow("rd without address") << QString() << QStringLiteral(R"({"spec":{},"status":{}})")
                                            << int(ReplicationStatus::Phase::WaitingForDestination);
        QTest::newRow("idle") << QStringLiteral(
            R"({"spec":{"trigger":{"schedule":"*/5 * * * *"},"rsync":{"address":"10.0.0.5"}},"status":{"lastSyncTime":"2026-11-24T12:00:05Z","lastSyncDuration":"5.2s","nextSyncTime":"2026-11-24T12:05:00Z","latestMoverStatus":{"result":"Successful","logs":"sent 1 bytes"},"conditions":[{"type":"Synchronizing","status":"False","reason":"WaitingForSchedule"}]}})")
                              << QString::fromLatin1(kRdReady) << int(ReplicationStatus::Phase::Idle);
        QTest::newRow("syncing") << QStringLiteral(
            R"({"spec":{"rsync":{"address":"10.0.0.5"}},"status":{"lastSyncStartTime":"2026-11-24T12:05:00Z","conditions":[{"type":"Synchronizing","status":"True","reason":"SyncInProgress"}]}})")
                                 << QString::fromLatin1(kRdReady) << int(ReplicationStatus::Phase::Syncing);
        QTest::newRow("failed while retrying") << QStringLiteral(
            R"({"spec":{"rsync":{"address":"10.0.0.5"}},"status":{"lastSyncStartTime":"2026-11-24T12:05:00Z","latestMoverStatus":{"result":"Failed","logs":"rsync error"},"conditions":[{"type":"Synchronizing","status":"True","reason":"SyncInProgress"}]}})")
                                               << QString::fromLatin1(kRdReady)
                                               << int(ReplicationStatus::Phase::Failed);
        QTest::newRow("error condition") << QStringLiteral(
            R"({"spec":{"rsync":{}},"status":{"conditions":[{"type":"Synchronizing","status":"False","reason":"Error","message":"no PVC"}]}})")
                                         << QString::fromLatin1(kRdReady) << int(ReplicationStatus::Phase::Failed);
    }

    void phases()
    {
        QFETCH(QString, rs);
        QFETCH(QString, rd);
        QFETCH(int, phase);
        const auto s = ReplicationStatus::fromObjects(
            relationship(), json(rs.isEmpty() ? "{}" : qPrintable(rs)), json(rd.isEmpty() ? "{}" : qPrintable(rd)));
        QCOMPARE(int(s.phase), phase);
    }

    void fieldsAndProblems()
    {
        const auto s = ReplicationStatus::fromObjects(relationship(),
            json(R"({"spec":{"trigger":{"schedule":"*/5 * * * *"},"rsync":{"address":"10.0.0.4"}},
                     "status":{"lastSyncTime":"2026-11-24T12:00:05Z","lastSyncDuration":"1m50.2s",
                     "nextSyncTime":"2026-11-24T12:05:00Z","lastManualSync":"x",
                     "latestMoverStatus":{"result":"Successful","logs":"sent 1 bytes"}}})"),
            json(kRdReady), false);
        QCOMPARE(s.phase, ReplicationStatus::Phase::Idle);
        QCOMPARE(s.schedule, QStringLiteral("*/5 * * * *"));
        QCOMPARE(s.lastSyncTime, QDateTime(QDate(2026, 11, 24), QTime(12, 0, 5), Qt::UTC));
        QCOMPARE(s.nextSyncTime, QDateTime(QDate(2026, 11, 24), QTime(12, 5, 0), Qt::UTC));
        QCOMPARE(s.lastSyncDurationMs, 110200);
        QCOMPARE(s.lastManualSync, QStringLiteral("x"));
        QCOMPARE(s.moverStatus->result, QStringLiteral("Successful"));
        QCOMPARE(s.latestImageKind, QStringLiteral("VolumeSnapshot"));
        QCOMPARE(s.latestImageName, QStringLiteral("volsync-datavol-dst-20261124120000"));
        QCOMPARE(s.address, QStringLiteral("10.0.0.5"));
        QCOMPARE(s.keySecret, QStringLiteral("volsync-rsync-dst-src-datavol"));
        QCOMPARE(s.destinationConditions.size(), 1);
        QCOMPARE(s.problems.size(), 2);
        QCOMPARE(s.problems.at(0).kind, ReplicationFinding::Kind::AddressChanged);
        QVERIFY(s.problems.at(0).message.contains(QLatin1String("address changed from 10.0.0.4 to 10.0.0.5")));
        QCOMPARE(s.problems.at(0).fix.action, ReplicationFix::Action::Apply);
        QCOMPARE(s.problems.at(1).kind, ReplicationFinding::Kind::KeySecretMissing);
        QCOMPARE(s.problems.at(1).severity, ReplicationFinding::Severity::Error);
        const QVariantMap m = s.toVariantMap();
        QCOMPARE(m.value(QStringLiteral("phase")).toString(), QStringLiteral("idle"));
        QCOMPARE(m.value(QStringLiteral("lastSyncTime")).toString(), QStringLiteral("2026-11-24T12:00:05Z"));
        QVERIFY(!m.contains(QStringLiteral("lastSyncStartTime")));
    }

    // Pause and resume (issue 13): a paused source starts no sync, so it has no next sync, whatever time its
    // status still holds from before the pause.
    void pausedHasNoNextSync()
    {
        const char *rs = R"({"spec":{"paused":true,"trigger":{"schedule":"*/5 * * * *"}},
                     "status":{"lastSyncTime":"2026-11-24T12:00:05Z","nextSyncTime":"2026-11-24T12:05:00Z"}})";
        const auto paused = ReplicationStatus::fromObjects(relationship(), json(rs), json(kRdReady), false);
        QVERIFY(paused.paused);
        QVERIFY(!paused.nextSyncTime.isValid());
        QCOMPARE(paused.schedule, QStringLiteral("*/5 * * * *"));
        QVERIFY(!paused.toVariantMap().contains(QStringLiteral("nextSyncTime")));
        QJsonObject running = json(rs);
        QJsonObject spec = running.value(QLatin1String("spec")).toObject();
        spec.remove(QStringLiteral("paused"));
        running.insert(QStringLiteral("spec"), spec);
        const auto resumed = ReplicationStatus::fromObjects(relationship(), running, json(kRdReady), false);
        QCOMPARE(resumed.nextSyncTime, QDateTime(QDate(2026, 11, 24), QTime(12, 5, 0), Qt::UTC));
    }

    void notAppliedShowsFileTrigger()
    {
        ReplicationRelationship rel = relationship();
        rel.destination.reset();
        const auto s = ReplicationStatus::fromObjects(rel, {}, {});
        QCOMPARE(s.phase, ReplicationStatus::Phase::NotApplied);
        QCOMPARE(s.schedule, QStringLiteral("*/5 * * * *"));
        QCOMPARE(s.problems.at(0).kind, ReplicationFinding::Kind::NoDestination);
        QCOMPARE(s.problems.at(0).fix.action, ReplicationFix::Action::SetUp);
        QVERIFY(s.problems.at(0).text().contains(QLatin1String("set-destination")));
    }

    void history()
    {
        QTemporaryDir dir;
        SyncHistory history(dir.path());
        const QString id = QStringLiteral("6f1d2c84-3b9e-4f0a-a7d5-91c2e8b4f3a0");
        QVERIFY(history.records(id).isEmpty());
        const QDateTime t0(QDate(2026, 11, 24), QTime(12, 0), Qt::UTC);
        SyncRecord a {t0, t0.addMSecs(1500), 1500, QStringLiteral("Successful"), false};
        SyncRecord b {t0.addSecs(300), t0.addSecs(302), 2000, QStringLiteral("Failed"), true};
        QVERIFY(history.append(id, b));
        QVERIFY(history.append(id, a));
        QVERIFY(history.append(id, a)); // seen twice: stored once
        const SyncHistory reopened(dir.path());
        const auto records = reopened.records(id);
        QCOMPARE(records.size(), 2);
        QCOMPARE(records.at(0), a);
        QCOMPARE(records.at(1), b);
        QString error;
        QVERIFY(!history.append(QStringLiteral("../evil"), a, &error));
        for (int i = 0; i < SyncHistory::maxRecords + 5; ++i)
            QVERIFY(history.append(id, {t0, t0.addSecs(1000 + i), 1000, QStringLiteral("Successful"), false}));
        QCOMPARE(history.records(id).size(), SyncHistory::maxRecords);
        QCOMPARE(history.records(id).last().end, t0.addSecs(1000 + SyncHistory::maxRecords + 4));
        history.remove(id);
        QVERIFY(history.records(id).isEmpty());
    }

    void historyWrittenInTheBackground()
    {
        QTemporaryDir dir;
        const SyncHistory history(dir.path());
        const QString id = QStringLiteral("0b3c7e2a-9d41-4c5e-8f6a-2d7b1e9c4a55");
        const QDateTime t0(QDate(2026, 11, 24), QTime(12, 0), Qt::UTC);
        // Many records queued at once land in order, each once.
        for (int i = 0; i < 40; ++i)
            SyncHistoryWriter::append(
                history, id, {t0.addSecs(60 * i), t0.addSecs(60 * i + 5), 5000, QStringLiteral("Successful"), false});
        SyncHistoryWriter::append(history, id, {t0, t0.addSecs(5), 5000, QStringLiteral("Successful"), false});
        SyncHistoryWriter::waitForDone();
        const auto records = history.records(id);
        QCOMPARE(records.size(), 40);
        QCOMPARE(records.first().end, t0.addSecs(5));
        QCOMPARE(records.last().end, t0.addSecs(60 * 39 + 5));
    }
};

QTEST_GUILESS_MAIN(TestReplicationStatus)
#include "test_replicationstatus.moc"
