// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QtGlobal>

/// How the simulated VolSync operator behaves. Durations are in simulated milliseconds (see SimClock).
struct SimOperatorOptions {
    /// Simulated seconds per real second (volsync-sim --time-scale).
    double timeScale = 1.0;
    /// How long one mover run takes (volsync-sim --sync-duration). Each run varies by up to +-10 %.
    qint64 syncDurationMs = 20000;
    /// How long a LoadBalancer Service waits for its address (volsync-sim --lb-delay).
    qint64 loadBalancerDelayMs = 5000;
    /// Share of mover runs that fail at random (volsync-sim --fail-rate), in addition to the source
    /// cluster's SimFaults::moverFailRate; the larger of the two applies.
    double failRate = 0.0;
    /// First retry delay after a failed mover run or a reconcile error; doubles up to retryMaxMs.
    qint64 retryBaseMs = 10000;
    qint64 retryMaxMs = 300000;
    /// How long a PVC takes to be restored from a VolumeSnapshot (dataSource) or by VolSync's volume populator
    /// (dataSourceRef to a ReplicationDestination) before it is Bound.
    qint64 restoreDelayMs = 3000;
    /// How long a VolumeSnapshot created by someone else than the operator takes to become readyToUse.
    qint64 snapshotReadyDelayMs = 1000;
    /// Pause between two runs of a source without trigger (continuous).
    qint64 continuousGapMs = 1000;
    /// Real OpenSSH keys with ssh-keygen when it is installed; otherwise (or when false) clearly fake placeholders.
    bool realSshKeys = true;
    /// Seed of the random generator (jitter, fail rate, addresses): the same seed gives the same run.
    quint32 randomSeed = 1;
};
