// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QElapsedTimer>
#include <QtGlobal>

/// The simulated operator's clock: it starts at the wall-clock time (UTC) and runs `timeScale` times
/// faster, so that schedules, sync durations and back-off fire quickly in tests and demos.
/// Simulated durations are turned into real timer intervals with toRealMs().
class SimClock
{
public:
    explicit SimClock(double timeScale = 1.0);

    [[nodiscard]] double timeScale() const { return mTimeScale; }
    /// The simulated time now (UTC, millisecond precision).
    [[nodiscard]] QDateTime now() const;
    /// Real milliseconds until the simulated duration `simMs` has passed (at least 0, at most INT_MAX).
    [[nodiscard]] int toRealMs(qint64 simMs) const;
    /// Real milliseconds until simulated time `when` (0 when it has passed).
    [[nodiscard]] int realMsUntil(const QDateTime &when) const;
    /// Moves the simulated time forward by `simMs` at once (tests).
    void advance(qint64 simMs) { mOffsetMs += simMs; }

private:
    double mTimeScale;
    QDateTime mStart;
    QElapsedTimer mElapsed;
    qint64 mOffsetMs = 0;
};
