// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonArray>
#include <QJsonObject>

/// What kube-apiserver (current Kubernetes) does to a batch/v1 Job written through the API: its defaults
/// (SetDefaults_Job and the PodSpec defaults of its template; admission plugins do not touch templates), the
/// selector and labels the registry derives from its uid (generateSelector), and ValidateJob's rules for the
/// fields the product and the operator use. k8s.io/kubernetes/pkg/apis/batch and pkg/registry/batch/job.
class SimJobRules
{
public:
    static void applyDefaults(QJsonObject &job);
    /// The selector {batch.kubernetes.io/controller-uid: UID} (unless spec.manualSelector) and the template labels
    /// that match it (with the legacy controller-uid and job-name labels); `job` carries its new uid.
    static void prepareForCreate(QJsonObject &job);
    /// Causes for creating `job` (or replacing `current` by it), in ValidateJob's order.
    [[nodiscard]] static QJsonArray validate(const QJsonObject &job, const QJsonObject *current);
};
