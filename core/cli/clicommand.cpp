// SPDX-License-Identifier: GPL-3.0-or-later
#include "clicommand.h"

#include "common/redaction.h"
#include "common/sentencetext.h"
#include "common/terminaltext.h"

#include <QTimer>

#include <cstdio>

CliCommand::~CliCommand() = default;

void CliCommand::printOut(const QString &text)
{
    // What is printed holds names and messages from files and servers: no escape sequences, no passwords.
    const QByteArray bytes = terminalSafeText(redactUrlsInText(text)).toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

void CliCommand::printError(const QString &text)
{
    const QByteArray bytes
        = QStringLiteral("Error: ").toUtf8() + terminalSafeText(redactUrlsInText(sentenceText(text))).toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

void CliCommand::finishLater(int exitCode)
{
    if (mFinishing)
        return;
    mFinishing = true;
    QTimer::singleShot(0, this, [this, exitCode] {
        releaseClients();
        Q_EMIT finished(exitCode);
    });
}

void CliCommand::usageError(const QString &message)
{
    printError(message + QStringLiteral("\nRun 'volsyncctl %1 --help' for usage.").arg(name()));
    finishLater(CliUsage);
}

void CliCommand::releaseClients() { }

CliCommand::FlagRead CliCommand::readOutputFlag(
    const QStringList &arguments, qsizetype *index, bool *json, QString *error)
{
    const QString &arg = arguments.at(*index);
    QString format;
    if (arg == QLatin1String("-o") || arg == QLatin1String("--output")) {
        if (*index + 1 >= arguments.size()) {
            *error = QStringLiteral("%1 needs a value (table or json)").arg(arg);
            return FlagRead::Invalid;
        }
        format = arguments.at(++*index);
    } else if (arg.startsWith(QLatin1String("-o=")) || arg.startsWith(QLatin1String("--output="))) {
        format = arg.section(QLatin1Char('='), 1);
    } else if (arg.startsWith(QLatin1String("-o")) && arg.size() > 2 && !arg.startsWith(QLatin1String("--"))) {
        format = arg.mid(2);
    } else {
        return FlagRead::NotThisFlag;
    }
    if (format == QLatin1String("json")) {
        *json = true;
    } else if (format == QLatin1String("table") || format == QLatin1String("wide")) {
        *json = false;
    } else {
        *error = QStringLiteral("unknown output format \"%1\" (use table or json)").arg(format);
        return FlagRead::Invalid;
    }
    return FlagRead::Read;
}

CliCommand::FlagRead CliCommand::readTimeoutFlag(
    const QStringList &arguments, qsizetype *index, int *timeoutMs, QString *error)
{
    if (arguments.at(*index) != QLatin1String("--timeout"))
        return FlagRead::NotThisFlag;
    bool ok = false;
    const double seconds = *index + 1 < arguments.size() ? arguments.at(++*index).toDouble(&ok) : 0;
    if (!ok || seconds <= 0) {
        *error = QStringLiteral("--timeout needs a number of seconds");
        return FlagRead::Invalid;
    }
    *timeoutMs = int(seconds * 1000);
    return FlagRead::Read;
}
