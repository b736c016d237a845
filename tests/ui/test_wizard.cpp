// SPDX-License-Identifier: GPL-3.0-or-later
// A full wizard run against the in-process demo clusters: it creates exactly the objects `volsyncctl` creates
// with the commands the review page shows, and the relationship file matches. Saves wizard screenshots.
#include "demoenvironment.h"
#include "engine/relationshipstore.h"
#include "engine/replicationengine.h"
#include "kube/kubeclient.h"
#include "kube/kubereply.h"
#include "kube/kuberesource.h"
#include "kube/kubesession.h"
#include "mainwindow.h"
#include "models/activitylogmodel.h"
#include "models/relationshipsmodel.h"
#include "scheduleeditor.h"
#include "setupwizard.h"
#include "wizardapplypage.h"
#include "wizarddestinationpage.h"
#include "wizardnamepage.h"
#include "wizardprivilegedpage.h"
#include "wizardreviewpage.h"
#include "wizardschedulepage.h"
#include "wizardsourcepage.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDir>
#include <QJsonArray>
#include <QLabel>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

namespace {

void saveShot(QWidget *widget, const QString &name)
{
    const QString dir = QStringLiteral(VOLSYNC_BUILD_DIR "/screenshots");
    QDir().mkpath(dir);
    QVERIFY(widget->grab().save(dir + QLatin1Char('/') + name));
}

/// The spec with the names that differ between two relationships taken out.
QJsonObject comparable(QJsonObject object)
{
    QJsonObject spec = object.value(QLatin1String("spec")).toObject();
    for (const char *mover : {"rsync", "rsyncTLS"}) {
        QJsonObject m = spec.value(QLatin1String(mover)).toObject();
        if (!m.isEmpty()) {
            m.remove(QStringLiteral("sshKeys"));
            m.remove(QStringLiteral("keySecret"));
            m.remove(QStringLiteral("address"));
            m.remove(QStringLiteral("destinationPVC"));
            spec.insert(QLatin1String(mover), m);
        }
    }
    return spec;
}

QString normalizedFile(const ReplicationRelationship &rel)
{
    ReplicationRelationship copy = rel;
    copy.name = QStringLiteral("x");
    copy.id = QStringLiteral("x");
    copy.raw.clear();
    if (copy.source) {
        copy.source->rsName = QStringLiteral("x");
        copy.source->address.reset();
        copy.source->sshKeys.reset();
    }
    if (copy.destination) {
        copy.destination->rdName = QStringLiteral("x");
    }
    return QString::fromUtf8(RelationshipStore::serialize(copy));
}

} // namespace

class TestWizard : public QObject
{
    Q_OBJECT
private:
    MainWindow *mWindow = nullptr;
    DemoEnvironment *mDemo = nullptr;

    QJsonObject get(const QString &context, const KubeResource &resource, const QString &ns, const QString &name)
    {
        KubeReply *reply = mWindow->session()->client(context)->get(resource, ns, name);
        reply->setAutoDelete(false);
        QSignalSpy finished(reply, &KubeReply::finished);
        if (!reply->isFinished() && !finished.wait(10000)) {
            delete reply;
            return {};
        }
        const QJsonObject object = reply->isOk() ? reply->json() : QJsonObject();
        delete reply;
        return object;
    }

    int volsyncctl(const QString &commandLine, QString *err)
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("KUBECONFIG"), mDemo->kubeconfigPath());
        process.setProcessEnvironment(env);
        QStringList args = QProcess::splitCommand(commandLine);
        args.removeFirst();
        args.prepend(mDemo->configDir());
        args.prepend(QStringLiteral("--config-dir"));
        QSignalSpy finished(&process, &QProcess::finished);
        process.start(QStringLiteral(VOLSYNC_BIN_DIR "/volsyncctl"), args);
        if (!finished.wait(60000)) {
            process.kill();
            finished.wait(2000);
            return -1;
        }
        *err = QString::fromUtf8(process.readAllStandardError());
        return process.exitCode();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QApplication::setApplicationName(QStringLiteral("volsync-desktop-test"));
        MainWindowOptions options;
        options.restoreSettings = false;
        options.demo = true;
        options.demoTimeScale = 5.0;
        mWindow = new MainWindow(options);
        QSignalSpy started(mWindow, &MainWindow::demoStarted);
        mWindow->show();
        QVERIFY(started.wait(60000));
        QCOMPARE(started.first().first().toString(), QString());
        mDemo = mWindow->findChild<DemoEnvironment *>();
        QVERIFY(mDemo);
    }

    void cleanupTestCase() { delete mWindow; }

    void fullRunMatchesCli()
    {
        SetupWizard wizard(mWindow->session(), mWindow->engine(), mWindow->activityLog(), mWindow);
        wizard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&wizard));
        QAbstractButton *next = wizard.button(QWizard::NextButton);

        // 1. Name: an existing one is refused.
        wizard.namePage()->setName(QStringLiteral("gitea"));
        QVERIFY(!wizard.namePage()->isComplete());
        QVERIFY(wizard.namePage()->problem().contains(QLatin1String("exists")));
        wizard.namePage()->setName(QStringLiteral("Bad_Name"));
        QVERIFY(!wizard.namePage()->isComplete());
        wizard.namePage()->setName(QStringLiteral("warehouse"));
        QVERIFY(wizard.namePage()->isComplete());
        saveShot(&wizard, QStringLiteral("wizard-name.png"));
        QTest::mouseClick(next, Qt::LeftButton);

        // 2. Source from live lists.
        WizardSourcePage *source = wizard.sourcePage();
        QCOMPARE(wizard.currentId(), int(SetupWizard::SourcePageId));
        QTRY_VERIFY_WITH_TIMEOUT(source->isLoaded() && source->isComplete(), 15000);
        QVERIFY(source->select(QStringLiteral("context"), QStringLiteral("home-lab")));
        QTRY_VERIFY_WITH_TIMEOUT(source->isLoaded(), 15000);
        QVERIFY(source->select(QStringLiteral("namespace"), QStringLiteral("analytics")));
        QTRY_VERIFY_WITH_TIMEOUT(source->isLoaded() && source->isComplete(), 15000);
        QVERIFY(source->select(QStringLiteral("pvc"), QStringLiteral("warehouse")));
        QVERIFY(source->select(QStringLiteral("copyMethod"), QStringLiteral("Snapshot")));
        auto *info = wizard.findChild<QLabel *>(QStringLiteral("sourcePvcInfo"));
        QVERIFY2(info->text().contains(QLatin1String("500Gi")), qPrintable(info->text()));
        QVERIFY(info->text().contains(QLatin1String("clickhouse")));
        saveShot(&wizard, QStringLiteral("wizard-source.png"));
        QTest::mouseClick(next, Qt::LeftButton);

        // 3. Destination: another cluster, a new namespace, defaults from the source.
        WizardDestinationPage *destination = wizard.destinationPage();
        QCOMPARE(wizard.currentId(), int(SetupWizard::DestinationPageId));
        QTRY_VERIFY_WITH_TIMEOUT(destination->isLoaded(), 15000);
        QCOMPARE(destination->context(), QStringLiteral("cloud"));
        QCOMPARE(destination->capacity(), QStringLiteral("500Gi"));
        QCOMPARE(destination->accessModes(), QStringList {QStringLiteral("ReadWriteOnce")});
        QCOMPARE(destination->serviceType(), QStringLiteral("LoadBalancer"));
        destination->select(QStringLiteral("namespace"), QStringLiteral("dr-analytics"));
        QVERIFY(!destination->namespaceExists());
        QVERIFY(destination->createNamespace());
        destination->select(QStringLiteral("name"), QStringLiteral("warehouse-gui"));
        QVERIFY(destination->isComplete());
        saveShot(&wizard, QStringLiteral("wizard-destination.png"));
        QTest::mouseClick(next, Qt::LeftButton);

        // 4. Privileged movers: the new namespace lacks the annotation; the wizard offers to add it.
        QCOMPARE(wizard.currentId(), int(SetupWizard::PrivilegedPageId));
        QTRY_VERIFY_WITH_TIMEOUT(wizard.privilegedPage()->isChecked(), 15000);
        QVERIFY(wizard.privilegedPage()->missing().contains(QStringLiteral("cloud/dr-analytics")));
        QVERIFY(wizard.privilegedPage()->isComplete());
        QTest::mouseClick(next, Qt::LeftButton);

        // 5. Schedule.
        QCOMPARE(wizard.currentId(), int(SetupWizard::SchedulePageId));
        wizard.schedulePage()->editor()->setCronSpec(QStringLiteral("@every 5m"));
        QVERIFY(!wizard.schedulePage()->isComplete());
        wizard.schedulePage()->editor()->setCronSpec(QStringLiteral("*/10 * * * *"));
        QVERIFY(wizard.schedulePage()->isComplete());
        QTest::mouseClick(next, Qt::LeftButton);

        // 6. Review.
        QCOMPARE(wizard.currentId(), int(SetupWizard::ReviewPageId));
        QVERIFY(wizard.reviewPage()->summary().contains(QLatin1String("warehouse")));
        QVERIFY(wizard.reviewPage()->summary().contains(QLatin1String("every 10 minutes")));
        const QStringList commands = wizard.cliCommands();
        QVERIFY(wizard.reviewPage()->commands().contains(commands.join(QLatin1Char('\n'))));
        saveShot(&wizard, QStringLiteral("wizard.png"));

        // 7. Apply.
        QSignalSpy applied(wizard.applyPage(), &WizardApplyPage::applyFinished);
        QTest::mouseClick(wizard.button(QWizard::CommitButton), Qt::LeftButton);
        QCOMPARE(wizard.currentId(), int(SetupWizard::ApplyPageId));
        QVERIFY(applied.wait(90000));
        QVERIFY2(applied.first().first().toBool(), qPrintable(wizard.applyPage()->errorText()));
        QVERIFY(wizard.applyPage()->isComplete());
        saveShot(&wizard, QStringLiteral("wizard-apply.png"));
        wizard.accept();

        // The CLI, with the commands the review page showed (another name and destination).
        QString err;
        for (QString command : commands) {
            if (command.startsWith(QLatin1String("kubectl"))) {
                continue; // the namespace exists now
            }
            command.replace(QStringLiteral("-r warehouse "), QStringLiteral("-r warehouse-cli "));
            command.replace(QStringLiteral("/warehouse-gui"), QStringLiteral("/warehouse-cli"));
            QVERIFY2(volsyncctl(command, &err) == 0, qPrintable(command + QLatin1Char('\n') + err));
        }

        QString error;
        const auto gui = mWindow->engine()->store().load(QStringLiteral("warehouse"), &error);
        QVERIFY2(gui, qPrintable(error));
        const auto cli = mWindow->engine()->store().load(QStringLiteral("warehouse-cli"), &error);
        QVERIFY2(cli, qPrintable(error));
        QCOMPARE(normalizedFile(*gui), normalizedFile(*cli));

        const QJsonObject guiRd = get(QStringLiteral("cloud"), KubeResource::replicationDestinations(),
            QStringLiteral("dr-analytics"), QStringLiteral("warehouse-gui"));
        const QJsonObject cliRd = get(QStringLiteral("cloud"), KubeResource::replicationDestinations(),
            QStringLiteral("dr-analytics"), QStringLiteral("warehouse-cli"));
        QVERIFY(!guiRd.isEmpty() && !cliRd.isEmpty());
        QCOMPARE(comparable(guiRd), comparable(cliRd));
        const QJsonObject guiRs = get(QStringLiteral("home-lab"), KubeResource::replicationSources(),
            QStringLiteral("analytics"), gui->source->rsName);
        const QJsonObject cliRs = get(QStringLiteral("home-lab"), KubeResource::replicationSources(),
            QStringLiteral("analytics"), cli->source->rsName);
        QVERIFY(!guiRs.isEmpty() && !cliRs.isEmpty());
        QCOMPARE(comparable(guiRs), comparable(cliRs));
        QCOMPARE(guiRs.value(QLatin1String("spec"))
                     .toObject()
                     .value(QLatin1String("trigger"))
                     .toObject()
                     .value(QLatin1String("schedule")),
            QJsonValue(QStringLiteral("*/10 * * * *")));
        // The labels tie the objects to each relationship.
        QCOMPARE(guiRd.value(QLatin1String("metadata"))
                     .toObject()
                     .value(QLatin1String("labels"))
                     .toObject()
                     .value(ReplicationEngine::relationshipLabel()),
            QJsonValue(gui->id));
        // The new relationship appears in the window.
        QTRY_VERIFY_WITH_TIMEOUT(mWindow->relationshipsModel()->rowCount() >= 6, 5000);
    }
};

QTEST_MAIN(TestWizard)
#include "test_wizard.moc"
