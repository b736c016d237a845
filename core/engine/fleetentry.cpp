// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleetentry.h"

namespace {

QVariant timeValue(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toUTC().toString(Qt::ISODate)) : QVariant();
}

} // namespace

QString FleetEntry::clusterPair() const
{
    if (kind == Kind::Relationship)
        return QStringLiteral("%1 → %2").arg(sourceContext, destinationContext);
    return kind == Kind::Source ? sourceContext : destinationContext;
}

QString FleetEntry::kindName() const
{
    switch (kind) {
    case Kind::Relationship:
        return QStringLiteral("relationship");
    case Kind::Source:
        return QStringLiteral("source");
    case Kind::Destination:
        break;
    }
    return QStringLiteral("destination");
}

QVariantMap FleetEntry::toVariantMap() const
{
    QVariantMap map;
    map.insert(QStringLiteral("kind"), kindName());
    map.insert(QStringLiteral("name"), name);
    map.insert(QStringLiteral("mover"), mover);
    if (!sourceName.isEmpty() || kind == Kind::Relationship)
        map.insert(QStringLiteral("source"),
            QVariantMap {{QStringLiteral("context"), sourceContext}, {QStringLiteral("namespace"), sourceNamespace},
                {QStringLiteral("name"), sourceName}});
    if (!destinationName.isEmpty() || kind == Kind::Relationship)
        map.insert(QStringLiteral("destination"),
            QVariantMap {{QStringLiteral("context"), destinationContext},
                {QStringLiteral("namespace"), destinationNamespace}, {QStringLiteral("name"), destinationName}});
    map.insert(QStringLiteral("health"), RpoHealth::stateName(health.state));
    map.insert(QStringLiteral("reason"), health.reason);
    if (health.lagSeconds >= 0)
        map.insert(QStringLiteral("lagSeconds"), health.lagSeconds);
    if (health.intervalSeconds > 0)
        map.insert(QStringLiteral("intervalSeconds"), health.intervalSeconds);
    map.insert(QStringLiteral("missedIntervals"), health.missedIntervals);
    if (rpoTargetSeconds > 0)
        map.insert(QStringLiteral("rpoTargetSeconds"), rpoTargetSeconds);
    if (!schedule.isEmpty())
        map.insert(QStringLiteral("schedule"), schedule);
    if (!lastResult.isEmpty())
        map.insert(QStringLiteral("lastResult"), lastResult);
    if (lastSyncTime.isValid())
        map.insert(QStringLiteral("lastSyncTime"), timeValue(lastSyncTime));
    if (nextSyncTime.isValid())
        map.insert(QStringLiteral("nextSyncTime"), timeValue(nextSyncTime));
    if (health.state == RpoState::Unknown) {
        map.insert(QStringLiteral("lastKnownHealth"), RpoHealth::stateName(lastKnownState));
        if (unknownSince.isValid())
            map.insert(QStringLiteral("unknownSince"), timeValue(unknownSince));
    }
    return map;
}
