// SPDX-License-Identifier: GPL-3.0-or-later
// The main window while 50 relationships sync every 2 s (simulated minute at 30x): how late a 10 ms timer on
// the GUI thread fires at worst (the longest the window cannot react), how much GUI-thread CPU time lies between
// two ticks at worst (the same without the other processes on the machine), and the process's memory.
// The simulator runs in a thread of its own so that its work is not counted (VOLSYNC_BENCH_SIM_THREAD=0 puts it
// on the GUI thread). VOLSYNC_BENCH_SECONDS sets the measured time (default 30). Offscreen by default.
#include "mainwindow.h"
#include "manyrelationshipsworld.h"
#include "models/activitylogmodel.h"
#include "models/relationshipsmodel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QStandardPaths>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <ctime>
#include <vector>

namespace {
/// CPU time of the calling thread in microseconds: unlike the wall clock, not inflated when other processes
/// take the cores.
qint64 threadCpuMicros()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

/// VmRSS / VmHWM of this process in MiB.
double statusMiB(const char *key)
{
    QFile file(QStringLiteral("/proc/self/status"));
    if (!file.open(QIODevice::ReadOnly)) {
        return -1;
    }
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(key)) {
            return line.mid(qstrlen(key) + 1).trimmed().split(' ').value(0).toDouble() / 1024.0;
        }
    }
    return -1;
}
} // namespace

class BenchManyRelationships : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void guiThreadStallsWhileFiftySync();

private:
    QThread mSimThread;
    ManyRelationshipsWorld *mWorld = nullptr;
    bool mOwnThread = true;
    bool mReady = false;
    QString mFailure;
};

void BenchManyRelationships::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    mOwnThread = qEnvironmentVariable("VOLSYNC_BENCH_SIM_THREAD", QStringLiteral("1")) != QLatin1String("0");
    mWorld = new ManyRelationshipsWorld(ManyRelationshipsWorld::Options());
    // Queued: the world may live in the other thread.
    connect(
        mWorld, &ManyRelationshipsWorld::ready, this, [this] { mReady = true; }, Qt::QueuedConnection);
    connect(
        mWorld, &ManyRelationshipsWorld::failed, this,
        [this](const QString &message) { mFailure = message.isEmpty() ? QStringLiteral("failed") : message; },
        Qt::QueuedConnection);
    if (mOwnThread) {
        mWorld->moveToThread(&mSimThread);
        connect(&mSimThread, &QThread::finished, mWorld, &QObject::deleteLater);
        mSimThread.start();
    }
    QMetaObject::invokeMethod(mWorld, &ManyRelationshipsWorld::start, Qt::QueuedConnection);
    QTRY_VERIFY_WITH_TIMEOUT(mReady || !mFailure.isEmpty(), 180000);
    QVERIFY2(mFailure.isEmpty(), qPrintable(mFailure));
}

void BenchManyRelationships::cleanupTestCase()
{
    if (mOwnThread) {
        QMetaObject::invokeMethod(mWorld, &ManyRelationshipsWorld::stop, Qt::BlockingQueuedConnection);
        mSimThread.quit();
        mSimThread.wait();
    } else {
        delete mWorld;
    }
    mWorld = nullptr;
}

void BenchManyRelationships::guiThreadStallsWhileFiftySync()
{
    const double rssBefore = statusMiB("VmRSS:");
    MainWindowOptions options;
    options.kubeconfig = mWorld->kubeconfigPath();
    options.configDir = mWorld->configDir();
    options.restoreSettings = false;
    auto *window = new MainWindow(options);
    window->resize(1280, 900);
    window->show();
    QElapsedTimer startup;
    startup.start();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QTRY_VERIFY_WITH_TIMEOUT(window->isKubeconfigLoaded(), 60000); // read on a worker thread
    RelationshipsModel *model = window->relationshipsModel();
    QTRY_VERIFY_WITH_TIMEOUT(
        [&]() {
            for (int r = 0; r < model->rowCount(); ++r) {
                if (!model->index(r, 0).data(RelationshipsModel::ReadyRole).toBool()) {
                    return false;
                }
            }
            return model->rowCount() == 50;
        }(),
        120000);
    const qint64 readyMs = startup.elapsed();

    int syncs = 0;
    int statusChanges = 0;
    connect(model, &RelationshipsModel::syncObserved, this, [&syncs] { ++syncs; });
    connect(model, &RelationshipsModel::statusChanged, this, [&statusChanges] { ++statusChanges; });
    const int seconds = qEnvironmentVariableIntValue("VOLSYNC_BENCH_SECONDS") > 0
        ? qEnvironmentVariableIntValue("VOLSYNC_BENCH_SECONDS")
        : 30;
    std::vector<qint64> lateness; // microseconds per tick
    std::vector<qint64> busy; // GUI-thread CPU microseconds between two ticks
    lateness.reserve(size_t(seconds) * 100);
    busy.reserve(size_t(seconds) * 100);
    QElapsedTimer clock;
    clock.start();
    qint64 last = clock.nsecsElapsed();
    qint64 lastCpu = threadCpuMicros();
    const qint64 cpuStart = lastCpu;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(10);
    connect(&tick, &QTimer::timeout, this, [&] {
        const qint64 now = clock.nsecsElapsed();
        const qint64 cpu = threadCpuMicros();
        lateness.push_back(qMax<qint64>(0, (now - last) / 1000 - 10000));
        busy.push_back(cpu - lastCpu);
        last = now;
        lastCpu = cpu;
    });
    tick.start();
    const int logBefore = window->activityLog()->rowCount();
    QTest::qWait(seconds * 1000);
    tick.stop();
    const qint64 cpuUsed = threadCpuMicros() - cpuStart;
    window->activityLog()->flush();

    std::vector<qint64> sorted = lateness;
    std::sort(sorted.begin(), sorted.end());
    const auto at = [&sorted](double q) {
        return sorted.empty() ? 0.0 : sorted.at(size_t(q * double(sorted.size() - 1))) / 1000.0;
    };
    std::sort(busy.begin(), busy.end());
    const auto busyAt
        = [&busy](double q) { return busy.empty() ? 0.0 : busy.at(size_t(q * double(busy.size() - 1))) / 1000.0; };
    qInfo().noquote() << QStringLiteral("simulator on %1; 50 relationships ready after %2 ms")
                             .arg(mOwnThread ? QStringLiteral("its own thread") : QStringLiteral("the GUI thread"))
                             .arg(readyMs);
    qInfo().noquote() << QStringLiteral("%1 s measured: %2 syncs seen, %3 status changes, %4 activity log entries")
                             .arg(seconds)
                             .arg(syncs)
                             .arg(statusChanges)
                             .arg(window->activityLog()->rowCount() - logBefore);
    qInfo().noquote() << QStringLiteral("GUI thread, 10 ms timer lateness: max %1 ms, p99 %2 ms, p50 %3 ms (%4 ticks)")
                             .arg(at(1.0), 0, 'f', 1)
                             .arg(at(0.99), 0, 'f', 1)
                             .arg(at(0.5), 0, 'f', 1)
                             .arg(sorted.size());
    qInfo().noquote() << QStringLiteral("GUI thread CPU between two ticks: max %1 ms, p99 %2 ms; %3 % of one core")
                             .arg(busyAt(1.0), 0, 'f', 1)
                             .arg(busyAt(0.99), 0, 'f', 1)
                             .arg(100.0 * double(cpuUsed) / (seconds * 1e6), 0, 'f', 1);
    qInfo().noquote() << QStringLiteral("memory: RSS %1 MiB before the window, %2 MiB after, peak %3 MiB")
                             .arg(rssBefore, 0, 'f', 1)
                             .arg(statusMiB("VmRSS:"), 0, 'f', 1)
                             .arg(statusMiB("VmHWM:"), 0, 'f', 1);
    QVERIFY(syncs > 0);
    delete window;
}

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("volsync-desktop-bench"));
    BenchManyRelationships bench;
    return QTest::qExec(&bench, argc, argv);
}

#include "bench_manyrelationships.moc"
