// SPDX-License-Identifier: GPL-3.0-or-later
// The volsync-sim executable: ready line, kubeconfig, clean stop on SIGTERM/SIGINT, state folder, bad arguments,
// and the simulated operator seen through the real kubectl (when installed).
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

namespace {

QString simProgram()
{
    return QStringLiteral(VOLSYNC_BIN_DIR "/volsync-sim");
}

/// A running volsync-sim; killed by the destructor if a test fails half-way.
class SimProcess
{
public:
    explicit SimProcess(const QStringList &arguments)
    {
        mProcess.setProgram(simProgram());
        mProcess.setArguments(arguments);
        mProcess.start();
    }
    ~SimProcess()
    {
        if (mProcess.state() != QProcess::NotRunning) {
            mProcess.kill();
            mProcess.waitForFinished(5000);
        }
    }
    /// Waits for the first stdout line; returns it without the newline ("" on timeout or exit).
    QString waitForLine(int timeoutMs = 30000)
    {
        const bool done = QTest::qWaitFor(
            [&] { return mProcess.canReadLine() || mProcess.state() == QProcess::NotRunning; }, timeoutMs);
        if (!done || !mProcess.canReadLine()) {
            return {};
        }
        return QString::fromUtf8(mProcess.readLine()).chopped(1);
    }
    QProcess &process() { return mProcess; }

private:
    QProcess mProcess;
};

/// Runs kubectl with a kubeconfig and context; returns stdout, sets *exitCode.
QString kubectl(const QString &kubeconfig, const QString &context, const QStringList &args, int *exitCode,
    const QByteArray &input = {})
{
    QProcess process;
    process.start(QStandardPaths::findExecutable(QStringLiteral("kubectl")),
        QStringList {QStringLiteral("--kubeconfig"), kubeconfig, QStringLiteral("--context"), context} + args);
    if (!input.isEmpty()) {
        process.write(input);
    }
    process.closeWriteChannel();
    process.waitForFinished(30000);
    *exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return QString::fromUtf8(process.readAllStandardOutput()) + QString::fromUtf8(process.readAllStandardError());
}

bool hasKubectl()
{
    return !QStandardPaths::findExecutable(QStringLiteral("kubectl")).isEmpty();
}

} // namespace

class TestVolSyncSim : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readyLineKubeconfigAndSigterm();
    void sigintStopsToo();
    void badArguments_data();
    void badArguments();
    void stateDirKeepsObjects();
    void operatorThroughKubectl();
};

void TestVolSyncSim::readyLineKubeconfigAndSigterm()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString kubeconfig = dir.filePath(QStringLiteral("kubeconfig"));
    SimProcess sim({QStringLiteral("--clusters"), QStringLiteral("kind,gcp"), QStringLiteral("--seed"),
        QStringLiteral("seed-example"), QStringLiteral("--kubeconfig-out"), kubeconfig, QStringLiteral("--time-scale"),
        QStringLiteral("100"), QStringLiteral("--sync-duration"), QStringLiteral("2s"), QStringLiteral("--lb-delay"),
        QStringLiteral("500ms")});
    const QString line = sim.waitForLine();
    QCOMPARE(line, QStringLiteral("ready ") + kubeconfig);

    QFile file(kubeconfig);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());
    for (const char *context : {"kind", "gcp"}) {
        QVERIFY2(text.contains(QRegularExpression(QStringLiteral("name: \"?%1\"?\\s*$").arg(QLatin1String(context)),
                     QRegularExpression::MultilineOption)),
            context);
    }
    QVERIFY(text.contains(QLatin1String("certificate-authority-data")));
    // Every cluster serves on its own loopback port.
    static const QRegularExpression server(QStringLiteral("server: \"?https://127\\.0\\.0\\.1:([0-9]+)"));
    QSet<int> ports;
    for (auto it = server.globalMatch(text); it.hasNext();) {
        ports.insert(it.next().captured(1).toInt());
    }
    QCOMPARE(ports.size(), 2);
    for (const int port : std::as_const(ports)) {
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), quint16(port));
        QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::ConnectedState, 5000);
    }
    // Exactly one line on stdout.
    QTest::qWait(100);
    QCOMPARE(sim.process().readAllStandardOutput(), QByteArray());

    sim.process().terminate(); // SIGTERM
    QTRY_COMPARE_WITH_TIMEOUT(sim.process().state(), QProcess::NotRunning, 10000);
    QCOMPARE(sim.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(sim.process().exitCode(), 0);
}

void TestVolSyncSim::sigintStopsToo()
{
    QTemporaryDir dir;
    SimProcess sim({QStringLiteral("--clusters"), QStringLiteral("solo"), QStringLiteral("--kubeconfig-out"),
        dir.filePath(QStringLiteral("kc"))});
    QVERIFY(sim.waitForLine().startsWith(QLatin1String("ready ")));
    ::kill(pid_t(sim.process().processId()), SIGINT);
    QTRY_COMPARE_WITH_TIMEOUT(sim.process().state(), QProcess::NotRunning, 10000);
    QCOMPARE(sim.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(sim.process().exitCode(), 0);
}

void TestVolSyncSim::badArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QString out = QStringLiteral("--kubeconfig-out");
    const QString path = QStringLiteral("/tmp/never-written-kubeconfig");
    QTest::newRow("unknown seed") << QStringList {out, path, QStringLiteral("--seed"), QStringLiteral("nope")}
                                  << QStringLiteral("seed-example");
    QTest::newRow("no kubeconfig") << QStringList {} << QStringLiteral("--kubeconfig-out");
    QTest::newRow("time scale 0") << QStringList {out, path, QStringLiteral("--time-scale"), QStringLiteral("0")}
                                  << QStringLiteral("--time-scale");
    QTest::newRow("bad duration") << QStringList {out, path, QStringLiteral("--sync-duration"),
        QStringLiteral("5 minutes")}
                                  << QStringLiteral("Go-style");
    QTest::newRow("bad lb delay") << QStringList {out, path, QStringLiteral("--lb-delay"), QStringLiteral("5")}
                                  << QStringLiteral("--lb-delay");
    QTest::newRow("fail rate 2") << QStringList {out, path, QStringLiteral("--fail-rate"), QStringLiteral("2")}
                                 << QStringLiteral("from 0 to 1");
    QTest::newRow("same cluster twice") << QStringList {out, path, QStringLiteral("--clusters"), QStringLiteral("a,a")}
                                        << QStringLiteral("twice");
    QTest::newRow("bad cluster name") << QStringList {out, path, QStringLiteral("--clusters"), QStringLiteral("a b")}
                                      << QStringLiteral("cluster name");
}

void TestVolSyncSim::badArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QProcess process;
    process.start(simProgram(), arguments);
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 2);
    QCOMPARE(process.readAllStandardOutput(), QByteArray());
    const QString error = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(error.contains(message), qPrintable(error));
    QVERIFY(!QFile::exists(QStringLiteral("/tmp/never-written-kubeconfig")));
}

void TestVolSyncSim::stateDirKeepsObjects()
{
    if (!hasKubectl()) {
        QSKIP("kubectl is not installed");
    }
    QTemporaryDir dir;
    const QString state = dir.filePath(QStringLiteral("state"));
    const QString kubeconfig = dir.filePath(QStringLiteral("kc"));
    const QStringList arguments {QStringLiteral("--clusters"), QStringLiteral("kind,gcp"), QStringLiteral("--seed"),
        QStringLiteral("seed-example"), QStringLiteral("--kubeconfig-out"), kubeconfig, QStringLiteral("--state-dir"),
        state};
    int exitCode = -1;
    {
        SimProcess sim(arguments);
        QVERIFY(sim.waitForLine().startsWith(QLatin1String("ready ")));
        const QString output = kubectl(kubeconfig, QStringLiteral("gcp"),
            {QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("-")}, &exitCode,
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: persisted\n");
        QVERIFY2(exitCode == 0, qPrintable(output));
        sim.process().terminate();
        QTRY_COMPARE_WITH_TIMEOUT(sim.process().state(), QProcess::NotRunning, 10000);
        QCOMPARE(sim.process().exitCode(), 0);
    }
    {
        SimProcess sim(arguments);
        QVERIFY(sim.waitForLine().startsWith(QLatin1String("ready ")));
        QString output = kubectl(kubeconfig, QStringLiteral("gcp"),
            {QStringLiteral("get"), QStringLiteral("namespace"), QStringLiteral("persisted"), QStringLiteral("-o"),
                QStringLiteral("name")},
            &exitCode);
        QVERIFY2(exitCode == 0, qPrintable(output));
        QCOMPARE(output.trimmed(), QStringLiteral("namespace/persisted"));
        // Restored, not seeded a second time: still one busybox pod.
        output = kubectl(kubeconfig, QStringLiteral("kind"),
            {QStringLiteral("get"), QStringLiteral("pods"), QStringLiteral("-A"), QStringLiteral("-o"),
                QStringLiteral("name")},
            &exitCode);
        QCOMPARE(output.trimmed(), QStringLiteral("pod/busybox"));
        sim.process().terminate();
        QTRY_COMPARE_WITH_TIMEOUT(sim.process().state(), QProcess::NotRunning, 10000);
    }
}

void TestVolSyncSim::operatorThroughKubectl()
{
    if (!hasKubectl()) {
        QSKIP("kubectl is not installed");
    }
    QTemporaryDir dir;
    const QString kubeconfig = dir.filePath(QStringLiteral("kc"));
    SimProcess sim({QStringLiteral("--clusters"), QStringLiteral("kind,gcp"), QStringLiteral("--seed"),
        QStringLiteral("seed-example"), QStringLiteral("--kubeconfig-out"), kubeconfig, QStringLiteral("--time-scale"),
        QStringLiteral("100"), QStringLiteral("--lb-delay"), QStringLiteral("2s")});
    QVERIFY(sim.waitForLine().startsWith(QLatin1String("ready ")));
    int exitCode = -1;
    QString output = kubectl(kubeconfig, QStringLiteral("gcp"),
        {QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("-")}, &exitCode,
        "apiVersion: volsync.backube/v1alpha1\n"
        "kind: ReplicationDestination\n"
        "metadata:\n  name: datavol-dst\n  namespace: destns\n"
        "spec:\n  rsync:\n    copyMethod: Snapshot\n    capacity: 3Gi\n    accessModes: [ReadWriteOnce]\n"
        "    serviceType: LoadBalancer\n");
    QVERIFY2(exitCode == 0, qPrintable(output));
    QString address;
    QVERIFY(QTest::qWaitFor(
        [&] {
            address = kubectl(kubeconfig, QStringLiteral("gcp"),
                {QStringLiteral("get"), QStringLiteral("replicationdestination"), QStringLiteral("-n"),
                    QStringLiteral("destns"), QStringLiteral("datavol-dst"), QStringLiteral("-o"),
                    QStringLiteral("jsonpath={.status.rsync.address}")},
                &exitCode);
            return exitCode == 0 && !address.isEmpty();
        },
        15000));
    QVERIFY2(QRegularExpression(QStringLiteral("^[0-9.]+$")).match(address).hasMatch(), qPrintable(address));
    output = kubectl(kubeconfig, QStringLiteral("gcp"),
        {QStringLiteral("get"), QStringLiteral("secret"), QStringLiteral("-n"), QStringLiteral("destns"),
            QStringLiteral("volsync-rsync-dst-src-datavol-dst"), QStringLiteral("-o"),
            QStringLiteral("jsonpath={.data.source\\.pub}")},
        &exitCode);
    QVERIFY2(exitCode == 0 && !output.isEmpty(), qPrintable(output));
    sim.process().terminate();
    QTRY_COMPARE_WITH_TIMEOUT(sim.process().state(), QProcess::NotRunning, 10000);
}

QTEST_GUILESS_MAIN(TestVolSyncSim)
#include "test_volsyncsim.moc"
