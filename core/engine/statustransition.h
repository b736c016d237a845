// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "replicationstatus.h"

#include <QList>
#include <QString>

#include <optional>

/// A change of a relationship's live state that deserves a line in the activity log: it turned Failed,
/// a new problem appeared, or it recovered. Computed once per transition from two statuses.
struct StatusTransition {
    enum class Level { Info, Success, Warning, Error };
    Level level = Level::Info;
    QString message;

    /// The lines for the change from `before` to `after` of relationship `name`. `before` is nullopt for
    /// the first status that reflects the clusters (then what is wrong already is reported once).
    [[nodiscard]] static QList<StatusTransition> between(
        const QString &name, const std::optional<ReplicationStatus> &before, const ReplicationStatus &after);

    bool operator==(const StatusTransition &) const = default;
};
