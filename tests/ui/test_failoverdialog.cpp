// SPDX-License-Identifier: GPL-3.0-or-later
// The disaster-recovery GUI driven to the end against the simulator, from the dashboard's panel: Test Failover…
// restores into a test PVC (the list reads "Testing failover") and End Test removes only that PVC; the Fail Over…
// dialog shows the data's age and the engine's dry run, refuses a taken target with the pre-check's finding, then
// fails over (unplanned) with live steps and the result line; the promoted PVC holds the synced content, the list
// reads "Failed over" and the panel says when and to where; Fail Back… sets up the reverse relationship, whose
// sync leaves the promoted PVC's new content in the original PVC.
#include "dashboardwidget.h"
#include "disasterrecoverypanel.h"
#include "engine/disasterrecovery.h"
#include "engine/disasterrecoveryhistory.h"
#include "engine/operationtracker.h"
#include "engine/replicationendtestjob.h"
#include "engine/replicationengine.h"
#include "engine/replicationfailoverjob.h"
#include "failbackdialog.h"
#include "failoverdialog.h"
#include "kube/kubesession.h"
#include "models/relationshipsmodel.h"
#include "runjob.h"
#include "sim/simcluster.h"
#include "sim/simstore.h"
#include "sim/simvolumecontroller.h"
#include "simfixture.h"

#include <QCheckBox>
#include <QJsonArray>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

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
        const SimFixture::Options options
            = SimFixture::withVolumes(QStringLiteral("db"), QStringLiteral("db"), {QStringLiteral("postgres-data")});
        mSim = std::make_unique<SimFixture>(options);
        QString error;
        QVERIFY2(mSim->start(&error), qPrintable(error));
        mKind = mSim->store(QStringLiteral("kind"));
        mGcp = mSim->store(QStringLiteral("gcp"));
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

        // The dashboard of the relationship, over a live model, with its disaster-recovery panel.
        RelationshipsModel model(&engine);
        model.setHistory(SyncHistory(mConfigDir.filePath(QStringLiteral("sync-history"))));
        DashboardWidget dashboard(&tracker);
        dashboard.setEngine(&engine, &model);
        dashboard.setRelationship(QStringLiteral("postgres"));
        dashboard.resize(900, 700);
        dashboard.show();
        auto *panel = dashboard.findChild<DisasterRecoveryPanel *>();
        QVERIFY(panel);
        QTRY_VERIFY_WITH_TIMEOUT(panel->isVisible() && panel->restorePoints().size() == 1, 20000);
        const auto badge = [&model] {
            return RelationshipsModel::Badge(
                model.index(model.rowOf(QStringLiteral("postgres")), 0).data(RelationshipsModel::BadgeRole).toInt());
        };
        QTRY_COMPARE_WITH_TIMEOUT(badge(), RelationshipsModel::Badge::Idle, 20000);
        // Another tool pauses the destination (VolSync's first failover step): the list, the dashboard's badge and
        // the panel say it failed over outside VolSync Desktop, not that it failed; unpaused, it reads Idle again.
        const auto setDestinationPaused = [this](bool paused) {
            QJsonObject rd = *mGcp->get(
                QStringLiteral("replicationdestinations"), QStringLiteral("db"), QStringLiteral("postgres-data"));
            QJsonObject spec = rd.value(QStringLiteral("spec")).toObject();
            if (paused)
                spec.insert(QStringLiteral("paused"), true);
            else
                spec.remove(QStringLiteral("paused"));
            rd.insert(QStringLiteral("spec"), spec);
            return mGcp->update(QStringLiteral("replicationdestinations"), QStringLiteral("db"), rd).ok();
        };
        QVERIFY(setDestinationPaused(true));
        QTRY_COMPARE_WITH_TIMEOUT(badge(), RelationshipsModel::Badge::FailedOverOutside, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(dashboard.findChild<QLabel *>(QStringLiteral("statusBadge"))
                                     ->text()
                                     .contains(QStringLiteral("Failed over (outside VolSync Desktop)")),
            20000);
        QTRY_VERIFY_WITH_TIMEOUT(
            panel->failedOverText().contains(QStringLiteral("Failed over (outside VolSync Desktop)")), 20000);
        QVERIFY(setDestinationPaused(false));
        QTRY_COMPARE_WITH_TIMEOUT(badge(), RelationshipsModel::Badge::Idle, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(panel->failedOverText().isEmpty(), 20000);

        auto *endTest = panel->findChild<QPushButton *>(QStringLiteral("endTestButton"));
        auto *failback = panel->findChild<QPushButton *>(QStringLiteral("failbackButton"));
        QVERIFY(!endTest->isEnabled());
        QVERIFY(!failback->isEnabled());

        // Test Failover…: a test PVC beside the destination; the list and the panel say a test runs.
        panel->findChild<QPushButton *>(QStringLiteral("testFailoverButton"))->click();
        FailoverDialog *testDialog = nullptr;
        QTRY_VERIFY((testDialog = panel->findChild<FailoverDialog *>()) != nullptr && testDialog->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(testDialog->isPlanReady(), 20000);
        QSignalSpy tested(testDialog, &FailoverDialog::finishedRunning);
        testDialog->findChild<QPushButton *>(QStringLiteral("failoverConfirmButton"))->click();
        QVERIFY(tested.wait(30000));
        QVERIFY2(tested.first().first().toBool(), qPrintable(testDialog->resultText()));
        const auto testClaims = [this] {
            QStringList names;
            for (const QJsonObject &pvc : mGcp->list(QStringLiteral("persistentvolumeclaims"), QStringLiteral("db"))) {
                const QJsonObject metadata = pvc.value(QStringLiteral("metadata")).toObject();
                if (metadata.value(QStringLiteral("labels")).toObject().contains(ReplicationFailoverJob::testLabel()))
                    names.append(metadata.value(QStringLiteral("name")).toString());
            }
            return names;
        };
        QCOMPARE(testClaims().size(), 1);
        testDialog->reject();
        QTRY_COMPARE_WITH_TIMEOUT(badge(), RelationshipsModel::Badge::Testing, 20000);
        QCOMPARE(model.index(model.rowOf(QStringLiteral("postgres")), 0).data(RelationshipsModel::BadgeTextRole),
            QVariant(QStringLiteral("Testing failover")));
        QTRY_VERIFY_WITH_TIMEOUT(endTest->isEnabled(), 20000);
        QVERIFY2(panel->failedOverText().contains(QStringLiteral("A test failover runs since")),
            qPrintable(panel->failedOverText()));

        // End Test removes the test PVC, and only it; the list reads Idle again.
        endTest->click();
        QTRY_VERIFY_WITH_TIMEOUT(testClaims().isEmpty(), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(badge(), RelationshipsModel::Badge::Idle, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!endTest->isEnabled(), 20000);
        QVERIFY(mGcp->get(QStringLiteral("persistentvolumeclaims"), QStringLiteral("db"),
            QStringLiteral("volsync-postgres-data-dst")));

        // A test into another namespace: the missing namespace is offered, then the copy holds the content.
        {
            FailoverDialog elsewhere(&engine, &tracker, QStringLiteral("postgres"), FailoverDialog::Kind::Test);
            QSignalSpy loaded(&elsewhere, &FailoverDialog::planLoaded);
            elsewhere.show();
            QVERIFY(loaded.wait(20000));
            loaded.clear();
            auto *createNamespace = elsewhere.findChild<QCheckBox *>(QStringLiteral("failoverCreateNamespace"));
            QVERIFY(createNamespace->isHidden());
            elsewhere.setTargetName(QStringLiteral("db-drill/postgres-copy"));
            QVERIFY(loaded.wait(20000));
            QVERIFY(!elsewhere.isPlanReady());
            QCOMPARE(elsewhere.findings().constFirst().kind, ReplicationFinding::Kind::TargetNamespaceMissing);
            QVERIFY(!createNamespace->isHidden());
            QVERIFY2(createNamespace->text().contains(QStringLiteral("db-drill")), qPrintable(createNamespace->text()));
            loaded.clear();
            createNamespace->setChecked(true);
            QVERIFY(loaded.wait(20000));
            QVERIFY(elsewhere.isPlanReady());
            QVERIFY2(elsewhere.plan().join(QLatin1Char('\n')).contains(QStringLiteral("one-shot relationship")),
                qPrintable(elsewhere.plan().join(QLatin1Char('\n'))));
            QSignalSpy copied(&elsewhere, &FailoverDialog::finishedRunning);
            elsewhere.findChild<QPushButton *>(QStringLiteral("failoverConfirmButton"))->click();
            QVERIFY(copied.wait(60000));
            QVERIFY2(copied.first().first().toBool(), qPrintable(elsewhere.resultText()));
            QCOMPARE(SimVolumeController::content(mGcp, QStringLiteral("db-drill"), QStringLiteral("postgres-copy"))
                         .generation,
                QStringLiteral("G7"));
            EndTestOptions end;
            end.target = ObjectName {QString(), QStringLiteral("db-drill"), QStringLiteral("postgres-copy")};
            QVERIFY(runJob(DisasterRecovery::endTest(&engine, QStringLiteral("postgres"), end)).ok());
            QVERIFY(!mGcp->get(
                QStringLiteral("persistentvolumeclaims"), QStringLiteral("db-drill"), QStringLiteral("postgres-copy")));
            QTRY_COMPARE_WITH_TIMEOUT(badge(), RelationshipsModel::Badge::Idle, 20000);
        }

        QVERIFY(mGcp->create(QStringLiteral("persistentvolumeclaims"), QStringLiteral("db"),
                        SimFixture::pvcObject(QStringLiteral("taken")))
                    .ok());

        // While the dialog only plans (its dry run and restore-point list run), Sync Now stays available.
        auto *syncNow = dashboard.findChild<QPushButton *>(QStringLiteral("syncNowButton"));
        QTRY_VERIFY_WITH_TIMEOUT(syncNow->isEnabled(), 20000);
        FailoverDialog dialog(&engine, &tracker, QStringLiteral("postgres"), FailoverDialog::Kind::Failover);
        QSignalSpy planned(&dialog, &FailoverDialog::planLoaded);
        QVERIFY(tracker.runningOperation(QStringLiteral("postgres"), OperationTracker::Kind::Plan) != 0);
        QString whyNot;
        QVERIFY2(dashboard.canSync(&whyNot), qPrintable(whyNot));
        QVERIFY(syncNow->isEnabled());
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
        // The failover itself is a change: Sync Now waits for it.
        QVERIFY(tracker.runningChange(QStringLiteral("postgres")) != 0);
        QVERIFY(!dashboard.canSync());
        QVERIFY(!syncNow->isEnabled());
        QVERIFY(finished.wait(30000));
        QVERIFY2(finished.first().first().toBool(), qPrintable(dialog.resultText()));
        QVERIFY2(dialog.resultText().contains(QStringLiteral("db/postgres-data is ready on gcp, data as of")),
            qPrintable(dialog.resultText()));
        QVERIFY2(dialog.steps().join(QLatin1Char('\n')).contains(QStringLiteral("Pausing ReplicationDestination")),
            qPrintable(dialog.steps().join(QLatin1Char('\n'))));
        QCOMPARE(SimVolumeController::content(mGcp, QStringLiteral("db"), QStringLiteral("postgres-data")).generation,
            QStringLiteral("G7"));
        QVERIFY(dialog.isDone());
        QVERIFY(!confirm->isEnabled());

        // The list reads "Failed over" (not an error); the panel says when and to where, and offers Fail Back.
        QTRY_COMPARE_WITH_TIMEOUT(badge(), RelationshipsModel::Badge::FailedOver, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(panel->failedOverText().contains(QStringLiteral("Failed over (unplanned)")), 20000);
        QVERIFY2(panel->failedOverText().contains(QStringLiteral("gcp/db/postgres-data")),
            qPrintable(panel->failedOverText()));
        QCOMPARE(panel->restorePoints().size(), 1);
        QVERIFY(!panel->findChild<QPushButton *>(QStringLiteral("failoverButton"))->isEnabled());
        QVERIFY(!panel->findChild<QPushButton *>(QStringLiteral("testFailoverButton"))->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(failback->isEnabled(), 20000);

        // Fail Back…: new content on the DR side reaches the original PVC through the reverse relationship.
        QVERIFY(SimVolumeController::setContent(
            mGcp, QStringLiteral("db"), QStringLiteral("postgres-data"), {QStringLiteral("G8"), 8192}));
        failback->click();
        FailbackDialog *failbackDialog = nullptr;
        QTRY_VERIFY((failbackDialog = panel->findChild<FailbackDialog *>()) != nullptr && failbackDialog->isVisible());
        QSignalSpy failedBack(failbackDialog, &FailbackDialog::finishedRunning);
        failbackDialog->findChild<QPushButton *>(QStringLiteral("failbackConfirmButton"))->click();
        QVERIFY(failedBack.wait(60000));
        QVERIFY2(failedBack.first().first().toBool(), qPrintable(failbackDialog->resultText()));
        QVERIFY2(failbackDialog->resultText().contains(QStringLiteral("postgres-reverse has synced")),
            qPrintable(failbackDialog->resultText()));
        QVERIFY2(failbackDialog->steps().join(QLatin1Char('\n')).contains(QStringLiteral("Syncing postgres-reverse")),
            qPrintable(failbackDialog->steps().join(QLatin1Char('\n'))));
        QVERIFY(failbackDialog->isDone());
        QCOMPARE(SimVolumeController::content(mKind, QStringLiteral("db"), QStringLiteral("postgres-data")).generation,
            QStringLiteral("G8"));
        QTRY_VERIFY_WITH_TIMEOUT(
            panel->failedOverText().contains(QStringLiteral("failing back through postgres-reverse")), 20000);
        failbackDialog->reject();

        // The panel reads the history on a worker thread, never on the GUI's (the counter does count a read there).
        const int mainThreadReads = DisasterRecoveryHistory::mainThreadReads();
        QSignalSpy listed(panel, &DisasterRecoveryPanel::restorePointsLoaded);
        panel->refresh();
        QVERIFY(listed.wait(20000));
        QCOMPARE(DisasterRecoveryHistory::mainThreadReads(), mainThreadReads);
        QVERIFY(panel->failedOverText().contains(QStringLiteral("failing back through postgres-reverse")));
        QVERIFY(!DisasterRecoveryHistory(mConfigDir.path())
                     .records(model.relationship(QStringLiteral("postgres")).id)
                     .isEmpty());
        QCOMPARE(DisasterRecoveryHistory::mainThreadReads(), mainThreadReads + 1);
    }
};

QTEST_MAIN(TestFailoverDialog)
#include "test_failoverdialog.moc"
