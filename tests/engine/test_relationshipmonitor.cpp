// SPDX-License-Identifier: GPL-3.0-or-later
// RelationshipMonitor per watch event: the status is computed again only when what it is made of changed, and
// statusChanged() is emitted only when the status itself changed. The objects are written by hand into the
// simulated clusters (no operator), so that nothing else changes them.
#include "engine/relationshipmonitor.h"
#include "engine/replicationengine.h"
#include "enginefixture.h"
#include "kube/kubeinformer.h"
#include "kube/kubeinformerfactory.h"
#include "kube/kubesession.h"
#include "runjob.h"
#include "sim/simstore.h"
#include "simfixture.h"

#include <QJsonArray>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>

class TestRelationshipMonitor : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<EngineFixture> mEnv;

    static QJsonObject withLabel(const QString &kind, const QString &ns, const QString &name, const QString &id)
    {
        return QJsonObject {{QStringLiteral("apiVersion"), QStringLiteral("volsync.backube/v1alpha1")},
            {QStringLiteral("kind"), kind},
            {QStringLiteral("metadata"),
                QJsonObject {{QStringLiteral("name"), name}, {QStringLiteral("namespace"), ns},
                    {QStringLiteral("labels"), QJsonObject {{ReplicationEngine::relationshipLabel(), id}}}}}};
    }

private Q_SLOTS:
    void initTestCase()
    {
        SimFixture::Options options = SimFixture::kindToGcp();
        options.operatorOptions.reset(); // nothing but this test writes the objects
        mEnv = std::make_unique<EngineFixture>(options);
        QString error;
        QVERIFY2(mEnv->start(&error), qPrintable(error));
    }

    void cleanupTestCase() { mEnv.reset(); }

    void emitsOnlyRealChanges()
    {
        const QString name = QStringLiteral("steady");
        QVERIFY(runJob(mEnv->engine()->createRelationship(name, false)).ok());
        SourceSettings source;
        source.pvc = ObjectName {QStringLiteral("kind"), QStringLiteral("source"), QStringLiteral("datavol")};
        source.copyMethod = QStringLiteral("Clone");
        QVERIFY(runJob(mEnv->engine()->setSource(name, source)).ok());
        DestinationSettings destination;
        destination.destination = ObjectName {QStringLiteral("gcp"), QStringLiteral("destns"), name};
        destination.copyMethod = QStringLiteral("Direct");
        QVERIFY(runJob(mEnv->engine()->setDestination(name, destination)).ok());
        QString error;
        const auto rel = mEnv->engine()->store().load(name, &error);
        QVERIFY2(rel && rel->isComplete(), qPrintable(error));

        SimStore *kind = mEnv->store(QStringLiteral("kind"));
        SimStore *gcp = mEnv->store(QStringLiteral("gcp"));
        const QString address = QStringLiteral("10.1.2.3");
        QJsonObject rs
            = withLabel(QStringLiteral("ReplicationSource"), QStringLiteral("source"), rel->source->rsName, rel->id);
        rs.insert(QStringLiteral("spec"),
            QJsonObject {{QStringLiteral("sourcePVC"), QStringLiteral("datavol")},
                {QStringLiteral("trigger"), QJsonObject {{QStringLiteral("schedule"), QStringLiteral("*/5 * * * *")}}},
                {QStringLiteral("rsync"),
                    QJsonObject {
                        {QStringLiteral("address"), address}, {QStringLiteral("sshKeys"), rel->source->rsName}}}});
        QVERIFY(kind->create(QStringLiteral("replicationsources"), QStringLiteral("source"), rs).ok());
        QJsonObject rd = withLabel(QStringLiteral("ReplicationDestination"), QStringLiteral("destns"), name, rel->id);
        rd.insert(QStringLiteral("spec"), QJsonObject {{QStringLiteral("rsync"), QJsonObject {}}});
        QVERIFY(gcp->create(QStringLiteral("replicationdestinations"), QStringLiteral("destns"), rd).ok());
        auto stored = gcp->get(QStringLiteral("replicationdestinations"), QStringLiteral("destns"), name);
        QVERIFY(stored);
        stored->insert(QStringLiteral("status"),
            QJsonObject {{QStringLiteral("rsync"),
                QJsonObject {
                    {QStringLiteral("address"), address}, {QStringLiteral("sshKeys"), QStringLiteral("dst-keys")}}}});
        QVERIFY(gcp->updateStatus(QStringLiteral("replicationdestinations"), QStringLiteral("destns"), *stored).ok());

        std::unique_ptr<RelationshipMonitor> monitor(mEnv->engine()->monitor(name));
        QSignalSpy ready(monitor.get(), &RelationshipMonitor::ready);
        monitor->start();
        QVERIFY(ready.wait(20000));
        QTRY_VERIFY_WITH_TIMEOUT(monitor->status().sourceExists && monitor->status().destinationExists
                && monitor->status().address == address,
            20000);
        const ReplicationStatus settled = monitor->status();
        QCOMPARE(settled.schedule, QStringLiteral("*/5 * * * *"));
        QSignalSpy changed(monitor.get(), &RelationshipMonitor::statusChanged);

        // A change of the object that the status does not show (a label): computed again, nothing emitted.
        qint64 computations = monitor->statusComputations();
        auto current = kind->get(QStringLiteral("replicationsources"), QStringLiteral("source"), rel->source->rsName);
        QVERIFY(current);
        QJsonObject metadata = current->value(QLatin1String("metadata")).toObject();
        QJsonObject labels = metadata.value(QLatin1String("labels")).toObject();
        labels.insert(QStringLiteral("team"), QStringLiteral("storage"));
        metadata.insert(QStringLiteral("labels"), labels);
        current->insert(QStringLiteral("metadata"), metadata);
        QVERIFY(kind->update(QStringLiteral("replicationsources"), QStringLiteral("source"), *current).ok());
        QTRY_VERIFY_WITH_TIMEOUT(monitor->statusComputations() > computations, 20000);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(monitor->status(), settled);

        // A relist that finds the same objects: every view tells "changed", nothing is computed or emitted.
        computations = monitor->statusComputations();
        const QList<KubeInformer *> informers = mEnv->session()->informers()->informers();
        QVERIFY(!informers.isEmpty());
        for (KubeInformer *informer : informers)
            Q_EMIT informer->synced();
        QCOMPARE(monitor->statusComputations(), computations);
        QCOMPARE(changed.count(), 0);

        // A real change: one statusChanged with the new status.
        current = kind->get(QStringLiteral("replicationsources"), QStringLiteral("source"), rel->source->rsName);
        QVERIFY(current);
        QJsonObject spec = current->value(QLatin1String("spec")).toObject();
        spec.insert(QStringLiteral("trigger"), QJsonObject {{QStringLiteral("schedule"), QStringLiteral("0 * * * *")}});
        current->insert(QStringLiteral("spec"), spec);
        QVERIFY(kind->update(QStringLiteral("replicationsources"), QStringLiteral("source"), *current).ok());
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, 20000);
        QCOMPARE(changed.first().first().value<ReplicationStatus>().schedule, QStringLiteral("0 * * * *"));
        QCOMPARE(monitor->status().schedule, QStringLiteral("0 * * * *"));
        // The same change told again (a relist after it): nothing new.
        for (KubeInformer *informer : informers)
            Q_EMIT informer->synced();
        QCOMPARE(changed.count(), 1);
    }
};

QTEST_GUILESS_MAIN(TestRelationshipMonitor)
#include "test_relationshipmonitor.moc"
