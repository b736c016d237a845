// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QIcon>
#include <QString>

#include "models/relationshipsmodel.h"

class QPalette;

/// Status colours and icons that work in light and dark palettes. Meaning is never carried by colour
/// alone: every status also has an icon with its own shape and a text.
class StatusStyle
{
public:
    enum class Kind {
        Ok, ///< idle, reachable, succeeded
        Busy, ///< syncing, checking
        Error, ///< failed, unreachable, broken
        Warning, ///< a problem that needs attention
        Waiting, ///< waiting for the destination
        Neutral, ///< not applied, not checked
    };

    /// A foreground colour for `kind` that is readable on the palette's base/window colour.
    [[nodiscard]] static QColor color(Kind kind, const QPalette &palette);
    /// The style of a relationship's status badge.
    [[nodiscard]] static Kind kindForBadge(RelationshipsModel::Badge badge);
    [[nodiscard]] static QIcon icon(Kind kind);
    [[nodiscard]] static QString iconPath(Kind kind);
    /// Whether the palette is a dark one (light text on dark background).
    [[nodiscard]] static bool isDark(const QPalette &palette);
    /// Rich text: the icon and the text, coloured for the palette.
    [[nodiscard]] static QString badgeHtml(Kind kind, const QString &text, const QPalette &palette);
};
