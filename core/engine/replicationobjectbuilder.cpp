// SPDX-License-Identifier: GPL-3.0-or-later
#include "replicationobjectbuilder.h"

#include "replicationengine.h"

#include "engine/volsyncresources.h"
#include "kube/kuberesource.h"

#include <QJsonArray>
#include <QRandomGenerator>

namespace {

QString randomSuffix()
{
    static const QString kChars = QStringLiteral("bcdfghjklmnpqrstvwxz2456789");
    QString out;
    for (int i = 0; i < 5; ++i)
        out += kChars.at(int(QRandomGenerator::global()->bounded(quint32(kChars.size()))));
    return out;
}

QJsonObject objectWithName(
    const KubeResource &resource, const QString &name, const QString &ns, const QJsonObject &labels)
{
    return {{QStringLiteral("apiVersion"), resource.apiVersion()}, {QStringLiteral("kind"), resource.kind},
        {QStringLiteral("metadata"),
            QJsonObject {{QStringLiteral("name"), name}, {QStringLiteral("namespace"), ns},
                {QStringLiteral("labels"), labels}}}};
}

void putVolumeOptions(QJsonObject &o, const QString &copyMethod, const QStringList &accessModes,
    const std::optional<QString> &capacity, const std::optional<QString> &storageClass,
    const std::optional<QString> &snapshotClass)
{
    o.insert(QStringLiteral("copyMethod"), copyMethod);
    if (!accessModes.isEmpty())
        o.insert(QStringLiteral("accessModes"), QJsonArray::fromStringList(accessModes));
    if (capacity)
        o.insert(QStringLiteral("capacity"), *capacity);
    if (storageClass)
        o.insert(QStringLiteral("storageClassName"), *storageClass);
    if (snapshotClass)
        o.insert(QStringLiteral("volumeSnapshotClassName"), *snapshotClass);
}

QJsonObject securityContextJson(const MoverSecurityContext &c)
{
    QJsonObject o;
    if (c.runAsUser)
        o.insert(QStringLiteral("runAsUser"), double(*c.runAsUser));
    if (c.runAsGroup)
        o.insert(QStringLiteral("runAsGroup"), double(*c.runAsGroup));
    if (c.fsGroup)
        o.insert(QStringLiteral("fsGroup"), double(*c.fsGroup));
    if (c.runAsNonRoot)
        o.insert(QStringLiteral("runAsNonRoot"), *c.runAsNonRoot);
    if (c.seccompProfileType)
        o.insert(QStringLiteral("seccompProfile"), QJsonObject {{QStringLiteral("type"), *c.seccompProfileType}});
    return o;
}

} // namespace

QString ReplicationObjectBuilder::requestedSize(const QJsonObject &pvc)
{
    return pvc.value(QLatin1String("spec"))
        .toObject()
        .value(QLatin1String("resources"))
        .toObject()
        .value(QLatin1String("requests"))
        .toObject()
        .value(QLatin1String("storage"))
        .toString();
}

QStringList ReplicationObjectBuilder::accessModes(const QJsonObject &pvc)
{
    QStringList modes;
    const QJsonArray array = pvc.value(QLatin1String("spec")).toObject().value(QLatin1String("accessModes")).toArray();
    for (const QJsonValue &m : array)
        modes.append(m.toString());
    return modes;
}

QString ReplicationObjectBuilder::newSourceName(const QString &pvcName)
{
    return pvcName + QLatin1Char('-') + randomSuffix();
}

ReplicationSourceSide ReplicationObjectBuilder::sourceSide(
    const SourceSettings &settings, const std::optional<ReplicationSourceSide> &old)
{
    ReplicationSourceSide side;
    side.cluster = settings.pvc.context;
    side.namespaceName = settings.pvc.namespaceName;
    side.pvcName = settings.pvc.name;
    // Keep the RS name (and so the objects) while the PVC stays the same; upstream draws a new one each time.
    const bool samePlace = old && old->cluster == side.cluster && old->namespaceName == side.namespaceName
        && old->pvcName == side.pvcName && !old->rsName.isEmpty();
    if (settings.rsName)
        side.rsName = *settings.rsName;
    else
        side.rsName = samePlace ? old->rsName : newSourceName(side.pvcName);
    side.copyMethod = settings.copyMethod;
    side.accessModes = settings.accessModes;
    side.storageClassName = settings.storageClassName;
    side.volumeSnapshotClassName = settings.volumeSnapshotClassName;
    side.moverSecurityContext = settings.moverSecurityContext;
    if (old) {
        // Keep the schedule (upstream resets the trigger); the address and keys stay valid for the same RS.
        side.trigger.schedule = old->trigger.schedule;
        if (samePlace && side.rsName == old->rsName) {
            side.address = old->address;
            side.sshKeys = old->sshKeys;
        }
    }
    return side;
}

ReplicationDestinationSide ReplicationObjectBuilder::destinationSide(const DestinationSettings &settings)
{
    ReplicationDestinationSide side;
    side.cluster = settings.destination.context;
    side.namespaceName = settings.destination.namespaceName;
    side.rdName = settings.destination.name;
    side.copyMethod = settings.copyMethod;
    side.accessModes = settings.accessModes;
    side.capacity = settings.capacity;
    side.storageClassName = settings.storageClassName;
    side.volumeSnapshotClassName = settings.volumeSnapshotClassName;
    side.serviceType = settings.serviceType;
    side.moverSecurityContext = settings.moverSecurityContext;
    return side;
}

void ReplicationObjectBuilder::completeDestination(
    ReplicationDestinationSide *destination, const QJsonObject &sourcePvc)
{
    if (destination->copyMethod == QLatin1String("Snapshot")) {
        const QString size = requestedSize(sourcePvc);
        if (!destination->capacity && !size.isEmpty())
            destination->capacity = size;
        if (destination->accessModes.isEmpty())
            destination->accessModes = accessModes(sourcePvc);
        return;
    }
    // Direct / None: the data lands in a PVC named like the RD (created when missing, never modified).
    destination->destinationPvc = destination->rdName;
}

QJsonObject ReplicationObjectBuilder::destinationPvc(
    const ReplicationDestinationSide &destination, const QJsonObject &sourcePvc)
{
    const QStringList modes = destination.accessModes.isEmpty() ? accessModes(sourcePvc) : destination.accessModes;
    QJsonObject spec {{QStringLiteral("accessModes"), QJsonArray::fromStringList(modes)},
        {QStringLiteral("resources"),
            QJsonObject {{QStringLiteral("requests"),
                QJsonObject {{QStringLiteral("storage"), destination.capacity.value_or(requestedSize(sourcePvc))}}}}}};
    if (destination.storageClassName)
        spec.insert(QStringLiteral("storageClassName"), *destination.storageClassName);
    return {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("kind"), QStringLiteral("PersistentVolumeClaim")},
        {QStringLiteral("metadata"),
            QJsonObject {{QStringLiteral("name"), destination.rdName},
                {QStringLiteral("namespace"), destination.namespaceName}}},
        {QStringLiteral("spec"), spec}};
}

QJsonObject ReplicationObjectBuilder::labels(const ReplicationRelationship &relationship)
{
    return {{ReplicationEngine::relationshipLabel(), relationship.id}};
}

QJsonObject ReplicationObjectBuilder::replicationDestination(const ReplicationRelationship &relationship)
{
    const ReplicationDestinationSide &d = *relationship.destination;
    QJsonObject mover;
    putVolumeOptions(mover, d.copyMethod, d.accessModes, d.capacity, d.storageClassName, d.volumeSnapshotClassName);
    if (d.destinationPvc && d.copyMethod != QLatin1String("Snapshot"))
        mover.insert(QStringLiteral("destinationPVC"), *d.destinationPvc);
    if (d.cleanupTempPvc)
        mover.insert(QStringLiteral("cleanupTempPVC"), true);
    mover.insert(QStringLiteral("serviceType"), d.serviceType.value_or(QStringLiteral("ClusterIP")));
    if (relationship.rsyncTls && !d.moverSecurityContext.isEmpty())
        mover.insert(QStringLiteral("moverSecurityContext"), securityContextJson(d.moverSecurityContext));
    QJsonObject rd
        = objectWithName(VolSyncResources::replicationDestinations(), d.rdName, d.namespaceName, labels(relationship));
    rd.insert(QStringLiteral("spec"),
        QJsonObject {{relationship.rsyncTls ? QStringLiteral("rsyncTLS") : QStringLiteral("rsync"), mover}});
    return rd;
}

QJsonObject ReplicationObjectBuilder::keySecret(const ReplicationRelationship &relationship, const QJsonObject &data)
{
    const ReplicationSourceSide &s = *relationship.source;
    QJsonObject secret = objectWithName(KubeResource::secrets(), s.rsName, s.namespaceName, labels(relationship));
    secret.insert(QStringLiteral("data"), data);
    return secret;
}

QJsonObject ReplicationObjectBuilder::replicationSource(
    const ReplicationRelationship &relationship, const QString &address)
{
    const ReplicationSourceSide &s = *relationship.source;
    QJsonObject mover;
    putVolumeOptions(mover, s.copyMethod, s.accessModes, s.capacity, s.storageClassName, s.volumeSnapshotClassName);
    mover.insert(QStringLiteral("address"), address);
    if (relationship.rsyncTls) {
        mover.insert(QStringLiteral("keySecret"), s.rsName);
        if (!s.moverSecurityContext.isEmpty())
            mover.insert(QStringLiteral("moverSecurityContext"), securityContextJson(s.moverSecurityContext));
    } else {
        mover.insert(QStringLiteral("sshKeys"), s.rsName);
    }
    QJsonObject trigger;
    if (s.trigger.schedule)
        trigger.insert(QStringLiteral("schedule"), *s.trigger.schedule);
    if (!s.trigger.manual.isEmpty())
        trigger.insert(QStringLiteral("manual"), s.trigger.manual);
    QJsonObject rs
        = objectWithName(VolSyncResources::replicationSources(), s.rsName, s.namespaceName, labels(relationship));
    QJsonObject spec {{QStringLiteral("sourcePVC"), s.pvcName}, {QStringLiteral("trigger"), trigger},
        {relationship.rsyncTls ? QStringLiteral("rsyncTLS") : QStringLiteral("rsync"), mover}};
    if (s.paused)
        spec.insert(QStringLiteral("paused"), true); // applying again keeps a paused relationship paused
    rs.insert(QStringLiteral("spec"), spec);
    return rs;
}

QStringList ReplicationObjectBuilder::keySecretKeys(bool rsyncTls)
{
    if (rsyncTls)
        return {QStringLiteral("psk.txt")};
    return {QStringLiteral("destination.pub"), QStringLiteral("source"), QStringLiteral("source.pub")};
}

QJsonObject ReplicationObjectBuilder::keySecretPreview(const ReplicationRelationship &relationship)
{
    QJsonObject data;
    const QStringList keys = keySecretKeys(relationship.rsyncTls);
    for (const QString &key : keys)
        data.insert(key, QString()); // valid (empty) base64, so that a dry run can send it
    return keySecret(relationship, data);
}

QString ReplicationObjectBuilder::addressPlaceholder()
{
    return QStringLiteral("address-published-by-the-replicationdestination");
}

QString ReplicationObjectBuilder::maskedValue()
{
    return QStringLiteral("********");
}

QJsonObject ReplicationObjectBuilder::masked(QJsonObject secret)
{
    for (const char *field : {"data", "stringData"}) {
        QJsonObject data = secret.value(QLatin1String(field)).toObject();
        for (auto it = data.begin(); it != data.end(); ++it)
            it.value() = maskedValue();
        if (!data.isEmpty())
            secret.insert(QLatin1String(field), data);
    }
    return secret;
}
