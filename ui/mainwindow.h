// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "mainwindowoptions.h"

#include "engine/relationshiplistingloader.h"

#include <QMainWindow>
#include <QPointer>

#include <optional>
#include <utility>

class ActivityLogModel;
class ActivityLogWidget;
class ClusterSession;
class ColumnFitter;
class ContextsModel;
class DashboardWidget;
class FirstRunPage;
class FleetPage;
class FleetService;
struct FleetEntry;
class OperationTracker;
class QAction;
class QDockWidget;
class QLabel;
class QSplitter;
class QStackedWidget;
class QSystemTrayIcon;
class QTableView;
class QTimer;
class QTreeView;
class RelationshipsModel;
class ReplicationEngine;
class SetupWizard;
class QTabWidget;
class TroubleshootWidget;

/// The application's main window: contexts and relationships on the left, the dashboard of the selected
/// relationship on the right, the activity log at the bottom; the first-run page when there is no kubeconfig.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(const MainWindowOptions &options = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Switches to another kubeconfig file ("" = KUBECONFIG / ~/.kube/config). Remembered in QSettings.
    void openKubeconfig(const QString &path);
    /// Starts the in-process simulator with the demo world and switches to its kubeconfig.
    void startDemo();

    [[nodiscard]] ContextsModel *contextsModel() const { return mContextsModel; }
    [[nodiscard]] RelationshipsModel *relationshipsModel() const { return mRelationshipsModel; }
    [[nodiscard]] ActivityLogModel *activityLog() const { return mLog; }
    /// Every operation the window started, running and finished.
    [[nodiscard]] OperationTracker *operationTracker() const { return mTracker; }
    [[nodiscard]] ReplicationEngine *engine() const { return mEngine; }
    /// The connection to the clusters (the kubeconfig and its session).
    [[nodiscard]] ClusterSession *clusterSession() const { return mClusters; }
    [[nodiscard]] DashboardWidget *dashboard() const { return mDashboard; }
    [[nodiscard]] TroubleshootWidget *troubleshoot() const { return mTroubleshoot; }
    /// Shows the Troubleshoot tab of the selected relationship.
    void showTroubleshoot();
    /// The Fleet page (every replication on every context) and the service behind it (nullptr before loaded).
    [[nodiscard]] FleetPage *fleetPage() const { return mFleetPage; }
    [[nodiscard]] FleetService *fleetService() const { return mFleet; }
    /// Shows the Fleet page (true) or the relationships and their dashboard (false).
    void showFleet(bool shown);
    [[nodiscard]] bool isShowingFleet() const;
    /// Whether the first-run page is shown.
    [[nodiscard]] bool isShowingFirstRun() const;
    /// Selects a relationship in the list (and shows its dashboard).
    void selectRelationship(const QString &name);
    /// Whether the kubeconfig is loaded and the session made (the window shows before: the files are read on a
    /// worker thread).
    [[nodiscard]] bool isKubeconfigLoaded() const;

Q_SIGNALS:
    /// The kubeconfig was loaded (at start-up, and after switching to another file or to the demo).
    void kubeconfigLoaded();
    /// The demo world is up (or failed: `error` non-empty).
    void demoStarted(const QString &error);

protected:
    void closeEvent(QCloseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createCentral();
    void createDock();
    /// Tears down the session and reads the kubeconfig and the relationship files on worker threads;
    /// finishSession() follows once both are read.
    void rebuildSession();
    void finishSession();
    /// The second turn of finishSession(): the contexts panel, the selected context and relationship, the actions.
    void finishSessionSelection();
    /// Puts back the schedules that a Sync now of an earlier run (killed meanwhile) left in the files.
    /// `listing`: the relationship files as read on the worker thread (nothing is read here).
    void finishInterruptedSyncs(const RelationshipStore::Listing &listing);

public:
    /// Opens a dialog that uses the session or the engine (deleted on close): the session is not reloaded
    /// while it is open.
    void openEngineDialog(QDialog *dialog);

private:
    /// Re-reads the kubeconfig into the session (new credentials, servers) when its files changed, or always
    /// when `force`; waits while a job, the wizard or a dialog uses the session's clients.
    void reloadSessionIfChanged(bool force);
    [[nodiscard]] bool sessionInUse() const;
    void updatePage();
    void updateActions();
    void onContextsReloaded();
    /// Asks the contexts model to check the contexts in view and the selected one.
    void checkShownContexts();
    void onRelationshipSelected();
    void chooseKubeconfigFile();
    void useSelectedContext();
    void syncSelected();
    void editSchedule();
    void deleteSelected();
    void newRelationship();
    /// The setup wizard on an existing relationship (the selected one when `name` is empty): finish or change it.
    void editRelationship(const QString &name = QString());
    void openWizard(SetupWizard *wizard);
    void showYaml();
    void openEditWizard(const QString &which);
    void showUnmanaged();
    void notify(const QString &title, const QString &message, bool failure);
    /// The fleet of the session just made: its service, settings and notifications (see finishSession()).
    void startFleet(const QList<ReplicationRelationship> &relationships);
    void openFleetEntry(const FleetEntry &entry);
    void editRpoTarget(const FleetEntry &entry);
    void editFleetSettings();
    void showAbout();
    void saveSettings() const;
    [[nodiscard]] QString selectedRelationship() const;

    MainWindowOptions mOptions;
    QString mKubeconfig;
    bool mSessionReloadForced = false;
    QTimer *mSessionReloadRetry = nullptr;
    QTimer *mContextsCheckTimer = nullptr;
    ActivityLogModel *mLog = nullptr;
    OperationTracker *mTracker = nullptr;
    QList<QPointer<QDialog>> mEngineDialogs; ///< open dialogs that hold the engine
    bool mQuitting = false; ///< closing waits for running operations to put their schedules back
    bool mForceClose = false; ///< ... but not for ever
    ContextsModel *mContextsModel = nullptr;
    RelationshipListingLoader *mListingLoader = nullptr;
    std::optional<RelationshipListingLoader::Result> mLoadedListing;
    QWidget *mContextsBusy = nullptr;
    bool mDemoStartPending = false;
    bool mSelectionPending = false; ///< finishSession() ran, finishSessionSelection() not yet
    ClusterSession *mClusters = nullptr;
    ReplicationEngine *mEngine = nullptr;
    RelationshipsModel *mRelationshipsModel = nullptr;
    QObject *mDemo = nullptr;
    QString mHistoryDir;
    ColumnFitter *mRelationshipsFitter = nullptr;
    QString mEditWhenListed; ///< Change Setup… asked: opened once the list has read the folder again
    QString mSelectWhenListed; ///< a relationship the wizard created, selected once the list has read it
    QSystemTrayIcon *mTray = nullptr;
    FleetService *mFleet = nullptr;
    bool mFleetViewChosen = false; ///< the person picked a view: the fleet's size no longer decides

    QStackedWidget *mPages = nullptr;
    FirstRunPage *mFirstRun = nullptr;
    QSplitter *mMainSplitter = nullptr;
    QSplitter *mLeftSplitter = nullptr;
    QTreeView *mContextsView = nullptr;
    QTreeView *mRelationshipsView = nullptr;
    QLabel *mKubeconfigLabel = nullptr;
    QTabWidget *mRelationshipTabs = nullptr;
    DashboardWidget *mDashboard = nullptr;
    TroubleshootWidget *mTroubleshoot = nullptr;
    FleetPage *mFleetPage = nullptr;
    QLabel *mFleetStatus = nullptr; ///< permanent: the fleet's summary in the status bar
    QDockWidget *mLogDock = nullptr;
    QDockWidget *mOperationsDock = nullptr;
    QLabel *mDemoNotice = nullptr; ///< permanent: a menu's status tip must not hide it
    QString mFleetMessage; ///< the last fleet notification in the status bar, whole (shown cut to fit)
    QString mFleetMessageShown; ///< as shown
    /// Shows mFleetMessage cut with "…" to the room left of the status bar's permanent widgets.
    void showFleetMessage(int timeoutMs);
    ActivityLogWidget *mLogWidget = nullptr;

    QAction *mOpenAction = nullptr;
    QAction *mDefaultKubeconfigAction = nullptr;
    QAction *mDemoAction = nullptr;
    QAction *mReloadAction = nullptr;
    QAction *mQuitAction = nullptr;
    QAction *mNewAction = nullptr;
    QAction *mEditAction = nullptr;
    QAction *mSyncAction = nullptr;
    QAction *mScheduleAction = nullptr;
    QAction *mDeleteAction = nullptr;
    QAction *mUseContextAction = nullptr;
    QAction *mAboutAction = nullptr;
    QAction *mFleetAction = nullptr;
};
