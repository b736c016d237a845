// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/// How long a Sync now took, told once: the wall time this computer measured, and the mover's run as
/// VolSync reports it (status.lastSyncDuration). When the mover's time is longer than the wall time the
/// cluster's clock runs faster than ours (the simulator scales time), and the text says so.
struct SyncTiming {
    /// `moverMs` < 0: VolSync reported no duration.
    [[nodiscard]] static QString describe(qint64 wallMs, qint64 moverMs);
};
