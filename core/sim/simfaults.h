// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QJsonObject>

/// Faults injected by one simulated cluster. Set at start (SimulatorOptions) or at run time
/// (SimCluster::setFaults, or the admin endpoint: GET/PUT https://127.0.0.1:PORT/_sim/faults with a JSON body).
struct SimFaults {
    int latencyMs = 0; ///< added to every answer
    double throttleRate = 0.0; ///< share of requests answered 429 TooManyRequests (0..1)
    int retryAfterSeconds = 1; ///< Retry-After of those 429s
    double serverErrorRate = 0.0; ///< share of requests answered 500 InternalError (0..1)
    double unavailableRate = 0.0; ///< share of requests answered 503 ServiceUnavailable (0..1)
    int dropWatchSeconds = 0; ///< close every watch stream after this many seconds (0: never)
    int historyWindow = 0; ///< watch history kept per resource type, in events (small values force 410 Expired);
                           ///< 0 = kube-apiserver's watch cache sizing
    QDateTime refuseUntil; ///< connections are refused until then (cluster down); invalid: never
    double moverFailRate = 0.0; ///< share of mover runs that fail (read by the simulated operator)
    /// The cluster is down until this is cleared: every API request's connection is closed without an answer and
    /// open watches are cut, as with an unreachable API server, while the admin endpoint still answers, so that
    /// the cluster can be brought back ({"down": false}).
    bool down = false;

    /// JSON with the keys above ("refuseForMs" is accepted by fromJson as a relative alternative to refuseUntil).
    [[nodiscard]] QJsonObject toJson() const;
    /// Applies the keys present in `json` on top of `base`.
    [[nodiscard]] static SimFaults fromJson(const QJsonObject &json, const SimFaults &base);
    [[nodiscard]] static SimFaults fromJson(const QJsonObject &json);
};
