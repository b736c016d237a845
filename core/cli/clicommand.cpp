// SPDX-License-Identifier: GPL-3.0-or-later
#include "clicommand.h"

#include "common/redaction.h"
#include "common/sentencetext.h"
#include "common/terminaltext.h"

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
