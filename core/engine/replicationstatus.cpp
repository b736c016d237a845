// SPDX-License-Identifier: GPL-3.0-or-later
#include "replicationstatus.h"

#include "replicationfailoverjob.h"

#include "common/godurations.h"
#include "common/kubetimes.h"

#include <QJsonArray>

#include <algorithm>

namespace {

QDateTime parseTime(const QJsonValue &value)
{
    if (!value.isString())
        return {};
    return parseKubeTime(value.toString());
}

QList<ReplicationCondition> conditions(const QJsonObject &status)
{
    QList<ReplicationCondition> out;
    const QJsonArray array = status.value(QLatin1String("conditions")).toArray();
    for (const QJsonValue &v : array) {
        const QJsonObject o = v.toObject();
        out.append({o.value(QLatin1String("type")).toString(), o.value(QLatin1String("status")).toString(),
            o.value(QLatin1String("reason")).toString(), o.value(QLatin1String("message")).toString(),
            parseTime(o.value(QLatin1String("lastTransitionTime")))});
    }
    return out;
}

const ReplicationCondition *findCondition(const QList<ReplicationCondition> &list, const QString &type)
{
    for (const ReplicationCondition &c : list) {
        if (c.type == type)
            return &c;
    }
    return nullptr;
}

QVariantList conditionsVariant(const QList<ReplicationCondition> &list)
{
    QVariantList out;
    for (const ReplicationCondition &c : list) {
        QVariantMap m {{QStringLiteral("type"), c.type}, {QStringLiteral("status"), c.status},
            {QStringLiteral("reason"), c.reason}};
        if (!c.message.isEmpty())
            m.insert(QStringLiteral("message"), c.message);
        if (c.lastTransitionTime.isValid())
            m.insert(QStringLiteral("lastTransitionTime"), c.lastTransitionTime.toString(Qt::ISODate));
        out.append(m);
    }
    return out;
}

} // namespace

ReplicationStatus::Failover ReplicationStatus::failover() const
{
    if (failedOverAt.isValid())
        return Failover::FailedOver;
    if (destinationExists && destinationPaused)
        return Failover::FailedOverOutside;
    if (testingSince.isValid())
        return Failover::Testing;
    return Failover::None;
}

QString ReplicationStatus::failoverText() const
{
    const auto time
        = [](const QDateTime &t) { return t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")); };
    switch (failover()) {
    case Failover::None:
        return {};
    case Failover::FailedOver:
        return QStringLiteral("failed over at %1; replication is paused on both sides").arg(time(failedOverAt));
    case Failover::FailedOverOutside:
        return QStringLiteral("failed over (outside VolSync Desktop): the ReplicationDestination is paused "
                              "(spec.paused)%1 and no failover of VolSync Desktop is recorded; the destination "
                              "keeps its latest image%2")
            .arg(sourcePausedOutside ? QStringLiteral(", the ReplicationSource too,") : QString(),
                latestImageName.isEmpty() ? QString()
                                          : QStringLiteral(" (%1 %2)").arg(latestImageKind, latestImageName));
    case Failover::Testing:
        return QStringLiteral("a test failover runs since %1 while replication goes on").arg(time(testingSince));
    }
    return {};
}

QString ReplicationStatus::phaseName(Phase phase)
{
    switch (phase) {
    case Phase::NotApplied:
        return QStringLiteral("not applied");
    case Phase::WaitingForDestination:
        return QStringLiteral("waiting for destination");
    case Phase::Idle:
        return QStringLiteral("idle");
    case Phase::Syncing:
        return QStringLiteral("syncing");
    case Phase::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

ReplicationStatus ReplicationStatus::fromObjects(const ReplicationRelationship &rel, const QJsonObject &rs,
    const QJsonObject &rd, std::optional<bool> sourceSecretExists)
{
    ReplicationStatus s;
    s.sourceExists = !rs.isEmpty();
    s.destinationExists = !rd.isEmpty();
    const QJsonObject rsSpec = rs.value(QLatin1String("spec")).toObject();
    const QJsonObject rsStatus = rs.value(QLatin1String("status")).toObject();
    const QJsonObject rdStatus = rd.value(QLatin1String("status")).toObject();
    const bool tls = rel.rsyncTls;

    // Trigger: what the cluster has, or what the file says.
    if (s.sourceExists) {
        const QJsonObject trigger = rsSpec.value(QLatin1String("trigger")).toObject();
        s.schedule = trigger.value(QLatin1String("schedule")).toString();
        s.manualTrigger = trigger.value(QLatin1String("manual")).toString();
        s.paused = rsSpec.value(QLatin1String("paused")).toBool();
    } else if (rel.source) {
        s.paused = rel.source->paused;
        s.schedule = rel.source->trigger.schedule.value_or(QString());
        s.manualTrigger = rel.source->trigger.manual;
    }

    const QJsonObject rdAnnotations
        = rd.value(QLatin1String("metadata")).toObject().value(QLatin1String("annotations")).toObject();
    s.failedOverAt = parseTime(rdAnnotations.value(ReplicationFailoverJob::failedOverAnnotation()));
    s.testingSince = parseTime(rdAnnotations.value(ReplicationFailoverJob::testingAnnotation()));
    s.destinationPaused = rd.value(QLatin1String("spec")).toObject().value(QLatin1String("paused")).toBool();
    s.sourcePausedOutside = s.sourceExists && s.paused && rel.source && !rel.source->paused;

    // Times and results come from the source; the destination fills in what the source lacks.
    const QJsonObject &primary = s.sourceExists ? rsStatus : rdStatus;
    s.lastManualSync = primary.value(QLatin1String("lastManualSync")).toString();
    s.lastSyncTime = parseTime(primary.value(QLatin1String("lastSyncTime")));
    s.lastSyncStartTime = parseTime(primary.value(QLatin1String("lastSyncStartTime")));
    s.nextSyncTime = parseTime(primary.value(QLatin1String("nextSyncTime")));
    // Paused: no sync starts, whatever time the status still holds from before the pause.
    if (s.paused)
        s.nextSyncTime = {};
    s.lastSyncDuration = primary.value(QLatin1String("lastSyncDuration")).toString();
    if (const auto ns = parseGoDuration(s.lastSyncDuration))
        s.lastSyncDurationMs = *ns / 1000000;
    const QJsonObject mover = primary.value(QLatin1String("latestMoverStatus")).toObject();
    if (!mover.isEmpty())
        s.moverStatus = MoverStatus {
            mover.value(QLatin1String("result")).toString(), mover.value(QLatin1String("logs")).toString()};
    s.sourceConditions = conditions(rsStatus);
    s.destinationConditions = conditions(rdStatus);
    const QJsonObject image = rdStatus.value(QLatin1String("latestImage")).toObject();
    s.latestImageKind = image.value(QLatin1String("kind")).toString();
    s.latestImageName = image.value(QLatin1String("name")).toString();
    const QJsonObject rdMover = rdStatus.value(tls ? QLatin1String("rsyncTLS") : QLatin1String("rsync")).toObject();
    s.address = rdMover.value(QLatin1String("address")).toString();
    s.keySecret = rdMover.value(tls ? QLatin1String("keySecret") : QLatin1String("sshKeys")).toString();

    // Phase.
    const ReplicationCondition *syncing = findCondition(s.sourceConditions, QStringLiteral("Synchronizing"));
    if (!s.sourceExists && !s.destinationExists) {
        s.phase = Phase::NotApplied;
    } else if (!s.sourceExists) {
        s.phase = Phase::WaitingForDestination;
    } else if (syncing && syncing->status == QLatin1String("False") && syncing->reason == QLatin1String("Error")) {
        s.phase = Phase::Failed;
    } else if (s.lastSyncStartTime.isValid() || (syncing && syncing->status == QLatin1String("True"))) {
        s.phase = s.moverStatus && s.moverStatus->result == QLatin1String("Failed") ? Phase::Failed : Phase::Syncing;
    } else if (s.moverStatus && s.moverStatus->result == QLatin1String("Failed")) {
        s.phase = Phase::Failed;
    } else {
        s.phase = Phase::Idle;
    }
    if (s.sourceExists && s.phase == Phase::Syncing && s.moverStatus
        && s.moverStatus->result == QLatin1String("Failed"))
        s.phase = Phase::Failed;

    // Problems, each with its fix.
    using Kind = ReplicationFinding::Kind;
    using Severity = ReplicationFinding::Severity;
    const auto fixWith = [&rel, &s](ReplicationFix::Action action, const QString &side = QString()) {
        return ReplicationFix {action, rel.name, s.schedule, side};
    };
    const auto add = [&s](Kind kind, Severity severity, const QString &message, const QString &evidence,
                         const ReplicationFix &fix) {
        s.problems.append({kind, severity, message, evidence, fix});
    };
    if (!rel.source)
        add(Kind::NoSource, Severity::Warning, QStringLiteral("No source defined yet"), QString(),
            fixWith(ReplicationFix::Action::SetUp, QStringLiteral("set-source")));
    if (!rel.destination)
        add(Kind::NoDestination, Severity::Warning, QStringLiteral("No destination defined yet"), QString(),
            fixWith(ReplicationFix::Action::SetUp, QStringLiteral("set-destination")));
    if (rel.isComplete() && !s.destinationExists)
        add(Kind::DestinationMissing, Severity::Warning, QStringLiteral("The ReplicationDestination does not exist"),
            QString(), fixWith(ReplicationFix::Action::Apply));
    if (s.destinationExists && (s.address.isEmpty() || s.keySecret.isEmpty()))
        add(Kind::DestinationNotPublished, Severity::Info,
            QStringLiteral("The destination has not published its address and keys yet (a LoadBalancer may still be "
                           "waiting for an address)"),
            QString(), ReplicationFix {});
    if (s.destinationExists && !s.sourceExists && !s.address.isEmpty())
        add(Kind::SourceMissing, Severity::Warning, QStringLiteral("The ReplicationSource does not exist"), QString(),
            fixWith(ReplicationFix::Action::Apply));
    if (s.sourceExists) {
        const QJsonObject srcMover = rsSpec.value(tls ? QLatin1String("rsyncTLS") : QLatin1String("rsync")).toObject();
        const QString usedAddress = srcMover.value(QLatin1String("address")).toString();
        if (!s.address.isEmpty() && !usedAddress.isEmpty() && usedAddress != s.address)
            add(Kind::AddressChanged, Severity::Error,
                QStringLiteral("The destination address changed from %1 to %2; the source still uses the old one")
                    .arg(usedAddress, s.address),
                QStringLiteral("source uses %1, destination publishes %2").arg(usedAddress, s.address),
                fixWith(ReplicationFix::Action::Apply));
        if (srcMover.isEmpty())
            add(Kind::MoverMismatch, Severity::Error,
                tls ? QStringLiteral("The ReplicationSource does not use rsync-TLS as the relationship file says")
                    : QStringLiteral("The ReplicationSource does not use rsync over SSH as the relationship file says"),
                QString(), fixWith(ReplicationFix::Action::Apply));
    }
    if (sourceSecretExists.has_value() && !*sourceSecretExists)
        add(Kind::KeySecretMissing, Severity::Error,
            QStringLiteral("The key Secret in the source namespace is missing, so the mover cannot connect"),
            rel.source ? QStringLiteral("Secret %1/%2").arg(rel.source->namespaceName, rel.source->rsName) : QString(),
            fixWith(ReplicationFix::Action::Apply));
    if (syncing && syncing->reason == QLatin1String("Error") && !syncing->message.isEmpty())
        add(Kind::SourceError, Severity::Error,
            QStringLiteral("VolSync reports an error on the source: %1").arg(syncing->message), syncing->message,
            ReplicationFix {});
    const ReplicationCondition *rdSyncing = findCondition(s.destinationConditions, QStringLiteral("Synchronizing"));
    if (rdSyncing && rdSyncing->reason == QLatin1String("Error") && !rdSyncing->message.isEmpty())
        add(Kind::DestinationError, Severity::Error,
            QStringLiteral("VolSync reports an error on the destination: %1").arg(rdSyncing->message),
            rdSyncing->message, ReplicationFix {});
    return s;
}

QVariantMap ReplicationStatus::toVariantMap() const
{
    QVariantMap m;
    m.insert(QStringLiteral("phase"), phaseName());
    m.insert(QStringLiteral("sourceExists"), sourceExists);
    m.insert(QStringLiteral("destinationExists"), destinationExists);
    const auto putString = [&m](const char *key, const QString &value) {
        if (!value.isEmpty())
            m.insert(QLatin1String(key), value);
    };
    const auto putTime = [&m](const char *key, const QDateTime &value) {
        if (value.isValid())
            m.insert(QLatin1String(key), value.toUTC().toString(Qt::ISODate));
    };
    putString("schedule", schedule);
    putString("manualTrigger", manualTrigger);
    if (paused)
        m.insert(QStringLiteral("paused"), true);
    putString("lastManualSync", lastManualSync);
    putTime("lastSyncTime", lastSyncTime);
    putTime("lastSyncStartTime", lastSyncStartTime);
    putTime("nextSyncTime", nextSyncTime);
    putString("lastSyncDuration", lastSyncDuration);
    putTime("failedOverAt", failedOverAt);
    putTime("testingSince", testingSince);
    if (destinationPaused)
        m.insert(QStringLiteral("destinationPaused"), true);
    if (failover() == Failover::FailedOverOutside)
        m.insert(QStringLiteral("failedOverOutside"), true);
    if (moverStatus)
        m.insert(QStringLiteral("latestMoverStatus"),
            QVariantMap {{QStringLiteral("result"), moverStatus->result}, {QStringLiteral("logs"), moverStatus->logs}});
    if (!sourceConditions.isEmpty())
        m.insert(QStringLiteral("sourceConditions"), conditionsVariant(sourceConditions));
    if (!destinationConditions.isEmpty())
        m.insert(QStringLiteral("destinationConditions"), conditionsVariant(destinationConditions));
    if (!latestImageName.isEmpty())
        m.insert(QStringLiteral("latestImage"),
            QVariantMap {{QStringLiteral("kind"), latestImageKind}, {QStringLiteral("name"), latestImageName}});
    putString("address", address);
    putString("keySecret", keySecret);
    if (!problems.isEmpty()) {
        QVariantList list;
        for (const ReplicationFinding &finding : problems)
            list.append(finding.toVariantMap());
        m.insert(QStringLiteral("problems"), list);
    }
    return m;
}

QStringList ReplicationStatus::problemTexts() const
{
    QStringList out;
    for (const ReplicationFinding &finding : problems)
        out.append(finding.text());
    return out;
}

bool ReplicationStatus::hasProblem(ReplicationFinding::Kind kind) const
{
    return std::any_of(
        problems.cbegin(), problems.cend(), [kind](const ReplicationFinding &f) { return f.kind == kind; });
}

bool ReplicationStatus::hasNewResultSince(const ReplicationStatus &before) const
{
    return lastSyncTime != before.lastSyncTime || moverStatus != before.moverStatus
        || sourceConditions != before.sourceConditions || destinationConditions != before.destinationConditions;
}
