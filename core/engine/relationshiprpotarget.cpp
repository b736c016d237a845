// SPDX-License-Identifier: GPL-3.0-or-later
#include "relationshiprpotarget.h"

#include "common/godurations.h"
#include "relationshipstore.h"

namespace {

constexpr qint64 kNanosecondsPerSecond = 1000000000LL;

} // namespace

std::optional<qint64> RelationshipRpoTarget::parse(const QString &text, QString *error)
{
    const std::optional<qint64> nanoseconds = parseGoDuration(text.trimmed());
    if (!nanoseconds) {
        if (error)
            *error = QStringLiteral("RPO target \"%1\" is not a duration: use Go's form, such as 30m, 4h or 1h30m")
                         .arg(text);
        return std::nullopt;
    }
    if (*nanoseconds < 60 * kNanosecondsPerSecond) {
        if (error)
            *error
                = QStringLiteral("RPO target \"%1\" is shorter than a minute, the finest step of a schedule").arg(text);
        return std::nullopt;
    }
    return *nanoseconds / kNanosecondsPerSecond;
}

qint64 RelationshipRpoTarget::of(const ReplicationRelationship &relationship, QString *error)
{
    const QVariant value = relationship.raw.value(QLatin1String(kKey));
    if (!value.isValid() || value.toString().trimmed().isEmpty())
        return 0;
    QString reason;
    const std::optional<qint64> seconds = parse(value.toString(), &reason);
    if (!seconds) {
        if (error)
            *error = QStringLiteral("relationship %1: %2").arg(relationship.name, reason);
        return 0;
    }
    return *seconds;
}

bool RelationshipRpoTarget::set(const RelationshipStore &store, const QString &name, qint64 seconds, QString *error)
{
    const auto updated = store.update(
        name,
        [seconds](ReplicationRelationship *relationship, QString *) {
            if (seconds > 0)
                relationship->raw.insert(QLatin1String(kKey), formatGoDuration(seconds * kNanosecondsPerSecond));
            else
                relationship->raw.remove(QLatin1String(kKey));
            return true;
        },
        error);
    return updated.has_value();
}
