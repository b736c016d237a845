// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class KubeReply;

/// Waits until `reply` has finished, or `timeoutMs` passed, and returns it. Turns its autoDelete off:
/// the caller owns the reply (wrap it in a std::unique_ptr).
KubeReply *waitFor(KubeReply *reply, int timeoutMs = 20000);
