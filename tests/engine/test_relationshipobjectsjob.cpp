// SPDX-License-Identifier: GPL-3.0-or-later
// RelationshipObjectsJob without a cluster: which live objects a relationship names, which key Secret a
// ReplicationSource names, and a job without a session fails instead of waiting. (The YAML view's test fetches
// them from the simulator.)
#include "engine/relationshipobjectsjob.h"

#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

class TestRelationshipObjectsJob : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void itemsOfTheRelationship()
    {
        ReplicationRelationship rel;
        rel.name = QStringLiteral("db");
        QVERIFY(RelationshipObjectsJob(nullptr, rel).items().isEmpty());
        rel.source = ReplicationSourceSide();
        rel.source->cluster = QStringLiteral("home");
        rel.source->namespaceName = QStringLiteral("shop");
        rel.source->rsName = QStringLiteral("db-abcde");
        QCOMPARE(RelationshipObjectsJob(nullptr, rel).items().size(), 1); // no destination side yet
        rel.destination = ReplicationDestinationSide();
        rel.destination->cluster = QStringLiteral("cloud");
        rel.destination->namespaceName = QStringLiteral("dr-shop");
        rel.destination->rdName = QStringLiteral("db");
        const QList<RelationshipObjectsJob::Item> items = RelationshipObjectsJob(nullptr, rel).items();
        QCOMPARE(items.size(), 2);
        QCOMPARE(items.at(0).key, QStringLiteral("source"));
        QCOMPARE(items.at(0).kind, QStringLiteral("ReplicationSource"));
        QCOMPARE(items.at(0).context, QStringLiteral("home"));
        QCOMPARE(items.at(0).namespaceName, QStringLiteral("shop"));
        QCOMPARE(items.at(0).name, QStringLiteral("db-abcde"));
        QCOMPARE(items.at(1).key, QStringLiteral("destination"));
        QCOMPARE(items.at(1).kind, QStringLiteral("ReplicationDestination"));
        QCOMPARE(items.at(1).context, QStringLiteral("cloud"));
        QVERIFY(!items.at(1).fetched);
    }

    void keySecretOfEitherMover()
    {
        const auto source = [](const char *mover, const char *field) {
            return QJsonObject {{QStringLiteral("spec"),
                QJsonObject {{QLatin1String(mover), QJsonObject {{QLatin1String(field), QStringLiteral("keys")}}}}}};
        };
        QCOMPARE(RelationshipObjectsJob::keySecretOf(source("rsync", "sshKeys")), QStringLiteral("keys"));
        QCOMPARE(RelationshipObjectsJob::keySecretOf(source("rsyncTLS", "keySecret")), QStringLiteral("keys"));
        QVERIFY(RelationshipObjectsJob::keySecretOf(source("restic", "repository")).isEmpty());
    }

    void withoutASessionItFails()
    {
        ReplicationRelationship rel;
        rel.source = ReplicationSourceSide();
        rel.source->rsName = QStringLiteral("db-abcde");
        RelationshipObjectsJob job(nullptr, rel);
        QSignalSpy finished(&job, &ReplicationJob::finished);
        job.start();
        QVERIFY(finished.wait(5000));
        QCOMPARE(job.result().status, ReplicationResult::Status::Failed);
    }
};

QTEST_GUILESS_MAIN(TestRelationshipObjectsJob)
#include "test_relationshipobjectsjob.moc"
