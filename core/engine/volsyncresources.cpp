// SPDX-License-Identifier: GPL-3.0-or-later
#include "volsyncresources.h"

namespace {
const QString kGroup = QStringLiteral("volsync.backube");
} // namespace

KubeResource VolSyncResources::replicationSources()
{
    return KubeResource {kGroup, QStringLiteral("v1alpha1"), QStringLiteral("replicationsources"),
        QStringLiteral("ReplicationSource"), true};
}

KubeResource VolSyncResources::replicationDestinations()
{
    return KubeResource {kGroup, QStringLiteral("v1alpha1"), QStringLiteral("replicationdestinations"),
        QStringLiteral("ReplicationDestination"), true};
}

QString VolSyncResources::createdByVolSyncSelector()
{
    return QStringLiteral("app.kubernetes.io/created-by=volsync");
}

bool VolSyncResources::isVolSync(const KubeResource &resource)
{
    return resource.group == kGroup;
}

KubeError VolSyncResources::explained(KubeError error, const KubeResource &resource)
{
    if (error.kind() == KubeError::Kind::Status && error.isNotFound() && error.hint().isEmpty()
        && isVolSync(resource)) {
        error.setHint(QStringLiteral("Check the name and the namespace. For VolSync objects, check that VolSync "
                                     "(its CRDs) is installed on this cluster."));
    }
    return error;
}
