// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "synchistory.h"

/// Writes SyncHistory records off the calling thread: a history file is rewritten and synced to disk
/// (QSaveFile) for every sync, which can take a disk's worth of time; with many relationships syncing that
/// must not stall the GUI thread. One writer thread for the process, so the writes of a file stay in order.
/// Readers that need the newest records at once keep their own copy (RelationshipMonitor does).
class SyncHistoryWriter
{
public:
    SyncHistoryWriter() = delete;

    /// Queues `history.append(relationshipId, record)`.
    static void append(const SyncHistory &history, const QString &relationshipId, const SyncRecord &record);
    /// Waits until every queued write is done (tests; the process also waits at exit).
    static void waitForDone();
};
