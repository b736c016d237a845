// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QStringList>

struct SimResourceInfo;

/// The fields of the built-in kinds the simulator serves (Namespace, Secret, PersistentVolumeClaim, Service, Pod,
/// Event, StorageClass), as the apiserver's decoder knows them in current Kubernetes: what it silently drops,
/// warns about (fieldValidation=Warn, the default) or refuses (Strict). Checked: the top level, metadata, and the
/// specs' own fields down to containers, ports and resources; deeper structures (probes, affinity, volume sources,
/// security contexts, status) are taken as they come.
class SimBuiltinFields
{
public:
    /// Paths of unknown fields ("spec.containers[0].imagePullPolicyy"), sorted by key at each level; empty for a
    /// kind without a table.
    [[nodiscard]] static QStringList unknownFields(const SimResourceInfo &info, const QJsonObject &object);

    /// `object` without its unknown fields.
    [[nodiscard]] static QJsonObject prune(const SimResourceInfo &info, const QJsonObject &object);

    /// Whether there is a table for this kind.
    [[nodiscard]] static bool knows(const SimResourceInfo &info);
};
