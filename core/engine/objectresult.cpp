// SPDX-License-Identifier: GPL-3.0-or-later
#include "objectresult.h"

QString ObjectResult::actionName(Action action)
{
    switch (action) {
    case Action::Created:
        return QStringLiteral("created");
    case Action::Updated:
        return QStringLiteral("updated");
    case Action::Unchanged:
        return QStringLiteral("unchanged");
    case Action::Deleted:
        return QStringLiteral("deleted");
    case Action::NotFound:
        return QStringLiteral("not found");
    case Action::Kept:
        return QStringLiteral("kept");
    case Action::Labelled:
        return QStringLiteral("labelled");
    case Action::Failed:
        return QStringLiteral("FAILED");
    }
    return {};
}

QString ObjectResult::toString() const
{
    QString object = kind + QLatin1Char(' ');
    if (!namespaceName.isEmpty())
        object += namespaceName + QLatin1Char('/');
    object += name;
    if (kind != QLatin1String("file"))
        object += QStringLiteral(" on ") + (cluster.isEmpty() ? QStringLiteral("the current context") : cluster);
    QString text = object + QStringLiteral(": ") + actionName(action);
    if (!message.isEmpty())
        text += QStringLiteral(" (") + message + QLatin1Char(')');
    return text;
}
