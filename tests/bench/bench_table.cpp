// SPDX-License-Identifier: GPL-3.0-or-later
// `make bench`: runs the benchmark processes and prints one table of figures, each with its goal (issue 11) and,
// where kubectl does the same thing, kubectl's figure measured in the same run. Whole processes are timed (median
// of 5 runs) and their peak memory comes from /usr/bin/time; the simulated clusters run in a process of their own
// (bench_world) so that the GUI's memory is the GUI's. Not a test: the figures depend on the machine and its load.
// VOLSYNC_BENCH_RUNS sets the runs per figure (default 5); VOLSYNC_BENCH_ONLY=fifty,fleet,startup,contexts,sync
// runs only some parts.
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <optional>
#include <vector>

namespace {
QString gBenchDir; // bench_* executables
QString gBinDir; // volsyncctl
QTemporaryDir *gTmp = nullptr;
int gRuns = 5;

void say(const QString &text)
{
    std::fprintf(stderr, "%s\n", qPrintable(text));
    std::fflush(stderr);
}

double median(std::vector<double> values)
{
    if (values.empty())
        return std::nan(""); // no figure (shown as n/a; never meets a goal)
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

QProcessEnvironment benchEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QString home = gTmp->filePath(QStringLiteral("home"));
    QDir().mkpath(home + QStringLiteral("/run"));
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), home + QStringLiteral("/run"));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.remove(QStringLiteral("KUBECONFIG"));
    return env;
}

struct Timed {
    bool ok = false;
    double wallS = 0;
    double peakMiB = 0;
    QByteArray out;
};

/// Runs a whole process under /usr/bin/time: wall time and peak RSS.
Timed timed(const QString &program, const QStringList &args, int timeoutMs = 600000)
{
    const QString report = gTmp->filePath(QStringLiteral("time.txt"));
    QFile::remove(report);
    QProcess process;
    process.setProcessEnvironment(benchEnvironment());
    process.start(QStringLiteral("/usr/bin/time"),
        QStringList {QStringLiteral("-f"), QStringLiteral("%e %M"), QStringLiteral("-o"), report, program} + args);
    Timed result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        say(QStringLiteral("%1: timed out").arg(program));
        return result;
    }
    result.out = process.readAllStandardOutput();
    if (process.exitCode() != 0) {
        say(QStringLiteral("%1 %2: exit %3: %4")
                .arg(program, args.join(QLatin1Char(' ')))
                .arg(process.exitCode())
                .arg(QString::fromLocal8Bit(process.readAllStandardError().right(2000))));
        return result;
    }
    QFile file(report);
    if (!file.open(QIODevice::ReadOnly))
        return result;
    const QList<QByteArray> fields = file.readAll().trimmed().split('\n').constLast().split(' ');
    result.wallS = fields.value(0).toDouble();
    result.peakMiB = fields.value(1).toDouble() / 1024.0;
    result.ok = true;
    return result;
}

/// bench_world in the background until stop().
class World
{
public:
    bool start(const QStringList &args)
    {
        mProcess.setProcessEnvironment(benchEnvironment());
        mProcess.setProcessChannelMode(QProcess::SeparateChannels);
        mProcess.start(gBenchDir + QStringLiteral("/bench_world"), args);
        QByteArray seen;
        QElapsedTimer clock;
        clock.start();
        while (!seen.contains("ready\n") && clock.elapsed() < 600000) {
            if (mProcess.state() == QProcess::NotRunning) {
                say(QStringLiteral("bench_world failed: ") + QString::fromLocal8Bit(mProcess.readAllStandardError()));
                return false;
            }
            mProcess.waitForReadyRead(1000);
            seen += mProcess.readAllStandardOutput();
        }
        for (const QByteArray &line : seen.split('\n')) {
            if (line.startsWith("kubeconfig="))
                kubeconfig = QString::fromLocal8Bit(line.mid(11));
            else if (line.startsWith("configdir="))
                configDir = QString::fromLocal8Bit(line.mid(10));
        }
        return seen.contains("ready\n");
    }
    /// The "synced NAME EPOCH_MS" lines printed since the last call (bench_world --report-syncs).
    QList<QPair<QString, qint64>> syncs()
    {
        while (mProcess.waitForReadyRead(50))
            mPending += mProcess.readAllStandardOutput();
        mPending += mProcess.readAllStandardOutput();
        QList<QPair<QString, qint64>> result;
        qsizetype end = 0;
        while ((end = mPending.indexOf('\n')) >= 0) {
            const QList<QByteArray> fields = mPending.left(end).split(' ');
            mPending.remove(0, end + 1);
            if (fields.size() == 3 && fields.at(0) == "synced")
                result.append({QString::fromUtf8(fields.at(1)), fields.at(2).toLongLong()});
        }
        return result;
    }
    void stop()
    {
        mProcess.closeWriteChannel();
        if (!mProcess.waitForFinished(30000)) {
            mProcess.kill();
            mProcess.waitForFinished();
        }
    }
    ~World() { stop(); }
    QString kubeconfig;
    QString configDir;

private:
    QProcess mProcess;
    QByteArray mPending;
};

struct GuiFigures {
    double readyS = std::nan("");
    double watches = std::nan("");
    double connections = std::nan("");
    double stallMs = std::nan("");
    double busyMs = std::nan("");
    double peakMiB = std::nan("");
};

GuiFigures runGui(const QString &kubeconfig, const QString &configDir, int rows, int seconds)
{
    std::vector<double> ready, watches, connections, stall, busy, peak;
    for (int i = 0; i < gRuns; ++i) {
        const Timed run = timed(gBenchDir + QStringLiteral("/bench_gui"),
            {QStringLiteral("--kubeconfig"), kubeconfig, QStringLiteral("--config-dir"), configDir,
                QStringLiteral("--rows"), QString::number(rows), QStringLiteral("--seconds"),
                QString::number(seconds)});
        if (!run.ok)
            continue;
        const QJsonObject o = QJsonDocument::fromJson(run.out.trimmed().split('\n').constLast()).object();
        ready.push_back(o.value(QLatin1String("readyMs")).toDouble() / 1000.0);
        watches.push_back(o.value(QLatin1String("watches")).toDouble());
        connections.push_back(o.value(QLatin1String("connections")).toDouble());
        stall.push_back(o.value(QLatin1String("stallMs")).toDouble());
        busy.push_back(o.value(QLatin1String("busyMs")).toDouble());
        peak.push_back(run.peakMiB);
        say(QStringLiteral("  gui run %1: %2, peak %3 MiB")
                .arg(i + 1)
                .arg(QString::fromUtf8(run.out.trimmed()))
                .arg(run.peakMiB, 0, 'f', 1));
    }
    return {median(ready), median(watches), median(connections), median(stall), median(busy), median(peak)};
}

/// A kubeconfig of `count` contexts, each with its own cluster (CA data) and user (client certificate and key
/// data), about 1.5 KB per context like a real one.
QString writeKubeconfig(int count)
{
    const QString path = gTmp->filePath(QStringLiteral("kubeconfig-%1").arg(count));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    QRandomGenerator random(42);
    const auto blob = [&random](int bytes) {
        QByteArray data(bytes, Qt::Uninitialized);
        for (char &c : data)
            c = char(random.bounded(256));
        return data.toBase64();
    };
    QByteArray text = "apiVersion: v1\nkind: Config\npreferences: {}\ncurrent-context: ctx-0000\nclusters:\n";
    for (int i = 0; i < count; ++i) {
        text += "- name: cluster-" + QByteArray::number(i).rightJustified(4, '0') + "\n  cluster:\n"
            + "    certificate-authority-data: " + blob(420)
            + "\n    server: https://127.0.0.1:" + QByteArray::number(20000 + i) + "\n";
    }
    text += "users:\n";
    for (int i = 0; i < count; ++i) {
        text += "- name: user-" + QByteArray::number(i).rightJustified(4, '0') + "\n  user:\n"
            + "    client-certificate-data: " + blob(360) + "\n    client-key-data: " + blob(120) + "\n";
    }
    text += "contexts:\n";
    for (int i = 0; i < count; ++i) {
        const QByteArray n = QByteArray::number(i).rightJustified(4, '0');
        text += "- name: ctx-" + n + "\n  context:\n    cluster: cluster-" + n + "\n    user: user-" + n
            + "\n    namespace: ns-" + n + "\n";
    }
    file.write(text);
    return path;
}

/// Exec to the line "shown" of bench_startup (the window's first frame), median over the runs.
double startupMs(const QString &kubeconfig)
{
    std::vector<double> values;
    for (int i = 0; i < gRuns; ++i) {
        QProcess process;
        process.setProcessEnvironment(benchEnvironment());
        QElapsedTimer clock;
        clock.start();
        process.start(gBenchDir + QStringLiteral("/bench_startup"),
            {QStringLiteral("--kubeconfig"), kubeconfig, QStringLiteral("--config-dir"),
                gTmp->filePath(QStringLiteral("empty-config-dir"))});
        QByteArray seen;
        double shownMs = -1;
        while (process.state() != QProcess::NotRunning || process.bytesAvailable() > 0) {
            process.waitForReadyRead(50);
            seen += process.readAllStandardOutput();
            if (seen.contains("shown\n")) {
                shownMs = double(clock.nsecsElapsed()) / 1e6;
                break;
            }
            if (clock.elapsed() > 60000)
                break;
        }
        if (!process.waitForFinished(60000))
            process.kill();
        process.waitForFinished();
        if (shownMs >= 0)
            values.push_back(shownMs);
    }
    return median(values);
}

QString number(double value, int decimals)
{
    return std::isnan(value) ? QStringLiteral("n/a") : QString::number(value, 'f', decimals);
}

QString loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    return file.open(QIODevice::ReadOnly) ? QString::fromLatin1(file.readAll().split(' ').mid(0, 3).join(' '))
                                          : QString();
}

QString cpuModel()
{
    QFile file(QStringLiteral("/proc/cpuinfo"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith("model name"))
            return QString::fromLatin1(line.mid(line.indexOf(':') + 1).trimmed());
    }
    return {};
}

double memTotalGiB()
{
    QFile file(QStringLiteral("/proc/meminfo"));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    return file.readLine().simplified().split(' ').value(1).toDouble() / 1024.0 / 1024.0;
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    gBenchDir = QCoreApplication::applicationDirPath();
    gBinDir = QStringLiteral(VOLSYNC_BIN_DIR);
    if (qEnvironmentVariableIntValue("VOLSYNC_BENCH_RUNS") > 0)
        gRuns = qEnvironmentVariableIntValue("VOLSYNC_BENCH_RUNS");
    QTemporaryDir tmp;
    gTmp = &tmp;
    QDir().mkpath(tmp.filePath(QStringLiteral("empty-config-dir")));
    const QString loadBefore = loadAverage();
    // VOLSYNC_BENCH_ONLY=fifty,fleet,startup,contexts,sync runs only those parts (all by default).
    const QStringList only = qEnvironmentVariable("VOLSYNC_BENCH_ONLY").split(QLatin1Char(','), Qt::SkipEmptyParts);
    const auto wanted = [&only](const QString &part) { return only.isEmpty() || only.contains(part); };
    QStringList rows;
    const auto row = [&rows](const QString &figure, const QString &goal, const QString &measured,
                         const QString &kubectl = QStringLiteral("—"), bool met = true) {
        rows.append(QStringLiteral("| %1 | %2 | %3 | %4 | %5 |")
                        .arg(figure, goal, measured, kubectl, met ? QStringLiteral("yes") : QStringLiteral("**no**")));
    };

    if (wanted(QStringLiteral("fifty"))) {
        // 1. 50 relationships on one cluster, the simulator in its own process.
        say(QStringLiteral("50 relationships on one simulated cluster…"));
        GuiFigures fifty;
        GuiFigures idle;
        {
            World world;
            if (world.start({QStringLiteral("--count"), QStringLiteral("50")})) {
                fifty = runGui(world.kubeconfig, world.configDir, 50, 10);
                say(QStringLiteral("one context, no relationship…"));
                idle = runGui(world.kubeconfig, tmp.filePath(QStringLiteral("empty-config-dir")), 0, 5);
            }
        }
        row(QStringLiteral("watches per cluster, 50 relationships on one cluster"), QStringLiteral("≤ 4"),
            number(fifty.watches, 0), QStringLiteral("—"), fifty.watches >= 0 && fifty.watches <= 4);
        row(QStringLiteral("connections per cluster, 50 relationships"), QStringLiteral("≤ 8"),
            number(fifty.connections, 0), QStringLiteral("—"), fifty.connections >= 0 && fifty.connections <= 8);
        row(QStringLiteral("50 relationships: start to every row ready"), QStringLiteral("≤ 1 s"),
            number(fifty.readyS, 2) + QStringLiteral(" s"), QStringLiteral("—"),
            fifty.readyS >= 0 && fifty.readyS <= 1.0);
        row(QStringLiteral("GUI peak RSS, 50 live relationships (simulator out of process)"),
            QStringLiteral("≤ 60 MiB"),
            number(fifty.peakMiB, 1)
                + QStringLiteral(" MiB (one context, no relationship: %1 MiB)").arg(number(idle.peakMiB, 1)),
            QStringLiteral("—"), fifty.peakMiB >= 0 && fifty.peakMiB <= 60);
    }
    if (wanted(QStringLiteral("fleet"))) {
        // 2. 500 relationships over 20 clusters.
        say(QStringLiteral("500 relationships over 20 simulated clusters…"));
        GuiFigures fleet;
        {
            World world;
            if (world.start({QStringLiteral("--count"), QStringLiteral("500"), QStringLiteral("--clusters"),
                    QStringLiteral("20")}))
                fleet = runGui(world.kubeconfig, world.configDir, 500, 10);
        }
        row(QStringLiteral("500 relationships over 20 clusters: start to every row ready"), QStringLiteral("≤ 3 s"),
            number(fleet.readyS, 2) + QStringLiteral(" s"), QStringLiteral("—"),
            fleet.readyS >= 0 && fleet.readyS <= 3);
        row(QStringLiteral("500 relationships: worst GUI-thread stall (wall; GUI-thread CPU in brackets)"),
            QStringLiteral("≤ 50 ms"),
            number(fleet.stallMs, 1) + QStringLiteral(" ms (%1 ms)").arg(number(fleet.busyMs, 1)), QStringLiteral("—"),
            fleet.stallMs >= 0 && fleet.stallMs <= 50);
        row(QStringLiteral("500 relationships: GUI peak RSS"), QStringLiteral("≤ 150 MiB"),
            number(fleet.peakMiB, 1) + QStringLiteral(" MiB"), QStringLiteral("—"),
            fleet.peakMiB >= 0 && fleet.peakMiB <= 150);
    }
    // The 1,000-context file serves both the start-up and the contexts rows.
    QString big;
    if (wanted(QStringLiteral("startup")) || wanted(QStringLiteral("contexts"))) {
        big = writeKubeconfig(1000);
    }
    if (wanted(QStringLiteral("startup"))) {
        // 3. Start-up with 1,000 contexts and with one.
        say(QStringLiteral("start-up…"));
        const QString small = writeKubeconfig(1);
        const double startBig = startupMs(big);
        const double startSmall = startupMs(small);
        row(QStringLiteral("exec to a visible window, 1,000 contexts"), QStringLiteral("≤ 300 ms, ≤ 1-context + 50 ms"),
            number(startBig, 0) + QStringLiteral(" ms (1 context: %1 ms)").arg(number(startSmall, 0)),
            QStringLiteral("—"), startBig >= 0 && startBig <= 300 && startBig <= startSmall + 50);
    }
    if (wanted(QStringLiteral("contexts"))) {
        // 4. volsyncctl contexts against kubectl config get-contexts on the same 1,000-context file.
        say(QStringLiteral("contexts against kubectl…"));
        std::vector<double> ourTime, ourMem, kubectlTime, kubectlMem;
        for (int i = 0; i < gRuns; ++i) {
            const Timed ours = timed(gBinDir + QStringLiteral("/volsyncctl"),
                {QStringLiteral("--kubeconfig"), big, QStringLiteral("contexts")});
            const Timed theirs = timed(QStringLiteral("kubectl"),
                {QStringLiteral("--kubeconfig"), big, QStringLiteral("config"), QStringLiteral("get-contexts")});
            if (ours.ok) {
                ourTime.push_back(ours.wallS);
                ourMem.push_back(ours.peakMiB);
            }
            if (theirs.ok) {
                kubectlTime.push_back(theirs.wallS);
                kubectlMem.push_back(theirs.peakMiB);
            }
        }
        const double t = median(ourTime);
        const double kt = median(kubectlTime);
        const double m = median(ourMem);
        const double km = median(kubectlMem);
        row(QStringLiteral("`volsyncctl contexts`, 1,000 contexts: time"), QStringLiteral("≤ 0.25× kubectl"),
            QStringLiteral("%1 s (%2×)").arg(number(t, 2), number(kt > 0 ? t / kt : std::nan(""), 2)),
            QStringLiteral("%1 s").arg(number(kt, 2)), t >= 0 && kt > 0 && t / kt <= 0.25);
        row(QStringLiteral("`volsyncctl contexts`, 1,000 contexts: peak memory"), QStringLiteral("≤ 0.5× kubectl"),
            QStringLiteral("%1 MiB (%2×)").arg(number(m, 1), number(km > 0 ? m / km : std::nan(""), 2)),
            QStringLiteral("%1 MiB").arg(number(km, 1)), m >= 0 && km > 0 && m / km <= 0.5);
    }
    if (wanted(QStringLiteral("sync"))) {
        // 5. sync: from the moment the simulator's operator marks the mover's run done (its status written; bench_world
        // prints the wall-clock time) to volsyncctl's exit: what the client adds after the mover. Both clocks are this
        // machine's wall clock. volsyncctl runs without /usr/bin/time here, so that nothing else waits for its exit.
        say(QStringLiteral("sync…"));
        std::vector<double> beyond;
        {
            World world;
            if (world.start({QStringLiteral("--count"), QStringLiteral("1"), QStringLiteral("--time-scale"),
                    QStringLiteral("1"), QStringLiteral("--sync-duration"), QStringLiteral("2s"),
                    QStringLiteral("--report-syncs")})) {
                const QStringList args {QStringLiteral("--kubeconfig"), world.kubeconfig,
                    QStringLiteral("--config-dir"), world.configDir, QStringLiteral("replication"),
                    QStringLiteral("-r"), QStringLiteral("vol-01"), QStringLiteral("sync")};
                for (int i = 0; i <= gRuns; ++i) {
                    world.syncs(); // forget earlier runs (scheduled ones included)
                    QProcess sync;
                    sync.setProcessEnvironment(benchEnvironment());
                    const qint64 startedMs = QDateTime::currentMSecsSinceEpoch();
                    sync.start(gBinDir + QStringLiteral("/volsyncctl"), args);
                    const bool finished = sync.waitForFinished(120000);
                    const qint64 exitMs = QDateTime::currentMSecsSinceEpoch();
                    if (!finished || sync.exitCode() != 0) {
                        sync.kill();
                        sync.waitForFinished();
                        say(QStringLiteral("volsyncctl sync failed: ")
                            + QString::fromLocal8Bit(sync.readAllStandardError().right(2000)));
                        continue;
                    }
                    qint64 moverDoneMs = -1;
                    for (const auto &[name, atMs] : world.syncs()) {
                        if (name == QLatin1String("vol-01-src") && atMs >= startedMs && atMs <= exitMs)
                            moverDoneMs = atMs; // the last one: the run this sync asked for
                    }
                    if (i == 0 || moverDoneMs < 0)
                        continue; // the first sync also sets the objects up
                    beyond.push_back(double(exitMs - moverDoneMs));
                    say(QStringLiteral("  sync run %1: %2 ms after the mover").arg(i).arg(exitMs - moverDoneMs));
                }
            }
        }
        const double extra = median(beyond);
        row(QStringLiteral("`sync`: from the mover's run marked done (simulator) to the command's exit"),
            QStringLiteral("≤ 50 ms"), number(extra, 0) + QStringLiteral(" ms"), QStringLiteral("—"),
            !std::isnan(extra) && extra <= 50);
    }

    std::printf("Machine: %s, %d cores, %.1f GiB RAM, %s; load average %s at the start, %s at the end. "
                "Medians of %d runs.\n\n",
        qPrintable(cpuModel()), QThread::idealThreadCount(), memTotalGiB(), qPrintable(QSysInfo::prettyProductName()),
        qPrintable(loadBefore), qPrintable(loadAverage()), gRuns);
    std::printf("| figure | goal | measured | kubectl, same run | goal met |\n|---|---|---|---|---|\n");
    for (const QString &line : std::as_const(rows))
        std::printf("%s\n", qPrintable(line));
    return 0;
}
