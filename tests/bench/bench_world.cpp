// SPDX-License-Identifier: GPL-3.0-or-later
// The simulated world of the GUI benchmarks, in a process of its own so that the GUI's memory and threads are
// measured alone: `bench_world --count N [--clusters C] [--time-scale X] [--sync-duration D]` starts simulated
// clusters with the simulated operator and N scheduled relationships (ManyRelationshipsWorld), prints
// "kubeconfig=PATH", "configdir=PATH" and "ready" on stdout, and serves until its stdin closes (then it stops
// serving, removes its files and exits at once). With --report-syncs it also prints "synced NAME EPOCH_MS" the
// moment the operator marks a mover run of ReplicationSource NAME done (wall clock, milliseconds since the epoch),
// for the `sync` figure.
#include "common/godurations.h"
#include "manyrelationshipsworld.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QSocketNotifier>

#include <cstdio>
#include <cstdlib>
#include <unistd.h>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption(
        {QStringLiteral("count"), QStringLiteral("Relationships."), QStringLiteral("n"), QStringLiteral("50")});
    parser.addOption(
        {QStringLiteral("clusters"), QStringLiteral("Simulated clusters."), QStringLiteral("n"), QStringLiteral("1")});
    parser.addOption({QStringLiteral("time-scale"), QStringLiteral("Simulated seconds per real second."),
        QStringLiteral("x"), QStringLiteral("30")});
    parser.addOption({QStringLiteral("sync-duration"), QStringLiteral("One mover run, simulated."),
        QStringLiteral("duration"), QStringLiteral("30s")});
    parser.addOption({QStringLiteral("report-syncs"), QStringLiteral("Print every completed mover run.")});
    parser.process(app);
    ManyRelationshipsWorld::Options options;
    options.count = parser.value(QStringLiteral("count")).toInt();
    options.clusters = parser.value(QStringLiteral("clusters")).toInt();
    options.timeScale = parser.value(QStringLiteral("time-scale")).toDouble();
    const auto duration = parseGoDuration(parser.value(QStringLiteral("sync-duration")));
    if (options.count <= 0 || options.clusters <= 0 || options.timeScale <= 0 || !duration) {
        std::fputs("bench_world: bad --count, --clusters, --time-scale or --sync-duration\n", stderr);
        return 2;
    }
    options.syncDurationMs = *duration / 1000000;
    ManyRelationshipsWorld world(options);
    QObject::connect(&world, &ManyRelationshipsWorld::ready, &app, [&world] {
        std::printf(
            "kubeconfig=%s\nconfigdir=%s\nready\n", qPrintable(world.kubeconfigPath()), qPrintable(world.configDir()));
        std::fflush(stdout);
    });
    if (parser.isSet(QStringLiteral("report-syncs"))) {
        QObject::connect(
            &world, &ManyRelationshipsWorld::syncFinished, &app, [](const QString &, const QString &name, bool ok) {
                if (!ok)
                    return;
                std::printf("synced %s %lld\n", qPrintable(name), QDateTime::currentMSecsSinceEpoch());
                std::fflush(stdout);
            });
    }
    QObject::connect(&world, &ManyRelationshipsWorld::failed, &app, [](const QString &message) {
        std::fprintf(stderr, "bench_world: %s\n", qPrintable(message));
        QCoreApplication::exit(1);
    });
    // Serve until the benchmark closes our stdin.
    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&input, &QSocketNotifier::activated, &app, [&input] {
        char buffer[256];
        if (::read(STDIN_FILENO, buffer, sizeof buffer) <= 0) {
            input.setEnabled(false);
            QCoreApplication::quit();
        }
    });
    world.start();
    const int code = QCoreApplication::exec();
    // Not world.stop() and the destructors: after a long run the clusters hold gigabytes of objects and watch
    // history, and freeing them one by one took seconds (more on a busy machine) after stdin had closed. The
    // clients see the servers close; the files go; the memory goes with the process.
    world.closeForExit();
    std::fflush(stdout);
    std::fflush(stderr);
    std::_Exit(code);
}
