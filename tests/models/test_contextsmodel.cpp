// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/contextsmodel.h"

#include "kube/kubeclient.h"
#include "kube/kubeconfigloader.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QScopeGuard>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <algorithm>

namespace {

void writeFile(const QString &path, const QByteArray &text)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text);
}

/// A port on loopback where nothing listens (bound, then closed).
quint16 closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

QByteArray kubeconfig(quint16 port)
{
    const QByteArray server = "https://127.0.0.1:" + QByteArray::number(port);
    return "apiVersion: v1\n"
           "kind: Config\n"
           "current-context: alpha\n"
           "clusters:\n"
           "- name: alpha-cluster\n"
           "  cluster:\n"
           "    server: "
        + server
        + "\n"
          "    insecure-skip-tls-verify: true\n"
          "contexts:\n"
          "- name: alpha\n"
          "  context:\n"
          "    cluster: alpha-cluster\n"
          "    user: alpha-user\n"
          "    namespace: apps\n"
          "- name: broken\n"
          "  context:\n"
          "    cluster: no-such-cluster\n"
          "    user: alpha-user\n"
          "- name: zulu\n"
          "  context:\n"
          "    cluster: alpha-cluster\n"
          "    user: alpha-user\n"
          "users:\n"
          "- name: alpha-user\n"
          "  user:\n"
          "    token: s3cr3t-token-value\n";
}

/// A kubeconfig file with the contexts alpha (current), broken and zulu, and a model (under
/// QAbstractItemModelTester) that reads it on load().
struct ModelOfFile {
    QTemporaryDir dir;
    QString path = dir.filePath(QStringLiteral("config"));
    ContextsModel model;
    QAbstractItemModelTester tester {&model, QAbstractItemModelTester::FailureReportingMode::QtTest};

    explicit ModelOfFile(bool checkReachability)
    {
        writeFile(path, kubeconfig(closedPort()));
        model.setCheckReachability(checkReachability);
    }
    void load() { model.setLoadOptions({path, std::nullopt, std::nullopt}); }
};

} // namespace

class TestContextsModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void brokenEntryDoesNotHideOthers();
    void unreachableServerInPlainWords();
    void fileErrorRow();
    void reloadsWhenFileChanges();
    void emptyWhenNoKubeconfig();
    void manyContextsAreCheckedOnDemand();
    void reloadReadsOnAWorkerThread();
};

void TestContextsModel::brokenEntryDoesNotHideOthers()
{
    ModelOfFile file(false);
    file.load();
    const ContextsModel &model = file.model;

    QCOMPARE(model.rowCount(), 3);
    const int alpha = model.rowOf(QStringLiteral("alpha"));
    const int broken = model.rowOf(QStringLiteral("broken"));
    const int zulu = model.rowOf(QStringLiteral("zulu"));
    QVERIFY(alpha >= 0 && broken >= 0 && zulu >= 0);

    QVERIFY(model.index(alpha, 0).data(ContextsModel::IsCurrentRole).toBool());
    QVERIFY(!model.index(zulu, 0).data(ContextsModel::IsCurrentRole).toBool());
    QVERIFY(model.index(alpha, ContextsModel::NameColumn).data().toString().contains(QLatin1String("current")));
    QCOMPARE(model.index(alpha, ContextsModel::ClusterColumn).data().toString(), QStringLiteral("alpha-cluster"));
    QCOMPARE(model.index(alpha, ContextsModel::UserColumn).data().toString(), QStringLiteral("alpha-user"));
    QCOMPARE(model.index(alpha, ContextsModel::NamespaceColumn).data().toString(), QStringLiteral("apps"));
    QCOMPARE(model.index(zulu, ContextsModel::NamespaceColumn).data().toString(), QStringLiteral("default"));
    QVERIFY(model.index(alpha, ContextsModel::ServerColumn).data().toString().startsWith(QLatin1String("https://")));

    // The broken entry keeps its row, with an error naming what is missing.
    const QString error = model.index(broken, 0).data(ContextsModel::ErrorRole).toString();
    QVERIFY2(error.contains(QLatin1String("no-such-cluster")), qPrintable(error));
    QCOMPARE(ContextsModel::Reachability(model.index(broken, 0).data(ContextsModel::ReachabilityRole).toInt()),
        ContextsModel::Reachability::Broken);
    QCOMPARE(model.index(broken, ContextsModel::StatusColumn).data().toString(),
        ContextsModel::reachabilityText(ContextsModel::Reachability::Broken));
    QVERIFY(model.index(alpha, 0).data(ContextsModel::ErrorRole).toString().isEmpty());

    // Nothing shown anywhere holds the token.
    for (int r = 0; r < model.rowCount(); ++r) {
        for (int c = 0; c < model.columnCount(); ++c) {
            for (int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole), int(ContextsModel::ErrorRole)}) {
                QVERIFY(!model.index(r, c).data(role).toString().contains(QLatin1String("s3cr3t")));
            }
        }
    }
}

void TestContextsModel::unreachableServerInPlainWords()
{
    ModelOfFile file(true);
    ContextsModel &model = file.model;
    model.setCheckTimeoutMs(3000);
    QSignalSpy spy(&model, &ContextsModel::reachabilityChanged);
    file.load();
    const int alpha = model.rowOf(QStringLiteral("alpha"));
    const int zulu = model.rowOf(QStringLiteral("zulu"));
    const auto reachability = [&model](int row) {
        return ContextsModel::Reachability(model.index(row, 0).data(ContextsModel::ReachabilityRole).toInt());
    };
    // The current context is checked by itself; the others when asked for (the broken one never).
    QCOMPARE(reachability(alpha), ContextsModel::Reachability::Checking);
    QCOMPARE(reachability(zulu), ContextsModel::Reachability::Unknown);
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, 10000);
    QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("alpha"));
    QCOMPARE(reachability(zulu), ContextsModel::Reachability::Unknown);
    model.requestCheck({QStringLiteral("zulu"), QStringLiteral("broken")});
    QCOMPARE(reachability(zulu), ContextsModel::Reachability::Checking);
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 2, 10000);
    QCOMPARE(spy.at(1).at(0).toString(), QStringLiteral("zulu"));
    QCOMPARE(reachability(model.rowOf(QStringLiteral("broken"))), ContextsModel::Reachability::Broken);
    QCOMPARE(ContextsModel::Reachability(model.index(alpha, 0).data(ContextsModel::ReachabilityRole).toInt()),
        ContextsModel::Reachability::Unreachable);
    const QString error = model.index(alpha, 0).data(ContextsModel::ErrorRole).toString();
    QVERIFY2(error.contains(QLatin1String("127.0.0.1")), qPrintable(error));
    QVERIFY(!error.contains(QLatin1String("s3cr3t")));
    QCOMPARE(model.index(alpha, ContextsModel::StatusColumn).data().toString(), QStringLiteral("unreachable"));
}

void TestContextsModel::fileErrorRow()
{
    QTemporaryDir dir;
    const QString good = dir.filePath(QStringLiteral("good"));
    const QString bad = dir.filePath(QStringLiteral("bad"));
    writeFile(good, kubeconfig(closedPort()));
    writeFile(bad, "clusters: [unclosed\n  - : :\n");
    ContextsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCheckReachability(false);
    KubeConfig::LoadOptions options;
    options.kubeconfigEnv = bad + QLatin1Char(':') + good;
    options.homeDir = dir.path();
    model.setLoadOptions(options);
    QCOMPARE(model.rowCount(), 4);
    int fileRows = 0;
    for (int r = 0; r < model.rowCount(); ++r) {
        if (model.index(r, 0).data(ContextsModel::IsFileErrorRow).toBool()) {
            ++fileRows;
            QCOMPARE(model.index(r, 0).data(ContextsModel::SourceFileRole).toString(), bad);
            QVERIFY(!model.index(r, 0).data(ContextsModel::ErrorRole).toString().isEmpty());
        }
    }
    QCOMPARE(fileRows, 1);
    QVERIFY(model.rowOf(QStringLiteral("alpha")) >= 0);

    // What MainWindow writes to the activity log after a load comes from the model (no kubeconfig type in ui/).
    QCOMPARE(model.files(), (QStringList {bad, good})); // both were read; one could not be parsed
    QCOMPARE(model.searchedFiles(), (QStringList {bad, good}));
    QCOMPARE(model.contextCount(), 3);
    const QList<ContextsModel::LoadProblem> problems = model.loadProblems();
    QCOMPARE(problems.size(), 2);
    QVERIFY(problems.at(0).error);
    QVERIFY(problems.at(0).context.isEmpty());
    QVERIFY2(problems.at(0).message.startsWith(bad + QStringLiteral(": ")), qPrintable(problems.at(0).message));
    QVERIFY(!problems.at(1).error);
    QCOMPARE(problems.at(1).context, QStringLiteral("broken"));
    QVERIFY2(problems.at(1).message.contains(QLatin1String("no-such-cluster")), qPrintable(problems.at(1).message));
}

void TestContextsModel::reloadsWhenFileChanges()
{
    ModelOfFile file(false);
    file.load();
    ContextsModel &model = file.model;
    const QString &path = file.path;
    QCOMPARE(model.rowCount(), 3);
    QVERIFY(model.watchedFiles().contains(path));

    QSignalSpy spy(&model, &ContextsModel::reloaded);
    QByteArray changed = kubeconfig(closedPort());
    changed.replace("current-context: alpha", "current-context: zulu");
    changed.replace("- name: broken\n", "- name: extra\n");
    writeFile(path, changed);
    QTRY_VERIFY_WITH_TIMEOUT(model.rowOf(QStringLiteral("extra")) >= 0, 5000);
    QVERIFY(spy.count() >= 1);
    QCOMPARE(model.rowOf(QStringLiteral("broken")), -1);
    QVERIFY(model.index(model.rowOf(QStringLiteral("zulu")), 0).data(ContextsModel::IsCurrentRole).toBool());

    // Replaced by rename, as editors and kubectl do: still followed.
    const QString temp = file.dir.filePath(QStringLiteral("config.tmp"));
    QByteArray renamed = changed;
    renamed.replace("- name: extra\n", "- name: renamed\n");
    writeFile(temp, renamed);
    QVERIFY(QFile::remove(path));
    QVERIFY(QFile::rename(temp, path));
    QTRY_VERIFY_WITH_TIMEOUT(model.rowOf(QStringLiteral("renamed")) >= 0, 5000);
}

void TestContextsModel::emptyWhenNoKubeconfig()
{
    QTemporaryDir dir;
    ContextsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    KubeConfig::LoadOptions options;
    options.kubeconfigEnv = QString();
    options.homeDir = dir.path();
    model.setLoadOptions(options);
    QVERIFY(model.isEmpty());
    QCOMPARE(model.rowCount(), 0);
    // A kubeconfig that appears later is picked up (the ~/.kube folder is watched once it exists).
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral(".kube")));
    model.reload();
    writeFile(dir.filePath(QStringLiteral(".kube/config")), kubeconfig(closedPort()));
    QTRY_VERIFY_WITH_TIMEOUT(!model.isEmpty(), 5000);
}

// A kubeconfig of 1,000 contexts makes no client per context: the current one is checked, others on request,
// a few at a time, each with a client that goes away when its check ends.
void TestContextsModel::manyContextsAreCheckedOnDemand()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("config"));
    const QByteArray server = "http://127.0.0.1:" + QByteArray::number(closedPort());
    QByteArray text = "apiVersion: v1\nkind: Config\ncurrent-context: ctx-0\nclusters:\n- name: c\n  cluster:\n"
                      "    server: "
        + server + "\nusers:\n- name: u\n  user: {token: t}\ncontexts:\n";
    constexpr int count = 1000;
    for (int i = 0; i < count; ++i)
        text += "- name: ctx-" + QByteArray::number(i) + "\n  context: {cluster: c, user: u}\n";
    writeFile(path, text);
    ContextsModel model;
    model.setCheckTimeoutMs(5000);
    int mostRunning = 0;
    const auto sample = [&] { mostRunning = std::max(mostRunning, model.runningChecks()); };
    connect(&model, &QAbstractItemModel::dataChanged, this, sample);
    QSignalSpy checked(&model, &ContextsModel::reachabilityChanged);
    model.setLoadOptions({path, std::nullopt, std::nullopt});
    QCOMPARE(model.rowCount(), count);
    sample();
    QCOMPARE(model.runningChecks(), 1);
    QCOMPARE(model.findChildren<KubeClient *>().size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(checked.count(), 1, 10000);
    QCOMPARE(checked.at(0).at(0).toString(), QStringLiteral("ctx-0"));
    QTRY_COMPARE(model.findChildren<KubeClient *>().size(), 0); // the check's client went with it
    for (int r = 1; r < count; ++r)
        QCOMPARE(ContextsModel::Reachability(model.index(r, 0).data(ContextsModel::ReachabilityRole).toInt()),
            ContextsModel::Reachability::Unknown);

    // 40 asked for at once (twice, and once more while running): at most MaxParallelChecks on the wire.
    QStringList wanted;
    for (int i = 100; i < 140; ++i)
        wanted.append(QStringLiteral("ctx-%1").arg(i));
    model.requestCheck(wanted);
    model.requestCheck(wanted);
    QCOMPARE(model.runningChecks(), ContextsModel::MaxParallelChecks);
    QCOMPARE(model.findChildren<KubeClient *>().size(), ContextsModel::MaxParallelChecks);
    QTRY_COMPARE_WITH_TIMEOUT(checked.count(), 1 + int(wanted.size()), 60000);
    QCOMPARE(mostRunning, ContextsModel::MaxParallelChecks);
    for (const QString &name : std::as_const(wanted))
        QCOMPARE(ContextsModel::Reachability(
                     model.index(model.rowOf(name), 0).data(ContextsModel::ReachabilityRole).toInt()),
            ContextsModel::Reachability::Unreachable);
    QCOMPARE(model.runningChecks(), 0);
    QTRY_COMPARE(model.findChildren<KubeClient *>().size(), 0); // each went with its check
    QCOMPARE(ContextsModel::Reachability(
                 model.index(model.rowOf(QStringLiteral("ctx-500")), 0).data(ContextsModel::ReachabilityRole).toInt()),
        ContextsModel::Reachability::Unknown);
}

// reload() reads the files on a worker thread, with the same hook the start-up test uses: the calling thread
// goes on while the read waits.
void TestContextsModel::reloadReadsOnAWorkerThread()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("config"));
    writeFile(path, kubeconfig(closedPort()));
    ContextsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCheckReachability(false);
    model.setLoadOptions({path, std::nullopt, std::nullopt});
    QCOMPARE(model.rowCount(), 3);
    const QByteArray digestBefore = model.filesDigest();
    QVERIFY(!digestBefore.isEmpty());

    QSemaphore gate;
    QSemaphore entered;
    QThread *loadThread = nullptr;
    KubeConfigLoader::setLoadFunctionForTests([&](const KubeConfig::LoadOptions &load) {
        loadThread = QThread::currentThread();
        entered.release();
        gate.acquire();
        return KubeConfig::load(load);
    });
    const auto restore = qScopeGuard([&gate] {
        gate.release(100); // never leave a worker waiting
        KubeConfigLoader::setLoadFunctionForTests({});
    });
    QByteArray changed = kubeconfig(closedPort());
    changed.replace("- name: zulu\n", "- name: yankee\n");
    QSignalSpy reloaded(&model, &ContextsModel::reloaded);
    writeFile(path, changed); // the file watcher's own reload waits at the gate too
    model.reload();
    QVERIFY(entered.tryAcquire(1, 60000)); // the read started, on its thread, and waits
    QVERIFY(loadThread != QThread::currentThread());
    QVERIFY(model.isLoading());
    QCOMPARE(reloaded.count(), 0);
    QVERIFY(model.rowOf(QStringLiteral("zulu")) >= 0);
    gate.release(100);
    QTRY_VERIFY_WITH_TIMEOUT(model.rowOf(QStringLiteral("yankee")) >= 0, 60000);
    QVERIFY(reloaded.count() >= 1);
    QCOMPARE(model.rowOf(QStringLiteral("zulu")), -1);
    QVERIFY(model.filesDigest() != digestBefore);
}

QTEST_GUILESS_MAIN(TestContextsModel)
#include "test_contextsmodel.moc"
