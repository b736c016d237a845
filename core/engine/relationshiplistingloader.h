// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "relationshipstore.h"
#include "synchistory.h"

#include <QHash>
#include <QObject>
#include <QSet>

template<typename T> class QFutureWatcher;

/// Reads the relationship files of a config dir and each relationship's sync history on a worker thread, for the
/// start-up of the GUI (hundreds of small files): RelationshipsModel and its monitors then start without reading.
class RelationshipListingLoader : public QObject
{
    Q_OBJECT
public:
    /// What tells a relationship's changes apart, without keeping or re-making its YAML: a digest of its file's
    /// meaning, and one of the part its monitor watches (the trigger, a pending restore and pausing left out).
    struct Digests {
        QByteArray whole;
        QByteArray watched;
    };
    struct Result {
        RelationshipStore::Listing listing;
        QHash<QString, QList<SyncRecord>> histories; ///< by relationship id
        QList<Digests> digests; ///< one per listing.relationships, same order (made on the worker)
    };

    /// Serializes twice: called on the worker (or for a Result made without digests).
    [[nodiscard]] static Digests digestsOf(const ReplicationRelationship &relationship);

    explicit RelationshipListingLoader(QObject *parent = nullptr);
    ~RelationshipListingLoader() override;

    /// Starts reading; a read still running is superseded (its result is dropped). The histories of the ids in
    /// `historiesKnown` are not read (the caller has them already).
    void start(const RelationshipStore &store, const SyncHistory &history, const QSet<QString> &historiesKnown = {});
    [[nodiscard]] bool isLoading() const;

Q_SIGNALS:
    void loaded(const RelationshipListingLoader::Result &result);

private:
    QFutureWatcher<Result> *mWatcher = nullptr;
};
