// SPDX-License-Identifier: GPL-3.0-or-later
#include "demorelationshipfiles.h"
#include "engine/relationshipstore.h"
#include "engine/yamltree.h"
#include "sim/simworld.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

QByteArray readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

QString dataFile(const char *name)
{
    return QStringLiteral(VOLSYNC_TEST_DATA_DIR "/engine/") + QLatin1String(name);
}

bool copyInto(const QTemporaryDir &dir, const char *dataName, const QString &relName)
{
    return QFile::copy(dataFile(dataName), dir.filePath(relName + QStringLiteral(".yaml")));
}

} // namespace

class TestRelationshipStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void specExampleRoundTripsByteForByte()
    {
        const QByteArray text = readFile(dataFile("upstream-spec-example.yaml"));
        QVERIFY(!text.isEmpty());
        QString error;
        const auto rel = RelationshipStore::parse(text, QStringLiteral("example.yaml"), &error);
        QVERIFY2(rel, qPrintable(error));
        QCOMPARE(rel->id, QStringLiteral("6f1d2c84-3b9e-4f0a-a7d5-91c2e8b4f3a0"));
        QCOMPARE(rel->version, 1);
        QVERIFY(!rel->rsyncTls);
        QVERIFY(rel->source && rel->destination);
        QCOMPARE(rel->source->cluster, QStringLiteral("prod"));
        QCOMPARE(rel->source->namespaceName, QStringLiteral("shop"));
        QCOMPARE(rel->source->pvcName, QStringLiteral("orders-db"));
        QCOMPARE(rel->source->rsName, QStringLiteral("orders-db-x7k2q"));
        QCOMPARE(rel->source->copyMethod, QStringLiteral("Clone"));
        QVERIFY(rel->source->accessModes.isEmpty());
        QCOMPARE(rel->source->address, QStringLiteral("198.51.100.23"));
        QCOMPARE(rel->source->sshKeys, QStringLiteral("orders-db-x7k2q"));
        QCOMPARE(rel->source->trigger.schedule, QStringLiteral("*/15 * * * *"));
        QVERIFY(rel->source->trigger.manual.isEmpty());
        QCOMPARE(rel->destination->cluster, QStringLiteral("dr-site"));
        QCOMPARE(rel->destination->rdName, QStringLiteral("orders-db"));
        QCOMPARE(rel->destination->accessModes, QStringList {QStringLiteral("ReadWriteOnce")});
        QCOMPARE(rel->destination->capacity, QStringLiteral("5Gi"));
        QCOMPARE(rel->destination->storageClassName, QStringLiteral("fast-ssd"));
        QVERIFY(!rel->destination->volumeSnapshotClassName);
        QVERIFY(!rel->destination->destinationPvc);
        QCOMPARE(rel->destination->serviceType, QStringLiteral("LoadBalancer"));
        // Writing it back gives exactly upstream's bytes.
        QCOMPARE(RelationshipStore::serialize(*rel), text);
        // Also without the raw tree (everything comes from the typed fields).
        ReplicationRelationship fresh = *rel;
        fresh.raw.clear();
        QCOMPARE(RelationshipStore::serialize(fresh), text);
    }

    void handWrittenUpstreamFile()
    {
        QTemporaryDir dir;
        QVERIFY(copyInto(dir, "upstream-handwritten.yaml", QStringLiteral("hand")));
        RelationshipStore store(dir.path());
        QString error;
        auto rel = store.load(QStringLiteral("hand"), &error);
        QVERIFY2(rel, qPrintable(error));
        QCOMPARE(rel->name, QStringLiteral("hand"));
        QCOMPARE(rel->id, QStringLiteral("0b7c1e2a-5d4f-4c3b-9a8e-1f2d3c4b5a69"));
        QCOMPARE(rel->source->cluster, QStringLiteral("kind"));
        QCOMPARE(rel->source->pvcName, QStringLiteral("datavol"));
        QCOMPARE(rel->source->copyMethod, QStringLiteral("Snapshot"));
        QCOMPARE(
            rel->source->accessModes, (QStringList {QStringLiteral("ReadWriteOnce"), QStringLiteral("ReadOnlyMany")}));
        QCOMPARE(rel->source->capacity, QStringLiteral("3Gi"));
        QCOMPARE(rel->source->storageClassName, QStringLiteral("standard"));
        QCOMPARE(rel->source->volumeSnapshotClassName, QStringLiteral("csi-hostpath-snapclass"));
        QCOMPARE(rel->source->address, QStringLiteral("10.96.12.7"));
        QCOMPARE(rel->source->sshKeys, QStringLiteral("datavol-b2k9x"));
        QCOMPARE(rel->source->trigger.schedule, QStringLiteral("0 */2 * * *"));
        QCOMPARE(rel->destination->copyMethod, QStringLiteral("Direct"));
        QCOMPARE(rel->destination->accessModes, QStringList {QStringLiteral("ReadWriteMany")});
        QCOMPARE(rel->destination->destinationPvc, QStringLiteral("datavol"));
        QCOMPARE(rel->destination->volumeSnapshotClassName, QStringLiteral("csi-gce-pd-vsc"));
        QVERIFY(rel->destination->cleanupTempPvc);
        QCOMPARE(rel->destination->serviceType, QStringLiteral("ClusterIP"));

        // Save it: keys come out lowercased and sorted, unknown keys are kept.
        rel->source->trigger.schedule = QStringLiteral("*/5 * * * *");
        QVERIFY2(store.save(*rel, &error), qPrintable(error));
        const QByteArray written = readFile(store.filePath(QStringLiteral("hand")));
        QVERIFY(written.contains("comment: kept by volsyncctl\n"));
        QVERIFY(written.contains("            port: 22\n"));
        QVERIFY(written.contains("        futurefield:\n            nested: value\n"));
        QVERIFY(written.contains("            schedule: '*/5 * * * *'\n"));
        QVERIFY(!written.contains("Source"));
        const QRegularExpression sorted(QStringLiteral("^comment:.*\\ndata:.*\\nid:.*\\ntype: replication\\n$"),
            QRegularExpression::DotMatchesEverythingOption);
        QVERIFY2(sorted.match(QString::fromUtf8(written)).hasMatch(), written.constData());

        const auto again = store.load(QStringLiteral("hand"), &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(*again->source, *rel->source);
        QCOMPARE(*again->destination, *rel->destination);
        QCOMPARE(again->id, rel->id);
    }

    void createSaveLoadRoundTrip()
    {
        QTemporaryDir dir;
        const QString configDir = dir.filePath(QStringLiteral("volsync"));
        RelationshipStore store(configDir);
        QString error;
        QVERIFY(!store.load(QStringLiteral("r1"), &error));
        QCOMPARE(error, QStringLiteral("relationship \"r1\" not found in %1").arg(configDir));

        auto rel = store.create(QStringLiteral("r1"), false, &error);
        QVERIFY2(rel, qPrintable(error));
        QVERIFY(QUuid::fromString(rel->id).version() == QUuid::Random);
        // The folder is created 0711 as upstream does, the new file owner-only.
        QCOMPARE(QFileInfo(configDir).permissions() & 0x0777,
            QFileDevice::ReadUser | QFileDevice::WriteUser | QFileDevice::ExeUser | QFileDevice::ExeGroup
                | QFileDevice::ExeOther);
        const QString path = store.filePath(QStringLiteral("r1"));
        QCOMPARE(QFileInfo(path).permissions() & 0x0777, QFileDevice::ReadUser | QFileDevice::WriteUser);
        QCOMPARE(readFile(path),
            QByteArray("data:\n    version: 1\nid: ") + rel->id.toUtf8() + QByteArray("\ntype: replication\n"));

        QVERIFY(!store.create(QStringLiteral("r1"), false, &error));
        QCOMPARE(error, QStringLiteral("unable to create relationship: relationship exists"));

        ReplicationSourceSide s;
        s.cluster = QStringLiteral("kind");
        s.namespaceName = QStringLiteral("source");
        s.pvcName = QStringLiteral("datavol");
        s.rsName = QStringLiteral("datavol-bcd2f");
        s.copyMethod = QStringLiteral("Clone");
        s.trigger.manual = QStringLiteral("2026-11-24T12:00:00Z");
        rel->source = s;
        ReplicationDestinationSide d;
        d.namespaceName = QStringLiteral("destns");
        d.rdName = QStringLiteral("datavol");
        d.copyMethod = QStringLiteral("Snapshot");
        d.capacity = QStringLiteral("1Gi");
        d.accessModes = {QStringLiteral("ReadWriteOnce")};
        d.serviceType = QStringLiteral("LoadBalancer");
        d.volumeSnapshotClassName = QStringLiteral("csi-gce-pd-vsc");
        rel->destination = d;
        // Existing files keep their mode.
        QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup));
        QVERIFY2(store.save(*rel, &error), qPrintable(error));
        QCOMPARE(QFileInfo(path).permissions() & 0x0777,
            QFileDevice::ReadUser | QFileDevice::WriteUser | QFileDevice::ReadGroup);
        const QByteArray written = readFile(path);
        QVERIFY2(written.contains("        cluster: \"\"\n"), written.constData());
        QVERIFY(written.contains("            manual: \"2026-11-24T12:00:00Z\"\n"));
        QVERIFY(written.contains("                accessmodes: []\n"));
        QVERIFY(written.contains("                cleanuptemppvc: false\n"));
        QVERIFY(!written.contains("schedule"));

        const auto loaded = store.load(QStringLiteral("r1"), &error);
        QVERIFY2(loaded, qPrintable(error));
        QCOMPARE(*loaded->source, s);
        QCOMPARE(*loaded->destination, d);

        QVERIFY(store.remove(QStringLiteral("r1"), &error));
        QVERIFY(!QFile::exists(path));
        QVERIFY(!store.remove(QStringLiteral("r1"), &error));
        QCOMPARE(error, QStringLiteral("relationship \"r1\" not found in %1").arg(configDir));
    }

    void corruptFileRefusedUnchanged()
    {
        QTemporaryDir dir;
        QVERIFY(copyInto(dir, "corrupt.yaml", QStringLiteral("bad")));
        RelationshipStore store(dir.path());
        const QString path = store.filePath(QStringLiteral("bad"));
        const QByteArray before = readFile(path);
        QString error;
        QVERIFY(!store.load(QStringLiteral("bad"), &error));
        QVERIFY2(error.contains(path), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("line 5")), qPrintable(error));

        ReplicationRelationship rel;
        rel.name = QStringLiteral("bad");
        rel.id = QStringLiteral("11111111-2222-4333-8444-555555555555");
        QVERIFY(!store.save(rel, &error));
        QVERIFY2(error.contains(QLatin1String("refusing to overwrite")) && error.contains(path), qPrintable(error));
        QCOMPARE(readFile(path), before);
        QVERIFY(!store.create(QStringLiteral("bad"), false, &error));
        QCOMPARE(readFile(path), before);
    }

    void loadErrors_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("expected");
        QTest::newRow("migration file") << QStringLiteral("migration.yaml")
                                        << QStringLiteral("relationship is not of the correct type");
        QTest::newRow("version 3") << QStringLiteral("version3.yaml")
                                   << QStringLiteral("unsupported config file version 3");
        QTest::newRow("map where a list belongs")
            << QStringLiteral("wrong-type-field.yaml")
            << QStringLiteral(":10: data.source.source.replicationsourcevolumeoptions.accessmodes: expected a list");
    }

    void loadErrors()
    {
        QFETCH(QString, file);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        QVERIFY(QFile::copy(
            QStringLiteral(VOLSYNC_TEST_DATA_DIR "/engine/") + file, dir.filePath(QStringLiteral("x.yaml"))));
        RelationshipStore store(dir.path());
        QString error;
        QVERIFY(!store.load(QStringLiteral("x"), &error));
        QVERIFY2(error.contains(expected), qPrintable(error));
    }

    void rsyncTlsVersion2()
    {
        const QByteArray text = readFile(dataFile("v2-rsynctls.yaml"));
        QString error;
        const auto rel = RelationshipStore::parse(text, QStringLiteral("v2.yaml"), &error);
        QVERIFY2(rel, qPrintable(error));
        QCOMPARE(rel->version, 2);
        QVERIFY(rel->rsyncTls);
        QCOMPARE(rel->source->copyMethod, QStringLiteral("Clone"));
        QCOMPARE(rel->source->trigger.schedule, QStringLiteral("*/5 * * * *"));
        QCOMPARE(rel->destination->moverSecurityContext.runAsUser, 5678);
        QCOMPARE(rel->destination->moverSecurityContext.runAsNonRoot, true);
        QCOMPARE(rel->destination->moverSecurityContext.seccompProfileType, QStringLiteral("RuntimeDefault"));
        QCOMPARE(rel->destination->volumeSnapshotClassName, QStringLiteral("csi-gce-pd-vsc"));
        QCOMPARE(RelationshipStore::serialize(*rel), text);
    }

    void upgradeV1ToV2()
    {
        QString error;
        auto rel
            = RelationshipStore::parse(readFile(dataFile("upstream-spec-example.yaml")), QStringLiteral("e"), &error);
        QVERIFY2(rel, qPrintable(error));
        RelationshipStore::upgradeToRsyncTls(&*rel);
        const QByteArray text = RelationshipStore::serialize(*rel);
        QVERIFY(text.contains("    isrsynctls: true\n"));
        QVERIFY(text.contains("    version: 2\n"));
        QVERIFY(!text.contains("sshkeys"));
        QVERIFY(!text.contains("address"));
        QVERIFY(text.contains("        replicationsourcevolumeoptions:\n"));
        QVERIFY(text.contains("        replicationdestinationvolumeoptions:\n"));
        const auto back = RelationshipStore::parse(text, QStringLiteral("e"), &error);
        QVERIFY2(back, qPrintable(error));
        QVERIFY(back->rsyncTls);
        QCOMPARE(back->source->pvcName, QStringLiteral("orders-db"));
        QCOMPARE(back->source->trigger.schedule, QStringLiteral("*/15 * * * *"));
        QCOMPARE(back->destination->capacity, QStringLiteral("5Gi"));
        QCOMPARE(back->destination->serviceType, QStringLiteral("LoadBalancer"));
    }

    void listFolder()
    {
        QTemporaryDir dir;
        QVERIFY(copyInto(dir, "upstream-spec-example.yaml", QStringLiteral("orders")));
        QVERIFY(copyInto(dir, "v2-rsynctls.yaml", QStringLiteral("tls")));
        QVERIFY(copyInto(dir, "migration.yaml", QStringLiteral("mig")));
        QVERIFY(copyInto(dir, "corrupt.yaml", QStringLiteral("broken")));
        RelationshipStore store(dir.path());
        const auto listing = store.list();
        QCOMPARE(listing.relationships.size(), 2);
        QCOMPARE(listing.relationships.at(0).name, QStringLiteral("orders"));
        QCOMPARE(listing.relationships.at(1).name, QStringLiteral("tls"));
        QCOMPARE(listing.problems.size(), 1);
        QVERIFY(listing.problems.at(0).contains(QLatin1String("broken.yaml")));
    }

    void demoFilesDescribeTheDemoWorld()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QString error;
        const QStringList clusters {QStringLiteral("kind"), QStringLiteral("gcp")};
        QVERIFY2(DemoRelationshipFiles::write(dir.path(), clusters, &error), qPrintable(error));
        const RelationshipStore store(dir.path());
        const RelationshipStore::Listing listing = store.list();
        QVERIFY2(listing.problems.isEmpty(), qPrintable(listing.problems.join(QLatin1Char('\n'))));
        const QList<volsync::SimDemoRelationship> expected = volsync::SimWorld::demoRelationships(clusters);
        QCOMPARE(listing.relationships.size(), expected.size());
        for (const volsync::SimDemoRelationship &r : expected) {
            QString loadError;
            const auto loaded = store.load(r.name, &loadError);
            QVERIFY2(loaded.has_value(), qPrintable(loadError));
            QCOMPARE(loaded->id, r.id);
            QCOMPARE(loaded->rsyncTls, r.rsyncTls);
            QVERIFY(loaded->isComplete());
            QCOMPARE(loaded->source->cluster, r.sourceCluster);
            QCOMPARE(loaded->source->namespaceName, r.sourceNamespace);
            QCOMPARE(loaded->source->pvcName, r.sourcePvc);
            QCOMPARE(loaded->source->rsName, r.rsName);
            QCOMPARE(loaded->source->trigger.schedule.value_or(QString()), r.schedule);
            QCOMPARE(loaded->source->trigger.manual, r.manual);
            QCOMPARE(loaded->destination->cluster, r.destinationCluster);
            QCOMPARE(loaded->destination->namespaceName, r.destinationNamespace);
            QCOMPARE(loaded->destination->rdName, r.rdName);
            QCOMPARE(loaded->destination->copyMethod, r.destinationCopyMethod);
        }
    }

    void simulatorDemoFilesLoad()
    {
        // The demo writes relationship files for the GUI: our loader must read every one.
        QTemporaryDir dir;
        QString error;
        const QStringList clusters {QStringLiteral("kind"), QStringLiteral("gcp")};
        QVERIFY2(DemoRelationshipFiles::write(dir.path(), clusters, &error), qPrintable(error));
        const auto listing = RelationshipStore(dir.path()).list();
        QVERIFY2(listing.problems.isEmpty(), qPrintable(listing.problems.join(QLatin1Char('\n'))));
        const auto demo = volsync::SimWorld::demoRelationships(clusters);
        QCOMPARE(listing.relationships.size(), demo.size());
        for (const ReplicationRelationship &rel : listing.relationships) {
            QVERIFY(rel.source && rel.destination);
            // And they survive our own round trip unchanged.
            const auto again = RelationshipStore::parse(RelationshipStore::serialize(rel), rel.name, &error);
            QVERIFY2(again, qPrintable(error));
            QCOMPARE(*again->source, *rel.source);
            QCOMPARE(*again->destination, *rel.destination);
            QFile file(dir.filePath(rel.name + QStringLiteral(".yaml")));
            QVERIFY(file.open(QIODevice::ReadOnly));
            QCOMPARE(RelationshipStore::serialize(rel), file.readAll()); // byte for byte the same format
        }
    }

    void names_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("simple") << QStringLiteral("my-rel") << true;
        QTest::newRow("dots underscores") << QStringLiteral("a.b_c") << true;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("slash") << QStringLiteral("../etc/passwd") << false;
        QTest::newRow("hidden") << QStringLiteral(".hidden") << false;
        QTest::newRow("space") << QStringLiteral("my rel") << false;
    }

    void names()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        QCOMPARE(!RelationshipStore::validateName(name).has_value(), valid);
    }

    void scalarQuoting_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << QStringLiteral("ReadWriteOnce") << QStringLiteral("ReadWriteOnce");
        QTest::newRow("empty") << QString() << QStringLiteral("\"\"");
        QTest::newRow("cron") << QStringLiteral("*/5 * * * *") << QStringLiteral("'*/5 * * * *'");
        QTest::newRow("numeric cron") << QStringLiteral("0 0 1 1 *") << QStringLiteral("0 0 1 1 *");
        QTest::newRow("descriptor") << QStringLiteral("@hourly") << QStringLiteral("'@hourly'");
        QTest::newRow("timestamp") << QStringLiteral("2026-07-02T17:04:05+02:00")
                                   << QStringLiteral("\"2026-07-02T17:04:05+02:00\"");
        QTest::newRow("bool-like") << QStringLiteral("true") << QStringLiteral("\"true\"");
        QTest::newRow("number") << QStringLiteral("1234") << QStringLiteral("\"1234\"");
        QTest::newRow("ip") << QStringLiteral("10.96.0.1") << QStringLiteral("10.96.0.1");
        QTest::newRow("quantity") << QStringLiteral("5Gi") << QStringLiteral("5Gi");
        QTest::newRow("colon space") << QStringLiteral("a: b") << QStringLiteral("'a: b'");
        QTest::newRow("quote inside") << QStringLiteral("it's: x") << QStringLiteral("'it''s: x'");
    }

    void scalarQuoting()
    {
        QFETCH(QString, value);
        QFETCH(QString, expected);
        QCOMPARE(YamlTree::quoteScalar(value), expected);
        // Whatever we write reads back as the same string.
        QVariant tree;
        QString error;
        QVERIFY(YamlTree::parse(QByteArray("k: ") + expected.toUtf8() + '\n', &tree, &error));
        QCOMPARE(tree.toMap().value(QStringLiteral("k")).toString(), value.isNull() ? QString() : value);
    }
};

QTEST_GUILESS_MAIN(TestRelationshipStore)
#include "test_relationshipstore.moc"
