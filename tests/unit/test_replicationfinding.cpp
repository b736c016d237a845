// SPDX-License-Identifier: GPL-3.0-or-later
// Typed findings: each problem has a kind, a severity and a fix (an engine action) that the GUI shows as a
// button and the CLI prints as a volsyncctl command. No simulator: built from objects.
#include "engine/relationshipstore.h"
#include "engine/replicationfinding.h"
#include "engine/replicationstatus.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

namespace {

ReplicationRelationship relationship()
{
    ReplicationRelationship rel;
    rel.name = QStringLiteral("webshop-db");
    rel.id = QStringLiteral("4c4cb3f2-8b51-4a52-9a8b-1d0c1c3f0e11");
    ReplicationSourceSide s;
    s.cluster = QStringLiteral("kind");
    s.namespaceName = QStringLiteral("shop");
    s.pvcName = QStringLiteral("db");
    s.rsName = QStringLiteral("db-src");
    s.copyMethod = QStringLiteral("Clone");
    s.trigger.schedule = QStringLiteral("*/15 * * * *");
    rel.source = s;
    ReplicationDestinationSide d;
    d.cluster = QStringLiteral("gcp");
    d.namespaceName = QStringLiteral("backup");
    d.rdName = QStringLiteral("db-dst");
    d.copyMethod = QStringLiteral("Snapshot");
    rel.destination = d;
    return rel;
}

QJsonObject rdWithAddress(const QString &address)
{
    return {{QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), QStringLiteral("db-dst")}}},
        {QStringLiteral("status"),
            QJsonObject {{QStringLiteral("rsync"),
                QJsonObject {
                    {QStringLiteral("address"), address}, {QStringLiteral("sshKeys"), QStringLiteral("k")}}}}}};
}

QJsonObject rsUsing(const QString &address, const QString &schedule)
{
    return {{QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), QStringLiteral("db-src")}}},
        {QStringLiteral("spec"),
            QJsonObject {{QStringLiteral("trigger"), QJsonObject {{QStringLiteral("schedule"), schedule}}},
                {QStringLiteral("rsync"), QJsonObject {{QStringLiteral("address"), address}}}}}};
}

} // namespace

class TestReplicationFinding : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void missingSidesAskToSetUp()
    {
        ReplicationRelationship rel = relationship();
        rel.source.reset();
        rel.destination.reset();
        const ReplicationStatus s = ReplicationStatus::fromObjects(rel, {}, {});
        QCOMPARE(s.problems.size(), 2);
        QCOMPARE(s.problems.at(0).kind, ReplicationFinding::Kind::NoSource);
        QCOMPARE(s.problems.at(0).fix.action, ReplicationFix::Action::SetUp);
        QCOMPARE(s.problems.at(0).fix.commandLine(),
            QStringLiteral("volsyncctl replication -r webshop-db set-source --pvcname [context/]namespace/pvc"));
        QCOMPARE(s.problems.at(1).kind, ReplicationFinding::Kind::NoDestination);
        QVERIFY(s.problems.at(1).fix.commandLine().contains(QLatin1String("set-destination --destination")));
        // The message is for a person and carries no command; text() adds it for the terminal.
        QVERIFY(!s.problems.at(0).message.contains(QLatin1String("volsyncctl")));
        QVERIFY(s.problems.at(0).text().endsWith(s.problems.at(0).fix.commandLine()));
    }

    void addressChangeIsFixedByApplyingWithTheSchedule()
    {
        const ReplicationStatus s = ReplicationStatus::fromObjects(relationship(),
            rsUsing(QStringLiteral("10.0.0.4"), QStringLiteral("*/15 * * * *")),
            rdWithAddress(QStringLiteral("10.0.0.5")), true);
        QCOMPARE(s.problems.size(), 1);
        const ReplicationFinding &f = s.problems.constFirst();
        QCOMPARE(f.kind, ReplicationFinding::Kind::AddressChanged);
        QCOMPARE(f.severity, ReplicationFinding::Severity::Error);
        QCOMPARE(f.evidence, QStringLiteral("source uses 10.0.0.4, destination publishes 10.0.0.5"));
        QCOMPARE(f.fix.action, ReplicationFix::Action::Apply);
        QCOMPARE(f.fix.schedule, QStringLiteral("*/15 * * * *"));
        QCOMPARE(f.fix.commandLine(),
            QStringLiteral("volsyncctl replication -r webshop-db schedule --cronspec '*/15 * * * *'"));
        QVERIFY(f.fix.description().contains(QLatin1String("The schedule stays */15 * * * *")));
        const QVariantMap m = s.toVariantMap();
        const QVariantMap first = m.value(QStringLiteral("problems")).toList().constFirst().toMap();
        QCOMPARE(first.value(QStringLiteral("kind")).toString(), QStringLiteral("address-changed"));
        QCOMPARE(first.value(QStringLiteral("severity")).toString(), QStringLiteral("error"));
        QCOMPARE(first.value(QStringLiteral("fix")).toString(), f.fix.commandLine());
    }

    void fixCommands()
    {
        ReplicationFix fix {ReplicationFix::Action::Apply, QStringLiteral("db"), QString(), QString()};
        QCOMPARE(fix.commandLine(), QStringLiteral("volsyncctl replication -r db sync"));
        fix.action = ReplicationFix::Action::AnnotateAndApply;
        QCOMPARE(fix.commandLine(), QStringLiteral("volsyncctl replication -r db sync --allow-privileged-movers"));
        fix.schedule = QStringLiteral("0 3 * * *");
        QCOMPARE(fix.commandLine(),
            QStringLiteral("volsyncctl replication -r db schedule --cronspec '0 3 * * *' --allow-privileged-movers"));
        fix.action = ReplicationFix::Action::None;
        QVERIFY(fix.commandLine().isEmpty());
        QVERIFY(fix.description().isEmpty());
    }

    void volSyncErrorsCarryTheirEvidence()
    {
        QJsonObject rs = rsUsing(QStringLiteral("10.0.0.5"), QStringLiteral("*/15 * * * *"));
        rs.insert(QStringLiteral("status"),
            QJsonObject {{QStringLiteral("conditions"),
                QJsonArray {QJsonObject {{QStringLiteral("type"), QStringLiteral("Synchronizing")},
                    {QStringLiteral("status"), QStringLiteral("False")},
                    {QStringLiteral("reason"), QStringLiteral("Error")},
                    {QStringLiteral("message"), QStringLiteral("Permission denied (publickey)")}}}}});
        const ReplicationStatus s
            = ReplicationStatus::fromObjects(relationship(), rs, rdWithAddress(QStringLiteral("10.0.0.5")), true);
        QCOMPARE(s.phase, ReplicationStatus::Phase::Failed);
        QVERIFY(s.hasProblem(ReplicationFinding::Kind::SourceError));
        const ReplicationFinding f = s.problems.constLast();
        QCOMPARE(f.evidence, QStringLiteral("Permission denied (publickey)"));
        QCOMPARE(f.fix.action, ReplicationFix::Action::None);
        // The evidence is not repeated when the message holds it already.
        QCOMPARE(f.text().count(QLatin1String("Permission denied")), 1);
    }

    void newResultEndsFixApplied()
    {
        ReplicationStatus before;
        before.moverStatus = MoverStatus {QStringLiteral("Failed"), QStringLiteral("denied")};
        ReplicationStatus same = before;
        same.nextSyncTime = QDateTime::currentDateTimeUtc(); // not a result
        QVERIFY(!same.hasNewResultSince(before));
        ReplicationStatus synced = before;
        synced.lastSyncTime = QDateTime::currentDateTimeUtc();
        QVERIFY(synced.hasNewResultSince(before));
        ReplicationStatus failedAgain = before;
        failedAgain.moverStatus->logs = QStringLiteral("denied again");
        QVERIFY(failedAgain.hasNewResultSince(before));
    }

    void pendingRestoreIsStoredAndRead()
    {
        QTemporaryDir dir;
        RelationshipStore store(dir.path());
        QString error;
        auto rel = store.create(QStringLiteral("db"), false, &error);
        QVERIFY2(rel, qPrintable(error));
        rel->source = relationship().source;
        QVERIFY(store.save(*rel, &error));
        // Without a pending restore the file has no such key (upstream's tools see their own format).
        QVERIFY(!RelationshipStore::serialize(*rel).contains("restoreschedule"));
        rel->source->trigger = ReplicationTrigger {std::nullopt, QStringLiteral("2026-12-06T10:00:00.000Z")};
        rel->source->pendingRestore = PendingScheduleRestore {QStringLiteral("*/15 * * * *"), 4242};
        QVERIFY(store.save(*rel, &error));
        const auto loaded = store.load(QStringLiteral("db"), &error);
        QVERIFY2(loaded, qPrintable(error));
        QCOMPARE(loaded->source->pendingRestore,
            std::optional<PendingScheduleRestore>(PendingScheduleRestore {QStringLiteral("*/15 * * * *"), 4242}));
        ReplicationRelationship cleared = *loaded;
        cleared.source->pendingRestore.reset();
        QVERIFY(store.save(cleared, &error));
        QVERIFY(!store.load(QStringLiteral("db"), &error)->source->pendingRestore);
    }
};

QTEST_GUILESS_MAIN(TestReplicationFinding)
#include "test_replicationfinding.moc"
