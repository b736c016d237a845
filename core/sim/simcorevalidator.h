// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonArray>
#include <QJsonObject>

struct SimResourceInfo;

/// kube-apiserver's validation of the built-in kinds the product and the operator write (Namespace,
/// PersistentVolumeClaim, Secret, Service, Pod, Event) and the object-meta rules of every kind (name format per kind,
/// labels), in the wording of current Kubernetes (k8s.io/kubernetes/pkg/apis/core/validation). Causes come in the
/// apiserver's order.
class SimCoreValidator
{
public:
    /// Causes ({"reason","message","field"}) for creating `object`, or for replacing `current` by it.
    [[nodiscard]] static QJsonArray validate(
        const SimResourceInfo &info, const QJsonObject &object, const QJsonObject *current = nullptr);

    /// The name rule of a kind: "" when valid, else the apiserver's message ("a lowercase RFC 1123 label ...").
    [[nodiscard]] static QStringList nameErrors(const SimResourceInfo &info, const QString &name);
};
