// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

/// What an operation did to one Kubernetes object (or the relationship file), for per-object reports.
struct ObjectResult {
    enum class Action {
        Created,
        Updated,
        Unchanged,
        Deleted,
        NotFound, ///< nothing to delete
        Kept, ///< deliberately left in place (Direct destination PVC, kept snapshot)
        Labelled,
        Failed,
    };

    QString cluster; ///< context name; empty = current-context; "local" for the file
    QString kind; ///< "ReplicationSource", "Secret", "file", ...
    QString namespaceName;
    QString name;
    Action action = Action::Unchanged;
    QString message; ///< why it failed, or a note

    [[nodiscard]] static QString actionName(Action action); ///< "created", "deleted", ...
    /// "ReplicationSource source/datavol-x7k2q on kind: deleted".
    [[nodiscard]] QString toString() const;
};

Q_DECLARE_METATYPE(ObjectResult)
