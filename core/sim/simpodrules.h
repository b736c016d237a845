// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonArray>
#include <QJsonObject>

/// What kube-apiserver (current Kubernetes, with its default admission plugins) does to a Pod written through the
/// API: the defaults of k8s.io/kubernetes/pkg/apis/core/v1 (containers, volumes, probes, the pod spec), the
/// ServiceAccount, DefaultTolerationSeconds and Priority admission plugins, the status a new Pod starts with
/// (Pending with its QoS class), and the validation of the fields the product and the operator use.
/// Not done: the ServiceAccount admission check that the service account exists (the simulator has none).
class SimPodRules
{
public:
    /// Fills in the defaults of a Pod being created (`creating`) or replaced.
    static void applyDefaults(QJsonObject &pod, bool creating);

    /// The status of a new Pod: {"phase":"Pending","qosClass":...}.
    [[nodiscard]] static QJsonObject initialStatus(const QJsonObject &pod);

    /// Causes ({"reason","message","field"}) for creating `pod`, or for replacing `current` by it, in the
    /// apiserver's order.
    [[nodiscard]] static QJsonArray validate(const QJsonObject &pod, const QJsonObject *current);

    /// podIP and podIPs (hostIP and hostIPs) say the same, as the apiserver's conversion keeps them: the one that
    /// is missing is filled in from the other.
    static void mirrorStatusIps(QJsonObject &pod);

    /// The QoS class kube-apiserver gives a Pod: Guaranteed, Burstable or BestEffort.
    [[nodiscard]] static QString qosClass(const QJsonObject &pod);
};
