// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QApplication>
#include <QElapsedTimer>

/// A QApplication that can say where the GUI thread's time goes, turn by turn: with setReportAboveUs(), every event
/// the GUI thread's event loop delivers (a turn: a posted call, a timer, a paint, a socket notification) that takes
/// longer is printed on stderr with its wall and CPU time and its receiver's class. Events sent from inside an event
/// count in the outer one. For bench_gui --turns.
class TurnTimingApplication : public QApplication
{
public:
    TurnTimingApplication(int &argc, char **argv);

    /// Turns longer than this (wall) are printed; 0 (the default) prints nothing.
    void setReportAboveUs(qint64 us) { mReportAboveUs = us; }
    /// The clock the printed times are counted from (the start of main()).
    void setStartClock(const QElapsedTimer &start) { mStart = start; }

    bool notify(QObject *receiver, QEvent *event) override;

private:
    qint64 mReportAboveUs = 0;
    QElapsedTimer mStart;
    int mDepth = 0; ///< inside an event of the GUI thread
};
