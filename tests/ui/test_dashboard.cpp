// SPDX-License-Identifier: GPL-3.0-or-later
// The main window on the in-process demo world: the dashboard follows a simulated sync, Sync now keeps the
// schedule, delete keeps the latest snapshot, a failing relationship shows its problem. Saves screenshots.
#include "dashboardwidget.h"
#include "deletedialog.h"
#include "demoenvironment.h"
#include "engine/operationtracker.h"
#include "engine/relationshipstore.h"
#include "engine/replicationengine.h"
#include "kube/kubeinformer.h"
#include "kube/kubeinformerfactory.h"
#include "kube/kuberesource.h"
#include "kube/kubesession.h"
#include "mainwindow.h"
#include "models/activitylogmodel.h"
#include "models/contextsmodel.h"
#include "models/relationshipsmodel.h"
#include "models/synchistorymodel.h"
#include "models/unmanagedobjectsmodel.h"
#include "scheduledialog.h"
#include "scheduleeditor.h"
#include "sim/simcluster.h"
#include "sim/simfaults.h"
#include "sim/simoperator.h"
#include "sim/simstore.h"
#include "sim/simulator.h"
#include "sparklinewidget.h"
#include "synchistorydialog.h"
#include "unmanageddialog.h"
#include "yamldialog.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QGroupBox>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>
#include <algorithm>

namespace {

void saveShot(QWidget *widget, const QString &name)
{
    const QString dir = QStringLiteral(VOLSYNC_BUILD_DIR "/screenshots");
    QDir().mkpath(dir);
    QVERIFY(widget->grab().save(dir + QLatin1Char('/') + name));
}

QString labelText(QWidget *root, const char *name)
{
    auto *label = root->findChild<QLabel *>(QLatin1String(name));
    return label ? label->text() : QStringLiteral("<no label %1>").arg(QLatin1String(name));
}

} // namespace

class TestDashboard : public QObject
{
    Q_OBJECT
private:
    MainWindow *mWindow = nullptr;

    [[nodiscard]] ReplicationStatus status(const QString &name) const
    {
        return mWindow->relationshipsModel()->status(name);
    }

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void cleanup();
    void demoWorldShown();
    void capacityOfBothSides();
    void syncNowFollowsAndKeepsSchedule();
    void historyTableExportsCsv();
    void failingRelationshipExplained();
    void scheduleChange();
    void scheduleDialogForRsyncTls();
    void conditionsAgeTicks();
    void yamlView();
    void serverErrorInPlainWords();
    void otherVolSyncObjects();
    void deleteKeepsSnapshot();
    void cancelFromTheDashboardKeepsTheSchedule();
    void pauseAndResumeFromTheDashboard();
    void quittingDuringSyncNowPutsTheScheduleBack();

private:
    /// The schedule of `name` in its relationship file ("" = manual only or unreadable).
    [[nodiscard]] QString fileSchedule(const QString &name) const
    {
        QString error;
        const auto rel = mWindow->engine()->store().load(name, &error);
        return rel && rel->source ? rel->source->trigger.schedule.value_or(QString()) : QString();
    }
    /// Clicks Sync Now on `name` and waits until its source is on the manual trigger (the schedule kept aside).
    void startSyncNow(const QString &name);
};

void TestDashboard::initTestCase()
{
    QApplication::setApplicationName(QStringLiteral("volsync-desktop-test"));
    MainWindowOptions options;
    options.restoreSettings = false;
    options.demo = true;
    options.demoTimeScale = 2.0;
    mWindow = new MainWindow(options);
    QAbstractItemModelTester contextsTester(
        mWindow->contextsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy started(mWindow, &MainWindow::demoStarted);
    mWindow->resize(1280, 900);
    mWindow->show();
    QVERIFY(QTest::qWaitForWindowExposed(mWindow));
    QVERIFY(started.wait(60000));
    QCOMPARE(started.first().first().toString(), QString());
    QVERIFY(!mWindow->isShowingFirstRun());
}

void TestDashboard::cleanup()
{
    if (QTest::currentTestFailed()) {
        for (const ActivityLogModel::Entry &e : mWindow->activityLog()->entries()) {
            qInfo().noquote() << e.time.toString(Qt::ISODateWithMs) << ActivityLogModel::levelText(e.level) << e.cluster
                              << e.message;
        }
    }
}

void TestDashboard::cleanupTestCase()
{
    delete mWindow;
}

void TestDashboard::demoWorldShown()
{
    RelationshipsModel *model = mWindow->relationshipsModel();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model->rowCount(), 6); // with the failed-over orders-db and its reverse relationship
    QTRY_VERIFY_WITH_TIMEOUT(
        [&]() {
            for (int r = 0; r < model->rowCount(); ++r) {
                if (!model->index(r, 0).data(RelationshipsModel::ReadyRole).toBool()) {
                    return false;
                }
            }
            return true;
        }(),
        20000);
    // Both demo clusters are reachable.
    ContextsModel *contexts = mWindow->contextsModel();
    QCOMPARE(contexts->rowCount(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(
        ContextsModel::Reachability(contexts->index(0, 0).data(ContextsModel::ReachabilityRole).toInt())
                == ContextsModel::Reachability::Reachable
            && ContextsModel::Reachability(contexts->index(1, 0).data(ContextsModel::ReachabilityRole).toInt())
                == ContextsModel::Reachability::Reachable,
        15000);

    // Issue 13 item 17: the demo notice stays when a menu's status tip has come and gone.
    auto *notice = mWindow->findChild<QLabel *>(QStringLiteral("demoNotice"));
    QVERIFY(notice);
    mWindow->statusBar()->showMessage(QStringLiteral("a menu's status tip"));
    QVERIFY(!notice->isHidden()); // (a status-bar widget that is not permanent hides under a message)
    mWindow->statusBar()->clearMessage();
    QVERIFY(!notice->isHidden());
    QVERIFY(notice->text().contains(QLatin1String("Demo")));
    // The sparkline's marks are explained.
    QVERIFY(SparklineWidget::legend().contains(QLatin1String("by hand")));
    QVERIFY(mWindow->findChild<SparklineWidget *>()->toolTip().contains(QLatin1String("by hand")));
    // The log's third column holds clusters and relationships: "Where".
    QCOMPARE(mWindow->activityLog()->headerData(ActivityLogModel::ClusterColumn, Qt::Horizontal).toString(),
        QStringLiteral("Where"));

    mWindow->selectRelationship(QStringLiteral("webshop-db"));
    DashboardWidget *dashboard = mWindow->dashboard();
    QCOMPARE(dashboard->relationship(), QStringLiteral("webshop-db"));
    QCOMPARE(labelText(dashboard, "relationshipTitle"), QStringLiteral("webshop-db"));
    QCOMPARE(labelText(dashboard, "sourcePvc"), QStringLiteral("postgres-data"));
    QCOMPARE(labelText(dashboard, "sourceCluster"), QStringLiteral("home-lab"));
    QCOMPARE(labelText(dashboard, "destinationCluster"), QStringLiteral("cloud"));
    QVERIFY2(labelText(dashboard, "scheduleText").contains(QLatin1String("15 minutes")),
        qPrintable(labelText(dashboard, "scheduleText")));
    // (Shown with no-break spaces and a word joiner after '/', so that it never wraps.)
    QVERIFY(labelText(dashboard, "scheduleText")
                .remove(QChar(0x2060))
                .replace(QChar::Nbsp, QLatin1Char(' '))
                .contains(QLatin1String("*/15 * * * *")));
    QVERIFY(!labelText(dashboard, "destinationAddress").contains(QLatin1String("not published")));
    // (The simulated clock runs 2x: a scheduled sync may be running; Sync now waits for it.)
    QTRY_VERIFY_WITH_TIMEOUT(dashboard->canSync(), 30000);
    saveShot(mWindow, QStringLiteral("dashboard.png"));
}

// Issue 13 item 3: the sizes of both volumes are shown; a destination smaller than its source is flagged.
void TestDashboard::capacityOfBothSides()
{
    DashboardWidget *dashboard = mWindow->dashboard();
    mWindow->selectRelationship(QStringLiteral("webshop-uploads"));
    QTRY_COMPARE_WITH_TIMEOUT(labelText(dashboard, "sourceCapacity"), QStringLiteral("50Gi"), 15000);
    QTRY_COMPARE_WITH_TIMEOUT(labelText(dashboard, "destinationCapacity"), QStringLiteral("50Gi"), 15000);
    // Live (the shared PVC informers, not a read on selection): the source volume grows, the cards follow and
    // the destination is now too small.
    const ReplicationRelationship uploads
        = mWindow->relationshipsModel()->relationship(QStringLiteral("webshop-uploads"));
    auto *demo = mWindow->findChild<DemoEnvironment *>();
    SimStore *sourceStore = demo->simulator()->cluster(uploads.source->cluster)->store();
    const auto resize = [&](const char *size) {
        return sourceStore
            ->patchStatus(QStringLiteral("persistentvolumeclaims"), uploads.source->namespaceName,
                uploads.source->pvcName,
                QJsonObject {
                    {QStringLiteral("capacity"), QJsonObject {{QStringLiteral("storage"), QLatin1String(size)}}}})
            .ok();
    };
    QVERIFY(resize("60Gi"));
    const auto shrink = qScopeGuard([&resize]() { resize("50Gi"); });
    QTRY_COMPARE_WITH_TIMEOUT(labelText(dashboard, "sourceCapacity"), QStringLiteral("60Gi"), 15000);
    QTRY_VERIFY_WITH_TIMEOUT(
        labelText(dashboard, "destinationCapacity").contains(QLatin1String("smaller than the source (60Gi)")), 15000);
    // One PVC watch per cluster, however many relationships were shown.
    mWindow->selectRelationship(QStringLiteral("webshop-db"));
    mWindow->selectRelationship(QStringLiteral("webshop-uploads"));
    QHash<const KubeClient *, int> pvcWatches;
    for (KubeInformer *informer : mWindow->engine()->session()->informers()->informers()) {
        if (informer->resource() == KubeResource::persistentVolumeClaims())
            QCOMPARE(++pvcWatches[informer->client()], 1);
    }
    QVERIFY(!pvcWatches.isEmpty());
    // A file asking for less than the source (written by hand or by an older tool), not applied yet.
    QString error;
    ReplicationRelationship rel = mWindow->engine()->store().load(QStringLiteral("webshop-db"), &error).value();
    rel.name = QStringLiteral("small-copy");
    rel.id = QStringLiteral("5b0c0e3e-0000-4000-8000-00000000c0de");
    rel.destination->rdName = QStringLiteral("small-copy");
    rel.destination->capacity = QStringLiteral("10Gi");
    QVERIFY(mWindow->engine()->store().save(rel, &error));
    const auto guard = qScopeGuard([this]() {
        QFile::remove(mWindow->engine()->store().filePath(QStringLiteral("small-copy")));
        mWindow->relationshipsModel()->reload();
    });
    mWindow->relationshipsModel()->reload();
    QTRY_VERIFY_WITH_TIMEOUT(mWindow->relationshipsModel()->rowOf(QStringLiteral("small-copy")) >= 0, 5000);
    mWindow->selectRelationship(QStringLiteral("small-copy"));
    QTRY_COMPARE_WITH_TIMEOUT(labelText(dashboard, "sourceCapacity"), QStringLiteral("20Gi"), 15000);
    QTRY_VERIFY_WITH_TIMEOUT(
        labelText(dashboard, "destinationCapacity").contains(QLatin1String("smaller than the source (20Gi)")), 15000);
}

void TestDashboard::syncNowFollowsAndKeepsSchedule()
{
    const QString name = QStringLiteral("webshop-db");
    mWindow->selectRelationship(name);
    DashboardWidget *dashboard = mWindow->dashboard();
    const QDateTime before = status(name).lastSyncTime;
    auto *button = dashboard->findChild<QPushButton *>(QStringLiteral("syncNowButton"));
    QVERIFY(button);
    QTRY_VERIFY_WITH_TIMEOUT(button->isEnabled(), 30000);
    QSignalSpy finished(dashboard, &DashboardWidget::syncFinished);

    // Record the phases the dashboard goes through.
    QStringList phases;
    const QMetaObject::Connection recorder = connect(mWindow->relationshipsModel(), &RelationshipsModel::statusChanged,
        this, [&phases, name](const QString &changed, const ReplicationStatus &s) {
            if (changed == name && (phases.isEmpty() || phases.last() != s.phaseName())) {
                phases.append(s.phaseName());
            }
        });
    const auto guard = qScopeGuard([recorder]() { QObject::disconnect(recorder); });
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(dashboard->isSyncRunning());
    QVERIFY(!button->isEnabled());
    QVERIFY(!dashboard->canSync());
    QVERIFY(dashboard->findChild<QWidget *>(QStringLiteral("syncProgressRow"))->isVisible());
    QVERIFY(labelText(dashboard, "syncDisabledReason").contains(QLatin1String("running")));
    QTRY_VERIFY_WITH_TIMEOUT(status(name).phase == ReplicationStatus::Phase::Syncing, 20000);
    QVERIFY(labelText(dashboard, "statusBadge").contains(QLatin1String("Syncing")));
    // The source is on a manual trigger now; the dashboard still shows the schedule, paused.
    QTRY_VERIFY_WITH_TIMEOUT(status(name).schedule.isEmpty(), 10000);
    QVERIFY2(labelText(dashboard, "scheduleText").contains(QLatin1String("15 minutes"))
            && labelText(dashboard, "scheduleText").contains(QLatin1String("paused while Sync Now runs")),
        qPrintable(labelText(dashboard, "scheduleText")));
    saveShot(mWindow, QStringLiteral("dashboard-syncing.png"));

    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().at(1).toBool(), true);
    QVERIFY2(labelText(dashboard, "syncResult").contains(QLatin1String("Sync now finished after")),
        qPrintable(labelText(dashboard, "syncResult") + QStringLiteral(" | ") + dashboard->relationship()
            + QStringLiteral(" | ") + finished.first().at(0).toString() + finished.first().at(2).toString()));
    QTRY_VERIFY_WITH_TIMEOUT(status(name).phase == ReplicationStatus::Phase::Idle, 10000);
    QVERIFY(phases.contains(QStringLiteral("syncing")));
    QCOMPARE(phases.last(), QStringLiteral("idle"));
    QVERIFY(status(name).lastSyncTime > before);
    QVERIFY(!status(name).lastManualSync.isEmpty());
    QVERIFY(button->isEnabled());

    // Sync now kept the schedule: in the cluster and in the file.
    QTRY_COMPARE_WITH_TIMEOUT(status(name).schedule, QStringLiteral("*/15 * * * *"), 10000);
    QString error;
    const auto rel = mWindow->engine()->store().load(name, &error);
    QVERIFY2(rel, qPrintable(error));
    QCOMPARE(rel->source->trigger.schedule.value_or(QString()), QStringLiteral("*/15 * * * *"));
    // The history store got the sync, and the chart shows it.
    QTRY_VERIFY_WITH_TIMEOUT(!mWindow->relationshipsModel()->history().records(rel->id).isEmpty(), 10000);
    saveShot(mWindow, QStringLiteral("dashboard-after-sync.png"));
}

// "A sync history table with CSV export, beside the sparkline" (issue 13).
void TestDashboard::historyTableExportsCsv()
{
    mWindow->selectRelationship(QStringLiteral("webshop-db"));
    auto *chart = mWindow->dashboard()->findChild<SparklineWidget *>();
    QTRY_VERIFY_WITH_TIMEOUT(!chart->records().isEmpty(), 10000);
    auto *button = mWindow->dashboard()->findChild<QPushButton *>(QStringLiteral("historyButton"));
    QVERIFY(button);
    QTest::mouseClick(button, Qt::LeftButton);
    SyncHistoryDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = mWindow->dashboard()->findChild<SyncHistoryDialog *>()) != nullptr, 5000);
    QCOMPARE(dialog->model()->rowCount(), int(chart->records().size()));
    // "Bytes where the mover reports them" (issue 13): the Sync now above was seen to its end, and the rsync
    // mover's report of it gives the bytes sent.
    bool sentShown = false;
    for (int row = 0; row < dialog->model()->rowCount(); ++row) {
        const QModelIndex sent = dialog->model()->index(row, SyncHistoryModel::SentColumn);
        sentShown = sentShown || (sent.data(Qt::UserRole).toLongLong() > 0 && sent.data().toString() != u"—");
    }
    QVERIFY(sentShown);
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("syncHistoryIntro"))
                ->text()
                .contains(QLatin1String("what the rsync mover reported")));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("history.csv"));
    QString error;
    QVERIFY2(dialog->exportTo(path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString csv = QString::fromUtf8(file.readAll());
    QCOMPARE(csv, dialog->model()->toCsv());
    QCOMPARE(csv.count(QLatin1String("\r\n")), dialog->model()->rowCount() + 1);
    saveShot(dialog, QStringLiteral("sync-history.png"));
    dialog->close();
}

void TestDashboard::failingRelationshipExplained()
{
    const QString name = QStringLiteral("prometheus");
    mWindow->selectRelationship(name);
    // VolSync retries a failed mover (the Job is retried): the phase may stay "syncing", but the mover's
    // failure and its log reach the dashboard.
    QTRY_VERIFY_WITH_TIMEOUT(status(name).phase == ReplicationStatus::Phase::Failed
            || (status(name).moverStatus && status(name).moverStatus->result == QLatin1String("Failed")),
        30000);
    DashboardWidget *dashboard = mWindow->dashboard();
    QTRY_VERIFY_WITH_TIMEOUT(labelText(dashboard, "moverResult").contains(QLatin1String("Failed"))
            || labelText(dashboard, "statusBadge").contains(QLatin1String("Failed")),
        5000);
    // Its cause (a stale copy of the destination's keys) is named in plain words, with the fix beside it.
    const auto keysProblem = [dashboard]() -> QPushButton * {
        const QList<QWidget *> lines = dashboard->findChildren<QWidget *>(QStringLiteral("problemLine"));
        for (QWidget *line : lines) {
            auto *text = line->findChild<QLabel *>(QStringLiteral("problemText"));
            if (line->isVisible() && text && text->text().contains(QLatin1String("current keys")))
                return line->findChild<QPushButton *>(QStringLiteral("problemFixButton"));
        }
        return nullptr;
    };
    QTRY_VERIFY_WITH_TIMEOUT(keysProblem() != nullptr, 10000);
    // Issue 13 item 5: the failure reached the activity log as an error of that relationship ("Warnings and
    // errors" shows it).
    const auto loggedAsError = [this, &name]() {
        const QList<ActivityLogModel::Entry> entries = mWindow->activityLog()->entries();
        return std::any_of(entries.cbegin(), entries.cend(), [&name](const ActivityLogModel::Entry &e) {
            return e.level == ActivityLogModel::Level::Error && e.cluster == name
                && e.category == ActivityLogModel::Category::Step;
        });
    };
    QTRY_VERIFY_WITH_TIMEOUT(loggedAsError(), 10000);
    const auto *problemText = keysProblem()->parentWidget()->findChild<QLabel *>(QStringLiteral("problemText"));
    QVERIFY2(!problemText->text().contains(QLatin1String("replication schedule")), qPrintable(problemText->text()));
    QCOMPARE(keysProblem()->text(), QStringLiteral("Apply Again"));
    // Issue 13 item 10: the button says what it will change.
    QVERIFY2(keysProblem()->toolTip().contains(QLatin1String("copies the destination's current keys")),
        qPrintable(keysProblem()->toolTip()));
    saveShot(mWindow, QStringLiteral("dashboard-failed.png"));
    // ... and once applied, the dashboard says so and that VolSync is retrying, until its next result.
    OperationTracker *tracker = mWindow->operationTracker();
    auto *note = dashboard->findChild<QLabel *>(QStringLiteral("fixAppliedNote"));
    QVERIFY(note);
    QVERIFY(note->isHidden());
    bool noteShown = false;
    const QMetaObject::Connection fixWatch = connect(tracker, &OperationTracker::finished, this,
        [&noteShown, tracker, note](int id, const ReplicationResult &result) {
            if (tracker->kindOf(id) == OperationTracker::Kind::Fix && result.ok())
                noteShown = !note->isHidden() && note->text().contains(QLatin1String("VolSync is retrying"));
        });
    const auto disconnectFixWatch = qScopeGuard([fixWatch] { QObject::disconnect(fixWatch); });
    QTest::mouseClick(keysProblem(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(noteShown, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(
        !status(name).problemTexts().join(QLatin1Char('\n')).contains(QLatin1String("current keys")), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(keysProblem() == nullptr, 5000);
    // VolSync's next result ends the note.
    QTRY_VERIFY_WITH_TIMEOUT(note->isHidden(), 120000);
}

// Issue 13 item 13: rsync-TLS movers run unprivileged, so the schedule dialog does not offer the annotation.
void TestDashboard::scheduleDialogForRsyncTls()
{
    for (const QString &name : {QStringLiteral("gitea"), QStringLiteral("webshop-uploads")}) {
        mWindow->selectRelationship(name);
        QAction *action = mWindow->findChild<QAction *>(QStringLiteral("scheduleAction"));
        QVERIFY(action);
        QTRY_VERIFY_WITH_TIMEOUT(action->isEnabled(), 10000);
        action->trigger();
        ScheduleDialog *dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = mWindow->findChild<ScheduleDialog *>()) != nullptr, 5000);
        auto *annotate = dialog->findChild<QCheckBox *>(QStringLiteral("allowPrivilegedMoversCheck"));
        QVERIFY(annotate);
        const bool tls = mWindow->relationshipsModel()->relationship(name).rsyncTls;
        QCOMPARE(tls, name == QLatin1String("gitea"));
        QCOMPARE(annotate->isHidden(), tls);
        dialog->close();
        QTRY_VERIFY_WITH_TIMEOUT(mWindow->findChild<ScheduleDialog *>() == nullptr, 5000);
    }
}

// Issue 13 item 9: the conditions' Age column ticks like the countdown.
void TestDashboard::conditionsAgeTicks()
{
    mWindow->selectRelationship(QStringLiteral("webshop-db"));
    auto *table = mWindow->dashboard()->findChild<QTableWidget *>(QStringLiteral("conditionsTable"));
    QVERIFY(table);
    QTRY_VERIFY_WITH_TIMEOUT(table->rowCount() > 0 && table->item(0, 6) && !table->item(0, 6)->text().isEmpty(), 20000);
    const QString first = table->item(0, 6)->text();
    // The age shows seconds, then minutes: a minute-old condition changes its text within 60 s.
    QTRY_VERIFY_WITH_TIMEOUT(table->item(0, 6) && table->item(0, 6)->text() != first, 90000);
}

void TestDashboard::scheduleChange()
{
    const QString name = QStringLiteral("webshop-uploads");
    ScheduleDialog dialog(mWindow->engine(), mWindow->operationTracker(), name, status(name).schedule, true, mWindow);
    dialog.show();
    QCOMPARE(dialog.editor()->cronSpec(), QStringLiteral("0 * * * *"));
    dialog.editor()->setCronSpec(QStringLiteral("*/5 * * * *"));
    QSignalSpy applied(&dialog, &ScheduleDialog::applied);
    dialog.apply();
    QVERIFY(applied.wait(60000));
    QVERIFY2(applied.first().first().toBool(), qPrintable(labelText(&dialog, "scheduleProgress")));
    QTRY_COMPARE_WITH_TIMEOUT(status(name).schedule, QStringLiteral("*/5 * * * *"), 10000);
    saveShot(&dialog, QStringLiteral("schedule-dialog.png"));
}

void TestDashboard::yamlView()
{
    const QString name = QStringLiteral("webshop-db");
    const ReplicationRelationship rel = mWindow->relationshipsModel()->relationship(name);
    YamlDialog dialog(mWindow->engine(), mWindow->operationTracker(), rel, mWindow);
    QSignalSpy loaded(&dialog, &YamlDialog::loaded);
    dialog.show();
    QVERIFY(loaded.wait(10000));
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.text(QStringLiteral("secret")).contains(QLatin1String("loading")), 10000);
    QVERIFY(dialog.text(QStringLiteral("file")).contains(rel.id));
    QVERIFY(dialog.text(QStringLiteral("source")).contains(QLatin1String("ReplicationSource")));
    QVERIFY(dialog.text(QStringLiteral("destination")).contains(QLatin1String("ReplicationDestination")));
    const QString secret = dialog.text(QStringLiteral("secret"));
    QVERIFY2(secret.contains(QLatin1String("Secret")), qPrintable(secret));
    // Masked: no base64 key material, the marker instead.
    QVERIFY(!secret.contains(QLatin1String("LS0t")));
    QVERIFY(dialog.command(QStringLiteral("source"))
                .startsWith(QLatin1String("kubectl --context home-lab -n webshop get")));
    saveShot(&dialog, QStringLiteral("yaml-dialog.png"));
}

void TestDashboard::serverErrorInPlainWords()
{
    auto *demo = mWindow->findChild<DemoEnvironment *>();
    SimCluster *cloud = demo->simulator()->cluster(QStringLiteral("cloud"));
    SimFaults faults = cloud->faults();
    faults.serverErrorRate = 1.0;
    cloud->setFaults(faults);
    const auto restore = qScopeGuard([cloud]() { cloud->setFaults(SimFaults()); });

    const QString name = QStringLiteral("gitea");
    ScheduleDialog dialog(mWindow->engine(), mWindow->operationTracker(), name, QString(), true, mWindow);
    dialog.show();
    dialog.editor()->setCronSpec(QStringLiteral("*/30 * * * *"));
    QSignalSpy applied(&dialog, &ScheduleDialog::applied);
    dialog.apply();
    QVERIFY(applied.wait(60000));
    QCOMPARE(applied.first().first().toBool(), false);
    const QString shown = labelText(&dialog, "scheduleProgress");
    // Which cluster, in words; no raw JSON Status object.
    QVERIFY2(shown.contains(QLatin1String("cloud")), qPrintable(shown));
    QVERIFY2(!shown.contains(QLatin1String("\"kind\"")), qPrintable(shown));
    const auto &entries = mWindow->activityLog()->entries();
    QVERIFY(std::any_of(entries.begin(), entries.end(), [](const ActivityLogModel::Entry &e) {
        return e.level == ActivityLogModel::Level::Error && e.message.contains(QLatin1String("cloud"));
    }));
    saveShot(&dialog, QStringLiteral("schedule-dialog-server-error.png"));
}

void TestDashboard::otherVolSyncObjects()
{
    auto *demo = mWindow->findChild<DemoEnvironment *>();
    SimStore *lab = demo->simulator()->cluster(QStringLiteral("home-lab"))->store();
    // A restic source made by another tool: no relationship file describes it.
    const QJsonObject restic {{QStringLiteral("apiVersion"), QStringLiteral("volsync.backube/v1alpha1")},
        {QStringLiteral("kind"), QStringLiteral("ReplicationSource")},
        {QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), QStringLiteral("grafana-backup")}}},
        {QStringLiteral("spec"),
            QJsonObject {{QStringLiteral("sourcePVC"), QStringLiteral("grafana")},
                {QStringLiteral("restic"),
                    QJsonObject {{QStringLiteral("repository"), QStringLiteral("restic-config")},
                        {QStringLiteral("copyMethod"), QStringLiteral("Clone")}}}}}};
    QVERIFY(lab->create(QStringLiteral("replicationsources"), QStringLiteral("monitoring"), restic).ok());

    QSet<QString> ids;
    RelationshipsModel *relationships = mWindow->relationshipsModel();
    for (int r = 0; r < relationships->rowCount(); ++r) {
        ids.insert(relationships->relationship(relationships->nameAt(r)).id);
    }
    UnmanagedDialog dialog(
        mWindow->engine(), mWindow->activityLog(), {QStringLiteral("home-lab"), QStringLiteral("cloud")}, ids, mWindow);
    QAbstractItemModelTester tester(dialog.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy scanned(dialog.model(), &UnmanagedObjectsModel::scanFinished);
    dialog.show();
    QVERIFY(scanned.wait(10000));
    int row = -1;
    for (int r = 0; r < dialog.model()->rowCount(); ++r) {
        const QModelIndex index = dialog.model()->index(r, UnmanagedObjectsModel::NameColumn);
        // Objects of the relationships in files are not listed.
        QVERIFY(index.data().toString() != QLatin1String("postgres-data-x7k2q"));
        if (index.data().toString() == QLatin1String("grafana-backup")) {
            row = r;
        }
    }
    QVERIFY(row >= 0);
    QCOMPARE(
        dialog.model()->index(row, UnmanagedObjectsModel::MoverColumn).data().toString(), QStringLiteral("restic"));
    saveShot(&dialog, QStringLiteral("other-objects.png"));
    QSignalSpy synced(dialog.model(), &UnmanagedObjectsModel::syncRequested);
    dialog.syncRow(row);
    QVERIFY(synced.wait(10000));
    QCOMPARE(synced.first().at(3).toString(), QString());
    const auto after = lab->get(
        QStringLiteral("replicationsources"), QStringLiteral("monitoring"), QStringLiteral("grafana-backup"));
    QVERIFY(after.has_value());
    QVERIFY(!after->value(QLatin1String("spec"))
                 .toObject()
                 .value(QLatin1String("trigger"))
                 .toObject()
                 .value(QLatin1String("manual"))
                 .toString()
                 .isEmpty());
    // The rest of the spec is untouched.
    QCOMPARE(after->value(QLatin1String("spec")).toObject().value(QLatin1String("restic")),
        restic.value(QLatin1String("spec")).toObject().value(QLatin1String("restic")));
}

void TestDashboard::deleteKeepsSnapshot()
{
    const QString name = QStringLiteral("webshop-db");
    const ReplicationRelationship rel = mWindow->relationshipsModel()->relationship(name);
    // The manual sync above left a snapshot.
    QTRY_VERIFY_WITH_TIMEOUT(status(name).latestImageKind == QLatin1String("VolumeSnapshot"), 10000);
    const QString snapshot = status(name).latestImageName;

    auto *demo = mWindow->findChild<DemoEnvironment *>();
    QVERIFY(demo);
    SimStore *cloud = demo->simulator()->cluster(QStringLiteral("cloud"))->store();

    DeleteDialog dialog(mWindow->engine(), mWindow->operationTracker(), name, mWindow);
    QSignalSpy planned(&dialog, &DeleteDialog::planLoaded);
    dialog.show();
    QVERIFY(planned.wait(20000));
    auto *objects = dialog.findChild<QTreeWidget *>(QStringLiteral("deleteObjects"));
    QVERIFY(objects->topLevelItemCount() >= 2);
    bool listsRd = false;
    for (int i = 0; i < objects->topLevelItemCount(); ++i) {
        listsRd = listsRd || objects->topLevelItem(i)->text(0).startsWith(QLatin1String("ReplicationDestination"));
    }
    QVERIFY(listsRd);
    // Issue 13 item 14: the list names the latest snapshot and what happens to it, whole (not elided), and
    // changes when "keep the latest snapshot" is ticked; the intro says what goes and what stays.
    const auto snapshotRow = [objects, &snapshot]() -> QTreeWidgetItem * {
        for (int i = 0; i < objects->topLevelItemCount(); ++i) {
            if (objects->topLevelItem(i)->text(0).contains(snapshot))
                return objects->topLevelItem(i);
        }
        return nullptr;
    };
    QVERIFY(snapshotRow());
    QVERIFY2(snapshotRow()->text(2).contains(QLatin1String("will be deleted")), qPrintable(snapshotRow()->text(2)));
    QVERIFY(labelText(&dialog, "deleteIntro").contains(QLatin1String("Namespaces stay")));
    QVERIFY(labelText(&dialog, "deleteIntro").contains(QLatin1String("destination's volume goes")));
    for (int i = 0; i < objects->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = objects->topLevelItem(i);
        for (int column = 0; column < 2; ++column)
            QVERIFY2(
                objects->header()->sectionSize(column) >= objects->fontMetrics().horizontalAdvance(item->text(column)),
                qPrintable(item->text(column)));
    }
    saveShot(&dialog, QStringLiteral("delete-dialog.png"));
    dialog.setKeepSnapshot(true);
    QVERIFY(planned.wait(20000));
    QVERIFY(snapshotRow());
    QVERIFY2(snapshotRow()->text(2).startsWith(QLatin1String("kept")), qPrintable(snapshotRow()->text(2)));
    QSignalSpy deleted(&dialog, &DeleteDialog::deleted);
    dialog.confirmDelete();
    QVERIFY(deleted.wait(30000));
    QVERIFY2(deleted.first().first().toBool(), qPrintable(labelText(&dialog, "deleteStatus")));
    bool reportedSnapshot = false;
    const QList<ObjectResult> results = dialog.results();
    for (const ObjectResult &o : results) {
        reportedSnapshot = reportedSnapshot || (o.kind == QLatin1String("VolumeSnapshot") && o.name == snapshot);
    }
    QVERIFY(reportedSnapshot);
    QVERIFY(!mWindow->engine()->store().exists(name));
    QTRY_COMPARE_WITH_TIMEOUT(mWindow->relationshipsModel()->rowOf(name), -1, 5000);
    // The snapshot stays, labelled; the RD is gone.
    QTRY_VERIFY_WITH_TIMEOUT(
        !cloud->get(QStringLiteral("replicationdestinations"), rel.destination->namespaceName, rel.destination->rdName),
        10000);
    QTest::qWait(300);
    const auto kept = cloud->get(QStringLiteral("volumesnapshots"), rel.destination->namespaceName, snapshot);
    QVERIFY(kept.has_value());
    QCOMPARE(kept->value(QLatin1String("metadata"))
                 .toObject()
                 .value(QLatin1String("labels"))
                 .toObject()
                 .value(ReplicationEngine::doNotDeleteLabel())
                 .toString(),
        QStringLiteral("true"));
    saveShot(&dialog, QStringLiteral("delete-dialog-done.png"));
}

void TestDashboard::startSyncNow(const QString &name)
{
    // The mover runs long enough (20 s at the demo's double speed) for what follows to happen while it runs.
    auto *op = mWindow->findChild<DemoEnvironment *>()->findChild<SimOperator *>();
    QVERIFY(op);
    op->setSyncDurationMs(40000);
    mWindow->selectRelationship(name);
    DashboardWidget *dashboard = mWindow->dashboard();
    QCOMPARE(dashboard->relationship(), name);
    QTRY_VERIFY_WITH_TIMEOUT(dashboard->canSync(), 60000);
    QTest::mouseClick(dashboard->findChild<QPushButton *>(QStringLiteral("syncNowButton")), Qt::LeftButton);
    QVERIFY(dashboard->isSyncRunning());
    // On the cluster the source waits on a manual trigger; the file keeps the schedule to put back.
    QTRY_VERIFY_WITH_TIMEOUT(status(name).schedule.isEmpty() && fileSchedule(name).isEmpty(), 20000);
}

// Issue 13 item 1 as the user did it: Sync Now, then Cancel at once. The schedule is back on the cluster and in
// the file, and the result says the sync was cancelled.
void TestDashboard::cancelFromTheDashboardKeepsTheSchedule()
{
    const QString name = QStringLiteral("webshop-uploads");
    const QString schedule = fileSchedule(name); // (scheduleChange may have changed the demo's)
    QVERIFY(!schedule.isEmpty());
    startSyncNow(name);
    DashboardWidget *dashboard = mWindow->dashboard();
    QSignalSpy finished(dashboard, &DashboardWidget::syncFinished);
    auto *cancel = dashboard->findChild<QPushButton *>(QStringLiteral("cancelSyncButton"));
    QVERIFY(cancel && cancel->isVisible() && cancel->isEnabled());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().at(0).toString(), name);
    QCOMPARE(finished.first().at(1).toBool(), false);
    mWindow->findChild<DemoEnvironment *>()->findChild<SimOperator *>()->setSyncDurationMs(6000);
    QVERIFY2(labelText(dashboard, "syncResult").contains(QLatin1String("cancelled")),
        qPrintable(labelText(dashboard, "syncResult")));
    QCOMPARE(fileSchedule(name), schedule);
    QTRY_COMPARE_WITH_TIMEOUT(status(name).schedule, schedule, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!labelText(dashboard, "scheduleText").contains(QLatin1String("manual")), 10000);
}

// "Pause and resume a relationship's schedule (spec.paused), separate from Sync Now and Cancel" (issue 13), from
// the dashboard's button: paused on the cluster, said beside the schedule, Sync Now refused with the reason; the
// schedule stays; Resume undoes it.
void TestDashboard::pauseAndResumeFromTheDashboard()
{
    const QString name = QStringLiteral("webshop-uploads");
    const QString schedule = fileSchedule(name);
    QVERIFY(!schedule.isEmpty());
    mWindow->selectRelationship(name);
    DashboardWidget *dashboard = mWindow->dashboard();
    auto *pause = dashboard->findChild<QPushButton *>(QStringLiteral("pauseButton"));
    QVERIFY(pause);
    QTRY_VERIFY_WITH_TIMEOUT(pause->isEnabled() && !status(name).paused, 30000);
    QCOMPARE(pause->text(), QStringLiteral("Pa&use"));
    QTest::mouseClick(pause, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(status(name).paused, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(pause->text(), QStringLiteral("Res&ume"), 10000);
    // The list and the badge say so (not "Idle").
    const QModelIndex row = mWindow->relationshipsModel()->index(mWindow->relationshipsModel()->rowOf(name), 0);
    QTRY_COMPARE_WITH_TIMEOUT(row.data(RelationshipsModel::BadgeTextRole).toString(), QStringLiteral("Paused"), 60000);
    QTRY_VERIFY_WITH_TIMEOUT(labelText(dashboard, "statusBadge").contains(QLatin1String("Paused")), 60000);
    QVERIFY2(labelText(dashboard, "scheduleText").contains(QLatin1String("paused: no sync starts")),
        qPrintable(labelText(dashboard, "scheduleText")));
    // Sync Now says why it is off, once the pause itself has finished.
    QTRY_VERIFY_WITH_TIMEOUT(pause->isEnabled(), 10000);
    QVERIFY(!dashboard->canSync());
    QVERIFY2(labelText(dashboard, "syncDisabledReason").contains(QLatin1String("paused")),
        qPrintable(labelText(dashboard, "syncDisabledReason")));
    QCOMPARE(status(name).schedule, schedule);
    QCOMPARE(fileSchedule(name), schedule);
    // No next sync while paused (VolSync's status may still hold the one planned before).
    QTRY_COMPARE_WITH_TIMEOUT(labelText(dashboard, "nextSyncText"), QStringLiteral("none while paused"), 10000);
    saveShot(mWindow, QStringLiteral("dashboard-paused.png"));
    QTRY_VERIFY_WITH_TIMEOUT(pause->isEnabled(), 10000);
    QTest::mouseClick(pause, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!status(name).paused, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(pause->text(), QStringLiteral("Pa&use"), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!labelText(dashboard, "scheduleText").contains(QLatin1String("paused")), 10000);
    QCOMPARE(status(name).schedule, schedule);
}

// Issue 13 item 1: quitting during Sync Now cancels it and puts the schedule back before the window goes (a
// window that closed at once would leave the source on its manual trigger when the process ends). Last: it closes
// the window.
void TestDashboard::quittingDuringSyncNowPutsTheScheduleBack()
{
    const QString name = QStringLiteral("webshop-uploads");
    const QString schedule = fileSchedule(name);
    QVERIFY(!schedule.isEmpty());
    startSyncNow(name);
    QVERIFY(mWindow->operationTracker()->isBusy());
    QSignalSpy busy(mWindow->operationTracker(), &OperationTracker::busyChanged);
    mWindow->close();
    // Not closed yet: the operations are stopping.
    QVERIFY(mWindow->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(!mWindow->isVisible(), 30000);
    // By the time it is gone, nothing runs and the schedule is back: in the file and on the cluster.
    QVERIFY(!mWindow->operationTracker()->isBusy());
    QCOMPARE(fileSchedule(name), schedule);
    QString error;
    const auto rel = mWindow->engine()->store().load(name, &error);
    QVERIFY2(rel, qPrintable(error));
    auto *demo = mWindow->findChild<DemoEnvironment *>();
    QVERIFY(demo);
    const auto rs = demo->simulator()
                        ->cluster(rel->source->cluster)
                        ->store()
                        ->get(QStringLiteral("replicationsources"), rel->source->namespaceName, rel->source->rsName);
    QVERIFY(rs.has_value());
    QCOMPARE(rs->value(QLatin1String("spec"))
                 .toObject()
                 .value(QLatin1String("trigger"))
                 .toObject()
                 .value(QLatin1String("schedule"))
                 .toString(),
        schedule);
}

QTEST_MAIN(TestDashboard)
#include "test_dashboard.moc"
