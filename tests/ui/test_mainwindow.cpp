// SPDX-License-Identifier: GPL-3.0-or-later
#include "darktestpalette.h"
#include "dashboardwidget.h"
#include "engine/clustersession.h"
#include "engine/operationtracker.h"
#include "engine/relationshipdraft.h"
#include "engine/relationshipstore.h"
#include "firstrunpage.h"
#include "kube/kubeclient.h"
#include "kube/kubeconfigloader.h"
#include "kube/kubesession.h"
#include "mainwindow.h"
#include "models/activitylogmodel.h"
#include "models/contextsmodel.h"
#include "models/relationshipsmodel.h"
#include "setupwizard.h"
#include "statusstyle.h"
#include "yamldialog.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QAtomicPointer>
#include <QDialog>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QScopeGuard>
#include <QSemaphore>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTreeView>

namespace {

/// A window's options for a test: no saved settings, the kubeconfig at `kubeconfig`, the relationship files in
/// `home`/volsync.
MainWindowOptions testOptions(const QTemporaryDir &home, const QString &kubeconfig)
{
    MainWindowOptions options;
    options.restoreSettings = false;
    options.kubeconfig = kubeconfig;
    options.configDir = home.filePath(QStringLiteral("volsync"));
    return options;
}

/// A kubeconfig in `home`: `text`, then one cluster c (nothing listens) and one user u. Its path.
QString writeKubeconfig(const QTemporaryDir &home, const QByteArray &text)
{
    const QString path = home.filePath(QStringLiteral("kubeconfig"));
    QFile file(path);
    const QByteArray all = "apiVersion: v1\nkind: Config\n" + text
        + "clusters:\n- name: c\n  cluster: {server: 'https://127.0.0.1:1'}\nusers:\n- name: u\n  user: {}\n";
    return file.open(QIODevice::WriteOnly) && file.write(all) == all.size() ? path : QString();
}

/// An operation that runs until it is cancelled.
class IdleJob : public ReplicationJob
{
protected:
    void run() override { }
};

void saveShot(QWidget *widget, const QString &name)
{
    const QString dir = QStringLiteral(VOLSYNC_BUILD_DIR "/screenshots");
    QDir().mkpath(dir);
    QVERIFY(widget->grab().save(dir + QLatin1Char('/') + name));
}

/// Every widget a person sees or uses has an objectName. Internals of Qt's composite widgets (the line edit
/// of a combo box, the buttons of a tool bar, scroll bars, headers, viewports) are not ours to name.
QStringList unnamedWidgets(QWidget *root)
{
    static const QStringList checked = {QStringLiteral("QPushButton"), QStringLiteral("QLabel"),
        QStringLiteral("QLineEdit"), QStringLiteral("QComboBox"), QStringLiteral("QTreeView"),
        QStringLiteral("QTableView"), QStringLiteral("QTableWidget"), QStringLiteral("QPlainTextEdit"),
        QStringLiteral("QGroupBox"), QStringLiteral("QProgressBar"), QStringLiteral("QCheckBox"),
        QStringLiteral("QRadioButton"), QStringLiteral("QSpinBox"), QStringLiteral("QListView"),
        QStringLiteral("QListWidget"), QStringLiteral("QTextEdit"), QStringLiteral("QTextBrowser"),
        QStringLiteral("QStackedWidget"), QStringLiteral("QSplitter"), QStringLiteral("QScrollArea"),
        QStringLiteral("QDockWidget"), QStringLiteral("QToolBar")};
    static const QStringList composites = {QStringLiteral("QComboBox"), QStringLiteral("QAbstractSpinBox"),
        QStringLiteral("QToolBar"), QStringLiteral("QMenuBar"), QStringLiteral("QHeaderView"),
        QStringLiteral("QFileDialog"), QStringLiteral("QTabBar"), QStringLiteral("QMessageBox")};
    QStringList unnamed;
    const QList<QWidget *> widgets = root->findChildren<QWidget *>();
    for (QWidget *w : widgets) {
        const QString cls = QString::fromLatin1(w->metaObject()->className());
        if (!w->objectName().isEmpty() || !checked.contains(cls)) {
            continue;
        }
        bool internal = false;
        for (QWidget *p = w->parentWidget(); p && p != root; p = p->parentWidget()) {
            for (const QString &composite : composites) {
                if (p->inherits(composite.toLatin1().constData())) {
                    internal = true;
                }
            }
        }
        if (!internal) {
            unnamed.append(cls + QLatin1Char('(') + (w->parentWidget() ? w->parentWidget()->objectName() : QString())
                + QLatin1Char(')'));
        }
    }
    return unnamed;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void firstRunWithoutKubeconfig();
    void brokenKubeconfigEntryShown();
    void darkPalette();
    void editedKubeconfigReachesTheSession();
    void windowShowsBeforeTheKubeconfigIsLoaded();
    void refreshReadsTheKubeconfigOffTheGuiThread();
    void onlyShownContextsAreChecked();
    void startAndWizardReadNoFolderOnTheGuiThread();
};

void TestMainWindow::initTestCase()
{
    QApplication::setApplicationName(QStringLiteral("volsync-desktop-test"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
}

void TestMainWindow::firstRunWithoutKubeconfig()
{
    QTemporaryDir home;
    qputenv("HOME", home.path().toLocal8Bit());
    qunsetenv("KUBECONFIG");
    MainWindowOptions options;
    options.restoreSettings = false;
    options.configDir = home.filePath(QStringLiteral("volsync"));
    MainWindow window(options);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY(window.isKubeconfigLoaded()); // read on a worker thread
    QVERIFY(window.isShowingFirstRun());
    auto *page = window.findChild<FirstRunPage *>(QStringLiteral("firstRunPage"));
    QVERIFY(page && page->isVisible());
    auto *open = window.findChild<QPushButton *>(QStringLiteral("openKubeconfigButton"));
    auto *demo = window.findChild<QPushButton *>(QStringLiteral("tryDemoButton"));
    QVERIFY(open && open->isVisible() && open->isEnabled());
    QVERIFY(demo && demo->isVisible() && demo->isEnabled());
    auto *explanation = window.findChild<QLabel *>(QStringLiteral("firstRunExplanation"));
    QVERIFY(explanation->text().contains(QLatin1String("kubeconfig")));
    const QStringList unnamed = unnamedWidgets(&window);
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QLatin1Char(','))));
    saveShot(&window, QStringLiteral("first-run.png"));

    // A kubeconfig that appears switches to the main view by itself.
    QVERIFY(QDir(home.path()).mkpath(QStringLiteral(".kube")));
    window.contextsModel()->reload();
    QFile file(home.filePath(QStringLiteral(".kube/config")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("apiVersion: v1\nkind: Config\ncontexts:\n- name: only\n  context: {cluster: c, user: u}\n"
               "clusters:\n- name: c\n  cluster: {server: 'https://127.0.0.1:1'}\nusers:\n- name: u\n  user: {}\n");
    file.close();
    QTRY_VERIFY_WITH_TIMEOUT(!window.isShowingFirstRun(), 5000);
}

void TestMainWindow::brokenKubeconfigEntryShown()
{
    QTemporaryDir home;
    const QString path = writeKubeconfig(home,
        "current-context: good\n"
        "contexts:\n- name: good\n  context: {cluster: c, user: u, namespace: apps}\n"
        "- name: broken\n  context: {cluster: missing, user: u}\n");
    QVERIFY(!path.isEmpty());
    MainWindowOptions options = testOptions(home, path);
    options.context = QStringLiteral("good");
    MainWindow window(options);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY(window.isKubeconfigLoaded()); // read on a worker thread
    QVERIFY(!window.isShowingFirstRun());
    auto *view = window.findChild<QTreeView *>(QStringLiteral("contextsView"));
    QVERIFY(view && view->isVisible());
    QCOMPARE(view->model()->rowCount(), 2);
    const int broken = window.contextsModel()->rowOf(QStringLiteral("broken"));
    QVERIFY(
        view->model()->index(broken, 0).data(ContextsModel::ErrorRole).toString().contains(QLatin1String("missing")));
    QCOMPARE(view->currentIndex().data(ContextsModel::ContextNameRole).toString(), QStringLiteral("good"));
    // The unreachable server and the broken entry reach the activity log in plain words.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&]() {
            const auto &entries = window.activityLog()->entries();
            return std::any_of(entries.begin(), entries.end(), [](const ActivityLogModel::Entry &e) {
                return e.level == ActivityLogModel::Level::Error && e.cluster == QLatin1String("good");
            });
        }(),
        10000);
    const auto &entries = window.activityLog()->entries();
    QVERIFY(std::any_of(entries.begin(), entries.end(), [](const ActivityLogModel::Entry &e) {
        return e.cluster == QLatin1String("broken") && e.message.contains(QLatin1String("missing"));
    }));
    auto *dashboard = window.findChild<DashboardWidget *>(QStringLiteral("dashboard"));
    QVERIFY(dashboard);
    QVERIFY(!dashboard->canSync());
    const QStringList unnamed = unnamedWidgets(&window);
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QLatin1Char(','))));
    saveShot(&window, QStringLiteral("main-broken-context.png"));
}

void TestMainWindow::darkPalette()
{
    const QPalette dark = darkTestPalette();
    const QPalette light = QApplication::palette();
    QVERIFY(StatusStyle::isDark(dark));
    QVERIFY(!StatusStyle::isDark(light));
    // Every status colour stands out from the background it is drawn on, in both palettes.
    for (const QPalette &palette : {light, dark}) {
        const int background = palette.color(QPalette::Base).lightness();
        for (StatusStyle::Kind kind : {StatusStyle::Kind::Ok, StatusStyle::Kind::Busy, StatusStyle::Kind::Error,
                 StatusStyle::Kind::Warning, StatusStyle::Kind::Waiting}) {
            QVERIFY(qAbs(StatusStyle::color(kind, palette).lightness() - background) > 60);
            QVERIFY(!StatusStyle::icon(kind).isNull());
        }
    }
    QApplication::setPalette(dark);
    const auto restore = qScopeGuard([light]() { QApplication::setPalette(light); });
    QTemporaryDir home;
    MainWindowOptions options;
    options.restoreSettings = false;
    options.kubeconfig = home.filePath(QStringLiteral("missing-kubeconfig"));
    options.configDir = home.filePath(QStringLiteral("volsync"));
    MainWindow window(options);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY(window.isKubeconfigLoaded()); // read on a worker thread
    // An explicit kubeconfig that is missing is an error shown in the list, not the first-run page.
    QVERIFY(!window.isShowingFirstRun());
    QVERIFY(window.contextsModel()->rowCount() >= 1);
    saveShot(&window, QStringLiteral("main-dark.png"));
}

// Credentials or servers edited in the kubeconfig (a rotated token, a new endpoint) are used from then on:
// the session's clients are made again, but not while a dialog uses them.
void TestMainWindow::editedKubeconfigReachesTheSession()
{
    QTemporaryDir home;
    const QString path = home.filePath(QStringLiteral("kubeconfig"));
    const auto writeConfig = [&path](const char *token) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QByteArray("apiVersion: v1\nkind: Config\ncurrent-context: only\n"
                              "contexts:\n- name: only\n  context: {cluster: c, user: u}\n"
                              "clusters:\n- name: c\n  cluster: {server: 'https://127.0.0.1:1'}\n"
                              "users:\n- name: u\n  user: {token: ")
            + token + "}\n");
    };
    writeConfig("first-token");
    MainWindow window(testOptions(home, path));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY(window.isKubeconfigLoaded()); // read on a worker thread
    KubeSession *session = window.clusterSession()->kubeSession();
    QVERIFY(session);
    QPointer<KubeClient> before = session->client(QStringLiteral("only"));
    QCOMPARE(before->resolved().user.token, QStringLiteral("first-token"));
    QTest::qWait(200);
    QVERIFY(before); // nothing changed: the clients stay

    // While a dialog that uses the session is open, or an operation runs, the old clients stay; once both
    // are over the new kubeconfig is used.
    auto *dialog = new QDialog(&window);
    dialog->setObjectName(QStringLiteral("busyDialog"));
    window.openEngineDialog(dialog);
    auto *job = new IdleJob;
    const int operation = window.operationTracker()->run(
        job, OperationTracker::Kind::Other, QStringLiteral("r"), QStringLiteral("an operation"));
    writeConfig("second-token");
    QTRY_VERIFY_WITH_TIMEOUT(
        window.contextsModel()->config().resolve(QStringLiteral("only")).user.token == QLatin1String("second-token"),
        5000);
    QTest::qWait(300);
    QVERIFY(before);
    dialog->close();
    QTest::qWait(300);
    QVERIFY(before); // the operation still runs
    window.operationTracker()->cancel(operation);
    QTRY_VERIFY_WITH_TIMEOUT(before.isNull(), 10000);
    QCOMPARE(window.clusterSession()->kubeSession(), session);
    QCOMPARE(session->client(QStringLiteral("only"))->resolved().user.token, QStringLiteral("second-token"));
    // Tokens never reach the log.
    for (const ActivityLogModel::Entry &entry : window.activityLog()->entries())
        QVERIFY2(!entry.message.contains(QLatin1String("first-token"))
                && !entry.message.contains(QLatin1String("second-token")),
            qPrintable(entry.message));
}

// The kubeconfig is read on a worker thread: with a loader held back until the test lets it go (no timing
// involved), the window is up with the contexts panel busy, and fills in once the load completes.
void TestMainWindow::windowShowsBeforeTheKubeconfigIsLoaded()
{
    QTemporaryDir home;
    const QString path = writeKubeconfig(home,
        "current-context: one\n"
        "contexts:\n- name: one\n  context: {cluster: c, user: u}\n- name: two\n  context: {cluster: c, user: u}\n");
    QVERIFY(!path.isEmpty());
    QSemaphore gate;
    QSemaphore entered;
    KubeConfigLoader::setLoadFunctionForTests([&gate, &entered](const KubeConfig::LoadOptions &load) {
        entered.release();
        gate.acquire();
        return KubeConfig::load(load);
    });
    const auto restore = qScopeGuard([&gate] {
        gate.release(); // never leave a worker waiting
        KubeConfigLoader::setLoadFunctionForTests({});
    });
    MainWindow window(testOptions(home, path));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(entered.tryAcquire(1, 60000)); // the load started (on its thread) and waits for the gate
    QVERIFY(!window.isKubeconfigLoaded());
    QVERIFY(!window.isShowingFirstRun());
    auto *busy = window.findChild<QWidget *>(QStringLiteral("contextsBusy"));
    QVERIFY(busy && busy->isVisible());
    QCOMPARE(window.contextsModel()->rowCount(), 0);
    QVERIFY(window.clusterSession()->kubeSession() == nullptr);

    QSignalSpy loaded(&window, &MainWindow::kubeconfigLoaded);
    gate.release();
    QVERIFY(loaded.wait(60000));
    QVERIFY(window.isKubeconfigLoaded());
    QVERIFY(!busy->isVisible());
    QCOMPARE(window.contextsModel()->rowCount(), 2);
    QVERIFY(window.clusterSession()->kubeSession());
    QCOMPARE(window.clusterSession()->kubeSession()->config().contextNames(),
        window.contextsModel()->config().contextNames());
}

// The relationship files are read once, on a worker thread: finishing interrupted syncs at start-up and opening the
// wizard use that listing instead of reading the folder on the GUI thread again.
void TestMainWindow::startAndWizardReadNoFolderOnTheGuiThread()
{
    QTemporaryDir home;
    const QString path
        = writeKubeconfig(home, "current-context: one\ncontexts:\n- name: one\n  context: {cluster: c, user: u}\n");
    QVERIFY(!path.isEmpty());
    const MainWindowOptions options = testOptions(home, path);
    QString error;
    QVERIFY2(RelationshipStore(options.configDir).create(QStringLiteral("db"), false, &error), qPrintable(error));

    const int before = RelationshipStore::mainThreadListings();
    MainWindow window(options);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY(window.isKubeconfigLoaded());
    QCOMPARE(window.relationshipsModel()->rowCount(), 1);
    auto *newAction = window.findChild<QAction *>(QStringLiteral("newRelationshipAction"));
    QVERIFY(newAction && newAction->isEnabled());
    newAction->trigger();
    auto *wizard = window.findChild<SetupWizard *>();
    QVERIFY(wizard);
    QCOMPARE(wizard->relationships().size(), 1);
    QCOMPARE(wizard->relationships().first().name, QStringLiteral("db"));
    QCOMPARE(RelationshipStore::mainThreadListings(), before);
    static_cast<QDialog *>(wizard)->reject();
    QTRY_VERIFY(!window.findChild<SetupWizard *>());

    // Issue 10: a file another tool writes, Refresh, Change Setup… and the YAML view read no relationship file on
    // the GUI thread either: the list reloads on a worker, the wizard and the view start from what it read, and
    // the view's job reads the file on a worker.
    QVERIFY2(RelationshipStore(options.configDir).create(QStringLiteral("other"), false, &error), qPrintable(error));
    const int loads = RelationshipStore::mainThreadLoads();
    QTRY_VERIFY(window.relationshipsModel()->rowOf(QStringLiteral("other")) >= 0); // the folder's watcher
    // The worker may have read the folder before this thread looks (a slow sanitizer build): wait for the list's
    // answer to the Refresh, not for a moment in between.
    QSignalSpy reloaded(window.relationshipsModel(), &RelationshipsModel::reloaded);
    window.findChild<QAction *>(QStringLiteral("refreshAction"))->trigger();
    QTRY_VERIFY(!reloaded.isEmpty() && !window.relationshipsModel()->isReloading());
    window.selectRelationship(QStringLiteral("db"));
    window.findChild<QAction *>(QStringLiteral("editRelationshipAction"))->trigger();
    QTRY_VERIFY((wizard = window.findChild<SetupWizard *>()) != nullptr);
    QVERIFY(wizard->isEditing());
    QCOMPARE(wizard->draft()->name(), QStringLiteral("db"));
    static_cast<QDialog *>(wizard)->reject();
    QTRY_VERIFY(!window.findChild<SetupWizard *>());
    window.findChild<QPushButton *>(QStringLiteral("yamlButton"))->click();
    YamlDialog *yaml = nullptr;
    QTRY_VERIFY((yaml = window.findChild<YamlDialog *>()) != nullptr);
    const QString id = window.relationshipsModel()->relationship(QStringLiteral("db")).id;
    QVERIFY(!id.isEmpty());
    QTRY_VERIFY2(yaml->text(QStringLiteral("file")).contains(id), qPrintable(yaml->text(QStringLiteral("file"))));
    yaml->reject();
    QCOMPARE(RelationshipStore::mainThreadLoads(), loads);
    QCOMPARE(RelationshipStore::mainThreadListings(), before);

    // The counters do count a read on this thread (the checks above could fail).
    (void)RelationshipStore(options.configDir).list();
    QCOMPARE(RelationshipStore::mainThreadListings(), before + 1);
    (void)RelationshipStore(options.configDir).load(QStringLiteral("db"), &error);
    QCOMPARE(RelationshipStore::mainThreadLoads(), loads + 1);
}

// Refresh reads the kubeconfig on a worker thread, and the session reconnects with what that read: with the
// loader held back, Refresh returns and the session still uses the old file; once it is let go, the new one.
void TestMainWindow::refreshReadsTheKubeconfigOffTheGuiThread()
{
    QTemporaryDir home;
    const QString path = home.filePath(QStringLiteral("kubeconfig"));
    const auto writeConfig = [&path](const char *token) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QByteArray("apiVersion: v1\nkind: Config\ncurrent-context: only\n"
                              "contexts:\n- name: only\n  context: {cluster: c, user: u}\n"
                              "clusters:\n- name: c\n  cluster: {server: 'https://127.0.0.1:1'}\n"
                              "users:\n- name: u\n  user: {token: ")
            + token + "}\n");
    };
    writeConfig("first-token");
    MainWindowOptions options;
    options.restoreSettings = false;
    options.kubeconfig = path;
    options.configDir = home.filePath(QStringLiteral("volsync"));
    MainWindow window(options);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY(window.isKubeconfigLoaded());
    KubeSession *session = window.clusterSession()->kubeSession();
    QPointer<KubeClient> before = session->client(QStringLiteral("only"));
    QCOMPARE(before->resolved().user.token, QStringLiteral("first-token"));

    QSemaphore gate;
    QSemaphore entered;
    QAtomicPointer<QThread> loadThread;
    KubeConfigLoader::setLoadFunctionForTests([&](const KubeConfig::LoadOptions &load) {
        loadThread.storeRelease(QThread::currentThread());
        entered.release();
        gate.acquire();
        return KubeConfig::load(load);
    });
    const auto restore = qScopeGuard([&gate] {
        gate.release(100); // never leave a worker waiting
        KubeConfigLoader::setLoadFunctionForTests({});
    });
    writeConfig("second-token"); // the file watcher's reload waits at the gate too
    auto *refresh = window.findChild<QAction *>(QStringLiteral("refreshAction"));
    QVERIFY(refresh && refresh->isEnabled());
    refresh->trigger();
    QVERIFY(entered.tryAcquire(1, 60000)); // a read started and waits
    QVERIFY(loadThread.loadAcquire() != QThread::currentThread());
    QCoreApplication::processEvents();
    QVERIFY(before); // nothing was read here: the session still has its clients and the old file
    QCOMPARE(window.clusterSession()->kubeSession()->config().resolve(QStringLiteral("only")).user.token,
        QStringLiteral("first-token"));

    gate.release(100);
    QTRY_VERIFY_WITH_TIMEOUT(before.isNull(), 60000);
    QCOMPARE(window.clusterSession()->kubeSession(), session);
    QCOMPARE(session->client(QStringLiteral("only"))->resolved().user.token, QStringLiteral("second-token"));
    QCOMPARE(
        window.contextsModel()->config().resolve(QStringLiteral("only")).user.token, QStringLiteral("second-token"));
}

// A kubeconfig with many contexts: the contexts in view (and the current one) are checked, not all of them;
// scrolling checks the rows that come into view.
void TestMainWindow::onlyShownContextsAreChecked()
{
    QTemporaryDir home;
    const QString path = home.filePath(QStringLiteral("kubeconfig"));
    QByteArray text = "apiVersion: v1\nkind: Config\ncurrent-context: ctx-000\n"
                      "clusters:\n- name: c\n  cluster: {server: 'https://127.0.0.1:1'}\n"
                      "users:\n- name: u\n  user: {}\ncontexts:\n";
    constexpr int count = 300;
    for (int i = 0; i < count; ++i)
        text += "- name: ctx-" + QByteArray::number(i).rightJustified(3, '0') + "\n  context: {cluster: c, user: u}\n";
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
    file.close();
    MainWindowOptions options;
    options.restoreSettings = false;
    options.kubeconfig = path;
    options.configDir = home.filePath(QStringLiteral("volsync"));
    MainWindow window(options);
    window.resize(1024, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY(window.isKubeconfigLoaded());
    ContextsModel *model = window.contextsModel();
    QCOMPARE(model->rowCount(), count);
    const auto reachability = [model](int row) {
        return ContextsModel::Reachability(model->index(row, 0).data(ContextsModel::ReachabilityRole).toInt());
    };
    const auto settled = [&](int row) {
        const ContextsModel::Reachability r = reachability(row);
        return r != ContextsModel::Reachability::Unknown && r != ContextsModel::Reachability::Checking;
    };
    auto *view = window.findChild<QTreeView *>(QStringLiteral("contextsView"));
    QVERIFY(view && view->isVisible());
    // The rows in view get checked (port 1 refuses at once).
    QTRY_VERIFY_WITH_TIMEOUT(settled(0) && settled(1), 30000);
    int asked = 0;
    for (int r = 0; r < count; ++r)
        asked += reachability(r) != ContextsModel::Reachability::Unknown ? 1 : 0;
    const int shown = view->viewport()->height() / std::max(1, view->sizeHintForRow(0)) + 2;
    QVERIFY2(asked <= shown + 1, qPrintable(QStringLiteral("%1 asked, %2 shown").arg(asked).arg(shown)));
    QCOMPARE(reachability(count - 1), ContextsModel::Reachability::Unknown);
    view->scrollToBottom();
    QTRY_VERIFY_WITH_TIMEOUT(settled(count - 1), 30000);
    QCOMPARE(reachability(count / 2), ContextsModel::Reachability::Unknown);
}

QTEST_MAIN(TestMainWindow)
#include "test_mainwindow.moc"
