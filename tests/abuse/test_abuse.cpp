// SPDX-License-Identifier: GPL-3.0-or-later
// The fault-and-abuse suite: the real volsyncctl against a hostile HTTPS server on loopback, hostile
// relationship files and kubeconfigs, credential plugins that hang or flood, concurrent writers and
// kill -9 at random (seeded) points of schedule, sync and delete against the in-process simulator.
// Every run's peak memory (VmHWM) is measured and must stay far below what an unbounded read would take.
// VOLSYNC_ABUSE_CTL=/path/to/volsyncctl measures another build (e.g. an older one) with the same scenarios.
#include "fakeapiserver.h"
#include "peakmemory.h"
#include "simfixture.h"
#include "testpki.h"
#include "yamlaliasbomb.h"

#include "engine/relationshipstore.h"
#include "sim/simcluster.h"
#include "sim/simstore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <csignal>
#include <memory>
#include <sys/stat.h>

namespace {

/// Far above what volsyncctl needs (about 20-60 MB) and far below what an unbounded read reaches (GBs).
/// AddressSanitizer's shadow memory and quarantine about triple a process's footprint.
#ifdef VOLSYNC_SANITIZED
constexpr qint64 kPeakBoundKb = 600 * 1024;
#else
constexpr qint64 kPeakBoundKb = 200 * 1024;
#endif
const QString kLabel = QStringLiteral("volsync.backube/relationship");

struct Run {
    int exitCode = -1;
    bool timedOut = false;
    QString out;
    QString err;
    qint64 peakKb = -1;
    qint64 elapsedMs = 0;
};

QString volsyncctlPath()
{
    const QString other = qEnvironmentVariable("VOLSYNC_ABUSE_CTL");
    return other.isEmpty() ? QStringLiteral(VOLSYNC_BIN_DIR "/volsyncctl") : other;
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestAbuse : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir mDir;
    TestPki mPki;
    std::unique_ptr<SimFixture> mSim;
    SimStore *mKind = nullptr;
    SimStore *mGcp = nullptr;
    QList<qint64> mPeaks;

    QProcess *launch(const QStringList &args, const QString &configDir, const QString &kubeconfig = {})
    {
        auto *process = new QProcess(this);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("KUBECONFIG"), kubeconfig.isEmpty() ? mSim->kubeconfigPath() : kubeconfig);
        env.insert(QStringLiteral("HOME"), mDir.filePath(QStringLiteral("home")));
        env.remove(QStringLiteral("HTTPS_PROXY"));
        env.remove(QStringLiteral("https_proxy"));
        process->setProcessEnvironment(env);
        process->setStandardInputFile(QProcess::nullDevice());
        QStringList all {QString::fromLatin1(PeakMemory::kOption), volsyncctlPath()};
        if (!configDir.isEmpty())
            all << QStringLiteral("--config-dir") << configDir;
        all << args;
        process->start(QCoreApplication::applicationFilePath(), all);
        return process;
    }

    Run finish(QProcess *process, int timeoutMs, const QElapsedTimer &clock)
    {
        Run run;
        if (process->state() != QProcess::NotRunning) {
            QSignalSpy finished(process, &QProcess::finished);
            if (!finished.wait(timeoutMs) && process->state() != QProcess::NotRunning) {
                run.timedOut = true;
                process->kill();
                process->waitForFinished(5000);
            }
        }
        run.elapsedMs = clock.elapsed();
        run.exitCode = process->exitCode();
        run.out = QString::fromUtf8(process->readAllStandardOutput());
        run.err = QString::fromUtf8(process->readAllStandardError());
        run.peakKb = PeakMemory::takePeakKb(&run.err);
        if (run.peakKb > 0)
            mPeaks.append(run.peakKb);
        process->deleteLater();
        return run;
    }

    Run ctl(
        const QStringList &args, const QString &configDir = {}, const QString &kubeconfig = {}, int timeoutMs = 60000)
    {
        QElapsedTimer clock;
        clock.start();
        const Run run = finish(launch(args, configDir, kubeconfig), timeoutMs, clock);
        qInfo().noquote() << "$ volsyncctl" << args.join(u' ') << "->" << run.exitCode << "in" << run.elapsedMs
                          << "ms, peak" << run.peakKb / 1024 << "MB";
        return run;
    }

    /// A kubeconfig for the fake server, with an optional user entry.
    QString fakeKubeconfig(const FakeApiServer &server, const QString &user = QStringLiteral("    token: abcd\n"))
    {
        static int count = 0;
        const QString path = mDir.filePath(QStringLiteral("fake-%1.kubeconfig").arg(++count));
        const QString yaml
            = QStringLiteral("apiVersion: v1\nkind: Config\nclusters:\n- name: hostile\n  cluster:\n    server: %1\n"
                             "    certificate-authority: %2\n"
                             "users:\n- name: u\n  user:\n%3"
                             "contexts:\n- name: hostile\n  context: {cluster: hostile, user: u, namespace: n}\n"
                             "current-context: hostile\n")
                  .arg(server.url().toString(), mPki.path(QStringLiteral("ca.crt")), user);
        writeFile(path, yaml.toUtf8());
        return path;
    }

    std::unique_ptr<FakeApiServer> startServer()
    {
        auto server = std::make_unique<FakeApiServer>();
        server->setTls(QSslCertificate(mPki.read(QStringLiteral("server.crt"))),
            QSslKey(mPki.read(QStringLiteral("server.key")), QSsl::Ec));
        if (!server->listenLoopback())
            return {};
        return server;
    }

    void checkPeak(const Run &run)
    {
        QVERIFY2(run.peakKb > 0, qPrintable(run.err));
        QVERIFY2(run.peakKb < kPeakBoundKb,
            qPrintable(QStringLiteral("peak %1 MB: %2").arg(run.peakKb / 1024).arg(run.err.left(2000))));
    }

    int labelled(SimStore *store, const QString &resource, const QString &id)
    {
        return int(store->list(resource, QString(), kLabel + QLatin1Char('=') + id).size());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(mDir.isValid());
        QDir().mkpath(mDir.filePath(QStringLiteral("home")));
        mPki = TestPki::create(mDir.path());
        QVERIFY2(mPki.error.isEmpty(), qPrintable(mPki.error));
        QVERIFY2(QFileInfo(volsyncctlPath()).isExecutable(), qPrintable(volsyncctlPath()));

        SimFixture::Options options = SimFixture::kindToGcp();
        options.operatorOptions->syncDurationMs = 200;
        const auto populate = options.setUpCluster;
        options.setUpCluster = [populate](SimCluster *cluster) {
            cluster->store()->setNamespaceTerminationDelay(10);
            populate(cluster);
        };
        mSim = std::make_unique<SimFixture>(options);
        QString error;
        QVERIFY2(mSim->start(&error), qPrintable(error));
        mKind = mSim->store(QStringLiteral("kind"));
        mGcp = mSim->store(QStringLiteral("gcp"));
    }

    void cleanupTestCase()
    {
        if (!mPeaks.isEmpty())
            qInfo("highest peak of %lld volsyncctl runs: %lld MB", qint64(mPeaks.size()),
                *std::max_element(mPeaks.cbegin(), mPeaks.cend()) / 1024);
        mSim.reset();
    }

    void hostileServer_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QString>("expected");
        QTest::newRow("endless body") << QStringLiteral("endless") << QStringLiteral("larger than 16 MiB");
        QTest::newRow("1 GB announced") << QStringLiteral("huge") << QStringLiteral("larger than 16 MiB");
        QTest::newRow("garbage") << QStringLiteral("garbage") << QStringLiteral("not a JSON object");
        QTest::newRow("slow headers") << QStringLiteral("silent") << QStringLiteral("no answer within 2 s");
        QTest::newRow("escape sequences") << QStringLiteral("escapes") << QStringLiteral("^[]0;pwned");
    }

    /// `contexts --check` (GET /version) against a server that misbehaves.
    void hostileServer()
    {
        QFETCH(QString, mode);
        QFETCH(QString, expected);
        auto server = startServer();
        QVERIFY(server);
        server->handler = [mode](FakeExchange *exchange) {
            if (mode == QLatin1String("silent"))
                return; // accepts, reads the request, never answers
            if (mode == QLatin1String("escapes"))
                return exchange->respondJson(403,
                    "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\","
                    "\"code\":403,\"message\":\"\\u001b]0;pwned\\u0007\\u001b[2J\\u001b[31mforbidden\"}");
            if (mode == QLatin1String("garbage")) {
                QByteArray noise(200000, '\0');
                for (qsizetype i = 0; i < noise.size(); ++i)
                    noise[i] = char(QRandomGenerator::global()->bounded(256));
                return exchange->respond(200, noise, {{"Content-Type", "application/json"}});
            }
            if (mode == QLatin1String("huge"))
                exchange->writeRaw(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n");
            else
                exchange->startChunked(200);
            // Keep sending while the client reads (as fast as the socket takes it).
            auto *timer = new QTimer(exchange);
            const QByteArray chunk(256 * 1024, 'x');
            const bool chunked = mode == QLatin1String("endless");
            QObject::connect(timer, &QTimer::timeout, exchange, [exchange, chunk, chunked] {
                if (!exchange->isConnected())
                    return;
                if (chunked)
                    exchange->sendChunk(chunk);
                else
                    exchange->writeRaw(chunk);
            });
            timer->start(1);
        };
        const QString kubeconfig = fakeKubeconfig(*server);
        const Run run = ctl(
            {QStringLiteral("contexts"), QStringLiteral("--check"), QStringLiteral("--timeout"), QStringLiteral("2")},
            {}, kubeconfig, 90000);
        QVERIFY(!run.timedOut);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(expected) || run.out.contains(expected), qPrintable(run.err + run.out));
        QVERIFY2(!run.err.contains(QChar(0x1b)) && !run.out.contains(QChar(0x1b)), qPrintable(run.err));
        checkPeak(run);
    }

    /// A 302 is an error, never followed (credentials would go to the other server).
    void redirectIsNotFollowed()
    {
        auto server = startServer();
        auto elsewhere = startServer();
        QVERIFY(server && elsewhere);
        elsewhere->handler = [](FakeExchange *exchange) { exchange->respondJson(200, "{\"gitVersion\":\"v1\"}"); };
        const QByteArray location = elsewhere->url().toString().toUtf8() + "/version";
        server->handler = [location](FakeExchange *exchange) { exchange->respond(302, {}, {{"Location", location}}); };
        const Run run = ctl(
            {QStringLiteral("contexts"), QStringLiteral("--check"), QStringLiteral("--timeout"), QStringLiteral("5")},
            {}, fakeKubeconfig(*server));
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(elsewhere->requests.size(), 0);
        checkPeak(run);
    }

    /// A Status (HTTP 200) in place of the namespace: set-destination fails and the file stays as it was.
    void wrongKindChangesNothing()
    {
        auto server = startServer();
        QVERIFY(server);
        server->handler = [](FakeExchange *exchange) {
            exchange->respondJson(
                200, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Success\",\"metadata\":{},\"code\":200}");
        };
        const QString configDir = mDir.filePath(QStringLiteral("wrongkind"));
        const QString kubeconfig = fakeKubeconfig(*server);
        QCOMPARE(
            ctl({QStringLiteral("replication"), QStringLiteral("-r"), QStringLiteral("w"), QStringLiteral("create")},
                configDir, kubeconfig)
                .exitCode,
            0);
        const QByteArray before = readFile(configDir + QStringLiteral("/w.yaml"));
        const Run run
            = ctl({QStringLiteral("replication"), QStringLiteral("-r"), QStringLiteral("w"),
                      QStringLiteral("set-destination"), QStringLiteral("--destination"), QStringLiteral("destns/rd")},
                configDir, kubeconfig);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QLatin1String("the server answered with a Status where a")), qPrintable(run.err));
        QCOMPARE(readFile(configDir + QStringLiteral("/w.yaml")), before);
        checkPeak(run);
    }

    /// Alias bombs, 20 MB, invalid UTF-8, a FIFO, a directory and a link to /dev/zero beside a good file.
    void hostileRelationshipFiles()
    {
        const QString configDir = mDir.filePath(QStringLiteral("hostile-files"));
        QVERIFY(QDir().mkpath(configDir));
        QCOMPARE(
            ctl({QStringLiteral("replication"), QStringLiteral("-r"), QStringLiteral("good"), QStringLiteral("create")},
                configDir)
                .exitCode,
            0);
        QVERIFY(writeFile(configDir + QStringLiteral("/bomb.yaml"), yamlAliasBomb("type: replication\n")));
        QFile huge(configDir + QStringLiteral("/huge.yaml"));
        QVERIFY(huge.open(QIODevice::WriteOnly));
        QVERIFY(huge.write(QByteArray("type: replication\n") + QByteArray(20 * 1024 * 1024, '#')) > 0);
        huge.close();
        QVERIFY(writeFile(configDir + QStringLiteral("/utf8.yaml"), "type: replication\nid: \"\xff\xfe\xc3\x28\"\n"));
        QVERIFY(::mkfifo(QFile::encodeName(configDir + QStringLiteral("/fifo.yaml")).constData(), 0600) == 0);
        QVERIFY(QDir(configDir).mkdir(QStringLiteral("folder.yaml")));
        QVERIFY(QFile::link(QStringLiteral("/dev/zero"), configDir + QStringLiteral("/zero.yaml")));
        // A valid relationship whose names carry terminal escapes (YAML's \e and \a).
        QByteArray escaped = readFile(QStringLiteral(VOLSYNC_TEST_DATA_DIR "/engine/v2-rsynctls.yaml"));
        QVERIFY(!escaped.isEmpty());
        escaped.replace("pvcname: datavol", "pvcname: \"\\e]0;pwned\\a\\e[2Jdatavol\"");
        escaped.replace("rdname: datavol", "rdname: \"\\e[31mred\"");
        QVERIFY(writeFile(configDir + QStringLiteral("/escape.yaml"), escaped));

        const Run list = ctl({QStringLiteral("replication"), QStringLiteral("list")}, configDir, {}, 60000);
        QVERIFY(!list.timedOut);
        QVERIFY2(list.out.contains(QLatin1String("good")), qPrintable(list.out + list.err));
        for (const char *name : {"bomb.yaml", "huge.yaml", "fifo.yaml", "folder.yaml", "zero.yaml"})
            QVERIFY2(list.err.contains(QLatin1String(name)) || list.out.contains(QLatin1String(name)),
                qPrintable(QStringLiteral("%1 not reported:\n%2").arg(QLatin1String(name), list.err)));
        QVERIFY2(!list.err.contains(QChar(0x1b)) && !list.out.contains(QChar(0x1b)), qPrintable(list.err));
        checkPeak(list);

        const Run status = ctl(
            {QStringLiteral("replication"), QStringLiteral("-r"), QStringLiteral("bomb"), QStringLiteral("status")},
            configDir);
        QCOMPARE(status.exitCode, 1);
        QVERIFY2(status.err.contains(QLatin1String("expands to more than")), qPrintable(status.err));
        checkPeak(status);

        const Run zero = ctl(
            {QStringLiteral("replication"), QStringLiteral("-r"), QStringLiteral("zero"), QStringLiteral("status")},
            configDir);
        QCOMPARE(zero.exitCode, 1);
        QVERIFY2(zero.err.contains(QLatin1String("character device")), qPrintable(zero.err));
        checkPeak(zero);
    }

    void hostileKubeconfigs_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("reason");
        QTest::newRow("/dev/zero") << QStringLiteral("/dev/zero") << QStringLiteral("character device");
        QTest::newRow("fifo") << QStringLiteral("fifo") << QStringLiteral("FIFO");
        QTest::newRow("directory") << QStringLiteral("dir") << QStringLiteral("directory");
        QTest::newRow("20 MB") << QStringLiteral("huge") << QStringLiteral("larger than 16 MiB");
        // The kubeconfig reader does not expand aliases at all: the bomb is a harmless (empty) kubeconfig.
        QTest::newRow("alias bomb") << QStringLiteral("bomb") << QString();
        QTest::newRow("not YAML") << QStringLiteral("garbage") << QStringLiteral("error loading config file");
    }

    void hostileKubeconfigs()
    {
        QFETCH(QString, path);
        QFETCH(QString, reason);
        const QString folder = mDir.filePath(QStringLiteral("kubeconfigs"));
        QDir().mkpath(folder + QStringLiteral("/dir"));
        if (!QFileInfo::exists(folder + QStringLiteral("/fifo")))
            QVERIFY(::mkfifo(QFile::encodeName(folder + QStringLiteral("/fifo")).constData(), 0600) == 0);
        if (!QFileInfo::exists(folder + QStringLiteral("/huge"))) {
            QFile huge(folder + QStringLiteral("/huge"));
            QVERIFY(huge.open(QIODevice::WriteOnly));
            QVERIFY(huge.resize(20 * 1024 * 1024));
        }
        QVERIFY(writeFile(folder + QStringLiteral("/bomb"), yamlAliasBomb("kind: Config\n")));
        QVERIFY(writeFile(folder + QStringLiteral("/garbage"), "clusters: [\n  - {name: : :\n"));
        const QString file = path.startsWith(u'/') ? path : folder + QLatin1Char('/') + path;
        const Run run = ctl({QStringLiteral("--kubeconfig"), file, QStringLiteral("contexts")}, {}, {}, 30000);
        QVERIFY(!run.timedOut);
        // A file named with --kubeconfig that cannot be read fails the command (exit 1), with the file and reason.
        if (reason.isEmpty()) {
            QCOMPARE(run.exitCode, 0);
        } else {
            QVERIFY2(run.err.contains(reason, Qt::CaseInsensitive), qPrintable(run.err));
            QVERIFY2(run.err.contains(file), qPrintable(run.err));
            QCOMPARE(run.exitCode, 1);
        }
        checkPeak(run);
    }

    void hostileExecPlugins_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("floods stdout") << QStringLiteral("cat") << QStringLiteral("[/dev/zero]")
                                       << QStringLiteral("printed more than 1 MiB");
        QTest::newRow("floods stderr") << QStringLiteral("sh")
                                       << QStringLiteral("[-c, 'head -c 50000000 /dev/zero >&2; exit 3']")
                                       << QStringLiteral("failed with exit code 3");
        // Waits (for a login that never comes) far longer than the test: --exec-timeout ends it, with what to do.
        QTest::newRow("hangs") << QStringLiteral("sh") << QStringLiteral("[-c, 'sleep 120']")
                               << QStringLiteral("did not finish within 2 s and was stopped");
    }

    void hostileExecPlugins()
    {
        QFETCH(QString, command);
        QFETCH(QString, args);
        QFETCH(QString, expected);
        auto server = startServer();
        QVERIFY(server);
        server->handler = [](FakeExchange *exchange) { exchange->respondJson(200, "{\"gitVersion\":\"v1\"}"); };
        const QString user = QStringLiteral("    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                                            "      command: %1\n      args: %2\n      interactiveMode: Never\n")
                                 .arg(command, args);
        const Run run = ctl({QStringLiteral("--exec-timeout"), QStringLiteral("2s"), QStringLiteral("contexts"),
                                QStringLiteral("--check"), QStringLiteral("--timeout"), QStringLiteral("5")},
            {}, fakeKubeconfig(*server, user), 90000);
        QVERIFY(!run.timedOut);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(expected), qPrintable(run.err.left(3000)));
        // Which plugin, for which user and context, and (for a hang) what to do.
        QVERIFY2(run.err.contains(QStringLiteral("the exec plugin \"%1\" of user \"u\"").arg(command)),
            qPrintable(run.err.left(3000)));
        QVERIFY2(
            run.err.contains(QStringLiteral("context hostile"), Qt::CaseInsensitive), qPrintable(run.err.left(3000)));
        if (qstrcmp(QTest::currentDataTag(), "hangs") == 0) {
            QVERIFY2(run.err.contains(QStringLiteral("in a terminal to see what it waits for")),
                qPrintable(run.err.left(3000)));
            QVERIFY2(run.err.contains(QStringLiteral("--exec-timeout")), qPrintable(run.err.left(3000)));
        }
        checkPeak(run);
    }

    void hostileWatchStream_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QString>("expected");
        QTest::newRow("garbage") << QStringLiteral("garbage") << QStringLiteral("undecodable watch event");
        QTest::newRow("endless event") << QStringLiteral("endless") << QStringLiteral("watch event larger than");
    }

    /// `replication status --watch` (lists, then shared watches through the informers) against a server whose
    /// lists are fine and whose watches answer random bytes, or one event that never ends: each watch is ended
    /// with the reason, memory stays bounded, and the command keeps going.
    void hostileWatchStream()
    {
        QFETCH(QString, mode);
        QFETCH(QString, expected);
        auto server = startServer();
        QVERIFY(server);
        int watches = 0;
        server->handler = [mode, &watches](FakeExchange *exchange) {
            const FakeRequest &request = exchange->request;
            const bool isWatch = request.query.queryItemValue(QStringLiteral("watch")) == QLatin1String("true")
                || request.query.queryItemValue(QStringLiteral("watch")) == QLatin1String("1");
            // Every list the monitor makes is answered properly (empty); every watch is hostile.
            static const QHash<QString, QPair<QString, QString>> lists = {
                {QStringLiteral("replicationsources"),
                    {QStringLiteral("ReplicationSourceList"), QStringLiteral("volsync.backube/v1alpha1")}},
                {QStringLiteral("replicationdestinations"),
                    {QStringLiteral("ReplicationDestinationList"), QStringLiteral("volsync.backube/v1alpha1")}},
                {QStringLiteral("secrets"), {QStringLiteral("SecretList"), QStringLiteral("v1")}},
                {QStringLiteral("persistentvolumeclaims"),
                    {QStringLiteral("PersistentVolumeClaimList"), QStringLiteral("v1")}},
                {QStringLiteral("services"), {QStringLiteral("ServiceList"), QStringLiteral("v1")}},
                {QStringLiteral("pods"), {QStringLiteral("PodList"), QStringLiteral("v1")}},
                {QStringLiteral("events"), {QStringLiteral("EventList"), QStringLiteral("v1")}},
            };
            const auto list = lists.value(request.path.section(QLatin1Char('/'), -1));
            const QString kind = list.first;
            if (kind.isEmpty())
                return exchange->respondJson(404,
                    "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\","
                    "\"code\":404,\"message\":\"not found\"}");
            if (!isWatch)
                return exchange->respondJson(200,
                    QStringLiteral("{\"kind\":\"%1\",\"apiVersion\":\"%2\",\"metadata\":"
                                   "{\"resourceVersion\":\"7\"},\"items\":[]}")
                        .arg(kind, list.second)
                        .toUtf8());
            ++watches;
            exchange->startChunked(200);
            if (mode == QLatin1String("endless"))
                exchange->sendChunk("{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"");
            auto *timer = new QTimer(exchange);
            QObject::connect(timer, &QTimer::timeout, exchange, [exchange, mode] {
                if (!exchange->isConnected())
                    return;
                QByteArray chunk(256 * 1024, 'x');
                if (mode == QLatin1String("garbage")) {
                    for (qsizetype i = 0; i < chunk.size(); ++i)
                        chunk[i] = char(QRandomGenerator::global()->bounded(256));
                }
                exchange->sendChunk(chunk);
            });
            timer->start(1);
        };
        const QString kubeconfig = fakeKubeconfig(*server);
        const QString configDir = mDir.filePath(QStringLiteral("watch-") + mode);
        const RelationshipStore store(configDir);
        QString error;
        auto relationship = store.create(QStringLiteral("watched"), true, &error);
        QVERIFY2(relationship, qPrintable(error));
        relationship->source = ReplicationSourceSide {};
        relationship->source->cluster = QStringLiteral("hostile");
        relationship->source->namespaceName = QStringLiteral("n");
        relationship->source->pvcName = QStringLiteral("data");
        relationship->source->rsName = QStringLiteral("data-rs");
        relationship->source->copyMethod = QStringLiteral("Snapshot");
        relationship->destination = ReplicationDestinationSide {};
        relationship->destination->cluster = QStringLiteral("hostile");
        relationship->destination->namespaceName = QStringLiteral("n");
        relationship->destination->rdName = QStringLiteral("data-rd");
        relationship->destination->copyMethod = QStringLiteral("Snapshot");
        QVERIFY2(store.save(*relationship, &error), qPrintable(error));

        QElapsedTimer clock;
        clock.start();
        QProcess *process = launch({QStringLiteral("replication"), QStringLiteral("-r"), QStringLiteral("watched"),
                                       QStringLiteral("status"), QStringLiteral("--watch")},
            configDir, kubeconfig);
        QByteArray errSoFar;
        const QMetaObject::Connection reading = connect(process, &QProcess::readyReadStandardError, this,
            [process, &errSoFar] { errSoFar += process->readAllStandardError(); });
        // The stream is ended with the reason (not read on without end), and the watch is started again.
        QTRY_VERIFY_WITH_TIMEOUT(
            errSoFar.count(expected.toUtf8()) >= 2 || process->state() == QProcess::NotRunning, 60000);
        QVERIFY2(process->state() == QProcess::Running, errSoFar.constData());
        QVERIFY(watches >= 2);
        disconnect(reading);
        ::kill(pid_t(process->processId()), SIGUSR1); // the wrapper kills volsyncctl and reports its peak
        Run run = finish(process, 30000, clock);
        QVERIFY(!run.timedOut);
        run.err.prepend(QString::fromUtf8(errSoFar));
        QVERIFY2(run.out.contains(QStringLiteral("data-rs")) || run.out.contains(QStringLiteral("watched")),
            qPrintable(run.out.left(2000) + QStringLiteral("\n--- stderr:\n") + run.err.left(3000)));
        QVERIFY2(!run.err.contains(QChar(0x1b)), qPrintable(run.err.left(2000)));
        checkPeak(run);
    }

    /// 30 processes create the same relationship at once: exactly one succeeds.
    void parallelCreates()
    {
        const QString configDir = mDir.filePath(QStringLiteral("creates"));
        QList<QProcess *> processes;
        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < 30; ++i)
            processes.append(launch(
                {QStringLiteral("replication"), QStringLiteral("-r"), QStringLiteral("same"), QStringLiteral("create")},
                configDir));
        int created = 0;
        int existed = 0;
        for (QProcess *process : std::as_const(processes)) {
            const Run run = finish(process, 60000, clock);
            created += run.exitCode == 0 ? 1 : 0;
            existed += run.err.contains(QLatin1String("relationship exists")) ? 1 : 0;
        }
        QCOMPARE(created, 1);
        QCOMPARE(existed, 29);
        QString error;
        QVERIFY2(RelationshipStore(configDir).load(QStringLiteral("same"), &error), qPrintable(error));
    }

    /// set-source and set-destination at the same time: both changes are in the file.
    void concurrentSetSourceAndDestination()
    {
        const QString configDir = mDir.filePath(QStringLiteral("concurrent"));
        for (int trial = 0; trial < 3; ++trial) {
            const QString name = QStringLiteral("both-%1").arg(trial);
            QCOMPARE(
                ctl({QStringLiteral("replication"), QStringLiteral("-r"), name, QStringLiteral("create")}, configDir)
                    .exitCode,
                0);
            QElapsedTimer clock;
            clock.start();
            QProcess *source
                = launch({QStringLiteral("replication"), QStringLiteral("-r"), name, QStringLiteral("set-source"),
                             QStringLiteral("--pvcname"), QStringLiteral("kind/source/datavol")},
                    configDir);
            QProcess *destination
                = launch({QStringLiteral("replication"), QStringLiteral("-r"), name, QStringLiteral("set-destination"),
                             QStringLiteral("--destination"), QStringLiteral("gcp/destns/rd-%1").arg(trial)},
                    configDir);
            const Run a = finish(source, 60000, clock);
            const Run b = finish(destination, 60000, clock);
            QVERIFY2(a.exitCode == 0, qPrintable(a.err));
            QVERIFY2(b.exitCode == 0, qPrintable(b.err));
            QString error;
            const auto rel = RelationshipStore(configDir).load(name, &error);
            QVERIFY2(rel, qPrintable(error));
            QVERIFY2(rel->source.has_value(), "set-source was lost");
            QVERIFY2(rel->destination.has_value(), "set-destination was lost");
            QCOMPARE(rel->destination->rdName, QStringLiteral("rd-%1").arg(trial));
        }
    }

    /// kill -9 at random (seeded) points of schedule, sync and delete; a re-run completes, and in the end
    /// no object of any relationship is left and every file reads.
    void killsAndReruns()
    {
        const QString configDir = mDir.filePath(QStringLiteral("kills"));
        QRandomGenerator random(20261206);
        QStringList ids;
        const QStringList verbs {QStringLiteral("schedule"), QStringLiteral("sync"), QStringLiteral("delete")};
        int kills = 0;
        for (int round = 0; round < 9; ++round) {
            const QString name = QStringLiteral("k%1").arg(round / 3);
            const QString verb = verbs.at(round % 3);
            RelationshipStore store(configDir);
            if (!store.exists(name)) {
                const QStringList base {QStringLiteral("replication"), QStringLiteral("-r"), name};
                QCOMPARE(ctl(base + QStringList {QStringLiteral("create"), QStringLiteral("--rsynctls")}, configDir)
                             .exitCode,
                    0);
                QCOMPARE(ctl(base
                                 + QStringList {QStringLiteral("set-source"), QStringLiteral("--pvcname"),
                                     QStringLiteral("kind/source/datavol")},
                             configDir)
                             .exitCode,
                    0);
                QCOMPARE(ctl(base
                                 + QStringList {QStringLiteral("set-destination"), QStringLiteral("--destination"),
                                     QStringLiteral("gcp/destns/%1").arg(name), QStringLiteral("--servicetype"),
                                     QStringLiteral("LoadBalancer")},
                             configDir)
                             .exitCode,
                    0);
                QString error;
                ids.append(store.load(name, &error).value_or(ReplicationRelationship()).id);
            }
            QStringList args {QStringLiteral("replication"), QStringLiteral("-r"), name, verb};
            if (verb == QLatin1String("schedule"))
                args << QStringLiteral("--cronspec") << QStringLiteral("0 0 1 1 *");
            // These commands take 50-500 ms here (more on a busy machine): kill somewhere inside.
            const int delayMs = 5 + int(random.bounded(300));
            QElapsedTimer clock;
            clock.start();
            QProcess *victim = launch(args, configDir);
            QVERIFY(victim->waitForStarted(10000));
            const qint64 wrapperPid = victim->processId();
            QVERIFY(wrapperPid > 0);
            QTest::qWait(delayMs); // a random point, not a condition: the process may be anywhere
            // The wrapper's child is volsyncctl: the wrapper kills it with SIGKILL and reports how it ended.
            if (victim->state() == QProcess::Running)
                ::kill(pid_t(wrapperPid), SIGUSR1);
            const Run killed = finish(victim, 30000, clock);
            kills += killed.exitCode == 128 + SIGKILL ? 1 : 0;
            qInfo().noquote() << "round" << round << verb << name << "killed after" << delayMs << "ms: exit"
                              << killed.exitCode;
            const QString path = store.filePath(name);
            if (QFileInfo::exists(path)) {
                QString error;
                QVERIFY2(store.load(name, &error), qPrintable(QStringLiteral("damaged after kill: ") + error));
            }
            const Run again = ctl(args, configDir);
            const bool alreadyGone = verb == QLatin1String("delete") && again.err.contains(QLatin1String("not found"));
            QVERIFY2(again.exitCode == 0 || alreadyGone, qPrintable(again.err));
            QVERIFY(QDir(configDir).entryList({QStringLiteral("*.lock")}, QDir::Files | QDir::Hidden).isEmpty());
        }
        qInfo("%d of 9 runs were killed before they ended", kills);
        // Remove what is left, then nothing of any relationship may remain on either cluster.
        RelationshipStore store(configDir);
        for (const ReplicationRelationship &rel : store.list().relationships)
            QCOMPARE(ctl({QStringLiteral("replication"), QStringLiteral("-r"), rel.name, QStringLiteral("delete")},
                         configDir)
                         .exitCode,
                0);
        for (const QString &id : std::as_const(ids)) {
            QTRY_COMPARE_WITH_TIMEOUT(labelled(mKind, QStringLiteral("replicationsources"), id), 0, 10000);
            QTRY_COMPARE_WITH_TIMEOUT(labelled(mGcp, QStringLiteral("replicationdestinations"), id), 0, 10000);
            QCOMPARE(labelled(mKind, QStringLiteral("secrets"), id), 0);
        }
    }
};

int main(int argc, char **argv)
{
    const int wrapped = PeakMemory::runWrapperIfAsked(argc, argv);
    if (wrapped >= 0)
        return wrapped;
    QCoreApplication app(argc, argv);
    TestAbuse test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_abuse.moc"
