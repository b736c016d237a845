// SPDX-License-Identifier: GPL-3.0-or-later
#include "turntimingapplication.h"

#include <QThread>

#include <cstdio>
#include <ctime>

namespace {
qint64 threadCpuMicros()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}
} // namespace

TurnTimingApplication::TurnTimingApplication(int &argc, char **argv)
    : QApplication(argc, argv)
{
    mStart.start();
}

bool TurnTimingApplication::notify(QObject *receiver, QEvent *event)
{
    // notify() is called on every thread: only the GUI thread's outermost events are turns.
    if (mReportAboveUs <= 0 || mDepth > 0 || QThread::currentThread() != thread())
        return QApplication::notify(receiver, event);
    const qint64 startedMs = mStart.elapsed();
    const char *className = receiver->metaObject()->className(); // (the receiver may be gone afterwards)
    const int type = int(event->type());
    QElapsedTimer wall;
    wall.start();
    const qint64 cpuBefore = threadCpuMicros();
    ++mDepth;
    const bool result = QApplication::notify(receiver, event);
    --mDepth;
    const qint64 wallUs = wall.nsecsElapsed() / 1000;
    if (wallUs > mReportAboveUs) {
        std::fprintf(stderr, "%lld ms: a turn of %.1f ms (%.1f ms of CPU): event %d to a %s\n", startedMs,
            double(wallUs) / 1000.0, double(threadCpuMicros() - cpuBefore) / 1000.0, type, className);
    }
    return result;
}
