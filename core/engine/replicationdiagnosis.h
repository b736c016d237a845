// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "replicationfinding.h"
#include "troubleshootsnapshot.h"

/// The troubleshooter's rules: what the objects, Events and mover logs of a snapshot mean, as typed findings
/// that quote their evidence (an Event, a log line, a field) and name their fix. Pure: no I/O, so each rule is
/// tested on its own as well as against the simulator's fault scenarios.
///
/// Rules: a PVC that stays Pending (no StorageClass, WaitForFirstConsumer, quota); a LoadBalancer Service
/// without address; source keys that differ from the destination's; a namespace without the privileged-movers
/// annotation the SSH mover needs; a mover pod in ImagePullBackOff or CrashLoopBackOff; a locked restic
/// repository; a connection refused or timed out in the mover log; a failed mover Job; clocks that differ; a
/// debug mover left on (it sleeps instead of syncing).
class ReplicationDiagnosis
{
public:
    /// The findings, errors first. `now` is this computer's time.
    [[nodiscard]] static ReplicationFindings diagnose(const TroubleshootSnapshot &snapshot, const QDateTime &now);

    /// Whether `side`'s RS/RD asks for VolSync's debug mover (the volsync.backube/enable-debug-mover annotation,
    /// any value, as VolSync reads it).
    [[nodiscard]] static bool debugMoverOn(const TroubleshootSide &side);
    /// The fix that turns `side`'s debug mover on or off (SetDebugMover).
    [[nodiscard]] static ReplicationFix debugMoverFix(
        const TroubleshootSnapshot &snapshot, const TroubleshootSide &side, bool enable);
    /// For each side whose RS/RD exists: the fix that toggles its debug mover (off when on, on when off), source
    /// first. What the Troubleshoot tab offers beside the findings.
    [[nodiscard]] static QList<ReplicationFix> debugMoverToggles(const TroubleshootSnapshot &snapshot);

    /// How long a LoadBalancer Service may wait for its address before it is a finding without an Event.
    static constexpr qint64 kServiceAddressGraceSeconds = 5 * 60;
    /// How long a PVC may stay Pending without a refusal (binding or provisioning) before it is a finding.
    static constexpr qint64 kPvcPendingGraceSeconds = 5 * 60;
    /// Clocks further apart than this are a finding.
    static constexpr qint64 kClockSkewToleranceMs = 60 * 1000;
};
