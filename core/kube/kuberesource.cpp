// SPDX-License-Identifier: GPL-3.0-or-later
#include "kuberesource.h"

#include <QUrl>

namespace {
QString segment(const QString &text)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text));
}

KubeResource make(const char *group, const char *version, const char *resource, const char *kind, bool namespaced)
{
    return KubeResource {QString::fromLatin1(group), QString::fromLatin1(version), QString::fromLatin1(resource),
        QString::fromLatin1(kind), namespaced};
}
} // namespace

QString KubeResource::apiVersion() const
{
    return group.isEmpty() ? version : group + QLatin1Char('/') + version;
}

QString KubeResource::qualifiedName() const
{
    return group.isEmpty() ? resource : QString(resource + QLatin1Char('.') + group);
}

QString KubeResource::path(const QString &namespaceName, const QString &name, const QString &subresource) const
{
    QString result;
    if (group.isEmpty())
        result = QStringLiteral("/api/") + segment(version);
    else
        result = QStringLiteral("/apis/") + segment(group) + QLatin1Char('/') + segment(version);
    if (namespaced && !namespaceName.isEmpty())
        result += QStringLiteral("/namespaces/") + segment(namespaceName);
    result += QLatin1Char('/') + segment(resource);
    if (!name.isEmpty()) {
        result += QLatin1Char('/') + segment(name);
        if (!subresource.isEmpty())
            result += QLatin1Char('/') + segment(subresource);
    }
    return result;
}

KubeResource KubeResource::namespaces()
{
    return make("", "v1", "namespaces", "Namespace", false);
}

KubeResource KubeResource::persistentVolumeClaims()
{
    return make("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true);
}

KubeResource KubeResource::secrets()
{
    return make("", "v1", "secrets", "Secret", true);
}

KubeResource KubeResource::services()
{
    return make("", "v1", "services", "Service", true);
}

KubeResource KubeResource::pods()
{
    return make("", "v1", "pods", "Pod", true);
}

KubeResource KubeResource::events()
{
    return make("", "v1", "events", "Event", true);
}

KubeResource KubeResource::storageClasses()
{
    return make("storage.k8s.io", "v1", "storageclasses", "StorageClass", false);
}

KubeResource KubeResource::volumeSnapshotClasses()
{
    return make("snapshot.storage.k8s.io", "v1", "volumesnapshotclasses", "VolumeSnapshotClass", false);
}

KubeResource KubeResource::volumeSnapshots()
{
    return make("snapshot.storage.k8s.io", "v1", "volumesnapshots", "VolumeSnapshot", true);
}
