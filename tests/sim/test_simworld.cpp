// SPDX-License-Identifier: GPL-3.0-or-later
#include "operatorfixture.h"

#include "sim/simworld.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kKind = QStringLiteral("kind");
const QString kGcp = QStringLiteral("gcp");

QStringList names(const QList<QJsonObject> &objects)
{
    QStringList result;
    for (const QJsonObject &object : objects) {
        const QJsonObject meta = object.value(QStringLiteral("metadata")).toObject();
        const QString ns = meta.value(QStringLiteral("namespace")).toString();
        result.append(ns.isEmpty() ? meta.value(QStringLiteral("name")).toString()
                                   : ns + QLatin1Char('/') + meta.value(QStringLiteral("name")).toString());
    }
    return result;
}

bool privileged(const SimStore *store, const QString &ns)
{
    return store->get(QStringLiteral("namespaces"), QString(), ns)
               ->value(QStringLiteral("metadata"))
               .toObject()
               .value(QStringLiteral("annotations"))
               .toObject()
               .value(QStringLiteral("volsync.backube/privileged-movers"))
               .toString()
        == QLatin1String("true");
}

const QStringList kBaseNamespaces {QStringLiteral("default"), QStringLiteral("kube-node-lease"),
    QStringLiteral("kube-public"), QStringLiteral("kube-system")};

} // namespace

class TestSimWorld : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void seedNames();
    void empty();
    void seedExample();
    void seedExampleWithoutPrivilegedMovers();
    void seedExampleOtherClusterNames();
    void seedExampleUpstreamFlow();
    void demo();
    void unknownSeed();
    void clustersFor();
};

void TestSimWorld::seedNames()
{
    QCOMPARE(SimWorld::seedNames(),
        (QStringList {
            QStringLiteral("empty"), QStringLiteral("seed-example"), QStringLiteral("demo"), QStringLiteral("fleet")}));
    QVERIFY(SimWorld::isSeed(QStringLiteral("demo")));
    QVERIFY(!SimWorld::isSeed(QStringLiteral("Demo")));
}

void TestSimWorld::empty()
{
    OperatorFixture f;
    QString error;
    QVERIFY(SimWorld::seed(QStringLiteral("empty"), {f.store(kKind), f.store(kGcp)}, true, f.op()->now(), &error));
    QVERIFY(error.isEmpty());
    for (const QString &cluster : {kKind, kGcp}) {
        QCOMPARE(names(f.store(cluster)->list(QStringLiteral("namespaces"))), kBaseNamespaces);
        for (const QString &resource : {QStringLiteral("persistentvolumeclaims"), QStringLiteral("pods"),
                 QStringLiteral("storageclasses"), QStringLiteral("replicationsources")}) {
            QVERIFY(f.store(cluster)->list(resource).isEmpty());
        }
        QCOMPARE(f.store(cluster)
                     ->get(QStringLiteral("namespaces"), QString(), QStringLiteral("default"))
                     ->value(QStringLiteral("status"))
                     .toObject()
                     .value(QStringLiteral("phase"))
                     .toString(),
            QStringLiteral("Active"));
    }
}

void TestSimWorld::seedExample()
{
    OperatorFixture f;
    QString error;
    QVERIFY(
        SimWorld::seed(QStringLiteral("seed-example"), {f.store(kKind), f.store(kGcp)}, true, f.op()->now(), &error));
    SimStore *kind = f.store(kKind);
    SimStore *gcp = f.store(kGcp);
    QStringList expected = kBaseNamespaces + QStringList {QStringLiteral("source")};
    expected.sort();
    QCOMPARE(names(kind->list(QStringLiteral("namespaces"))), expected);
    expected = kBaseNamespaces + QStringList {QStringLiteral("destns")};
    expected.sort();
    QCOMPARE(names(gcp->list(QStringLiteral("namespaces"))), expected);
    QVERIFY(privileged(kind, QStringLiteral("source")));
    QVERIFY(privileged(gcp, QStringLiteral("destns")));
    QVERIFY(!privileged(kind, QStringLiteral("default")));

    const QJsonObject pvc
        = *kind->get(QStringLiteral("persistentvolumeclaims"), QStringLiteral("source"), QStringLiteral("datavol"));
    const QJsonObject spec = pvc.value(QStringLiteral("spec")).toObject();
    QCOMPARE(spec.value(QStringLiteral("storageClassName")).toString(), QStringLiteral("csi-hostpath-sc"));
    QCOMPARE(spec.value(QStringLiteral("accessModes")).toArray(), QJsonArray {QStringLiteral("ReadWriteOnce")});
    QCOMPARE(spec.value(QStringLiteral("resources"))
                 .toObject()
                 .value(QStringLiteral("requests"))
                 .toObject()
                 .value(QStringLiteral("storage"))
                 .toString(),
        QStringLiteral("3Gi"));
    QCOMPARE(pvc.value(QStringLiteral("status")).toObject().value(QStringLiteral("phase")).toString(),
        QStringLiteral("Bound"));

    QCOMPARE(names(kind->list(QStringLiteral("pods"))), QStringList {QStringLiteral("source/busybox")});
    const QJsonObject pod = *kind->get(QStringLiteral("pods"), QStringLiteral("source"), QStringLiteral("busybox"));
    QCOMPARE(pod.value(QStringLiteral("spec"))
                 .toObject()
                 .value(QStringLiteral("volumes"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QStringLiteral("persistentVolumeClaim"))
                 .toObject()
                 .value(QStringLiteral("claimName"))
                 .toString(),
        QStringLiteral("datavol"));
    QCOMPARE(pod.value(QStringLiteral("spec"))
                 .toObject()
                 .value(QStringLiteral("containers"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QStringLiteral("image"))
                 .toString(),
        QStringLiteral("busybox"));
    QCOMPARE(pod.value(QStringLiteral("status")).toObject().value(QStringLiteral("phase")).toString(),
        QStringLiteral("Running"));

    QVERIFY(names(kind->list(QStringLiteral("storageclasses"))).contains(QStringLiteral("csi-hostpath-sc")));
    QCOMPARE(kind->get(QStringLiteral("storageclasses"), QString(), QStringLiteral("csi-hostpath-sc"))
                 ->value(QStringLiteral("provisioner"))
                 .toString(),
        QStringLiteral("hostpath.csi.k8s.io"));
    QCOMPARE(names(kind->list(QStringLiteral("volumesnapshotclasses"))),
        QStringList {QStringLiteral("csi-hostpath-snapclass")});
    QVERIFY(names(gcp->list(QStringLiteral("storageclasses"))).contains(QStringLiteral("standard-csi")));
    QCOMPARE(names(gcp->list(QStringLiteral("volumesnapshotclasses"))), QStringList {QStringLiteral("csi-gce-pd-vsc")});
    QVERIFY(gcp->list(QStringLiteral("persistentvolumeclaims")).isEmpty());
}

void TestSimWorld::seedExampleWithoutPrivilegedMovers()
{
    OperatorFixture f;
    QString error;
    QVERIFY(
        SimWorld::seed(QStringLiteral("seed-example"), {f.store(kKind), f.store(kGcp)}, false, f.op()->now(), &error));
    QVERIFY(!privileged(f.store(kKind), QStringLiteral("source")));
    QVERIFY(!privileged(f.store(kGcp), QStringLiteral("destns")));
}

void TestSimWorld::seedExampleOtherClusterNames()
{
    OperatorFixture f({QStringLiteral("east"), QStringLiteral("west")});
    QString error;
    QVERIFY(SimWorld::seed(QStringLiteral("seed-example"),
        {f.store(QStringLiteral("east")), f.store(QStringLiteral("west"))}, true, f.op()->now(), &error));
    QVERIFY(f.store(QStringLiteral("east"))
                ->get(QStringLiteral("persistentvolumeclaims"), QStringLiteral("source"), QStringLiteral("datavol")));
    QVERIFY(f.store(QStringLiteral("west"))->get(QStringLiteral("namespaces"), QString(), QStringLiteral("destns")));
}

void TestSimWorld::seedExampleUpstreamFlow()
{
    // What `kubectl volsync replication` does for the README example, against the seeded world.
    OperatorFixture f;
    QString error;
    QVERIFY(
        SimWorld::seed(QStringLiteral("seed-example"), {f.store(kKind), f.store(kGcp)}, true, f.op()->now(), &error));
    QVERIFY(f.store(kGcp)
                ->create(QStringLiteral("replicationdestinations"), QStringLiteral("destns"),
                    QJsonObject {{QStringLiteral("metadata"),
                                     QJsonObject {{QStringLiteral("name"), QStringLiteral("datavol-dst")}}},
                        {QStringLiteral("spec"),
                            QJsonObject {{QStringLiteral("rsync"),
                                QJsonObject {{QStringLiteral("copyMethod"), QStringLiteral("Snapshot")},
                                    {QStringLiteral("capacity"), QStringLiteral("3Gi")},
                                    {QStringLiteral("accessModes"), QJsonArray {QStringLiteral("ReadWriteOnce")}},
                                    {QStringLiteral("serviceType"), QStringLiteral("LoadBalancer")},
                                    {QStringLiteral("volumeSnapshotClassName"), QStringLiteral("csi-gce-pd-vsc")}}}}}})
                .ok());
    QJsonObject rsync;
    QVERIFY(f.waitFor([&] {
        rsync = f.status(kGcp, QStringLiteral("replicationdestinations"), QStringLiteral("destns"),
                     QStringLiteral("datavol-dst"))
                    .value(QStringLiteral("rsync"))
                    .toObject();
        return rsync.contains(QStringLiteral("address"));
    }));
    f.copySecret(kGcp, QStringLiteral("destns"), rsync.value(QStringLiteral("sshKeys")).toString(), kKind,
        QStringLiteral("source"), QStringLiteral("datavol-abcde"));
    QSignalSpy finished(f.op(), &SimOperator::syncFinished);
    f.createSource(kKind, QStringLiteral("source"), QStringLiteral("datavol-abcde"), QStringLiteral("datavol"),
        QJsonObject {{QStringLiteral("copyMethod"), QStringLiteral("Clone")},
            {QStringLiteral("address"), rsync.value(QStringLiteral("address"))},
            {QStringLiteral("sshKeys"), QStringLiteral("datavol-abcde")}},
        QJsonObject {{QStringLiteral("schedule"), QStringLiteral("0 0 1 1 *")}});
    QVERIFY(finished.wait(3000));
    QVERIFY2(finished.first().at(3).toBool(), qPrintable(finished.first().at(4).toString()));
    const QJsonObject image = f.status(kGcp, QStringLiteral("replicationdestinations"), QStringLiteral("destns"),
                                   QStringLiteral("datavol-dst"))
                                  .value(QStringLiteral("latestImage"))
                                  .toObject();
    const QJsonObject snapshot = f.object(kGcp, QStringLiteral("volumesnapshots"), QStringLiteral("destns"),
        image.value(QStringLiteral("name")).toString());
    QCOMPARE(
        snapshot.value(QStringLiteral("spec")).toObject().value(QStringLiteral("volumeSnapshotClassName")).toString(),
        QStringLiteral("csi-gce-pd-vsc"));
    // 3Gi source: the rsync summary reports a size below it.
    QVERIFY(
        f.status(kKind, QStringLiteral("replicationsources"), QStringLiteral("source"), QStringLiteral("datavol-abcde"))
            .value(QStringLiteral("latestMoverStatus"))
            .toObject()
            .value(QStringLiteral("logs"))
            .toString()
            .contains(QLatin1String("total size is ")));
}

void TestSimWorld::demo()
{
    OperatorFixture f;
    QSignalSpy finished(f.op(), &SimOperator::syncFinished);
    QString error;
    QVERIFY2(SimWorld::seed(QStringLiteral("demo"), {f.store(kKind), f.store(kGcp)}, true, f.op()->now(), &error),
        qPrintable(error));
    const QList<SimDemoRelationship> relationships = SimWorld::demoRelationships({kKind, kGcp});
    QVERIFY(relationships.size() >= 3);
    QSet<QString> ids;
    int failing = 0;
    for (const SimDemoRelationship &r : relationships) {
        ids.insert(r.id);
        failing += r.failing ? 1 : 0;
        const QString selector = QStringLiteral("volsync.backube/relationship=") + r.id;
        QCOMPARE(names(f.store(r.sourceCluster)->list(QStringLiteral("replicationsources"), QString(), selector)),
            QStringList {r.sourceNamespace + QLatin1Char('/') + r.rsName});
        QCOMPARE(names(f.store(r.sourceCluster)->list(QStringLiteral("secrets"), QString(), selector)),
            QStringList {r.sourceNamespace + QLatin1Char('/') + r.rsName});
        QCOMPARE(
            names(f.store(r.destinationCluster)->list(QStringLiteral("replicationdestinations"), QString(), selector)),
            QStringList {r.destinationNamespace + QLatin1Char('/') + r.rdName});
        QVERIFY(
            f.store(r.sourceCluster)->get(QStringLiteral("persistentvolumeclaims"), r.sourceNamespace, r.sourcePvc));
    }
    QCOMPARE(ids.size(), relationships.size());
    QCOMPARE(failing, 1);
    // One failed over (issue 14): its destination and source paused, the destination marked, the promoted PVC
    // restored from the latest image; the reverse relationship's source is that PVC (checked above).
    int failedOver = 0;
    for (const SimDemoRelationship &r : relationships) {
        if (!r.failedOver)
            continue;
        ++failedOver;
        const QJsonObject rd = *f.store(r.destinationCluster)
                                    ->get(QStringLiteral("replicationdestinations"), r.destinationNamespace, r.rdName);
        QVERIFY(rd.value(QStringLiteral("spec")).toObject().value(QStringLiteral("paused")).toBool());
        // It failed over after the sync its data comes from.
        const QDateTime failedOverAt
            = QDateTime::fromString(rd.value(QStringLiteral("metadata"))
                                        .toObject()
                                        .value(QStringLiteral("annotations"))
                                        .toObject()
                                        .value(QStringLiteral("volsync-desktop/failed-over-at"))
                                        .toString(),
                Qt::ISODate);
        const QDateTime lastSync = QDateTime::fromString(
            rd.value(QStringLiteral("status")).toObject().value(QStringLiteral("lastSyncTime")).toString(),
            Qt::ISODate);
        QVERIFY(lastSync.isValid() && failedOverAt > lastSync);
        QVERIFY(f.store(r.sourceCluster)
                    ->get(QStringLiteral("replicationsources"), r.sourceNamespace, r.rsName)
                    ->value(QStringLiteral("spec"))
                    .toObject()
                    .value(QStringLiteral("paused"))
                    .toBool());
        const auto promoted = f.store(r.destinationCluster)
                                  ->get(QStringLiteral("persistentvolumeclaims"), r.destinationNamespace, r.rdName);
        QVERIFY(promoted);
        QCOMPARE(promoted->value(QStringLiteral("spec"))
                     .toObject()
                     .value(QStringLiteral("dataSource"))
                     .toObject()
                     .value(QStringLiteral("name")),
            rd.value(QStringLiteral("status"))
                .toObject()
                .value(QStringLiteral("latestImage"))
                .toObject()
                .value(QStringLiteral("name")));
        bool reverse = false;
        for (const SimDemoRelationship &other : relationships) {
            reverse = reverse
                || (other.sourceCluster == r.destinationCluster && other.sourceNamespace == r.destinationNamespace
                    && other.sourcePvc == r.rdName && other.destinationCluster == r.sourceCluster
                    && other.destinationNamespace == r.sourceNamespace && other.rdName == r.sourcePvc);
        }
        QVERIFY(reverse);
    }
    QCOMPARE(failedOver, 1);
    // Varied PVC sizes in several namespaces.
    QSet<QString> sizes;
    QSet<QString> namespaces;
    const QList<QJsonObject> pvcs = f.store(kKind)->list(QStringLiteral("persistentvolumeclaims"));
    for (const QJsonObject &pvc : pvcs) {
        sizes.insert(pvc.value(QStringLiteral("status"))
                         .toObject()
                         .value(QStringLiteral("capacity"))
                         .toObject()
                         .value(QStringLiteral("storage"))
                         .toString());
        namespaces.insert(
            pvc.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("namespace")).toString());
    }
    QVERIFY(sizes.size() >= 5);
    QVERIFY(namespaces.size() >= 4);

    // Running: the healthy relationships succeed, the failing one fails on its keys.
    QVERIFY(f.waitFor(
        [&] {
            for (const SimDemoRelationship &r : relationships) {
                const QString result
                    = f.status(r.sourceCluster, QStringLiteral("replicationsources"), r.sourceNamespace, r.rsName)
                          .value(QStringLiteral("latestMoverStatus"))
                          .toObject()
                          .value(QStringLiteral("result"))
                          .toString();
                if (result != (r.failing ? QLatin1String("Failed") : QLatin1String("Successful"))) {
                    return false;
                }
            }
            return true;
        },
        5000));
    bool sawKeyFailure = false;
    for (const QList<QVariant> &run : std::as_const(finished)) {
        sawKeyFailure
            = sawKeyFailure || (!run.at(3).toBool() && run.at(4).toString().contains(QLatin1String("do not match")));
    }
    QVERIFY(sawKeyFailure);
    // A manual relationship keeps its tag and does not sync again.
    for (const SimDemoRelationship &r : relationships) {
        if (!r.manual.isEmpty()) {
            QCOMPARE(f.status(r.sourceCluster, QStringLiteral("replicationsources"), r.sourceNamespace, r.rsName)
                         .value(QStringLiteral("lastManualSync"))
                         .toString(),
                r.manual);
        }
    }
}

void TestSimWorld::unknownSeed()
{
    OperatorFixture f;
    QString error;
    QVERIFY(!SimWorld::seed(QStringLiteral("nope"), {f.store(kKind)}, true, f.op()->now(), &error));
    QVERIFY(error.contains(QLatin1String("seed-example")));
    QVERIFY(f.store(kKind)->isEmpty());
}

void TestSimWorld::clustersFor()
{
    QCOMPARE(SimWorld::clustersFor(QStringLiteral("demo")), (QStringList {kKind, kGcp}));
    QCOMPARE(SimWorld::clustersFor(QStringLiteral("seed-example")), (QStringList {kKind, kGcp}));
    QCOMPARE(SimWorld::clustersFor(QStringLiteral("empty")), QStringList {kKind});
}

QTEST_GUILESS_MAIN(TestSimWorld)
#include "test_simworld.moc"
