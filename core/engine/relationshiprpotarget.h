// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "replicationrelationship.h"

#include <QString>

#include <optional>

class RelationshipStore;

/// A relationship's RPO target: the longest time its destination may lag behind, when the schedule is not the
/// measure (a manual relationship synced by a CI job, a target looser than the schedule).
///
/// It is kept in the relationship file as the top-level key `rpotarget` (a Go duration, "30m", "4h"). Upstream's
/// plugin reads files with viper and decodes only `type`, `id` and `data`, so it ignores the key; a top-level key
/// also survives upstream's writes, which replace `data` as a whole but keep the other keys of the file.
struct RelationshipRpoTarget {
    static constexpr const char *kKey = "rpotarget";

    /// The target in seconds, 0 when none is set. A value that is not a positive Go duration gives `error`.
    [[nodiscard]] static qint64 of(const ReplicationRelationship &relationship, QString *error = nullptr);

    /// Parses "30m", "1h30m", "2d"-free Go durations; nullopt (with `error`) for anything else or below a minute.
    [[nodiscard]] static std::optional<qint64> parse(const QString &text, QString *error);

    /// Sets (seconds > 0) or clears (0) the target of relationship `name` in one locked read-modify-write.
    static bool set(const RelationshipStore &store, const QString &name, qint64 seconds, QString *error);
};
