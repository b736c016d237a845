// SPDX-License-Identifier: GPL-3.0-or-later
#include "kubeeventpump.h"

#include <QCoreApplication>
#include <QThread>
#include <QTimer>

KubeEventPump *KubeEventPump::forCurrentThread()
{
    static thread_local QPointer<KubeEventPump> pump;
    if (!pump) {
        QCoreApplication *application = QCoreApplication::instance();
        const bool applicationThread = application && application->thread() == QThread::currentThread();
        pump = new KubeEventPump(applicationThread ? application : nullptr);
        if (!applicationThread && QThread::currentThread() != nullptr)
            connect(QThread::currentThread(), &QThread::finished, pump.data(), &QObject::deleteLater);
    }
    return pump;
}

KubeEventPump::KubeEventPump(QObject *parent)
    : QObject(parent)
    , mNextTurn(new QTimer(this))
{
    // A zero timer: it fires in the next turn of the event loop, after the sockets, posted events and other
    // timers that are ready now have had theirs.
    mNextTurn->setSingleShot(true);
    mNextTurn->setInterval(0);
    connect(mNextTurn, &QTimer::timeout, this, &KubeEventPump::runSlice);
}

void KubeEventPump::setSliceBudget(std::chrono::microseconds budget)
{
    mBudget = std::max(std::chrono::microseconds(0), budget);
}

void KubeEventPump::post(QObject *context, std::function<void()> work)
{
    if (!mRunning && mQueue.empty() && sliceHasRoom()) {
        runItem(QPointer<QObject>(context), work);
        return;
    }
    mQueue.push_back({QPointer<QObject>(context), std::move(work)});
    if (!mNextTurn->isActive())
        mNextTurn->start(0);
}

bool KubeEventPump::sliceHasRoom()
{
    if (!mSliceOpen) {
        mSliceOpen = true;
        mSliceClock.start();
        mNextTurn->start(0); // closes this slice in the next turn
        return true;
    }
    return mSliceClock.nsecsElapsed() < std::chrono::nanoseconds(mBudget).count();
}

void KubeEventPump::runSlice()
{
    if (mRunning) {
        // A nested event loop inside an item: the queue goes on after the item (checked again without spinning).
        mNextTurn->start(5);
        return;
    }
    mSliceOpen = false;
    if (mQueue.empty())
        return; // only closing the last slice
    ++mSliceCount;
    sliceHasRoom(); // opens this turn's slice
    do { // at least one item per slice, however small the budget
        const Item item = std::move(mQueue.front());
        mQueue.pop_front();
        runItem(item.context, item.work);
    } while (!mQueue.empty() && sliceHasRoom());
}

void KubeEventPump::runItem(const QPointer<QObject> &context, const std::function<void()> &work)
{
    if (!context)
        return;
    mRunning = true;
    work();
    mRunning = false;
}
