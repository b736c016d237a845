// SPDX-License-Identifier: GPL-3.0-or-later
#include "relationshippreflight.h"

#include "objectname.h"
#include "relationshipdraft.h"
#include "relationshipname.h"
#include "replicationvalidation.h"
#include "storagequantity.h"

#include "common/cronschedule.h"

#include <QDateTime>

namespace {

using Field = DraftFinding::Field;
using Severity = DraftFinding::Severity;

DraftFinding finding(Field field, Severity severity, const QString &message, const QString &fix = QString())
{
    return DraftFinding {field, severity, DraftFinding::sentence(message), fix};
}

QString resolved(const QString &cluster, const QString &currentContext)
{
    return cluster.isEmpty() ? currentContext : cluster;
}

/// Why `pvc` in `context` belongs to a relationship (other than `except`): it is its source, or its Direct/None
/// destination volume. Empty when it does not.
QString ownerNote(const QList<ReplicationRelationship> &relationships, const QString &context,
    const QString &namespaceName, const QString &pvc, const QString &currentContext, const QString &except)
{
    for (const ReplicationRelationship &rel : relationships) {
        if (rel.name == except)
            continue;
        if (rel.source && resolved(rel.source->cluster, currentContext) == context
            && rel.source->namespaceName == namespaceName && rel.source->pvcName == pvc)
            return QStringLiteral("already the source of %1").arg(rel.name);
        if (rel.destination && resolved(rel.destination->cluster, currentContext) == context
            && rel.destination->namespaceName == namespaceName
            && rel.destination->destinationPvc.value_or(QString()) == pvc)
            return QStringLiteral("the copy kept by %1").arg(rel.name);
    }
    return QString();
}

QString except(const RelationshipDraft &draft)
{
    return draft.isExisting() ? draft.name() : QString();
}

} // namespace

QList<DraftFinding> RelationshipPreflight::name(const RelationshipDraft &draft, const Context &context)
{
    QList<DraftFinding> out;
    const QString name = draft.name();
    if (draft.isExisting()) {
        if (RelationshipName::isLegacy(name))
            out.append(finding(Field::Name, Severity::Info, RelationshipName::legacyNote(name)));
        return out;
    }
    if (name.isEmpty()) {
        out.append(finding(Field::Name, Severity::Error,
            QStringLiteral("enter a name: lower-case letters, digits "
                           "and '-', such as webshop-db")));
        return out;
    }
    if (const auto problem = RelationshipName::problemForNew(name)) {
        out.append(finding(Field::Name, Severity::Error, *problem));
        return out;
    }
    for (const ReplicationRelationship &rel : context.relationships) {
        if (rel.name == name) {
            out.append(finding(Field::Name, Severity::Error,
                QStringLiteral("a relationship named \"%1\" exists already. Pick another name, or select it and use "
                               "Set Up… to finish or change it")
                    .arg(name)));
            break;
        }
    }
    return out;
}

QList<DraftFinding> RelationshipPreflight::source(const RelationshipDraft &draft, const Context &context)
{
    QList<DraftFinding> out;
    if (draft.sourceContext().isEmpty())
        out.append(finding(Field::SourceContext, Severity::Error, QStringLiteral("pick the cluster of the volume")));
    if (draft.sourceNamespace().isEmpty())
        out.append(finding(Field::SourceNamespace, Severity::Error, QStringLiteral("pick the volume's namespace")));
    if (draft.sourcePvc().isEmpty())
        out.append(finding(Field::SourcePvc, Severity::Error, QStringLiteral("pick the volume (PVC) to copy")));
    QString error;
    const QString method = draft.sourceCopyMethod();
    if (!ReplicationValidation::copyMethod(method, ReplicationValidation::sourceCopyMethods(), &error))
        out.append(finding(Field::SourceCopyMethod, Severity::Error, error));
    const ClusterInventory *inventory = context.source;
    if (!inventory || draft.sourcePvc().isEmpty())
        return out;
    const auto pvc = inventory->pvc(draft.sourceNamespace(), draft.sourcePvc());
    if (!pvc) {
        if (inventory->isNamespaceLoaded(draft.sourceNamespace()))
            out.append(finding(Field::SourcePvc, Severity::Error,
                QStringLiteral("the volume %1 does not exist in namespace %2 on %3")
                    .arg(draft.sourcePvc(), draft.sourceNamespace(), draft.sourceContext())));
        return out;
    }
    if (pvc->isVolSyncOwned())
        out.append(finding(Field::SourcePvc, Severity::Warning,
            QStringLiteral(
                "%1 is VolSync's own volume (the copy kept by the ReplicationDestination %2): replicating it "
                "copies a copy. Pick the application's volume instead")
                .arg(pvc->name, pvc->volsyncDestination)));
    const QString owner = ownerNote(context.relationships, draft.sourceContext(), draft.sourceNamespace(), pvc->name,
        context.currentContext, except(draft));
    if (!owner.isEmpty())
        out.append(finding(Field::SourcePvc, Severity::Warning,
            QStringLiteral("the PVC %1 is %2: replicating it as well copies the same data again")
                .arg(pvc->name, owner)));
    if (method == QLatin1String("Snapshot") && inventory->isLoaded() && inventory->snapshotClasses().isEmpty()) {
        out.append(finding(Field::SourceCopyMethod, Severity::Warning,
            QStringLiteral("this cluster has no VolumeSnapshotClass: Snapshot cannot work here. Use Clone or Direct")));
    } else if (method == QLatin1String("Clone")) {
        const QString className = draft.sourceStorageClass().isEmpty() ? pvc->storageClass : draft.sourceStorageClass();
        const auto storageClass = inventory->storageClass(className);
        if (storageClass && !storageClass->canClone())
            out.append(finding(Field::SourceCopyMethod, Severity::Warning,
                QStringLiteral("the storage class %1 uses the in-tree provisioner %2, which cannot clone volumes. Use "
                               "Snapshot or Direct")
                    .arg(storageClass->name, storageClass->provisioner)));
    } else if ((method == QLatin1String("Direct") || method == QLatin1String("None")) && pvc->isInUse()) {
        out.append(finding(Field::SourceCopyMethod, Severity::Warning,
            QStringLiteral("the volume is in use: with %1 the copy reads data that may change meanwhile").arg(method)));
    }
    return out;
}

QList<DraftFinding> RelationshipPreflight::destination(const RelationshipDraft &draft, const Context &context)
{
    QList<DraftFinding> out;
    QString error;
    if (draft.destinationContext().isEmpty())
        out.append(finding(Field::DestinationContext, Severity::Error, QStringLiteral("pick the destination cluster")));
    const QString ns = draft.destinationNamespace();
    const ClusterInventory *inventory = context.destination;
    if (ns.isEmpty()) {
        out.append(finding(Field::DestinationNamespace, Severity::Error, QStringLiteral("enter or pick a namespace")));
    } else if (!isDns1123Label(ns)) {
        out.append(finding(Field::DestinationNamespace, Severity::Error,
            QStringLiteral("\"%1\" is not a valid namespace name: use lower-case letters, digits and '-', starting "
                           "and ending with a letter or digit (at most 63 characters)")
                .arg(ns)));
    } else if (inventory && inventory->isLoaded() && !inventory->hasNamespace(ns)) {
        if (draft.createDestinationNamespace())
            out.append(finding(Field::DestinationNamespace, Severity::Info,
                QStringLiteral("the namespace %1 is created on %2 first").arg(ns, draft.destinationContext())));
        else
            out.append(finding(Field::DestinationNamespace, Severity::Error,
                QStringLiteral("the namespace %1 does not exist on %2: let Apply create it, or pick another")
                    .arg(ns, draft.destinationContext()),
                QStringLiteral("kubectl --context %1 create namespace %2").arg(draft.destinationContext(), ns)));
    }
    const QString name = draft.destinationName();
    if (name.isEmpty())
        out.append(finding(Field::DestinationName, Severity::Error, QStringLiteral("enter the destination's name")));
    else if (!isDns1123Subdomain(name))
        out.append(finding(Field::DestinationName, Severity::Error,
            QStringLiteral("\"%1\" is not a valid object name: use lower-case letters, digits, '-' and '.', starting "
                           "and ending with a letter or digit")
                .arg(name)));
    if (!ReplicationValidation::copyMethod(
            draft.destinationCopyMethod(), ReplicationValidation::destinationCopyMethods(), &error))
        out.append(finding(Field::DestinationCopyMethod, Severity::Error, error));
    if (!draft.capacity().isEmpty()) {
        if (!ReplicationValidation::capacity(draft.capacity(), &error)) {
            out.append(finding(Field::Capacity, Severity::Error, error));
        } else {
            QString sourceSize = context.sourceSize;
            if (context.source) {
                if (const auto pvc = context.source->pvc(draft.sourceNamespace(), draft.sourcePvc()))
                    sourceSize = pvc->requestedSize;
            }
            if (const auto problem = capacityProblem(draft.capacity(), sourceSize))
                out.append(finding(Field::Capacity, Severity::Error, *problem));
        }
    }
    if (!draft.destinationAccessModes().isEmpty()
        && !ReplicationValidation::accessModes(draft.destinationAccessModes(), &error))
        out.append(finding(Field::AccessModes, Severity::Error, error));
    if (!ReplicationValidation::serviceType(draft.serviceType(), &error))
        out.append(finding(Field::ServiceType, Severity::Error, error));
    if (draft.destinationCopyMethod() != QLatin1String("Snapshot")
        && draft.destinationContext() == draft.sourceContext() && ns == draft.sourceNamespace()
        && name == draft.sourcePvc() && !name.isEmpty())
        out.append(finding(Field::DestinationName, Severity::Error,
            QStringLiteral(
                "the destination volume would be the source volume itself: pick another name or namespace")));
    return out;
}

QList<DraftFinding> RelationshipPreflight::schedule(const RelationshipDraft &draft)
{
    QList<DraftFinding> out;
    const QString spec = draft.cronSpec();
    if (spec.isEmpty())
        return out;
    QString error;
    if (!ReplicationValidation::cronSpec(spec, &error))
        out.append(finding(Field::Schedule, Severity::Error, error));
    else if (const auto never = neverRuns(spec))
        out.append(finding(Field::Schedule, Severity::Error, *never));
    return out;
}

QList<PrivilegedMovers::Namespace> RelationshipPreflight::missingPrivilegedMovers(
    const RelationshipDraft &draft, const Context &context)
{
    QList<std::pair<PrivilegedMovers::Namespace, QJsonObject>> sides;
    if (context.source)
        sides.append({PrivilegedMovers::Namespace {draft.sourceContext(), draft.sourceNamespace()},
            context.source->namespaceObject(draft.sourceNamespace())});
    if (context.destination) {
        // A namespace Apply creates has no annotation yet.
        sides.append({PrivilegedMovers::Namespace {draft.destinationContext(), draft.destinationNamespace()},
            context.destination->namespaceObject(draft.destinationNamespace())});
    }
    return PrivilegedMovers::missing(draft.rsyncTls(), sides);
}

QList<DraftFinding> RelationshipPreflight::privilegedMovers(const RelationshipDraft &draft, const Context &context)
{
    QList<DraftFinding> out;
    const QList<PrivilegedMovers::Namespace> missing = missingPrivilegedMovers(draft, context);
    if (missing.isEmpty())
        return out;
    QStringList commands;
    QStringList where;
    for (const PrivilegedMovers::Namespace &ns : missing) {
        commands.append(PrivilegedMovers::annotateCommand(ns));
        where.append(QStringLiteral("%1 on %2").arg(ns.name, ns.context));
    }
    if (draft.allowPrivilegedMovers())
        out.append(finding(Field::PrivilegedMovers, Severity::Info,
            QStringLiteral("Apply adds the annotation %1=true to %2")
                .arg(PrivilegedMovers::annotation(), where.join(QStringLiteral(" and "))),
            commands.join(QLatin1Char('\n'))));
    else
        out.append(finding(Field::PrivilegedMovers, Severity::Error,
            QStringLiteral("the rsync mover over SSH cannot start without the annotation %1=true in %2: let Apply add "
                           "it, run the commands below, or use rsync over TLS")
                .arg(PrivilegedMovers::annotation(), where.join(QStringLiteral(" and "))),
            commands.join(QLatin1Char('\n'))));
    return out;
}

QList<DraftFinding> RelationshipPreflight::all(const RelationshipDraft &draft, const Context &context)
{
    return name(draft, context) + source(draft, context) + destination(draft, context) + schedule(draft)
        + privilegedMovers(draft, context);
}

QList<RelationshipPreflight::SourceChoice> RelationshipPreflight::sourceChoices(const ClusterInventory &inventory,
    const QString &namespaceName, const QList<ReplicationRelationship> &relationships, const QString &currentContext,
    const QString &except)
{
    QList<SourceChoice> good;
    QList<SourceChoice> others;
    QList<ClusterInventory::Pvc> pvcs = inventory.pvcs(namespaceName);
    std::sort(pvcs.begin(), pvcs.end(), [](const auto &a, const auto &b) { return a.name < b.name; });
    for (const ClusterInventory::Pvc &pvc : std::as_const(pvcs)) {
        SourceChoice choice {pvc, QString()};
        const QString owner
            = ownerNote(relationships, inventory.context(), namespaceName, pvc.name, currentContext, except);
        if (pvc.isVolSyncOwned())
            choice.note = QStringLiteral("VolSync's copy for %1").arg(pvc.volsyncDestination);
        else
            choice.note = owner;
        (choice.isRecommended() ? good : others).append(choice);
    }
    return good + others;
}

std::optional<QString> RelationshipPreflight::capacityProblem(const QString &capacity, const QString &sourceSize)
{
    if (capacity.isEmpty() || sourceSize.isEmpty())
        return std::nullopt;
    const auto order = StorageQuantity::compare(capacity, sourceSize);
    if (!order || *order >= 0)
        return std::nullopt;
    return QStringLiteral("the destination capacity %1 is smaller than the source volume (%2): the copy would not "
                          "fit; use %2 or more, or leave the capacity out to use the source's size")
        .arg(capacity, sourceSize);
}

std::optional<QString> RelationshipPreflight::neverRuns(const QString &cronSpec)
{
    const CronSchedule schedule = CronSchedule::parse(cronSpec);
    if (!schedule.isValid() || schedule.next(QDateTime::currentDateTimeUtc()).isValid())
        return std::nullopt;
    return QStringLiteral("the schedule \"%1\" never runs: no date matches it (such as February 31). Check the day "
                          "and month fields")
        .arg(cronSpec);
}
