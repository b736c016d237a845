// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>

/// One event of a watch stream: {"type": ..., "object": {...}}.
struct KubeWatchEvent {
    enum class Type { Added, Modified, Deleted, Bookmark, Error };
    Type type = Type::Added;
    QJsonObject object;

    /// Parses "ADDED", "MODIFIED", ...; nothing for an unknown type.
    [[nodiscard]] static bool typeFromString(const QString &text, Type *type);
    [[nodiscard]] static QString typeToString(Type type);
    [[nodiscard]] QString resourceVersion() const;
};

Q_DECLARE_METATYPE(KubeWatchEvent)
