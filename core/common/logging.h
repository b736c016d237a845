// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>

// One category per area. Nothing logged through them may contain a token,
// a private key or Secret data: pass such values through redact*() first.
Q_DECLARE_LOGGING_CATEGORY(lcKube) // volsync.kube
Q_DECLARE_LOGGING_CATEGORY(lcEngine) // volsync.engine
Q_DECLARE_LOGGING_CATEGORY(lcSim) // volsync.sim
Q_DECLARE_LOGGING_CATEGORY(lcUi) // volsync.ui

/// Debug output of every volsync.* category on or off (info and above always print). The first call also
/// makes every log line safe to print: URL passwords redacted, control characters dropped.
void setVerboseLogging(bool verbose);
