// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "disasterrecoveryjob.h"
#include "disasterrecoveryoptions.h"
#include "objectname.h"
#include "replicationfinding.h"
#include "replicationrelationship.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QPointer>
#include <QStringList>

#include <functional>

class KubeClient;
class QTimer;
class ReplicationEngine;

/// Fail over (planned or unplanned) or test a failover: make the replicated data usable on the destination's
/// cluster, and say how old it is.
///
/// Steps (each safe to repeat, so that running the same command again after a failure completes it):
/// - PreCheck, before anything changes: the destination exists and has an image (or the chosen restore point
///   exists and is ready), the target PVC does not exist (unless a previous run of this operation made it), its
///   namespace exists (or createNamespace), a planned failover reaches the source, an unplanned one finds no
///   sync running. Problems are typed findings(); the job then fails and nothing changed. With dryRun, plan()
///   lists what would change and the job ends there.
/// - Planned: FinalSync (a manual sync that replaces the schedule, and waits for it); then, failover only,
///   PauseDestination (spec.paused: the image stays put) and PauseSource (where reachable: the old primary can
///   overwrite nothing later).
/// - Snapshot copy method: ProtectRestorePoint (labels the snapshot volsync.backube/do-not-delete, and
///   volsync-desktop/restoring-for, so that no sync deletes it under the restore), CreateNamespace when asked,
///   RestoreVolume (a PVC with dataSource the snapshot, restoreSize or the destination's capacity, its storage
///   class and access modes), WaitForVolume (Bound, or a class that binds on first use), ReleaseRestorePoint
///   (unless kept: the labels go while it is the latest image, VolSync deletes it with a later sync; a snapshot
///   that is no longer the latest image is deleted, as no one else would).
/// - Another namespace or cluster (a snapshot restores only in its own namespace): RestoreVolume restores into a
///   PVC beside the snapshot made for this only, then CopyVolume (a VolumeCopyJob) creates the target and copies
///   into it through a one-shot VolSync relationship, and deletes that relationship and the first PVC; the
///   restore point stays protected until then.
/// - Direct copy method: the destination PVC is the data; it is paused and reported.
/// - RecordHistory: the relationship's DisasterRecoveryHistory gets the outcome (also of a failure).
class ReplicationFailoverJob : public DisasterRecoveryJob
{
    Q_OBJECT
public:
    struct Outcome {
        ObjectName target; ///< where the data is now (context always filled in)
        QString restorePoint; ///< the VolumeSnapshot restored (empty: Direct)
        QDateTime dataTime; ///< what the data is as of (UTC)
        qint64 restoreMs = -1; ///< how long the restore took (test failover), -1 when not measured
        bool bindsOnFirstUse = false; ///< WaitForFirstConsumer: restored when a pod first uses it
        bool restorePointKept = false;
    };

    ReplicationFailoverJob(
        ReplicationEngine *engine, const QString &name, const FailoverOptions &options, QObject *parent = nullptr);

    [[nodiscard]] const FailoverOptions &options() const { return mOptions; }
    /// What the pre-check found (errors stop the job before anything changes).
    [[nodiscard]] ReplicationFindings findings() const { return mFindings; }
    /// Dry run: every object that would be created or changed, one line each.
    [[nodiscard]] QStringList plan() const { return mPlan; }
    [[nodiscard]] Outcome outcome() const { return mOutcome; }

    /// Labels and annotations our restores carry.
    [[nodiscard]] static QString testLabel(); ///< volsync-desktop/dr-test=<relationship id> on test PVCs
    [[nodiscard]] static QString restoredFromAnnotation(); ///< the snapshot a PVC was restored from
    [[nodiscard]] static QString dataTimeAnnotation(); ///< what the restored data is as of
    [[nodiscard]] static QString relationshipAnnotation(); ///< the relationship's id
    [[nodiscard]] static QString failedOverAnnotation(); ///< on the paused ReplicationDestination
    /// On the ReplicationDestination while a test failover's PVC may exist (set before the PVC is created,
    /// removed by end-test once no test PVC is left): what the list's "Testing" badge reads.
    [[nodiscard]] static QString testingAnnotation();
    /// On the ReplicationDestination, written before a planned failover's final sync replaces the source's
    /// schedule with a manual trigger: the schedule, so that a rerun and fail back know it.
    [[nodiscard]] static QString scheduleAnnotation();

protected:
    void run() override;
    void onCancel() override;

private:
    [[nodiscard]] bool isTest() const { return mOptions.mode == FailoverOptions::Mode::Test; }
    void preCheck();
    void checkTarget();
    void checkRestore();
    void checkSource();
    void evaluate();
    void finalSync();
    void runFinalSync();
    void pauseDestination();
    void pauseSource();
    void readImage();
    void protectRestorePoint();
    void createNamespace();
    void restoreVolume();
    /// The PVC to create: restored from the snapshot (`fromSnapshot`), or the empty target a copy fills.
    [[nodiscard]] QJsonObject volumeClaim(const QString &name, bool fromSnapshot) const;
    void copyVolume();
    void markTesting();
    /// Sets one of our annotations on the ReplicationDestination (mRd is updated), then `then`.
    void annotateDestination(const QString &key, const QString &value, std::function<void()> then);
    void waitForVolume();
    void pollVolume();
    void releaseRestorePoint();
    void complete();
    void record(bool succeeded, const QString &message);
    void addFinding(ReplicationFinding::Kind kind, const QString &message, const QString &evidence = {});
    [[nodiscard]] QString imageName() const;
    [[nodiscard]] QString snapshotText() const;
    [[nodiscard]] QString targetText() const;
    [[nodiscard]] QString restoreText() const;

    FailoverOptions mOptions;
    ReplicationRelationship mRel;
    KubeClient *mDestination = nullptr;
    KubeClient *mSource = nullptr;
    ObjectName mTarget;
    /// The PVC restored from the snapshot: the target, or, when the target is in another namespace or cluster
    /// (mCopy), one in the snapshot's namespace that a one-shot relationship then copies into the target.
    ObjectName mRestore;
    KubeClient *mTargetClient = nullptr; ///< the target's cluster's
    bool mCopy = false;
    QString mCopyRelationship; ///< the one-shot relationship of a copy (VolumeCopyJob)
    QJsonObject mExistingRestore; ///< mRestore when a previous run made it
    bool mCopied = false; ///< a previous run completed the copy into the target
    QString mSchedule; ///< the source's schedule before the failover (see scheduleAnnotation())
    QJsonObject mRd;
    QJsonObject mSnapshot; ///< the restore point, once known
    QJsonObject mExistingTarget; ///< the target PVC when a previous run made it
    bool mSourceReachable = false;
    bool mSourceSyncing = false;
    bool mNamespaceMissing = false;
    bool mDirect = false; ///< copyMethod Direct: the destination PVC is the data
    bool mWeLabelled = false; ///< the do-not-delete label is ours to release
    ReplicationFindings mFindings;
    QStringList mPlan;
    Outcome mOutcome;
    QElapsedTimer mRestoreClock;
    QElapsedTimer mWaitClock;
    QTimer *mPoll = nullptr;
};
