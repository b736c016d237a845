// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleettransition.h"

std::optional<FleetTransition> FleetTransition::between(RpoState before, const FleetEntry &after)
{
    const RpoState to = after.health.state;
    // First judgement, an unreachable cluster, or no change: nothing to tell.
    if (before == RpoState::Unknown || to == RpoState::Unknown || before == to)
        return std::nullopt;
    const bool alarmingBefore = RpoHealth::isAlarming(before);
    const bool alarmingNow = RpoHealth::isAlarming(to);
    if (!alarmingBefore && !alarmingNow)
        return std::nullopt; // healthy ↔ paused ↔ manual only: a change of setting, not of health
    // critical → late (a sync is catching up) is still bad news, not worth a second alarm.
    if (before == RpoState::Critical && to == RpoState::Late)
        return std::nullopt;
    FleetTransition transition;
    transition.from = before;
    transition.to = to;
    transition.entry = after;
    if (alarmingNow)
        transition.message
            = QStringLiteral("%1 is %2: %3").arg(after.name, RpoHealth::stateName(to), after.health.reason);
    else
        transition.message = QStringLiteral("%1 recovered (was %2): %3")
                                 .arg(after.name, RpoHealth::stateName(before), after.health.reason);
    return transition;
}
