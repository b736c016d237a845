// SPDX-License-Identifier: GPL-3.0-or-later
#include "appinfo.h"

#include "common/version.h"
#include "logging.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSysInfo>

#include <cstdio>
#include <cstdlib>

void initApplication(QCoreApplication &app, const QString &applicationName)
{
    Q_UNUSED(app);
    QCoreApplication::setApplicationName(applicationName);
    QCoreApplication::setApplicationVersion(versionString());
    QCoreApplication::setOrganizationName(QStringLiteral("VolSync Desktop"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("volsync-desktop.github.io"));
}

QString versionString()
{
    return QStringLiteral(VOLSYNC_VERSION_FULL);
}

QString applicationId()
{
    return QStringLiteral(VOLSYNC_APP_ID);
}

QString userAgent()
{
    QString arch = QSysInfo::currentCpuArchitecture();
    if (arch == QLatin1String("x86_64"))
        arch = QStringLiteral("amd64");
    else if (arch == QLatin1String("arm64") || arch == QLatin1String("aarch64"))
        arch = QStringLiteral("arm64");
    QString name = QCoreApplication::applicationName();
    if (name.isEmpty())
        name = QStringLiteral("volsync-desktop");
    return name + QLatin1Char('/') + QStringLiteral(VOLSYNC_VERSION) + QStringLiteral(" (") + QSysInfo::kernelType()
        + QLatin1Char('/') + arch + QLatin1Char(')');
}

void addStandardOptions(QCommandLineParser &parser)
{
    parser.addHelpOption();
    // Not addVersionOption(): it takes -v, which is ours for --verbose as in kubectl tools.
    parser.addOption(QCommandLineOption(QStringLiteral("version"), QStringLiteral("Displays version information.")));
    parser.addOption(QCommandLineOption({QStringLiteral("v"), QStringLiteral("verbose")},
        QStringLiteral("Print debug output (never tokens, keys or Secret data).")));
}

void applyStandardOptions(const QCommandLineParser &parser)
{
    if (parser.isSet(QStringLiteral("version"))) {
        const QByteArray line
            = (QCoreApplication::applicationName() + QLatin1Char(' ') + versionString() + QLatin1Char('\n')).toUtf8();
        std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
        std::exit(0);
    }
    setVerboseLogging(parser.isSet(QStringLiteral("verbose")));
}
