// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "objectname.h"

#include <QString>

#include <optional>

/// How to fail over, or test a failover (ReplicationFailoverJob).
struct FailoverOptions {
    enum class Mode {
        Planned, ///< the source is reachable: pause its schedule, one final sync, then promote
        Unplanned, ///< promote what the destination has (the source is gone, or the user says so)
        Test, ///< restore into a new PVC while replication keeps running; nothing is paused
    };
    Mode mode = Mode::Planned;
    /// The PVC to restore into. Unset parts: the destination's context and namespace, and the destination's
    /// name (failover) or `<destination>-dr-test-<yyyyMMddHHmmss>` (test).
    std::optional<ObjectName> target;
    /// The VolumeSnapshot to restore (a restore point); empty: the destination's latest image.
    QString restorePoint;
    /// Leave the restore point labelled volsync.backube/do-not-delete afterwards (else it is given back to
    /// VolSync, or deleted once it is no longer the latest image, so that no snapshot leaks).
    bool keepRestorePoint = false;
    /// Create the target namespace when it is missing (else that is a pre-check error).
    bool createNamespace = false;
    /// Check and list what would change; change nothing.
    bool dryRun = false;
    /// How long to wait for the final sync and for the restored PVC.
    int timeoutMs = 30 * 60 * 1000;

    /// Reads a target as `--to` and the dialogs take it: `PVC`, `NAMESPACE/PVC` or `CONTEXT/NAMESPACE/PVC`
    /// (another namespace or cluster is restored beside the snapshot, then copied). nullopt with `error` when
    /// it is not one of these.
    [[nodiscard]] static std::optional<ObjectName> parseTarget(const QString &text, QString *error);
};

/// What to remove at the end of a test failover (ReplicationEndTestJob).
struct EndTestOptions {
    /// One test PVC ([context/]namespace/name); unset: every test PVC of the relationship.
    std::optional<ObjectName> target;
    bool dryRun = false;
};
