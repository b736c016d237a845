// SPDX-License-Identifier: GPL-3.0-or-later
// The main window with 50 relationships syncing every (simulated) minute: every row goes syncing -> idle with a
// last sync time and no errors, all monitors share the window's one KubeSession and survive its reload(), and
// the activity log carries the API calls (which "Steps only" hides). Saves screenshots.
#include "activitylogwidget.h"
#include "engine/clustersession.h"
#include "kube/kubeclient.h"
#include "kube/kubeinformer.h"
#include "kube/kubeinformerfactory.h"
#include "kube/kubesession.h"
#include "mainwindow.h"
#include "manyrelationshipsworld.h"
#include "models/activitylogmodel.h"
#include "models/relationshipsmodel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QHash>
#include <QPointer>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

namespace {
void saveShot(QWidget *widget, const QString &name)
{
    const QString dir = QStringLiteral(VOLSYNC_BUILD_DIR "/screenshots");
    QDir().mkpath(dir);
    QVERIFY(widget->grab().save(dir + QLatin1Char('/') + name));
}

/// What one row went through.
struct Seen {
    bool syncing = false;
    QDateTime idleWithSyncAfterSyncing; ///< lastSyncTime of an idle status that followed a syncing one
    QStringList problems;
};
} // namespace

class TestManyRelationships : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void cleanup();
    void everyRowSyncs();
    void oneSessionSurvivesReload();
    void activityLogCarriesApiCalls();

private:
    void record(const QString &name, const ReplicationStatus &status);
    [[nodiscard]] int rowsThatSynced() const;

    ManyRelationshipsWorld *mWorld = nullptr;
    MainWindow *mWindow = nullptr;
    QHash<QString, Seen> mSeen;
    QStringList mMonitorErrors;
};

void TestManyRelationships::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setApplicationName(QStringLiteral("volsync-desktop-test"));
    mWorld = new ManyRelationshipsWorld(ManyRelationshipsWorld::Options(), this);
    QSignalSpy ready(mWorld, &ManyRelationshipsWorld::ready);
    QSignalSpy failed(mWorld, &ManyRelationshipsWorld::failed);
    mWorld->start();
    QTRY_VERIFY_WITH_TIMEOUT(!ready.isEmpty() || !failed.isEmpty(), 120000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));

    MainWindowOptions options;
    options.kubeconfig = mWorld->kubeconfigPath();
    options.configDir = mWorld->configDir();
    options.restoreSettings = false;
    mWindow = new MainWindow(options);
    // Keep every entry: activityLogCarriesApiCalls counts the watches of the whole run, and 50 relationships
    // syncing every 2 s write more than the default 5,000 entries.
    mWindow->activityLog()->setMaxEntries(1000000);
    // The kubeconfig is read on a worker thread; the relationships model exists from then on (connected at once,
    // so that no status is missed).
    connect(mWindow, &MainWindow::kubeconfigLoaded, this, [this] {
        connect(
            mWindow->relationshipsModel(), &RelationshipsModel::statusChanged, this, &TestManyRelationships::record);
        connect(mWindow->relationshipsModel(), &RelationshipsModel::monitorError, this,
            [this](const QString &name, const QString &message) {
                mMonitorErrors.append(name + QStringLiteral(": ") + message);
            });
    });
    mWindow->resize(1280, 900);
    mWindow->show();
    QVERIFY(QTest::qWaitForWindowExposed(mWindow));
    QTRY_VERIFY(mWindow->isKubeconfigLoaded());
}

void TestManyRelationships::cleanupTestCase()
{
    delete mWindow;
    mWindow = nullptr;
    if (mWorld) {
        mWorld->stop();
    }
}

void TestManyRelationships::cleanup()
{
    if (QTest::currentTestFailed() && mWindow) {
        mWindow->activityLog()->flush();
        int shown = 0;
        for (const ActivityLogModel::Entry &e : mWindow->activityLog()->entries()) {
            if (e.level >= ActivityLogModel::Level::Warning && ++shown < 50) {
                qInfo().noquote() << e.time.toString(Qt::ISODateWithMs) << ActivityLogModel::levelText(e.level)
                                  << e.cluster << e.message;
            }
        }
        for (const QString &name : mWorld->names()) {
            const Seen seen = mSeen.value(name);
            if (!seen.syncing || !seen.idleWithSyncAfterSyncing.isValid()) {
                qInfo().noquote() << name << "syncing seen:" << seen.syncing
                                  << "status:" << mWindow->relationshipsModel()->status(name).phaseName();
            }
        }
    }
}

void TestManyRelationships::record(const QString &name, const ReplicationStatus &status)
{
    // Before its watches have listed (at start, and again after a reload), a row cannot know its objects yet:
    // what it shows then proves nothing about the syncs, so only a ready row's statuses count.
    RelationshipsModel *model = mWindow->relationshipsModel();
    if (!model->index(model->rowOf(name), 0).data(RelationshipsModel::ReadyRole).toBool()) {
        return;
    }
    Seen &seen = mSeen[name];
    if (status.phase == ReplicationStatus::Phase::Syncing) {
        seen.syncing = true;
    } else if (status.phase == ReplicationStatus::Phase::Idle && seen.syncing && status.lastSyncTime.isValid()) {
        seen.idleWithSyncAfterSyncing = status.lastSyncTime;
    }
    for (const QString &problem : status.problemTexts()) {
        if (!seen.problems.contains(problem)) {
            seen.problems.append(problem);
        }
    }
}

int TestManyRelationships::rowsThatSynced() const
{
    int done = 0;
    for (const QString &name : mWorld->names()) {
        const Seen seen = mSeen.value(name);
        done += seen.syncing && seen.idleWithSyncAfterSyncing.isValid() ? 1 : 0;
    }
    return done;
}

void TestManyRelationships::everyRowSyncs()
{
    RelationshipsModel *model = mWindow->relationshipsModel();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model->rowCount(), 50);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&]() {
            for (int r = 0; r < model->rowCount(); ++r) {
                if (!model->index(r, 0).data(RelationshipsModel::ReadyRole).toBool()) {
                    return false;
                }
            }
            return true;
        }(),
        60000);
    // Every row: syncing, then idle with a last sync time (the schedule fires every 2 s).
    QTRY_COMPARE_WITH_TIMEOUT(rowsThatSynced(), 50, 90000);
    for (const QString &name : mWorld->names()) {
        const Seen seen = mSeen.value(name);
        QVERIFY2(seen.problems.isEmpty(), qPrintable(name + QStringLiteral(": ") + seen.problems.join(u'\n')));
        QVERIFY(mWindow->relationshipsModel()->status(name).lastSyncTime.isValid());
    }
    QVERIFY2(mMonitorErrors.isEmpty(), qPrintable(mMonitorErrors.join(u'\n')));
    // What the list shows: idle (or the next sync already running), never a failure or a problem.
    for (int r = 0; r < model->rowCount(); ++r) {
        const auto badge = RelationshipsModel::Badge(model->index(r, 0).data(RelationshipsModel::BadgeRole).toInt());
        QVERIFY2(badge == RelationshipsModel::Badge::Idle || badge == RelationshipsModel::Badge::Syncing,
            qPrintable(model->index(r, RelationshipsModel::StatusColumn).data().toString()));
    }
    mWindow->activityLog()->flush();
    for (const ActivityLogModel::Entry &e : mWindow->activityLog()->entries()) {
        QVERIFY2(e.level != ActivityLogModel::Level::Error, qPrintable(e.cluster + QStringLiteral(": ") + e.message));
    }
    // Completed syncs are reported as steps, with the mover's duration.
    QVERIFY(std::any_of(mWindow->activityLog()->entries().cbegin(), mWindow->activityLog()->entries().cend(),
        [](const ActivityLogModel::Entry &e) { return e.message.contains(QLatin1String("(the mover took")); }));
    mWindow->selectRelationship(QStringLiteral("vol-07"));
    saveShot(mWindow, QStringLiteral("many-relationships.png"));
}

void TestManyRelationships::oneSessionSurvivesReload()
{
    // One session for the whole window: the monitors no longer make their own.
    QCOMPARE(mWindow->findChildren<KubeSession *>().size(), 1);
    KubeSession *session = mWindow->clusterSession()->kubeSession();
    QPointer<KubeClient> before = session->client(ManyRelationshipsWorld::context());
    QVERIFY(before);

    // reload() deletes the clients: the monitors move to the new ones and keep following the syncs.
    mSeen.clear();
    session->reload();
    QTRY_VERIFY_WITH_TIMEOUT(before.isNull(), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(rowsThatSynced(), 50, 90000);
    QVERIFY2(mMonitorErrors.isEmpty(), qPrintable(mMonitorErrors.join(u'\n')));
    // Ready also needs each monitor's key comparison, which may answer after the sync was seen: wait for it.
    RelationshipsModel *model = mWindow->relationshipsModel();
    const auto readyRows = [model] {
        int ready = 0;
        for (int r = 0; r < model->rowCount(); ++r)
            ready += model->index(r, 0).data(RelationshipsModel::ReadyRole).toBool() ? 1 : 0;
        return ready;
    };
    QTRY_COMPARE_WITH_TIMEOUT(readyRows(), model->rowCount(), 30000);
}

void TestManyRelationships::activityLogCarriesApiCalls()
{
    ActivityLogModel *log = mWindow->activityLog();
    log->flush();
    const auto count = [log](const QString &part) {
        return std::count_if(log->entries().cbegin(), log->entries().cend(),
            [&part](const ActivityLogModel::Entry &e) { return e.message.contains(part); });
    };
    // One watch per kind for the whole cluster (ReplicationSources, key Secrets, ReplicationDestinations), shared
    // by the 50 monitors (shared informers); the reload ended them and started them again on the new client.
    QTRY_VERIFY2_WITH_TIMEOUT(count(QStringLiteral("Watch started:")) >= 3 + 3,
        qPrintable(QString::number(count(QStringLiteral("Watch started:")))), 20000);
    QVERIFY2(count(QStringLiteral("Watch started:")) < 50, // not one per relationship
        qPrintable(QString::number(count(QStringLiteral("Watch started:")))));
    const QList<KubeInformer *> informers = mWindow->clusterSession()->kubeSession()->informers()->informers();
    // ReplicationSources and ReplicationDestinations: the fleet's watch of every object, which the 50 monitors share
    // (filtering by the relationship label themselves); the key Secrets by the relationship label.
    QCOMPARE(informers.size(), 3);
    for (const KubeInformer *informer : informers) {
        QVERIFY(informer->namespaceName().isEmpty()); // cluster-wide
        const bool secrets = informer->resource() == KubeResource::secrets();
        QCOMPARE(informer->labelSelector().isEmpty(), !secrets);
        QCOMPARE(informer->consumerCount(), secrets ? 50 : 51);
    }
    QVERIFY(count(QStringLiteral("GET /apis/volsync.backube/v1alpha1/replicationsources: HTTP 200")) >= 2);
    QCOMPARE(
        count(QStringLiteral("GET /apis/volsync.backube/v1alpha1/namespaces/apps/replicationsources: HTTP 200")), 0);
    QVERIFY(log->rowCount() <= log->maxEntries());

    auto *widget = mWindow->findChild<ActivityLogWidget *>();
    QVERIFY(widget);
    auto *level = widget->findChild<QComboBox *>(QStringLiteral("activityLogLevel"));
    QVERIFY(level);
    // The log opens on the steps (a new user is not shown every API call first).
    QCOMPARE(level->currentText(), QStringLiteral("Steps only (no API calls)"));
    const int steps = widget->proxy()->rowCount();
    level->setCurrentIndex(level->findText(QStringLiteral("Everything")));
    const int everything = widget->proxy()->rowCount();
    QCOMPARE(everything, log->rowCount());
    level->setCurrentIndex(level->findText(QStringLiteral("Steps only (no API calls)")));
    QCOMPARE(widget->proxy()->rowCount(), steps);
    QVERIFY(steps > 0);
    QVERIFY(steps < everything);
    for (int r = 0; r < steps; ++r) {
        QCOMPARE(widget->proxy()->index(r, 0).data(ActivityLogModel::CategoryRole).toInt(),
            int(ActivityLogModel::Category::Step));
    }
    saveShot(widget, QStringLiteral("activity-log-steps.png"));
    level->setCurrentIndex(0);
    QCOMPARE(widget->proxy()->rowCount(), log->rowCount());
    widget->view()->scrollToBottom();
    saveShot(widget, QStringLiteral("activity-log-requests.png"));
}

QTEST_MAIN(TestManyRelationships)
#include "test_manyrelationships.moc"
