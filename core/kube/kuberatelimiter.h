// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>

/// A token bucket (client-go's default: 5 requests per second, bursts of 10).
/// reserve() takes a token now or books the next free one and says how long to wait for it.
class KubeRateLimiter
{
public:
    explicit KubeRateLimiter(double qps = 5.0, int burst = 10);

    /// qps <= 0 turns the limit off.
    void configure(double qps, int burst);
    [[nodiscard]] double qps() const { return mQps; }
    [[nodiscard]] int burst() const { return mBurst; }

    /// Takes one token; returns the milliseconds to wait before using it (0 = now).
    [[nodiscard]] qint64 reserve();
    /// Same with an explicit clock, for tests (milliseconds since any fixed point).
    [[nodiscard]] qint64 reserveAt(qint64 nowMs);

private:
    double mQps;
    int mBurst;
    double mTokens;
    qint64 mLastMs = -1;
    QElapsedTimer mClock;
};
