// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "relationshipstore.h"
#include "replicationsettings.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <memory>

class InventorySource;
class KubeClient;
class KubeSession;
class RelationshipDraft;
class RelationshipObjectsJob;
class ReplicationDryRunJob;
class ReplicationJob;
class ReplicationSetupJob;
class RelationshipMonitor;
class TroubleshootMonitor;
class VolumeCapacityMonitor;
struct DryRunOptions;

/// Options shared by schedule and sync (the "apply" steps).
struct ApplyOptions {
    /// Add `volsync.backube/privileged-movers: "true"` to both namespaces when missing (SSH mover only).
    bool allowPrivilegedMovers = false;
    /// How long to wait for the destination's address and keys (upstream: 10 min).
    int addressTimeoutMs = 10 * 60 * 1000;
};

/// Options of a manual sync.
struct SyncOptions {
    ApplyOptions apply;
    /// Put the relationship's cron schedule back once the sync has completed.
    bool keepSchedule = false;
    /// How long to wait for the sync to complete (upstream: 30 min).
    int timeoutMs = 30 * 60 * 1000;
};

/// Options of delete.
struct DeleteOptions {
    /// Keep the destination's latest snapshot (labelled volsync.backube/do-not-delete).
    bool keepSnapshot = false;
    /// Only report what would be removed.
    bool dryRun = false;
    /// Remove the file even when some objects could not be deleted (a cluster that is gone for good);
    /// what was left behind is reported.
    bool force = false;
};

/// The replication engine: hands out asynchronous jobs for the relationship operations, all working on
/// the relationship files of one config dir and the clusters of one KubeSession. The jobs are parented to
/// the engine; delete them when done (or let the engine do so on destruction). Call job->start().
class ReplicationEngine : public QObject
{
    Q_OBJECT
public:
    /// `configDir` empty = ~/.volsync.
    explicit ReplicationEngine(KubeSession *session, const QString &configDir = QString(), QObject *parent = nullptr);
    ~ReplicationEngine() override;

    [[nodiscard]] KubeSession *session() const { return mSession; }
    [[nodiscard]] const RelationshipStore &store() const { return mStore; }

    /// The kubeconfig's contexts and its current-context, as the session loaded them (no file is read).
    [[nodiscard]] QStringList contextNames() const;
    [[nodiscard]] QString currentContext() const;
    /// Where a ClusterInventory of this session's clusters gets its lists (one LIST per call).
    [[nodiscard]] std::unique_ptr<InventorySource> inventorySource() const;

    /// The one field manager of every write.
    [[nodiscard]] static QString fieldManager();
    /// `volsync.backube/relationship`: the label that ties the objects to a relationship id.
    [[nodiscard]] static QString relationshipLabel();
    /// `volsync.backube/privileged-movers`: the namespace annotation the SSH mover needs.
    [[nodiscard]] static QString privilegedMoversAnnotation();
    /// `volsync.backube/do-not-delete`: keeps a snapshot when its ReplicationDestination goes.
    [[nodiscard]] static QString doNotDeleteLabel();

    /// The session's client for `context`, with the engine's rate limit (50 requests/s, bursts of 100; the
    /// client-go default of 5/s would add 200 ms to every step of an apply).
    [[nodiscard]] static KubeClient *clientFor(KubeSession *session, const QString &context);

    /// create: writes a new file (`rsyncTls`: the version 2 form). With `rsyncTls` on an existing
    /// version 1 file, upgrades it to version 2 instead. `id`: the id of a new file (empty: a new random one;
    /// the wizard draws it before, to preview the labelled objects).
    [[nodiscard]] ReplicationJob *createRelationship(const QString &name, bool rsyncTls, const QString &id = QString());
    /// set-source: checks the namespace and PVC, then stores the source side.
    [[nodiscard]] ReplicationJob *setSource(const QString &name, const SourceSettings &settings);
    /// set-destination: checks the namespace, then stores the destination side.
    [[nodiscard]] ReplicationJob *setDestination(const QString &name, const DestinationSettings &settings);
    /// schedule: validates the cron spec, applies both sides, saves.
    [[nodiscard]] ReplicationJob *schedule(
        const QString &name, const QString &cronSpec, const ApplyOptions &options = {});
    /// sync: a manual trigger, applied, then waits for the sync to complete and reports the mover's result.
    [[nodiscard]] ReplicationJob *sync(const QString &name, const SyncOptions &options = {});
    /// Sync now: a sync that keeps the schedule (--keep-schedule). The schedule to put back is written to the
    /// file before the trigger changes; cancelling or failing puts it back, and if the process dies,
    /// restoreInterruptedSync() on the next start does.
    [[nodiscard]] ReplicationJob *syncNow(const QString &name);
    /// Relationships whose file holds a schedule to put back from a Sync now whose process is gone.
    [[nodiscard]] QStringList interruptedSyncs() const;
    /// The same, of a listing already read (by RelationshipListingLoader on a worker thread): reads no file.
    [[nodiscard]] static QStringList interruptedSyncs(const RelationshipStore::Listing &listing);
    /// Puts back the schedule an interrupted Sync now left in the file (nullptr when there is none).
    [[nodiscard]] ReplicationJob *restoreInterruptedSync(const QString &name);
    /// The same for a relationship already read (from a listing): reads no file.
    [[nodiscard]] ReplicationJob *restoreInterruptedSync(const ReplicationRelationship &relationship);
    /// Applies the fix of a finding (Apply / AnnotateAndApply / UnlockRestic; nullptr for other actions).
    [[nodiscard]] ReplicationJob *applyFix(const struct ReplicationFix &fix);
    /// The live troubleshooter of a relationship (both sides; a side with no context is on the current one),
    /// owned by `parent`: it watches Events, follows the mover logs and diagnoses as they change.
    [[nodiscard]] TroubleshootMonitor *troubleshoot(const ReplicationRelationship &relationship, QObject *parent);
    /// pause / resume: sets or clears the ReplicationSource's spec.paused (no syncs while paused; the schedule
    /// stays as it is) and keeps it in the file.
    [[nodiscard]] ReplicationJob *setPaused(const QString &name, bool paused);
    /// delete: removes the labelled objects of both sides, then the file.
    [[nodiscard]] ReplicationJob *remove(const QString &name, const DeleteOptions &options = {});

    /// The whole setup of a draft (a ReplicationSetupJob), from `firstStage` (to resume a failed one).
    [[nodiscard]] ReplicationSetupJob *setUp(const RelationshipDraft &draft, int firstStage = 0);
    /// Checks each object of a complete relationship (e.g. a draft) with its cluster's API server (dry run).
    [[nodiscard]] ReplicationDryRunJob *dryRun(
        const ReplicationRelationship &relationship, const DryRunOptions &options);
    /// Fetches the relationship's live ReplicationSource, ReplicationDestination and key Secret (data masked)
    /// as YAML, and reads its file on a worker thread (a RelationshipObjectsJob).
    [[nodiscard]] RelationshipObjectsJob *objects(const ReplicationRelationship &relationship);

    /// The live sizes of `relationship`'s source and destination volumes, from the session's shared PVC
    /// informers. Parented to `parent` (default: the engine).
    [[nodiscard]] VolumeCapacityMonitor *capacityMonitor(
        const ReplicationRelationship &relationship, QObject *parent = nullptr);

    /// A live status of one relationship (watches its RS and RD). Parented to `parent` (default: the engine).
    [[nodiscard]] RelationshipMonitor *monitor(const QString &name, QObject *parent = nullptr);

private:
    KubeSession *mSession = nullptr; // not owned; must outlive the engine
    RelationshipStore mStore;
};
