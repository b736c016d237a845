// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/clidispatcher.h"
#include "common/appinfo.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    initApplication(app, QStringLiteral("volsyncctl"));
    CliDispatcher dispatcher;
    QObject::connect(&dispatcher, &CliDispatcher::finished, &app, &QCoreApplication::exit);
    dispatcher.start(QCoreApplication::arguments());
    return QCoreApplication::exec();
}
