// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QPromise>
#include <QThreadPool>

#include <functional>
#include <memory>

/// Runs `work` on the global thread pool and hands its result to `done` on `context`'s thread, unless `context`
/// is deleted first (then the result is dropped). For reading files off the GUI thread; `work` must not touch
/// `context` or anything it owns.
class WorkerTask
{
public:
    template<typename Result>
    static void run(QObject *context, std::function<Result()> work, std::function<void(const Result &)> done)
    {
        auto promise = std::make_shared<QPromise<Result>>();
        auto *watcher = new QFutureWatcher<Result>(context);
        QObject::connect(watcher, &QFutureWatcher<Result>::finished, context, [watcher, done] {
            const QFuture<Result> future = watcher->future();
            watcher->deleteLater();
            if (future.resultCount() > 0)
                done(future.result());
        });
        watcher->setFuture(promise->future());
        promise->start();
        QThreadPool::globalInstance()->start([promise, work = std::move(work)] {
            promise->addResult(work());
            promise->finish();
        });
    }
};
