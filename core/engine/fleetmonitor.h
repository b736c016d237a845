// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fleetentry.h"
#include "fleettransition.h"
#include "replicationrelationship.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

class KubeError;
class KubeSession;
class QTimer;

/// Watches the ReplicationSources and ReplicationDestinations of every context (all namespaces the user may list;
/// after a 403 across namespaces, the context's own namespace and those of the relationship files, with the reason
/// in notes()), joins them with the relationship files and judges each entry's RPO health (RpoHealth): one entry
/// per relationship (both sides together) and one per ReplicationSource/Destination no file describes, of any mover.
///
/// Reads through the session's shared informers (one list+watch per context and kind, shared with every other
/// consumer of the same scope). Each context is also probed (GET /version) so that an unreachable cluster is
/// noticed even while its watch only retries: its entries turn Unknown, keeping the last known state and since
/// when; when it answers again the live state returns without a transition for an unchanged state.
/// Health depends on time as well as on status, so entries are judged again every reevaluateMs.
/// Transitions (FleetTransition) are emitted once per change, for the GUI's notifications and the CLI alike.
class FleetMonitor : public QObject
{
    Q_OBJECT
public:
    using Clock = std::function<QDateTime()>;

    explicit FleetMonitor(KubeSession *session, QObject *parent = nullptr);
    ~FleetMonitor() override;

    /// The clusters' time. Default: each cluster's own, from the Date header of its /version probe (this computer's
    /// clock plus that cluster's skew), since the statuses' times are the cluster's. A clock given here is used for
    /// every cluster as it is (tests against a simulator with a scaled clock pass the simulator's).
    void setClock(Clock clock);
    /// The cluster's clock minus this computer's, in ms (0 until its first probe answered, or with setClock()).
    [[nodiscard]] qint64 clockSkewMs(const QString &context) const;
    /// Judge again every `reevaluateMs`, probe each context every `probeMs` (defaults: 10 s and 15 s).
    void setIntervals(int reevaluateMs, int probeMs);
    /// The relationship files to join with (read elsewhere, e.g. by RelationshipListingLoader).
    void setRelationships(const QList<ReplicationRelationship> &relationships);

    /// Starts watching `contexts` (empty: every context of the session's kubeconfig). A relationship with one side
    /// in `contexts` is shown with both sides (the other side's context is watched as well, its other objects not).
    void start(const QStringList &contexts = {});
    void stop();

    [[nodiscard]] QStringList contexts() const;
    /// Entries sorted by cluster pair, then name.
    [[nodiscard]] QList<FleetEntry> entries() const { return mEntries; }
    [[nodiscard]] std::optional<FleetEntry> entry(const QString &key) const;
    [[nodiscard]] bool isReachable(const QString &context) const;
    /// The contexts found out of reach (sorted).
    [[nodiscard]] QStringList unreachableContexts() const;
    /// Per context, what limits the view: "prod: cannot be reached since …", "dev: may not list … in all
    /// namespaces (…): watching namespaces a, b".
    [[nodiscard]] QStringList notes() const;
    /// Every context has answered its first probe and listed both kinds once, or was found unreachable.
    [[nodiscard]] bool isReady() const { return mReady; }

    /// Judges every entry again at the present time (done every reevaluateMs): from the statuses already read, so
    /// that lags grow and schedules come due. A change of an object judges the entries of that object alone.
    void reevaluate();
    /// How many times an entry was judged from its objects since construction: every entry on a full rebuild (the
    /// first list, a relist, new relationship files, a cluster lost or back), only the entries of the changed
    /// objects on a watch event. reevaluate() reads no object and does not count. For tests and benchmarks.
    [[nodiscard]] qint64 objectJudgements() const { return mObjectJudgements; }

Q_SIGNALS:
    /// isReady() became true.
    void ready();
    void entriesChanged();
    /// Only the entries of `keys` changed, in place (no entry came, went or moved): emitted just before
    /// entriesChanged(), so that a view can update those rows alone.
    void entriesUpdated(const QStringList &keys);
    void transitioned(const FleetTransition &transition);
    void reachabilityChanged(const QString &context, bool reachable, const QString &reason);

private:
    struct Cluster;
    struct RebuildPass;
    static constexpr qsizetype kRebuildStep = 25; ///< entries judged per step of a rebuild (~0.5 ms)
    /// An entry as read from its objects: everything but its health at a given time.
    struct Judged {
        FleetEntry entry;
        RpoInput input;
        bool found = false; ///< an object of the entry exists (else: "not in the clusters")
        QStringList contexts; ///< the contexts whose reachability the entry depends on
        QString judgedBy; ///< the context whose clock judges it
    };
    void addCluster(const QString &context);
    void watchKind(Cluster *cluster, bool sources);
    void narrow(Cluster *cluster, bool sources, const KubeError &error);
    void dropNamespace(Cluster *cluster, bool sources, const QString &ns);
    [[nodiscard]] bool hasCluster(const Cluster *cluster) const;
    void probe(Cluster *cluster);
    void setReachable(Cluster *cluster, bool reachable, const QString &reason);
    /// The time by `cluster`'s clock (see setClock()): entries are judged and its outages dated by it.
    [[nodiscard]] QDateTime clusterNow(const Cluster *cluster, const QDateTime &base) const;
    void scheduleRebuild();
    /// Judges every entry from the objects (see objectJudgements()), in steps of kRebuildStep entries on the event
    /// pump; finishRebuild() then publishes them all at once.
    void rebuild();
    void finishRebuild();
    /// Judges the changed objects' entries in a later turn (once for a burst of events).
    void queueUpdate();
    /// A watch event of object ns/name in `cluster`: its entries are judged again on the next turn.
    void objectChanged(const Cluster *cluster, bool sources, const QString &ns, const QString &name);
    /// Judges the entries of the objects changed since the last turn.
    void update();
    void indexRelationships();
    [[nodiscard]] Judged judgeRelationship(const ReplicationRelationship &rel) const;
    /// The unmanaged entry of an object, if it exists and is not a relationship's.
    [[nodiscard]] std::optional<Judged> judgeUnmanaged(
        const QString &context, bool sources, const QString &ns, const QString &name) const;
    [[nodiscard]] std::optional<QJsonObject> findObject(
        const QString &context, bool sources, const QString &ns, const QString &name) const;
    /// The entry with its health at `base` (by its cluster's clock), or Unknown while a cluster is out of reach.
    [[nodiscard]] FleetEntry withHealth(const Judged &judged, const QDateTime &base) const;
    /// Replaces the entries of `keys` (removed when no longer judged) and emits what changed.
    void publish(const QStringList &keys);
    void noteTransition(const FleetEntry &entry, QList<FleetTransition> *transitions);
    void emitChanges(
        bool changed, const QList<FleetTransition> &transitions, const QStringList *updatedInPlace = nullptr);
    /// Judges again, at the present time, the health of the entries judged by `context`'s clock (its skew changed),
    /// or of every entry (`context` empty): their objects did not change, so they are not read again.
    void reevaluateJudgedBy(const QString &context);
    void checkReady();
    [[nodiscard]] QString resolveContext(const QString &context) const;
    [[nodiscard]] QStringList namespacesFor(const QString &context) const;

    QPointer<KubeSession> mSession;
    Clock mClock;
    QList<ReplicationRelationship> mRelationships;
    std::vector<std::unique_ptr<Cluster>> mClusters;
    QList<FleetEntry> mEntries;
    /// Indexes mEntries by key (mRowOfEntry) unless it is already.
    void indexRows() const;
    mutable QHash<QString, qsizetype> mRowOfEntry; ///< key -> index in mEntries, while mRowsIndexed
    mutable bool mRowsIndexed = false;
    QHash<QString, Judged> mJudged; ///< by entry key
    /// "context|s|ns/name" (or |d|) of each object a relationship names, to the indexes of those relationships
    /// (of the relationships judged: with a side in mUnmanagedContexts).
    QHash<QString, QList<qsizetype>> mRelationshipsByObject;
    QSet<QString> mKnownIds; ///< the relationships' ids: objects labelled with one are not unmanaged
    QSet<QString> mChangedObjects; ///< "context|s|ns/name" changed since the last update()
    qint64 mObjectJudgements = 0;
    bool mUpdateQueued = false;
    QSet<QString> mUnmanagedContexts; ///< the contexts asked for: their unmanaged objects are shown
    QHash<QString, RpoState> mLastKnown; ///< by entry key: the last state judged while reachable
    QTimer *mReevaluateTimer;
    QTimer *mProbeTimer;
    bool mRebuildQueued = false;
    bool mRebuildNeeded = false; ///< a full rebuild is due (see scheduleRebuild())
    bool mReady = false;
    bool mReadyPending = false; ///< ready() is emitted when the rebuild under way is done
    std::shared_ptr<RebuildPass> mPass; ///< the rebuild under way
    bool mServerTime = true; ///< judge by each cluster's clock (no setClock())
};
