// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sim/simapihandler.h"

class SimCluster;

/// GET /api/v1/namespaces/{ns}/pods/{name}/log: the container log with kube-apiserver's options (container,
/// previous, follow, tailLines, limitBytes) and its answers (404 for a missing pod, 400 for a container that
/// has never started, an unknown container, or no previous run). The run read is the one the container's status
/// names, as the kubelet picks it: a running container's log (empty if silent; a follow streams it), a crash-looping
/// container's last run.
class SimPodLogRequest
{
public:
    [[nodiscard]] static SimApiResult handle(
        SimCluster *cluster, const SimHttpRequest &request, const QString &ns, const QString &pod);
};
