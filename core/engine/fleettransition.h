// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fleetentry.h"

#include <QMetaType>
#include <QString>

/// A change of an entry's RPO state that someone should hear about: healthy → late → critical, anything →
/// failing, and back to healthy (recovered). Going unknown (a cluster out of reach) and coming back to the same
/// state are not transitions. Computed by between(); emitted once per change by the fleet monitor.
struct FleetTransition {
    RpoState from = RpoState::Unknown;
    RpoState to = RpoState::Unknown;
    FleetEntry entry; ///< the entry after the change
    QString message; ///< "orders-fleet-01 is late: last sync 2h 30m ago, more than twice as long as expected every 1h"

    [[nodiscard]] bool isRecovery() const { return RpoHealth::isAlarming(from) && !RpoHealth::isAlarming(to); }

    /// The transition from `before` (the last known state; Unknown when never judged) to `after`, if it is one.
    [[nodiscard]] static std::optional<FleetTransition> between(RpoState before, const FleetEntry &after);

    bool operator==(const FleetTransition &) const = default;
};

Q_DECLARE_METATYPE(FleetTransition)
