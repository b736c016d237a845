// SPDX-License-Identifier: GPL-3.0-or-later
#include "operatorfixture.h"

#include "sim/simkeygenerator.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

namespace {

const QString kRD = QStringLiteral("replicationdestinations");
const QString kDest = QStringLiteral("dest");

QJsonObject snapshotMover(const QString &serviceType = QStringLiteral("ClusterIP"))
{
    return QJsonObject {{QStringLiteral("copyMethod"), QStringLiteral("Snapshot")},
        {QStringLiteral("capacity"), QStringLiteral("2Gi")},
        {QStringLiteral("accessModes"), QJsonArray {QStringLiteral("ReadWriteOnce")}},
        {QStringLiteral("serviceType"), serviceType}};
}

QByteArray secretValue(const QJsonObject &secret, const QString &key)
{
    return QByteArray::fromBase64(secret.value(QStringLiteral("data")).toObject().value(key).toString().toLatin1());
}

QString ownerUid(const QJsonObject &object)
{
    return object.value(QStringLiteral("metadata"))
        .toObject()
        .value(QStringLiteral("ownerReferences"))
        .toArray()
        .first()
        .toObject()
        .value(QStringLiteral("uid"))
        .toString();
}

} // namespace

class TestSimOperatorDestination : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rsyncClusterIp();
    void loadBalancerAddressAfterDelay();
    void realSshKeys();
    void rsyncTls();
    void privilegedMoversRequired();
    void directNeedsItsPvc();
    void ownedObjectsGoWithTheDestination();
    void userSuppliedKeySecret();
};

void TestSimOperatorDestination::rsyncClusterIp()
{
    OperatorFixture f;
    f.addNamespace(QStringLiteral("gcp"), kDest);
    f.createDestination(QStringLiteral("gcp"), kDest, QStringLiteral("rd"), snapshotMover());
    QVERIFY(f.waitFor([&] {
        return !f.status(QStringLiteral("gcp"), kRD, kDest, QStringLiteral("rd"))
                    .value(QStringLiteral("rsync"))
                    .toObject()
                    .value(QStringLiteral("address"))
                    .toString()
                    .isEmpty();
    }));
    const QJsonObject rd = f.object(QStringLiteral("gcp"), kRD, kDest, QStringLiteral("rd"));
    const QString rdUid = rd.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("uid")).toString();
    const QJsonObject rsync = rd.value(QStringLiteral("status")).toObject().value(QStringLiteral("rsync")).toObject();
    QCOMPARE(rsync.value(QStringLiteral("sshKeys")).toString(), QStringLiteral("volsync-rsync-dst-src-rd"));
    QCOMPARE(rsync.value(QStringLiteral("port")).toInt(), 22);

    const QJsonObject service
        = f.object(QStringLiteral("gcp"), QStringLiteral("services"), kDest, QStringLiteral("volsync-rsync-dst-rd"));
    QVERIFY(!service.isEmpty());
    const QJsonObject serviceSpec = service.value(QStringLiteral("spec")).toObject();
    QCOMPARE(serviceSpec.value(QStringLiteral("type")).toString(), QStringLiteral("ClusterIP"));
    QCOMPARE(
        rsync.value(QStringLiteral("address")).toString(), serviceSpec.value(QStringLiteral("clusterIP")).toString());
    QCOMPARE(
        serviceSpec.value(QStringLiteral("ports")).toArray().first().toObject().value(QStringLiteral("port")).toInt(),
        22);
    QCOMPARE(ownerUid(service), rdUid);

    const QStringList expectedKeys[] = {
        {QStringLiteral("destination"), QStringLiteral("destination.pub"), QStringLiteral("source"),
            QStringLiteral("source.pub")},
        {QStringLiteral("destination.pub"), QStringLiteral("source"), QStringLiteral("source.pub")},
        {QStringLiteral("destination"), QStringLiteral("destination.pub"), QStringLiteral("source.pub")},
    };
    const QString names[] = {QStringLiteral("volsync-rsync-dst-main-rd"), QStringLiteral("volsync-rsync-dst-src-rd"),
        QStringLiteral("volsync-rsync-dst-dest-rd")};
    for (int i = 0; i < 3; ++i) {
        const QJsonObject secret = f.object(QStringLiteral("gcp"), QStringLiteral("secrets"), kDest, names[i]);
        QVERIFY2(!secret.isEmpty(), qPrintable(names[i]));
        QCOMPARE(secret.value(QStringLiteral("data")).toObject().keys(), expectedKeys[i]);
        QCOMPARE(ownerUid(secret), rdUid);
    }
    // The three Secrets hold one consistent pair of key pairs.
    const QJsonObject main = f.object(QStringLiteral("gcp"), QStringLiteral("secrets"), kDest, names[0]);
    const QJsonObject src = f.object(QStringLiteral("gcp"), QStringLiteral("secrets"), kDest, names[1]);
    QCOMPARE(secretValue(src, QStringLiteral("source")), secretValue(main, QStringLiteral("source")));
    QCOMPARE(secretValue(src, QStringLiteral("destination.pub")), secretValue(main, QStringLiteral("destination.pub")));
    QVERIFY(secretValue(src, QStringLiteral("source.pub")) != secretValue(src, QStringLiteral("destination.pub")));
    // Fake keys say so.
    QVERIFY(secretValue(src, QStringLiteral("source.pub")).contains("FAKE"));

    // The Snapshot method's own PVC.
    const QJsonObject pvc = f.object(
        QStringLiteral("gcp"), QStringLiteral("persistentvolumeclaims"), kDest, QStringLiteral("volsync-rd-dst"));
    QCOMPARE(pvc.value(QStringLiteral("spec"))
                 .toObject()
                 .value(QStringLiteral("resources"))
                 .toObject()
                 .value(QStringLiteral("requests"))
                 .toObject()
                 .value(QStringLiteral("storage"))
                 .toString(),
        QStringLiteral("2Gi"));
    QCOMPARE(f.synchronizing(QStringLiteral("gcp"), kRD, kDest, QStringLiteral("rd")),
        QStringLiteral("True/SyncInProgress"));
    QVERIFY(rd.value(QStringLiteral("status")).toObject().contains(QStringLiteral("lastSyncStartTime")));
}

void TestSimOperatorDestination::loadBalancerAddressAfterDelay()
{
    SimOperatorOptions options = OperatorFixture::fastOptions();
    options.loadBalancerDelayMs = 400000; // 400 ms real
    OperatorFixture f({QStringLiteral("gcp")}, options);
    f.addNamespace(QStringLiteral("gcp"), kDest);
    f.createDestination(
        QStringLiteral("gcp"), kDest, QStringLiteral("rd"), snapshotMover(QStringLiteral("LoadBalancer")));
    // Keys and Service come first; the address stays unset until the load balancer has one.
    QVERIFY(f.waitFor([&] {
        return f.status(QStringLiteral("gcp"), kRD, kDest, QStringLiteral("rd"))
            .value(QStringLiteral("rsync"))
            .toObject()
            .contains(QStringLiteral("sshKeys"));
    }));
    const QDateTime created = f.op()->now();
    QJsonObject rsync
        = f.status(QStringLiteral("gcp"), kRD, kDest, QStringLiteral("rd")).value(QStringLiteral("rsync")).toObject();
    QVERIFY(!rsync.contains(QStringLiteral("address")));
    QCOMPARE(f.object(QStringLiteral("gcp"), QStringLiteral("services"), kDest, QStringLiteral("volsync-rsync-dst-rd"))
                 .value(QStringLiteral("spec"))
                 .toObject()
                 .value(QStringLiteral("type"))
                 .toString(),
        QStringLiteral("LoadBalancer"));
    QVERIFY(f.waitFor([&] {
        rsync = f.status(QStringLiteral("gcp"), kRD, kDest, QStringLiteral("rd"))
                    .value(QStringLiteral("rsync"))
                    .toObject();
        return rsync.contains(QStringLiteral("address"));
    }));
    QVERIFY(created.msecsTo(f.op()->now()) >= 300000);
    const QJsonArray ingress
        = f.object(QStringLiteral("gcp"), QStringLiteral("services"), kDest, QStringLiteral("volsync-rsync-dst-rd"))
              .value(QStringLiteral("status"))
              .toObject()
              .value(QStringLiteral("loadBalancer"))
              .toObject()
              .value(QStringLiteral("ingress"))
              .toArray();
    QCOMPARE(ingress.size(), 1);
    QCOMPARE(rsync.value(QStringLiteral("address")).toString(),
        ingress.first().toObject().value(QStringLiteral("ip")).toString());
}

void TestSimOperatorDestination::realSshKeys()
{
    if (QStandardPaths::findExecutable(QStringLiteral("ssh-keygen")).isEmpty()) {
        QSKIP("ssh-keygen is not installed: the operator uses placeholders (tested by the other cases)");
    }
    SimOperatorOptions options = OperatorFixture::fastOptions();
    options.realSshKeys = true;
    OperatorFixture f({QStringLiteral("gcp")}, options);
    f.addNamespace(QStringLiteral("gcp"), kDest);
    f.createDestination(QStringLiteral("gcp"), kDest, QStringLiteral("rd"), snapshotMover());
    QVERIFY(f.waitFor(
        [&] {
            return !f.object(QStringLiteral("gcp"), QStringLiteral("secrets"), kDest,
                         QStringLiteral("volsync-rsync-dst-src-rd"))
                        .isEmpty();
        },
        10000));
    const QJsonObject src
        = f.object(QStringLiteral("gcp"), QStringLiteral("secrets"), kDest, QStringLiteral("volsync-rsync-dst-src-rd"));
    QVERIFY(secretValue(src, QStringLiteral("source")).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----"));
    QVERIFY(secretValue(src, QStringLiteral("source.pub")).startsWith("ssh-ed25519 AAAA"));
    QVERIFY(secretValue(src, QStringLiteral("destination.pub")).startsWith("ssh-ed25519 AAAA"));
    QVERIFY(secretValue(src, QStringLiteral("source.pub")) != secretValue(src, QStringLiteral("destination.pub")));
}

void TestSimOperatorDestination::rsyncTls()
{
    OperatorFixture f;
    f.addNamespace(QStringLiteral("gcp"), kDest, false); // rsync-TLS needs no privileged movers
    f.createDestination(QStringLiteral("gcp"), kDest, QStringLiteral("rd"), snapshotMover(), true);
    QVERIFY(f.waitFor([&] {
        return !f.status(QStringLiteral("gcp"), kRD, kDest, QStringLiteral("rd"))
                    .value(QStringLiteral("rsyncTLS"))
                    .toObject()
                    .value(QStringLiteral("address"))
                    .toString()
                    .isEmpty();
    }));
    const QJsonObject tls = f.status(QStringLiteral("gcp"), kRD, kDest, QStringLiteral("rd"))
                                .value(QStringLiteral("rsyncTLS"))
                                .toObject();
    QCOMPARE(tls.value(QStringLiteral("keySecret")).toString(), QStringLiteral("volsync-rsync-tls-rd"));
    QCOMPARE(tls.value(QStringLiteral("port")).toInt(), 8000);
    const QJsonObject secret
        = f.object(QStringLiteral("gcp"), QStringLiteral("secrets"), kDest, QStringLiteral("volsync-rsync-tls-rd"));
    QCOMPARE(secret.value(QStringLiteral("data")).toObject().keys(), QStringList {QStringLiteral("psk.txt")});
    static const QRegularExpression psk(QStringLiteral("^volsync:[0-9a-f]{64}$"));
    QVERIFY(psk.match(QString::fromLatin1(secretValue(secret, QStringLiteral("psk.txt")))).hasMatch());
    const QJsonObject service = f.object(
        QStringLiteral("gcp"), QStringLiteral("services"), kDest, QStringLiteral("volsync-rsync-tls-dst-rd"));
    QCOMPARE(tls.value(QStringLiteral("address")).toString(),
        service.value(QStringLiteral("spec")).toObject().value(QStringLiteral("clusterIP")).toString());
    QVERIFY(
        f.object(QStringLiteral("gcp"), QStringLiteral("secrets"), kDest, QStringLiteral("volsync-rsync-dst-src-rd"))
            .isEmpty());
    QCOMPARE(f.synchronizing(QStringLiteral("gcp"), kRD, kDest, QStringLiteral("rd")),
        QStringLiteral("True/SyncInProgress"));
}

void TestSimOperatorDestination::privilegedMoversRequired()
{
    OperatorFixture f;
    f.addNamespace(QStringLiteral("gcp"), kDest, false);
    QSignalSpy errors(f.op(), &SimOperator::reconcileError);
    f.createDestination(QStringLiteral("gcp"), kDest, QStringLiteral("rd"), snapshotMover());
    QVERIFY(errors.wait(10000));
    QCOMPARE(f.synchronizing(QStringLiteral("gcp"), kRD, kDest, QStringLiteral("rd")), QStringLiteral("False/Error"));
    QVERIFY(f.synchronizingMessage(QStringLiteral("gcp"), kRD, kDest, QStringLiteral("rd"))
                .contains(QLatin1String("volsync.backube/privileged-movers")));
    QVERIFY(
        f.object(QStringLiteral("gcp"), QStringLiteral("secrets"), kDest, QStringLiteral("volsync-rsync-dst-src-rd"))
            .isEmpty());
    QVERIFY(f.object(QStringLiteral("gcp"), QStringLiteral("services"), kDest, QStringLiteral("volsync-rsync-dst-rd"))
                .isEmpty());
    // Granting the permission is enough: the operator looks again.
    f.setPrivileged(QStringLiteral("gcp"), kDest, true);
    QVERIFY(f.waitFor([&] {
        return f.synchronizing(QStringLiteral("gcp"), kRD, kDest, QStringLiteral("rd"))
            == QLatin1String("True/SyncInProgress")
            && f.status(QStringLiteral("gcp"), kRD, kDest, QStringLiteral("rd"))
                   .value(QStringLiteral("rsync"))
                   .toObject()
                   .contains(QStringLiteral("address"));
    }));
}

void TestSimOperatorDestination::directNeedsItsPvc()
{
    OperatorFixture f;
    f.addNamespace(QStringLiteral("gcp"), kDest);
    f.createDestination(QStringLiteral("gcp"), kDest, QStringLiteral("rd"),
        QJsonObject {{QStringLiteral("copyMethod"), QStringLiteral("Direct")},
            {QStringLiteral("destinationPVC"), QStringLiteral("landing")}});
    QVERIFY(f.waitFor([&] {
        return f.synchronizing(QStringLiteral("gcp"), kRD, kDest, QStringLiteral("rd")) == QLatin1String("False/Error");
    }));
    QVERIFY(f.synchronizingMessage(QStringLiteral("gcp"), kRD, kDest, QStringLiteral("rd"))
                .contains(QLatin1String("landing")));
    f.addPvc(QStringLiteral("gcp"), kDest, QStringLiteral("landing"));
    QVERIFY(f.waitFor([&] {
        return f.status(QStringLiteral("gcp"), kRD, kDest, QStringLiteral("rd"))
            .value(QStringLiteral("rsync"))
            .toObject()
            .contains(QStringLiteral("address"));
    }));
    // Direct uses the named PVC: no volsync-<rd>-dst.
    QVERIFY(f.object(QStringLiteral("gcp"), QStringLiteral("persistentvolumeclaims"), kDest,
                 QStringLiteral("volsync-rd-dst"))
                .isEmpty());
}

void TestSimOperatorDestination::ownedObjectsGoWithTheDestination()
{
    OperatorFixture f;
    f.addNamespace(QStringLiteral("gcp"), kDest);
    f.createDestination(QStringLiteral("gcp"), kDest, QStringLiteral("rd"), snapshotMover());
    QVERIFY(f.waitFor([&] {
        return f.status(QStringLiteral("gcp"), kRD, kDest, QStringLiteral("rd"))
            .value(QStringLiteral("rsync"))
            .toObject()
            .contains(QStringLiteral("address"));
    }));
    QVERIFY(f.store(QStringLiteral("gcp"))->remove(kRD, kDest, QStringLiteral("rd")).ok());
    QVERIFY(f.waitFor([&] {
        return f.store(QStringLiteral("gcp"))->list(QStringLiteral("secrets"), kDest).isEmpty()
            && f.store(QStringLiteral("gcp"))->list(QStringLiteral("services"), kDest).isEmpty();
    }));
    // A Service deleted by hand comes back.
    f.createDestination(QStringLiteral("gcp"), kDest, QStringLiteral("rd2"), snapshotMover());
    QVERIFY(f.waitFor([&] {
        return !f.object(
                     QStringLiteral("gcp"), QStringLiteral("services"), kDest, QStringLiteral("volsync-rsync-dst-rd2"))
                    .isEmpty();
    }));
    QVERIFY(f.store(QStringLiteral("gcp"))
                ->remove(QStringLiteral("services"), kDest, QStringLiteral("volsync-rsync-dst-rd2"))
                .ok());
    QVERIFY(f.waitFor([&] {
        return !f.object(
                     QStringLiteral("gcp"), QStringLiteral("services"), kDest, QStringLiteral("volsync-rsync-dst-rd2"))
                    .isEmpty();
    }));
}

void TestSimOperatorDestination::userSuppliedKeySecret()
{
    OperatorFixture f;
    f.addNamespace(QStringLiteral("gcp"), kDest);
    QJsonObject mover = snapshotMover();
    mover.insert(QStringLiteral("sshKeys"), QStringLiteral("my-keys"));
    f.createDestination(QStringLiteral("gcp"), kDest, QStringLiteral("rd"), mover);
    QVERIFY(f.waitFor([&] {
        return f.synchronizing(QStringLiteral("gcp"), kRD, kDest, QStringLiteral("rd")) == QLatin1String("False/Error");
    }));
    QVERIFY(f.synchronizingMessage(QStringLiteral("gcp"), kRD, kDest, QStringLiteral("rd"))
                .contains(QLatin1String("my-keys")));
    const SimKeyPair a = SimKeyGenerator::fakeKeyPair(QStringLiteral("a"));
    const SimKeyPair b = SimKeyGenerator::fakeKeyPair(QStringLiteral("b"));
    QVERIFY(f.store(QStringLiteral("gcp"))
                ->create(QStringLiteral("secrets"), kDest,
                    QJsonObject {
                        {QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), QStringLiteral("my-keys")}}},
                        {QStringLiteral("data"),
                            QJsonObject {{QStringLiteral("destination"), QString::fromLatin1(b.privateKey.toBase64())},
                                {QStringLiteral("destination.pub"), QString::fromLatin1(b.publicKey.toBase64())},
                                {QStringLiteral("source.pub"), QString::fromLatin1(a.publicKey.toBase64())}}}})
                .ok());
    QVERIFY(f.waitFor([&] {
        return f.status(QStringLiteral("gcp"), kRD, kDest, QStringLiteral("rd"))
                   .value(QStringLiteral("rsync"))
                   .toObject()
                   .value(QStringLiteral("sshKeys"))
                   .toString()
            == QLatin1String("my-keys");
    }));
    QVERIFY(
        f.object(QStringLiteral("gcp"), QStringLiteral("secrets"), kDest, QStringLiteral("volsync-rsync-dst-src-rd"))
            .isEmpty());
}

QTEST_GUILESS_MAIN(TestSimOperatorDestination)
#include "test_simoperator_destination.moc"
