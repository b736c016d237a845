// SPDX-License-Identifier: GPL-3.0-or-later
// The GUI as a person starts it, against a world served by another process (bench_world), measured from the
// inside: `bench_gui --kubeconfig K --config-dir D --rows N [--seconds S]` opens the main window, waits until
// all N relationship rows are ready, keeps running S seconds more, and prints one line of JSON:
//   readyMs       from the start of main() to every row ready;
//   watches       the most watch streams open at once to one cluster (from the request observer);
//   connections   the most TCP connections from this process to one cluster's API server, at the end;
//   stallMs       the worst lateness of a 10 ms timer on the GUI thread, from the start to the end;
//   busyMs        the most GUI-thread CPU time between two ticks of that timer (load on the machine excluded);
//   rssMiB        resident memory at the end (the benchmark takes the peak from /usr/bin/time).
// Where the time goes: --progress prints the rows ready and the GUI thread's CPU once a second, --trace every API
// request when it ends (when it was sent, how long it took), --turns every turn of the GUI thread's event loop
// longer than 3 ms (its wall and CPU time, the event and its receiver), all on stderr. VOLSYNC_BENCH_STALLS=1 prints
// every interval between two ticks of the timer with more than 20 ms of GUI-thread CPU.
#include "engine/clustersession.h"
#include "kube/kubeconfig.h"
#include "kube/kuberequestrecord.h"
#include "kube/kubesession.h"
#include "mainwindow.h"
#include "models/relationshipsmodel.h"
#include "turntimingapplication.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QStandardPaths>
#include <QTimer>
#include <QUrl>

#include <cstdio>
#include <ctime>

namespace {
qint64 threadCpuMicros()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

double statusMiB(const char *key)
{
    QFile file(QStringLiteral("/proc/self/status"));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(key))
            return line.mid(qstrlen(key) + 1).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return -1;
}

/// Established TCP connections of this process, by remote port.
QHash<int, int> connectionsByRemotePort()
{
    QSet<QByteArray> inodes;
    const QFileInfoList fds = QDir(QStringLiteral("/proc/self/fd")).entryInfoList(QDir::System | QDir::NoDotAndDotDot);
    for (const QFileInfo &fd : fds) {
        const QString target = fd.symLinkTarget().isEmpty() ? QFile::symLinkTarget(fd.filePath()) : fd.symLinkTarget();
        const QString name = QFileInfo(target).fileName();
        if (name.startsWith(QLatin1String("socket:[")))
            inodes.insert(name.mid(8, name.size() - 9).toLatin1());
    }
    QHash<int, int> result;
    for (const char *table : {"/proc/self/net/tcp", "/proc/self/net/tcp6"}) {
        QFile file(QString::fromLatin1(table));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> lines = file.readAll().split('\n');
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QList<QByteArray> fields = lines.at(i).simplified().split(' ');
            if (fields.size() < 10 || fields.at(3) != "01" || !inodes.contains(fields.at(9)))
                continue; // not established, or not ours
            bool ok = false;
            const int port = fields.at(2).split(':').value(1).toInt(&ok, 16);
            if (ok)
                ++result[port];
        }
    }
    return result;
}
} // namespace

int main(int argc, char **argv)
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    TurnTimingApplication app(argc, argv);
    app.setStartClock(sinceStart);
    QApplication::setApplicationName(QStringLiteral("volsync-desktop-bench"));
    QStandardPaths::setTestModeEnabled(true);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("kubeconfig"), QStringLiteral("Kubeconfig."), QStringLiteral("path")});
    parser.addOption({QStringLiteral("config-dir"), QStringLiteral("Relationship files."), QStringLiteral("dir")});
    parser.addOption(
        {QStringLiteral("rows"), QStringLiteral("Rows to wait for."), QStringLiteral("n"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("seconds"), QStringLiteral("Time measured after every row is ready."),
        QStringLiteral("s"), QStringLiteral("10")});
    parser.addOption({QStringLiteral("progress"), QStringLiteral("Rows ready, every second, on stderr.")});
    parser.addOption({QStringLiteral("trace"),
        QStringLiteral("Every API request on stderr when it ends: when it was sent and how long it took.")});
    parser.addOption({QStringLiteral("turns"),
        QStringLiteral(
            "Every turn of the GUI thread longer than 3 ms on stderr (wall and CPU time, event, receiver).")});
    parser.process(app);
    if (parser.isSet(QStringLiteral("turns")))
        app.setReportAboveUs(3000);
    const int rows = parser.value(QStringLiteral("rows")).toInt();
    const int seconds = parser.value(QStringLiteral("seconds")).toInt();

    // The clusters' API server ports, to count the connections to them.
    KubeConfig::LoadOptions load;
    load.explicitPath = parser.value(QStringLiteral("kubeconfig"));
    QHash<QString, int> portOfContext;
    {
        const KubeConfig config = KubeConfig::load(load);
        for (const KubeContext &context : config.contexts())
            portOfContext.insert(context.name, QUrl(config.resolve(context.name).cluster.server).port());
    }

    // A 10 ms timer on the GUI thread from the very start: how late it fires is how long the window could not react.
    qint64 worstLatenessUs = 0;
    qint64 worstBusyUs = 0;
    QElapsedTimer clock;
    clock.start();
    qint64 last = clock.nsecsElapsed();
    qint64 lastCpu = threadCpuMicros();
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(10);
    qint64 worstLatenessAtMs = 0;
    qint64 worstBusyAtMs = 0;
    const bool stalls = qEnvironmentVariableIsSet("VOLSYNC_BENCH_STALLS");
    QObject::connect(&tick, &QTimer::timeout, &app, [&] {
        const qint64 now = clock.nsecsElapsed();
        const qint64 cpu = threadCpuMicros();
        const qint64 latenessUs = (now - last) / 1000 - 10000;
        if (stalls && cpu - lastCpu > 20000)
            std::fprintf(stderr, "%lld ms: %lld ms late, %lld ms of GUI-thread CPU\n", sinceStart.elapsed(),
                latenessUs / 1000, (cpu - lastCpu) / 1000);
        if (latenessUs > worstLatenessUs) {
            worstLatenessUs = latenessUs;
            worstLatenessAtMs = sinceStart.elapsed();
        }
        if (cpu - lastCpu > worstBusyUs) {
            worstBusyUs = cpu - lastCpu;
            worstBusyAtMs = sinceStart.elapsed();
        }
        last = now;
        lastCpu = cpu;
    });
    tick.start();

    MainWindowOptions options;
    options.kubeconfig = load.explicitPath;
    options.configDir = parser.value(QStringLiteral("config-dir"));
    options.restoreSettings = false;
    MainWindow window(options);
    QHash<QString, int> openWatches; // by context
    QHash<QString, int> mostWatches;
    const bool trace = parser.isSet(QStringLiteral("trace"));
    QObject::connect(&window, &MainWindow::kubeconfigLoaded, &app, [&] {
        QObject::connect(window.clusterSession()->kubeSession(), &KubeSession::requestObserved, &app,
            [&](const KubeRequestRecord &record) {
                if (trace && record.event == KubeRequestRecord::Event::Finished)
                    std::fprintf(stderr, "%lld ms: sent at %lld ms, %lld ms, %s %s\n", sinceStart.elapsed(),
                        sinceStart.elapsed() - record.durationMs, record.durationMs, qPrintable(record.contextName),
                        qPrintable(record.description));
                if (!record.isWatch())
                    return;
                int &open = openWatches[record.contextName];
                open += record.event == KubeRequestRecord::Event::WatchStarted ? 1 : -1;
                mostWatches[record.contextName] = std::max(mostWatches.value(record.contextName), open);
            });
    });
    window.resize(1280, 900);
    window.show();

    qint64 readyMs = -1;
    QTimer poll;
    poll.setInterval(20);
    // --progress: how many rows are ready, once a second on stderr (where the time goes).
    const bool progress = parser.isSet(QStringLiteral("progress"));
    qint64 lastProgress = 0;
    qint64 lastProgressCpu = threadCpuMicros();
    QObject::connect(&poll, &QTimer::timeout, &app, [&] {
        RelationshipsModel *model = window.relationshipsModel();
        if (progress && sinceStart.elapsed() - lastProgress >= 1000) {
            lastProgress = sinceStart.elapsed();
            int ready = 0;
            for (int r = 0; model && r < model->rowCount(); ++r)
                ready += model->index(r, 0).data(RelationshipsModel::ReadyRole).toBool() ? 1 : 0;
            const qint64 cpu = threadCpuMicros();
            std::fprintf(stderr, "%lld ms: %d of %d rows ready (GUI thread: %lld ms of CPU since the last line)\n",
                lastProgress, ready, model ? model->rowCount() : 0, (cpu - lastProgressCpu) / 1000);
            lastProgressCpu = cpu;
        }
        if (!model || model->rowCount() != rows)
            return;
        for (int r = 0; r < rows; ++r) {
            if (!model->index(r, 0).data(RelationshipsModel::ReadyRole).toBool())
                return;
        }
        readyMs = sinceStart.elapsed();
        poll.stop();
        QTimer::singleShot(seconds * 1000, &app, [&] {
            tick.stop();
            const QHash<int, int> connections = connectionsByRemotePort();
            int mostConnections = 0;
            for (auto it = portOfContext.constBegin(); it != portOfContext.constEnd(); ++it)
                mostConnections = std::max(mostConnections, connections.value(it.value()));
            int watches = 0;
            for (const int n : std::as_const(mostWatches))
                watches = std::max(watches, n);
            const QJsonObject result {{QStringLiteral("readyMs"), readyMs}, {QStringLiteral("watches"), watches},
                {QStringLiteral("connections"), mostConnections},
                {QStringLiteral("stallMs"), double(worstLatenessUs) / 1000.0},
                {QStringLiteral("busyMs"), double(worstBusyUs) / 1000.0},
                {QStringLiteral("stallAtMs"), worstLatenessAtMs}, {QStringLiteral("busyAtMs"), worstBusyAtMs},
                {QStringLiteral("rssMiB"), statusMiB("VmRSS:")}};
            std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
            std::fflush(stdout);
            QApplication::quit();
        });
    });
    poll.start();
    QTimer::singleShot(300000, &app, [] {
        std::fputs("bench_gui: the rows were not all ready after 300 s\n", stderr);
        QApplication::exit(1);
    });
    return QApplication::exec();
}
