// SPDX-License-Identifier: GPL-3.0-or-later
#include "kubewatchevent.h"

bool KubeWatchEvent::typeFromString(const QString &text, Type *type)
{
    if (text == QLatin1String("ADDED"))
        *type = Type::Added;
    else if (text == QLatin1String("MODIFIED"))
        *type = Type::Modified;
    else if (text == QLatin1String("DELETED"))
        *type = Type::Deleted;
    else if (text == QLatin1String("BOOKMARK"))
        *type = Type::Bookmark;
    else if (text == QLatin1String("ERROR"))
        *type = Type::Error;
    else
        return false;
    return true;
}

QString KubeWatchEvent::typeToString(Type type)
{
    switch (type) {
    case Type::Added:
        return QStringLiteral("ADDED");
    case Type::Modified:
        return QStringLiteral("MODIFIED");
    case Type::Deleted:
        return QStringLiteral("DELETED");
    case Type::Bookmark:
        return QStringLiteral("BOOKMARK");
    case Type::Error:
        return QStringLiteral("ERROR");
    }
    return {};
}

QString KubeWatchEvent::resourceVersion() const
{
    return object.value(QLatin1String("metadata")).toObject().value(QLatin1String("resourceVersion")).toString();
}
