// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simresourceinfo.h"

QString SimResourceInfo::apiVersion() const
{
    return group.isEmpty() ? version : group + QLatin1Char('/') + version;
}

QString SimResourceInfo::groupVersion() const
{
    return apiVersion();
}

QString SimResourceInfo::listKind() const
{
    return kind + QStringLiteral("List");
}

QString SimResourceInfo::qualifiedName() const
{
    return group.isEmpty() ? plural : plural + QLatin1Char('.') + group;
}

bool SimResourceInfo::isCustom() const
{
    return group == QLatin1String("volsync.backube") || group == QLatin1String("snapshot.storage.k8s.io");
}

namespace {

SimResourceInfo make(const char *group, const char *version, const char *plural, const char *singular, const char *kind,
    bool namespaced, bool hasStatus, QStringList shortNames = {}, QStringList categories = {})
{
    SimResourceInfo info;
    info.group = QLatin1String(group);
    info.version = QLatin1String(version);
    info.plural = QLatin1String(plural);
    info.singular = QLatin1String(singular);
    info.kind = QLatin1String(kind);
    info.namespaced = namespaced;
    info.hasStatus = hasStatus;
    info.shortNames = std::move(shortNames);
    info.categories = std::move(categories);
    return info;
}

} // namespace

const QList<SimResourceInfo> &simResources()
{
    static const QList<SimResourceInfo> resources = {
        make("", "v1", "namespaces", "namespace", "Namespace", false, true, {QStringLiteral("ns")}),
        make("", "v1", "persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", true, true,
            {QStringLiteral("pvc")}, {QStringLiteral("all")}),
        make("", "v1", "secrets", "secret", "Secret", true, false),
        make("", "v1", "services", "service", "Service", true, true, {QStringLiteral("svc")}, {QStringLiteral("all")}),
        make("", "v1", "pods", "pod", "Pod", true, true, {QStringLiteral("po")}, {QStringLiteral("all")}),
        make("", "v1", "events", "event", "Event", true, false, {QStringLiteral("ev")}),
        make("batch", "v1", "jobs", "job", "Job", true, true, {}, {QStringLiteral("all")}),
        make("storage.k8s.io", "v1", "storageclasses", "storageclass", "StorageClass", false, false,
            {QStringLiteral("sc")}),
        make("snapshot.storage.k8s.io", "v1", "volumesnapshotclasses", "volumesnapshotclass", "VolumeSnapshotClass",
            false, false, {QStringLiteral("vsclass"), QStringLiteral("vsclasses")}),
        make("snapshot.storage.k8s.io", "v1", "volumesnapshots", "volumesnapshot", "VolumeSnapshot", true, true,
            {QStringLiteral("vs")}),
        make("volsync.backube", "v1alpha1", "replicationdestinations", "replicationdestination",
            "ReplicationDestination", true, true),
        make("volsync.backube", "v1alpha1", "replicationsources", "replicationsource", "ReplicationSource", true, true),
    };
    return resources;
}

const SimResourceInfo *simResource(const QString &plural)
{
    for (const SimResourceInfo &info : simResources()) {
        if (info.plural == plural)
            return &info;
    }
    return nullptr;
}

const SimResourceInfo *simResource(const QString &groupVersion, const QString &plural)
{
    const SimResourceInfo *info = simResource(plural);
    return info && info->groupVersion() == groupVersion ? info : nullptr;
}
