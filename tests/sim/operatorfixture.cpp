// SPDX-License-Identifier: GPL-3.0-or-later
#include "operatorfixture.h"

#include <QJsonArray>
#include <QTest>

namespace {

QJsonObject meta(const QString &name)
{
    return QJsonObject {{QStringLiteral("name"), name}};
}

} // namespace

SimOperatorOptions OperatorFixture::fastOptions()
{
    SimOperatorOptions options;
    options.timeScale = 1000.0;
    options.syncDurationMs = 20000;
    options.loadBalancerDelayMs = 5000;
    options.retryBaseMs = 10000;
    options.retryMaxMs = 80000;
    options.continuousGapMs = 1000;
    options.realSshKeys = false;
    return options;
}

OperatorFixture::OperatorFixture(const QStringList &clusters, const SimOperatorOptions &options)
    : mOperator(std::make_unique<SimOperator>(options))
{
    for (const QString &cluster : clusters) {
        auto store = std::make_unique<SimStore>(cluster);
        store->setNamespaceTerminationDelay(10);
        mOperator->addStore(store.get());
        mStores.emplace(cluster, std::move(store));
    }
}

OperatorFixture::~OperatorFixture()
{
    mOperator.reset();
}

SimStore *OperatorFixture::store(const QString &cluster) const
{
    const auto it = mStores.find(cluster);
    return it == mStores.end() ? nullptr : it->second.get();
}

void OperatorFixture::addNamespace(const QString &cluster, const QString &ns, bool privileged)
{
    QJsonObject metadata = meta(ns);
    if (privileged) {
        metadata.insert(QStringLiteral("annotations"),
            QJsonObject {{QStringLiteral("volsync.backube/privileged-movers"), QStringLiteral("true")}});
    }
    const SimStoreResult result = store(cluster)->create(
        QStringLiteral("namespaces"), QString(), QJsonObject {{QStringLiteral("metadata"), metadata}});
    QVERIFY2(result.ok(), qPrintable(result.message()));
}

void OperatorFixture::setPrivileged(const QString &cluster, const QString &ns, bool privileged)
{
    QJsonObject object = *store(cluster)->get(QStringLiteral("namespaces"), QString(), ns);
    QJsonObject metadata = object.value(QStringLiteral("metadata")).toObject();
    QJsonObject annotations = metadata.value(QStringLiteral("annotations")).toObject();
    if (privileged) {
        annotations.insert(QStringLiteral("volsync.backube/privileged-movers"), QStringLiteral("true"));
    } else {
        annotations.remove(QStringLiteral("volsync.backube/privileged-movers"));
    }
    metadata.insert(QStringLiteral("annotations"), annotations);
    object.insert(QStringLiteral("metadata"), metadata);
    const SimStoreResult result = store(cluster)->update(QStringLiteral("namespaces"), QString(), object);
    QVERIFY2(result.ok(), qPrintable(result.message()));
}

void OperatorFixture::addPvc(const QString &cluster, const QString &ns, const QString &name, const QString &size)
{
    const SimStoreResult result = store(cluster)->create(QStringLiteral("persistentvolumeclaims"), ns,
        QJsonObject {{QStringLiteral("metadata"), meta(name)},
            {QStringLiteral("spec"),
                QJsonObject {{QStringLiteral("accessModes"), QJsonArray {QStringLiteral("ReadWriteOnce")}},
                    {QStringLiteral("resources"),
                        QJsonObject {
                            {QStringLiteral("requests"), QJsonObject {{QStringLiteral("storage"), size}}}}}}}});
    QVERIFY2(result.ok(), qPrintable(result.message()));
}

void OperatorFixture::createDestination(
    const QString &cluster, const QString &ns, const QString &name, const QJsonObject &mover, bool tls)
{
    const SimStoreResult result = store(cluster)->create(QStringLiteral("replicationdestinations"), ns,
        QJsonObject {{QStringLiteral("metadata"), meta(name)},
            {QStringLiteral("spec"),
                QJsonObject {{tls ? QStringLiteral("rsyncTLS") : QStringLiteral("rsync"), mover}}}});
    QVERIFY2(result.ok(), qPrintable(result.message()));
}

void OperatorFixture::createSource(const QString &cluster, const QString &ns, const QString &name, const QString &pvc,
    const QJsonObject &mover, const QJsonObject &trigger, bool tls)
{
    QJsonObject spec {
        {QStringLiteral("sourcePVC"), pvc}, {tls ? QStringLiteral("rsyncTLS") : QStringLiteral("rsync"), mover}};
    if (!trigger.isEmpty()) {
        spec.insert(QStringLiteral("trigger"), trigger);
    }
    const SimStoreResult result = store(cluster)->create(QStringLiteral("replicationsources"), ns,
        QJsonObject {{QStringLiteral("metadata"), meta(name)}, {QStringLiteral("spec"), spec}});
    QVERIFY2(result.ok(), qPrintable(result.message()));
}

void OperatorFixture::setTrigger(
    const QString &cluster, const QString &ns, const QString &name, const QJsonObject &trigger)
{
    QJsonObject rs = object(cluster, QStringLiteral("replicationsources"), ns, name);
    QJsonObject spec = rs.value(QStringLiteral("spec")).toObject();
    if (trigger.isEmpty()) {
        spec.remove(QStringLiteral("trigger"));
    } else {
        spec.insert(QStringLiteral("trigger"), trigger);
    }
    rs.insert(QStringLiteral("spec"), spec);
    const SimStoreResult result = store(cluster)->update(QStringLiteral("replicationsources"), ns, rs);
    QVERIFY2(result.ok(), qPrintable(result.message()));
}

void OperatorFixture::setMoverField(
    const QString &cluster, const QString &ns, const QString &name, const QString &field, const QString &value)
{
    QJsonObject rs = object(cluster, QStringLiteral("replicationsources"), ns, name);
    QJsonObject spec = rs.value(QStringLiteral("spec")).toObject();
    const QString moverKey
        = spec.contains(QStringLiteral("rsyncTLS")) ? QStringLiteral("rsyncTLS") : QStringLiteral("rsync");
    QJsonObject mover = spec.value(moverKey).toObject();
    mover.insert(field, value);
    spec.insert(moverKey, mover);
    rs.insert(QStringLiteral("spec"), spec);
    const SimStoreResult result = store(cluster)->update(QStringLiteral("replicationsources"), ns, rs);
    QVERIFY2(result.ok(), qPrintable(result.message()));
}

void OperatorFixture::copySecret(const QString &fromCluster, const QString &fromNs, const QString &fromName,
    const QString &toCluster, const QString &toNs, const QString &toName)
{
    const QJsonObject secret = object(fromCluster, QStringLiteral("secrets"), fromNs, fromName);
    QVERIFY2(!secret.isEmpty(), qPrintable(QStringLiteral("no Secret %1/%2").arg(fromNs, fromName)));
    const SimStoreResult result = store(toCluster)->create(QStringLiteral("secrets"), toNs,
        QJsonObject {{QStringLiteral("metadata"), meta(toName)},
            {QStringLiteral("data"), secret.value(QStringLiteral("data"))}});
    QVERIFY2(result.ok(), qPrintable(result.message()));
}

bool OperatorFixture::setUpPair(const QString &srcCluster, const QString &dstCluster, const QJsonObject &rdMover,
    const QJsonObject &trigger, bool tls, const QString &rs, const QString &rd)
{
    if (!store(srcCluster)->get(QStringLiteral("namespaces"), QString(), QStringLiteral("source"))) {
        addNamespace(srcCluster, QStringLiteral("source"));
        addPvc(srcCluster, QStringLiteral("source"), QStringLiteral("data"), QStringLiteral("3Gi"));
    }
    if (!store(dstCluster)->get(QStringLiteral("namespaces"), QString(), QStringLiteral("dest"))) {
        addNamespace(dstCluster, QStringLiteral("dest"));
    }
    createDestination(dstCluster, QStringLiteral("dest"), rd, rdMover, tls);
    const QString moverKey = tls ? QStringLiteral("rsyncTLS") : QStringLiteral("rsync");
    const bool ready = waitFor([&] {
        const QJsonObject mover
            = status(dstCluster, QStringLiteral("replicationdestinations"), QStringLiteral("dest"), rd)
                  .value(moverKey)
                  .toObject();
        return !mover.value(QStringLiteral("address")).toString().isEmpty();
    });
    if (!ready) {
        QTest::qFail("the destination never published an address", __FILE__, __LINE__);
        return false;
    }
    const QJsonObject rdMoverStatus
        = status(dstCluster, QStringLiteral("replicationdestinations"), QStringLiteral("dest"), rd)
              .value(moverKey)
              .toObject();
    const QString keySecret
        = rdMoverStatus.value(tls ? QStringLiteral("keySecret") : QStringLiteral("sshKeys")).toString();
    copySecret(dstCluster, QStringLiteral("dest"), keySecret, srcCluster, QStringLiteral("source"),
        rs + QStringLiteral("-keys"));
    const QString keyCopy = rs + QStringLiteral("-keys");
    QJsonObject mover {{QStringLiteral("address"), rdMoverStatus.value(QStringLiteral("address"))},
        {tls ? QStringLiteral("keySecret") : QStringLiteral("sshKeys"), keyCopy},
        {QStringLiteral("copyMethod"), QStringLiteral("Direct")}};
    createSource(srcCluster, QStringLiteral("source"), rs, QStringLiteral("data"), mover, trigger, tls);
    return true;
}

QJsonObject OperatorFixture::object(
    const QString &cluster, const QString &resource, const QString &ns, const QString &name) const
{
    return store(cluster)->get(resource, ns, name).value_or(QJsonObject());
}

QJsonObject OperatorFixture::status(
    const QString &cluster, const QString &resource, const QString &ns, const QString &name) const
{
    return object(cluster, resource, ns, name).value(QStringLiteral("status")).toObject();
}

static QJsonObject synchronizingCondition(const QJsonObject &status)
{
    const QJsonArray conditions = status.value(QStringLiteral("conditions")).toArray();
    for (const QJsonValue &value : conditions) {
        if (value.toObject().value(QStringLiteral("type")).toString() == QLatin1String("Synchronizing")) {
            return value.toObject();
        }
    }
    return {};
}

QString OperatorFixture::synchronizing(
    const QString &cluster, const QString &resource, const QString &ns, const QString &name) const
{
    const QJsonObject c = synchronizingCondition(status(cluster, resource, ns, name));
    if (c.isEmpty()) {
        return {};
    }
    return c.value(QStringLiteral("status")).toString() + QLatin1Char('/')
        + c.value(QStringLiteral("reason")).toString();
}

QString OperatorFixture::synchronizingMessage(
    const QString &cluster, const QString &resource, const QString &ns, const QString &name) const
{
    return synchronizingCondition(status(cluster, resource, ns, name)).value(QStringLiteral("message")).toString();
}

bool OperatorFixture::waitFor(const std::function<bool()> &done, int timeoutMs)
{
    return QTest::qWaitFor(done, timeoutMs);
}
