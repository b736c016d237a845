// SPDX-License-Identifier: GPL-3.0-or-later
#include "relationshipdraft.h"

#include "replicationapplyjob.h"
#include "replicationobjectbuilder.h"

#include <QUuid>

namespace {

QString orEmpty(const std::optional<QString> &value)
{
    return value.value_or(QString());
}

std::optional<QString> optional(const QString &value)
{
    return value.isEmpty() ? std::nullopt : std::optional<QString>(value);
}

QString shown(const QString &value, const QString &empty = QStringLiteral("(default)"))
{
    return value.isEmpty() ? empty : value;
}

void compare(QStringList *lines, const QString &what, const QString &before, const QString &after)
{
    if (before != after)
        lines->append(QStringLiteral("%1: %2 → %3").arg(what, shown(before), shown(after)));
}

} // namespace

RelationshipDraft::RelationshipDraft(QObject *parent)
    : QObject(parent)
    , mId(QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    for (auto signal :
        {&RelationshipDraft::nameChanged, &RelationshipDraft::sourceChanged, &RelationshipDraft::destinationChanged,
            &RelationshipDraft::scheduleChanged, &RelationshipDraft::optionsChanged}) {
        connect(this, signal, this, &RelationshipDraft::changed);
    }
}

template<typename T> void RelationshipDraft::update(T &member, const T &value, void (RelationshipDraft::*signal)())
{
    if (member == value)
        return;
    member = value;
    Q_EMIT(this->*signal)();
}

void RelationshipDraft::loadExisting(const ReplicationRelationship &relationship, const QString &currentContext)
{
    mOriginal = relationship;
    mCurrentContext = currentContext;
    mName = relationship.name;
    mId = relationship.id;
    mRsyncTls = relationship.rsyncTls;
    const auto resolved
        = [&currentContext](const QString &cluster) { return cluster.isEmpty() ? currentContext : cluster; };
    if (const auto &s = relationship.source) {
        mSourceContext = resolved(s->cluster);
        mSourceNamespace = s->namespaceName;
        mSourcePvc = s->pvcName;
        mSourceCopyMethod = s->copyMethod.isEmpty() ? QStringLiteral("Clone") : s->copyMethod;
        mSourceStorageClass = orEmpty(s->storageClassName);
        mSourceSnapshotClass = orEmpty(s->volumeSnapshotClassName);
        mSourceAccessModes = s->accessModes;
        mSourceSecurity = s->moverSecurityContext;
        mCronSpec = orEmpty(s->trigger.schedule);
        mSourceName = s->rsName;
        mSourceNamePvc = s->pvcName;
    }
    if (const auto &d = relationship.destination) {
        mDestinationContext = resolved(d->cluster);
        mDestinationNamespace = d->namespaceName;
        mDestinationName = d->rdName;
        mDestinationCopyMethod = d->copyMethod.isEmpty() ? QStringLiteral("Snapshot") : d->copyMethod;
        mCapacity = orEmpty(d->capacity);
        mDestinationAccessModes = d->accessModes;
        mDestinationStorageClass = orEmpty(d->storageClassName);
        mDestinationSnapshotClass = orEmpty(d->volumeSnapshotClassName);
        mServiceType = d->serviceType.value_or(QStringLiteral("ClusterIP"));
        mServiceTypeChosen = true;
        mDestinationSecurity = d->moverSecurityContext;
    }
    Q_EMIT nameChanged();
    Q_EMIT sourceChanged();
    Q_EMIT destinationChanged();
    Q_EMIT scheduleChanged();
    Q_EMIT optionsChanged();
}

void RelationshipDraft::setName(const QString &name)
{
    if (!isExisting())
        update(mName, name, &RelationshipDraft::nameChanged);
}

void RelationshipDraft::setSourceContext(const QString &context)
{
    update(mSourceContext, context, &RelationshipDraft::sourceChanged);
}

void RelationshipDraft::setSourceNamespace(const QString &ns)
{
    update(mSourceNamespace, ns, &RelationshipDraft::sourceChanged);
}

void RelationshipDraft::setSourcePvc(const QString &pvc)
{
    update(mSourcePvc, pvc, &RelationshipDraft::sourceChanged);
}

void RelationshipDraft::setSourceCopyMethod(const QString &method)
{
    update(mSourceCopyMethod, method, &RelationshipDraft::sourceChanged);
}

void RelationshipDraft::setSourceStorageClass(const QString &name)
{
    update(mSourceStorageClass, name, &RelationshipDraft::sourceChanged);
}

void RelationshipDraft::setSourceSnapshotClass(const QString &name)
{
    update(mSourceSnapshotClass, name, &RelationshipDraft::sourceChanged);
}

void RelationshipDraft::setSourceAccessModes(const QStringList &modes)
{
    update(mSourceAccessModes, modes, &RelationshipDraft::sourceChanged);
}

void RelationshipDraft::setSourceMoverSecurityContext(const MoverSecurityContext &context)
{
    update(mSourceSecurity, context, &RelationshipDraft::sourceChanged);
}

void RelationshipDraft::setDestinationContext(const QString &context)
{
    update(mDestinationContext, context, &RelationshipDraft::destinationChanged);
}

void RelationshipDraft::setDestinationNamespace(const QString &ns)
{
    update(mDestinationNamespace, ns, &RelationshipDraft::destinationChanged);
}

void RelationshipDraft::setDestinationName(const QString &name)
{
    update(mDestinationName, name, &RelationshipDraft::destinationChanged);
}

void RelationshipDraft::setDestinationCopyMethod(const QString &method)
{
    update(mDestinationCopyMethod, method, &RelationshipDraft::destinationChanged);
}

void RelationshipDraft::setCapacity(const QString &capacity)
{
    update(mCapacity, capacity, &RelationshipDraft::destinationChanged);
}

void RelationshipDraft::setDestinationAccessModes(const QStringList &modes)
{
    update(mDestinationAccessModes, modes, &RelationshipDraft::destinationChanged);
}

void RelationshipDraft::setDestinationStorageClass(const QString &name)
{
    update(mDestinationStorageClass, name, &RelationshipDraft::destinationChanged);
}

void RelationshipDraft::setDestinationSnapshotClass(const QString &name)
{
    update(mDestinationSnapshotClass, name, &RelationshipDraft::destinationChanged);
}

void RelationshipDraft::setServiceType(const QString &type, bool chosen)
{
    mServiceTypeChosen = mServiceTypeChosen || chosen;
    update(mServiceType, type, &RelationshipDraft::destinationChanged);
}

QString RelationshipDraft::suggestedServiceType() const
{
    return mSourceContext == mDestinationContext ? QStringLiteral("ClusterIP") : QStringLiteral("LoadBalancer");
}

void RelationshipDraft::setDestinationMoverSecurityContext(const MoverSecurityContext &context)
{
    update(mDestinationSecurity, context, &RelationshipDraft::destinationChanged);
}

void RelationshipDraft::setCreateDestinationNamespace(bool create)
{
    update(mCreateNamespace, create, &RelationshipDraft::optionsChanged);
}

void RelationshipDraft::setRsyncTls(bool rsyncTls)
{
    update(mRsyncTls, rsyncTls, &RelationshipDraft::optionsChanged);
}

void RelationshipDraft::setCronSpec(const QString &spec)
{
    update(mCronSpec, spec.trimmed(), &RelationshipDraft::scheduleChanged);
}

void RelationshipDraft::setAllowPrivilegedMovers(bool allow)
{
    update(mAllowPrivilegedMovers, allow, &RelationshipDraft::optionsChanged);
}

SourceSettings RelationshipDraft::sourceSettings() const
{
    SourceSettings s;
    QString context = mSourceContext;
    // An existing side stored for the current context stays so while it stays there.
    if (mOriginal && mOriginal->source && mOriginal->source->cluster.isEmpty() && context == mCurrentContext)
        context.clear();
    s.pvc = ObjectName {context, mSourceNamespace, mSourcePvc};
    s.copyMethod = mSourceCopyMethod;
    s.accessModes = mSourceAccessModes;
    s.storageClassName = optional(mSourceStorageClass);
    s.volumeSnapshotClassName = optional(mSourceSnapshotClass);
    s.moverSecurityContext = mRsyncTls ? mSourceSecurity : MoverSecurityContext();
    if (mSourceName.isEmpty() || mSourceNamePvc != mSourcePvc) {
        mSourceName = ReplicationObjectBuilder::newSourceName(mSourcePvc);
        mSourceNamePvc = mSourcePvc;
    }
    s.rsName = mSourceName;
    return s;
}

DestinationSettings RelationshipDraft::destinationSettings() const
{
    DestinationSettings d;
    QString context = mDestinationContext;
    if (mOriginal && mOriginal->destination && mOriginal->destination->cluster.isEmpty() && context == mCurrentContext)
        context.clear();
    d.destination = ObjectName {context, mDestinationNamespace, mDestinationName};
    d.copyMethod = mDestinationCopyMethod;
    d.capacity = optional(mCapacity);
    d.accessModes = mDestinationAccessModes;
    d.serviceType = mServiceType;
    d.storageClassName = optional(mDestinationStorageClass);
    d.volumeSnapshotClassName = optional(mDestinationSnapshotClass);
    d.moverSecurityContext = mRsyncTls ? mDestinationSecurity : MoverSecurityContext();
    return d;
}

ReplicationRelationship RelationshipDraft::relationship() const
{
    ReplicationRelationship rel = mOriginal.value_or(ReplicationRelationship());
    rel.name = mName;
    rel.id = mId;
    rel.rsyncTls = mRsyncTls;
    rel.version = mRsyncTls ? 2 : qMax(1, mOriginal ? mOriginal->version : 1);
    rel.source = ReplicationObjectBuilder::sourceSide(sourceSettings(), mOriginal ? mOriginal->source : std::nullopt);
    rel.destination = ReplicationObjectBuilder::destinationSide(destinationSettings());
    rel.source->trigger = ReplicationTrigger();
    if (mCronSpec.isEmpty()) {
        if (mManualTrigger.isEmpty())
            mManualTrigger = ReplicationApplyJob::uniqueManualTrigger();
        rel.source->trigger.manual = mManualTrigger;
    } else {
        rel.source->trigger.schedule = mCronSpec;
    }
    return rel;
}

DryRunOptions RelationshipDraft::dryRunOptions() const
{
    DryRunOptions options;
    options.createDestinationNamespace = mCreateNamespace;
    options.allowPrivilegedMovers = allowPrivilegedMovers();
    return options;
}

bool RelationshipDraft::sourceDiffers() const
{
    if (!mOriginal || !mOriginal->source)
        return true;
    ReplicationSourceSide side = ReplicationObjectBuilder::sourceSide(sourceSettings(), mOriginal->source);
    side.trigger = mOriginal->source->trigger;
    return side != *mOriginal->source;
}

bool RelationshipDraft::destinationDiffers() const
{
    if (!mOriginal || !mOriginal->destination)
        return true;
    ReplicationDestinationSide side = ReplicationObjectBuilder::destinationSide(destinationSettings());
    // What apply fills in later (destinationPvc, cleanupTempPvc) is not the user's choice.
    side.destinationPvc = mOriginal->destination->destinationPvc;
    side.cleanupTempPvc = mOriginal->destination->cleanupTempPvc;
    // Files written before the service type was stored mean ClusterIP.
    if (!mOriginal->destination->serviceType && side.serviceType == QLatin1String("ClusterIP"))
        side.serviceType.reset();
    return side != *mOriginal->destination;
}

bool RelationshipDraft::scheduleDiffers() const
{
    if (!mOriginal || !mOriginal->source)
        return true;
    return orEmpty(mOriginal->source->trigger.schedule) != mCronSpec || mCronSpec.isEmpty();
}

QList<std::pair<QString, QStringList>> RelationshipDraft::changesByCluster() const
{
    QList<std::pair<QString, QStringList>> out;
    const auto add = [&out](const QString &cluster, const QStringList &lines) {
        if (lines.isEmpty())
            return;
        for (auto &entry : out) {
            if (entry.first == cluster) {
                entry.second += lines;
                return;
            }
        }
        out.append({cluster, lines});
    };
    const ReplicationRelationship before = mOriginal.value_or(ReplicationRelationship());
    const ReplicationSourceSide oldSource = before.source.value_or(ReplicationSourceSide());
    const ReplicationDestinationSide oldDestination = before.destination.value_or(ReplicationDestinationSide());
    const auto resolved = [this](const QString &cluster) { return cluster.isEmpty() ? mCurrentContext : cluster; };

    QStringList source;
    const QString oldSourcePlace = before.source
        ? QStringLiteral("%1/%2 on %3").arg(oldSource.namespaceName, oldSource.pvcName, resolved(oldSource.cluster))
        : QStringLiteral("(none)");
    const QString newSourcePlace = QStringLiteral("%1/%2 on %3").arg(mSourceNamespace, mSourcePvc, mSourceContext);
    compare(&source, QStringLiteral("source volume"), oldSourcePlace, newSourcePlace);
    compare(&source, QStringLiteral("source copy method"), oldSource.copyMethod, mSourceCopyMethod);
    compare(&source, QStringLiteral("source storage class"), orEmpty(oldSource.storageClassName), mSourceStorageClass);
    compare(&source, QStringLiteral("source snapshot class"), orEmpty(oldSource.volumeSnapshotClassName),
        mSourceSnapshotClass);
    compare(&source, QStringLiteral("schedule"), before.source ? orEmpty(oldSource.trigger.schedule) : QString(),
        mCronSpec);
    if (before.source && resolved(oldSource.cluster) != mSourceContext)
        add(resolved(oldSource.cluster),
            {QStringLiteral("the old source's ReplicationSource and key Secret in %1 are removed")
                    .arg(oldSource.namespaceName)});
    add(mSourceContext, source);

    QStringList destination;
    const QString oldDestinationPlace = before.destination
        ? QStringLiteral("%1/%2 on %3")
              .arg(oldDestination.namespaceName, oldDestination.rdName, resolved(oldDestination.cluster))
        : QStringLiteral("(none)");
    compare(&destination, QStringLiteral("destination"), oldDestinationPlace,
        QStringLiteral("%1/%2 on %3").arg(mDestinationNamespace, mDestinationName, mDestinationContext));
    compare(&destination, QStringLiteral("destination copy method"), oldDestination.copyMethod, mDestinationCopyMethod);
    compare(&destination, QStringLiteral("capacity"), orEmpty(oldDestination.capacity), mCapacity);
    compare(&destination, QStringLiteral("access modes"), oldDestination.accessModes.join(QLatin1Char(',')),
        mDestinationAccessModes.join(QLatin1Char(',')));
    compare(&destination, QStringLiteral("destination storage class"), orEmpty(oldDestination.storageClassName),
        mDestinationStorageClass);
    compare(&destination, QStringLiteral("destination snapshot class"), orEmpty(oldDestination.volumeSnapshotClassName),
        mDestinationSnapshotClass);
    compare(&destination, QStringLiteral("service type"),
        before.destination ? oldDestination.serviceType.value_or(QStringLiteral("ClusterIP")) : QString(),
        mServiceType);
    if (before.destination
        && (resolved(oldDestination.cluster) != mDestinationContext
            || oldDestination.namespaceName != mDestinationNamespace || oldDestination.rdName != mDestinationName))
        add(resolved(oldDestination.cluster),
            {QStringLiteral("the old ReplicationDestination %1 in %2 is removed")
                    .arg(oldDestination.rdName, oldDestination.namespaceName)});
    add(mDestinationContext, destination);
    return out;
}
