// SPDX-License-Identifier: GPL-3.0-or-later
#include "replicationdiagnosis.h"

#include "common/volsyncnames.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <algorithm>

namespace {

using Kind = ReplicationFinding::Kind;
using Severity = ReplicationFinding::Severity;

QJsonObject metadataOf(const QJsonObject &object)
{
    return object.value(QStringLiteral("metadata")).toObject();
}

QString nameOf(const QJsonObject &object)
{
    return metadataOf(object).value(QStringLiteral("name")).toString();
}

QJsonObject statusOf(const QJsonObject &object)
{
    return object.value(QStringLiteral("status")).toObject();
}

// `Event FailedBinding on PersistentVolumeClaim/x: "message" (x3)`.
QString quoteEvent(const QJsonObject &event)
{
    const QJsonObject involved = event.value(QStringLiteral("involvedObject")).toObject();
    const int count = event.value(QStringLiteral("count")).toInt(1);
    return QStringLiteral("Event %1 on %2/%3: \"%4\"%5")
        .arg(event.value(QStringLiteral("reason")).toString(), involved.value(QStringLiteral("kind")).toString(),
            involved.value(QStringLiteral("name")).toString(), event.value(QStringLiteral("message")).toString(),
            count > 1 ? QStringLiteral(" (x%1)").arg(count) : QString());
}

// When an Event last happened (core/v1 lastTimestamp, else eventTime or firstTimestamp).
QDateTime eventTime(const QJsonObject &event)
{
    for (const char *key : {"lastTimestamp", "eventTime", "firstTimestamp"}) {
        const QString value = event.value(QLatin1String(key)).toString();
        if (!value.isEmpty()) {
            return QDateTime::fromString(value, Qt::ISODateWithMs);
        }
    }
    return {};
}

// The newest Event with one of `reasons`, if any.
std::optional<QJsonObject> newestEvent(const QList<QJsonObject> &events, const QStringList &reasons)
{
    std::optional<QJsonObject> found;
    for (const QJsonObject &event : events) {
        if (reasons.contains(event.value(QStringLiteral("reason")).toString())) {
            found = event;
        }
    }
    return found;
}

// The first log line that matches, without its line end.
QString matchingLine(const QString &log, const QRegularExpression &pattern)
{
    const QStringList lines = log.split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        if (pattern.match(line).hasMatch()) {
            return line.trimmed();
        }
    }
    return {};
}

QString lastLine(const QString &log)
{
    const QStringList lines = log.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    return lines.isEmpty() ? QString() : lines.last().trimmed();
}

QString conditionMessage(const TroubleshootSide &side)
{
    if (!side.object) {
        return {};
    }
    const QJsonArray conditions = statusOf(*side.object).value(QStringLiteral("conditions")).toArray();
    for (const QJsonValue &value : conditions) {
        const QJsonObject c = value.toObject();
        if (c.value(QStringLiteral("type")).toString() == QLatin1String("Synchronizing")
            && c.value(QStringLiteral("status")).toString() == QLatin1String("False")
            && c.value(QStringLiteral("reason")).toString() == QLatin1String("Error")) {
            return c.value(QStringLiteral("message")).toString();
        }
    }
    return {};
}

class Rules
{
public:
    Rules(const TroubleshootSnapshot &snapshot, const QDateTime &now)
        : mSnapshot(snapshot)
        , mNow(now)
    { }

    ReplicationFindings run()
    {
        for (const std::optional<TroubleshootSide> &side : {mSnapshot.source, mSnapshot.destination}) {
            if (!side) {
                continue;
            }
            pendingPvcs(*side);
            serviceWithoutAddress(*side);
            privilegedMovers(*side);
            podStates(*side);
            moverLog(*side);
            failedJob(*side);
            debugMover(*side);
        }
        keysDiffer();
        clockSkew();
        std::stable_sort(mFindings.begin(), mFindings.end(),
            [](const ReplicationFinding &a, const ReplicationFinding &b) { return int(a.severity) > int(b.severity); });
        return mFindings;
    }

private:
    ReplicationFix manual(const QString &step) const
    {
        ReplicationFix fix;
        fix.relationship = mSnapshot.relationship;
        fix.manualStep = step;
        return fix;
    }

    // Apply again (copies the keys, points the source at the address, syncs when there is no schedule); a
    // manual step for an unmanaged object.
    ReplicationFix applyAgain(ReplicationFix::Action action, const QString &otherwise) const
    {
        if (mSnapshot.relationship.isEmpty()) {
            return manual(otherwise);
        }
        ReplicationFix fix;
        fix.action = action;
        fix.relationship = mSnapshot.relationship;
        fix.schedule = mSnapshot.schedule;
        return fix;
    }

    void add(Kind kind, Severity severity, const QString &message, const QString &evidence, const ReplicationFix &fix)
    {
        for (const ReplicationFinding &existing : std::as_const(mFindings)) {
            if (existing.kind == kind && existing.message == message) {
                return;
            }
        }
        mFindings.append({kind, severity, message, evidence, fix});
    }

    void pendingPvcs(const TroubleshootSide &side)
    {
        const QString quota = conditionMessage(side);
        if (quota.contains(QLatin1String("exceeded quota"))) {
            add(Kind::PvcPending, Severity::Error,
                QStringLiteral("A volume of %1 cannot be created: namespace %2 has used up its storage quota.")
                    .arg(side.describe(), side.namespaceName),
                QStringLiteral("Synchronizing condition: \"%1\"").arg(quota),
                manual(QStringLiteral("Raise the ResourceQuota of namespace %1 in cluster %2, or ask for less "
                                      "capacity.")
                           .arg(side.namespaceName, side.context)));
        }
        for (const QJsonObject &pvc : side.pvcs) {
            if (statusOf(pvc).value(QStringLiteral("phase")).toString() != QLatin1String("Pending")) {
                continue;
            }
            const QString pvcName = nameOf(pvc);
            const QList<QJsonObject> events = side.eventsAbout(pvcName, QStringLiteral("PersistentVolumeClaim"));
            // What the binder says: a refusal (FailedBinding, ProvisioningFailed) is a finding at once; waiting
            // (for a consumer, for the provisioner) only once it lasts.
            const auto refused
                = newestEvent(events, {QStringLiteral("FailedBinding"), QStringLiteral("ProvisioningFailed")});
            const auto waiting = newestEvent(events,
                {QStringLiteral("WaitForFirstConsumer"), QStringLiteral("ExternalProvisioning"),
                    QStringLiteral("WaitForPodScheduled")});
            const QDateTime created = QDateTime::fromString(
                metadataOf(pvc).value(QStringLiteral("creationTimestamp")).toString(), Qt::ISODate);
            const qint64 age = created.isValid() ? created.secsTo(mNow) : 0;
            if (!refused && age < ReplicationDiagnosis::kPvcPendingGraceSeconds) {
                continue;
            }
            const auto event = refused ? refused : waiting;
            const QString reason = event ? event->value(QStringLiteral("reason")).toString() : QString();
            const QString storageClass
                = pvc.value(QStringLiteral("spec")).toObject().value(QStringLiteral("storageClassName")).toString();
            QString why;
            QString step;
            if (reason == QLatin1String("WaitForFirstConsumer")) {
                why = QStringLiteral("its StorageClass binds only once a pod uses it");
                step = QStringLiteral("The mover pod must be scheduled for the volume to bind: read its Events "
                                      "(node selector, resources), or use a StorageClass with "
                                      "volumeBindingMode Immediate.");
            } else if (storageClass.isEmpty() && reason == QLatin1String("FailedBinding")) {
                why = QStringLiteral("no StorageClass is set and no PersistentVolume is free");
                step = QStringLiteral("Set the storage class of the %1 side (storageClassName), or mark a "
                                      "StorageClass of cluster %2 as the default.")
                           .arg(side.role, side.context);
            } else {
                why = QStringLiteral("it is not bound");
                step = storageClass.isEmpty()
                    ? QStringLiteral("Check that cluster %1 has a default StorageClass and that its provisioner runs.")
                          .arg(side.context)
                    : QStringLiteral("Check the StorageClass \"%1\" and its provisioner in cluster %2.")
                          .arg(storageClass, side.context);
            }
            add(Kind::PvcPending, Severity::Error,
                QStringLiteral("The PersistentVolumeClaim %1/%2 in cluster %3 stays Pending: %4.")
                    .arg(side.namespaceName, pvcName, side.context, why),
                event ? quoteEvent(*event)
                      : QStringLiteral("PersistentVolumeClaim/%1 status.phase: Pending for %2 s").arg(pvcName).arg(age),
                manual(step));
        }
    }

    void serviceWithoutAddress(const TroubleshootSide &side)
    {
        for (const QJsonObject &service : side.services) {
            if (service.value(QStringLiteral("spec")).toObject().value(QStringLiteral("type")).toString()
                != QLatin1String("LoadBalancer")) {
                continue;
            }
            const QJsonArray ingress = statusOf(service)
                                           .value(QStringLiteral("loadBalancer"))
                                           .toObject()
                                           .value(QStringLiteral("ingress"))
                                           .toArray();
            if (!ingress.isEmpty()) {
                continue;
            }
            const QDateTime created = QDateTime::fromString(
                metadataOf(service).value(QStringLiteral("creationTimestamp")).toString(), Qt::ISODate);
            const auto event = newestEvent(side.events, {QStringLiteral("NoServiceAddressAssigned")});
            const qint64 age = created.isValid() ? created.secsTo(mNow) : 0;
            if (!event && age < ReplicationDiagnosis::kServiceAddressGraceSeconds) {
                continue;
            }
            add(Kind::ServiceNoAddress, Severity::Error,
                QStringLiteral("The LoadBalancer Service %1/%2 in cluster %3 has no address, so the source cannot "
                               "reach the destination.")
                    .arg(side.namespaceName, nameOf(service), side.context),
                event ? quoteEvent(*event)
                      : QStringLiteral("Service/%1 has no status.loadBalancer.ingress after %2 s")
                            .arg(nameOf(service))
                            .arg(age),
                manual(QStringLiteral("Install a load balancer provider in cluster %1 (e.g. MetalLB), or use "
                                      "serviceType ClusterIP when both sides are in one cluster.")
                           .arg(side.context)));
        }
    }

    void privilegedMovers(const TroubleshootSide &side)
    {
        if (side.isRsyncTls() || !side.object || side.namespaceObject.isEmpty()) {
            return;
        }
        const QString annotation = metadataOf(side.namespaceObject)
                                       .value(QStringLiteral("annotations"))
                                       .toObject()
                                       .value(QStringLiteral("volsync.backube/privileged-movers"))
                                       .toString();
        if (annotation == QLatin1String("true")) {
            return;
        }
        add(Kind::PrivilegedMoversMissing, Severity::Error,
            QStringLiteral("Namespace %1 in cluster %2 does not allow privileged movers, which the rsync (SSH) mover "
                           "needs.")
                .arg(side.namespaceName, side.context),
            annotation.isEmpty() ? QStringLiteral("Namespace/%1 has no annotation volsync.backube/privileged-movers")
                                       .arg(side.namespaceName)
                                 : QStringLiteral("Namespace/%1 volsync.backube/privileged-movers: \"%2\"")
                                       .arg(side.namespaceName, annotation),
            applyAgain(ReplicationFix::Action::AnnotateAndApply,
                QStringLiteral("kubectl --context %1 annotate namespace %2 volsync.backube/privileged-movers=true")
                    .arg(side.context, side.namespaceName)));
    }

    void podStates(const TroubleshootSide &side)
    {
        for (const QJsonObject &pod : side.pods) {
            const QJsonArray statuses = statusOf(pod).value(QStringLiteral("containerStatuses")).toArray();
            for (const QJsonValue &value : statuses) {
                const QJsonObject container = value.toObject();
                const QJsonObject waiting
                    = container.value(QStringLiteral("state")).toObject().value(QStringLiteral("waiting")).toObject();
                const QString reason = waiting.value(QStringLiteral("reason")).toString();
                if (reason == QLatin1String("ImagePullBackOff") || reason == QLatin1String("ErrImagePull")) {
                    const QString image = container.value(QStringLiteral("image")).toString();
                    const auto event = newestEvent(side.eventsAbout(nameOf(pod), QStringLiteral("Pod")),
                        {QStringLiteral("Failed"), QStringLiteral("BackOff")});
                    QString evidence = event ? quoteEvent(*event) : waiting.value(QStringLiteral("message")).toString();
                    // The kubelet's first Failed event names the registry's answer; prefer it.
                    for (const QJsonObject &e : side.eventsAbout(nameOf(pod), QStringLiteral("Pod"))) {
                        if (e.value(QStringLiteral("message")).toString().startsWith(QLatin1String("Failed to pull"))) {
                            evidence = quoteEvent(e);
                        }
                    }
                    add(Kind::ImagePullBackOff, Severity::Error,
                        QStringLiteral("The %1 mover pod %2 in cluster %3 cannot pull its image %4.")
                            .arg(side.role, nameOf(pod), side.context, image),
                        evidence,
                        manual(QStringLiteral("Check that cluster %1 can pull %2 (registry reachable, image tag "
                                              "exists, pull secret), and the VolSync operator's mover image "
                                              "setting.")
                                   .arg(side.context, image)));
                } else if (reason == QLatin1String("CrashLoopBackOff")) {
                    const int restarts = container.value(QStringLiteral("restartCount")).toInt();
                    const QString line = lastLine(side.previousMoverLog.isEmpty() || side.moverPod != nameOf(pod)
                            ? side.moverLog
                            : side.previousMoverLog);
                    add(Kind::CrashLoopBackOff, Severity::Error,
                        QStringLiteral("The %1 mover container of pod %2 in cluster %3 keeps crashing (%4 restarts).")
                            .arg(side.role, nameOf(pod), side.context)
                            .arg(restarts),
                        line.isEmpty() ? waiting.value(QStringLiteral("message")).toString()
                                       : QStringLiteral("last log line: \"%1\"").arg(line),
                        manual(QStringLiteral("Read the previous run's log (logs --previous). A policy that sets "
                                              "restartPolicy on VolSync's Jobs makes a failing mover restart in "
                                              "place; annotate the %1 with volsync.backube/enable-debug-mover to "
                                              "keep its pod for inspection.")
                                   .arg(side.kind)));
                }
            }
        }
    }

    void moverLog(const TroubleshootSide &side)
    {
        const QString log
            = side.moverLog + QLatin1Char('\n') + side.previousMoverLog + QLatin1Char('\n') + side.keptMoverLog();
        static const QRegularExpression locked(
            QStringLiteral("repository is already locked|unable to create lock in backend"));
        const QString lockLine = matchingLine(log, locked);
        if (!lockLine.isEmpty()) {
            resticLocked(side, lockLine);
        }
        static const QRegularExpression connection(QStringLiteral(
            "Connection refused|Connection timed out|No route to host|Could not resolve hostname|Name or service not "
            "known|connection reset by peer"));
        const QString connectionLine = matchingLine(log, connection);
        if (!connectionLine.isEmpty() && side.isSource()) {
            const QString address = side.object
                ? side.object->value(QStringLiteral("spec"))
                      .toObject()
                      .value(side.isRsyncTls() ? QStringLiteral("rsyncTLS") : QStringLiteral("rsync"))
                      .toObject()
                      .value(QStringLiteral("address"))
                      .toString()
                : QString();
            const bool refused = connectionLine.contains(QLatin1String("refused"));
            add(Kind::ConnectionFailed, Severity::Error,
                refused
                    ? QStringLiteral("The source mover's connection to the destination at %1 is refused.").arg(address)
                    : QStringLiteral("The source mover cannot reach the destination at %1.").arg(address),
                QStringLiteral("mover log: \"%1\"").arg(connectionLine),
                manual(refused ? QStringLiteral("Check the destination side: its mover pod must be running (see its "
                                                "findings and Events) and listen at %1.")
                                     .arg(address)
                               : QStringLiteral("Check that %1 is reachable from cluster %2 (a ClusterIP is only "
                                                "reachable inside its own cluster; use a LoadBalancer across "
                                                "clusters), and that no firewall drops the connection.")
                                     .arg(address, side.context)));
        }
    }

    // VolSync unlocks a ReplicationSource's repository when spec.restic.unlock changes, before the next backup,
    // and then copies the value to status.restic.lastUnlocked (the RS CRD's restic.unlock).
    void resticLocked(const TroubleshootSide &side, const QString &lockLine)
    {
        const QJsonObject specRestic = side.object
            ? side.object->value(QStringLiteral("spec")).toObject().value(QStringLiteral("restic")).toObject()
            : QJsonObject();
        const QString requested = specRestic.value(QStringLiteral("unlock")).toString();
        const QString done = side.object ? statusOf(*side.object)
                                               .value(QStringLiteral("restic"))
                                               .toObject()
                                               .value(QStringLiteral("lastUnlocked"))
                                               .toString()
                                         : QString();
        const QString evidence = QStringLiteral("mover log: \"%1\"").arg(lockLine);
        if (!requested.isEmpty() && requested != done) {
            add(Kind::ResticLocked, Severity::Info,
                QStringLiteral("The restic repository of %1 was locked; VolSync unlocks it before the next backup.")
                    .arg(side.describe()),
                evidence
                    + QStringLiteral("; spec.restic.unlock: \"%1\", status.restic.lastUnlocked: \"%2\"")
                          .arg(requested, done),
                manual(QStringLiteral("Wait for the next backup, or start one.")));
            return;
        }
        ReplicationFix fix = manual(QStringLiteral("Make sure no other mover uses the repository, then set "
                                                   "spec.restic.unlock of the %1 to a new value: VolSync unlocks the "
                                                   "repository before the next run.")
                                        .arg(side.kind));
        if (side.isSource() && !specRestic.isEmpty()) {
            fix.action = ReplicationFix::Action::UnlockRestic;
            fix.object = ObjectName {side.context, side.namespaceName, side.name};
        }
        add(Kind::ResticLocked, Severity::Error,
            QStringLiteral("The restic repository of %1 is locked by another run.").arg(side.describe()), evidence,
            fix);
    }

    void failedJob(const TroubleshootSide &side)
    {
        auto transferFailed = newestEvent(side.eventsAbout(side.name, side.kind), {QStringLiteral("TransferFailed")});
        // A failure before the last successful sync is history.
        const QDateTime lastSync = side.object
            ? QDateTime::fromString(
                statusOf(*side.object).value(QStringLiteral("lastSyncTime")).toString(), Qt::ISODate)
            : QDateTime();
        if (transferFailed && lastSync.isValid() && eventTime(*transferFailed) <= lastSync) {
            transferFailed.reset();
        }
        for (const QJsonObject &job : side.jobs) {
            const int failed = statusOf(job).value(QStringLiteral("failed")).toInt();
            if (failed <= 0 || statusOf(job).value(QStringLiteral("succeeded")).toInt() > 0) {
                continue;
            }
            const int limit
                = job.value(QStringLiteral("spec")).toObject().value(QStringLiteral("backoffLimit")).toInt(6);
            add(Kind::MoverJobFailed, Severity::Error,
                QStringLiteral("The %1 mover Job %2 in cluster %3 failed %4; VolSync retries it.")
                    .arg(side.role, nameOf(job), side.context,
                        failed == 1 ? QStringLiteral("once") : QStringLiteral("%1 times").arg(failed)),
                transferFailed ? QStringLiteral("Job/%1 status.failed: %2 (backoffLimit %3); %4")
                                     .arg(nameOf(job))
                                     .arg(failed)
                                     .arg(limit)
                                     .arg(quoteEvent(*transferFailed))
                               : QStringLiteral("Job/%1 status.failed: %2 (backoffLimit %3)")
                                     .arg(nameOf(job))
                                     .arg(failed)
                                     .arg(limit),
                applyAgain(ReplicationFix::Action::Apply,
                    QStringLiteral("Fix what the other findings and the mover log say; VolSync retries the Job.")));
            return;
        }
        if (transferFailed) {
            add(Kind::MoverJobFailed, Severity::Error,
                QStringLiteral("The %1 mover Job of %2 reached its backoff limit; VolSync made a new one.")
                    .arg(side.role, side.describe()),
                quoteEvent(*transferFailed),
                applyAgain(ReplicationFix::Action::Apply,
                    QStringLiteral("Fix what the other findings and the mover log say; VolSync retries the Job.")));
        }
    }

    void debugMover(const TroubleshootSide &side)
    {
        if (!ReplicationDiagnosis::debugMoverOn(side)) {
            return;
        }
        const QString value = side.object->value(QStringLiteral("metadata"))
                                  .toObject()
                                  .value(QStringLiteral("annotations"))
                                  .toObject()
                                  .value(QLatin1String(VolSyncNames::kEnableDebugMoverAnnotation))
                                  .toString();
        add(Kind::DebugMoverOn, Severity::Warning,
            QStringLiteral("%1 runs VolSync's debug mover: its mover pod sleeps instead of moving data, so no sync "
                           "completes until it is turned off.")
                .arg(side.describe()),
            QStringLiteral("metadata.annotations: %1=\"%2\"%3")
                .arg(QLatin1String(VolSyncNames::kEnableDebugMoverAnnotation), value,
                    side.moverPod.isEmpty() ? QString() : QStringLiteral("; pod %1").arg(side.moverPod)),
            ReplicationDiagnosis::debugMoverFix(mSnapshot, side, false));
    }

    void keysDiffer()
    {
        if (!mSnapshot.source || !mSnapshot.destination) {
            return;
        }
        const TroubleshootSide &source = *mSnapshot.source;
        const TroubleshootSide &destination = *mSnapshot.destination;
        if (source.keyDigest.isEmpty() || destination.keyDigest.isEmpty()
            || source.keyDigest == destination.keyDigest) {
            return;
        }
        add(Kind::KeysStale, Severity::Error,
            QStringLiteral("The keys in Secret %1/%2 (cluster %3) differ from the destination's keys in %4/%5 "
                           "(cluster %6): the destination's mover refuses the source.")
                .arg(source.namespaceName, source.keySecretName, source.context, destination.namespaceName,
                    destination.keySecretName, destination.context),
            QStringLiteral("SHA-256 of the shared keys: source %1…, destination %2…")
                .arg(QString::fromLatin1(source.keyDigest.toHex().left(12)),
                    QString::fromLatin1(destination.keyDigest.toHex().left(12))),
            applyAgain(ReplicationFix::Action::Apply,
                QStringLiteral("Copy the destination's key Secret %1 to the source namespace as %2 again.")
                    .arg(destination.keySecretName, source.keySecretName)));
    }

    void clockSkew()
    {
        if (!mSnapshot.source || !mSnapshot.destination || !mSnapshot.source->clockOffsetMs
            || !mSnapshot.destination->clockOffsetMs) {
            return;
        }
        const qint64 source = *mSnapshot.source->clockOffsetMs;
        const qint64 destination = *mSnapshot.destination->clockOffsetMs;
        if (qAbs(source - destination) <= ReplicationDiagnosis::kClockSkewToleranceMs) {
            return;
        }
        add(Kind::ClockSkew, Severity::Warning,
            QStringLiteral("The clocks of clusters %1 and %2 differ by %3 s: schedules, sync times and certificates "
                           "disagree.")
                .arg(mSnapshot.source->context, mSnapshot.destination->context)
                .arg(qAbs(source - destination) / 1000),
            QStringLiteral("API server Date headers: %1 %2 s, %3 %4 s from this computer")
                .arg(mSnapshot.source->context)
                .arg(source / 1000)
                .arg(mSnapshot.destination->context)
                .arg(destination / 1000),
            manual(QStringLiteral("Synchronise the nodes' clocks (NTP) of the cluster that is off.")));
    }

    const TroubleshootSnapshot &mSnapshot;
    QDateTime mNow;
    ReplicationFindings mFindings;
};

} // namespace

ReplicationFindings ReplicationDiagnosis::diagnose(const TroubleshootSnapshot &snapshot, const QDateTime &now)
{
    return Rules(snapshot, now).run();
}

bool ReplicationDiagnosis::debugMoverOn(const TroubleshootSide &side)
{
    return side.object
        && side.object->value(QStringLiteral("metadata"))
               .toObject()
               .value(QStringLiteral("annotations"))
               .toObject()
               .contains(QLatin1String(VolSyncNames::kEnableDebugMoverAnnotation));
}

ReplicationFix ReplicationDiagnosis::debugMoverFix(
    const TroubleshootSnapshot &snapshot, const TroubleshootSide &side, bool enable)
{
    ReplicationFix fix;
    fix.action = ReplicationFix::Action::SetDebugMover;
    fix.relationship = snapshot.relationship;
    fix.object = ObjectName {side.context, side.namespaceName, side.name};
    fix.objectKind = side.kind;
    fix.enable = enable;
    return fix;
}

QList<ReplicationFix> ReplicationDiagnosis::debugMoverToggles(const TroubleshootSnapshot &snapshot)
{
    QList<ReplicationFix> fixes;
    for (const std::optional<TroubleshootSide> &side : {snapshot.source, snapshot.destination}) {
        if (side && side->object) {
            fixes.append(debugMoverFix(snapshot, *side, !debugMoverOn(*side)));
        }
    }
    return fixes;
}
