// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 13 items 11 and 12 for the main window on the demo world: no two controls a person can reach at once
// share an Alt+letter, and at 1024x700 and 1920x1080, in light and dark palettes, nothing is cut off in the main
// window and in every dialog it opens (schedule, delete, history, other objects, YAML, each wizard page), checked
// with the widgets' own geometry and font metrics. Screenshots go to <build>/screenshots/layout-*.png.
#include "darktestpalette.h"
#include "dashboardwidget.h"
#include "deletedialog.h"
#include "disasterrecoverypanel.h"
#include "engine/fleetmonitor.h"
#include "engine/fleetservice.h"
#include "failbackdialog.h"
#include "failoverdialog.h"
#include "fleetpage.h"
#include "fleetsettingsdialog.h"
#include "fleetwidget.h"
#include "layoutaudit.h"
#include "mainwindow.h"
#include "mnemonicscope.h"
#include "models/contextsmodel.h"
#include "models/relationshipsmodel.h"
#include "rpotargetdialog.h"
#include "scheduledialog.h"
#include "setupwizard.h"
#include "synchistorydialog.h"
#include "troubleshootwidget.h"
#include "unmanageddialog.h"
#include "wizarddestinationpage.h"
#include "wizardnamepage.h"
#include "wizardsourcepage.h"
#include "yamldialog.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QLayout>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>
#include <QTextLayout>

#include <QTreeView>
#include <QTreeWidget>
#include <QWizard>
#include <algorithm>
#include <functional>

namespace {

QString shotPath(const QString &name)
{
    const QString dir = QStringLiteral(VOLSYNC_BUILD_DIR "/screenshots");
    QDir().mkpath(dir);
    return dir + QStringLiteral("/layout-") + name + QStringLiteral(".png");
}

/// Lays out `window` now (the offscreen platform does not wait for a paint to resize).
void settle(QWidget *window)
{
    QApplication::processEvents();
    QApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    if (window->layout())
        window->layout()->activate();
    QApplication::processEvents();
}

} // namespace

class TestMainWindowLayout : public QObject
{
    Q_OBJECT
private:
    MainWindow *mWindow = nullptr;
    QPalette mLight;

    void usePalette(bool dark)
    {
        QApplication::setPalette(dark ? darkTestPalette() : mLight);
        settle(mWindow);
    }

    /// Opens a dialog the way a person does (its action or button), checks it and closes it. `filledIn`: true once
    /// the dialog shows what it reads in the background.
    template<typename Dialog>
    void auditDialog(const std::function<void()> &open, const QString &shot, const QSize &screen,
        const std::function<bool(Dialog *)> &filledIn = {})
    {
        open();
        Dialog *dialog = nullptr;
        QTRY_VERIFY((dialog = mWindow->findChild<Dialog *>()) != nullptr && dialog->isVisible());
        // Filled in as a person sees it after a moment (the delete dialog lists what it will remove).
        if (auto *objects = dialog->template findChild<QTreeWidget *>())
            QTRY_VERIFY_WITH_TIMEOUT(objects->topLevelItemCount() > 0, 15000);
        if (filledIn)
            QTRY_VERIFY_WITH_TIMEOUT(filledIn(dialog), 15000);
        settle(dialog);
        // It fits the screen at its own size, and nothing in it is cut off.
        QVERIFY2(dialog->width() <= screen.width() && dialog->height() <= screen.height(),
            qPrintable(QStringLiteral("%1x%2").arg(dialog->width()).arg(dialog->height())));
        const QStringList problems = LayoutAudit::problems(dialog);
        QVERIFY(dialog->grab().save(shotPath(shot)));
        QVERIFY2(
            problems.isEmpty(), qPrintable(shot + QStringLiteral(":\n  ") + problems.join(QStringLiteral("\n  "))));
        static_cast<QDialog *>(dialog)->reject();
        QTRY_VERIFY(!mWindow->findChild<Dialog *>());
    }

    /// Goes through `wizard`'s pages up to the review, checking each (and the review once the servers' dry run
    /// answered), then closes it. `ready`: fills in what the current page needs; true once Next may be pressed.
    void walkWizard(SetupWizard *wizard, const QString &prefix, const QString &suffix, const QSize &screen,
        const std::function<bool()> &ready)
    {
        QVERIFY2(wizard->width() <= screen.width() && wizard->height() <= screen.height(),
            qPrintable(QStringLiteral("%1x%2").arg(wizard->width()).arg(wizard->height())));
        QStringList pages;
        for (int guard = 0; guard < 10 && wizard->currentId() != SetupWizard::ReviewPageId; ++guard) {
            const int id = wizard->currentId();
            QTRY_VERIFY_WITH_TIMEOUT(ready(), 20000);
            settle(wizard);
            const QString name = QStringLiteral("wizard-") + prefix + QStringLiteral("page%1").arg(id) + suffix;
            QVERIFY(wizard->grab().save(shotPath(name)));
            const QStringList problems = LayoutAudit::problems(wizard);
            QVERIFY2(
                problems.isEmpty(), qPrintable(name + QStringLiteral(":\n  ") + problems.join(QStringLiteral("\n  "))));
            pages.append(wizard->currentPage()->objectName());
            wizard->next();
            QTRY_VERIFY(wizard->currentId() != id);
        }
        QCOMPARE(wizard->currentId(), int(SetupWizard::ReviewPageId));
        // The review, once the servers' dry run answered (the Apply button is enabled then).
        QTRY_VERIFY_WITH_TIMEOUT(wizard->button(QWizard::CommitButton)->isEnabled(), 30000);
        settle(wizard);
        const QString review = QStringLiteral("wizard-") + prefix + QStringLiteral("review") + suffix;
        QVERIFY(wizard->grab().save(shotPath(review)));
        const QStringList problems = LayoutAudit::problems(wizard);
        QVERIFY2(
            problems.isEmpty(), qPrintable(review + QStringLiteral(":\n  ") + problems.join(QStringLiteral("\n  "))));
        QVERIFY2(pages.size() >= 3, qPrintable(pages.join(u' ')));
        static_cast<QDialog *>(wizard)->reject();
        QTRY_VERIFY(!mWindow->findChild<SetupWizard *>());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QApplication::setApplicationName(QStringLiteral("volsync-desktop-test"));
        mLight = QApplication::palette();
        MainWindowOptions options;
        options.restoreSettings = false;
        options.demo = true;
        mWindow = new MainWindow(options);
        QSignalSpy started(mWindow, &MainWindow::demoStarted);
        mWindow->show();
        QVERIFY(QTest::qWaitForWindowExposed(mWindow));
        QVERIFY(started.wait(60000));
        QCOMPARE(started.first().first().toString(), QString());
        RelationshipsModel *model = mWindow->relationshipsModel();
        QTRY_VERIFY_WITH_TIMEOUT(
            [&]() {
                for (int r = 0; r < model->rowCount(); ++r) {
                    if (!model->index(r, 0).data(RelationshipsModel::ReadyRole).toBool())
                        return false;
                }
                return model->rowCount() > 0;
            }(),
            30000);
        mWindow->selectRelationship(QStringLiteral("webshop-db"));
        QCOMPARE(mWindow->dashboard()->relationship(), QStringLiteral("webshop-db"));
    }

    void cleanupTestCase()
    {
        QApplication::setPalette(mLight);
        delete mWindow;
    }

    // Issue 13 item 11 for the main window: the menu bar's titles, the dashboard's and the log's buttons share
    // one scope (the Cancel Sync button counts although it shows only while a sync runs); each menu is one.
    void mnemonicsDoNotClash()
    {
        const QStringList window = MnemonicScope::clashes({mWindow});
        QVERIFY2(window.isEmpty(), qPrintable(window.join(QStringLiteral("; "))));
        QStringList menus;
        for (QAction *action : mWindow->menuBar()->actions()) {
            if (action->menu())
                menus += MnemonicScope::menuClashes(action->menu());
        }
        QVERIFY2(menus.isEmpty(), qPrintable(menus.join(QStringLiteral("; "))));
        // The check itself finds a clash.
        auto *probe = new QPushButton(QStringLiteral("&Cancel Everything"), mWindow->dashboard());
        const QStringList found = MnemonicScope::clashes({mWindow});
        delete probe;
        QVERIFY2(
            found.join(QLatin1Char(' ')).contains(QLatin1String("&Cancel Everything")), qPrintable(found.join(u' ')));
    }

    void layout_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<bool>("dark");
        for (const QSize &size : {QSize(1024, 700), QSize(1920, 1080)}) {
            for (bool dark : {false, true}) {
                const QString name = QStringLiteral("%1x%2-%3")
                                         .arg(size.width())
                                         .arg(size.height())
                                         .arg(dark ? QStringLiteral("dark") : QStringLiteral("light"));
                QTest::newRow(qPrintable(name)) << size << dark;
            }
        }
    }

    void layout()
    {
        QFETCH(QSize, size);
        QFETCH(bool, dark);
        const QString name = QString::fromLatin1(QTest::currentDataTag());
        usePalette(dark);
        mWindow->showNormal();
        mWindow->resize(size);
        settle(mWindow);
        QVERIFY(mWindow->grab().save(shotPath(name)));
        // The window can be as small as asked: no minimum size of a part pushes it out of the screen.
        QCOMPARE(mWindow->size(), size);
        // What a new user looks for first is on screen.
        for (const char *objectName : {"contextsView", "relationshipsView", "relationshipTitle", "statusBadge",
                 "syncNowButton", "scheduleButton", "deleteButton", "sourceCard", "destinationCard"}) {
            auto *w = mWindow->findChild<QWidget *>(QLatin1String(objectName));
            QVERIFY2(w && w->isVisible(), objectName);
            const QRect inWindow(w->mapTo(mWindow, QPoint(0, 0)), w->size());
            QVERIFY2(mWindow->rect().contains(inWindow), objectName);
        }

        // A fleet notification as it comes (the longest the demo shows): the status bar shows it whole.
        QVERIFY(mWindow->fleetService());
        Q_EMIT mWindow->fleetService()->notified(QStringLiteral("webshop-uploads is critical"),
            QStringLiteral("last sync 18m ago, more than three times as long as expected every 5m"), true);
        QStringList problems = LayoutAudit::problems(mWindow);
        mWindow->statusBar()->clearMessage();
        // The dashboard scrolls down, never sideways.
        auto *scroll = mWindow->findChild<QScrollArea *>(QStringLiteral("dashboardScrollArea"));
        QVERIFY(scroll);
        if (scroll->horizontalScrollBar()->isVisible())
            problems.append(QStringLiteral("the dashboard needs a horizontal scroll bar (%1 px more)")
                                .arg(scroll->horizontalScrollBar()->maximum()));
        // The conditions table shows its rows and columns whole (item 12: it needed a horizontal scroll bar and
        // was cut off at the bottom).
        auto *conditions = mWindow->findChild<QTableWidget *>(QStringLiteral("conditionsTable"));
        QVERIFY(conditions && conditions->rowCount() > 0);
        if (conditions->horizontalScrollBar()->isVisible())
            problems.append(QStringLiteral("conditionsTable: needs a horizontal scroll bar"));
        if (conditions->verticalScrollBar()->isVisible())
            problems.append(QStringLiteral("conditionsTable: rows cut off at the bottom"));
        // Item 12: the relationships list shows all its columns on a wide screen, without scrolling.
        auto *relationships = mWindow->findChild<QTreeView *>(QStringLiteral("relationshipsView"));
        // The lists never scroll sideways (LayoutAudit); a narrow window hides their optional columns, never the
        // name and the status, and a wide one shows them all.
        auto *contexts = mWindow->findChild<QTreeView *>(QStringLiteral("contextsView"));
        QList<std::pair<QTreeView *, int>> wanted {{contexts, ContextsModel::NameColumn},
            {contexts, ContextsModel::StatusColumn}, {relationships, RelationshipsModel::NameColumn},
            {relationships, RelationshipsModel::StatusColumn}};
        if (size.width() >= 1600)
            wanted += {{contexts, ContextsModel::ClusterColumn}, {contexts, ContextsModel::NamespaceColumn},
                {relationships, RelationshipsModel::SourceColumn}, {relationships, RelationshipsModel::ScheduleColumn}};
        for (const auto &[view, column] : std::as_const(wanted)) {
            if (view->isColumnHidden(column))
                problems.append(
                    QStringLiteral("%1: column \"%2\" hidden")
                        .arg(view->objectName(), view->model()->headerData(column, Qt::Horizontal).toString()));
        }
        if (size.width() >= 1600 && relationships->horizontalScrollBar()->isVisible())
            problems.append(QStringLiteral("relationshipsView: columns cut off at %1 px").arg(size.width()));
        // Item 12: the cron expression is not broken over two lines (laid out as the label lays it out).
        auto *schedule = mWindow->findChild<QLabel *>(QStringLiteral("scheduleText"));
        const QString cron = QStringLiteral("(*/");
        const qsizetype cronStart = schedule->text().indexOf(cron);
        const qsizetype cronEnd = schedule->text().indexOf(QLatin1Char(')'), cronStart);
        QVERIFY2(cronStart > 0 && cronEnd > cronStart, qPrintable(schedule->text()));
        QTextLayout lines(schedule->text(), schedule->font());
        QTextOption wrap;
        wrap.setWrapMode(QTextOption::WordWrap);
        lines.setTextOption(wrap);
        lines.beginLayout();
        for (QTextLine line = lines.createLine(); line.isValid(); line = lines.createLine()) {
            line.setLineWidth(schedule->contentsRect().width());
            if (line.textStart() > cronStart && line.textStart() < cronEnd)
                problems.append(
                    QStringLiteral("scheduleText: the cron expression breaks: \"%1\"").arg(schedule->text()));
        }
        lines.endLayout();

        QVERIFY2(problems.isEmpty(), qPrintable(QStringLiteral("\n  ") + problems.join(QStringLiteral("\n  "))));
    }

    // Issue 14: the disaster-recovery panel on the dashboard of the demo's failed-over relationship, at both sizes
    // and in both palettes: the list reads "Failed over", the panel says when and to where and lists the restore
    // points, it needs no horizontal scroll bar and nothing in it is cut off. Screenshots: layout-dr-*.png.
    void disasterRecovery_data() { layout_data(); }

    void disasterRecovery()
    {
        QFETCH(QSize, size);
        QFETCH(bool, dark);
        const QString name = QStringLiteral("dr-") + QString::fromLatin1(QTest::currentDataTag());
        usePalette(dark);
        mWindow->showNormal();
        mWindow->resize(size);
        mWindow->selectRelationship(QStringLiteral("orders-db"));
        RelationshipsModel *model = mWindow->relationshipsModel();
        const QModelIndex row = model->index(model->rowOf(QStringLiteral("orders-db")), 0);
        QTRY_COMPARE_WITH_TIMEOUT(RelationshipsModel::Badge(row.data(RelationshipsModel::BadgeRole).toInt()),
            RelationshipsModel::Badge::FailedOver, 20000);
        auto *panel = mWindow->dashboard()->findChild<DisasterRecoveryPanel *>();
        QVERIFY(panel);
        QTRY_VERIFY_WITH_TIMEOUT(panel->isVisible()
                && panel->failedOverText().contains(QStringLiteral("failing back through orders-db-reverse"))
                && !panel->restorePoints().isEmpty(),
            20000);
        settle(mWindow);
        auto *scroll = mWindow->findChild<QScrollArea *>(QStringLiteral("dashboardScrollArea"));
        scroll->ensureWidgetVisible(panel);
        settle(mWindow);
        QVERIFY(mWindow->grab().save(shotPath(name)));
        QStringList problems = LayoutAudit::problems(mWindow);
        if (scroll->horizontalScrollBar()->isVisible())
            problems.append(QStringLiteral("the dashboard needs a horizontal scroll bar (%1 px more)")
                                .arg(scroll->horizontalScrollBar()->maximum()));
        for (const char *objectName : {"failoverButton", "testFailoverButton", "endTestButton", "failbackButton",
                 "restorePointsView", "failedOverLine"}) {
            auto *w = panel->findChild<QWidget *>(QLatin1String(objectName));
            QVERIFY2(w && w->isVisible(), objectName);
            if (w->mapTo(panel, QPoint(w->width(), 0)).x() > panel->width())
                problems.append(QStringLiteral("%1 sticks out of the panel").arg(QLatin1String(objectName)));
        }
        QVERIFY2(problems.isEmpty(), qPrintable(QStringLiteral("\n  ") + problems.join(QStringLiteral("\n  "))));
        scroll->verticalScrollBar()->setValue(0);
    }

    // The dialogs a new user opens from the main window, on a small and a large screen, light and dark: they fit
    // and cut nothing off.
    void dialogs_data() { layout_data(); }

    void dialogs()
    {
        QFETCH(QSize, size);
        QFETCH(bool, dark);
        usePalette(dark);
        const QString suffix = QStringLiteral("-") + QString::fromLatin1(QTest::currentDataTag());
        const QSize screen = size;
        mWindow->showNormal();
        mWindow->resize(screen);
        settle(mWindow);
        mWindow->selectRelationship(QStringLiteral("webshop-db"));
        auditDialog<ScheduleDialog>(
            [this] { mWindow->findChild<QAction *>(QStringLiteral("scheduleAction"))->trigger(); },
            QStringLiteral("schedule") + suffix, screen);
        auditDialog<DeleteDialog>([this] { mWindow->findChild<QAction *>(QStringLiteral("deleteAction"))->trigger(); },
            QStringLiteral("delete") + suffix, screen);
        // Issue 13 item 14: with "keep the latest snapshot" ticked the list changes ("kept …"); still whole.
        auditDialog<DeleteDialog>([this] { mWindow->findChild<QAction *>(QStringLiteral("deleteAction"))->trigger(); },
            QStringLiteral("delete-keep") + suffix, screen,
            [](DeleteDialog *dialog) {
                auto *keep = dialog->findChild<QCheckBox *>();
                if (!dialog->isPlanReady() || !keep || !keep->isEnabled())
                    return false;
                if (!keep->isChecked())
                    dialog->setKeepSnapshot(true);
                auto *objects = dialog->findChild<QTreeWidget *>();
                for (int i = 0; dialog->isPlanReady() && i < objects->topLevelItemCount(); ++i) {
                    if (objects->topLevelItem(i)->text(2).startsWith(QLatin1String("kept")))
                        return true;
                }
                return false;
            });
        auditDialog<SetupWizard>(
            [this] { mWindow->findChild<QAction *>(QStringLiteral("newRelationshipAction"))->trigger(); },
            QStringLiteral("wizard") + suffix, screen);

        auditDialog<SyncHistoryDialog>(
            [this] { mWindow->findChild<QPushButton *>(QStringLiteral("historyButton"))->click(); },
            QStringLiteral("history") + suffix, screen);
        // Issue 13: the other objects' dialog once it has looked, and the YAML view once it has read everything.
        auditDialog<UnmanagedDialog>(
            [this] { mWindow->findChild<QAction *>(QStringLiteral("unmanagedAction"))->trigger(); },
            QStringLiteral("unmanaged") + suffix, screen,
            [](UnmanagedDialog *dialog) {
                // Look Again is enabled once the clusters have been looked through.
                return dialog->findChild<QPushButton *>(QStringLiteral("unmanagedRescanButton"))->isEnabled();
            });
        auditDialog<YamlDialog>([this] { mWindow->findChild<QPushButton *>(QStringLiteral("yamlButton"))->click(); },
            QStringLiteral("yaml") + suffix, screen,
            [](YamlDialog *dialog) {
                for (const char *tab : {"file", "source", "destination", "secret"}) {
                    if (dialog->text(QLatin1String(tab)).isEmpty()
                        || dialog->text(QLatin1String(tab)).startsWith(QLatin1String("# loading")))
                        return false;
                }
                return true;
            });

        // Issue 14: Fail Over… and Test Failover… from the dashboard's panel, once the engine's dry run is shown;
        // Fail Back… of the demo's failed-over relationship.
        for (const char *button : {"failoverButton", "testFailoverButton"}) {
            mWindow->findChild<QPushButton *>(QLatin1String(button))->click();
            FailoverDialog *dialog = nullptr;
            QTRY_VERIFY((dialog = mWindow->findChild<FailoverDialog *>()) != nullptr && dialog->isVisible());
            QTRY_VERIFY_WITH_TIMEOUT(dialog->isPlanReady(), 20000);
            settle(dialog);
            const QString shot = QLatin1String(button) + suffix;
            QVERIFY2(dialog->width() <= screen.width() && dialog->height() <= screen.height(),
                qPrintable(QStringLiteral("%1x%2").arg(dialog->width()).arg(dialog->height())));
            QVERIFY(dialog->grab().save(shotPath(shot)));
            const QStringList problems = LayoutAudit::problems(dialog);
            QVERIFY2(
                problems.isEmpty(), qPrintable(shot + QStringLiteral(":\n  ") + problems.join(QStringLiteral("\n  "))));
            dialog->reject();
            QTRY_VERIFY(!mWindow->findChild<FailoverDialog *>());
        }
        auditDialog<FailbackDialog>(
            [this] {
                auto *dialog = new FailbackDialog(
                    mWindow->engine(), mWindow->operationTracker(), QStringLiteral("orders-db"), mWindow);
                dialog->setAttribute(Qt::WA_DeleteOnClose);
                dialog->open();
            },
            QStringLiteral("failback") + suffix, screen);

        SetupWizard *wizard = nullptr;
        // The fleet's dialogs: the RPO target of a relationship, and the notification settings.
        QTRY_VERIFY_WITH_TIMEOUT(mWindow->fleetService() && mWindow->fleetPage()
                && mWindow->fleetService()->monitor()->entry(QStringLiteral("webshop-db")),
            30000);
        auditDialog<RpoTargetDialog>(
            [this] {
                const FleetEntry entry = *mWindow->fleetService()->monitor()->entry(QStringLiteral("webshop-db"));
                Q_EMIT mWindow->fleetPage()->fleetWidget()->rpoTargetRequested(entry);
            },
            QStringLiteral("rpo-target") + suffix, screen);
        auditDialog<FleetSettingsDialog>([this] { Q_EMIT mWindow->fleetPage()->settingsRequested(); },
            QStringLiteral("fleet-settings") + suffix, screen);

        // A new relationship, every page as a new user sees it (a namespace to create, privileged movers to
        // allow), up to the review; nothing is applied.
        mWindow->findChild<QAction *>(QStringLiteral("newRelationshipAction"))->trigger();
        QTRY_VERIFY((wizard = mWindow->findChild<SetupWizard *>()) != nullptr && wizard->isVisible());
        wizard->namePage()->setName(QStringLiteral("layout-probe"));
        walkWizard(wizard, QStringLiteral("new-"), suffix, screen, [wizard] {
            if (wizard->currentId() == SetupWizard::DestinationPageId) {
                WizardDestinationPage *destination = wizard->destinationPage();
                if (!destination->isLoaded())
                    return false;
                if (destination->namespaceName() != QLatin1String("dr-layout-probe"))
                    destination->select(QStringLiteral("namespace"), QStringLiteral("dr-layout-probe"));
            }
            return wizard->button(QWizard::NextButton)->isEnabled();
        });
        if (QTest::currentTestFailed())
            return;

        // Every page of the wizard, filled in: Change Setup… opens it on webshop-db's current values; Next up to
        // the review (nothing is applied).
        mWindow->findChild<QAction *>(QStringLiteral("editRelationshipAction"))->trigger();
        QTRY_VERIFY((wizard = mWindow->findChild<SetupWizard *>()) != nullptr && wizard->isVisible());
        walkWizard(
            wizard, QString(), suffix, screen, [wizard] { return wizard->button(QWizard::NextButton)->isEnabled(); });
        QTRY_VERIFY(!mWindow->findChild<SetupWizard *>());
    }

    // The Troubleshoot tab of the failing demo relationship (its findings, evidence and fix buttons, both logs), at
    // both sizes and in both palettes: nothing in it is cut off. Screenshots: layout-troubleshoot-*.png.
    void troubleshoot_data() { layout_data(); }

    void troubleshoot()
    {
        QFETCH(QSize, size);
        QFETCH(bool, dark);
        const QString name = QStringLiteral("troubleshoot-") + QString::fromLatin1(QTest::currentDataTag());
        usePalette(dark);
        mWindow->showNormal();
        mWindow->resize(size);
        mWindow->selectRelationship(QStringLiteral("prometheus"));
        mWindow->showTroubleshoot();
        TroubleshootWidget *troubleshoot = mWindow->troubleshoot();
        QTRY_VERIFY(troubleshoot->isVisible());
        const auto findingShown = [troubleshoot]() {
            const QList<QLabel *> messages = troubleshoot->findChildren<QLabel *>(QStringLiteral("findingMessage"));
            return std::any_of(messages.cbegin(), messages.cend(),
                [](const QLabel *m) { return m->isVisible() && !m->text().isEmpty(); });
        };
        QTRY_VERIFY_WITH_TIMEOUT(findingShown(), 30000);
        settle(mWindow);
        QVERIFY(mWindow->grab().save(shotPath(name)));
        const QStringList problems = LayoutAudit::problems(mWindow);
        // Back to the dashboard for whatever runs next.
        if (auto *tabs = qobject_cast<QTabWidget *>(troubleshoot->parentWidget()->parentWidget()))
            tabs->setCurrentIndex(0);
        QVERIFY2(problems.isEmpty(), qPrintable(QStringLiteral("\n  ") + problems.join(QStringLiteral("\n  "))));
    }
};

QTEST_MAIN(TestMainWindowLayout)
#include "test_mainwindowlayout.moc"
