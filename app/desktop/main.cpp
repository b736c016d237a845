// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/appinfo.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    initApplication(app, QStringLiteral("volsync-desktop"));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("VolSync Desktop"));
    QGuiApplication::setDesktopFileName(applicationId());
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/app/volsync-desktop.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Set up, watch and run VolSync replication of PVCs."));
    addStandardOptions(parser);
    parser.addOption(
        {QStringLiteral("kubeconfig"), QStringLiteral("Use this kubeconfig file only."), QStringLiteral("path")});
    parser.addOption(
        {QStringLiteral("context"), QStringLiteral("Select this kubeconfig context."), QStringLiteral("name")});
    parser.addOption({QStringLiteral("config-dir"),
        QStringLiteral("Folder of relationship files (default ~/.volsync)."), QStringLiteral("dir")});
    parser.addOption({QStringLiteral("demo"), QStringLiteral("Start on simulated clusters (no real cluster needed).")});
    parser.process(app);
    applyStandardOptions(parser);

    MainWindowOptions options;
    options.kubeconfig = parser.value(QStringLiteral("kubeconfig"));
    options.context = parser.value(QStringLiteral("context"));
    options.configDir = parser.value(QStringLiteral("config-dir"));
    options.demo = parser.isSet(QStringLiteral("demo"));
    MainWindow window(options);
    window.show();
    return QApplication::exec();
}
