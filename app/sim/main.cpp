// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/appinfo.h"

#include <QCommandLineParser>
#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    volsync::initApplication(app, QStringLiteral("volsync-sim"));
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Simulated Kubernetes clusters with a simulated VolSync operator, for tests and demos."));
    volsync::addStandardOptions(parser);
    parser.process(app);
    volsync::applyStandardOptions(parser);
    return 0;
}
