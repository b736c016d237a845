// SPDX-License-Identifier: GPL-3.0-or-later
// What the Fleet view's picture and settings are made of: FleetTopology (clusters, one link per cluster pair with
// its worst health and counts, unreachable clusters) and FleetService's checks (webhook URL, RPO target text,
// writing the target off the GUI thread).
#include "engine/fleetservice.h"
#include "engine/fleettopology.h"
#include "engine/relationshiprpotarget.h"
#include "engine/relationshipstore.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

FleetEntry entry(const QString &name, const QString &from, const QString &to, RpoState state,
    FleetEntry::Kind kind = FleetEntry::Kind::Relationship)
{
    FleetEntry e;
    e.key = name;
    e.name = name;
    e.kind = kind;
    e.sourceContext = from;
    e.destinationContext = to;
    e.health.state = state;
    return e;
}

} // namespace

class TestFleetTopology : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void linksPerClusterPairWithTheWorstState()
    {
        const FleetTopology topology = FleetTopology::of({entry(QStringLiteral("a"), QStringLiteral("prod"),
                                                              QStringLiteral("dr"), RpoState::Healthy),
            entry(QStringLiteral("b"), QStringLiteral("prod"), QStringLiteral("dr"), RpoState::Late),
            entry(QStringLiteral("c"), QStringLiteral("prod"), QStringLiteral("dr"), RpoState::Paused),
            entry(QStringLiteral("d"), QStringLiteral("dr"), QStringLiteral("prod"), RpoState::Healthy),
            entry(QStringLiteral("e"), QStringLiteral("lab"), QStringLiteral("lab"), RpoState::Failing),
            // Unmanaged objects count for their cluster, never for a link.
            entry(QStringLiteral("f"), QStringLiteral("lab"), QString(), RpoState::Critical, FleetEntry::Kind::Source),
            entry(QStringLiteral("g"), QString(), QStringLiteral("edge"), RpoState::ManualOnly,
                FleetEntry::Kind::Destination)});
        QCOMPARE(topology.clusters.size(), 4);
        QCOMPARE(topology.clusters.at(0).context, QStringLiteral("dr"));
        QCOMPARE(topology.clusters.at(0).entries, 4);
        QCOMPARE(topology.clusters.at(0).worst, RpoState::Late);
        QCOMPARE(topology.clusters.at(topology.indexOf(QStringLiteral("edge"))).worst, RpoState::ManualOnly);
        QCOMPARE(topology.clusters.at(topology.indexOf(QStringLiteral("lab"))).worst, RpoState::Failing);
        QCOMPARE(topology.links.size(), 3);
        const FleetTopology::Link &back = topology.links.at(0);
        QCOMPARE(back.from, QStringLiteral("dr"));
        QCOMPARE(back.worst, RpoState::Healthy);
        const FleetTopology::Link &lab = topology.links.at(1);
        QCOMPARE(lab.from, QStringLiteral("lab"));
        QCOMPARE(lab.to, QStringLiteral("lab"));
        QCOMPARE(lab.relationships, 1);
        const FleetTopology::Link &forth = topology.links.at(2);
        QCOMPARE(forth.relationships, 3);
        QCOMPARE(forth.worst, RpoState::Late); // late is worse than paused, paused worse than healthy
        QCOMPARE(forth.description(), QStringLiteral("prod → dr: 3 relationships (1 late, 1 paused, 1 healthy)"));
        QVERIFY(FleetTopology::severity(RpoState::Failing) > FleetTopology::severity(RpoState::Critical));
        QVERIFY(FleetTopology::severity(RpoState::Unknown) > FleetTopology::severity(RpoState::Paused));
    }

    void unreachableClusters()
    {
        FleetEntry unknown
            = entry(QStringLiteral("a"), QStringLiteral("prod"), QStringLiteral("dr"), RpoState::Unknown);
        const FleetTopology topology = FleetTopology::of({unknown}, {QStringLiteral("dr"), QStringLiteral("empty")});
        QCOMPARE(topology.clusters.size(), 3);
        QVERIFY(topology.clusters.at(topology.indexOf(QStringLiteral("dr"))).unreachable);
        QVERIFY(!topology.clusters.at(topology.indexOf(QStringLiteral("prod"))).unreachable);
        // A context with no entries that cannot be reached is still drawn.
        QCOMPARE(topology.clusters.at(topology.indexOf(QStringLiteral("empty"))).entries, 0);
        QCOMPARE(topology.clusters.at(topology.indexOf(QStringLiteral("empty"))).worst, RpoState::Unknown);
        QCOMPARE(topology.links.at(0).worst, RpoState::Unknown);
        QVERIFY(FleetTopology::of({}).clusters.isEmpty());
    }

    void webhookUrls()
    {
        QString error;
        QVERIFY(FleetService::isValidWebhookUrl(QString(), &error));
        QVERIFY(FleetService::isValidWebhookUrl(QStringLiteral(" https://hooks.example.com/T0/B0/secret "), &error));
        QVERIFY(!FleetService::isValidWebhookUrl(QStringLiteral("ftp://example.com/x"), &error));
        QVERIFY2(error.contains(QStringLiteral("https://")), qPrintable(error));
        QVERIFY(!FleetService::isValidWebhookUrl(QStringLiteral("https://"), &error));
        QVERIFY(!FleetService::isValidWebhookUrl(QStringLiteral("hooks.example.com/secret"), &error));
        QVERIFY2(!error.contains(QStringLiteral("secret")), qPrintable(error)); // never repeats the URL
        QCOMPARE(FleetService::redactedWebhookUrl(QStringLiteral("https://user:pw@hooks.example.com/T0/secret?t=1")),
            QStringLiteral("https://hooks.example.com"));

        FleetService service(nullptr);
        QVERIFY(service.setWebhookUrl(QStringLiteral("http://127.0.0.1:9/hook"), &error));
        QCOMPARE(service.webhookUrl(), QStringLiteral("http://127.0.0.1:9/hook"));
        QVERIFY(!service.setWebhookUrl(QStringLiteral("mailto:me@example.com"), &error));
        QCOMPARE(service.webhookUrl(), QStringLiteral("http://127.0.0.1:9/hook")); // unchanged
        QVERIFY(service.setWebhookUrl(QString(), &error));
        QVERIFY(service.webhookUrl().isEmpty());
        service.setMuted(QStringLiteral("orders"), true);
        service.setMuted(QStringLiteral("payments"), true);
        service.setMuted(QStringLiteral("orders"), false);
        QCOMPARE(service.muted(), QSet<QString> {QStringLiteral("payments")});
    }

    void rpoTargetTextRoundTrips()
    {
        QCOMPARE(FleetService::rpoTargetText(0), QString());
        for (const qint64 seconds : {qint64(60), qint64(45 * 60), qint64(4 * 3600), qint64(5400), qint64(26 * 3600)}) {
            QString error;
            const QString text = FleetService::rpoTargetText(seconds);
            QCOMPARE(RelationshipRpoTarget::parse(text, &error), std::optional<qint64>(seconds));
        }
        QCOMPARE(FleetService::rpoTargetText(5400), QStringLiteral("1h30m"));
    }

    void setsTheRpoTargetOffTheCallingThread()
    {
        QTemporaryDir dir;
        RelationshipStore store(dir.path());
        ReplicationRelationship rel;
        rel.name = QStringLiteral("orders");
        rel.id = QStringLiteral("0c0ffee0-0000-4000-8000-0000000000aa");
        rel.source = ReplicationSourceSide {};
        rel.source->cluster = QStringLiteral("prod");
        rel.source->namespaceName = QStringLiteral("shop");
        rel.source->pvcName = QStringLiteral("data");
        rel.source->rsName = QStringLiteral("orders");
        QString error;
        QVERIFY2(store.save(rel, &error), qPrintable(error));
        FleetService service(nullptr);
        QSignalSpy done(&service, &FleetService::rpoTargetSet);
        service.setRpoTarget(store, QStringLiteral("orders"), QStringLiteral("4h"));
        QVERIFY(done.wait(10000));
        QCOMPARE(done.at(0).at(1).toBool(), true);
        QCOMPARE(RelationshipRpoTarget::of(*store.load(QStringLiteral("orders"), &error)), qint64(4 * 3600));
        // A bad text is refused without touching the file.
        service.setRpoTarget(store, QStringLiteral("orders"), QStringLiteral("10s"));
        QVERIFY(done.wait(10000));
        QCOMPARE(done.at(1).at(1).toBool(), false);
        QVERIFY2(
            done.at(1).at(2).toString().contains(QStringLiteral("minute")), qPrintable(done.at(1).at(2).toString()));
        QCOMPARE(RelationshipRpoTarget::of(*store.load(QStringLiteral("orders"), &error)), qint64(4 * 3600));
        // Empty clears it; a relationship that does not exist is an error.
        service.setRpoTarget(store, QStringLiteral("orders"), QString());
        QVERIFY(done.wait(10000));
        QCOMPARE(done.at(2).at(1).toBool(), true);
        QCOMPARE(RelationshipRpoTarget::of(*store.load(QStringLiteral("orders"), &error)), qint64(0));
        service.setRpoTarget(store, QStringLiteral("nowhere"), QStringLiteral("1h"));
        QVERIFY(done.wait(10000));
        QCOMPARE(done.at(3).at(1).toBool(), false);
        QVERIFY(!done.at(3).at(2).toString().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestFleetTopology)
#include "test_fleettopology.moc"
