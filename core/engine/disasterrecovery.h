// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "disasterrecoveryoptions.h"
#include "restorepointjob.h"

#include <QString>

class ReplicationEngine;
class ReplicationFailoverJob;
class ReplicationEndTestJob;
class ReplicationFailbackJob;
class RestorePointsJob;

/// The disaster-recovery operations of a ReplicationEngine's relationships: each call returns a job, parented
/// to the engine and not started (call start(), or hand it to an OperationTracker).
class DisasterRecovery
{
public:
    DisasterRecovery() = delete;

    /// failover (planned or unplanned, FailoverOptions::mode) or, with Mode::Test, test-failover.
    [[nodiscard]] static ReplicationFailoverJob *failover(
        ReplicationEngine *engine, const QString &name, const FailoverOptions &options);
    /// end-test: removes what the relationship's test failovers created.
    [[nodiscard]] static ReplicationEndTestJob *endTest(
        ReplicationEngine *engine, const QString &name, const EndTestOptions &options = {});
    /// failback: after a failover, the reverse relationship (`reverseName`, default `<name>-reverse`) from the
    /// promoted PVC into the original PVC, synced once; a planned failover of it moves the workload home.
    [[nodiscard]] static ReplicationFailbackJob *failback(
        ReplicationEngine *engine, const QString &name, const QString &reverseName = {});
    /// restore-points: the destination's snapshots that can be restored.
    [[nodiscard]] static RestorePointsJob *restorePoints(ReplicationEngine *engine, const QString &name);
    /// restore-points keep|release|delete SNAPSHOT.
    [[nodiscard]] static RestorePointJob *restorePoint(
        ReplicationEngine *engine, const QString &name, const QString &snapshot, RestorePointJob::Action action);
};
