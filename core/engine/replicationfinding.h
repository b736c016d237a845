// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "objectname.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QVariantMap>

/// What fixes a finding: an engine action with its parameters. The GUI shows it as a button, the CLI
/// prints commandLine().
struct ReplicationFix {
    enum class Action {
        None, ///< nothing the app can do (wait, or read the evidence)
        SetUp, ///< define the missing side (set-source / set-destination; the wizard in the GUI)
        Apply, ///< apply both sides again (schedule with the current schedule, or sync when there is none)
        AnnotateAndApply, ///< apply again with --allow-privileged-movers
        UnlockRestic, ///< set spec.restic.unlock of `object` to a new value: VolSync unlocks before the next run
        /// set (`enable`) or remove VolSync's volsync.backube/enable-debug-mover annotation on `object` (of
        /// `objectKind`): its mover pod then sleeps instead of moving data, for a person to run the script by hand
        SetDebugMover,
    };
    Action action = Action::None;
    QString relationship;
    QString schedule; ///< the schedule Apply keeps (empty: manual only, so the fix is a sync)
    QString missingSide; ///< SetUp: "set-source" or "set-destination"
    /// What a person does when the app cannot (Action::None): "Set spec.rsync.storageClassName to …".
    QString manualStep = {};
    /// UnlockRestic: the ReplicationSource (its context, namespace and name); SetDebugMover: the RS or RD.
    ObjectName object = {};
    /// SetDebugMover: "ReplicationSource" or "ReplicationDestination", and whether to turn the debug mover on.
    QString objectKind = {};
    bool enable = false;

    /// What applying the fix changes, in one or two sentences (for a button's tooltip).
    [[nodiscard]] QString description() const;
    /// The volsyncctl command that does the same ("" for Action::None).
    [[nodiscard]] QString commandLine() const;
    bool operator==(const ReplicationFix &) const = default;
};

/// One thing found wrong with a relationship: a typed value, never parsed from its text.
struct ReplicationFinding {
    enum class Kind {
        NoSource,
        NoDestination,
        DestinationMissing, ///< the file is complete but the ReplicationDestination does not exist
        DestinationNotPublished, ///< no address/keys yet
        SourceMissing, ///< the RD exists, the ReplicationSource does not
        AddressChanged,
        MoverMismatch, ///< the RS uses another mover than the file says
        KeySecretMissing,
        KeysStale, ///< the copied key Secret no longer matches the destination's keys
        PrivilegedMoversMissing, ///< a namespace lacks the annotation the SSH mover needs
        SourceError, ///< VolSync's Synchronizing condition reports an error on the source
        DestinationError,
        FileUnreadable, ///< the relationship file cannot be read
        // The troubleshooter's diagnosis (ReplicationDiagnosis) of what the movers, Jobs, Pods, PVCs, Services
        // and Events show:
        PvcPending, ///< a PVC the mover needs stays Pending (no StorageClass, WaitForFirstConsumer, quota)
        ServiceNoAddress, ///< the destination's LoadBalancer Service has no address
        ImagePullBackOff, ///< the mover image cannot be pulled
        CrashLoopBackOff, ///< the mover container keeps crashing
        ResticLocked, ///< the restic repository is locked
        ConnectionFailed, ///< the mover log shows the destination refusing or not answering
        MoverJobFailed, ///< the mover Job failed (its pods' failures, the backoff limit)
        ClockSkew, ///< the clusters' clocks differ
        DebugMoverOn, ///< an RS/RD runs VolSync's debug mover: its pod sleeps, nothing is synced
        // Pre-checks of the disaster-recovery operations (failover, test failover, failback):
        SyncInProgress, ///< a sync is running: the image may change under the promotion
        NoImage, ///< the destination has no latest image yet (nothing was synced)
        RestorePointMissing, ///< the chosen VolumeSnapshot does not exist
        RestorePointNotReady, ///< the VolumeSnapshot is not readyToUse
        TargetExists, ///< the PVC to restore into exists already (and is not ours to resume)
        TargetNamespaceMissing, ///< the namespace to restore into does not exist (run again creating it)
        TargetUnsupported, ///< a snapshot restores only into its own namespace and cluster
        SourceUnreachable, ///< a planned failover needs the source cluster
        NotFailedOver, ///< fail back needs a failover first
    };
    enum class Severity { Info, Warning, Error };

    Kind kind = Kind::NoSource;
    Severity severity = Severity::Warning;
    QString message; ///< one sentence for a person, without the command (starts with a capital)
    QString evidence; ///< what was seen (condition message, addresses, namespace)
    ReplicationFix fix;

    /// The message followed by what to run: for the CLI and tooltips.
    [[nodiscard]] QString text() const;
    /// "no-source", "keys-stale", ...: stable names for `status -o json`.
    [[nodiscard]] static QString kindName(Kind kind);
    [[nodiscard]] static QString severityName(Severity severity);
    [[nodiscard]] QVariantMap toVariantMap() const;
    /// The finding for a relationship file that cannot be read (`reason` names the path and the problem).
    [[nodiscard]] static ReplicationFinding fileUnreadable(const QString &reason);

    bool operator==(const ReplicationFinding &) const = default;
};

using ReplicationFindings = QList<ReplicationFinding>;

Q_DECLARE_METATYPE(ReplicationFinding)
