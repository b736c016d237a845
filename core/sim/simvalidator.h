// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

struct SimResourceInfo;

/// Our own validation rules for the custom resources (ReplicationSource, ReplicationDestination, VolumeSnapshot,
/// VolumeSnapshotClass), written from the CRD facts: types, enums (copyMethod, serviceType...), the trigger schedule
/// pattern, required fields, the snapshot CRDs' CEL rules. Object meta and the built-in kinds are checked by
/// SimCoreValidator first.
class SimValidator
{
public:
    /// Causes ({"reason","message","field"}) in the apiserver's wording; empty when valid.
    /// `current`: the stored object when `object` replaces it (immutable fields).
    [[nodiscard]] static QJsonArray validate(
        const SimResourceInfo &info, const QJsonObject &object, const QJsonObject *current = nullptr);
    /// Causes for the status of an object written through the status subresource.
    [[nodiscard]] static QJsonArray validateStatus(const SimResourceInfo &info, const QJsonObject &object);
    /// Fields the schema does not know, as paths ("spec.rsync.foo"), for fieldValidation=Strict/Warn.
    [[nodiscard]] static QStringList unknownFields(const SimResourceInfo &info, const QJsonObject &object);
    /// The object without unknown fields (structural-schema pruning, as for CRDs).
    [[nodiscard]] static QJsonObject prune(const SimResourceInfo &info, const QJsonObject &object);
};
