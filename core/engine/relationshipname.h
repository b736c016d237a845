// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

/// The one rule for relationship names, shared by volsyncctl and the GUI. A new relationship's name is an
/// RFC 1123 label (lower-case letters, digits and '-', at most 63 characters): it is a file name and shows up in
/// commands, so it stays portable. Files that upstream (`kubectl volsync`) allowed to be created with other
/// names (upper case, '.', '_') stay readable and fully usable: they can be set up, edited, synced and deleted,
/// only not created anew under that name.
class RelationshipName
{
public:
    /// Why `name` cannot be a new relationship's name (empty name included); nothing when it can.
    [[nodiscard]] static std::optional<QString> problemForNew(const QString &name);
    /// Why `name` cannot name an existing relationship file (the older, wider rule); nothing when it can.
    [[nodiscard]] static std::optional<QString> problemForExisting(const QString &name);
    /// A readable name that a new relationship could not have (created under the older rule).
    [[nodiscard]] static bool isLegacy(const QString &name);
    /// What can be done with a legacy-named relationship, for a person.
    [[nodiscard]] static QString legacyNote(const QString &name);
};
