// SPDX-License-Identifier: GPL-3.0-or-later
// ClusterInventory and the source advice over fixed lists: no cluster, no simulator.
#include "engine/clusterinventory.h"
#include "engine/relationshippreflight.h"
#include "fakeinventorysource.h"

#include <QSignalSpy>
#include <QTest>

class TestClusterInventory : public QObject
{
    Q_OBJECT
private:
    FakeInventorySource mSource;

    void waitLoaded(ClusterInventory &inventory)
    {
        if (!inventory.isLoaded()) {
            QSignalSpy loaded(&inventory, &ClusterInventory::loaded);
            QVERIFY(loaded.wait(5000));
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        using Kind = InventorySource::Kind;
        const QString ctx = QStringLiteral("home");
        mSource.set(ctx, Kind::Namespaces, QString(),
            {FakeInventorySource::named(QStringLiteral("shop")),
                FakeInventorySource::named(QStringLiteral("kube-system")),
                FakeInventorySource::named(QStringLiteral("analytics"))});
        mSource.set(ctx, Kind::StorageClasses, QString(),
            {FakeInventorySource::named(QStringLiteral("csi-fast"),
                 QJsonObject {{QStringLiteral("provisioner"), QStringLiteral("hostpath.csi.k8s.io")},
                     {QStringLiteral("metadata"),
                         QJsonObject {{QStringLiteral("annotations"),
                             QJsonObject {{QStringLiteral("storageclass.kubernetes.io/is-default-class"),
                                 QStringLiteral("true")}}}}}}),
                FakeInventorySource::named(QStringLiteral("legacy"),
                    QJsonObject {{QStringLiteral("provisioner"), QStringLiteral("kubernetes.io/aws-ebs")}})});
        mSource.set(ctx, Kind::PersistentVolumeClaims, QStringLiteral("shop"),
            {FakeInventorySource::pvc(
                 QStringLiteral("shop"), QStringLiteral("volsync-db-copy-dst"), QStringLiteral("3Gi")),
                FakeInventorySource::pvc(QStringLiteral("shop"), QStringLiteral("orders"), QStringLiteral("3Gi")),
                FakeInventorySource::pvc(
                    QStringLiteral("shop"), QStringLiteral("db"), QStringLiteral("3Gi"), QStringLiteral("legacy")),
                FakeInventorySource::pvc(QStringLiteral("shop"), QStringLiteral("cache"), QStringLiteral("1Gi"))});
        mSource.set(ctx, Kind::Pods, QStringLiteral("shop"),
            {FakeInventorySource::pod(QStringLiteral("postgres-0"), QStringLiteral("db"))});
    }

    void listsAndRules()
    {
        ClusterInventory inventory(&mSource, QStringLiteral("home"));
        QVERIFY(!inventory.isLoaded());
        inventory.refresh();
        waitLoaded(inventory);
        QCOMPARE(inventory.offeredNamespaces(), (QStringList {QStringLiteral("analytics"), QStringLiteral("shop")}));
        QVERIFY(inventory.hasNamespace(QStringLiteral("kube-system")));
        QCOMPARE(inventory.storageClass(QString())->name, QStringLiteral("csi-fast"));
        QVERIFY(inventory.storageClass(QStringLiteral("csi-fast"))->canClone());
        QVERIFY(!inventory.storageClass(QStringLiteral("legacy"))->canClone());
        QVERIFY(inventory.snapshotClasses().isEmpty());

        QVERIFY(!inventory.isNamespaceLoaded(QStringLiteral("shop")));
        inventory.loadNamespace(QStringLiteral("shop"));
        waitLoaded(inventory);
        QVERIFY(inventory.isNamespaceLoaded(QStringLiteral("shop")));
        const auto db = inventory.pvc(QStringLiteral("shop"), QStringLiteral("db"));
        QVERIFY(db);
        QCOMPARE(db->requestedSize, QStringLiteral("3Gi"));
        QCOMPARE(db->usedBy, QStringList {QStringLiteral("postgres-0")});
        QCOMPARE(db->storageClass, QStringLiteral("legacy"));
        QVERIFY(!inventory.pvc(QStringLiteral("shop"), QStringLiteral("orders"))->isInUse());
        QCOMPARE(inventory.pvc(QStringLiteral("shop"), QStringLiteral("volsync-db-copy-dst"))->volsyncDestination,
            QStringLiteral("db-copy"));
        // A namespace is listed once; again only when asked.
        const int calls = mSource.calls;
        inventory.loadNamespace(QStringLiteral("shop"));
        QCOMPARE(mSource.calls, calls);
    }

    // Issue 13 item 4: VolSync's own volumes and volumes already replicated are marked and offered last.
    void sourceChoicesPutOrdinaryVolumesFirst()
    {
        ClusterInventory inventory(&mSource, QStringLiteral("home"));
        inventory.refresh();
        inventory.loadNamespace(QStringLiteral("shop"));
        waitLoaded(inventory);
        ReplicationRelationship existing;
        existing.name = QStringLiteral("orders-dr");
        existing.source = ReplicationSourceSide();
        existing.source->cluster = QString(); // the current context
        existing.source->namespaceName = QStringLiteral("shop");
        existing.source->pvcName = QStringLiteral("orders");
        const auto choices = RelationshipPreflight::sourceChoices(
            inventory, QStringLiteral("shop"), {existing}, QStringLiteral("home"));
        QStringList order;
        for (const auto &c : choices) {
            order.append(
                c.pvc.name + (c.isRecommended() ? QString() : QStringLiteral(" [") + c.note + QLatin1Char(']')));
        }
        QCOMPARE(order,
            (QStringList {QStringLiteral("cache"), QStringLiteral("db"),
                QStringLiteral("orders [already the source of orders-dr]"),
                QStringLiteral("volsync-db-copy-dst [VolSync's copy for db-copy]")}));
        // Editing orders-dr itself: its own source is fine.
        const auto editing = RelationshipPreflight::sourceChoices(
            inventory, QStringLiteral("shop"), {existing}, QStringLiteral("home"), QStringLiteral("orders-dr"));
        QCOMPARE(editing.at(2).pvc.name, QStringLiteral("orders"));
        QVERIFY(editing.at(2).isRecommended());
    }
};

QTEST_GUILESS_MAIN(TestClusterInventory)
#include "test_clusterinventory.moc"
