// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "activitylogwidget.h"
#include "columnfitter.h"
#include "common/appinfo.h"
#include "common/laterturn.h"
#include "common/logging.h"
#include "dashboardwidget.h"
#include "deletedialog.h"
#include "demoenvironment.h"
#include "engine/clustersession.h"
#include "engine/fleetmonitor.h"
#include "engine/fleetservice.h"
#include "engine/operationtracker.h"
#include "engine/relationshiplistingloader.h"
#include "engine/replicationengine.h"
#include "engine/replicationjob.h"
#include "firstrunpage.h"
#include "fleetpage.h"
#include "fleetsettingsdialog.h"
#include "fleetwidget.h"
#include "models/activitylogmodel.h"
#include "models/contextsmodel.h"
#include "models/fleetmodel.h"
#include "models/relationshipsmodel.h"
#include "rpotargetdialog.h"
#include "scheduledialog.h"
#include "setupwizard.h"
#include "statusstyle.h"
#include "troubleshootwidget.h"
#include "unmanageddialog.h"
#include "yamldialog.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDialog>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QIdentityProxyModel>
#include <QLabel>
#include <QLayout>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace {

StatusStyle::Kind kindForReachability(ContextsModel::Reachability reachability)
{
    switch (reachability) {
    case ContextsModel::Reachability::Unknown:
        return StatusStyle::Kind::Neutral;
    case ContextsModel::Reachability::Checking:
        return StatusStyle::Kind::Busy;
    case ContextsModel::Reachability::Reachable:
        return StatusStyle::Kind::Ok;
    case ContextsModel::Reachability::Unreachable:
        return StatusStyle::Kind::Error;
    case ContextsModel::Reachability::Broken:
        return StatusStyle::Kind::Warning;
    }
    return StatusStyle::Kind::Neutral;
}

/// Icons, palette colours and bold "current" for the contexts view.
class ContextsDecorationProxy : public QIdentityProxyModel
{
public:
    explicit ContextsDecorationProxy(QWidget *owner)
        : QIdentityProxyModel(owner)
        , mOwner(owner)
    { }
    QVariant data(const QModelIndex &index, int role) const override
    {
        const auto reachability
            = ContextsModel::Reachability(QIdentityProxyModel::data(index, ContextsModel::ReachabilityRole).toInt());
        if (index.column() == ContextsModel::StatusColumn) {
            if (role == Qt::DecorationRole) {
                return StatusStyle::icon(kindForReachability(reachability));
            }
            if (role == Qt::ForegroundRole) {
                return StatusStyle::color(kindForReachability(reachability), mOwner->palette());
            }
        }
        if (role == Qt::FontRole && QIdentityProxyModel::data(index, ContextsModel::IsCurrentRole).toBool()) {
            QFont font = mOwner->font();
            font.setBold(true);
            return font;
        }
        if (role == Qt::ForegroundRole && QIdentityProxyModel::data(index, ContextsModel::IsFileErrorRow).toBool()) {
            return StatusStyle::color(StatusStyle::Kind::Error, mOwner->palette());
        }
        return QIdentityProxyModel::data(index, role);
    }

private:
    QWidget *mOwner;
};

/// Badge icons and colours for the relationships view.
class RelationshipsDecorationProxy : public QIdentityProxyModel
{
public:
    explicit RelationshipsDecorationProxy(QWidget *owner)
        : QIdentityProxyModel(owner)
        , mOwner(owner)
    { }
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (index.column() == RelationshipsModel::StatusColumn
            && (role == Qt::DecorationRole || role == Qt::ForegroundRole)) {
            const auto kind = StatusStyle::kindForBadge(
                RelationshipsModel::Badge(QIdentityProxyModel::data(index, RelationshipsModel::BadgeRole).toInt()));
            if (role == Qt::DecorationRole) {
                return StatusStyle::icon(kind);
            }
            return StatusStyle::color(kind, mOwner->palette());
        }
        return QIdentityProxyModel::data(index, role);
    }

private:
    QWidget *mOwner;
};

QTreeView *makeTableLikeTree(const QString &objectName, QWidget *parent)
{
    auto *view = new QTreeView(parent);
    view->setObjectName(objectName);
    view->setRootIsDecorated(false);
    view->setUniformRowHeights(true);
    view->setAlternatingRowColors(true);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAllColumnsShowFocus(true);
    view->header()->setStretchLastSection(true);
    // Right-click on the header: show or hide columns (e.g. the contexts' server and user).
    view->header()->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(view->header(), &QHeaderView::customContextMenuRequested, view, [view](const QPoint &pos) {
        QHeaderView *header = view->header();
        QMenu menu(header);
        const int columns = header->count();
        for (int column = 0; column < columns; ++column) {
            QAction *action = menu.addAction(view->model()->headerData(column, Qt::Horizontal).toString());
            action->setCheckable(true);
            action->setChecked(!header->isSectionHidden(column));
            // Keep at least one column.
            action->setEnabled(header->isSectionHidden(column) || header->hiddenSectionCount() < columns - 1);
            QObject::connect(
                action, &QAction::toggled, view, [view, column](bool shown) { view->setColumnHidden(column, !shown); });
        }
        menu.exec(header->mapToGlobal(pos));
    });
    return view;
}

} // namespace

MainWindow::MainWindow(const MainWindowOptions &options, QWidget *parent)
    : QMainWindow(parent)
    , mOptions(options)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QString()); // Qt shows the application display name
    setWindowIcon(QIcon(QStringLiteral(":/icons/app/volsync-desktop.svg")));

    mLog = new ActivityLogModel(this);
    mTracker = new OperationTracker(this);
    mLog->follow(mTracker);
    mContextsModel = new ContextsModel(this);
    // The kubeconfig is read on a worker thread: the window shows at once, whatever the file's size.
    mClusters = new ClusterSession(this);
    connect(mClusters, &ClusterSession::loaded, this, &MainWindow::finishSession);
    connect(mClusters, &ClusterSession::requestObserved, mLog, &ActivityLogModel::appendRequest);
    // So are the relationship files and their sync histories.
    mListingLoader = new RelationshipListingLoader(this);
    connect(mListingLoader, &RelationshipListingLoader::loaded, this,
        [this](const RelationshipListingLoader::Result &result) {
            mLoadedListing = result;
            finishSession();
        });
    connect(mContextsModel, &ContextsModel::reloaded, this, &MainWindow::onContextsReloaded);
    connect(mContextsModel, &ContextsModel::requestObserved, mLog, &ActivityLogModel::appendRequest);
    connect(mContextsModel, &ContextsModel::reachabilityChanged, this,
        [this](const QString &context, ContextsModel::Reachability reachability) {
            const int row = mContextsModel->rowOf(context);
            const QModelIndex index = mContextsModel->index(row, 0);
            if (reachability == ContextsModel::Reachability::Reachable) {
                mLog->append(ActivityLogModel::Level::Success, context,
                    tr("GET /version: reachable, Kubernetes %1")
                        .arg(index.data(ContextsModel::ServerVersionRole).toString()));
            } else if (reachability == ContextsModel::Reachability::Unreachable) {
                mLog->append(ActivityLogModel::Level::Error, context, index.data(ContextsModel::ErrorRole).toString());
            }
        });

    mFleetStatus = new QLabel(this); // the status bar's, once it exists (createCentral() connects it)
    mFleetStatus->setObjectName(QStringLiteral("fleetStatus"));
    createActions();
    createCentral();
    createDock();
    createMenus();
    statusBar()->setObjectName(QStringLiteral("statusBar"));
    statusBar()->addPermanentWidget(mFleetStatus);
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        mTray = new QSystemTrayIcon(windowIcon(), this);
        mTray->setObjectName(QStringLiteral("trayIcon"));
        mTray->setToolTip(tr("VolSync Desktop"));
        connect(mTray, &QSystemTrayIcon::activated, this, [this]() {
            showNormal();
            raise();
            activateWindow();
        });
        mTray->show();
    }

    resize(1180, 780);
    resizeDocks({mLogDock}, {170}, Qt::Vertical);
    // Room for the contexts' name, status, cluster and namespace; the dashboard takes the rest.
    mMainSplitter->setSizes({420, 760});
    QSettings settings;
    if (mOptions.restoreSettings) {
        restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
        restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
        mMainSplitter->restoreState(settings.value(QStringLiteral("window/mainSplitter")).toByteArray());
        mLeftSplitter->restoreState(settings.value(QStringLiteral("window/leftSplitter")).toByteArray());
    }

    QString kubeconfig = mOptions.kubeconfig;
    if (kubeconfig.isEmpty() && mOptions.restoreSettings) {
        kubeconfig = settings.value(QStringLiteral("kubeconfig/last")).toString();
        if (!kubeconfig.isEmpty() && !QFileInfo::exists(kubeconfig)) {
            kubeconfig.clear(); // a file that went away: fall back to kubectl's rules
        }
    }
    mKubeconfig = kubeconfig;
    rebuildSession();
    if (mOptions.demo) {
        startDemo();
    }
}

MainWindow::~MainWindow()
{
    // The dashboard, the Troubleshoot tab and the models hold on to the engine; take them down first.
    delete mTroubleshoot;
    mTroubleshoot = nullptr;
    delete mDashboard;
    mDashboard = nullptr;
    delete mRelationshipsModel;
    mRelationshipsModel = nullptr;
    // The fleet's watches belong to the session's informers: before the session.
    mFleetPage->setService(nullptr);
    delete mFleet;
    mFleet = nullptr;
    delete mEngine;
    delete mClusters;
    delete mDemo;
}

void MainWindow::createActions()
{
    mOpenAction = new QAction(QIcon(QStringLiteral(":/icons/actions/open.svg")), tr("&Open Kubeconfig…"), this);
    mOpenAction->setObjectName(QStringLiteral("openKubeconfigAction"));
    mOpenAction->setShortcut(QKeySequence::Open);
    connect(mOpenAction, &QAction::triggered, this, &MainWindow::chooseKubeconfigFile);

    mDefaultKubeconfigAction = new QAction(tr("Use &Default Kubeconfig (KUBECONFIG or ~/.kube/config)"), this);
    mDefaultKubeconfigAction->setObjectName(QStringLiteral("defaultKubeconfigAction"));
    connect(mDefaultKubeconfigAction, &QAction::triggered, this, [this]() { openKubeconfig(QString()); });

    mDemoAction = new QAction(QIcon(QStringLiteral(":/icons/actions/demo.svg")), tr("Try the D&emo"), this);
    mDemoAction->setObjectName(QStringLiteral("demoAction"));
    connect(mDemoAction, &QAction::triggered, this, &MainWindow::startDemo);

    mReloadAction = new QAction(QIcon(QStringLiteral(":/icons/actions/refresh.svg")), tr("&Refresh"), this);
    mReloadAction->setObjectName(QStringLiteral("refreshAction"));
    mReloadAction->setShortcut(QKeySequence::Refresh);
    mReloadAction->setToolTip(tr("Read the kubeconfig and relationship files again and re-check the clusters "
                                 "(everything also updates by itself)"));
    connect(mReloadAction, &QAction::triggered, this, [this]() {
        // The files are read on a worker thread; the session reconnects with what it read (onContextsReloaded).
        mSessionReloadForced = mClusters->isLoaded();
        mContextsModel->reload();
        if (mRelationshipsModel) {
            mRelationshipsModel->reload();
        }
    });

    mQuitAction = new QAction(tr("&Quit"), this);
    mQuitAction->setObjectName(QStringLiteral("quitAction"));
    mQuitAction->setShortcut(QKeySequence::Quit);
    connect(mQuitAction, &QAction::triggered, this, &QWidget::close);

    mNewAction = new QAction(QIcon(QStringLiteral(":/icons/actions/add.svg")), tr("&New Relationship…"), this);
    mNewAction->setObjectName(QStringLiteral("newRelationshipAction"));
    mNewAction->setShortcut(QKeySequence::New);
    connect(mNewAction, &QAction::triggered, this, &MainWindow::newRelationship);

    mSyncAction = new QAction(QIcon(QStringLiteral(":/icons/actions/sync.svg")), tr("&Sync Now"), this);
    mSyncAction->setObjectName(QStringLiteral("syncNowAction"));
    mSyncAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    connect(mSyncAction, &QAction::triggered, this, &MainWindow::syncSelected);

    mEditAction = new QAction(tr("Change Set&up…"), this);
    mEditAction->setObjectName(QStringLiteral("editRelationshipAction"));
    mEditAction->setToolTip(tr("Change the source, destination, capacity, copy methods, classes, service type or "
                               "schedule of the selected relationship, or finish setting it up"));
    connect(mEditAction, &QAction::triggered, this, [this]() { editRelationship(); });

    mScheduleAction = new QAction(QIcon(QStringLiteral(":/icons/actions/schedule.svg")), tr("Change S&chedule…"), this);
    mScheduleAction->setObjectName(QStringLiteral("scheduleAction"));
    connect(mScheduleAction, &QAction::triggered, this, &MainWindow::editSchedule);

    mDeleteAction = new QAction(QIcon(QStringLiteral(":/icons/actions/delete.svg")), tr("&Delete…"), this);
    mDeleteAction->setObjectName(QStringLiteral("deleteAction"));
    mDeleteAction->setShortcut(QKeySequence::Delete);
    connect(mDeleteAction, &QAction::triggered, this, &MainWindow::deleteSelected);

    mUseContextAction = new QAction(tr("Make &Current Context"), this);
    mUseContextAction->setObjectName(QStringLiteral("useContextAction"));
    mUseContextAction->setToolTip(tr("Write current-context to the kubeconfig, as kubectl config use-context does"));
    connect(mUseContextAction, &QAction::triggered, this, &MainWindow::useSelectedContext);

    mFleetAction = new QAction(QIcon(QStringLiteral(":/icons/actions/fleet.svg")), tr("&Fleet"), this);
    mFleetAction->setObjectName(QStringLiteral("fleetAction"));
    mFleetAction->setCheckable(true);
    mFleetAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    mFleetAction->setToolTip(tr("Every replication on every cluster and its RPO health (again: back to the "
                                "relationships)"));
    connect(mFleetAction, &QAction::triggered, this, [this](bool shown) {
        mFleetViewChosen = true;
        showFleet(shown);
    });

    mAboutAction = new QAction(tr("&About VolSync Desktop"), this);
    mAboutAction->setObjectName(QStringLiteral("aboutAction"));
    connect(mAboutAction, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("fileMenu"));
    file->addAction(mOpenAction);
    file->addAction(mDefaultKubeconfigAction);
    file->addAction(mDemoAction);
    file->addSeparator();
    file->addAction(mReloadAction);
    file->addSeparator();
    file->addAction(mQuitAction);

    QMenu *relationship = menuBar()->addMenu(tr("&Relationship"));
    relationship->setObjectName(QStringLiteral("relationshipMenu"));
    relationship->addAction(mNewAction);
    relationship->addAction(mEditAction);
    relationship->addSeparator();
    relationship->addAction(mSyncAction);
    relationship->addAction(mScheduleAction);
    relationship->addSeparator();
    relationship->addAction(mDeleteAction);

    QMenu *contexts = menuBar()->addMenu(tr("&Clusters"));
    contexts->setObjectName(QStringLiteral("clustersMenu"));
    contexts->addAction(mUseContextAction);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    view->addAction(mFleetAction);
    view->addAction(mLogDock->toggleViewAction());
    auto *unmanaged = view->addAction(tr("&Other VolSync Objects in the Clusters…"));
    unmanaged->setObjectName(QStringLiteral("unmanagedAction"));
    connect(unmanaged, &QAction::triggered, this, &MainWindow::showUnmanaged);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("helpMenu"));
    help->addAction(mAboutAction);

    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolBar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(mNewAction);
    toolbar->addAction(mSyncAction);
    toolbar->addAction(mScheduleAction);
    toolbar->addAction(mDeleteAction);
    toolbar->addSeparator();
    toolbar->addAction(mReloadAction);
    toolbar->addAction(mFleetAction);
}

void MainWindow::createCentral()
{
    mPages = new QStackedWidget(this);
    mPages->setObjectName(QStringLiteral("pages"));

    mFirstRun = new FirstRunPage(mPages);
    connect(mFirstRun, &FirstRunPage::openKubeconfigRequested, this, &MainWindow::chooseKubeconfigFile);
    connect(mFirstRun, &FirstRunPage::demoRequested, this, &MainWindow::startDemo);
    mPages->addWidget(mFirstRun);

    mMainSplitter = new QSplitter(Qt::Horizontal, mPages);
    mMainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    mLeftSplitter = new QSplitter(Qt::Vertical, mMainSplitter);
    mLeftSplitter->setObjectName(QStringLiteral("leftSplitter"));

    // Contexts panel.
    auto *contextsPanel = new QWidget(mLeftSplitter);
    contextsPanel->setObjectName(QStringLiteral("contextsPanel"));
    auto *contextsTitle = new QLabel(tr("<b>Clusters</b> (kubeconfig contexts)"), contextsPanel);
    contextsTitle->setObjectName(QStringLiteral("contextsTitle"));
    mKubeconfigLabel = new QLabel(contextsPanel);
    mKubeconfigLabel->setObjectName(QStringLiteral("kubeconfigLabel"));
    mKubeconfigLabel->setWordWrap(true);
    mKubeconfigLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mContextsView = makeTableLikeTree(QStringLiteral("contextsView"), contextsPanel);
    auto *contextsProxy = new ContextsDecorationProxy(mContextsView);
    contextsProxy->setSourceModel(mContextsModel);
    mContextsView->setModel(contextsProxy);
    mContextsView->setAccessibleName(tr("Clusters"));
    contextsTitle->setBuddy(mContextsView);
    for (int column : {int(ContextsModel::ServerColumn), int(ContextsModel::UserColumn)}) {
        mContextsView->setColumnHidden(column, true);
    }
    mContextsView->header()->moveSection(ContextsModel::StatusColumn, 1);
    mContextsView->setColumnWidth(ContextsModel::NameColumn, 135);
    mContextsView->setColumnWidth(ContextsModel::StatusColumn, 170);
    mContextsView->setColumnWidth(ContextsModel::ClusterColumn, 90);
    // Context and status always fit (a narrow window hides the cluster, then the namespace: issue 13).
    auto *contextsFitter
        = new ColumnFitter(mContextsView, {int(ContextsModel::NameColumn), int(ContextsModel::ClusterColumn)},
            {int(ContextsModel::NamespaceColumn), int(ContextsModel::ClusterColumn)});
    connect(mContextsModel, &ContextsModel::reloaded, contextsFitter, &ColumnFitter::fit);
    mContextsView->setContextMenuPolicy(Qt::ActionsContextMenu);
    mContextsView->addAction(mUseContextAction);
    connect(mContextsView, &QTreeView::doubleClicked, this, &MainWindow::useSelectedContext);
    connect(mContextsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &current) {
            if (current.isValid() && mOptions.restoreSettings && !mDemo) {
                QSettings().setValue(
                    QStringLiteral("contexts/selected"), current.data(ContextsModel::ContextNameRole).toString());
            }
            updateActions();
        });
    // Reachability is checked for the contexts a person sees (and the current one), not for every context of a
    // big kubeconfig: whenever the rows in view change.
    mContextsCheckTimer = new QTimer(this);
    mContextsCheckTimer->setSingleShot(true);
    mContextsCheckTimer->setInterval(0);
    connect(mContextsCheckTimer, &QTimer::timeout, this, &MainWindow::checkShownContexts);
    // The timer, not the window, is the context and the capture: the view's scroll bars change their range while
    // QWidget's destructor deletes the children, after ~MainWindow has run (UBSan: member access on a
    // half-destroyed MainWindow).
    QTimer *const checkTimer = mContextsCheckTimer;
    const auto checkShownSoon = [checkTimer] { checkTimer->start(); };
    connect(mContextsView->verticalScrollBar(), &QScrollBar::valueChanged, checkTimer, checkShownSoon);
    connect(mContextsView->verticalScrollBar(), &QScrollBar::rangeChanged, checkTimer, checkShownSoon);
    connect(mContextsView->selectionModel(), &QItemSelectionModel::currentRowChanged, checkTimer, checkShownSoon);
    connect(mContextsModel, &ContextsModel::reloaded, checkTimer, checkShownSoon);
    connect(mContextsModel, &QAbstractItemModel::modelReset, checkTimer, checkShownSoon);
    mContextsBusy = new QWidget(contextsPanel);
    mContextsBusy->setObjectName(QStringLiteral("contextsBusy"));
    auto *busyLabel = new QLabel(tr("Reading the kubeconfig…"), mContextsBusy);
    busyLabel->setObjectName(QStringLiteral("contextsBusyLabel"));
    auto *busyBar = new QProgressBar(mContextsBusy);
    busyBar->setObjectName(QStringLiteral("contextsBusyBar"));
    busyBar->setRange(0, 0); // indeterminate
    busyBar->setTextVisible(false);
    busyBar->setMaximumHeight(busyLabel->sizeHint().height());
    auto *busyLayout = new QHBoxLayout(mContextsBusy);
    busyLayout->setContentsMargins(0, 0, 0, 0);
    busyLayout->addWidget(busyLabel);
    busyLayout->addWidget(busyBar, 1);
    mContextsBusy->hide();
    auto *contextsLayout = new QVBoxLayout(contextsPanel);
    contextsLayout->setContentsMargins(6, 6, 6, 6);
    contextsLayout->addWidget(contextsTitle);
    contextsLayout->addWidget(mContextsBusy);
    contextsLayout->addWidget(mKubeconfigLabel);
    contextsLayout->addWidget(mContextsView, 1);

    // Relationships panel.
    auto *relationshipsPanel = new QWidget(mLeftSplitter);
    relationshipsPanel->setObjectName(QStringLiteral("relationshipsPanel"));
    auto *relationshipsTitle = new QLabel(tr("<b>Replication relationships</b>"), relationshipsPanel);
    relationshipsTitle->setObjectName(QStringLiteral("relationshipsTitle"));
    mRelationshipsView = makeTableLikeTree(QStringLiteral("relationshipsView"), relationshipsPanel);
    mRelationshipsView->setAccessibleName(tr("Replication relationships"));
    mRelationshipsFitter = new ColumnFitter(mRelationshipsView,
        {int(RelationshipsModel::NameColumn), int(RelationshipsModel::SourceColumn),
            int(RelationshipsModel::ScheduleColumn)},
        {int(RelationshipsModel::ScheduleColumn), int(RelationshipsModel::SourceColumn)});
    mRelationshipsView->setContextMenuPolicy(Qt::ActionsContextMenu);
    mRelationshipsView->addAction(mSyncAction);
    mRelationshipsView->addAction(mScheduleAction);
    mRelationshipsView->addAction(mDeleteAction);
    relationshipsTitle->setBuddy(mRelationshipsView);
    auto *relationshipsLayout = new QVBoxLayout(relationshipsPanel);
    relationshipsLayout->setContentsMargins(6, 6, 6, 6);
    relationshipsLayout->addWidget(relationshipsTitle);
    relationshipsLayout->addWidget(mRelationshipsView, 1);

    // A relationship's pages: its dashboard, and why it fails (the Troubleshoot tab).
    mRelationshipTabs = new QTabWidget(mMainSplitter);
    mRelationshipTabs->setObjectName(QStringLiteral("relationshipTabs"));
    mRelationshipTabs->setDocumentMode(true);
    mDashboard = new DashboardWidget(mTracker, mRelationshipTabs);
    mRelationshipTabs->addTab(mDashboard, tr("Overview"));
    mTroubleshoot = new TroubleshootWidget(mTracker, mRelationshipTabs);
    mTroubleshoot->setActivityLog(mLog);
    mRelationshipTabs->addTab(mTroubleshoot, tr("Troubleshoot"));
    connect(mDashboard, &DashboardWidget::scheduleEditRequested, this, &MainWindow::editSchedule);
    connect(mDashboard, &DashboardWidget::deleteRequested, this, &MainWindow::deleteSelected);
    connect(mDashboard, &DashboardWidget::newRelationshipRequested, this, &MainWindow::newRelationship);
    connect(mDashboard, &DashboardWidget::setUpRequested, this, &MainWindow::editRelationship);
    connect(mDashboard, &DashboardWidget::yamlRequested, this, &MainWindow::showYaml);
    connect(mDashboard, &DashboardWidget::troubleshootRequested, this, &MainWindow::showTroubleshoot);
    connect(mDashboard, &DashboardWidget::syncStateChanged, this, &MainWindow::updateActions);
    connect(
        mDashboard, &DashboardWidget::syncFinished, this, [this](const QString &name, bool ok, const QString &summary) {
            if (!ok || !isVisible() || isMinimized() || !isActiveWindow()) {
                notify(ok ? tr("%1 is synced").arg(name) : tr("Sync of %1 did not complete").arg(name), summary, !ok);
            }
        });

    mMainSplitter->addWidget(mLeftSplitter);
    mMainSplitter->addWidget(mRelationshipTabs);
    // A wider window widens both panes: the lists show more columns, the dashboard wraps less (issue 13 item 12).
    mMainSplitter->setStretchFactor(0, 1);
    mMainSplitter->setStretchFactor(1, 2);
    mMainSplitter->setSizes({420, 760});
    mLeftSplitter->setSizes({260, 420});
    mPages->addWidget(mMainSplitter);

    mFleetPage = new FleetPage(mPages);
    connect(mFleetPage, &FleetPage::entryActivated, this, &MainWindow::openFleetEntry);
    connect(mFleetPage, &FleetPage::rpoTargetRequested, this, &MainWindow::editRpoTarget);
    connect(mFleetPage, &FleetPage::settingsRequested, this, &MainWindow::editFleetSettings);
    connect(mFleetPage, &FleetPage::muteRequested, this, [this](const QString &key, bool muted) {
        if (!mFleet)
            return;
        mFleet->setMuted(key, muted);
        if (mOptions.restoreSettings)
            QSettings().setValue(QStringLiteral("fleet/muted"), QStringList(mFleet->muted().values()));
    });
    QLabel *const fleetStatus = mFleetStatus;
    FleetPage *const fleetPage = mFleetPage;
    const auto showSummary = [fleetStatus, fleetPage] { fleetStatus->setText(fleetPage->summary()); };
    connect(mFleetPage->model(), &QAbstractItemModel::modelReset, fleetStatus, showSummary);
    connect(mFleetPage->model(), &QAbstractItemModel::dataChanged, fleetStatus, showSummary);
    mPages->addWidget(mFleetPage);
    // The contexts panel (busy) until the kubeconfig is loaded; then the first-run page if there is nothing.
    mPages->setCurrentWidget(mMainSplitter);
    setCentralWidget(mPages);
}

void MainWindow::createDock()
{
    mLogDock = new QDockWidget(tr("Activity Log"), this);
    mLogDock->setObjectName(QStringLiteral("activityLogDock"));
    mLogWidget = new ActivityLogWidget(mLog, mLogDock);
    mLogDock->setWidget(mLogWidget);
    mLogDock->toggleViewAction()->setObjectName(QStringLiteral("toggleActivityLogAction"));
    mLogDock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    addDockWidget(Qt::BottomDockWidgetArea, mLogDock);

    // Running and finished operations (a dialog that closes leaves its operation here).
    mOperationsDock = new QDockWidget(tr("Operations"), this);
    mOperationsDock->setObjectName(QStringLiteral("operationsDock"));
    auto *operations = new QTableView(mOperationsDock);
    operations->setObjectName(QStringLiteral("operationsView"));
    operations->setModel(mTracker);
    operations->verticalHeader()->hide();
    operations->setSelectionBehavior(QAbstractItemView::SelectRows);
    operations->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    operations->horizontalHeader()->setSectionResizeMode(OperationTracker::StepColumn, QHeaderView::Stretch);
    mOperationsDock->setWidget(operations);
    addDockWidget(Qt::BottomDockWidgetArea, mOperationsDock);
    tabifyDockWidget(mLogDock, mOperationsDock);
    mLogDock->raise();
}

void MainWindow::rebuildSession()
{
    // Tear down in dependency order: dashboard -> relationships model -> engine -> session.
    mDashboard->setEngine(nullptr, nullptr);
    mTroubleshoot->setEngine(nullptr, nullptr);
    if (mRelationshipsView->model()) {
        QAbstractItemModel *old = mRelationshipsView->model();
        mRelationshipsView->setModel(nullptr);
        delete old;
    }
    delete mRelationshipsModel;
    mRelationshipsModel = nullptr;
    mFleetPage->setService(nullptr);
    delete mFleet;
    mFleet = nullptr;
    delete mEngine;
    mEngine = nullptr;

    mContextsBusy->show();
    mReloadAction->setEnabled(false);
    updateActions();
    mLoadedListing.reset();
    mClusters->load(mKubeconfig);
    mListingLoader->start(RelationshipStore(mOptions.configDir), SyncHistory(mHistoryDir));
}

bool MainWindow::isKubeconfigLoaded() const
{
    return mEngine != nullptr && !mSelectionPending;
}

void MainWindow::finishSession()
{
    if (!mClusters->isLoaded() || !mLoadedListing || mEngine) {
        return; // the other one is still being read
    }
    const RelationshipListingLoader::Result listing = *std::exchange(mLoadedListing, std::nullopt);
    mContextsBusy->hide();
    mReloadAction->setEnabled(true);
    // One load for both: the session's clients and the contexts panel.
    mEngine = mClusters->createEngine(mOptions.configDir, this);
    // Before the relationships' monitors: they then read the fleet's watches of every VolSync object (the
    // session's informers are shared) instead of opening watches of their own.
    startFleet(listing.listing.relationships);
    mRelationshipsModel = new RelationshipsModel(mEngine, SyncHistory(mHistoryDir), listing, this);
    mLog->follow(mRelationshipsModel);
    mRelationshipsModel->setOperationTracker(mTracker);
    auto *proxy = new RelationshipsDecorationProxy(mRelationshipsView);
    proxy->setSourceModel(mRelationshipsModel);
    mRelationshipsView->setModel(proxy);
    mRelationshipsView->setColumnHidden(RelationshipsModel::DestinationColumn, true);
    mRelationshipsView->setColumnWidth(RelationshipsModel::StatusColumn, 130);
    // Names, sources and schedules whole (issue 13 item 12), measured once per listing, not on every status; a
    // narrow window keeps the name and the status, and hides the schedule, then the source (shown by the dashboard
    // and the name's tool tip).
    mRelationshipsFitter->fit();
    connect(mRelationshipsModel, &RelationshipsModel::reloaded, mRelationshipsFitter, &ColumnFitter::fit);
    connect(mRelationshipsModel, &RelationshipsModel::reloaded, this, [this] {
        if (!mSelectWhenListed.isEmpty() && mRelationshipsModel->rowOf(mSelectWhenListed) >= 0)
            selectRelationship(std::exchange(mSelectWhenListed, QString()));
        if (!mEditWhenListed.isEmpty() && !mRelationshipsModel->isReloading())
            openEditWizard(std::exchange(mEditWhenListed, QString()));
    });
    connect(mRelationshipsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &MainWindow::onRelationshipSelected);
    connect(mRelationshipsModel, &RelationshipsModel::monitorError, this,
        [this](const QString &name, const QString &message) {
            mLog->append(ActivityLogModel::Level::Warning, name, message);
        });
    connect(mRelationshipsModel, &RelationshipsModel::syncObserved, this,
        [this](const QString &name, const SyncRecord &record) {
            const bool ok = record.result == QLatin1String("Successful");
            // In batches: hundreds of relationships report syncs every few seconds.
            mLog->appendInBatch(ok ? ActivityLogModel::Level::Success : ActivityLogModel::Level::Error, name,
                // record.durationMs is VolSync's lastSyncDuration: the mover's run.
                tr("Sync of %1 %2 (the mover took %3 s)")
                    .arg(name, ok ? tr("completed") : tr("failed"),
                        QString::number(record.durationMs / 1000.0, 'f', 1)));
        });
    connect(mRelationshipsModel, &RelationshipsModel::statusChanged, this, [this](const QString &name) {
        if (name == selectedRelationship()) // the actions are those of the selected relationship
            updateActions();
    });
    connect(mRelationshipsModel, &RelationshipsModel::syncObserved, this,
        [this](const QString &name, const SyncRecord &record) {
            if (record.result != QLatin1String("Successful")) {
                notify(tr("Sync of %1 failed").arg(name),
                    tr("VolSync retries by itself. See the dashboard for the mover's logs."), true);
            }
        });
    connect(mRelationshipsModel, &QAbstractItemModel::rowsInserted, this, [this]() {
        if (!mRelationshipsView->currentIndex().isValid() && mRelationshipsModel->rowCount() > 0) {
            mRelationshipsView->setCurrentIndex(mRelationshipsView->model()->index(0, 0));
        }
    });
    mDashboard->setEngine(mEngine, mRelationshipsModel);
    mTroubleshoot->setEngine(mEngine, mRelationshipsModel);
    finishInterruptedSyncs(listing.listing);
    connect(mRelationshipsModel, &RelationshipsModel::reloaded, mFleet,
        [this] { mFleet->setRelationships(mRelationshipsModel->relationships()); });
    // The rest in a later turn: with hundreds of relationships this turn (the fleet, the model, the views) is long
    // enough, and choosing the context and the relationship lays out the dashboard. (Not a queued call: it would
    // run right after this turn's paint, and the window's timers would wait for the three.)
    mSelectionPending = true;
    runInLaterTurn(this, [this, model = QPointer<RelationshipsModel>(mRelationshipsModel)] {
        if (model && model == mRelationshipsModel) // (not a session reloaded meanwhile)
            finishSessionSelection();
    });
}

void MainWindow::finishSessionSelection()
{
    mContextsModel->setConfig(*mClusters);
    QString wantedContext = mOptions.context;
    if (wantedContext.isEmpty() && mOptions.restoreSettings && mDemo == nullptr) {
        wantedContext = QSettings().value(QStringLiteral("contexts/selected")).toString();
    }
    if (!wantedContext.isEmpty() && mOptions.context.isEmpty()) {
        const int row = mContextsModel->rowOf(wantedContext);
        if (row >= 0) {
            mContextsView->setCurrentIndex(mContextsView->model()->index(row, 0));
        }
    } else if (!mOptions.context.isEmpty()) {
        const int row = mContextsModel->rowOf(mOptions.context);
        if (row >= 0) {
            mContextsView->setCurrentIndex(mContextsView->model()->index(row, 0));
        } else {
            mLog->append(ActivityLogModel::Level::Error, mOptions.context,
                tr("The context \"%1\" given with --context is not in the kubeconfig.").arg(mOptions.context));
        }
    }
    if (mRelationshipsModel->rowCount() > 0) {
        QString wanted = QSettings().value(QStringLiteral("relationships/last")).toString();
        const int row = qMax(0, mRelationshipsModel->rowOf(wanted));
        mRelationshipsView->setCurrentIndex(mRelationshipsView->model()->index(row, 0));
    }
    mSelectionPending = false;
    updateActions();
    Q_EMIT kubeconfigLoaded();
    if (std::exchange(mDemoStartPending, false))
        Q_EMIT demoStarted(QString());
}

bool MainWindow::sessionInUse() const
{
    if (mTracker->isBusy())
        return true;
    return std::any_of(mEngineDialogs.cbegin(), mEngineDialogs.cend(),
        [](const QPointer<QDialog> &dialog) { return dialog && dialog->isVisible(); });
}

void MainWindow::openEngineDialog(QDialog *dialog)
{
    mEngineDialogs.removeAll(QPointer<QDialog>());
    mEngineDialogs.append(dialog);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::finishInterruptedSyncs(const RelationshipStore::Listing &listing)
{
    if (!mEngine)
        return;
    for (const ReplicationRelationship &relationship : listing.relationships) {
        const QString &name = relationship.name;
        if (mTracker->runningOperation(name) != 0)
            continue; // already being put back
        // From the listing read on a worker thread: no file is read here.
        if (ReplicationJob *job = mEngine->restoreInterruptedSync(relationship))
            mTracker->run(job, OperationTracker::Kind::RestoreSchedule, name,
                tr("An earlier Sync now of %1 was interrupted: putting its schedule back").arg(name));
    }
}

void MainWindow::reloadSessionIfChanged(bool force)
{
    if (!mClusters->isLoaded())
        return;
    mSessionReloadForced = mSessionReloadForced || force;
    // What the contexts model read last (on a worker thread, with its digest): no file is read here.
    const bool changed = mClusters->filesChanged(mContextsModel->files(), mContextsModel->filesDigest());
    if (!mSessionReloadForced && !changed)
        return;
    // Reloading drops the clients and their requests: not while a sync, the wizard or a dialog uses them.
    if (sessionInUse()) {
        if (!mSessionReloadRetry) {
            mSessionReloadRetry = new QTimer(this);
            mSessionReloadRetry->setSingleShot(true);
            mSessionReloadRetry->setInterval(2000);
            connect(mSessionReloadRetry, &QTimer::timeout, this, [this] { reloadSessionIfChanged(false); });
        }
        mSessionReloadRetry->start();
        return;
    }
    mSessionReloadForced = false;
    mContextsModel->reconnect(mClusters);
    mLog->append(ActivityLogModel::Level::Info, QString(),
        tr("Connecting again with the kubeconfig as it is now (servers, credentials)"));
}

void MainWindow::checkShownContexts()
{
    QStringList names;
    const QModelIndex current = mContextsView->currentIndex();
    if (current.isValid()) {
        names.append(current.data(ContextsModel::ContextNameRole).toString());
    }
    if (mContextsView->isVisible() && mContextsView->model()) {
        const QRect area = mContextsView->viewport()->rect();
        QModelIndex index = mContextsView->indexAt(QPoint(area.left() + 1, area.top() + 1));
        if (!index.isValid() && mContextsView->model()->rowCount() > 0
            && mContextsView->verticalScrollBar()->value() == 0) {
            index = mContextsView->model()->index(0, 0);
        }
        for (; index.isValid() && mContextsView->visualRect(index).top() <= area.bottom();
             index = mContextsView->indexBelow(index)) {
            names.append(index.data(ContextsModel::ContextNameRole).toString());
        }
    }
    mContextsModel->requestCheck(names);
}

void MainWindow::onContextsReloaded()
{
    reloadSessionIfChanged(false);
    const QStringList files = mContextsModel->files();
    QString text;
    if (files.isEmpty()) {
        text = tr("No kubeconfig file found.");
    } else {
        text = tr("From %1").arg(files.join(QStringLiteral(", ")));
    }
    if (!mContextsModel->warnings().isEmpty()) {
        text += QLatin1Char('\n') + mContextsModel->warnings().join(QLatin1Char('\n'));
    }
    mKubeconfigLabel->setText(text);
    mFirstRun->setSearchedFiles(mContextsModel->searchedFiles());
    mLog->append(ActivityLogModel::Level::Info, QString(),
        tr("Read kubeconfig: %n context(s)", nullptr, mContextsModel->contextCount())
            + (files.isEmpty() ? QString()
                               : QStringLiteral(" (") + files.join(QStringLiteral(", ")) + QLatin1Char(')')));
    const QList<ContextsModel::LoadProblem> problems = mContextsModel->loadProblems();
    for (const ContextsModel::LoadProblem &problem : problems) {
        mLog->append(problem.error ? ActivityLogModel::Level::Error : ActivityLogModel::Level::Warning, problem.context,
            problem.message);
    }
    updatePage();
}

bool MainWindow::isShowingFirstRun() const
{
    return mPages->currentWidget() == mFirstRun;
}

void MainWindow::updatePage()
{
    const bool nothing = mContextsModel->isEmpty() && mContextsModel->files().isEmpty()
        && (!mRelationshipsModel || mRelationshipsModel->rowCount() == 0);
    QWidget *page = mMainSplitter;
    if (nothing)
        page = mFirstRun;
    else if (mFleetAction->isChecked())
        page = mFleetPage;
    mPages->setCurrentWidget(page);
    updateActions();
}

void MainWindow::updateActions()
{
    const QString name = selectedRelationship();
    const bool has = !name.isEmpty() && !isShowingFirstRun();
    QString reason;
    const bool canSync = has && mDashboard->canSync(&reason);
    mSyncAction->setEnabled(canSync);
    mSyncAction->setToolTip(canSync ? tr("Start a sync now; the schedule stays as it is") : reason);
    mScheduleAction->setEnabled(has);
    mEditAction->setEnabled(has);
    mDeleteAction->setEnabled(has);
    mNewAction->setEnabled(!isShowingFirstRun() && mEngine);
    const QModelIndex context = mContextsView->currentIndex();
    mUseContextAction->setEnabled(context.isValid() && !context.data(ContextsModel::IsFileErrorRow).toBool()
        && !context.data(ContextsModel::IsCurrentRole).toBool());
}

QString MainWindow::selectedRelationship() const
{
    const QModelIndex index = mRelationshipsView->currentIndex();
    return index.isValid() ? index.data(RelationshipsModel::NameRole).toString() : QString();
}

void MainWindow::selectRelationship(const QString &name)
{
    if (!mRelationshipsModel) {
        return;
    }
    const int row = mRelationshipsModel->rowOf(name);
    if (row >= 0) {
        mRelationshipsView->setCurrentIndex(mRelationshipsView->model()->index(row, 0));
    }
}

void MainWindow::showTroubleshoot()
{
    mRelationshipTabs->setCurrentWidget(mTroubleshoot);
}

void MainWindow::onRelationshipSelected()
{
    const QString name = selectedRelationship();
    mDashboard->setRelationship(name);
    mTroubleshoot->setRelationship(name);
    if (!name.isEmpty()) {
        QSettings().setValue(QStringLiteral("relationships/last"), name);
    }
    updateActions();
}

void MainWindow::chooseKubeconfigFile()
{
    QString start = mKubeconfig;
    if (start.isEmpty()) {
        start = QDir::homePath() + QStringLiteral("/.kube");
    }
    auto *dialog = new QFileDialog(this, tr("Open Kubeconfig"), start);
    dialog->setObjectName(QStringLiteral("openKubeconfigDialog"));
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &file) { openKubeconfig(file); });
    dialog->open();
}

void MainWindow::openKubeconfig(const QString &path)
{
    mKubeconfig = path;
    mOptions.context.clear();
    QSettings().setValue(QStringLiteral("kubeconfig/last"), path);
    mLog->append(ActivityLogModel::Level::Info, QString(),
        path.isEmpty() ? tr("Using the default kubeconfig (KUBECONFIG or ~/.kube/config)")
                       : tr("Using kubeconfig %1").arg(path));
    rebuildSession();
}

void MainWindow::useSelectedContext()
{
    const QModelIndex index = mContextsView->currentIndex();
    if (!index.isValid() || index.data(ContextsModel::IsFileErrorRow).toBool()) {
        return;
    }
    const QString context = index.data(ContextsModel::ContextNameRole).toString();
    if (index.data(ContextsModel::IsCurrentRole).toBool()) {
        return;
    }
    if (!mClusters->isLoaded()) {
        return;
    }
    const QString error = mClusters->useContext(context);
    if (!error.isEmpty()) {
        mLog->append(ActivityLogModel::Level::Error, context, error);
        QMessageBox::warning(this, tr("Cannot Switch Context"), error);
        return;
    }
    mLog->append(ActivityLogModel::Level::Success, context, tr("current-context is now %1").arg(context));
    mContextsModel->reload();
}

void MainWindow::syncSelected()
{
    mDashboard->syncNow();
}

void MainWindow::editSchedule()
{
    const QString name = selectedRelationship();
    if (name.isEmpty() || !mEngine) {
        return;
    }
    auto *dialog = new ScheduleDialog(mEngine, mTracker, name, mRelationshipsModel->status(name).schedule,
        mRelationshipsModel->relationship(name).needsPrivilegedMovers(), this);
    openEngineDialog(dialog);
}

void MainWindow::deleteSelected()
{
    const QString name = selectedRelationship();
    if (name.isEmpty() || !mEngine) {
        return;
    }
    auto *dialog = new DeleteDialog(mEngine, mTracker, name, this);
    connect(dialog, &DeleteDialog::deleted, this, [this](bool) { mRelationshipsModel->reload(); });
    openEngineDialog(dialog);
}

void MainWindow::showUnmanaged()
{
    if (!mEngine || !mRelationshipsModel) {
        return;
    }
    QStringList contexts;
    for (int r = 0; r < mContextsModel->rowCount(); ++r) {
        const QModelIndex index = mContextsModel->index(r, 0);
        if (ContextsModel::Reachability(index.data(ContextsModel::ReachabilityRole).toInt())
            == ContextsModel::Reachability::Reachable) {
            contexts.append(index.data(ContextsModel::ContextNameRole).toString());
        }
    }
    QSet<QString> ids;
    for (int r = 0; r < mRelationshipsModel->rowCount(); ++r) {
        ids.insert(mRelationshipsModel->relationship(mRelationshipsModel->nameAt(r)).id);
    }
    openEngineDialog(new UnmanagedDialog(mEngine, mLog, contexts, ids, this));
}

void MainWindow::showYaml()
{
    const QString name = selectedRelationship();
    if (name.isEmpty() || !mEngine) {
        return;
    }
    // What the list read (on a worker); the dialog's job reads the file itself, off the GUI thread too.
    ReplicationRelationship relationship = mRelationshipsModel->relationship(name);
    relationship.name = name;
    openEngineDialog(new YamlDialog(mEngine, mTracker, relationship, this));
}

void MainWindow::newRelationship()
{
    if (!mEngine || isShowingFirstRun()) {
        return;
    }
    auto *wizard = new SetupWizard(mEngine, mTracker, mRelationshipsModel->relationships(), this);
    // The source starts on the kubeconfig's current context (or --context), unless a cluster is selected.
    const QModelIndexList selected = mContextsView->selectionModel()->selectedRows();
    wizard->setPreferredContext(
        !selected.isEmpty() ? selected.first().data(ContextsModel::ContextNameRole).toString() : mOptions.context);
    openWizard(wizard);
}

void MainWindow::editRelationship(const QString &name)
{
    const QString which = name.isEmpty() ? selectedRelationship() : name;
    if (!mEngine || which.isEmpty() || isShowingFirstRun()) {
        return;
    }
    // The file as it is now (an apply that just ended wrote it), read on a worker: the wizard opens once the list
    // has read the folder again.
    mEditWhenListed = which;
    mRelationshipsModel->reload();
}

void MainWindow::openEditWizard(const QString &which)
{
    if (mRelationshipsModel->rowOf(which) < 0) {
        mLog->append(ActivityLogModel::Level::Error, which, tr("Cannot open %1: it is not in the list.").arg(which));
        return;
    }
    if (const QString error = mRelationshipsModel->fileError(which); !error.isEmpty()) {
        mLog->append(ActivityLogModel::Level::Error, which, tr("Cannot open %1: %2").arg(which, error));
        return;
    }
    auto *wizard = new SetupWizard(mEngine, mTracker, mRelationshipsModel->relationships(), this);
    wizard->editExisting(mRelationshipsModel->relationship(which));
    openWizard(wizard);
}

void MainWindow::openWizard(SetupWizard *wizard)
{
    connect(wizard, &SetupWizard::relationshipCreated, this, [this](const QString &name) {
        // The list reads the folder on a worker: a new relationship is selected once it is listed.
        mRelationshipsModel->reload();
        if (mRelationshipsModel->rowOf(name) >= 0)
            selectRelationship(name);
        else
            mSelectWhenListed = name;
    });
    openEngineDialog(wizard);
}

void MainWindow::startDemo()
{
    if (mDemo) {
        return;
    }
    DemoEnvironment::Options demoOptions;
    demoOptions.timeScale = mOptions.demoTimeScale;
    auto *demo = new DemoEnvironment(demoOptions, this);
    mDemo = demo;
    mFirstRun->setBusy(true, tr("Starting two simulated clusters (home-lab and cloud)…"));
    mDemoAction->setEnabled(false);
    statusBar()->showMessage(tr("Starting the demo…"));
    mLog->append(ActivityLogModel::Level::Info, QString(), tr("Starting the demo: simulated clusters inside the app"));
    connect(demo, &DemoEnvironment::ready, this, [this, demo]() {
        mLog->append(ActivityLogModel::Level::Success, QString(),
            tr("The demo is running: clusters %1, relationships in %2")
                .arg(demo->simulator() ? QStringLiteral("home-lab, cloud") : QString(), demo->configDir()));
        mKubeconfig = demo->kubeconfigPath();
        mOptions.configDir = demo->configDir();
        mOptions.context.clear();
        mHistoryDir = demo->historyDir();
        // The application display name is appended by Qt.
        setWindowTitle(tr("Demo (simulated clusters)"));
        statusBar()->clearMessage();
        if (!mDemoNotice) {
            mDemoNotice = new QLabel(tr("Demo: nothing real is changed. Quit to end it."), statusBar());
            mDemoNotice->setObjectName(QStringLiteral("demoNotice"));
            statusBar()->addPermanentWidget(mDemoNotice);
        }
        mFirstRun->setBusy(false);
        mDemoStartPending = true; // demoStarted() once its kubeconfig is loaded
        rebuildSession();
    });
    connect(demo, &DemoEnvironment::failed, this, [this, demo](const QString &message) {
        mLog->append(ActivityLogModel::Level::Error, QString(), message);
        mFirstRun->setBusy(false);
        mFirstRun->setMessage(message);
        statusBar()->showMessage(message);
        mDemoAction->setEnabled(true);
        demo->deleteLater();
        mDemo = nullptr;
        Q_EMIT demoStarted(message);
    });
    demo->start();
}

void MainWindow::notify(const QString &title, const QString &message, bool failure)
{
    if (!mTray) {
        return;
    }
    mTray->showMessage(title, message, failure ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information, 8000);
}

void MainWindow::startFleet(const QList<ReplicationRelationship> &relationships)
{
    mFleet = new FleetService(mClusters, this);
    if (mOptions.restoreSettings) {
        QSettings settings;
        QString error;
        if (!mFleet->setWebhookUrl(settings.value(QStringLiteral("fleet/webhookUrl")).toString(), &error))
            mLog->append(ActivityLogModel::Level::Warning, QString(), tr("Fleet webhook not used: %1").arg(error));
        const QStringList muted = settings.value(QStringLiteral("fleet/muted")).toStringList();
        mFleet->setMuted(QSet<QString>(muted.cbegin(), muted.cend()));
    }
    connect(mFleet, &FleetService::notified, this, [this](const QString &title, const QString &message, bool alarming) {
        mFleetMessage = tr("%1: %2").arg(title, message);
        showFleetMessage(30000);
        mLog->append(alarming ? ActivityLogModel::Level::Warning : ActivityLogModel::Level::Success, QString(),
            tr("Fleet: %1: %2").arg(title, message));
        notify(title, message, alarming);
    });
    connect(mFleet, &FleetService::webhookFailed, this,
        [this](const QString &message) { mLog->append(ActivityLogModel::Level::Error, QString(), message); });
    // The default view: the fleet once it holds more than a few entries, unless the person picked one. The page is
    // shown (laid out, measured, painted) in a later turn, not in the one that judged the whole fleet.
    connect(mFleet->monitor(), &FleetMonitor::ready, this, [this] {
        runInLaterTurn(this, [this, fleet = QPointer<FleetService>(mFleet)] {
            if (!mFleetViewChosen && fleet && fleet == mFleet
                && mFleet->monitor()->entries().size() > FleetPage::kDefaultAbove)
                showFleet(true);
        });
    });
    mFleetPage->setService(mFleet);
    mFleet->start(relationships);
}

void MainWindow::showFleet(bool shown)
{
    mFleetAction->setChecked(shown);
    updatePage();
}

bool MainWindow::isShowingFleet() const
{
    return mPages->currentWidget() == mFleetPage;
}

void MainWindow::openFleetEntry(const FleetEntry &entry)
{
    if (entry.kind == FleetEntry::Kind::Relationship) {
        // The person went to one relationship: the fleet's size no longer switches the view.
        mFleetViewChosen = true;
        showFleet(false);
        selectRelationship(entry.name);
        return;
    }
    if (!mEngine || !mRelationshipsModel)
        return;
    // An object no file describes: the status view of the unmanaged objects of its cluster.
    QSet<QString> ids;
    for (const ReplicationRelationship &relationship : mRelationshipsModel->relationships())
        ids.insert(relationship.id);
    const QString context = entry.sourceContext.isEmpty() ? entry.destinationContext : entry.sourceContext;
    auto *dialog = new UnmanagedDialog(mEngine, mLog, {context}, ids, this);
    // On the entry's object, once listed.
    const bool source = entry.kind == FleetEntry::Kind::Source;
    dialog->selectObject(context, source, source ? entry.sourceNamespace : entry.destinationNamespace, entry.name);
    openEngineDialog(dialog);
}

void MainWindow::editRpoTarget(const FleetEntry &entry)
{
    if (!mEngine || !mFleet || entry.kind != FleetEntry::Kind::Relationship)
        return;
    auto *dialog = new RpoTargetDialog(mFleet, mEngine->store(), entry.name, entry.rpoTargetSeconds, this);
    connect(dialog, &RpoTargetDialog::targetSet, this, [this](const QString &name) {
        mLog->append(ActivityLogModel::Level::Success, name, tr("RPO target of %1 saved").arg(name));
        if (mRelationshipsModel)
            mRelationshipsModel->reload(); // the fleet follows the files it reads
    });
    openEngineDialog(dialog);
}

void MainWindow::editFleetSettings()
{
    if (!mFleet)
        return;
    auto *dialog = new FleetSettingsDialog(mFleet, this);
    connect(dialog, &FleetSettingsDialog::applied, this, [this](const QString &url, const QSet<QString> &muted) {
        mFleetPage->fleetWidget()->setMutedKeys(muted);
        if (mOptions.restoreSettings) {
            QSettings settings;
            settings.setValue(QStringLiteral("fleet/webhookUrl"), url);
            settings.setValue(QStringLiteral("fleet/muted"), QStringList(muted.values()));
        }
        mLog->append(ActivityLogModel::Level::Info, QString(),
            url.isEmpty() ? tr("Fleet notifications: no webhook")
                          : tr("Fleet notifications also go to %1").arg(FleetService::redactedWebhookUrl(url)));
    });
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About VolSync Desktop"),
        tr("<h3>VolSync Desktop %1</h3><p>Set up, watch and run VolSync replication of PVCs between namespaces "
           "and clusters.</p><p>License: GPL-3.0-or-later</p>")
            .arg(versionString().toHtmlEscaped()));
}

void MainWindow::saveSettings() const
{
    if (!mOptions.restoreSettings) {
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/mainSplitter"), mMainSplitter->saveState());
    settings.setValue(QStringLiteral("window/leftSplitter"), mLeftSplitter->saveState());
}

void MainWindow::showFleetMessage(int timeoutMs)
{
    // Cut with "…" to the room left of the fleet summary and the demo notice (the whole text is in the log).
    if (QLayout *layout = statusBar()->layout())
        layout->activate();
    int room = statusBar()->width();
    for (const QLabel *permanent : {mFleetStatus, mDemoNotice}) {
        if (permanent && permanent->isVisible())
            room = qMin(room, permanent->x());
    }
    mFleetMessageShown = statusBar()->fontMetrics().elidedText(mFleetMessage, Qt::ElideRight, room - 12);
    statusBar()->showMessage(mFleetMessageShown, timeoutMs);
}

void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    // A fleet notification still shown is cut again to the new width.
    if (!mFleetMessageShown.isEmpty() && statusBar()->currentMessage() == mFleetMessageShown)
        showFleetMessage(30000);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    if (mTracker->isBusy() && !mForceClose) {
        // Quitting during Sync now: cancel, let each operation put its schedule back, then close. If that
        // takes too long the files keep the pending restores, and the next start finishes them.
        event->ignore();
        if (!mQuitting) {
            mQuitting = true;
            statusBar()->showMessage(tr("Stopping the running operations (putting schedules back)…"));
            connect(mTracker, &OperationTracker::busyChanged, this, [this](bool busy) {
                if (!busy)
                    close();
            });
            QTimer::singleShot(15000, this, [this] {
                qCWarning(lcUi) << "closing with running operations; the next start finishes them";
                mForceClose = true;
                close();
            });
            mTracker->cancelAll();
        }
        return;
    }
    QMainWindow::closeEvent(event);
}
