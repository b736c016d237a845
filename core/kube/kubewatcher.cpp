// SPDX-License-Identifier: GPL-3.0-or-later
#include "kubewatcher.h"

#include "kubeclient.h"
#include "kubeeventpump.h"
#include "kubereply.h"
#include "kubewatchevent.h"

#include "common/logging.h"

#include <QRandomGenerator>
#include <QSet>
#include <QTimer>

#include <algorithm>

namespace {
QString resourceVersionOf(const QJsonObject &object)
{
    return object.value(QLatin1String("metadata")).toObject().value(QLatin1String("resourceVersion")).toString();
}
} // namespace

KubeWatcher::KubeWatcher(
    KubeClient *client, const KubeResource &resource, const QString &namespaceName, QObject *parent)
    : QObject(parent)
    , mClient(client)
    , mResource(resource)
    , mNamespace(resource.namespaced ? namespaceName : QString())
{
    mRetryTimer = new QTimer(this);
    mRetryTimer->setSingleShot(true);
}

KubeWatcher::~KubeWatcher()
{
    stop();
}

void KubeWatcher::setLabelSelector(const QString &selector)
{
    mLabelSelector = selector;
}

void KubeWatcher::setFieldSelector(const QString &selector)
{
    mFieldSelector = selector;
}

void KubeWatcher::setBackoff(int initialMs, int maxMs)
{
    mBackoffInitialMs = std::max(1, initialMs);
    mBackoffMaxMs = std::max(mBackoffInitialMs, maxMs);
}

void KubeWatcher::setWatchTimeoutSeconds(int maxSeconds)
{
    mWatchTimeoutMax = std::max(2, maxSeconds);
}

void KubeWatcher::setPageSize(int limit)
{
    mPageSize = std::max(0, limit);
}

std::optional<QJsonObject> KubeWatcher::object(const QString &namespaceName, const QString &name) const
{
    return mCache.get(mResource.namespaced ? namespaceName : QString(), name);
}

void KubeWatcher::start()
{
    if (mRunning)
        return;
    mRunning = true;
    mBackoffMs = 0;
    startList({});
}

void KubeWatcher::stop()
{
    mRunning = false;
    ++mEpoch; // the work of events still waiting in the pump is dropped
    mRetryTimer->stop();
    mRetryTimer->disconnect(this);
    if (KubeReply *reply = mReply.data()) {
        mReply.clear();
        reply->disconnect(this);
        reply->abort();
    }
}

void KubeWatcher::startList(const QString &continueToken)
{
    if (!mRunning || !mClient)
        return;
    if (continueToken.isEmpty()) {
        mListed.clear();
        ++mEpoch; // a fresh list: what the previous stream still had waiting is superseded
    }
    KubeRequest::ListOptions options;
    options.labelSelector = mLabelSelector;
    options.fieldSelector = mFieldSelector;
    options.limit = mPageSize;
    options.continueToken = continueToken;
    KubeReply *reply = mClient->list(mResource, mNamespace, options);
    mReply = reply;
    ++mListCount;
    connect(reply, &KubeReply::finished, this, [this, reply, continueToken] {
        if (reply != mReply)
            return;
        mReply.clear();
        const bool ok = reply->isOk();
        const KubeError error = reply->error();
        const QList<QJsonObject> items = ok ? reply->items() : QList<QJsonObject>();
        const QString resourceVersion = reply->resourceVersion();
        const QString nextToken = reply->continueToken();
        later([this, continueToken, ok, error, items, resourceVersion, nextToken] {
            if (!ok) {
                if (!continueToken.isEmpty() && error.isGone()) {
                    startList({}); // the continue token expired: list again from the start
                    return;
                }
                Q_EMIT errorOccurred(error);
                scheduleReconnect(true);
                return;
            }
            mListed.append(items);
            // Watch from the first page's version: a server whose later pages are not a snapshot of the first
            // then replays the changes made meanwhile (duplicates are dropped by resourceVersion).
            if (continueToken.isEmpty())
                mListResourceVersion = resourceVersion;
            if (!nextToken.isEmpty()) {
                startList(nextToken);
                return;
            }
            mResourceVersion = mListResourceVersion.isEmpty() ? resourceVersion : mListResourceVersion;
            applyListed();
            mBackoffMs = 0;
            // The watch starts now; its events wait in the pump behind the listed objects.
            startWatch();
        });
    });
}

void KubeWatcher::later(std::function<void()> work)
{
    KubeEventPump::forCurrentThread()->post(this, [this, epoch = mEpoch, work = std::move(work)] {
        if (epoch == mEpoch)
            work();
    });
}

void KubeWatcher::applyListed()
{
    // One object per item of the pump: a first list of hundreds of objects (and what every consumer does with
    // each) is spread over several turns of the event loop.
    QSet<QString> seen;
    const QList<QJsonObject> listed = std::exchange(mListed, {});
    for (const QJsonObject &object : listed) {
        seen.insert(KubeObjectCache::keyOf(object));
        later([this, object] {
            const std::optional<QJsonObject> previous = mCache.upsert(object);
            if (!previous)
                Q_EMIT added(object);
            else if (resourceVersionOf(*previous) != resourceVersionOf(object))
                Q_EMIT modified(object, *previous);
        });
    }
    // Nothing else of this watcher runs before the items above (the previous stream's are dropped), so what the
    // cache holds now and the list does not name is gone.
    const QList<QJsonObject> cached = mCache.objects();
    for (const QJsonObject &object : cached) {
        if (seen.contains(KubeObjectCache::keyOf(object)))
            continue;
        later([this, object] {
            if (const auto removed = mCache.remove(object))
                Q_EMIT deleted(*removed);
        });
    }
    later([this] {
        mSynced = true;
        Q_EMIT synced();
    });
}

void KubeWatcher::startWatch()
{
    if (!mRunning || !mClient)
        return;
    KubeRequest::ListOptions options;
    options.labelSelector = mLabelSelector;
    options.fieldSelector = mFieldSelector;
    options.resourceVersion = mResourceVersion;
    options.allowWatchBookmarks = true;
    const int low = std::max(1, mWatchTimeoutMax / 2);
    options.timeoutSeconds = low + int(QRandomGenerator::global()->bounded(mWatchTimeoutMax - low + 1));
    KubeReply *reply = mClient->watch(mResource, mNamespace, options);
    mReply = reply;
    ++mWatchCount;
    mWatchClock.start();
    mWatchHadEvents = false;
    connect(reply, &KubeReply::event, this, [this, reply](const KubeWatchEvent &event) {
        if (reply != mReply)
            return;
        if (event.type == KubeWatchEvent::Type::Error) {
            const KubeError error = KubeError::fromStatus(event.object);
            mReply.clear();
            reply->disconnect(this);
            reply->abort();
            later([this, error] {
                if (error.isGone()) {
                    qCDebug(lcKube) << "watch of" << mResource.resource << "expired; relisting";
                    startList({});
                } else {
                    Q_EMIT errorOccurred(error);
                    scheduleReconnect(false);
                }
            });
            return;
        }
        later([this, event] { handleEvent(event); });
    });
    connect(reply, &KubeReply::finished, this, [this, reply] {
        if (reply != mReply)
            return;
        mReply.clear();
        const bool ok = reply->isOk();
        const KubeError error = reply->error();
        // After the events still waiting in the pump: the resume starts from the last version they carry.
        later([this, ok, error] {
            if (ok) {
                // A clean close (server timeout): resume from the last resourceVersion. A server that closes
                // every watch at once without events gets the backoff instead of a busy loop.
                if (mWatchClock.elapsed() < 1000 && !mWatchHadEvents)
                    scheduleReconnect(false);
                else
                    startWatch();
                return;
            }
            if (error.isGone()) {
                startList({});
                return;
            }
            if (error.kind() != KubeError::Kind::Transport)
                Q_EMIT errorOccurred(error);
            else
                qCDebug(lcKube).noquote() << "watch of" << mResource.resource << "dropped:" << error.message();
            // Network trouble: resume from the last version; anything else: relist.
            scheduleReconnect(error.kind() != KubeError::Kind::Transport && error.kind() != KubeError::Kind::Timeout);
        });
    });
}

void KubeWatcher::handleEvent(const KubeWatchEvent &event)
{
    mWatchHadEvents = true;
    const QString version = event.resourceVersion();
    if (!version.isEmpty())
        mResourceVersion = version;
    if (event.type != KubeWatchEvent::Type::Bookmark && isOlderThanCached(event.object))
        return; // a replayed change that the cache has already gone past
    switch (event.type) {
    case KubeWatchEvent::Type::Added:
    case KubeWatchEvent::Type::Modified: {
        const std::optional<QJsonObject> previous = mCache.upsert(event.object);
        if (!previous)
            Q_EMIT added(event.object);
        else if (resourceVersionOf(*previous) != resourceVersionOf(event.object))
            Q_EMIT modified(event.object, *previous);
        break;
    }
    case KubeWatchEvent::Type::Deleted:
        if (const auto removed = mCache.remove(event.object))
            Q_EMIT deleted(event.object);
        break;
    case KubeWatchEvent::Type::Bookmark:
    case KubeWatchEvent::Type::Error:
        break;
    }
    mBackoffMs = 0;
}

bool KubeWatcher::isOlderThanCached(const QJsonObject &object) const
{
    // resourceVersions are opaque, but every apiserver (etcd revisions) uses increasing integers; only
    // compare when both are integers.
    const QJsonObject metadata = object.value(QLatin1String("metadata")).toObject();
    const auto cached = mCache.get(
        metadata.value(QLatin1String("namespace")).toString(), metadata.value(QLatin1String("name")).toString());
    if (!cached)
        return false;
    bool newOk = false;
    bool oldOk = false;
    const qulonglong incoming = resourceVersionOf(object).toULongLong(&newOk);
    const qulonglong current = resourceVersionOf(*cached).toULongLong(&oldOk);
    return newOk && oldOk && incoming < current;
}

void KubeWatcher::scheduleReconnect(bool relist)
{
    if (!mRunning)
        return;
    mBackoffMs = mBackoffMs == 0 ? mBackoffInitialMs : std::min(mBackoffMaxMs, mBackoffMs * 2);
    const int delay = int(mBackoffMs * (0.5 + QRandomGenerator::global()->generateDouble() * 0.5));
    mRetryTimer->disconnect(this);
    connect(mRetryTimer, &QTimer::timeout, this, [this, relist] {
        if (relist || mResourceVersion.isEmpty())
            startList({});
        else
            startWatch();
    });
    mRetryTimer->start(delay);
}
