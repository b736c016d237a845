// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleettopology.h"

#include <QHash>

#include <algorithm>

int FleetTopology::severity(RpoState state)
{
    switch (state) {
    case RpoState::Failing:
        return 6;
    case RpoState::Critical:
        return 5;
    case RpoState::Late:
        return 4;
    case RpoState::Unknown:
        return 3;
    case RpoState::Paused:
        return 2;
    case RpoState::ManualOnly:
        return 1;
    case RpoState::Healthy:
        break;
    }
    return 0;
}

QString FleetTopology::Link::description() const
{
    QStringList parts;
    for (const RpoState state : {RpoState::Failing, RpoState::Critical, RpoState::Late, RpoState::Unknown,
             RpoState::Paused, RpoState::ManualOnly, RpoState::Healthy}) {
        if (const int n = counts.value(state))
            parts.append(QStringLiteral("%1 %2").arg(n).arg(RpoHealth::stateName(state)));
    }
    return QStringLiteral("%1 → %2: %3 %4 (%5)")
        .arg(from, to, QString::number(relationships),
            relationships == 1 ? QStringLiteral("relationship") : QStringLiteral("relationships"),
            parts.join(QStringLiteral(", ")));
}

FleetTopology FleetTopology::of(const QList<FleetEntry> &entries, const QStringList &unreachable)
{
    QHash<QString, Cluster> clusters;
    QHash<QPair<QString, QString>, Link> links;
    const auto worse = [](RpoState a, RpoState b) { return severity(b) > severity(a) ? b : a; };
    for (const FleetEntry &entry : entries) {
        const RpoState state = entry.health.state;
        QStringList contexts;
        for (const QString &context : {entry.sourceContext, entry.destinationContext}) {
            if (!context.isEmpty() && !contexts.contains(context))
                contexts.append(context);
        }
        for (const QString &context : std::as_const(contexts)) {
            Cluster &cluster = clusters[context];
            cluster.context = context;
            ++cluster.entries;
            cluster.worst = worse(cluster.worst, state);
        }
        if (entry.kind != FleetEntry::Kind::Relationship || entry.sourceContext.isEmpty()
            || entry.destinationContext.isEmpty())
            continue;
        Link &link = links[qMakePair(entry.sourceContext, entry.destinationContext)];
        link.from = entry.sourceContext;
        link.to = entry.destinationContext;
        link.worst = link.relationships == 0 ? state : worse(link.worst, state);
        ++link.relationships;
        ++link.counts[state];
    }
    for (const QString &context : unreachable) {
        Cluster &cluster = clusters[context];
        cluster.context = context;
        cluster.unreachable = true;
        cluster.worst = worse(cluster.worst, RpoState::Unknown);
    }
    FleetTopology topology;
    topology.clusters = clusters.values();
    std::sort(topology.clusters.begin(), topology.clusters.end(),
        [](const Cluster &a, const Cluster &b) { return a.context < b.context; });
    topology.links = links.values();
    std::sort(topology.links.begin(), topology.links.end(),
        [](const Link &a, const Link &b) { return a.from != b.from ? a.from < b.from : a.to < b.to; });
    return topology;
}

int FleetTopology::indexOf(const QString &context) const
{
    for (int i = 0; i < clusters.size(); ++i) {
        if (clusters.at(i).context == context)
            return i;
    }
    return -1;
}
