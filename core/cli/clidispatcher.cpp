// SPDX-License-Identifier: GPL-3.0-or-later
#include "clidispatcher.h"

#include "alertscommand.h"
#include "common/appinfo.h"
#include "common/godurations.h"
#include "common/logging.h"
#include "common/redaction.h"
#include "common/terminaltext.h"
#include "contextscommand.h"
#include "replicationcommand.h"
#include "statuscommand.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <limits>

CliDispatcher::CliDispatcher(QObject *parent)
    : QObject(parent)
{
    // Commands register here; each lives in its own file.
    registerCommand([](QObject *parent) { return new ContextsCommand(parent); });
    registerCommand([](QObject *parent) { return new ReplicationCommand(parent); });
    registerCommand([](QObject *parent) { return new StatusCommand(parent); });
    registerCommand([](QObject *parent) { return new AlertsCommand(parent); });
}

void CliDispatcher::registerCommand(Factory factory)
{
    mFactories.push_back(std::move(factory));
}

QString CliDispatcher::helpText() const
{
    QString text = QStringLiteral(
        "Usage: volsyncctl [global options] <command> [command options]\n\n"
        "VolSync replication of Kubernetes PersistentVolumeClaims from the command line.\n"
        "Compatible with the relationship files of `kubectl volsync`.\n\n"
        "Global options:\n"
        "  --kubeconfig <path>  Use this kubeconfig file only (default: KUBECONFIG or ~/.kube/config)\n"
        "  --context <name>     Use this kubeconfig context (default: current-context)\n"
        "  --config-dir <dir>   Folder of relationship files (default: ~/.volsync)\n"
        "  --exec-timeout <d>   How long a kubeconfig credential plugin may run, e.g. 20s (default: 1m)\n"
        "  -v, --verbose        Print debug output (never tokens, keys or Secret data)\n"
        "  -h, --help           Show this help\n"
        "  --version            Show the version\n\n"
        "Commands:\n");
    for (const Factory &factory : mFactories) {
        std::unique_ptr<CliCommand> command(factory(nullptr));
        text += QStringLiteral("  ") + command->name().leftJustified(14) + command->summary() + QLatin1Char('\n');
    }
    if (mFactories.empty())
        text += QStringLiteral("  (none yet)\n");
    return text;
}

void CliDispatcher::start(const QStringList &arguments)
{
    const auto finishSoon = [this](int code) { QTimer::singleShot(0, this, [this, code] { Q_EMIT finished(code); }); };
    const auto out = [](const QString &text, FILE *stream) {
        const QByteArray bytes = terminalSafeText(redactUrlsInText(text)).toUtf8();
        std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
        std::fflush(stream);
    };

    // Global options come before the command name; everything after it belongs to the command.
    CliGlobals globals;
    qsizetype i = 1;
    for (; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        auto takeValue = [&](const QString &option, QString *target) -> bool {
            if (arg == option) {
                if (i + 1 >= arguments.size())
                    return false;
                *target = arguments.at(++i);
                return true;
            }
            if (arg.startsWith(option + QLatin1Char('='))) {
                *target = arg.mid(option.size() + 1);
                return true;
            }
            return false;
        };
        if (arg == QLatin1String("-h") || arg == QLatin1String("--help")) {
            out(helpText(), stdout);
            finishSoon(CliOk);
            return;
        }
        if (arg == QLatin1String("--version")) {
            out(QCoreApplication::applicationName() + QLatin1Char(' ') + versionString() + QLatin1Char('\n'), stdout);
            finishSoon(CliOk);
            return;
        }
        if (arg == QLatin1String("-v") || arg == QLatin1String("--verbose")) {
            globals.verbose = true;
            continue;
        }
        QString execTimeout;
        if (takeValue(QStringLiteral("--exec-timeout"), &execTimeout)) {
            const std::optional<qint64> nanoseconds = parseGoDuration(execTimeout);
            if (!nanoseconds || *nanoseconds <= 0 || *nanoseconds / 1000000 > std::numeric_limits<int>::max()) {
                out(QStringLiteral("Error: --exec-timeout needs a positive duration such as 20s or 2m, not \"%1\"\n")
                        .arg(execTimeout),
                    stderr);
                finishSoon(CliUsage);
                return;
            }
            globals.execTimeoutMs = int(std::max<qint64>(1, *nanoseconds / 1000000));
            continue;
        }
        if (takeValue(QStringLiteral("--kubeconfig"), &globals.kubeconfig)
            || takeValue(QStringLiteral("--context"), &globals.context)
            || takeValue(QStringLiteral("--config-dir"), &globals.configDir))
            continue;
        if (arg.startsWith(QLatin1Char('-'))) {
            out(QStringLiteral("Error: Unknown or incomplete option %1.\n\n").arg(arg) + helpText(), stderr);
            finishSoon(CliUsage);
            return;
        }
        break;
    }
    setVerboseLogging(globals.verbose);

    if (i >= arguments.size()) {
        out(helpText(), stderr);
        finishSoon(CliUsage);
        return;
    }
    const QString commandName = arguments.at(i);
    for (const Factory &factory : mFactories) {
        CliCommand *command = factory(this);
        if (command->name() != commandName) {
            delete command;
            continue;
        }
        connect(command, &CliCommand::finished, this, &CliDispatcher::finished);
        command->start(globals, arguments.mid(i + 1));
        return;
    }
    out(QStringLiteral("Error: Unknown command \"%1\".\n\n").arg(commandName) + helpText(), stderr);
    finishSoon(CliUsage);
}
