// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sim/simoperatoroptions.h"
#include "sim/simulator.h"

#include <QString>

class QCommandLineParser;

/// Everything one volsync-sim run needs.
struct SimRunOptions {
    SimulatorOptions simulator;
    SimOperatorOptions operatorOptions;
    QString seed = QStringLiteral("empty");
    /// Annotate seeded namespaces with volsync.backube/privileged-movers: "true".
    bool privilegedMovers = true;
};

/// The volsync-sim command line:
///   volsync-sim --clusters kind,gcp --seed empty|seed-example|demo --kubeconfig-out PATH [--state-dir DIR]
///               [--token-auth-file FILE] [--time-scale N] [--sync-duration DURATION] [--lb-delay DURATION]
///               [--fail-rate P] [--no-privileged-movers]
/// Durations are Go-style ("500ms", "2s", "1m").
class SimCommandLine
{
public:
    static void addOptions(QCommandLineParser &parser);
    /// Reads the options after parser.process(); false with a message for a person on a bad value.
    static bool read(const QCommandLineParser &parser, SimRunOptions *options, QString *error);
};
