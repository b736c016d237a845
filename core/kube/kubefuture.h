// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "kuberesult.h"

#include <QFuture>

class KubeReply;

/// A QFuture for `reply` (the QFuture-style handle): it gets one KubeResult when the reply finishes,
/// and is canceled if the reply is destroyed first. Chain with .then(context, ...); nothing blocks.
/// Call before returning to the event loop (the reply finishes no earlier than that).
[[nodiscard]] QFuture<KubeResult> kubeFuture(KubeReply *reply);
