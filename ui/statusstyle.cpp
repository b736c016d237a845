// SPDX-License-Identifier: GPL-3.0-or-later
#include "statusstyle.h"

#include <QHash>
#include <QPalette>

bool StatusStyle::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < palette.color(QPalette::WindowText).lightness();
}

QColor StatusStyle::color(Kind kind, const QPalette &palette)
{
    const bool dark = isDark(palette);
    switch (kind) {
    case Kind::Ok:
        return dark ? QColor(0x6f, 0xd0, 0x8c) : QColor(0x1d, 0x7a, 0x3a);
    case Kind::Busy:
        return dark ? QColor(0x7c, 0xb6, 0xf5) : QColor(0x1f, 0x5f, 0xae);
    case Kind::Error:
        return dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb3, 0x26, 0x1e);
    case Kind::Warning:
        return dark ? QColor(0xf5, 0xc4, 0x5e) : QColor(0x8a, 0x5a, 0x00);
    case Kind::Waiting:
        return dark ? QColor(0xc3, 0xa6, 0xf0) : QColor(0x6a, 0x3f, 0xaf);
    case Kind::Neutral:
        return palette.color(QPalette::Disabled, QPalette::WindowText);
    }
    return palette.color(QPalette::WindowText);
}

QString StatusStyle::iconPath(Kind kind)
{
    switch (kind) {
    case Kind::Ok:
        return QStringLiteral(":/icons/status/ok.svg");
    case Kind::Busy:
        return QStringLiteral(":/icons/status/syncing.svg");
    case Kind::Error:
        return QStringLiteral(":/icons/status/failed.svg");
    case Kind::Warning:
        return QStringLiteral(":/icons/status/warning.svg");
    case Kind::Waiting:
        return QStringLiteral(":/icons/status/waiting.svg");
    case Kind::Neutral:
        return QStringLiteral(":/icons/status/notapplied.svg");
    }
    return QStringLiteral(":/icons/status/unknown.svg");
}

QIcon StatusStyle::icon(Kind kind)
{
    // One shared icon per kind: a new QIcon would parse and render its SVG again for every row painted
    // (the activity log and the relationships list ask for each visible row on every repaint).
    static QHash<int, QIcon> cache;
    auto it = cache.find(int(kind));
    if (it == cache.end())
        it = cache.insert(int(kind), QIcon(iconPath(kind)));
    return *it;
}

QString StatusStyle::badgeHtml(Kind kind, const QString &text, const QPalette &palette)
{
    return QStringLiteral("<img src=\"%1\" width=\"16\" height=\"16\" style=\"vertical-align:middle\"/>&nbsp;"
                          "<span style=\"color:%2; font-weight:600\">%3</span>")
        .arg(iconPath(kind), color(kind, palette).name(), text.toHtmlEscaped());
}

StatusStyle::Kind StatusStyle::kindForBadge(RelationshipsModel::Badge badge)
{
    switch (badge) {
    case RelationshipsModel::Badge::Idle:
        return Kind::Ok;
    case RelationshipsModel::Badge::Syncing:
        return Kind::Busy;
    case RelationshipsModel::Badge::Failed:
        return Kind::Error;
    case RelationshipsModel::Badge::NotApplied:
        return Kind::Neutral;
    case RelationshipsModel::Badge::Waiting:
        return Kind::Waiting;
    case RelationshipsModel::Badge::Problem:
        return Kind::Warning;
    case RelationshipsModel::Badge::Checking:
        return Kind::Neutral;
    case RelationshipsModel::Badge::SettingUp:
        return Kind::Busy;
    case RelationshipsModel::Badge::FailedOver:
    case RelationshipsModel::Badge::FailedOverOutside:
        return Kind::Waiting;
    case RelationshipsModel::Badge::Testing:
        return Kind::Busy;
    case RelationshipsModel::Badge::Paused:
        return Kind::Waiting;
    }
    return Kind::Neutral;
}
