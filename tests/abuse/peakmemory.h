// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

/// Runs a program as a child and reports its peak resident memory (VmHWM, from wait4's rusage), which a
/// parent polling /proc could miss. The test binary runs itself as this wrapper:
///   test_abuse --measure-peak PROGRAM ARGS...
/// passes stdin/stdout/stderr through, exits with the child's code (128+N for a signal) and writes
/// "PEAK-KB <n>" as the last line of stderr. SIGUSR1 to the wrapper kills the child with SIGKILL.
namespace PeakMemory {

inline constexpr char kOption[] = "--measure-peak";
inline constexpr char kMarker[] = "PEAK-KB ";

/// When argv asks for it: runs the child and returns the exit code to use; otherwise returns -1.
int runWrapperIfAsked(int argc, char **argv);

/// Splits the wrapper's stderr into the child's own stderr and the peak (-1 when missing).
qint64 takePeakKb(QString *stderrText);

} // namespace PeakMemory
