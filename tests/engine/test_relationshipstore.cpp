// SPDX-License-Identifier: GPL-3.0-or-later
#include "demorelationshipfiles.h"
#include "engine/relationshipstore.h"
#include "engine/yamltree.h"
#include "sim/simworld.h"
#include "yamlaliasbomb.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <sys/stat.h>
#include <thread>
#include <vector>

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
        const QList<SimDemoRelationship> expected = SimWorld::demoRelationships(clusters);
        QCOMPARE(listing.relationships.size(), expected.size());
        for (const SimDemoRelationship &r : expected) {
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
        const auto demo = SimWorld::demoRelationships(clusters);
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

    void selfReferentialAliasIsRefused()
    {
        // Found by fuzz_relationshipfile: an alias inside its own anchor nests without end (a stack overflow before).
        QVariant tree;
        QString error;
        QVERIFY(!YamlTree::parse(QByteArrayLiteral("a: &a [,*a]\nb: 1\n"), &tree, &error));
        QVERIFY2(error.contains(QLatin1String("expands to more than")), qPrintable(error));
    }

    void aliasBombIsRefused()
    {
        const QByteArray bomb = yamlAliasBomb("type: replication\nid: x\n");
        QVariant tree;
        QString error;
        QVERIFY(!YamlTree::parse(bomb, &tree, &error));
        QVERIFY2(error.contains(QLatin1String("expands to more than")), qPrintable(error));

        // In a folder: that file is a problem of its own, the others keep working.
        QTemporaryDir dir;
        QVERIFY(copyInto(dir, "v2-rsynctls.yaml", QStringLiteral("good")));
        QFile file(dir.filePath(QStringLiteral("bomb.yaml")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bomb);
        file.close();
        RelationshipStore store(dir.path());
        const auto listing = store.list();
        QCOMPARE(listing.relationships.size(), 1);
        QCOMPARE(listing.relationships.first().name, QStringLiteral("good"));
        QCOMPARE(listing.problems.size(), 1);
        QVERIFY2(listing.problems.first().contains(QLatin1String("bomb.yaml")), qPrintable(listing.problems.first()));
        QVERIFY2(listing.problems.first().contains(QLatin1String("expands")), qPrintable(listing.problems.first()));
        QVERIFY(!store.load(QStringLiteral("bomb"), &error));
        QVERIFY2(error.contains(QLatin1String("expands")), qPrintable(error));
    }

    void specialFilesAreRefused()
    {
        QTemporaryDir dir;
        QVERIFY(copyInto(dir, "v2-rsynctls.yaml", QStringLiteral("good")));
        QVERIFY(QFile::link(QStringLiteral("/dev/zero"), dir.filePath(QStringLiteral("zero.yaml"))));
        QVERIFY(::mkfifo(QFile::encodeName(dir.filePath(QStringLiteral("fifo.yaml"))).constData(), 0600) == 0);
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("folder.yaml")));
        QFile huge(dir.filePath(QStringLiteral("huge.yaml")));
        QVERIFY(huge.open(QIODevice::WriteOnly));
        QVERIFY(huge.resize(20 * 1024 * 1024));
        huge.close();
        RelationshipStore store(dir.path());
        const auto listing = store.list(); // neither hangs on the FIFO nor reads /dev/zero without end
        QCOMPARE(listing.relationships.size(), 1);
        const QString problems = listing.problems.join(u'\n');
        QCOMPARE(listing.problems.size(), 4);
        QVERIFY2(problems.contains(QLatin1String("fifo.yaml: it is a FIFO, not a regular file")), qPrintable(problems));
        QVERIFY2(problems.contains(QLatin1String("zero.yaml: it is a character device")), qPrintable(problems));
        QVERIFY2(problems.contains(QLatin1String("folder.yaml: it is a directory")), qPrintable(problems));
        QVERIFY2(problems.contains(QLatin1String("huge.yaml: it is larger than 1 MiB")), qPrintable(problems));
        QString error;
        QVERIFY(!store.load(QStringLiteral("zero"), &error));
        QVERIFY2(error.contains(QLatin1String("character device")), qPrintable(error));
        // A symbolic link to a regular file is read.
        QVERIFY(QFile::link(dir.filePath(QStringLiteral("good.yaml")), dir.filePath(QStringLiteral("alias.yaml"))));
        QVERIFY2(store.load(QStringLiteral("alias"), &error), qPrintable(error));
    }

    void concurrentUpdatesLoseNothing()
    {
        QTemporaryDir dir;
        RelationshipStore store(dir.path());
        QString error;
        QVERIFY2(store.create(QStringLiteral("r"), true, &error), qPrintable(error));
        // Two writers in parallel (as set-source and set-destination), each re-reading under the lock.
        std::atomic<int> failures {0};
        const auto writer = [&](bool source) {
            for (int i = 0; i < 25; ++i) {
                QString problem;
                const auto saved = store.update(
                    QStringLiteral("r"),
                    [source, i](ReplicationRelationship *rel, QString *) {
                        if (source) {
                            ReplicationSourceSide side = rel->source.value_or(ReplicationSourceSide {});
                            side.pvcName = QStringLiteral("pvc-%1").arg(i);
                            rel->source = side;
                        } else {
                            ReplicationDestinationSide side = rel->destination.value_or(ReplicationDestinationSide {});
                            side.rdName = QStringLiteral("rd-%1").arg(i);
                            rel->destination = side;
                        }
                        return true;
                    },
                    &problem);
                if (!saved)
                    ++failures;
            }
        };
        std::thread a(writer, true);
        std::thread b(writer, false);
        a.join();
        b.join();
        QCOMPARE(failures.load(), 0);
        const auto rel = store.load(QStringLiteral("r"), &error);
        QVERIFY2(rel, qPrintable(error));
        QVERIFY(rel->source && rel->destination);
        QCOMPARE(rel->source->pvcName, QStringLiteral("pvc-24"));
        QCOMPARE(rel->destination->rdName, QStringLiteral("rd-24"));
        QVERIFY(!QFileInfo::exists(store.filePath(QStringLiteral("r")) + QStringLiteral(".lock")));
        // A file deleted meanwhile is not written again.
        QVERIFY(store.remove(QStringLiteral("r"), &error));
        QVERIFY(!store.update(
            QStringLiteral("r"), [](ReplicationRelationship *, QString *) { return true; }, &error));
        QVERIFY2(error.contains(QLatin1String("deleted meanwhile")), qPrintable(error));
        QVERIFY(!store.exists(QStringLiteral("r")));
    }

    void createIsExclusive()
    {
        QTemporaryDir dir;
        RelationshipStore store(dir.path());
        std::atomic<int> created {0};
        std::atomic<int> existed {0};
        std::vector<std::thread> threads;
        for (int i = 0; i < 30; ++i) {
            threads.emplace_back([&, i] {
                QString error;
                if (store.create(QStringLiteral("same"), i % 2 == 0, &error))
                    ++created;
                else if (error.contains(QLatin1String("relationship exists")))
                    ++existed;
                else
                    qWarning().noquote() << error;
            });
        }
        for (std::thread &t : threads)
            t.join();
        QCOMPARE(created.load(), 1);
        QCOMPARE(existed.load(), 29);
        QString error;
        QVERIFY2(store.load(QStringLiteral("same"), &error), qPrintable(error));
        // No temporary file is left behind.
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList {QStringLiteral("same.yaml")});
    }

    void staleLockOfAKilledProcessIsTakenOver()
    {
        QTemporaryDir dir;
        RelationshipStore store(dir.path());
        QString error;
        QVERIFY(store.create(QStringLiteral("r"), true, &error));
        // A lock file left by a process that no longer runs (as after kill -9).
        QProcess gone;
        gone.start(QStringLiteral("sleep"), {QStringLiteral("60")});
        QVERIFY(gone.waitForStarted());
        const qint64 pid = gone.processId();
        gone.kill();
        QVERIFY(gone.waitForFinished());
        QFile lock(store.filePath(QStringLiteral("r")) + QStringLiteral(".lock"));
        QVERIFY(lock.open(QIODevice::WriteOnly));
        lock.write(QByteArray::number(pid) + "\nvolsyncctl\n" + QSysInfo::machineHostName().toUtf8() + "\n");
        lock.close();
        QVERIFY2(store.update(
                     QStringLiteral("r"), [](ReplicationRelationship *, QString *) { return true; }, &error),
            qPrintable(error));
    }

    void abandonedLockOfARemovedRelationshipIsCleared()
    {
        QTemporaryDir dir;
        RelationshipStore store(dir.path());
        const QString lockPath = store.filePath(QStringLiteral("gone")) + QStringLiteral(".lock");
        // kill -9 between removing gone.yaml and releasing its lock: only the lock file is left.
        QProcess dead;
        dead.start(QStringLiteral("sleep"), {QStringLiteral("60")});
        QVERIFY(dead.waitForStarted());
        const qint64 pid = dead.processId();
        dead.kill();
        QVERIFY(dead.waitForFinished());
        QFile lock(lockPath);
        QVERIFY(lock.open(QIODevice::WriteOnly));
        lock.write(QByteArray::number(pid) + "\nvolsyncctl\n" + QSysInfo::machineHostName().toUtf8() + "\n");
        lock.close();
        QString error;
        QVERIFY(!store.load(QStringLiteral("gone"), &error));
        QVERIFY2(error.contains(QLatin1String("not found")), qPrintable(error));
        QVERIFY(!QFileInfo::exists(lockPath));

        // A lock that a running process holds stays, even when the file is gone.
        QLockFile held(store.filePath(QStringLiteral("busy")) + QStringLiteral(".lock"));
        QVERIFY(held.tryLock(0));
        QVERIFY(!store.load(QStringLiteral("busy"), &error));
        QVERIFY(QFileInfo::exists(held.fileName()));
        held.unlock();
    }

    void roundTripKeepsMeaning_data()
    {
        // Inputs found by fuzz_relationshipfile (and kept in its corpus): whatever parses must be written to a file
        // that parses to the same relationship, and writing that again must not change a byte.
        QTest::addColumn<QString>("path");
        const QDir dir(QStringLiteral(VOLSYNC_TEST_DATA_DIR "/engine/roundtrip"));
        const QStringList files = dir.entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name);
        QVERIFY(!files.isEmpty());
        for (const QString &file : files)
            QTest::newRow(qPrintable(file)) << dir.filePath(file);
    }

    void roundTripKeepsMeaning()
    {
        QFETCH(QString, path);
        QString error;
        const auto relationship = RelationshipStore::parse(readFile(path), path, &error);
        QVERIFY2(relationship, qPrintable(error));
        const QByteArray written = RelationshipStore::serialize(*relationship);
        const auto again = RelationshipStore::parse(written, QStringLiteral("written.yaml"), &error);
        QVERIFY2(again, qPrintable(error + QStringLiteral("\n") + QString::fromUtf8(written)));
        QCOMPARE(again->id, relationship->id);
        QCOMPARE(again->version, relationship->version);
        QCOMPARE(again->rsyncTls, relationship->rsyncTls);
        QVERIFY2(again->source == relationship->source, written.constData());
        QVERIFY2(again->destination == relationship->destination, written.constData());
        QCOMPARE(RelationshipStore::serialize(*again), written);
        // Keys we do not know are kept too.
        const QVariantMap before = relationship->raw.value(QStringLiteral("data")).toMap();
        const QVariantMap after = again->raw.value(QStringLiteral("data")).toMap();
        for (auto it = before.cbegin(); it != before.cend(); ++it) {
            if (it.value().isValid()
                && !(it.value().typeId() == QMetaType::QVariantMap && it.value().toMap().isEmpty()))
                QVERIFY2(after.contains(it.key()), qPrintable(it.key()));
        }
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
