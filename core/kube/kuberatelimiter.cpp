// SPDX-License-Identifier: GPL-3.0-or-later
#include "kuberatelimiter.h"

#include <algorithm>
#include <cmath>

KubeRateLimiter::KubeRateLimiter(double qps, int burst)
    : mQps(qps)
    , mBurst(std::max(1, burst))
    , mTokens(mBurst)
{
    mClock.start();
}

void KubeRateLimiter::configure(double qps, int burst)
{
    mQps = qps;
    mBurst = std::max(1, burst);
    mTokens = std::min(mTokens, double(mBurst));
}

qint64 KubeRateLimiter::reserve()
{
    return reserveAt(mClock.elapsed());
}

qint64 KubeRateLimiter::reserveAt(qint64 nowMs)
{
    if (mQps <= 0)
        return 0;
    if (mLastMs >= 0 && nowMs > mLastMs)
        mTokens = std::min(double(mBurst), mTokens + double(nowMs - mLastMs) * mQps / 1000.0);
    if (mLastMs < 0 || nowMs > mLastMs)
        mLastMs = nowMs;
    mTokens -= 1.0;
    if (mTokens >= 0)
        return 0;
    // Negative tokens are reservations: wait until the bucket has refilled up to zero.
    return qint64(std::ceil(-mTokens * 1000.0 / mQps));
}
