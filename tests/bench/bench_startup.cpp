// SPDX-License-Identifier: GPL-3.0-or-later
// Start-up as volsync-desktop does it (same application set-up, same main window), up to the first frame:
// `bench_startup --kubeconfig K --config-dir D` prints "shown" once the window is exposed and painted, then
// exits. The benchmark times the whole process from exec to that line.
#include "common/appinfo.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QTimer>
#include <QWindow>

#include <cstdio>

namespace {
/// Prints "shown" after the first expose of the window (its first frame is painted while the expose is handled).
class ExposeReporter : public QObject
{
public:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Expose && static_cast<QWindow *>(watched)->isExposed() && !mDone) {
            mDone = true;
            QTimer::singleShot(0, this, [] {
                std::fputs("shown\n", stdout);
                std::fflush(stdout);
                QApplication::quit();
            });
        }
        return false;
    }

private:
    bool mDone = false;
};
} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    initApplication(app, QStringLiteral("volsync-desktop"));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("VolSync Desktop"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/app/volsync-desktop.svg")));
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("kubeconfig"), QStringLiteral("Kubeconfig."), QStringLiteral("path")});
    parser.addOption({QStringLiteral("config-dir"), QStringLiteral("Relationship files."), QStringLiteral("dir")});
    parser.process(app);
    MainWindowOptions options;
    options.kubeconfig = parser.value(QStringLiteral("kubeconfig"));
    options.configDir = parser.value(QStringLiteral("config-dir"));
    options.restoreSettings = false;
    MainWindow window(options);
    window.winId(); // the native window, so that its expose can be watched
    ExposeReporter reporter;
    window.windowHandle()->installEventFilter(&reporter);
    window.show();
    return QApplication::exec();
}
