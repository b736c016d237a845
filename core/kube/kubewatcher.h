// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "kubeerror.h"
#include "kubeobjectcache.h"
#include "kuberequest.h"
#include "kuberesource.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QPointer>

#include <functional>

class KubeClient;
class KubeReply;
class QTimer;

/// List + watch of one resource type in one namespace (empty = all namespaces), feeding a local cache.
/// 1. LIST (paged), then WATCH from the list's resourceVersion with bookmarks and a randomised timeout;
/// 2. on a clean close, resume from the last seen resourceVersion;
/// 3. on 410 Gone (HTTP or ERROR event), relist and emit the differences as added/modified/deleted;
/// 4. after network errors, reconnect with jittered exponential backoff.
/// The engine and models wait on these signals instead of polling. The signals come from KubeEventPump: in the
/// order of the stream, a few milliseconds' worth per turn of the event loop (see there).
class KubeWatcher : public QObject
{
    Q_OBJECT
public:
    KubeWatcher(
        KubeClient *client, const KubeResource &resource, const QString &namespaceName = {}, QObject *parent = nullptr);
    ~KubeWatcher() override;

    void setLabelSelector(const QString &selector);
    void setFieldSelector(const QString &selector);
    /// Reconnect backoff (default 500 ms doubling up to 30 s).
    void setBackoff(int initialMs, int maxMs);
    /// Upper bound for the randomised watch timeoutSeconds (default 300; the actual value is in [max/2, max]).
    void setWatchTimeoutSeconds(int maxSeconds);
    /// Page size for the list (default 500).
    void setPageSize(int limit);

    void start();
    void stop();
    [[nodiscard]] bool isRunning() const { return mRunning; }
    /// True once the first list completed (the cache then reflects the server).
    [[nodiscard]] bool hasSynced() const { return mSynced; }

    [[nodiscard]] const KubeObjectCache &cache() const { return mCache; }
    [[nodiscard]] std::optional<QJsonObject> object(const QString &namespaceName, const QString &name) const;
    [[nodiscard]] QList<QJsonObject> objects() const { return mCache.objects(); }
    [[nodiscard]] QString lastResourceVersion() const { return mResourceVersion; }
    [[nodiscard]] KubeResource resource() const { return mResource; }
    [[nodiscard]] QString namespaceName() const { return mNamespace; }

    // Counters (diagnostics and tests).
    [[nodiscard]] int listCount() const { return mListCount; }
    [[nodiscard]] int watchCount() const { return mWatchCount; }

Q_SIGNALS:
    void added(const QJsonObject &object);
    void modified(const QJsonObject &object, const QJsonObject &previous);
    void deleted(const QJsonObject &object);
    /// After the first list and after every relist.
    void synced();
    /// A list or watch failed; the watcher keeps retrying (with backoff).
    void errorOccurred(const KubeError &error);

private:
    void startList(const QString &continueToken);
    void startWatch();
    void scheduleReconnect(bool relist);
    void applyListed();
    /// Runs `work` through the thread's KubeEventPump, unless stop() or a fresh list comes first.
    void later(std::function<void()> work);
    void handleEvent(const struct KubeWatchEvent &event);
    [[nodiscard]] bool isOlderThanCached(const QJsonObject &object) const;

    QPointer<KubeClient> mClient;
    KubeResource mResource;
    QString mNamespace;
    QString mLabelSelector;
    QString mFieldSelector;
    int mBackoffInitialMs = 500;
    int mBackoffMaxMs = 30000;
    int mBackoffMs = 0;
    int mWatchTimeoutMax = 300;
    int mPageSize = 500;
    bool mRunning = false;
    bool mSynced = false;
    bool mRelistPending = false;
    KubeObjectCache mCache;
    QList<QJsonObject> mListed; // pages of the list in progress
    QString mResourceVersion;
    QString mListResourceVersion;
    QPointer<KubeReply> mReply;
    QTimer *mRetryTimer = nullptr;
    QElapsedTimer mWatchClock;
    bool mWatchHadEvents = false;
    int mEpoch = 0; ///< bumped by stop() and by a fresh list: work still in the pump from before is dropped
    int mListCount = 0;
    int mWatchCount = 0;
};
