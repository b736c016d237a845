// SPDX-License-Identifier: GPL-3.0-or-later
// The live sizes of a relationship's volumes (issue 13 item 3, made live): read from the session's shared PVC
// informers, they follow a resize and a destination volume that appears, and every monitor of a cluster shares
// one watch.
#include "engine/replicationengine.h"
#include "engine/volumecapacitymonitor.h"
#include "enginefixture.h"
#include "kube/kubeinformer.h"
#include "kube/kubeinformerfactory.h"
#include "kube/kuberesource.h"
#include "kube/kubesession.h"
#include "sim/simcluster.h"
#include "sim/simstore.h"
#include "simfixture.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

ReplicationRelationship relationship(const QString &name, const QString &destinationPvc)
{
    ReplicationRelationship rel;
    rel.name = name;
    rel.source = ReplicationSourceSide {};
    rel.source->cluster = QStringLiteral("kind");
    rel.source->namespaceName = QStringLiteral("apps");
    rel.source->pvcName = QStringLiteral("data");
    rel.destination = ReplicationDestinationSide {};
    rel.destination->cluster = QStringLiteral("kind");
    rel.destination->namespaceName = QStringLiteral("backup");
    rel.destination->rdName = destinationPvc;
    rel.destination->copyMethod = QStringLiteral("Direct");
    rel.destination->destinationPvc = destinationPvc;
    rel.destination->capacity = QStringLiteral("5Gi");
    return rel;
}

} // namespace

class TestVolumeCapacityMonitor : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<EngineFixture> mEnv;

private Q_SLOTS:
    void initTestCase()
    {
        SimFixture::Options options;
        options.simulator.clusters = {QStringLiteral("kind")};
        options.setUpCluster = [](SimCluster *cluster) {
            SimStore *store = cluster->store();
            for (const char *ns : {"apps", "backup"})
                store->create(QStringLiteral("namespaces"), QString(),
                    {{QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), QLatin1String(ns)}}}});
            store->create(QStringLiteral("persistentvolumeclaims"), QStringLiteral("apps"),
                SimFixture::pvcObject(QStringLiteral("data"), QStringLiteral("5Gi")));
        };
        mEnv = std::make_unique<EngineFixture>(options);
        QString error;
        QVERIFY2(mEnv->start(&error), qPrintable(error));
    }

    void cleanupTestCase() { mEnv.reset(); }

    void followsTheVolumes()
    {
        std::unique_ptr<VolumeCapacityMonitor> monitor(
            mEnv->engine()->capacityMonitor(relationship(QStringLiteral("one"), QStringLiteral("copy")), nullptr));
        QTRY_VERIFY_WITH_TIMEOUT(monitor->isReady(), 10000);
        QCOMPARE(monitor->sourceSize(), QStringLiteral("5Gi"));
        // No destination volume yet: what the file asks for, said as planned.
        QCOMPARE(monitor->destinationSize(), QStringLiteral("5Gi"));
        QVERIFY(monitor->destinationIsPlanned());
        QVERIFY(!monitor->problem());

        // The destination volume appears, smaller than the source: seen without asking again.
        SimStore *store = mEnv->store(QStringLiteral("kind"));
        QVERIFY(store
                    ->create(QStringLiteral("persistentvolumeclaims"), QStringLiteral("backup"),
                        SimFixture::pvcObject(QStringLiteral("copy"), QStringLiteral("3Gi")))
                    .ok());
        QTRY_COMPARE_WITH_TIMEOUT(monitor->destinationSize(), QStringLiteral("3Gi"), 10000);
        QVERIFY(!monitor->destinationIsPlanned());
        QVERIFY(monitor->problem());
        // The provisioned size wins over the request: the source is resized.
        QSignalSpy changed(monitor.get(), &VolumeCapacityMonitor::changed);
        QVERIFY(
            store
                ->patchStatus(QStringLiteral("persistentvolumeclaims"), QStringLiteral("apps"), QStringLiteral("data"),
                    {{QStringLiteral("capacity"), QJsonObject {{QStringLiteral("storage"), QStringLiteral("8Gi")}}}})
                .ok());
        QTRY_COMPARE_WITH_TIMEOUT(monitor->sourceSize(), QStringLiteral("8Gi"), 10000);
        QVERIFY(!changed.isEmpty());

        // A second relationship on the same cluster shares the one PVC watch.
        std::unique_ptr<VolumeCapacityMonitor> other(
            mEnv->engine()->capacityMonitor(relationship(QStringLiteral("two"), QStringLiteral("other")), nullptr));
        QTRY_VERIFY_WITH_TIMEOUT(other->isReady(), 10000);
        QCOMPARE(other->sourceSize(), QStringLiteral("8Gi"));
        int pvcInformers = 0;
        for (KubeInformer *informer : mEnv->session()->informers()->informers())
            pvcInformers += informer->resource() == KubeResource::persistentVolumeClaims() ? 1 : 0;
        QCOMPARE(pvcInformers, 1);

        QVERIFY(monitor->watchesVolumesOf(relationship(QStringLiteral("one"), QStringLiteral("copy"))));
        QVERIFY(!monitor->watchesVolumesOf(relationship(QStringLiteral("one"), QStringLiteral("elsewhere"))));
    }
};

QTEST_GUILESS_MAIN(TestVolumeCapacityMonitor)
#include "test_volumecapacitymonitor.moc"
