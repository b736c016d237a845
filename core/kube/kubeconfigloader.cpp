// SPDX-License-Identifier: GPL-3.0-or-later
#include "kubeconfigloader.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFutureWatcher>
#include <QMutex>
#include <QPromise>
#include <QThreadPool>

#include <memory>

namespace {
QMutex loadFunctionMutex;
KubeConfigLoader::LoadFunction &loadFunction()
{
    static KubeConfigLoader::LoadFunction function;
    return function;
}
} // namespace

KubeConfigLoader::KubeConfigLoader(QObject *parent)
    : QObject(parent)
{ }

KubeConfigLoader::~KubeConfigLoader()
{
    if (mWatcher)
        mWatcher->disconnect(this);
}

void KubeConfigLoader::setLoadFunctionForTests(LoadFunction load)
{
    QMutexLocker locker(&loadFunctionMutex);
    loadFunction() = std::move(load);
}

QByteArray KubeConfigLoader::digestOf(const QStringList &files)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString &path : files) {
        hash.addData(path.toUtf8());
        QFile file(path);
        if (file.open(QIODevice::ReadOnly))
            hash.addData(file.readAll());
    }
    return hash.result();
}

bool KubeConfigLoader::isLoading() const
{
    return mWatcher && !mWatcher->isFinished();
}

void KubeConfigLoader::start(const KubeConfig::LoadOptions &options)
{
    mOptions = options;
    if (mWatcher) {
        mWatcher->disconnect(this);
        mWatcher->deleteLater(); // the worker finishes on its own; nobody reads its result
    }
    LoadFunction load;
    {
        QMutexLocker locker(&loadFunctionMutex);
        load = loadFunction();
    }
    if (!load)
        load = [](const KubeConfig::LoadOptions &o) { return KubeConfig::load(o); };
    auto promise = std::make_shared<QPromise<Result>>();
    mWatcher = new QFutureWatcher<Result>(this);
    QFutureWatcher<Result> *watcher = mWatcher;
    connect(watcher, &QFutureWatcher<Result>::finished, this, [this, watcher] {
        if (watcher != mWatcher)
            return;
        const QFuture<Result> future = watcher->future();
        const Result result = future.resultCount() > 0 ? future.result() : Result();
        Q_EMIT loaded(result.config, result.digest);
    });
    watcher->setFuture(promise->future());
    promise->start();
    QThreadPool::globalInstance()->start([promise, load, options, decode = mDecodeCertificateAuthorities] {
        Result result;
        result.config = load(options);
        if (decode)
            result.config.decodeCertificateAuthorities();
        result.digest = digestOf(result.config.files());
        promise->addResult(result);
        promise->finish();
    });
}
