// SPDX-License-Identifier: GPL-3.0-or-later
// The Fail Over… dialog driven to the end against the simulator: it shows the data's age and the engine's dry
// run, refuses a taken target with the pre-check's finding, then fails over (unplanned) with live steps and the
// result line; the promoted PVC holds the synced content, and the dashboard's panel reads "Failed over".
#include "disasterrecoverypanel.h"
#include "engine/operationtracker.h"
#include "engine/replicationengine.h"
#include "failoverdialog.h"
#include "kube/kubesession.h"
#include "runjob.h"
#include "sim/simcluster.h"
#include "sim/simstore.h"
#include "sim/simvolumecontroller.h"
#include "simfixture.h"

#include <QJsonArray>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

QJsonObject nsObject(const QString &name)
{
    return {{QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), name}}}};
}

QJsonObject claim(const QString &name)
{
    return {{QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), name}}},
        {QStringLiteral("spec"),
            QJsonObject {{QStringLiteral("accessModes"), QJsonArray {QStringLiteral("ReadWriteOnce")}},
                {QStringLiteral("resources"),
                    QJsonObject {{QStringLiteral("requests"),
                        QJsonObject {{QStringLiteral("storage"), QStringLiteral("1Gi")}}}}}}},
        {QStringLiteral("status"), QJsonObject {{QStringLiteral("phase"), QStringLiteral("Pending")}}}};
}

} // namespace

class TestFailoverDialog : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<SimFixture> mSim;
    QTemporaryDir mConfigDir;
    SimStore *mKind = nullptr;
    SimStore *mGcp = nullptr;

private Q_SLOTS:
    void failoverDialogToTheEnd()
    {
        SimFixture::Options options;
        options.simulator.clusters = {QStringLiteral("kind"), QStringLiteral("gcp")};
        options.operatorOptions = SimFixture::fastOperator();
        options.setUpCluster = [this](SimCluster *cluster) {
            SimStore *store = cluster->store();
            store->create(QStringLiteral("storageclasses"), QString(),
                QJsonObject {{QStringLiteral("metadata"),
                                 QJsonObject {{QStringLiteral("name"), QStringLiteral("standard")},
                                     {QStringLiteral("annotations"),
                                         QJsonObject {{QStringLiteral("storageclass.kubernetes.io/is-default-class"),
                                             QStringLiteral("true")}}}}},
                    {QStringLiteral("provisioner"), QStringLiteral("sim")},
                    {QStringLiteral("volumeBindingMode"), QStringLiteral("Immediate")}});
            if (cluster->name() == QLatin1String("kind")) {
                mKind = store;
                store->create(QStringLiteral("namespaces"), QString(), nsObject(QStringLiteral("db")));
                store->create(QStringLiteral("persistentvolumeclaims"), QStringLiteral("db"),
                    claim(QStringLiteral("postgres-data")));
            } else {
                mGcp = store;
                store->create(QStringLiteral("namespaces"), QString(), nsObject(QStringLiteral("db")));
            }
        };
        mSim = std::make_unique<SimFixture>(options);
        QString error;
        QVERIFY2(mSim->start(&error), qPrintable(error));
        KubeSession session(KubeConfig::LoadOptions {mSim->kubeconfigPath(), std::nullopt, std::nullopt});
        ReplicationEngine engine(&session, mConfigDir.path());
        OperationTracker tracker;
        QVERIFY(runJob(engine.createRelationship(QStringLiteral("postgres"), true)).ok());
        SourceSettings s;
        s.pvc = ObjectName {QStringLiteral("kind"), QStringLiteral("db"), QStringLiteral("postgres-data")};
        QVERIFY(runJob(engine.setSource(QStringLiteral("postgres"), s)).ok());
        DestinationSettings d;
        d.destination = ObjectName {QStringLiteral("gcp"), QStringLiteral("db"), QStringLiteral("postgres-data")};
        d.serviceType = QStringLiteral("LoadBalancer");
        d.capacity = QStringLiteral("1Gi");
        d.accessModes = {QStringLiteral("ReadWriteOnce")};
        QVERIFY(runJob(engine.setDestination(QStringLiteral("postgres"), d)).ok());
        QTRY_VERIFY(
            mKind->get(QStringLiteral("persistentvolumeclaims"), QStringLiteral("db"), QStringLiteral("postgres-data"))
                ->value(QStringLiteral("status"))
                .toObject()
                .value(QStringLiteral("phase"))
                .toString()
            == QLatin1String("Bound"));
        QVERIFY(SimVolumeController::setContent(
            mKind, QStringLiteral("db"), QStringLiteral("postgres-data"), {QStringLiteral("G7"), 4096}));
        QVERIFY(runJob(engine.sync(QStringLiteral("postgres")), 30000).ok());
        QVERIFY(
            mGcp->create(QStringLiteral("persistentvolumeclaims"), QStringLiteral("db"), claim(QStringLiteral("taken")))
                .ok());

        FailoverDialog dialog(&engine, &tracker, QStringLiteral("postgres"), FailoverDialog::Kind::Failover);
        QSignalSpy planned(&dialog, &FailoverDialog::planLoaded);
        dialog.show();
        QVERIFY(planned.wait(20000));
        QVERIFY(dialog.isPlanReady());
        QVERIFY2(dialog.findChild<QLabel *>(QStringLiteral("failoverDataAge"))
                     ->text()
                     .contains(QStringLiteral("holds data as of")),
            qPrintable(dialog.findChild<QLabel *>(QStringLiteral("failoverDataAge"))->text()));
        QVERIFY2(dialog.plan().join(QLatin1Char('\n')).contains(QStringLiteral("a final manual sync")),
            qPrintable(dialog.plan().join(QLatin1Char('\n'))));

        // A taken target: the pre-check's finding shows and the button stays off.
        planned.clear();
        dialog.setTargetName(QStringLiteral("taken"));
        QVERIFY(planned.wait(20000));
        QVERIFY(!dialog.isPlanReady());
        QVERIFY(!dialog.findings().isEmpty());
        QCOMPARE(dialog.findings().constFirst().kind, ReplicationFinding::Kind::TargetExists);
        QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("failoverConfirmButton"))->isEnabled());

        planned.clear();
        dialog.setTargetName(QString());
        QVERIFY(planned.wait(20000));
        planned.clear();
        dialog.setUnplanned(true);
        QVERIFY(planned.wait(20000));
        QVERIFY(dialog.isPlanReady());
        QVERIFY2(!dialog.plan().join(QLatin1Char('\n')).contains(QStringLiteral("a final manual sync")),
            qPrintable(dialog.plan().join(QLatin1Char('\n'))));
        auto *confirm = dialog.findChild<QPushButton *>(QStringLiteral("failoverConfirmButton"));
        QVERIFY(confirm->isEnabled());
        QSignalSpy finished(&dialog, &FailoverDialog::finishedRunning);
        QTest::mouseClick(confirm, Qt::LeftButton);
        QVERIFY(finished.wait(30000));
        QVERIFY2(finished.first().first().toBool(), qPrintable(dialog.resultText()));
        QVERIFY2(dialog.resultText().contains(QStringLiteral("db/postgres-data is ready on gcp, data as of")),
            qPrintable(dialog.resultText()));
        QVERIFY2(dialog.steps().join(QLatin1Char('\n')).contains(QStringLiteral("pausing ReplicationDestination")),
            qPrintable(dialog.steps().join(QLatin1Char('\n'))));
        QCOMPARE(SimVolumeController::content(mGcp, QStringLiteral("db"), QStringLiteral("postgres-data")).generation,
            QStringLiteral("G7"));
        QVERIFY(dialog.isDone());
        QVERIFY(!confirm->isEnabled());

        // The dashboard's section reads "Failed over", and lists the restore point.
        DisasterRecoveryPanel panel(&tracker);
        QSignalSpy listed(&panel, &DisasterRecoveryPanel::restorePointsLoaded);
        panel.setEngine(&engine);
        panel.setRelationship(QStringLiteral("postgres"));
        QVERIFY(listed.wait(20000));
        QVERIFY2(panel.failedOverText().contains(QStringLiteral("Failed over (unplanned)")),
            qPrintable(panel.failedOverText()));
        QCOMPARE(panel.restorePoints().size(), 1);
        QVERIFY(!panel.findChild<QPushButton *>(QStringLiteral("failoverButton"))->isEnabled());
    }
};

QTEST_MAIN(TestFailoverDialog)
#include "test_failoverdialog.moc"
