// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simclock.h"

#include <cmath>
#include <limits>

SimClock::SimClock(double timeScale)
    : mTimeScale(timeScale > 0 ? timeScale : 1.0)
    , mStart(QDateTime::currentDateTimeUtc())
{
    mElapsed.start();
}

QDateTime SimClock::now() const
{
    const auto simElapsed = static_cast<qint64>(std::llround(double(mElapsed.elapsed()) * mTimeScale));
    return mStart.addMSecs(simElapsed + mOffsetMs);
}

int SimClock::toRealMs(qint64 simMs) const
{
    if (simMs <= 0) {
        return 0;
    }
    const double real = std::ceil(double(simMs) / mTimeScale);
    if (real >= double(std::numeric_limits<int>::max())) {
        return std::numeric_limits<int>::max();
    }
    return int(real);
}

int SimClock::realMsUntil(const QDateTime &when) const
{
    return toRealMs(now().msecsTo(when));
}
