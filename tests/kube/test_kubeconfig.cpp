// SPDX-License-Identifier: GPL-3.0-or-later
// The kubeconfig loader against the corpus in tests/data/kube/corpus, the current-context write,
// and a fuzz-style run over random and mutated input.

#include "cli/contextscommand.h"
#include "kube/kubeconfig.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

namespace {
QString corpusDir()
{
    return QStringLiteral(VOLSYNC_TEST_DATA_DIR "/kube/corpus");
}

QJsonObject readJson(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

QString expandDir(QString text, const QString &dir)
{
    return text.replace(QStringLiteral("<dir>"), dir);
}

/// The options a corpus case describes (KUBECONFIG list, --kubeconfig, home folder).
KubeConfig::LoadOptions optionsFor(const QJsonObject &testCase, const QString &dir)
{
    KubeConfig::LoadOptions options;
    if (testCase.contains(QLatin1String("kubeconfig"))) {
        QStringList parts;
        const QJsonArray files = testCase.value(QLatin1String("kubeconfig")).toArray();
        for (const QJsonValue &file : files)
            parts.append(file.toString().isEmpty() ? QString() : dir + QLatin1Char('/') + file.toString());
        options.kubeconfigEnv = parts.join(QLatin1Char(':'));
    } else {
        options.kubeconfigEnv = QString();
    }
    if (testCase.contains(QLatin1String("explicit")))
        options.explicitPath = dir + QLatin1Char('/') + testCase.value(QLatin1String("explicit")).toString();
    if (testCase.contains(QLatin1String("home")))
        options.homeDir = dir + QLatin1Char('/') + testCase.value(QLatin1String("home")).toString();
    return options;
}

QJsonObject userFields(const KubeUser &user)
{
    QJsonObject fields {{QStringLiteral("authKind"), user.authKindName()},
        {QStringLiteral("sourceFile"), QFileInfo(user.sourceFile).fileName()},
        {QStringLiteral("clientCertificate"), user.clientCertificate}, {QStringLiteral("clientKey"), user.clientKey},
        {QStringLiteral("tokenFile"), user.tokenFile}, {QStringLiteral("impersonate"), user.impersonate},
        {QStringLiteral("impersonateUid"), user.impersonateUid},
        {QStringLiteral("impersonateGroups"), QJsonArray::fromStringList(user.impersonateGroups)}};
    if (user.exec) {
        fields.insert(QStringLiteral("execCommand"), user.exec->command);
        fields.insert(QStringLiteral("execArgs"), QJsonArray::fromStringList(user.exec->args));
        QJsonObject env;
        for (const auto &pair : user.exec->env)
            env.insert(pair.first, pair.second);
        fields.insert(QStringLiteral("execEnv"), env);
        fields.insert(QStringLiteral("provideClusterInfo"), user.exec->provideClusterInfo);
        fields.insert(QStringLiteral("interactiveMode"), user.exec->interactiveMode);
        fields.insert(QStringLiteral("installHint"), user.exec->installHint);
    }
    return fields;
}

QJsonObject clusterFields(const KubeCluster &cluster)
{
    return QJsonObject {{QStringLiteral("certificateAuthority"), cluster.certificateAuthority},
        {QStringLiteral("insecureSkipTlsVerify"), cluster.insecureSkipTlsVerify},
        {QStringLiteral("tlsServerName"), cluster.tlsServerName}, {QStringLiteral("proxyUrl"), cluster.proxyUrl},
        {QStringLiteral("disableCompression"), cluster.disableCompression},
        {QStringLiteral("sourceFile"), QFileInfo(cluster.sourceFile).fileName()}};
}

/// Every expected key must be present in `actual` with the same value.
void compareSubset(const QJsonObject &expected, const QJsonObject &actual, const QString &what, const QString &dir)
{
    for (auto it = expected.constBegin(); it != expected.constEnd(); ++it) {
        QJsonValue want = it.value();
        if (want.isString())
            want = expandDir(want.toString(), dir);
        const QJsonValue got = actual.value(it.key());
        if (got != want)
            QFAIL(
                qPrintable(QStringLiteral("%1.%2: expected %3, got %4")
                               .arg(what, it.key(),
                                   QString::fromUtf8(QJsonDocument(QJsonArray {want}).toJson(QJsonDocument::Compact)),
                                   QString::fromUtf8(QJsonDocument(QJsonArray {got}).toJson(QJsonDocument::Compact)))));
    }
}
} // namespace

class TestKubeConfig : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void corpus_data();
    void corpus();
    void precedence();
    void resolve();
    void writeCurrentContext_data();
    void writeCurrentContext();
    void writeCurrentContextGoesToKubectlTarget();
    void fuzzRandomBytes();
    void fuzzMutatedCorpus();
};

void TestKubeConfig::corpus_data()
{
    QTest::addColumn<QString>("dir");
    const QStringList cases = QDir(corpusDir()).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    QVERIFY(cases.size() >= 10);
    for (const QString &name : cases)
        QTest::newRow(qPrintable(name)) << corpusDir() + QLatin1Char('/') + name;
}

void TestKubeConfig::corpus()
{
    QFETCH(QString, dir);
    const QJsonObject testCase = readJson(dir + QStringLiteral("/case.json"));
    QVERIFY2(!testCase.isEmpty(), "case.json is missing or broken");
    const QJsonObject expect = testCase.value(QLatin1String("expect")).toObject();
    const KubeConfig config = KubeConfig::load(optionsFor(testCase, dir));

    QCOMPARE(config.currentContext(), expect.value(QLatin1String("currentContext")).toString());
    const QList<KubeConfig::FileError> fileErrors = config.fileErrors();
    QCOMPARE(fileErrors.size(), expect.value(QLatin1String("fileErrors")).toInt());
    if (expect.contains(QLatin1String("fileErrorFile")))
        QCOMPARE(QFileInfo(fileErrors.constFirst().file).fileName(),
            expect.value(QLatin1String("fileErrorFile")).toString());
    for (const KubeConfig::FileError &error : fileErrors)
        QVERIFY(!error.message.isEmpty());
    if (expect.contains(QLatin1String("warnings")))
        QCOMPARE(config.warnings().size(), expect.value(QLatin1String("warnings")).toInt());
    if (expect.contains(QLatin1String("writeTarget")))
        QCOMPARE(config.writeTarget(),
            QFileInfo(dir + QLatin1Char('/') + expect.value(QLatin1String("writeTarget")).toString())
                .absoluteFilePath());
    if (expect.contains(QLatin1String("files"))) {
        QStringList files;
        for (const QJsonValue &file : expect.value(QLatin1String("files")).toArray())
            files.append(QFileInfo(dir + QLatin1Char('/') + file.toString()).absoluteFilePath());
        QCOMPARE(config.files(), files);
    }

    // The rows of `volsyncctl contexts -o json`.
    const QJsonArray rows = ContextsCommand::contextsJson(config);
    const QJsonArray expectedRows = expect.value(QLatin1String("contexts")).toArray();
    QCOMPARE(rows.size(), expectedRows.size());
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const QJsonObject row = rows.at(i).toObject();
        QJsonObject want = expectedRows.at(i).toObject();
        const QJsonValue wantError = want.take(QLatin1String("error"));
        QJsonObject got = row;
        const QJsonValue gotError = got.take(QLatin1String("error"));
        QCOMPARE(got, want);
        if (wantError.isNull())
            QVERIFY2(gotError.isNull(), qPrintable(gotError.toString()));
        else
            QVERIFY2(gotError.toString().contains(wantError.toString()),
                qPrintable(QStringLiteral("error \"%1\" lacks \"%2\"").arg(gotError.toString(), wantError.toString())));
    }

    const QJsonObject users = expect.value(QLatin1String("users")).toObject();
    for (auto it = users.constBegin(); it != users.constEnd(); ++it) {
        const auto user = config.user(it.key());
        QVERIFY2(user, qPrintable(it.key()));
        compareSubset(it.value().toObject(), userFields(*user), QStringLiteral("users.") + it.key(), dir);
    }
    const QJsonObject clusters = expect.value(QLatin1String("clusters")).toObject();
    for (auto it = clusters.constBegin(); it != clusters.constEnd(); ++it) {
        const auto cluster = config.cluster(it.key());
        QVERIFY2(cluster, qPrintable(it.key()));
        compareSubset(it.value().toObject(), clusterFields(*cluster), QStringLiteral("clusters.") + it.key(), dir);
    }
    if (expect.contains(QLatin1String("resolveError"))) {
        const KubeConfig::Resolved resolved = config.resolve();
        QVERIFY(!resolved.isValid());
        QVERIFY(resolved.error.contains(expect.value(QLatin1String("resolveError")).toString()));
    }
}

void TestKubeConfig::precedence()
{
    KubeConfig::LoadOptions options;
    options.kubeconfigEnv = QStringLiteral("/a:/b::/a:/c:");
    options.homeDir = QStringLiteral("/home/x");
    QCOMPARE(KubeConfig::precedence(options),
        (QStringList {QStringLiteral("/a"), QStringLiteral("/b"), QStringLiteral("/c")}));
    options.explicitPath = QStringLiteral("/explicit");
    QCOMPARE(KubeConfig::precedence(options), QStringList {QStringLiteral("/explicit")});
    options.explicitPath.clear();
    options.kubeconfigEnv = QString();
    QCOMPARE(KubeConfig::precedence(options), QStringList {QStringLiteral("/home/x/.kube/config")});
}

void TestKubeConfig::resolve()
{
    const QString dir = corpusDir() + QStringLiteral("/single");
    KubeConfig::LoadOptions options;
    options.explicitPath = dir + QStringLiteral("/config");
    const KubeConfig config = KubeConfig::load(options);
    KubeConfig::Resolved resolved = config.resolve();
    QVERIFY2(resolved.isValid(), qPrintable(resolved.error));
    QCOMPARE(resolved.context.name, QStringLiteral("prod-alice"));
    QCOMPARE(resolved.cluster.server, QStringLiteral("https://prod.example.com:6443"));
    QCOMPARE(resolved.user.name, QStringLiteral("alice"));
    QCOMPARE(resolved.context.effectiveNamespace(), QStringLiteral("apps"));
    resolved = config.resolve(QStringLiteral("dev-bob"));
    QVERIFY(resolved.isValid());
    QCOMPARE(resolved.context.effectiveNamespace(), QStringLiteral("default"));
    resolved = config.resolve(QStringLiteral("nope"));
    QVERIFY(!resolved.isValid());
    QVERIFY(resolved.error.contains(QStringLiteral("\"nope\" does not exist")));
    // Secrets never show up in errors.
    QVERIFY(!resolved.error.contains(QStringLiteral("abcdefgh")));
}

void TestKubeConfig::writeCurrentContext_data()
{
    QTest::addColumn<QByteArray>("original");
    QTest::addColumn<QString>("context");
    QTest::addColumn<QByteArray>("expected");
    const QByteArray base
        = "# my comment\napiVersion: v1\nclusters:\n- name: c\n  cluster: {server: \"https://c\"}\n"
          "contexts:\n- {name: a, context: {cluster: c, user: u}}\n- {name: \"b:x\", context: {cluster: c, "
          "user: u}}\n";
    QTest::newRow("replace") << QByteArray(base + "current-context: a   # trailing\nusers: []\n")
                             << QStringLiteral("b:x") << QByteArray(base + "current-context: \"b:x\"\nusers: []\n");
    QTest::newRow("append") << base << QStringLiteral("a") << QByteArray(base + "current-context: a\n");
    QTest::newRow("unset") << QByteArray(base + "current-context: a\n") << QString()
                           << QByteArray(base + "current-context: \"\"\n");
}

void TestKubeConfig::writeCurrentContext()
{
    QFETCH(QByteArray, original);
    QFETCH(QString, context);
    QFETCH(QByteArray, expected);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("config"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(original);
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
    KubeConfig::LoadOptions options;
    options.explicitPath = path;
    KubeConfig config = KubeConfig::load(options);
    const QString error = config.writeCurrentContext(context);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(config.currentContext(), context);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), expected);
    QCOMPARE(file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
    QCOMPARE(KubeConfig::load(options).currentContext(), context);
}

void TestKubeConfig::writeCurrentContextGoesToKubectlTarget()
{
    // KUBECONFIG=missing:a:b -> the first existing file (a), even though b sets current-context.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString source = corpusDir() + QStringLiteral("/current-from-second/");
    QVERIFY(QFile::copy(source + QStringLiteral("a.yaml"), dir.filePath(QStringLiteral("a.yaml"))));
    QVERIFY(QFile::copy(source + QStringLiteral("b.yaml"), dir.filePath(QStringLiteral("b.yaml"))));
    QFile(dir.filePath(QStringLiteral("a.yaml"))).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    KubeConfig::LoadOptions options;
    options.kubeconfigEnv = dir.filePath(QStringLiteral("missing.yaml")) + QLatin1Char(':')
        + dir.filePath(QStringLiteral("a.yaml")) + QLatin1Char(':') + dir.filePath(QStringLiteral("b.yaml"));
    KubeConfig config = KubeConfig::load(options);
    QCOMPARE(config.currentContext(), QStringLiteral("two"));
    QCOMPARE(config.writeTarget(), dir.filePath(QStringLiteral("a.yaml")));
    QCOMPARE(config.writeCurrentContext(QStringLiteral("one")), QString());
    const KubeConfig reloaded = KubeConfig::load(options);
    QCOMPARE(reloaded.currentContext(), QStringLiteral("one"));
    QCOMPARE(reloaded.contextNames(), (QStringList {QStringLiteral("one"), QStringLiteral("two")}));
}

void TestKubeConfig::fuzzRandomBytes()
{
    QRandomGenerator random(20261124);
    for (int round = 0; round < 300; ++round) {
        QByteArray bytes(qsizetype(random.bounded(400)), Qt::Uninitialized);
        for (char &c : bytes)
            c = char(random.bounded(256));
        const KubeConfig config = KubeConfig::parse(bytes, QStringLiteral("/tmp/fuzz.yaml"));
        // Either a file error or an (almost certainly empty) config; never a crash.
        for (const KubeContext &context : config.contexts())
            Q_UNUSED(context.effectiveNamespace());
        (void)config.resolve();
    }
}

void TestKubeConfig::fuzzMutatedCorpus()
{
    QList<QByteArray> seeds;
    const QStringList cases = QDir(corpusDir()).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &name : cases) {
        QDirIterator it(corpusDir() + QLatin1Char('/') + name, {QStringLiteral("*.yaml"), QStringLiteral("config*")},
            QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile file(it.next());
            if (file.open(QIODevice::ReadOnly))
                seeds.append(file.readAll());
        }
    }
    QVERIFY(seeds.size() >= 10);
    const QByteArray tokens[] = {":", "-", "[", "]", "{", "}", "\"", "'", "\n", "  ", "&a", "*a", "!!binary", "~",
        "null", "true", "%", "\t", "? ", "|", ">", "#", "\\u0000", "- name: x\n"};
    QRandomGenerator random(424242);
    int parsedWithoutError = 0;
    for (int round = 0; round < 1500; ++round) {
        QByteArray text = seeds.at(random.bounded(int(seeds.size())));
        const int mutations = 1 + random.bounded(6);
        for (int m = 0; m < mutations && !text.isEmpty(); ++m) {
            const qsizetype at = random.bounded(int(text.size()));
            switch (random.bounded(4)) {
            case 0:
                text.remove(at, 1 + random.bounded(20));
                break;
            case 1:
                text.insert(at, tokens[random.bounded(int(std::size(tokens)))]);
                break;
            case 2:
                text[at] = char(random.bounded(256));
                break;
            default:
                text.insert(at, text.mid(random.bounded(int(text.size())), random.bounded(40)));
                break;
            }
        }
        const KubeConfig config = KubeConfig::parse(text, QStringLiteral("/tmp/mutated.yaml"));
        if (config.fileErrors().isEmpty())
            ++parsedWithoutError;
        for (const QString &name : config.contextNames())
            (void)config.resolve(name);
        (void)ContextsCommand::contextsJson(config);
    }
    // The mutations must exercise both paths.
    QVERIFY(parsedWithoutError > 0);
    QVERIFY(parsedWithoutError < 1500);
}

QTEST_GUILESS_MAIN(TestKubeConfig)
#include "test_kubeconfig.moc"
