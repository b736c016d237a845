// SPDX-License-Identifier: GPL-3.0-or-later
// A full wizard run against the in-process demo clusters: it creates exactly the objects `volsyncctl` creates
// with the commands the review page shows, and the relationship file matches. Saves wizard screenshots.
#include "common/sentencetext.h"
#include "dashboardwidget.h"
#include "deletedialog.h"
#include "demoenvironment.h"
#include "engine/clustersession.h"
#include "engine/operationtracker.h"
#include "engine/relationshipstore.h"
#include "engine/replicationengine.h"
#include "engine/volsyncresources.h"
#include "failbackdialog.h"
#include "failoverdialog.h"
#include "fleetsettingsdialog.h"
#include "kube/kubeclient.h"
#include "kube/kubereply.h"
#include "kube/kuberesource.h"
#include "kube/kubesession.h"
#include "mainwindow.h"
#include "mnemonicscope.h"
#include "models/activitylogmodel.h"
#include "models/relationshipsmodel.h"
#include "rpotargetdialog.h"
#include "scheduledialog.h"
#include "scheduleeditor.h"
#include "setupwizard.h"
#include "sim/simcluster.h"
#include "sim/simstore.h"
#include "sim/simulator.h"
#include "synchistorydialog.h"
#include "unmanageddialog.h"
#include "wizardapplypage.h"
#include "wizarddestinationpage.h"
#include "wizardnamepage.h"
#include "wizardprivilegedpage.h"
#include "wizardreviewpage.h"
#include "wizardschedulepage.h"
#include "wizardsourcepage.h"
#include "yamldialog.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QGroupBox>
#include <QJsonArray>
#include <QLabel>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTabBar>
#include <QTabWidget>
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
        KubeReply *reply = mWindow->clusterSession()->kubeSession()->client(context)->get(resource, ns, name);
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
        SetupWizard wizard(
            mWindow->engine(), mWindow->operationTracker(), mWindow->relationshipsModel()->relationships(), mWindow);
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

        // 6. Review: summary, the dry run of each object, their YAML, the commands.
        QCOMPARE(wizard.currentId(), int(SetupWizard::ReviewPageId));
        WizardReviewPage *review = wizard.reviewPage();
        QVERIFY(review->summary().contains(QLatin1String("warehouse")));
        QVERIFY(review->summary().contains(QLatin1String("every 10 minutes")));
        const QStringList commands = wizard.cliCommands();
        QVERIFY(review->commands().contains(commands.join(QLatin1Char('\n'))));
        QTRY_VERIFY_WITH_TIMEOUT(!review->isChecking(), 30000);
        QVERIFY2(review->checksPassed(), qPrintable(review->checkTexts().join(QLatin1Char('\n'))));
        QVERIFY(wizard.button(QWizard::CommitButton)->isEnabled());
        QVERIFY2(
            review->checkStatus().contains(QLatin1String("accept every object")), qPrintable(review->checkStatus()));
        const QStringList checks = review->checkTexts();
        QCOMPARE(checks.size(), 4);
        // The new namespace is created first; the RD in it is checked when Apply creates it.
        QVERIFY2(checks.at(0).startsWith(QLatin1String("Accepted: Namespace dr-analytics on cloud")),
            qPrintable(checks.at(0)));
        QVERIFY2(checks.at(1).startsWith(
                     QLatin1String("Checked during Apply: ReplicationDestination dr-analytics/warehouse-gui")),
            qPrintable(checks.at(1)));
        QVERIFY2(checks.at(2).startsWith(QLatin1String("Accepted: Secret analytics/")), qPrintable(checks.at(2)));
        QVERIFY2(
            checks.at(3).startsWith(QLatin1String("Accepted: ReplicationSource analytics/")), qPrintable(checks.at(3)));
        const QString rdYaml = review->yaml(QStringLiteral("ReplicationDestination"));
        QVERIFY2(rdYaml.contains(QLatin1String("kind: ReplicationDestination")), qPrintable(rdYaml));
        QVERIFY(rdYaml.contains(QLatin1String("name: warehouse-gui")));
        QVERIFY(rdYaml.contains(QLatin1String("capacity: 500Gi")));
        QVERIFY(rdYaml.contains(QLatin1String("serviceType: LoadBalancer")));
        QVERIFY(rdYaml.contains(wizard.relationshipId()));
        const QString secretYaml = review->yaml(QStringLiteral("Secret"));
        QVERIFY2(secretYaml.contains(QLatin1String("source.pub: '********'")), qPrintable(secretYaml));
        QVERIFY(secretYaml.contains(QLatin1String("destination.pub: '********'")));
        QVERIFY(secretYaml.contains(QLatin1String("VolSync")));
        const QString rsYaml = review->yaml(QStringLiteral("ReplicationSource"));
        QVERIFY(rsYaml.contains(QLatin1String("sourcePVC: warehouse")));
        QVERIFY(rsYaml.contains(QLatin1String("schedule: '*/10 * * * *'")));
        // The dry run created nothing.
        QVERIFY(get(QStringLiteral("cloud"), KubeResource::namespaces(), QString(), QStringLiteral("dr-analytics"))
                    .isEmpty());
        QVERIFY(get(QStringLiteral("cloud"), VolSyncResources::replicationDestinations(),
            QStringLiteral("dr-analytics"), QStringLiteral("warehouse-gui"))
                    .isEmpty());
        const QString rsName = wizard.sourceSettings().rsName.value_or(QString());
        QVERIFY(!rsName.isEmpty());
        QVERIFY(rsYaml.contains(QLatin1String("name: ") + rsName));
        QVERIFY(
            get(QStringLiteral("home-lab"), VolSyncResources::replicationSources(), QStringLiteral("analytics"), rsName)
                .isEmpty());
        QVERIFY(
            get(QStringLiteral("home-lab"), KubeResource::secrets(), QStringLiteral("analytics"), rsName).isEmpty());
        saveShot(&wizard, QStringLiteral("wizard.png"));
        review->findChild<QTabWidget *>(QStringLiteral("reviewTabs"))
            ->setCurrentWidget(review->findChild<QWidget *>(QStringLiteral("reviewSecretYaml")));
        saveShot(&wizard, QStringLiteral("wizard-review-secret.png"));
        review->findChild<QTabWidget *>(QStringLiteral("reviewTabs"))
            ->setCurrentWidget(review->findChild<QWidget *>(QStringLiteral("reviewSourceYaml")));
        saveShot(&wizard, QStringLiteral("wizard-review-source.png"));

        // 7. Apply.
        OperationTracker *tracker = mWindow->operationTracker();
        QStringList steps; // of the setup operation, as the tracker saw them
        connect(tracker, &OperationTracker::progress, &wizard, [&](int id, ReplicationJob::Step, const QString &step) {
            if (id == wizard.applyPage()->operationId())
                steps.append(step);
        });
        QStringList logged; // what reached the activity log meanwhile
        ActivityLogModel *log = mWindow->activityLog();
        connect(log, &QAbstractItemModel::rowsInserted, &wizard, [&](const QModelIndex &, int first, int last) {
            for (int row = first; row <= last; ++row)
                logged.append(log->entries().at(row).message);
        });
        QSignalSpy applied(wizard.applyPage(), &WizardApplyPage::applyFinished);
        QTest::mouseClick(wizard.button(QWizard::CommitButton), Qt::LeftButton);
        QCOMPARE(wizard.currentId(), int(SetupWizard::ApplyPageId));
        QVERIFY(applied.wait(90000));
        QVERIFY2(applied.first().first().toBool(), qPrintable(wizard.applyPage()->errorText()));
        QVERIFY(wizard.applyPage()->isComplete());
        // It ran through the tracker, as one Set up operation (the list reads "Setting up…" meanwhile), and the
        // activity log got each of its lines once.
        const int setup = wizard.applyPage()->operationId();
        QCOMPARE(tracker->kindOf(setup), OperationTracker::Kind::Setup);
        QCOMPARE(tracker->relationshipOf(setup), QStringLiteral("warehouse"));
        QCOMPARE(tracker->state(setup), OperationTracker::State::Succeeded);
        QVERIFY(!steps.isEmpty());
        QCOMPARE(logged.count(QStringLiteral("Setting up warehouse")), 1);
        for (const QString &step : std::as_const(steps)) {
            QVERIFY2(logged.count(step) == steps.count(step), qPrintable(step));
            // Issue 13: the steps a person reads on the page and in the log are sentences.
            QVERIFY2(step.at(0).isUpper() && step == sentenceText(step), qPrintable(step));
        }
        QCOMPARE(logged.filter(QRegularExpression(QStringLiteral("^Setting up warehouse: done after "))).size(), 1);
        saveShot(&wizard, QStringLiteral("wizard-apply.png"));
        wizard.accept();

        // Applied as previewed: the names and the id, and no key material was ever on the review page.
        QString loadError;
        const auto stored = mWindow->engine()->store().load(QStringLiteral("warehouse"), &loadError);
        QVERIFY2(stored, qPrintable(loadError));
        QCOMPARE(stored->id, wizard.relationshipId());
        QCOMPARE(stored->source->rsName, rsName);
        const QJsonObject keys
            = get(QStringLiteral("home-lab"), KubeResource::secrets(), QStringLiteral("analytics"), rsName)
                  .value(QLatin1String("data"))
                  .toObject();
        QCOMPARE(keys.keys(),
            (QStringList {QStringLiteral("destination.pub"), QStringLiteral("source"), QStringLiteral("source.pub")}));
        const QString pageText = review->allText();
        for (const QJsonValue &value : keys) {
            QVERIFY(!value.toString().isEmpty());
            QVERIFY(!pageText.contains(value.toString()));
            const QString decoded = QString::fromUtf8(QByteArray::fromBase64(value.toString().toLatin1()));
            const QString firstLine = decoded.section(QLatin1Char('\n'), 0, 0).trimmed();
            QVERIFY(!pageText.contains(decoded.trimmed()));
            if (firstLine.size() > 12 && !firstLine.startsWith(QLatin1String("-----"))) {
                QVERIFY(!pageText.contains(firstLine));
            }
        }
        QVERIFY(!pageText.contains(QLatin1String("PRIVATE KEY")));

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

        const QJsonObject guiRd = get(QStringLiteral("cloud"), VolSyncResources::replicationDestinations(),
            QStringLiteral("dr-analytics"), QStringLiteral("warehouse-gui"));
        const QJsonObject cliRd = get(QStringLiteral("cloud"), VolSyncResources::replicationDestinations(),
            QStringLiteral("dr-analytics"), QStringLiteral("warehouse-cli"));
        QVERIFY(!guiRd.isEmpty() && !cliRd.isEmpty());
        QCOMPARE(comparable(guiRd), comparable(cliRd));
        const QJsonObject guiRs = get(QStringLiteral("home-lab"), VolSyncResources::replicationSources(),
            QStringLiteral("analytics"), gui->source->rsName);
        const QJsonObject cliRs = get(QStringLiteral("home-lab"), VolSyncResources::replicationSources(),
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

    // A setup the server refuses: the reason in plain words, Apply disabled; Check Again after the fix.
    void dryRunRefusedThenFixed()
    {
        SimStore *cloud = mDemo->simulator()->cluster(QStringLiteral("cloud"))->store();
        const QJsonObject ns {
            {QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), QStringLiteral("dr-check")}}}};
        QVERIFY(cloud->create(QStringLiteral("namespaces"), QString(), ns).ok());

        SetupWizard wizard(
            mWindow->engine(), mWindow->operationTracker(), mWindow->relationshipsModel()->relationships(), mWindow);
        wizard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&wizard));
        QAbstractButton *next = wizard.button(QWizard::NextButton);
        wizard.namePage()->setName(QStringLiteral("checked"));
        QTest::mouseClick(next, Qt::LeftButton);
        WizardSourcePage *source = wizard.sourcePage();
        QTRY_VERIFY_WITH_TIMEOUT(source->isLoaded() && source->isComplete(), 15000);
        QVERIFY(source->select(QStringLiteral("context"), QStringLiteral("home-lab")));
        QTRY_VERIFY_WITH_TIMEOUT(source->isLoaded(), 15000);
        QVERIFY(source->select(QStringLiteral("namespace"), QStringLiteral("analytics")));
        QTRY_VERIFY_WITH_TIMEOUT(source->isLoaded() && source->isComplete(), 15000);
        QVERIFY(source->select(QStringLiteral("pvc"), QStringLiteral("warehouse")));
        QTest::mouseClick(next, Qt::LeftButton);
        WizardDestinationPage *destination = wizard.destinationPage();
        QTRY_VERIFY_WITH_TIMEOUT(destination->isLoaded(), 15000);
        destination->select(QStringLiteral("namespace"), QStringLiteral("dr-check"));
        QVERIFY(destination->namespaceExists());
        QVERIFY(!destination->createNamespace());
        destination->select(QStringLiteral("name"), QStringLiteral("checked-copy"));
        QVERIFY(destination->isComplete());
        QTest::mouseClick(next, Qt::LeftButton);
        QCOMPARE(wizard.currentId(), int(SetupWizard::PrivilegedPageId));
        QTRY_VERIFY_WITH_TIMEOUT(wizard.privilegedPage()->isChecked(), 15000);
        QTest::mouseClick(next, Qt::LeftButton);
        QCOMPARE(wizard.currentId(), int(SetupWizard::SchedulePageId));
        QTest::mouseClick(next, Qt::LeftButton);
        QCOMPARE(wizard.currentId(), int(SetupWizard::ReviewPageId));
        WizardReviewPage *review = wizard.reviewPage();
        QTRY_VERIFY_WITH_TIMEOUT(!review->isChecking(), 30000);
        QVERIFY2(review->checksPassed(), qPrintable(review->checkTexts().join(QLatin1Char('\n'))));
        // dr-check lacks the privileged-movers annotation that Apply adds: that change is dry-run too.
        QCOMPARE(review->checkTexts().size(), 4);
        QVERIFY2(review->checkTexts().first().startsWith(QLatin1String("Accepted: Namespace dr-check on cloud")),
            qPrintable(review->checkTexts().first()));
        QVERIFY(review->checkTexts().first().contains(QLatin1String("privileged-movers=true")));

        // The namespace goes away: the server's answer, in plain words, and Apply is disabled.
        QVERIFY(cloud->remove(QStringLiteral("namespaces"), QString(), QStringLiteral("dr-check")).ok());
        QTRY_VERIFY_WITH_TIMEOUT(
            !cloud->get(QStringLiteral("namespaces"), QString(), QStringLiteral("dr-check")), 30000);
        QSignalSpy finished(review, &WizardReviewPage::dryRunFinished);
        QTest::mouseClick(review->findChild<QPushButton *>(QStringLiteral("reviewCheckAgainButton")), Qt::LeftButton);
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY(!review->isComplete());
        QVERIFY(!wizard.button(QWizard::CommitButton)->isEnabled());
        QVERIFY2(
            review->checkStatus().startsWith(QLatin1String("Apply is disabled")), qPrintable(review->checkStatus()));
        const QString rd = review->checkTexts().first();
        QVERIFY2(rd.startsWith(QLatin1String("Refused: ReplicationDestination dr-check/checked-copy on cloud")),
            qPrintable(rd));
        QVERIFY2(rd.contains(QLatin1String("namespaces \"dr-check\" not found")), qPrintable(rd));
        QVERIFY2(review->checkTexts().at(1).startsWith(QLatin1String("Accepted: Secret")),
            qPrintable(review->checkTexts().at(1)));
        saveShot(&wizard, QStringLiteral("wizard-review-refused.png"));

        // Fixed in the cluster: Check Again enables Apply.
        QVERIFY(cloud->create(QStringLiteral("namespaces"), QString(), ns).ok());
        finished.clear();
        QTest::mouseClick(review->findChild<QPushButton *>(QStringLiteral("reviewCheckAgainButton")), Qt::LeftButton);
        QVERIFY(finished.wait(30000));
        QVERIFY(finished.first().first().toBool());
        QVERIFY(wizard.button(QWizard::CommitButton)->isEnabled());
        // Nothing was created by any of the dry runs.
        QVERIFY(!cloud->get(
            QStringLiteral("replicationdestinations"), QStringLiteral("dr-check"), QStringLiteral("checked-copy")));
        // Back cancels a running check; the page checks again when shown again.
        QTest::mouseClick(review->findChild<QPushButton *>(QStringLiteral("reviewCheckAgainButton")), Qt::LeftButton);
        QVERIFY(review->isChecking());
        wizard.back();
        QVERIFY(!review->isChecking());
        QTest::mouseClick(next, Qt::LeftButton);
        QVERIFY(review->isChecking());
        QTRY_VERIFY_WITH_TIMEOUT(!review->isChecking(), 30000);
        QVERIFY(review->checksPassed());
        wizard.close();
        QVERIFY(!mWindow->engine()->store().exists(QStringLiteral("checked")));
    }

    // Issue 13 item 4: the source starts on the kubeconfig's current context, and VolSync's own volumes and volumes
    // already replicated are marked and offered after the others.
    void sourceDefaultsToCurrentContextAndOrdinaryVolumes()
    {
        SimStore *home = mDemo->simulator()->cluster(QStringLiteral("home-lab"))->store();
        const QJsonObject pvc {{QStringLiteral("metadata"),
                                   QJsonObject {{QStringLiteral("name"), QStringLiteral("sessions")},
                                       {QStringLiteral("namespace"), QStringLiteral("webshop")}}},
            {QStringLiteral("spec"),
                QJsonObject {{QStringLiteral("accessModes"), QJsonArray {QStringLiteral("ReadWriteOnce")}},
                    {QStringLiteral("resources"),
                        QJsonObject {{QStringLiteral("requests"),
                            QJsonObject {{QStringLiteral("storage"), QStringLiteral("1Gi")}}}}}}}};
        QVERIFY(home->create(QStringLiteral("persistentvolumeclaims"), QStringLiteral("webshop"), pvc).ok());

        QAction *newAction = mWindow->findChild<QAction *>(QStringLiteral("newRelationshipAction"));
        QVERIFY(newAction && newAction->isEnabled());
        newAction->trigger();
        QPointer<SetupWizard> wizard = mWindow->findChild<SetupWizard *>();
        QVERIFY(wizard);
        QCOMPARE(mWindow->clusterSession()->kubeSession()->config().currentContext(), QStringLiteral("home-lab"));
        wizard->namePage()->setName(QStringLiteral("sessions"));
        wizard->next();
        WizardSourcePage *source = wizard->sourcePage();
        QCOMPARE(source->context(), QStringLiteral("home-lab"));
        QTRY_VERIFY_WITH_TIMEOUT(source->isLoaded(), 15000);
        QVERIFY(source->select(QStringLiteral("namespace"), QStringLiteral("webshop")));
        QTRY_VERIFY_WITH_TIMEOUT(source->isLoaded() && source->isComplete(), 15000);
        const QStringList entries = source->pvcEntries();
        QVERIFY2(entries.size() >= 3, qPrintable(entries.join(QLatin1Char('\n'))));
        QVERIFY2(entries.first().startsWith(QLatin1String("sessions")), qPrintable(entries.join(QLatin1Char('\n'))));
        QCOMPARE(source->pvcName(), QStringLiteral("sessions"));
        const auto postgres = std::find_if(entries.cbegin(), entries.cend(),
            [](const QString &entry) { return entry.startsWith(QLatin1String("postgres-data")); });
        QVERIFY(postgres != entries.cend());
        QVERIFY2(postgres->contains(QLatin1String("already the source of webshop-db")), qPrintable(*postgres));
        // Picking one anyway says why it is not a good source.
        QVERIFY(source->select(QStringLiteral("pvc"), QStringLiteral("postgres-data")));
        auto *warning = wizard->findChild<QLabel *>(QStringLiteral("sourceWarning"));
        QVERIFY2(
            warning->text().contains(QLatin1String("already the source of webshop-db")), qPrintable(warning->text()));
        // On the destination cluster, VolSync's own volumes come last and are marked.
        QVERIFY(source->select(QStringLiteral("context"), QStringLiteral("cloud")));
        QTRY_VERIFY_WITH_TIMEOUT(source->isLoaded(), 15000);
        QVERIFY(source->select(QStringLiteral("namespace"), QStringLiteral("dr-webshop")));
        QTRY_VERIFY_WITH_TIMEOUT(source->isLoaded() && !source->pvcEntries().isEmpty(), 15000);
        for (const QString &entry : source->pvcEntries()) {
            QVERIFY2(!entry.startsWith(QLatin1String("volsync-")) || entry.contains(QLatin1String("VolSync's copy")),
                qPrintable(entry));
        }
        wizard->close();
        QTRY_VERIFY(wizard.isNull());
    }

    // Issue 13 items 2 and 3: "Set Up…" on a relationship that was only created opens the wizard on it and
    // finishes it; then the same wizard changes its capacity (refusing one smaller than the source), the review
    // showing what changes on which cluster, applied through set-destination only.
    void setUpFinishesThenEditsAnExistingRelationship()
    {
        QString err;
        QVERIFY2(volsyncctl(QStringLiteral("volsyncctl replication -r half-done create"), &err) == 0, qPrintable(err));
        mWindow->relationshipsModel()->reload();
        QTRY_VERIFY_WITH_TIMEOUT(mWindow->relationshipsModel()->rowOf(QStringLiteral("half-done")) >= 0, 5000);
        mWindow->selectRelationship(QStringLiteral("half-done"));
        DashboardWidget *dashboard = mWindow->dashboard();
        const auto setUpButton = [dashboard]() -> QPushButton * {
            const QList<QPushButton *> buttons
                = dashboard->findChildren<QPushButton *>(QStringLiteral("problemFixButton"));
            for (QPushButton *button : buttons) {
                if (button->isVisible() && button->text() == QStringLiteral("Set Up…")) {
                    return button;
                }
            }
            return nullptr;
        };
        QTRY_VERIFY_WITH_TIMEOUT(setUpButton() != nullptr, 10000);
        QTest::mouseClick(setUpButton(), Qt::LeftButton);
        // It opens once the list has read the file again (on a worker thread).
        QPointer<SetupWizard> wizard;
        QTRY_VERIFY((wizard = mWindow->findChild<SetupWizard *>()) != nullptr);
        QVERIFY(wizard->isEditing());
        QCOMPARE(wizard->namePage()->name(), QStringLiteral("half-done"));
        QVERIFY2(wizard->namePage()->isComplete(), qPrintable(wizard->namePage()->problem()));
        QString loadError;
        const QString id = mWindow->engine()->store().load(QStringLiteral("half-done"), &loadError)->id;
        QCOMPARE(wizard->relationshipId(), id);
        QAbstractButton *next = wizard->button(QWizard::NextButton);
        QTest::mouseClick(next, Qt::LeftButton);

        WizardSourcePage *source = wizard->sourcePage();
        QTRY_VERIFY_WITH_TIMEOUT(source->isLoaded(), 15000);
        QVERIFY(source->select(QStringLiteral("namespace"), QStringLiteral("analytics")));
        QTRY_VERIFY_WITH_TIMEOUT(source->isLoaded() && source->isComplete(), 15000);
        QVERIFY(source->select(QStringLiteral("pvc"), QStringLiteral("warehouse")));
        QTest::mouseClick(next, Qt::LeftButton);
        WizardDestinationPage *destination = wizard->destinationPage();
        QTRY_VERIFY_WITH_TIMEOUT(destination->isLoaded(), 15000);
        QCOMPARE(destination->capacity(), QStringLiteral("500Gi"));
        // Issue 13 item 15: an invalid namespace is refused as typed, create is not offered.
        destination->select(QStringLiteral("namespace"), QStringLiteral("Bad_NS"));
        QVERIFY(!destination->isComplete());
        QVERIFY(!wizard->findChild<QCheckBox *>(QStringLiteral("createNamespaceCheck"))->isVisible());
        QVERIFY2(
            destination->findingTexts().join(QLatin1Char('\n')).contains(QLatin1String("\"Bad_NS\" is not a valid")),
            qPrintable(destination->findingTexts().join(QLatin1Char('\n'))));
        destination->select(QStringLiteral("namespace"), QStringLiteral("dr-half"));
        QVERIFY(destination->createNamespace());
        destination->select(QStringLiteral("name"), QStringLiteral("half-copy"));
        destination->select(QStringLiteral("rsyncTls"), QStringLiteral("true"));
        QVERIFY(destination->isComplete());
        QTest::mouseClick(next, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(wizard->privilegedPage()->isChecked(), 15000);
        QTest::mouseClick(next, Qt::LeftButton);
        wizard->schedulePage()->editor()->setCronSpec(QStringLiteral("0 0 31 2 *"));
        QVERIFY(!wizard->schedulePage()->isComplete()); // item 7: never runs
        wizard->schedulePage()->editor()->setCronSpec(QStringLiteral("*/30 * * * *"));
        QVERIFY(wizard->schedulePage()->isComplete());
        QTest::mouseClick(next, Qt::LeftButton);
        WizardReviewPage *review = wizard->reviewPage();
        QCOMPARE(wizard->currentId(), int(SetupWizard::ReviewPageId));
        QVERIFY2(review->commands().contains(QLatin1String("-r half-done create --rsynctls")),
            qPrintable(review->commands()));
        QVERIFY(review->commands().contains(QLatin1String("set-source")));
        QCOMPARE(review->changes().size(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(!review->isChecking(), 30000);
        QVERIFY2(review->checksPassed(), qPrintable(review->checkTexts().join(QLatin1Char('\n'))));
        QSignalSpy applied(wizard->applyPage(), &WizardApplyPage::applyFinished);
        QTest::mouseClick(wizard->button(QWizard::CommitButton), Qt::LeftButton);
        QVERIFY(applied.wait(90000));
        QVERIFY2(applied.first().first().toBool(), qPrintable(wizard->applyPage()->errorText()));
        wizard->accept();
        QTRY_VERIFY(wizard.isNull());
        auto stored = mWindow->engine()->store().load(QStringLiteral("half-done"), &loadError);
        QVERIFY2(stored && stored->isComplete(), qPrintable(loadError));
        QCOMPARE(stored->id, id);
        QCOMPARE(stored->destination->rdName, QStringLiteral("half-copy"));

        // Edit: the same wizard, prefilled.
        mWindow->selectRelationship(QStringLiteral("half-done"));
        QAction *edit = mWindow->findChild<QAction *>(QStringLiteral("editRelationshipAction"));
        QVERIFY(edit && edit->isEnabled());
        edit->trigger();
        // Started from the file as the apply left it (the schedule included), not the list's earlier read.
        QTRY_VERIFY((wizard = mWindow->findChild<SetupWizard *>()) != nullptr);
        QVERIFY(wizard->isEditing());
        next = wizard->button(QWizard::NextButton);
        QTest::mouseClick(next, Qt::LeftButton);
        source = wizard->sourcePage();
        QTRY_VERIFY_WITH_TIMEOUT(source->isLoaded() && source->isComplete(), 15000);
        QCOMPARE(source->namespaceName(), QStringLiteral("analytics"));
        QCOMPARE(source->pvcName(), QStringLiteral("warehouse"));
        QTest::mouseClick(next, Qt::LeftButton);
        destination = wizard->destinationPage();
        QTRY_VERIFY_WITH_TIMEOUT(destination->isLoaded(), 15000);
        QCOMPARE(destination->name(), QStringLiteral("half-copy"));
        QCOMPARE(destination->namespaceName(), QStringLiteral("dr-half"));
        // Item 3: smaller than the 500Gi source is refused, with a clear message.
        destination->select(QStringLiteral("capacity"), QStringLiteral("100Gi"));
        QVERIFY(!destination->isComplete());
        QVERIFY2(
            destination->findingTexts().join(QLatin1Char('\n')).contains(QLatin1String("is smaller than the source")),
            qPrintable(destination->findingTexts().join(QLatin1Char('\n'))));
        destination->select(QStringLiteral("capacity"), QStringLiteral("600Gi"));
        QVERIFY(destination->isComplete());
        QTest::mouseClick(next, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(wizard->privilegedPage()->isChecked(), 15000);
        QTest::mouseClick(next, Qt::LeftButton);
        QCOMPARE(wizard->schedulePage()->editor()->cronSpec(), QStringLiteral("*/30 * * * *"));
        QTest::mouseClick(next, Qt::LeftButton);
        review = wizard->reviewPage();
        QCOMPARE(review->changes().size(), 1);
        QCOMPARE(review->changes().first().first, QStringLiteral("cloud"));
        QCOMPARE(review->changes().first().second, QStringList {QStringLiteral("capacity: 500Gi → 600Gi")});
        QVERIFY(review->summary().contains(QLatin1String("600Gi")));
        QVERIFY(!review->commands().contains(QLatin1String("set-source")));
        QVERIFY(review->commands().contains(QLatin1String("set-destination")));
        QTRY_VERIFY_WITH_TIMEOUT(!review->isChecking(), 30000);
        QVERIFY2(review->checksPassed(), qPrintable(review->checkTexts().join(QLatin1Char('\n'))));
        QSignalSpy edited(wizard->applyPage(), &WizardApplyPage::applyFinished);
        QTest::mouseClick(wizard->button(QWizard::CommitButton), Qt::LeftButton);
        QVERIFY(edited.wait(90000));
        QVERIFY2(edited.first().first().toBool(), qPrintable(wizard->applyPage()->errorText()));
        wizard->accept();
        stored = mWindow->engine()->store().load(QStringLiteral("half-done"), &loadError);
        QCOMPARE(stored->destination->capacity, std::optional<QString>(QStringLiteral("600Gi")));
        const QJsonObject rd = get(QStringLiteral("cloud"), VolSyncResources::replicationDestinations(),
            QStringLiteral("dr-half"), QStringLiteral("half-copy"));
        QCOMPARE(rd.value(QLatin1String("spec"))
                     .toObject()
                     .value(QLatin1String("rsyncTLS"))
                     .toObject()
                     .value(QLatin1String("capacity"))
                     .toString(),
            QStringLiteral("600Gi"));
    }

    // Issue 13 item 11: no two controls of a window share a mnemonic (Alt+letter), wizard pages with the wizard's
    // own buttons included.
    void mnemonicsDoNotClash()
    {
        SetupWizard wizard(
            mWindow->engine(), mWindow->operationTracker(), mWindow->relationshipsModel()->relationships(), mWindow);
        for (int id : wizard.pageIds()) {
            QList<QWidget *> widgets {wizard.page(id)};
            QList<QWizard::WizardButton> buttons {QWizard::BackButton, QWizard::CancelButton};
            if (id == SetupWizard::ApplyPageId) {
                buttons.append(QWizard::FinishButton);
            } else if (wizard.page(id)->isCommitPage()) {
                buttons.append(QWizard::CommitButton);
            } else {
                buttons.append(QWizard::NextButton);
            }
            for (QWizard::WizardButton b : std::as_const(buttons)) {
                widgets.append(wizard.button(b));
            }
            const QStringList found = MnemonicScope::clashes(widgets);
            QVERIFY2(found.isEmpty(),
                qPrintable(wizard.page(id)->objectName() + QStringLiteral(": ") + found.join(QStringLiteral("; "))));
        }

        const QString name = QStringLiteral("webshop-db");
        const ReplicationRelationship rel = mWindow->relationshipsModel()->relationship(name);
        QList<QDialog *> dialogs {
            new ScheduleDialog(
                mWindow->engine(), mWindow->operationTracker(), name, QStringLiteral("*/15 * * * *"), true),
            new DeleteDialog(mWindow->engine(), mWindow->operationTracker(), name),
            new UnmanagedDialog(
                mWindow->engine(), mWindow->activityLog(), {QStringLiteral("home-lab"), QStringLiteral("cloud")}, {}),
            new YamlDialog(mWindow->engine(), mWindow->operationTracker(), rel),
            // The rest of the dialogs a person opens (they were not checked before).
            new SyncHistoryDialog(name, {}),
            new FailoverDialog(mWindow->engine(), mWindow->operationTracker(), name, FailoverDialog::Kind::Failover),
            new FailoverDialog(mWindow->engine(), mWindow->operationTracker(), name, FailoverDialog::Kind::Test),
            new FailbackDialog(mWindow->engine(), mWindow->operationTracker(), name),
        };
        QTRY_VERIFY_WITH_TIMEOUT(mWindow->fleetService() != nullptr, 30000);
        dialogs.append(new RpoTargetDialog(mWindow->fleetService(), mWindow->engine()->store(), name, 3600));
        dialogs.append(new FleetSettingsDialog(mWindow->fleetService()));
        for (QDialog *dialog : std::as_const(dialogs)) {
            const QStringList found = MnemonicScope::clashes({dialog});
            QVERIFY2(found.isEmpty(),
                qPrintable(QString::fromLatin1(dialog->metaObject()->className()) + QStringLiteral(": ")
                    + found.join(QStringLiteral("; "))));
        }
        qDeleteAll(dialogs);
    }
};

QTEST_MAIN(TestWizard)
#include "test_wizard.moc"
