// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "relationshipstore.h"
#include "replicationstatus.h"
#include "synchistory.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>

class KubeInformerView;
class KubeSession;

/// The live status of one relationship: reads its ReplicationSource (and key Secret) in the source
/// namespace and its ReplicationDestination in the destination namespace from the session's shared informers
/// (one watch per cluster and kind for every relationship, see KubeInformerFactory), and emits statusChanged()
/// whenever the computed ReplicationStatus changes. Completed syncs seen on
/// the way are added to the local SyncHistory. Uses the session's clients (shared with the rest of the app);
/// after KubeSession::reload() it starts again with the new clients.
class RelationshipMonitor : public QObject
{
    Q_OBJECT
public:
    RelationshipMonitor(
        KubeSession *session, const RelationshipStore &store, const QString &name, QObject *parent = nullptr);
    ~RelationshipMonitor() override;

    /// Reads the file and starts watching. errorOccurred() tells when the file cannot be read.
    void start();
    /// The next start() uses this relationship and these records instead of reading the file and the history
    /// (already read on a worker thread, see RelationshipListingLoader).
    void setPreloaded(const ReplicationRelationship &relationship, const QList<SyncRecord> &records);
    void stop();

    [[nodiscard]] QString name() const { return mName; }
    [[nodiscard]] ReplicationRelationship relationship() const { return mRelationship; }
    /// Started (and not stopped since).
    [[nodiscard]] bool isRunning() const { return mRunning; }
    [[nodiscard]] ReplicationStatus status() const { return mStatus; }
    /// True once every watch has listed its objects and the checks (namespaces, keys) have answered.
    [[nodiscard]] bool isReady() const;
    /// Whether the source's copy of the key Secret equals the destination's (nullopt: not compared yet).
    [[nodiscard]] std::optional<bool> keysMatch() const { return mKeysMatch; }
    /// Where completed syncs are recorded (default: SyncHistory's default folder).
    void setHistory(const SyncHistory &history);
    /// The recorded syncs, oldest first: read once at start(), then kept up to date here (the file is written
    /// in the background, see SyncHistoryWriter).
    [[nodiscard]] QList<SyncRecord> history() const { return mRecords; }
    /// How many times the status was computed from the objects (not when nothing it is made of changed, e.g. on
    /// a relist). For tests and benchmarks.
    [[nodiscard]] qint64 statusComputations() const { return mStatusComputations; }

Q_SIGNALS:
    void statusChanged(const ReplicationStatus &status);
    /// Every watch has listed its objects once.
    void ready();
    /// A completed sync was seen (and recorded).
    void syncObserved(const SyncRecord &record);
    /// The file cannot be read, or a watch keeps failing (it retries by itself).
    void errorOccurred(const QString &message);

private:
    KubeInformerView *makeView(
        const QString &cluster, const QString &ns, const struct KubeResource &resource, const QString &name);
    /// The object `name` of a view if it carries this relationship's label.
    [[nodiscard]] std::optional<QJsonObject> ownObject(const KubeInformerView *view, const QString &name) const;
    void recompute();
    void emitReadyOnce();
    /// What the status was last computed from, compared to skip computing it again when nothing of it changed
    /// (a relist, a check that found what it found before).
    struct Inputs {
        QString source; ///< resourceVersion of the ReplicationSource ("" when absent)
        QString destination;
        QString secret;
        std::optional<bool> secretExists;
        bool operator==(const Inputs &) const = default;
    };
    void checkNamespace(const QString &cluster, const QString &ns);
    void checkKeys(const QJsonObject &sourceSecret, const QString &destinationSecretName);

    QPointer<KubeSession> mSession;
    RelationshipStore mStore;
    QString mName;
    ReplicationRelationship mRelationship;
    ReplicationStatus mStatus;
    SyncHistory mHistory;
    QList<SyncRecord> mRecords;
    std::optional<std::pair<ReplicationRelationship, QList<SyncRecord>>> mPreloaded;
    KubeInformerView *mSourceView = nullptr;
    KubeInformerView *mSecretView = nullptr;
    KubeInformerView *mDestinationView = nullptr;
    bool mReadyEmitted = false;
    QDateTime mLastRecordedSync;
    ReplicationFindings mNamespaceProblems; ///< e.g. the privileged-movers annotation is missing
    int mPendingChecks = 0;
    /// Whether the source's key Secret holds the destination's current keys (nullopt: not known yet).
    std::optional<bool> mKeysMatch;
    QString mKeysCheckedFor; ///< destination Secret name + source Secret resourceVersion last compared
    bool mKeysCheckRunning = false;
    /// Set when the status was computed from objects that all carry a resourceVersion; reset whatever else the
    /// status depends on changes (the relationship, the namespace checks, the key comparison).
    std::optional<Inputs> mComputedFrom;
    qint64 mStatusComputations = 0;
    bool mRunning = false;
    quint64 mGeneration = 0; ///< bumped by start(): answers for an earlier start are ignored
};
