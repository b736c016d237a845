// SPDX-License-Identifier: GPL-3.0-or-later
#include "dryruncheck.h"

QString DryRunCheck::objectText() const
{
    const QString object = namespaceName.isEmpty() ? name : namespaceName + QLatin1Char('/') + name;
    return QStringLiteral("%1 %2 on %3")
        .arg(kind, object, cluster.isEmpty() ? QStringLiteral("the current context") : cluster);
}
