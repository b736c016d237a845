// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/appinfo.h"
#include "sim/simcommandline.h"
#include "sim/simrunner.h"
#include "sim/simsignalwatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <csignal>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    initApplication(app, QStringLiteral("volsync-sim"));
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Simulated Kubernetes clusters with a simulated VolSync operator, for tests and demos."));
    addStandardOptions(parser);
    SimCommandLine::addOptions(parser);
    parser.process(app);
    applyStandardOptions(parser);

    SimRunOptions options;
    QString error;
    if (!SimCommandLine::read(parser, &options, &error)) {
        QTextStream(stderr) << "volsync-sim: " << error << Qt::endl;
        return 2;
    }
    SimRunner runner(options);
    SimSignalWatcher watcher({SIGINT, SIGTERM});
    QObject::connect(&watcher, &SimSignalWatcher::signalReceived, &app, [&runner] {
        runner.stop();
        QCoreApplication::quit();
    });
    QObject::connect(&runner, &SimRunner::ready, &app,
        [](const QString &kubeconfig) { QTextStream(stdout) << "ready " << kubeconfig << Qt::endl; });
    QObject::connect(&runner, &SimRunner::failed, &app, [](const QString &message) {
        QTextStream(stderr) << "volsync-sim: " << message << Qt::endl;
        QCoreApplication::exit(1);
    });
    runner.start();
    return app.exec();
}
