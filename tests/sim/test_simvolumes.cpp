// SPDX-License-Identifier: GPL-3.0-or-later
// The storage side of the simulator (SimVolumeController): binding, WaitForFirstConsumer, snapshots, restores,
// VolSync's volume populator, the volumes' content moved by mover runs, do-not-delete, a paused destination,
// and the admin endpoint that reads and writes content.
#include "operatorfixture.h"
#include "simapitestclient.h"
#include "simfixture.h"

#include "sim/simcluster.h"
#include "sim/simvolumecontroller.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace {

const QString kPVC = QStringLiteral("persistentvolumeclaims");
const QString kSnapshots = QStringLiteral("volumesnapshots");
const QString kRD = QStringLiteral("replicationdestinations");
const QString kRS = QStringLiteral("replicationsources");
const QString kSource = QStringLiteral("source");
const QString kDest = QStringLiteral("dest");

QJsonObject meta(const QString &name)
{
    return QJsonObject {{QStringLiteral("name"), name}};
}

void addStorageClass(SimStore *store, const QString &name, const QString &bindingMode, bool isDefault = false)
{
    QJsonObject metadata = meta(name);
    if (isDefault) {
        metadata.insert(QStringLiteral("annotations"),
            QJsonObject {{QStringLiteral("storageclass.kubernetes.io/is-default-class"), QStringLiteral("true")}});
    }
    const SimStoreResult result = store->create(QStringLiteral("storageclasses"), QString(),
        QJsonObject {{QStringLiteral("metadata"), metadata}, {QStringLiteral("provisioner"), QStringLiteral("sim")},
            {QStringLiteral("volumeBindingMode"), bindingMode}});
    QVERIFY2(result.ok(), qPrintable(result.message()));
}

// A PVC as a user creates it: Pending, with an optional storage class and data source.
void createClaim(SimStore *store, const QString &ns, const QString &name, const QString &size,
    const QString &storageClass = {}, const QJsonObject &dataSource = {}, bool asRef = false)
{
    QJsonObject spec {{QStringLiteral("accessModes"), QJsonArray {QStringLiteral("ReadWriteOnce")}},
        {QStringLiteral("resources"),
            QJsonObject {{QStringLiteral("requests"), QJsonObject {{QStringLiteral("storage"), size}}}}}};
    if (!storageClass.isEmpty())
        spec.insert(QStringLiteral("storageClassName"), storageClass);
    if (!dataSource.isEmpty())
        spec.insert(asRef ? QStringLiteral("dataSourceRef") : QStringLiteral("dataSource"), dataSource);
    const SimStoreResult result = store->create(kPVC, ns,
        QJsonObject {{QStringLiteral("metadata"), meta(name)}, {QStringLiteral("spec"), spec},
            {QStringLiteral("status"), QJsonObject {{QStringLiteral("phase"), QStringLiteral("Pending")}}}});
    QVERIFY2(result.ok(), qPrintable(result.message()));
}

QJsonObject snapshotSource(const QString &name)
{
    return QJsonObject {{QStringLiteral("apiGroup"), QStringLiteral("snapshot.storage.k8s.io")},
        {QStringLiteral("kind"), QStringLiteral("VolumeSnapshot")}, {QStringLiteral("name"), name}};
}

QString phaseOf(const OperatorFixture &f, const QString &cluster, const QString &ns, const QString &name)
{
    return f.status(cluster, kPVC, ns, name).value(QStringLiteral("phase")).toString();
}

SimVolumeContent content(const QString &generation, qint64 bytes)
{
    return SimVolumeContent {generation, bytes};
}

} // namespace

class TestSimVolumes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void immediateClassBindsAtOnce();
    void waitForFirstConsumerWaitsForAPod();
    void moverRunsCarryContentIntoSnapshots();
    void restoreFromSnapshotGetsItsContent();
    void doNotDeleteLabelKeepsASnapshot();
    void volumePopulatorRestoresTheLatestImage();
    void pausedDestinationRunsNoMover();
    void userSnapshotBecomesReadyWithFrozenContent();
    void adminEndpointReadsAndWritesContent();

private:
    // A Snapshot-method pair with a manual trigger; syncs once per call of sync().
    static bool setUpSnapshotPair(OperatorFixture &f);
    static bool sync(OperatorFixture &f, const QString &trigger);
    static QString latestImage(const OperatorFixture &f);
};

bool TestSimVolumes::setUpSnapshotPair(OperatorFixture &f)
{
    return f.setUpPair(QStringLiteral("kind"), QStringLiteral("gcp"),
        QJsonObject {{QStringLiteral("copyMethod"), QStringLiteral("Snapshot")},
            {QStringLiteral("serviceType"), QStringLiteral("LoadBalancer")},
            {QStringLiteral("capacity"), QStringLiteral("3Gi")},
            {QStringLiteral("accessModes"), QJsonArray {QStringLiteral("ReadWriteOnce")}}},
        QJsonObject {{QStringLiteral("manual"), QStringLiteral("first")}});
}

bool TestSimVolumes::sync(OperatorFixture &f, const QString &trigger)
{
    f.setTrigger(
        QStringLiteral("kind"), kSource, QStringLiteral("rs"), QJsonObject {{QStringLiteral("manual"), trigger}});
    return OperatorFixture::waitFor([&] {
        return f.status(QStringLiteral("kind"), kRS, kSource, QStringLiteral("rs"))
                   .value(QStringLiteral("lastManualSync"))
                   .toString()
            == trigger;
    });
}

QString TestSimVolumes::latestImage(const OperatorFixture &f)
{
    return f.status(QStringLiteral("gcp"), kRD, kDest, QStringLiteral("rd"))
        .value(QStringLiteral("latestImage"))
        .toObject()
        .value(QStringLiteral("name"))
        .toString();
}

void TestSimVolumes::immediateClassBindsAtOnce()
{
    OperatorFixture f({QStringLiteral("kind")});
    SimStore *store = f.store(QStringLiteral("kind"));
    addStorageClass(store, QStringLiteral("standard"), QStringLiteral("Immediate"), true);
    f.addNamespace(QStringLiteral("kind"), QStringLiteral("app"));
    createClaim(store, QStringLiteral("app"), QStringLiteral("data"), QStringLiteral("2Gi"));
    QVERIFY(OperatorFixture::waitFor([&] {
        return phaseOf(f, QStringLiteral("kind"), QStringLiteral("app"), QStringLiteral("data"))
            == QLatin1String("Bound");
    }));
    const QJsonObject pvc = f.object(QStringLiteral("kind"), kPVC, QStringLiteral("app"), QStringLiteral("data"));
    const QString uid = pvc.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("uid")).toString();
    QCOMPARE(pvc.value(QStringLiteral("spec")).toObject().value(QStringLiteral("volumeName")).toString(),
        QStringLiteral("pvc-") + uid);
    const QJsonObject status = pvc.value(QStringLiteral("status")).toObject();
    QCOMPARE(status.value(QStringLiteral("capacity")).toObject().value(QStringLiteral("storage")).toString(),
        QStringLiteral("2Gi"));
    QCOMPARE(status.value(QStringLiteral("accessModes")).toArray(), QJsonArray {QStringLiteral("ReadWriteOnce")});
    QVERIFY(SimVolumeController::content(store, QStringLiteral("app"), QStringLiteral("data")).isEmpty());
}

void TestSimVolumes::waitForFirstConsumerWaitsForAPod()
{
    OperatorFixture f({QStringLiteral("kind")});
    SimStore *store = f.store(QStringLiteral("kind"));
    addStorageClass(store, QStringLiteral("standard"), QStringLiteral("Immediate"));
    addStorageClass(store, QStringLiteral("local"), QStringLiteral("WaitForFirstConsumer"));
    f.addNamespace(QStringLiteral("kind"), QStringLiteral("app"));
    createClaim(store, QStringLiteral("app"), QStringLiteral("late"), QStringLiteral("1Gi"), QStringLiteral("local"));
    createClaim(
        store, QStringLiteral("app"), QStringLiteral("early"), QStringLiteral("1Gi"), QStringLiteral("standard"));
    // Both claims are looked at in the same pass: once the Immediate one is Bound, the other was passed over.
    QVERIFY(OperatorFixture::waitFor([&] {
        return phaseOf(f, QStringLiteral("kind"), QStringLiteral("app"), QStringLiteral("early"))
            == QLatin1String("Bound");
    }));
    QCOMPARE(
        phaseOf(f, QStringLiteral("kind"), QStringLiteral("app"), QStringLiteral("late")), QStringLiteral("Pending"));
    const SimStoreResult pod = store->create(QStringLiteral("pods"), QStringLiteral("app"),
        QJsonObject {{QStringLiteral("metadata"), meta(QStringLiteral("app"))},
            {QStringLiteral("spec"),
                QJsonObject {{QStringLiteral("containers"),
                                 QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("app")},
                                     {QStringLiteral("image"), QStringLiteral("busybox")}}}},
                    {QStringLiteral("volumes"),
                        QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("data")},
                            {QStringLiteral("persistentVolumeClaim"),
                                QJsonObject {{QStringLiteral("claimName"), QStringLiteral("late")}}}}}}}}});
    QVERIFY2(pod.ok(), qPrintable(pod.message()));
    QVERIFY(OperatorFixture::waitFor([&] {
        return phaseOf(f, QStringLiteral("kind"), QStringLiteral("app"), QStringLiteral("late"))
            == QLatin1String("Bound");
    }));
}

void TestSimVolumes::moverRunsCarryContentIntoSnapshots()
{
    OperatorFixture f;
    QVERIFY(setUpSnapshotPair(f));
    SimStore *src = f.store(QStringLiteral("kind"));
    SimStore *dst = f.store(QStringLiteral("gcp"));
    QVERIFY(sync(f, QStringLiteral("first")));
    QVERIFY(SimVolumeController::setContent(src, kSource, QStringLiteral("data"), content(QStringLiteral("A"), 100)));
    QVERIFY(sync(f, QStringLiteral("a")));
    const QString imageA = latestImage(f);
    QVERIFY(!imageA.isEmpty());
    QCOMPARE(
        SimVolumeController::content(dst, kDest, QStringLiteral("volsync-rd-dst")), content(QStringLiteral("A"), 100));
    const QString uidA = f.object(QStringLiteral("gcp"), kSnapshots, kDest, imageA)
                             .value(QStringLiteral("metadata"))
                             .toObject()
                             .value(QStringLiteral("uid"))
                             .toString();
    QCOMPARE(dst->volumeContents().value(uidA), content(QStringLiteral("A"), 100));

    // New content at the source reaches the destination only with the next run.
    QVERIFY(SimVolumeController::setContent(src, kSource, QStringLiteral("data"), content(QStringLiteral("B"), 200)));
    QCOMPARE(
        SimVolumeController::content(dst, kDest, QStringLiteral("volsync-rd-dst")), content(QStringLiteral("A"), 100));
    f.op()->clock().advance(2000); // the next image has another name (a second's resolution)
    QVERIFY(sync(f, QStringLiteral("b")));
    const QString imageB = latestImage(f);
    QVERIFY(imageB != imageA);
    const QString uidB = f.object(QStringLiteral("gcp"), kSnapshots, kDest, imageB)
                             .value(QStringLiteral("metadata"))
                             .toObject()
                             .value(QStringLiteral("uid"))
                             .toString();
    QCOMPARE(dst->volumeContents().value(uidB), content(QStringLiteral("B"), 200));
    // The previous, unlabelled image went, and its content with it.
    QVERIFY(!dst->get(kSnapshots, kDest, imageA));
    QVERIFY(!dst->volumeContents().contains(uidA));
}

void TestSimVolumes::restoreFromSnapshotGetsItsContent()
{
    OperatorFixture f;
    QVERIFY(setUpSnapshotPair(f));
    SimStore *src = f.store(QStringLiteral("kind"));
    SimStore *dst = f.store(QStringLiteral("gcp"));
    addStorageClass(dst, QStringLiteral("standard"), QStringLiteral("Immediate"), true);
    QVERIFY(SimVolumeController::setContent(src, kSource, QStringLiteral("data"), content(QStringLiteral("A"), 100)));
    QVERIFY(sync(f, QStringLiteral("a")));
    const QString image = latestImage(f);
    const QJsonObject snapshotStatus = f.status(QStringLiteral("gcp"), kSnapshots, kDest, image);
    QVERIFY(snapshotStatus.value(QStringLiteral("readyToUse")).toBool());
    QCOMPARE(snapshotStatus.value(QStringLiteral("restoreSize")).toString(), QStringLiteral("3Gi"));
    QVERIFY(!snapshotStatus.value(QStringLiteral("creationTime")).toString().isEmpty());

    // Requested smaller than the snapshot: the restore gets the snapshot's size.
    createClaim(dst, kDest, QStringLiteral("restored"), QStringLiteral("1Gi"), {}, snapshotSource(image));
    // The restore takes restoreDelayMs: Pending until then.
    QCOMPARE(phaseOf(f, QStringLiteral("gcp"), kDest, QStringLiteral("restored")), QStringLiteral("Pending"));
    QVERIFY(OperatorFixture::waitFor([&] {
        return phaseOf(f, QStringLiteral("gcp"), kDest, QStringLiteral("restored")) == QLatin1String("Bound");
    }));
    QCOMPARE(SimVolumeController::content(dst, kDest, QStringLiteral("restored")), content(QStringLiteral("A"), 100));
    QCOMPARE(f.status(QStringLiteral("gcp"), kPVC, kDest, QStringLiteral("restored"))
                 .value(QStringLiteral("capacity"))
                 .toObject()
                 .value(QStringLiteral("storage"))
                 .toString(),
        QStringLiteral("3Gi"));

    // A snapshot that does not exist (yet) keeps the claim Pending; it binds once the snapshot is ready.
    createClaim(
        dst, kDest, QStringLiteral("later"), QStringLiteral("3Gi"), {}, snapshotSource(QStringLiteral("manual")));
    QVERIFY(SimVolumeController::setContent(dst, kDest, QStringLiteral("restored"), content(QStringLiteral("R"), 7)));
    const SimStoreResult snapshot = dst->create(kSnapshots, kDest,
        QJsonObject {{QStringLiteral("metadata"), meta(QStringLiteral("manual"))},
            {QStringLiteral("spec"),
                QJsonObject {{QStringLiteral("source"),
                    QJsonObject {{QStringLiteral("persistentVolumeClaimName"), QStringLiteral("restored")}}}}}});
    QVERIFY2(snapshot.ok(), qPrintable(snapshot.message()));
    QVERIFY(OperatorFixture::waitFor(
        [&] { return phaseOf(f, QStringLiteral("gcp"), kDest, QStringLiteral("later")) == QLatin1String("Bound"); }));
    QCOMPARE(SimVolumeController::content(dst, kDest, QStringLiteral("later")), content(QStringLiteral("R"), 7));
}

void TestSimVolumes::doNotDeleteLabelKeepsASnapshot()
{
    OperatorFixture f;
    QVERIFY(setUpSnapshotPair(f));
    SimStore *dst = f.store(QStringLiteral("gcp"));
    QVERIFY(sync(f, QStringLiteral("a")));
    const QString kept = latestImage(f);
    QJsonObject snapshot = f.object(QStringLiteral("gcp"), kSnapshots, kDest, kept);
    QJsonObject metadata = snapshot.value(QStringLiteral("metadata")).toObject();
    QJsonObject labels = metadata.value(QStringLiteral("labels")).toObject();
    labels.insert(QLatin1String(SimOperator::kDoNotDeleteLabel), QStringLiteral("true"));
    metadata.insert(QStringLiteral("labels"), labels);
    snapshot.insert(QStringLiteral("metadata"), metadata);
    QVERIFY(dst->update(kSnapshots, kDest, snapshot).ok());
    f.op()->clock().advance(2000);
    QVERIFY(sync(f, QStringLiteral("b")));
    const QString unlabelled = latestImage(f);
    QVERIFY(unlabelled != kept);
    QVERIFY(dst->get(kSnapshots, kDest, kept)); // labelled: VolSync leaves it to the user
    f.op()->clock().advance(2000);
    QVERIFY(sync(f, QStringLiteral("c")));
    QVERIFY(!dst->get(kSnapshots, kDest, unlabelled));
    QVERIFY(dst->get(kSnapshots, kDest, kept));
}

void TestSimVolumes::volumePopulatorRestoresTheLatestImage()
{
    OperatorFixture f;
    QVERIFY(setUpSnapshotPair(f));
    SimStore *src = f.store(QStringLiteral("kind"));
    SimStore *dst = f.store(QStringLiteral("gcp"));
    addStorageClass(dst, QStringLiteral("standard"), QStringLiteral("Immediate"), true);
    // Created before there is any image: it waits for one.
    createClaim(dst, kDest, QStringLiteral("populated"), QStringLiteral("3Gi"), {},
        QJsonObject {{QStringLiteral("apiGroup"), QStringLiteral("volsync.backube")},
            {QStringLiteral("kind"), QStringLiteral("ReplicationDestination")},
            {QStringLiteral("name"), QStringLiteral("rd")}},
        true);
    QVERIFY(SimVolumeController::setContent(src, kSource, QStringLiteral("data"), content(QStringLiteral("P"), 42)));
    QVERIFY(sync(f, QStringLiteral("p")));
    QVERIFY(OperatorFixture::waitFor([&] {
        return phaseOf(f, QStringLiteral("gcp"), kDest, QStringLiteral("populated")) == QLatin1String("Bound");
    }));
    QCOMPARE(SimVolumeController::content(dst, kDest, QStringLiteral("populated")), content(QStringLiteral("P"), 42));
}

void TestSimVolumes::pausedDestinationRunsNoMover()
{
    OperatorFixture f;
    QVERIFY(setUpSnapshotPair(f));
    SimStore *src = f.store(QStringLiteral("kind"));
    SimStore *dst = f.store(QStringLiteral("gcp"));
    QVERIFY(SimVolumeController::setContent(src, kSource, QStringLiteral("data"), content(QStringLiteral("A"), 1)));
    QVERIFY(sync(f, QStringLiteral("a")));
    const QString image = latestImage(f);
    QJsonObject rd = f.object(QStringLiteral("gcp"), kRD, kDest, QStringLiteral("rd"));
    QJsonObject spec = rd.value(QStringLiteral("spec")).toObject();
    spec.insert(QStringLiteral("paused"), true);
    rd.insert(QStringLiteral("spec"), spec);
    QVERIFY(dst->update(kRD, kDest, rd).ok());
    QVERIFY(SimVolumeController::setContent(src, kSource, QStringLiteral("data"), content(QStringLiteral("B"), 2)));
    QString failure;
    QObject::connect(f.op(), &SimOperator::syncFinished,
        [&](const QString &, const QString &, const QString &, bool success, const QString &message) {
            if (!success)
                failure = message;
        });
    f.setTrigger(QStringLiteral("kind"), kSource, QStringLiteral("rs"),
        QJsonObject {{QStringLiteral("manual"), QStringLiteral("b")}});
    QVERIFY(OperatorFixture::waitFor([&] { return !failure.isEmpty(); }));
    QVERIFY2(failure.contains(QStringLiteral("is paused")), qPrintable(failure));
    QCOMPARE(latestImage(f), image);
    QCOMPARE(
        SimVolumeController::content(dst, kDest, QStringLiteral("volsync-rd-dst")), content(QStringLiteral("A"), 1));
}

void TestSimVolumes::userSnapshotBecomesReadyWithFrozenContent()
{
    OperatorFixture f({QStringLiteral("kind")});
    SimStore *store = f.store(QStringLiteral("kind"));
    addStorageClass(store, QStringLiteral("standard"), QStringLiteral("Immediate"), true);
    f.addNamespace(QStringLiteral("kind"), QStringLiteral("app"));
    createClaim(store, QStringLiteral("app"), QStringLiteral("data"), QStringLiteral("5Gi"));
    QVERIFY(OperatorFixture::waitFor([&] {
        return phaseOf(f, QStringLiteral("kind"), QStringLiteral("app"), QStringLiteral("data"))
            == QLatin1String("Bound");
    }));
    QVERIFY(SimVolumeController::setContent(
        store, QStringLiteral("app"), QStringLiteral("data"), content(QStringLiteral("S"), 5)));
    const SimStoreResult created = store->create(kSnapshots, QStringLiteral("app"),
        QJsonObject {{QStringLiteral("metadata"), meta(QStringLiteral("snap"))},
            {QStringLiteral("spec"),
                QJsonObject {{QStringLiteral("source"),
                    QJsonObject {{QStringLiteral("persistentVolumeClaimName"), QStringLiteral("data")}}}}}});
    QVERIFY2(created.ok(), qPrintable(created.message()));
    QVERIFY(SimVolumeController::setContent(
        store, QStringLiteral("app"), QStringLiteral("data"), content(QStringLiteral("T"), 6)));
    QVERIFY(OperatorFixture::waitFor([&] {
        return f.status(QStringLiteral("kind"), kSnapshots, QStringLiteral("app"), QStringLiteral("snap"))
            .value(QStringLiteral("readyToUse"))
            .toBool();
    }));
    const QJsonObject status
        = f.status(QStringLiteral("kind"), kSnapshots, QStringLiteral("app"), QStringLiteral("snap"));
    QCOMPARE(status.value(QStringLiteral("restoreSize")).toString(), QStringLiteral("5Gi"));
    QCOMPARE(status.value(QStringLiteral("creationTime")).toString(),
        created.object.value(QStringLiteral("metadata"))
            .toObject()
            .value(QStringLiteral("creationTimestamp"))
            .toString());
    const QString uid
        = created.object.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("uid")).toString();
    QCOMPARE(store->volumeContents().value(uid), content(QStringLiteral("S"), 5));
}

void TestSimVolumes::adminEndpointReadsAndWritesContent()
{
    SimFixture::Options options;
    options.simulator.clusters = {QStringLiteral("kind")};
    options.operatorOptions = SimFixture::fastOperator();
    options.seed = QStringLiteral("empty");
    SimFixture sim(options);
    QString error;
    QVERIFY2(sim.start(&error), qPrintable(error));
    SimStore *store = sim.store(QStringLiteral("kind"));
    addStorageClass(store, QStringLiteral("wffc"), QStringLiteral("WaitForFirstConsumer"));
    addStorageClass(store, QStringLiteral("standard"), QStringLiteral("Immediate"), true);
    SimApiTestClient client(*sim.simulator(), QStringLiteral("kind"));
    const QString base = QStringLiteral("/_sim/volumes/namespaces/default/persistentvolumeclaims/");

    QCOMPARE(client.send("GET", base + QStringLiteral("missing")).code, 404);
    createClaim(
        store, QStringLiteral("default"), QStringLiteral("waiting"), QStringLiteral("1Gi"), QStringLiteral("wffc"));
    const auto pending = client.send("PUT", base + QStringLiteral("waiting"), R"({"generation": "A", "bytes": 10})");
    QCOMPARE(pending.code, 409);

    const QJsonObject pvc {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("kind"), QStringLiteral("PersistentVolumeClaim")},
        {QStringLiteral("metadata"), meta(QStringLiteral("data"))},
        {QStringLiteral("spec"),
            QJsonObject {{QStringLiteral("accessModes"), QJsonArray {QStringLiteral("ReadWriteOnce")}},
                {QStringLiteral("resources"),
                    QJsonObject {{QStringLiteral("requests"),
                        QJsonObject {{QStringLiteral("storage"), QStringLiteral("1Gi")}}}}}}}};
    const auto created = client.send("POST", QStringLiteral("/api/v1/namespaces/default/persistentvolumeclaims"),
        QJsonDocument(pvc).toJson(QJsonDocument::Compact));
    QCOMPARE(created.code, 201);
    QVERIFY(OperatorFixture::waitFor([&] {
        return client.send("GET", QStringLiteral("/api/v1/namespaces/default/persistentvolumeclaims/data"))
                   .json.value(QStringLiteral("status"))
                   .toObject()
                   .value(QStringLiteral("phase"))
                   .toString()
            == QLatin1String("Bound");
    }));
    QCOMPARE(client.send("PUT", base + QStringLiteral("data"), R"({"generation": 5})").code, 400);
    const auto written = client.send("PUT", base + QStringLiteral("data"), R"({"generation": "A", "bytes": 1048576})");
    QCOMPARE(written.code, 200);
    const auto read = client.send("GET", base + QStringLiteral("data"));
    QCOMPARE(read.code, 200);
    QCOMPARE(read.json.value(QStringLiteral("generation")).toString(), QStringLiteral("A"));
    QCOMPARE(read.json.value(QStringLiteral("bytes")).toInteger(), 1048576);
    QCOMPARE(SimVolumeController::content(store, QStringLiteral("default"), QStringLiteral("data")),
        content(QStringLiteral("A"), 1048576));
}

QTEST_GUILESS_MAIN(TestSimVolumes)
#include "test_simvolumes.moc"
