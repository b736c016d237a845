// SPDX-License-Identifier: GPL-3.0-or-later
#include "relationshipname.h"

#include "objectname.h"

#include <QRegularExpression>

std::optional<QString> RelationshipName::problemForNew(const QString &name)
{
    if (name.isEmpty())
        return QStringLiteral("the relationship name is empty: use lower-case letters, digits and '-', such as "
                              "webshop-db");
    if (!isDns1123Label(name))
        return QStringLiteral("invalid relationship name \"%1\": use lower-case letters, digits and '-', starting "
                              "and ending with a letter or digit, at most 63 characters (it becomes the file name "
                              "NAME.yaml)")
            .arg(name);
    return std::nullopt;
}

std::optional<QString> RelationshipName::problemForExisting(const QString &name)
{
    static const QRegularExpression kName(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]*$"));
    if (name.isEmpty())
        return QStringLiteral("the relationship name is empty: give one with -r NAME");
    if (name.size() > 200 || !kName.match(name).hasMatch() || name.endsWith(QLatin1String(".yaml")))
        return QStringLiteral("invalid relationship name \"%1\": no relationship file can have this name (use "
                              "letters, digits, '.', '_' and '-', starting with a letter or digit)")
            .arg(name);
    return std::nullopt;
}

bool RelationshipName::isLegacy(const QString &name)
{
    return !problemForExisting(name) && problemForNew(name);
}

QString RelationshipName::legacyNote(const QString &name)
{
    return QStringLiteral("\"%1\" was named under the older rule of kubectl volsync. It can be set up, edited, "
                          "synced and deleted as usual; only a new relationship cannot get such a name (lower-case "
                          "letters, digits and '-' only).")
        .arg(name);
}
