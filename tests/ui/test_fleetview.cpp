// SPDX-License-Identifier: GPL-3.0-or-later
// The Fleet view in the main window, on the simulator's `fleet` world (3 clusters, 54 entries): it is the default
// view with that many entries, shows every entry and the topology, fits at 1024x700 and 1920x1080 in light and
// dark palettes (screenshots in <build>/screenshots/fleet-*.png), a double-click opens the relationship's
// dashboard, a transition shows in the status bar (and not once muted), and the RPO target and webhook are set
// from the GUI.
#include "darktestpalette.h"
#include "dashboardwidget.h"
#include "demorelationshipfiles.h"
#include "engine/fleetmonitor.h"
#include "engine/fleetnotifier.h"
#include "engine/fleetservice.h"
#include "engine/relationshiprpotarget.h"
#include "engine/relationshipstore.h"
#include "fleetpage.h"
#include "fleetsettingsdialog.h"
#include "fleettopologywidget.h"
#include "fleetwidget.h"
#include "layoutaudit.h"
#include "mainwindow.h"
#include "models/fleetmodel.h"
#include "models/unmanagedobjectsmodel.h"
#include "rpotargetdialog.h"
#include "sim/simcluster.h"
#include "sim/simfleetmovers.h"
#include "sim/simfleetworld.h"
#include "sim/simoperator.h"
#include "sim/simstore.h"
#include "simfixture.h"
#include "unmanageddialog.h"

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

namespace {

const QStringList kClusters {QStringLiteral("fa"), QStringLiteral("fb"), QStringLiteral("fc")};

void settle(QWidget *window)
{
    QApplication::processEvents();
    QApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    if (window->layout())
        window->layout()->activate();
    QApplication::processEvents();
}

QString shotPath(const QString &name)
{
    const QString dir = QStringLiteral(VOLSYNC_BUILD_DIR "/screenshots");
    QDir().mkpath(dir);
    return dir + QStringLiteral("/fleet-") + name + QStringLiteral(".png");
}

RpoState stateOf(FleetService *service, const QString &key)
{
    const std::optional<FleetEntry> entry = service->monitor()->entry(key);
    return entry ? entry->health.state : RpoState::Unknown;
}

void setBehaviour(SimStore *store, const QString &name, const QString &behaviour)
{
    QJsonObject object = *store->get(QStringLiteral("replicationsources"), QStringLiteral("backups"), name);
    QJsonObject metadata = object.value(QLatin1String("metadata")).toObject();
    metadata.insert(
        QStringLiteral("annotations"), QJsonObject {{QLatin1String(SimFleetMovers::kBehaviourAnnotation), behaviour}});
    object.insert(QStringLiteral("metadata"), metadata);
    QVERIFY(store->update(QStringLiteral("replicationsources"), QStringLiteral("backups"), object).ok());
}

/// The entries the view shows, under every group.
int entriesShown(const QAbstractItemModel *model)
{
    int entries = 0;
    for (int group = 0; group < model->rowCount(); ++group)
        entries += model->rowCount(model->index(group, 0));
    return entries;
}

bool notifiedAbout(const QSignalSpy &spy, const QString &title)
{
    for (const QList<QVariant> &arguments : spy) {
        if (arguments.at(0).toString() == title)
            return true;
    }
    return false;
}

} // namespace

class TestFleetView : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir mDir;
    std::unique_ptr<SimFixture> mSim;
    MainWindow *mWindow = nullptr;
    QPalette mLight;

    QString configDir() const { return mDir.filePath(QStringLiteral("cfg")); }

private Q_SLOTS:
    void initTestCase()
    {
        QApplication::setApplicationName(QStringLiteral("volsync-desktop-test"));
        mLight = QApplication::palette();
        QVERIFY(mDir.isValid());
        SimFixture::Options options;
        options.simulator.clusters = kClusters;
        options.operatorOptions = SimFixture::fastOperator();
        options.seed = QStringLiteral("fleet");
        mSim = std::make_unique<SimFixture>(options);
        QString error;
        QVERIFY2(mSim->start(&error), qPrintable(error));
        QVERIFY2(DemoRelationshipFiles::write(configDir(), SimFleetWorld::relationships(kClusters), &error),
            qPrintable(error));
        MainWindowOptions windowOptions;
        windowOptions.kubeconfig = mSim->kubeconfigPath();
        windowOptions.configDir = configDir();
        windowOptions.restoreSettings = false;
        mWindow = new MainWindow(windowOptions);
        mWindow->resize(1024, 700);
        mWindow->show();
        QVERIFY(QTest::qWaitForWindowExposed(mWindow));
    }

    void cleanupTestCase()
    {
        QApplication::setPalette(mLight);
        delete mWindow;
        mSim.reset();
    }

    void isTheDefaultViewWithManyEntries()
    {
        // 3 clusters x (7 relationships + 11 unmanaged objects): more than a few, so the window opens on the fleet.
        QTRY_VERIFY_WITH_TIMEOUT(mWindow->fleetService() && mWindow->fleetService()->monitor()->isReady(), 30000);
        QTRY_VERIFY(mWindow->isShowingFleet());
        QVERIFY(mWindow->findChild<QAction *>(QStringLiteral("fleetAction"))->isChecked());
        FleetPage *page = mWindow->fleetPage();
        const int expected
            = kClusters.size() * (SimFleetWorld::kRelationshipsPerCluster + SimFleetWorld::kUnmanagedPerCluster);
        QTRY_COMPARE(page->model()->rowCount(), expected);
        // Under a row per cluster pair: fa → fb, fb → fc, fc → fa and the unmanaged objects of each cluster.
        QTRY_COMPARE(entriesShown(page->fleetWidget()->view()->model()), expected);
        QCOMPARE(page->fleetWidget()->view()->model()->rowCount(), 6);
        // The picture: each cluster a box, the ring of relationships fa → fb → fc → fa as arrows.
        const FleetTopology &topology = page->topology()->topology();
        QCOMPARE(topology.clusters.size(), 3);
        QCOMPARE(topology.links.size(), 3);
        QCOMPARE(topology.links.at(0).relationships, SimFleetWorld::kRelationshipsPerCluster);
        // The status bar sums it up.
        auto *status = mWindow->findChild<QLabel *>(QStringLiteral("fleetStatus"));
        QVERIFY(status);
        QTRY_VERIFY2(status->text().startsWith(QStringLiteral("%1 entries").arg(expected)), qPrintable(status->text()));
    }

    void fitsAtBothSizesInLightAndDark()
    {
        for (const QSize size : {QSize(1024, 700), QSize(1920, 1080)}) {
            for (const bool dark : {false, true}) {
                QApplication::setPalette(dark ? darkTestPalette() : mLight);
                mWindow->resize(size);
                settle(mWindow);
                const QString name = QStringLiteral("%1x%2-%3")
                                         .arg(size.width())
                                         .arg(size.height())
                                         .arg(dark ? QStringLiteral("dark") : QStringLiteral("light"));
                QVERIFY(mWindow->grab().save(shotPath(name)));
                // Every cluster box is inside the topology widget and the table shows rows.
                FleetTopologyWidget *topology = mWindow->fleetPage()->topology();
                for (int i = 0; i < topology->topology().clusters.size(); ++i)
                    QVERIFY2(topology->rect().contains(topology->boxRect(i)), qPrintable(name));
                QTreeView *view = mWindow->fleetPage()->fleetWidget()->view();
                QVERIFY(view->height() > 150);
                // Every column in view, none behind a sideways scroll bar (at 1024x700 "Last result" and "Next
                // sync" were), and no column squeezed to nothing.
                QTRY_VERIFY2(!view->horizontalScrollBar()->isVisible(), qPrintable(name));
                const QHeaderView *header = view->header();
                QCOMPARE(header->offset(), 0);
                for (int column = 0; column < header->count(); ++column) {
                    const QString where
                        = name + QLatin1Char(' ') + view->model()->headerData(column, Qt::Horizontal).toString();
                    // (The clusters are said once per group, in its row, not in a column of every row.)
                    QCOMPARE(header->isSectionHidden(column), column == FleetModel::ClustersColumn);
                    if (column == FleetModel::ClustersColumn)
                        continue;
                    const int left = header->sectionViewportPosition(column);
                    QVERIFY2(left >= 0 && left + header->sectionSize(column) <= view->viewport()->width(),
                        qPrintable(where
                            + QStringLiteral(": %1+%2 in %3")
                                  .arg(left)
                                  .arg(header->sectionSize(column))
                                  .arg(view->viewport()->width())));
                    QVERIFY2(header->sectionSize(column) >= header->sectionSizeHint(column)
                            || column == FleetModel::NameColumn,
                        qPrintable(where));
                }
                // The summary once, in the status bar (not also beside the filter).
                const QString summary = mWindow->fleetPage()->summary();
                int shown = 0;
                for (const QLabel *label : mWindow->findChildren<QLabel *>())
                    shown += label->isVisible() && label->text() == summary ? 1 : 0;
                QCOMPARE(shown, 1);
                const QStringList problems = LayoutAudit::problems(mWindow->fleetPage());
                QVERIFY2(problems.isEmpty(),
                    qPrintable(name + QStringLiteral(":\n  ") + problems.join(QStringLiteral("\n  "))));
            }
        }
        QApplication::setPalette(mLight);
        mWindow->resize(1024, 700);
        settle(mWindow);
    }

    void transitionNotifiesUnlessMuted()
    {
        FleetService *service = mWindow->fleetService();
        // Every change told one by one (the coalescing of storms is tested in test_fleetnotifications): the
        // ledgers' first failures must not hold back the one this test causes.
        service->notifier()->setWindowMs(1);
        QSignalSpy notified(service, &FleetService::notified);
        SimStore *store = mSim->store(QStringLiteral("fa"));
        const QString wiki = QStringLiteral("fa/source/backups/wiki-backup");
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(service, wiki), RpoState::Healthy, 30000);
        setBehaviour(store, QStringLiteral("wiki-backup"), QStringLiteral("fail"));
        QTRY_VERIFY_WITH_TIMEOUT(
            (mSim->op()->clock().advance(60000), stateOf(service, wiki) == RpoState::Failing), 30000);
        // The notifier tells it after its window (1 ms here), not in the turn that judged the entry.
        QTRY_VERIFY(notifiedAbout(notified, QStringLiteral("wiki-backup is failing")));
        QTRY_VERIFY2(mWindow->statusBar()->currentMessage().startsWith(QStringLiteral("wiki-backup is failing: ")),
            qPrintable(mWindow->statusBar()->currentMessage()));
        // Said once: the title, then why (it read "wiki-backup is failing: wiki-backup is failing: …").
        QCOMPARE(mWindow->statusBar()->currentMessage().count(QStringLiteral("is failing")), 1);

        // Muted from the fleet's menu: its recovery is not told.
        Q_EMIT mWindow->fleetPage()->fleetWidget()->muteRequested(wiki, true);
        QVERIFY(service->isMuted(wiki));
        setBehaviour(store, QStringLiteral("wiki-backup"), QStringLiteral("ok"));
        QTRY_VERIFY_WITH_TIMEOUT(
            (mSim->op()->clock().advance(60000), stateOf(service, wiki) == RpoState::Healthy), 30000);
        // The monitor tells a transition in the same turn as it changes the entry: had it been told, it would be.
        QVERIFY(!notifiedAbout(notified, QStringLiteral("wiki-backup recovered")));
        Q_EMIT mWindow->fleetPage()->fleetWidget()->muteRequested(wiki, false);
        QVERIFY(!service->isMuted(wiki));
    }

    void setsTheRpoTargetAndTheWebhook()
    {
        FleetPage *page = mWindow->fleetPage();
        const FleetEntry orders = *mWindow->fleetService()->monitor()->entry(QStringLiteral("orders-fa"));
        Q_EMIT page->fleetWidget()->rpoTargetRequested(orders);
        RpoTargetDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = mWindow->findChild<RpoTargetDialog *>()) != nullptr && dialog->isVisible());
        dialog->targetEdit()->setText(QStringLiteral("10s"));
        dialog->accept();
        QTRY_VERIFY(dialog->errorLabel()->isVisible());
        QVERIFY2(
            dialog->errorLabel()->text().contains(QStringLiteral("minute")), qPrintable(dialog->errorLabel()->text()));
        dialog->targetEdit()->setText(QStringLiteral("4h"));
        dialog->accept();
        QTRY_VERIFY(!mWindow->findChild<RpoTargetDialog *>());
        QString error;
        QCOMPARE(RelationshipRpoTarget::of(*RelationshipStore(configDir()).load(QStringLiteral("orders-fa"), &error)),
            qint64(4 * 3600));
        // The fleet reads the files again and judges by the target.
        QTRY_COMPARE_WITH_TIMEOUT(
            mWindow->fleetService()->monitor()->entry(QStringLiteral("orders-fa"))->rpoTargetSeconds, qint64(4 * 3600),
            30000);

        Q_EMIT page->settingsRequested();
        FleetSettingsDialog *settings = nullptr;
        QTRY_VERIFY((settings = mWindow->findChild<FleetSettingsDialog *>()) != nullptr && settings->isVisible());
        settle(settings);
        QVERIFY2(LayoutAudit::problems(settings).isEmpty(),
            qPrintable(LayoutAudit::problems(settings).join(QLatin1Char('\n'))));
        QVERIFY(settings->grab().save(shotPath(QStringLiteral("settings"))));
        auto *ok = settings->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        settings->webhookEdit()->setText(QStringLiteral("ftp://127.0.0.1/hook"));
        QVERIFY(!ok->isEnabled());
        QVERIFY(settings->errorLabel()->isVisible());
        settings->webhookEdit()->setText(QStringLiteral("http://127.0.0.1:9/hook/secret"));
        QVERIFY(ok->isEnabled());
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_VERIFY(!mWindow->findChild<FleetSettingsDialog *>() || !settings->isVisible());
        QCOMPARE(mWindow->fleetService()->webhookUrl(), QStringLiteral("http://127.0.0.1:9/hook/secret"));
    }

    void doubleClickOpensTheDashboard()
    {
        QTreeView *view = mWindow->fleetPage()->fleetWidget()->view();
        mWindow->fleetPage()->fleetWidget()->filterEdit()->setText(QStringLiteral("payments-fa"));
        QTRY_COMPARE(view->model()->rowCount(), 1);
        QCOMPARE(entriesShown(view->model()), 1);
        const QModelIndex index = view->model()->index(0, FleetModel::NameColumn, view->model()->index(0, 0));
        QCOMPARE(index.data().toString(), QStringLiteral("payments-fa"));
        const QPoint at = view->visualRect(index).center();
        // The first click selects, the second (a double-click) opens.
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, at);
        QTRY_VERIFY(!mWindow->isShowingFleet());
        QCOMPARE(mWindow->dashboard()->relationship(), QStringLiteral("payments-fa"));
        QVERIFY(!mWindow->findChild<QAction *>(QStringLiteral("fleetAction"))->isChecked());
        // And back: the fleet stays where it was.
        mWindow->findChild<QAction *>(QStringLiteral("fleetAction"))->trigger();
        QVERIFY(mWindow->isShowingFleet());
    }

    // An object no relationship file describes opens the status view of its cluster's unmanaged objects, on that
    // object (it opened on the cluster's first object).
    void doubleClickOnAnUnmanagedObjectOpensItsStatus()
    {
        QVERIFY(mWindow->isShowingFleet());
        QTreeView *view = mWindow->fleetPage()->fleetWidget()->view();
        mWindow->fleetPage()->fleetWidget()->filterEdit()->setText(QStringLiteral("wiki-backup"));
        QTRY_COMPARE(entriesShown(view->model()), kClusters.size());
        QModelIndex index;
        for (int group = 0; group < view->model()->rowCount(); ++group) {
            if (view->model()->index(group, 0).data(FleetModel::ClusterPairRole).toString() == QLatin1String("fb"))
                index = view->model()->index(0, FleetModel::NameColumn, view->model()->index(group, 0));
        }
        QVERIFY(index.isValid());
        QCOMPARE(index.data().toString(), QStringLiteral("wiki-backup (source)"));
        const QPoint at = view->visualRect(index).center();
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, at);
        UnmanagedDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = mWindow->findChild<UnmanagedDialog *>()) != nullptr && dialog->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(dialog->view()->currentIndex().isValid(), 30000);
        const QModelIndex current = dialog->view()->currentIndex();
        QCOMPARE(current.data(UnmanagedObjectsModel::ContextRole).toString(), QStringLiteral("fb"));
        QVERIFY(current.data(UnmanagedObjectsModel::IsSourceRole).toBool());
        const QJsonObject metadata = current.data(UnmanagedObjectsModel::ObjectRole)
                                         .toJsonObject()
                                         .value(QLatin1String("metadata"))
                                         .toObject();
        QCOMPARE(metadata.value(QLatin1String("name")).toString(), QStringLiteral("wiki-backup"));
        QCOMPARE(metadata.value(QLatin1String("namespace")).toString(), QStringLiteral("backups"));
        dialog->reject();
        mWindow->fleetPage()->fleetWidget()->filterEdit()->clear();
    }

    // A cluster out of reach: the page says so and why (the note above the table), its entries and those of the
    // relationships to and from it are unknown with their last known state, in the group rows' counts too, and its
    // box in the picture is marked; back, and the live states return without duplicates.
    void aClusterDownShowsUnknownAndTheReason()
    {
        FleetPage *page = mWindow->fleetPage();
        FleetMonitor *monitor = mWindow->fleetService()->monitor();
        const int entries = page->model()->rowCount();
        SimCluster *fc = mSim->cluster(QStringLiteral("fc"));
        SimFaults faults = fc->faults();
        faults.down = true;
        fc->setFaults(faults);
        QTRY_VERIFY_WITH_TIMEOUT(page->notesLabel()->isVisible(), 60000);
        QTRY_VERIFY2_WITH_TIMEOUT(page->notesLabel()->text().contains(QStringLiteral("fc: cannot be reached")),
            qPrintable(page->notesLabel()->text()), 60000);
        const QString mail = QStringLiteral("fc/source/backups/mail-backup");
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(mWindow->fleetService(), mail), RpoState::Unknown, 60000);
        const int row = page->model()->rowOf(mail);
        QVERIFY(page->model()
                    ->index(row, FleetModel::HealthColumn)
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("unknown (was ")));
        // The relationships from fb into fc as well; their group's row counts them as unknown.
        QTRY_COMPARE_WITH_TIMEOUT(
            stateOf(mWindow->fleetService(), QStringLiteral("payments-fb")), RpoState::Unknown, 60000);
        QAbstractItemModel *shown = page->fleetWidget()->view()->model();
        QString fbFc;
        for (int group = 0; group < shown->rowCount(); ++group) {
            if (shown->index(group, 0).data(FleetModel::ClusterPairRole).toString() == QStringLiteral("fb → fc"))
                fbFc = shown->index(group, 0).data().toString();
        }
        QVERIFY2(fbFc.contains(QStringLiteral("unknown")), qPrintable(fbFc));
        const FleetTopology &topology = page->topology()->topology();
        bool marked = false;
        for (const auto &cluster : topology.clusters)
            marked = marked || (cluster.context == QLatin1String("fc") && cluster.unreachable);
        QVERIFY(marked);
        settle(mWindow);
        // (Looked at, not audited: at 1024x700 the longer health words, "unknown (was failing)", leave the names
        // too little room, and they elide.)
        QVERIFY(mWindow->grab().save(shotPath(QStringLiteral("cluster-down"))));

        faults.down = false;
        fc->setFaults(faults);
        // (Other notes may stay: the clusters' clocks run ahead since the test advanced the simulated time.)
        QTRY_VERIFY_WITH_TIMEOUT(!page->notesLabel()->text().contains(QStringLiteral("fc: cannot be reached")), 60000);
        QTRY_VERIFY_WITH_TIMEOUT(stateOf(mWindow->fleetService(), mail) != RpoState::Unknown, 60000);
        QVERIFY(monitor->isReachable(QStringLiteral("fc")));
        QCOMPARE(page->model()->rowCount(), entries);
    }
};

QTEST_MAIN(TestFleetView)
#include "test_fleetview.moc"
