// SPDX-License-Identifier: GPL-3.0-or-later
// The `fleet` world: 20 clusters, 500 VolSync objects of every mover kind and RPO state, schedules that keep
// firing under a scaled clock (SimFleetMovers for restic/rclone/syncthing, the operator for rsync), and the
// command line that brings its own clusters.
#include "operatorfixture.h"

#include "engine/rpohealth.h"
#include "sim/simcommandline.h"
#include "sim/simfleetmovers.h"
#include "sim/simfleetworld.h"
#include "sim/simrunner.h"
#include "sim/simworld.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

namespace {

const QString kRS = QStringLiteral("replicationsources");
const QString kRD = QStringLiteral("replicationdestinations");

QString moverOf(const QJsonObject &object)
{
    const QJsonObject spec = object.value(QLatin1String("spec")).toObject();
    for (const char *mover : {"rsyncTLS", "rsync", "restic", "rclone", "syncthing"}) {
        if (spec.contains(QLatin1String(mover)))
            return QLatin1String(mover);
    }
    return QString();
}

QString stateOf(const QJsonObject &object, const QDateTime &now)
{
    return RpoHealth::stateName(RpoHealth::evaluate(RpoInput::fromObject(object), now).state);
}

QString lastSync(
    const OperatorFixture &f, const QString &cluster, const QString &resource, const QString &ns, const QString &name)
{
    return f.status(cluster, resource, ns, name).value(QLatin1String("lastSyncTime")).toString();
}

} // namespace

class TestSimFleetWorld : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(SimWorld::isSeed(QStringLiteral("fleet")));
        QCOMPARE(SimWorld::clustersFor(QStringLiteral("fleet")).size(), 20);
        QCOMPARE(SimWorld::clustersFor(QStringLiteral("fleet")).constFirst(), QStringLiteral("fleet-01"));
    }

    void fiveHundredObjectsOfEveryMoverAndState()
    {
        const QStringList clusters = SimFleetWorld::defaultClusters();
        OperatorFixture f(clusters);
        QList<SimStore *> stores;
        for (const QString &cluster : clusters)
            stores.append(f.store(cluster));
        QString error;
        // Judged at the time of seeding, before the event loop runs (nothing has synced since): the scaled clock
        // moves on while 500 objects are seeded, by minutes on a busy machine.
        const QDateTime now = f.op()->now();
        QVERIFY2(SimWorld::seed(QStringLiteral("fleet"), stores, true, now, &error), qPrintable(error));
        int objects = 0;
        QSet<QString> movers;
        QSet<QString> states;
        for (SimStore *store : std::as_const(stores)) {
            for (const QString &resource : {kRS, kRD}) {
                const QList<QJsonObject> list = store->list(resource);
                objects += list.size();
                for (const QJsonObject &object : list) {
                    movers.insert(moverOf(object));
                    states.insert(stateOf(object, now));
                }
            }
        }
        QCOMPARE(objects, 500);
        QCOMPARE(movers,
            (QSet<QString> {QStringLiteral("rsync"), QStringLiteral("rsyncTLS"), QStringLiteral("restic"),
                QStringLiteral("rclone"), QStringLiteral("syncthing")}));
        for (const char *state : {"healthy", "late", "critical", "failing", "paused", "manual only"})
            QVERIFY2(states.contains(QLatin1String(state)), state);

        // Each unmanaged object shows the state the world promises.
        const QList<SimFleetObject> unmanaged = SimFleetWorld::unmanagedObjects(clusters);
        QCOMPARE(unmanaged.size(), 220);
        for (const SimFleetObject &o : unmanaged) {
            const QJsonObject object = f.object(o.cluster, o.resource, o.namespaceName, o.name);
            QVERIFY2(!object.isEmpty(), qPrintable(o.name));
            QVERIFY(SimFleetMovers::operates(object));
            QCOMPARE(moverOf(object), o.mover);
            QCOMPARE(stateOf(object, now), o.expectedState);
        }
        // So does each relationship's source, but the failing one, which fails at its first run.
        const QList<SimDemoRelationship> relationships = SimFleetWorld::relationships(clusters);
        QCOMPARE(relationships.size(), 140);
        for (int i = 0; i < relationships.size(); ++i) {
            const SimDemoRelationship &r = relationships.at(i);
            const QJsonObject rs = f.object(r.sourceCluster, kRS, r.sourceNamespace, r.rsName);
            QVERIFY2(!rs.isEmpty(), qPrintable(r.name));
            QVERIFY(!f.object(r.destinationCluster, kRD, r.destinationNamespace, r.rdName).isEmpty());
            const QString expected = SimFleetWorld::expectedState(i % SimFleetWorld::kRelationshipsPerCluster);
            if (expected != QLatin1String("failing"))
                QCOMPARE(stateOf(rs, now), expected);
        }
        // The failing relationships fail as soon as the operator runs them.
        for (int i = 0; i < relationships.size(); ++i) {
            const SimDemoRelationship &r = relationships.at(i);
            if (!r.failing)
                continue;
            QVERIFY2(OperatorFixture::waitFor(
                         [&] {
                             return stateOf(f.object(r.sourceCluster, kRS, r.sourceNamespace, r.rsName), f.op()->now())
                                 == QLatin1String("failing");
                         },
                         20000),
                qPrintable(r.name
                    + QString::fromUtf8(QJsonDocument(f.status(r.sourceCluster, kRS, r.sourceNamespace, r.rsName))
                                            .toJson(QJsonDocument::Compact))));
        }
    }

    void schedulesKeepFiringUnderTheScaledClock()
    {
        // Two clusters are enough for one of each kind; the clock runs 1000 times as fast.
        const QStringList clusters {QStringLiteral("a"), QStringLiteral("b")};
        OperatorFixture f(clusters);
        QString error;
        QVERIFY2(SimWorld::seed(QStringLiteral("fleet"), {f.store(clusters[0]), f.store(clusters[1])}, true,
                     f.op()->now(), &error),
            qPrintable(error));
        const QString a = clusters[0];
        const QString backups = QStringLiteral("backups");
        const QString wiki = lastSync(f, a, kRS, backups, QStringLiteral("wiki-backup"));
        const QString stuck = lastSync(f, a, kRS, backups, QStringLiteral("metrics-backup"));
        const QString paused = lastSync(f, a, kRS, backups, QStringLiteral("old-backup"));
        // An hourly restic backup syncs again, and again an hour later.
        QVERIFY(OperatorFixture::waitFor(
            [&] { return lastSync(f, a, kRS, backups, QStringLiteral("wiki-backup")) != wiki; }, 20000));
        const QString second = lastSync(f, a, kRS, backups, QStringLiteral("wiki-backup"));
        QVERIFY(OperatorFixture::waitFor(
            [&] { return lastSync(f, a, kRS, backups, QStringLiteral("wiki-backup")) != second; }, 20000));
        // rclone on both sides and the rsync-TLS relationships sync too.
        const QString rclone = lastSync(f, a, kRD, QStringLiteral("distribution"), QStringLiteral("assets-pull"));
        QVERIFY(OperatorFixture::waitFor(
            [&] {
                return lastSync(f, a, kRD, QStringLiteral("distribution"), QStringLiteral("assets-pull")) != rclone;
            },
            20000));
        const SimDemoRelationship payments = SimFleetWorld::relationships(clusters).constFirst();
        const QString rsync = lastSync(f, a, kRS, payments.sourceNamespace, payments.rsName);
        QVERIFY(OperatorFixture::waitFor(
            [&] { return lastSync(f, a, kRS, payments.sourceNamespace, payments.rsName) != rsync; }, 20000));

        // The stuck backup never finishes and turns critical; the paused one never starts; the failing one fails again.
        QCOMPARE(lastSync(f, a, kRS, backups, QStringLiteral("metrics-backup")), stuck);
        QCOMPARE(lastSync(f, a, kRS, backups, QStringLiteral("old-backup")), paused);
        QVERIFY(OperatorFixture::waitFor(
            [&] {
                return stateOf(f.object(a, kRS, backups, QStringLiteral("metrics-backup")), f.op()->now())
                    == QLatin1String("critical");
            },
            20000));
        QCOMPARE(stateOf(f.object(a, kRS, backups, QStringLiteral("mail-backup")), f.op()->now()),
            QStringLiteral("failing"));

        // Un-stuck, it finishes its run and recovers.
        QJsonObject object = f.object(a, kRS, backups, QStringLiteral("metrics-backup"));
        QJsonObject metadata = object.value(QLatin1String("metadata")).toObject();
        QJsonObject annotations = metadata.value(QLatin1String("annotations")).toObject();
        annotations.insert(QLatin1String(SimFleetMovers::kBehaviourAnnotation), QStringLiteral("ok"));
        metadata.insert(QStringLiteral("annotations"), annotations);
        object.insert(QStringLiteral("metadata"), metadata);
        QVERIFY(f.store(a)->update(kRS, backups, object).ok());
        QVERIFY(OperatorFixture::waitFor(
            [&] {
                return stateOf(f.object(a, kRS, backups, QStringLiteral("metrics-backup")), f.op()->now())
                    == QLatin1String("healthy");
            },
            20000));
        QVERIFY(f.op()->fleetMovers()->runsStarted() > 0);
        // The operator left the other movers alone: no "only runs rsync" error on them.
        QVERIFY(!f.synchronizingMessage(a, kRS, backups, QStringLiteral("wiki-backup"))
                     .contains(QStringLiteral("only runs")));
    }

    void commandLineBringsTwentyClusters()
    {
        for (const auto &[arguments, expected] : {
                 std::pair {QStringList {QStringLiteral("--seed"), QStringLiteral("fleet")}, 20},
                 std::pair {QStringList {QStringLiteral("--seed"), QStringLiteral("fleet"),
                                QStringLiteral("--clusters"), QStringLiteral("x,y,z")},
                     3},
                 std::pair {QStringList {QStringLiteral("--seed"), QStringLiteral("demo")}, 1},
             }) {
            QCommandLineParser parser;
            SimCommandLine::addOptions(parser);
            QVERIFY(parser.parse(QStringList {QStringLiteral("volsync-sim")} + arguments
                + QStringList {QStringLiteral("--kubeconfig-out"), QStringLiteral("k.yaml")}));
            SimRunOptions options;
            QString error;
            QVERIFY2(SimCommandLine::read(parser, &options, &error), qPrintable(error));
            QCOMPARE(options.simulator.clusters.size(), expected);
        }
    }
};

QTEST_GUILESS_MAIN(TestSimFleetWorld)
#include "test_simfleetworld.moc"
