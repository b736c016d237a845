// SPDX-License-Identifier: GPL-3.0-or-later
#include "logging.h"

#include "redaction.h"
#include "terminaltext.h"

#include <cstdio>

Q_LOGGING_CATEGORY(lcKube, "volsync.kube", QtInfoMsg)
Q_LOGGING_CATEGORY(lcEngine, "volsync.engine", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSim, "volsync.sim", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUi, "volsync.ui", QtInfoMsg)

namespace {

QtMessageHandler gPreviousHandler = nullptr;

/// Log lines carry URLs, server messages and names from files: no passwords, no terminal escapes.
void terminalSafeMessageHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QString safe = terminalSafeText(redactUrlsInText(message));
    if (gPreviousHandler) {
        gPreviousHandler(type, context, safe);
        return;
    }
    const QByteArray line = qFormatLogMessage(type, context, safe).toLocal8Bit() + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
}

} // namespace

void setVerboseLogging(bool verbose)
{
    static const bool installed = [] {
        gPreviousHandler = qInstallMessageHandler(terminalSafeMessageHandler);
        return true;
    }();
    Q_UNUSED(installed);
    QLoggingCategory::setFilterRules(
        verbose ? QStringLiteral("volsync.*.debug=true") : QStringLiteral("volsync.*.debug=false"));
}
