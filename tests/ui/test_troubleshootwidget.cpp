// SPDX-License-Identifier: GPL-3.0-or-later
// The Troubleshoot tab on the demo's failing relationship (prometheus: a stale copy of the destination's keys):
// the failed badge leads to it; it shows the diagnosis with its evidence and fix button, the mover log and the
// Events; the fix clears the finding; "Save support bundle" writes a complete bundle without Secret values.
// Saves build/screenshots/troubleshoot.png at 1024x700.
#include "dashboardwidget.h"
#include "engine/troubleshootmonitor.h"
#include "extractedbundle.h"
#include "kube/kubesession.h"
#include "mainwindow.h"
#include "models/relationshipsmodel.h"
#include "troubleshootwidget.h"

#include <QApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

namespace {

QFrame *findingRow(QWidget *root, const QString &kind)
{
    const QList<QFrame *> rows = root->findChildren<QFrame *>(QStringLiteral("findingRow"));
    for (QFrame *row : rows) {
        if (row->property("findingKind").toString() == kind && !row->isHidden()) {
            return row;
        }
    }
    return nullptr;
}

QString childText(QWidget *row, const char *name)
{
    auto *label = row ? row->findChild<QLabel *>(QLatin1String(name)) : nullptr;
    return label ? label->text() : QString();
}

} // namespace

class TestTroubleshootWidget : public QObject
{
    Q_OBJECT
private:
    MainWindow *mWindow = nullptr;
    QTemporaryDir mDir;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(mDir.isValid());
        QApplication::setApplicationName(QStringLiteral("volsync-desktop-test"));
        MainWindowOptions options;
        options.restoreSettings = false;
        options.demo = true;
        options.demoTimeScale = 2.0;
        mWindow = new MainWindow(options);
        QSignalSpy started(mWindow, &MainWindow::demoStarted);
        mWindow->resize(1024, 700);
        mWindow->show();
        QVERIFY(QTest::qWaitForWindowExposed(mWindow));
        QVERIFY(started.wait(60000));
        QCOMPARE(started.first().first().toString(), QString());
    }

    void cleanupTestCase() { delete mWindow; }

    void failedBadgeLeadsToTheFindings()
    {
        const QString name = QStringLiteral("prometheus");
        mWindow->selectRelationship(name);
        DashboardWidget *dashboard = mWindow->dashboard();
        auto *badge = dashboard->findChild<QLabel *>(QStringLiteral("statusBadge"));
        QVERIFY(badge);
        QTRY_VERIFY_WITH_TIMEOUT(badge->text().contains(QLatin1String("href=\"troubleshoot\"")), 60000);
        TroubleshootWidget *troubleshoot = mWindow->troubleshoot();
        QVERIFY(!troubleshoot->isVisible());
        QVERIFY(troubleshoot->monitor() == nullptr); // nothing is watched while the tab is hidden
        Q_EMIT badge->linkActivated(QStringLiteral("troubleshoot"));
        QTRY_VERIFY(troubleshoot->isVisible());
        QVERIFY(troubleshoot->monitor() != nullptr);
        QCOMPARE(troubleshoot->relationship(), name);

        // The cause, in words, with what was seen and the fix as a button.
        QTRY_VERIFY_WITH_TIMEOUT(findingRow(troubleshoot, QStringLiteral("keys-stale")) != nullptr, 30000);
        QFrame *keys = findingRow(troubleshoot, QStringLiteral("keys-stale"));
        QVERIFY2(childText(keys, "findingMessage").contains(QLatin1String("differ from the destination's keys")),
            qPrintable(childText(keys, "findingMessage")));
        QVERIFY2(childText(keys, "findingEvidence").startsWith(QLatin1String("Seen: SHA-256 of the shared keys")),
            qPrintable(childText(keys, "findingEvidence")));
        auto *fix = keys->findChild<QPushButton *>(QStringLiteral("findingFixButton"));
        QVERIFY(fix);
        QCOMPARE(fix->text(), QStringLiteral("Apply Again"));
        QVERIFY(fix->toolTip().contains(QLatin1String("copies the destination's current keys")));
        auto *summary = troubleshoot->findChild<QLabel *>(QStringLiteral("troubleshootSummary"));
        QVERIFY(summary->text().contains(QLatin1String("found in prometheus")));

        // The Events of both sides, and the source mover's log as it is written.
        auto *events = troubleshoot->findChild<QTableWidget *>(QStringLiteral("troubleshootEvents"));
        QTRY_VERIFY_WITH_TIMEOUT(events->rowCount() > 0, 30000);
        bool sawDestination = false;
        for (int row = 0; row < events->rowCount(); ++row) {
            sawDestination = sawDestination || events->item(row, 1)->text().startsWith(QLatin1String("Destination"));
        }
        QVERIFY(sawDestination);
        auto *log = troubleshoot->findChild<QPlainTextEdit *>(QStringLiteral("sourceLog"));
        QVERIFY(log);
        QTRY_VERIFY_WITH_TIMEOUT(!log->toPlainText().isEmpty(), 60000);
        QVERIFY(!troubleshoot->findChild<QLabel *>(QStringLiteral("sourceLogPod"))->text().isEmpty());

        QDir().mkpath(QStringLiteral(VOLSYNC_BUILD_DIR "/screenshots"));
        QVERIFY(mWindow->grab().save(QStringLiteral(VOLSYNC_BUILD_DIR "/screenshots/troubleshoot.png")));

        // The support bundle: written off the GUI thread, complete per its manifest, no Secret value in it.
        const QString bundle = mDir.filePath(QStringLiteral("prometheus.tar.gz"));
        QSignalSpy saved(troubleshoot, &TroubleshootWidget::bundleSaved);
        troubleshoot->saveBundle(bundle);
        QVERIFY(saved.wait(30000));
        QCOMPARE(saved.first().at(1).toString(), QString());
        auto *result = troubleshoot->findChild<QLabel *>(QStringLiteral("bundleResult"));
        QVERIFY(result->text().startsWith(QLatin1String("Support bundle saved to ")));
        QString error;
        const auto extracted = ExtractedBundle::read(bundle, mDir.filePath(QStringLiteral("extracted")), &error);
        QVERIFY2(extracted, qPrintable(error));
        const QStringList &listed = extracted->listed;
        const QByteArray everything = extracted->everything();
        for (const char *expected : {"relationship.yaml", "source/replicationsource.json", "source/events.json",
                 "destination/replicationdestination.json", "diagnosis.json", "activity.log"}) {
            QVERIFY2(listed.contains(QLatin1String(expected)), expected);
        }
        QVERIFY(everything.contains("keys-stale"));
        QVERIFY(!everything.contains("PRIVATE KEY-----\n"));
        QVERIFY(!everything.contains("\"data\": {"));

        // The fix: applied through the engine, it clears the finding.
        fix = findingRow(troubleshoot, QStringLiteral("keys-stale"))
                  ->findChild<QPushButton *>(QStringLiteral("findingFixButton"));
        QVERIFY(fix);
        QTest::mouseClick(fix, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(findingRow(troubleshoot, QStringLiteral("keys-stale")) == nullptr, 60000);
    }
};

QTEST_MAIN(TestTroubleshootWidget)
#include "test_troubleshootwidget.moc"
