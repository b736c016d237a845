// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fleetentry.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

/// The fleet as a picture: clusters (contexts) as boxes, and one arrow per ordered cluster pair with the
/// relationships that replicate along it, coloured by the worst health among them. Unmanaged objects count for
/// their cluster's box only. A plain value computed from the entries (the Fleet view paints it).
struct FleetTopology {
    struct Cluster {
        QString context;
        int entries = 0; ///< every entry with a side in this cluster
        RpoState worst = RpoState::Healthy; ///< the worst state of those entries
        bool unreachable = false; ///< the fleet monitor cannot reach this cluster

        bool operator==(const Cluster &) const = default;
    };
    struct Link {
        QString from;
        QString to;
        int relationships = 0;
        RpoState worst = RpoState::Healthy;
        QMap<RpoState, int> counts; ///< how many relationships are in each state

        /// "fa → fb: 5 relationships (3 healthy, 1 late, 1 failing)".
        [[nodiscard]] QString description() const;
        bool operator==(const Link &) const = default;
    };

    QList<Cluster> clusters; ///< sorted by context
    QList<Link> links; ///< sorted by (from, to); a relationship within one cluster is a link from it to itself

    /// How bad a state is, for "worst": failing and critical first, then late, unknown, paused and manual, healthy.
    [[nodiscard]] static int severity(RpoState state);
    /// `unreachable`: the contexts the monitor cannot reach (FleetMonitor::unreachableContexts()).
    [[nodiscard]] static FleetTopology of(const QList<FleetEntry> &entries, const QStringList &unreachable = {});
    [[nodiscard]] int indexOf(const QString &context) const;
};
