// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/replicationjob.h"

/// Starts `job`, waits until it finishes (cancelling it after `timeoutMs`) and returns its result. The job is
/// deleted later, at the next return to the event loop.
ReplicationResult runJob(ReplicationJob *job, int timeoutMs = 20000);
