// SPDX-License-Identifier: GPL-3.0-or-later
#include "relationshiplistingloader.h"

#include <QCryptographicHash>
#include <QFutureWatcher>
#include <QPromise>
#include <QThreadPool>

#include <memory>

RelationshipListingLoader::RelationshipListingLoader(QObject *parent)
    : QObject(parent)
{ }

RelationshipListingLoader::~RelationshipListingLoader()
{
    if (mWatcher)
        mWatcher->disconnect(this);
}

RelationshipListingLoader::Digests RelationshipListingLoader::digestsOf(const ReplicationRelationship &relationship)
{
    const auto digest = [](const ReplicationRelationship &rel) {
        return QCryptographicHash::hash(RelationshipStore::serialize(rel), QCryptographicHash::Sha1);
    };
    ReplicationRelationship watched = relationship;
    if (watched.source) {
        watched.source->trigger = ReplicationTrigger();
        watched.source->pendingRestore.reset();
        watched.source->paused = false;
    }
    return {digest(relationship), digest(watched)};
}

bool RelationshipListingLoader::isLoading() const
{
    return mWatcher && !mWatcher->isFinished();
}

void RelationshipListingLoader::start(
    const RelationshipStore &store, const SyncHistory &history, const QSet<QString> &historiesKnown)
{
    if (mWatcher) {
        mWatcher->disconnect(this);
        mWatcher->deleteLater();
    }
    auto promise = std::make_shared<QPromise<Result>>();
    mWatcher = new QFutureWatcher<Result>(this);
    QFutureWatcher<Result> *watcher = mWatcher;
    connect(watcher, &QFutureWatcher<Result>::finished, this, [this, watcher] {
        if (watcher != mWatcher)
            return;
        const QFuture<Result> future = watcher->future();
        Q_EMIT loaded(future.resultCount() > 0 ? future.result() : Result());
    });
    watcher->setFuture(promise->future());
    promise->start();
    QThreadPool::globalInstance()->start([promise, store, history, historiesKnown] {
        Result result;
        result.listing = store.list();
        result.digests.reserve(result.listing.relationships.size());
        for (const ReplicationRelationship &relationship : std::as_const(result.listing.relationships))
            result.digests.append(digestsOf(relationship));
        for (const ReplicationRelationship &relationship : std::as_const(result.listing.relationships)) {
            if (!historiesKnown.contains(relationship.id))
                result.histories.insert(relationship.id, history.records(relationship.id));
        }
        promise->addResult(result);
        promise->finish();
    });
}
