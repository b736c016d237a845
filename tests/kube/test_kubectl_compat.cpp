// SPDX-License-Identifier: GPL-3.0-or-later
// `volsyncctl contexts -o json` and the loader against the real kubectl on every kubeconfig of the corpus
// (skipped where kubectl is not installed).

#include "kube/kubeconfig.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {
QString corpusDir()
{
    return QStringLiteral(VOLSYNC_TEST_DATA_DIR "/kube/corpus");
}

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

/// Runs a program with the environment of a corpus case (KUBECONFIG and HOME).
Run runWith(const QString &program, const QStringList &arguments, const QJsonObject &testCase, const QString &dir,
    const QString &emptyHome)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("KUBECONFIG"));
    environment.insert(QStringLiteral("HOME"), emptyHome);
    if (testCase.contains(QLatin1String("kubeconfig"))) {
        QStringList parts;
        for (const QJsonValue &file : testCase.value(QLatin1String("kubeconfig")).toArray())
            parts.append(file.toString().isEmpty() ? QString() : dir + QLatin1Char('/') + file.toString());
        environment.insert(QStringLiteral("KUBECONFIG"), parts.join(QLatin1Char(':')));
    }
    if (testCase.contains(QLatin1String("home")))
        environment.insert(
            QStringLiteral("HOME"), dir + QLatin1Char('/') + testCase.value(QLatin1String("home")).toString());
    QStringList all;
    if (testCase.contains(QLatin1String("explicit")))
        all << QStringLiteral("--kubeconfig")
            << dir + QLatin1Char('/') + testCase.value(QLatin1String("explicit")).toString();
    all += arguments;
    QProcess process;
    process.setProcessEnvironment(environment);
    process.setWorkingDirectory(dir);
    process.start(program, all);
    Run run;
    if (!process.waitForFinished(30000))
        return run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

QJsonObject namedEntry(const QJsonArray &list, const QString &name, const char *field)
{
    for (const QJsonValue &value : list) {
        if (value.toObject().value(QLatin1String("name")).toString() == name)
            return value.toObject().value(QLatin1String(field)).toObject();
    }
    return {};
}
QString resolved(const QJsonObject &fields, const char *key, const QString &sourceFile)
{
    const QString path = fields.value(QLatin1String(key)).toString();
    if (path.isEmpty() || QDir::isAbsolutePath(path))
        return path;
    return QDir::cleanPath(QFileInfo(sourceFile).absolutePath() + QLatin1Char('/') + path);
}
} // namespace

class TestKubectlCompat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void corpus_data();
    void corpus();

private:
    QString mKubectl;
    QString mVolsyncctl;
    QTemporaryDir mEmptyHome;
};

void TestKubectlCompat::initTestCase()
{
    mVolsyncctl = QStringLiteral(VOLSYNC_BIN_DIR "/volsyncctl");
    if (!QFile::exists(mVolsyncctl))
        mVolsyncctl = QStandardPaths::findExecutable(QStringLiteral("volsyncctl"),
            {QStringLiteral(VOLSYNC_BUILD_DIR "/app/volsyncctl"), QStringLiteral(VOLSYNC_BUILD_DIR "/bin")});
    QVERIFY2(!mVolsyncctl.isEmpty() && QFile::exists(mVolsyncctl), "volsyncctl is not built");
    mKubectl = QStandardPaths::findExecutable(QStringLiteral("kubectl"));
    QVERIFY(mEmptyHome.isValid());
}

void TestKubectlCompat::corpus_data()
{
    QTest::addColumn<QString>("dir");
    const QStringList cases = QDir(corpusDir()).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString &name : cases)
        QTest::newRow(qPrintable(name)) << corpusDir() + QLatin1Char('/') + name;
}

void TestKubectlCompat::corpus()
{
    QFETCH(QString, dir);
    QFile caseFile(dir + QStringLiteral("/case.json"));
    QVERIFY(caseFile.open(QIODevice::ReadOnly));
    const QJsonObject testCase = QJsonDocument::fromJson(caseFile.readAll()).object();
    const QJsonObject expect = testCase.value(QLatin1String("expect")).toObject();

    // Ours first: it must always run, and its JSON must equal the loader's view of the case.
    const Run ours = runWith(mVolsyncctl, {QStringLiteral("contexts"), QStringLiteral("-o"), QStringLiteral("json")},
        testCase, dir, mEmptyHome.path());
    const bool explicitMissing
        = testCase.contains(QLatin1String("explicit")) && expect.value(QLatin1String("fileErrors")).toInt() > 0;
    if (explicitMissing) {
        QCOMPARE(ours.exitCode, 1);
        QVERIFY(ours.err.startsWith("Error: "));
    } else {
        QVERIFY2(ours.exitCode == 0, ours.err.constData());
    }
    const QJsonArray rows = QJsonDocument::fromJson(ours.out).array();
    if (!explicitMissing)
        QCOMPARE(rows.size(), expect.value(QLatin1String("contexts")).toArray().size());
    if (expect.value(QLatin1String("fileErrors")).toInt() > 0)
        QVERIFY(ours.err.contains("Error: "));

    if (mKubectl.isEmpty())
        QSKIP("kubectl is not installed: only our side was checked");

    const Run names = runWith(mKubectl,
        {QStringLiteral("config"), QStringLiteral("get-contexts"), QStringLiteral("-o"), QStringLiteral("name")},
        testCase, dir, mEmptyHome.path());
    if (expect.value(QLatin1String("kubectlFails")).toBool()) {
        // kubectl refuses the whole configuration; we report the broken file and keep the rest.
        QVERIFY2(names.exitCode != 0, names.out.constData());
        QVERIFY(expect.value(QLatin1String("fileErrors")).toInt() > 0);
        return;
    }
    QVERIFY2(names.exitCode == 0, names.err.constData());
    if (explicitMissing) {
        // kubectl's config commands treat a missing --kubeconfig as empty (its other commands fail): no contexts.
        QVERIFY(names.out.trimmed().isEmpty());
        return;
    }
    QStringList kubectlNames = QString::fromUtf8(names.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QStringList ourNames;
    for (const QJsonValue &row : rows)
        ourNames.append(row.toObject().value(QLatin1String("name")).toString());
    // Same set and order as `kubectl config get-contexts`.
    QCOMPARE(ourNames, kubectlNames);

    // The table: CURRENT, NAME, CLUSTER and AUTHINFO columns exactly as kubectl lays them out.
    const Run ourTable = runWith(mVolsyncctl, {QStringLiteral("contexts")}, testCase, dir, mEmptyHome.path());
    const Run kubectlTable = runWith(
        mKubectl, {QStringLiteral("config"), QStringLiteral("get-contexts")}, testCase, dir, mEmptyHome.path());
    QCOMPARE(ourTable.exitCode, 0);
    QCOMPARE(kubectlTable.exitCode, 0);
    const QList<QByteArray> ourLines = ourTable.out.split('\n');
    const QList<QByteArray> kubectlLines = kubectlTable.out.split('\n');
    QCOMPARE(ourLines.size(), kubectlLines.size());
    const qsizetype namespaceColumn = kubectlLines.constFirst().indexOf("NAMESPACE");
    QVERIFY(namespaceColumn > 0);
    for (qsizetype i = 0; i < ourLines.size(); ++i)
        QCOMPARE(ourLines.at(i).left(namespaceColumn), kubectlLines.at(i).left(namespaceColumn));

    const Run view = runWith(mKubectl,
        {QStringLiteral("config"), QStringLiteral("view"), QStringLiteral("--raw"), QStringLiteral("-o"),
            QStringLiteral("json")},
        testCase, dir, mEmptyHome.path());
    QVERIFY2(view.exitCode == 0, view.err.constData());
    const QJsonObject merged = QJsonDocument::fromJson(view.out).object();
    const QString current = merged.value(QLatin1String("current-context")).toString();
    const QJsonArray contexts = merged.value(QLatin1String("contexts")).toArray();
    const QJsonArray clusters = merged.value(QLatin1String("clusters")).toArray();
    for (const QJsonValue &value : rows) {
        const QJsonObject row = value.toObject();
        const QString name = row.value(QLatin1String("name")).toString();
        const QJsonObject context = namedEntry(contexts, name, "context");
        QCOMPARE(row.value(QLatin1String("cluster")).toString(), context.value(QLatin1String("cluster")).toString());
        QCOMPARE(row.value(QLatin1String("user")).toString(), context.value(QLatin1String("user")).toString());
        const QString kubectlNamespace = context.value(QLatin1String("namespace")).toString();
        QCOMPARE(row.value(QLatin1String("namespace")).toString(),
            kubectlNamespace.isEmpty() ? QStringLiteral("default") : kubectlNamespace);
        QCOMPARE(row.value(QLatin1String("current")).toBool(), name == current);
        const QJsonObject cluster = namedEntry(clusters, context.value(QLatin1String("cluster")).toString(), "cluster");
        QCOMPARE(row.value(QLatin1String("server")).toString(), cluster.value(QLatin1String("server")).toString());
    }

    // Merged entries and resolved paths are the same as kubectl's.
    KubeConfig::LoadOptions options;
    if (testCase.contains(QLatin1String("kubeconfig"))) {
        QStringList parts;
        for (const QJsonValue &file : testCase.value(QLatin1String("kubeconfig")).toArray())
            parts.append(file.toString().isEmpty() ? QString() : dir + QLatin1Char('/') + file.toString());
        options.kubeconfigEnv = parts.join(QLatin1Char(':'));
    } else {
        options.kubeconfigEnv = QString();
    }
    if (testCase.contains(QLatin1String("explicit")))
        options.explicitPath = dir + QLatin1Char('/') + testCase.value(QLatin1String("explicit")).toString();
    if (testCase.contains(QLatin1String("home")))
        options.homeDir = dir + QLatin1Char('/') + testCase.value(QLatin1String("home")).toString();
    const KubeConfig config = KubeConfig::load(options);
    QCOMPARE(config.currentContext(), current);
    QCOMPARE(config.clusters().size(), clusters.size());
    for (const QJsonValue &value : clusters) {
        const QJsonObject entry = value.toObject();
        const auto cluster = config.cluster(entry.value(QLatin1String("name")).toString());
        QVERIFY(cluster);
        const QJsonObject fields = entry.value(QLatin1String("cluster")).toObject();
        QCOMPARE(cluster->server, fields.value(QLatin1String("server")).toString());
        // kubectl shows paths as written; they resolve against the folder of the file that defined the entry.
        QCOMPARE(cluster->certificateAuthority, resolved(fields, "certificate-authority", cluster->sourceFile));
        QCOMPARE(cluster->insecureSkipTlsVerify, fields.value(QLatin1String("insecure-skip-tls-verify")).toBool());
        QCOMPARE(cluster->tlsServerName, fields.value(QLatin1String("tls-server-name")).toString());
        QCOMPARE(cluster->proxyUrl, fields.value(QLatin1String("proxy-url")).toString());
    }
    const QJsonArray users = merged.value(QLatin1String("users")).toArray();
    QCOMPARE(config.users().size(), users.size());
    for (const QJsonValue &value : users) {
        const QJsonObject entry = value.toObject();
        const auto user = config.user(entry.value(QLatin1String("name")).toString());
        QVERIFY(user);
        const QJsonObject fields = entry.value(QLatin1String("user")).toObject();
        QCOMPARE(user->clientCertificate, resolved(fields, "client-certificate", user->sourceFile));
        QCOMPARE(user->clientKey, resolved(fields, "client-key", user->sourceFile));
        QCOMPARE(user->tokenFile, resolved(fields, "tokenFile", user->sourceFile));
        QCOMPARE(user->token, fields.value(QLatin1String("token")).toString());
        QCOMPARE(user->username, fields.value(QLatin1String("username")).toString());
        const QJsonObject exec = fields.value(QLatin1String("exec")).toObject();
        QCOMPARE(user->exec.has_value(), !exec.isEmpty());
        if (user->exec) {
            const QString command = exec.value(QLatin1String("command")).toString();
            QCOMPARE(user->exec->command,
                command.contains(QLatin1Char('/')) ? resolved(exec, "command", user->sourceFile) : command);
            QCOMPARE(user->exec->apiVersion, exec.value(QLatin1String("apiVersion")).toString());
        }
    }
}

QTEST_GUILESS_MAIN(TestKubectlCompat)
#include "test_kubectl_compat.moc"
