// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "kube/kubeerror.h"
#include "kube/kuberesource.h"

/// VolSync's API types (group volsync.backube), and what an error on them means. The Kubernetes client
/// (core/kube) knows only Kubernetes' own types; what is VolSync lives here in the engine.
class VolSyncResources
{
public:
    [[nodiscard]] static KubeResource replicationSources();
    [[nodiscard]] static KubeResource replicationDestinations();
    /// `app.kubernetes.io/created-by=volsync`: the label VolSync puts on the objects it makes (key Secrets, movers).
    [[nodiscard]] static QString createdByVolSyncSelector();
    /// Whether `resource` is one of VolSync's types.
    [[nodiscard]] static bool isVolSync(const KubeResource &resource);
    /// `error` from a request on `resource`, with the hint that a missing VolSync object type means VolSync
    /// (its CRDs) is not installed on the cluster when that is what a "not found" can mean; otherwise unchanged.
    [[nodiscard]] static KubeError explained(KubeError error, const KubeResource &resource);
};
