// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sim/simclock.h"
#include "sim/simoperatoroptions.h"
#include "sim/simserviceaddresses.h"
#include "sim/simstore.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QSet>
#include <QString>

#include <memory>
#include <optional>

class QTimer;

class SimCluster;
class SimFleetMovers;
class SimKeyGenerator;
class SimMoverJobs;
class SimVolumeController;
struct SimVolumeContent;

/// The simulated VolSync operator for every cluster of a Simulator (one instance sees all clusters, so
/// that a ReplicationSource in one cluster reaches the ReplicationDestination of another).
///
/// ReplicationDestination (rsync over SSH, and rsyncTLS):
/// - Secrets volsync-rsync-dst-{main,src,dest}-<rd> (or volsync-rsync-tls-<rd> with psk.txt), owned by the RD,
///   unless the spec names its own key Secret;
/// - Service volsync-rsync-dst-<rd> (volsync-rsync-tls-dst-<rd>): ClusterIP at once, a LoadBalancer address
///   after SimOperatorOptions::loadBalancerDelayMs;
/// - status.rsync{address, sshKeys, port} / status.rsyncTLS{address, keySecret, port}, Synchronizing True;
/// - without destinationPVC, a PVC volsync-<rd>-dst (capacity and accessModes from the spec);
/// - after each incoming sync: lastSyncTime, lastSyncDuration, latestMoverStatus and latestImage: a new
///   VolumeSnapshot volsync-<rd>-dst-<YYYYMMDDhhmmss> for copyMethod Snapshot (the previous one is deleted
///   unless labelled volsync.backube/do-not-delete), the destination PVC otherwise.
///
/// ReplicationSource, with VolSync's trigger rules:
/// - a manual trigger wins: sync while spec.trigger.manual != status.lastManualSync, and set lastManualSync
///   to the spec value when a sync succeeds;
/// - a schedule: one sync at once when there was none (lastSyncTime unset), then at the cron times
///   (evaluated in UTC) after lastSyncTime, with status.nextSyncTime;
/// - no trigger: continuous, with SimOperatorOptions::continuousGapMs between runs;
/// - a running sync is never interrupted by a spec change; spec.paused stops new runs.
/// Each run sets lastSyncStartTime and Synchronizing True/SyncInProgress, lasts about syncDurationMs, then
/// reaches the destination through spec.rsync{address, port, sshKeys} (or rsyncTLS{address, port, keySecret}):
/// a ClusterIP only from the same cluster, a LoadBalancer address or a service DNS name of the same cluster.
/// A wrong address, a stopped destination or keys that don't match the RD's fail the run; failures are
/// retried with exponential back-off (the run is one Job that Kubernetes retries, so Synchronizing stays True
/// and lastSyncStartTime keeps the first attempt). Controller-level problems (missing Secret or PVC, a bad
/// cron spec, missing privileged-movers permission) set Synchronizing False/Error with the reason and are
/// retried with back-off too.
///
/// A paused ReplicationDestination (spec.paused) runs no mover: its source's runs fail, and its image stays put.
/// The data moves too (SimVolumeController): a run copies the source PVC's content (its point-in-time copy for
/// copyMethod Clone/Snapshot) to the destination PVC, and the new latest image freezes it.
///
/// The rsync (SSH) mover runs only in namespaces annotated volsync.backube/privileged-movers: "true".
/// Time is SimClock's (scaled), installed into each store so creationTimestamps follow it.
class SimOperator : public QObject
{
    Q_OBJECT
public:
    explicit SimOperator(const SimOperatorOptions &options = {}, QObject *parent = nullptr);
    ~SimOperator() override;

    /// Starts operating a cluster (its mover fail rate is read from its faults).
    void addCluster(SimCluster *cluster);
    /// Starts operating a bare store (tests without an API server); the store's clusterName() names it.
    void addStore(SimStore *store);
    /// Stops operating every cluster and drops every timer (objects are left as they are).
    void clear();

    [[nodiscard]] const SimOperatorOptions &options() const { return mOptions; }
    [[nodiscard]] SimClock &clock() { return mClock; }
    [[nodiscard]] const SimClock &clock() const { return mClock; }
    [[nodiscard]] QDateTime now() const { return mClock.now(); }

    /// Deterministic failures: the next `count` mover runs (of any source) fail.
    void failNextSyncs(int count) { mFailNext = count; }
    /// The next `count` mover runs of one ReplicationSource fail.
    void failNextSyncs(const QString &cluster, const QString &ns, const QString &name, int count);
    /// Changes the random failure rate at run time (0..1).
    void setFailRate(double rate) { mOptions.failRate = rate; }
    /// For the runs that start from now on.
    void setSyncDurationMs(qint64 durationMs) { mOptions.syncDurationMs = durationMs; }
    /// For the restores that start from now on (SimVolumeController).
    void setRestoreDelayMs(qint64 delayMs) { mOptions.restoreDelayMs = delayMs; }

    [[nodiscard]] int moverRuns() const { return mMoverRuns; }
    /// Runs the fleet world's restic, rclone and syncthing objects, which this operator leaves alone.
    [[nodiscard]] SimFleetMovers *fleetMovers() const { return mFleetMovers; }
    [[nodiscard]] int failedRuns() const { return mFailedRuns; }
    [[nodiscard]] bool isSyncing(const QString &cluster, const QString &ns, const QString &name) const;

    /// The label and annotation the operator honours.
    static constexpr const char *kPrivilegedMoversAnnotation = "volsync.backube/privileged-movers";
    static constexpr const char *kDoNotDeleteLabel = "volsync.backube/do-not-delete";
    /// Black-box failure injection for tests that run volsync-sim: set this annotation on a ReplicationSource
    /// to "N" and its next N mover runs fail (again for every new value).
    static constexpr const char *kFailNextSyncsAnnotation = "sim.volsync-desktop/fail-next-syncs";

Q_SIGNALS:
    /// A mover run of a ReplicationSource started.
    void syncStarted(const QString &cluster, const QString &ns, const QString &name);
    /// A mover run ended; `message` says why it failed (empty on success).
    void syncFinished(
        const QString &cluster, const QString &ns, const QString &name, bool success, const QString &message);
    /// A controller-level problem was reported in a Synchronizing False/Error condition.
    void reconcileError(const QString &cluster, const QString &resource, const QString &ns, const QString &name,
        const QString &message);

private:
    struct SourceState;
    struct DestinationState;
    struct Destination;
    struct DestinationReconcile;

    void attach(SimStore *store, SimCluster *cluster);
    void onChanged(SimStore *store, const QString &resource, SimEventType type, const QJsonObject &object);
    void queue(const QString &resource, const QString &cluster, const QString &ns, const QString &name);
    void queueNamespace(const QString &cluster, const QString &ns);
    void processQueue();

    void reconcileDestination(const QString &cluster, const QString &ns, const QString &name);
    // The steps of reconcileDestination: false / nullopt when the step set the status and the reconcile stops.
    DestinationState *destinationStateFor(
        const QString &cluster, const QString &ns, const QString &name, const QJsonObject &rd);
    bool checkDestinationMover(DestinationReconcile &r);
    bool ensureDestinationVolume(const DestinationReconcile &r);
    std::optional<QString> ensureDestinationKeys(const DestinationReconcile &r);
    void generateDestinationSshKeys(const QString &cluster, const QString &ns, const QString &name, const QString &uid);
    std::optional<QJsonObject> ensureDestinationService(const DestinationReconcile &r, const QString &serviceName);
    QString destinationAddress(const DestinationReconcile &r, const QString &serviceName, const QJsonObject &service);
    void publishDestinationStatus(const DestinationReconcile &r, const QString &keySecret, const QString &address);
    void reconcileSource(const QString &cluster, const QString &ns, const QString &name);
    void startSync(const QString &cluster, const QString &ns, const QString &name, SourceState *state);
    void finishSync(const QString &cluster, const QString &ns, const QString &name);
    void recordDestinationSync(const Destination &destination, const QJsonObject &rs, qint64 elapsedMs,
        const QString &logs, const SimVolumeContent &moved);

    [[nodiscard]] bool resolveDestination(const QString &sourceCluster, const QJsonObject &rs, Destination *destination,
        QString *logs, QString *reason) const;
    [[nodiscard]] bool privilegedMoversAllowed(SimStore *store, const QString &ns) const;
    [[nodiscard]] double failRateFor(const QString &cluster) const;
    [[nodiscard]] qint64 backoffMs(int failures) const;
    void setError(
        SimStore *store, const QString &resource, const QString &ns, const QString &name, const QString &message);
    void setCondition(SimStore *store, const QString &resource, const QString &ns, const QString &name,
        const QString &status, const QString &reason, const QString &message, QJsonObject extra = {});
    void armTimer(QTimer *timer, const QDateTime &when);
    [[nodiscard]] QString allocateAddress(bool loadBalancer, SimStore *store);
    [[nodiscard]] QString timestamp() const;
    [[nodiscard]] SimStore *store(const QString &cluster) const { return mStores.value(cluster); }
    /// The Service addresses of a cluster's store, current with its Services.
    [[nodiscard]] const SimServiceAddresses &addressesOf(const QString &cluster, const SimStore &store) const;

    SimOperatorOptions mOptions;
    SimClock mClock;
    QRandomGenerator mRandom;
    SimKeyGenerator *mKeys = nullptr;
    SimMoverJobs *mMoverJobs = nullptr; ///< mover Jobs, Pods, logs and Events (simmoverjobs.h)
    SimVolumeController *mVolumes = nullptr; ///< PVC binding, snapshots, restores and the volumes' content
    QHash<QString, QPointer<SimStore>> mStores; ///< cluster name -> store
    /// cluster name -> where its Services listen (refreshed on use; see addressesOf)
    mutable QHash<QString, SimServiceAddresses> mAddresses;
    QHash<QString, QPointer<SimCluster>> mClusters; ///< cluster name -> cluster (bare stores: none)
    QList<QMetaObject::Connection> mConnections;
    QHash<QString, std::shared_ptr<SourceState>> mSources; ///< "cluster/ns/name"
    QHash<QString, std::shared_ptr<DestinationState>> mDestinations;
    QHash<QString, int> mFailNextFor; ///< "cluster/ns/name" -> count
    QSet<QString> mQueued; ///< "resource|cluster|ns|name"
    bool mQueueScheduled = false;
    int mFailNext = 0;
    int mMoverRuns = 0;
    SimFleetMovers *mFleetMovers = nullptr;
    int mFailedRuns = 0;
    int mAddressCounter = 0;
};
