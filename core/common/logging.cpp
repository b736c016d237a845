// SPDX-License-Identifier: GPL-3.0-or-later
#include "logging.h"

Q_LOGGING_CATEGORY(lcKube, "volsync.kube", QtInfoMsg)
Q_LOGGING_CATEGORY(lcEngine, "volsync.engine", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSim, "volsync.sim", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUi, "volsync.ui", QtInfoMsg)

namespace volsync {

void setVerboseLogging(bool verbose)
{
    QLoggingCategory::setFilterRules(
        verbose ? QStringLiteral("volsync.*.debug=true") : QStringLiteral("volsync.*.debug=false"));
}

} // namespace volsync
