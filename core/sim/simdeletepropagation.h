// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sim/simhttprequest.h"

#include <QJsonObject>
#include <QString>

#include <optional>

class SimStore;
struct SimResourceInfo;

/// What happens to an object's dependents when it is deleted (DeleteOptions.propagationPolicy), as kube-apiserver
/// and the garbage collector do it:
/// - Background (the default of most kinds): the object goes at once, the collector deletes its dependents;
/// - Foreground: the object stays, with deletionTimestamp and the finalizer foregroundDeletion, until its
///   dependents are gone;
/// - Orphan (the default of batch/v1 Jobs, for backwards compatibility): the object stays with the finalizer
///   orphan until the collector has removed it from its dependents' ownerReferences; the dependents stay.
/// The simulator's collector works at once: the answer shows the object with its finalizer, the store then
/// holds the result.
class SimDeletePropagation
{
public:
    enum class Policy { Background, Foreground, Orphan };

    /// The request's policy (query or DeleteOptions body, orphanDependents too), else the kind's default; nullopt
    /// and the policy asked for in `error` when it is not one of these.
    [[nodiscard]] static std::optional<Policy> policy(
        const SimHttpRequest &request, const SimResourceInfo &info, QString *error);
    /// The 422 Status for an unknown policy (`value`: the policy asked for).
    [[nodiscard]] static QJsonObject invalidPolicy(const QString &value);
    /// The Warning kube-apiserver adds when a Job is deleted with the Orphan default (its Pods stay), or "".
    [[nodiscard]] static QByteArray defaultOrphanWarning(const SimHttpRequest &request, const SimResourceInfo &info);
    /// `object` as the delete answer shows it while its finalizer holds it (deletionTimestamp now, grace 0).
    [[nodiscard]] static QJsonObject held(const QJsonObject &object, Policy policy, const QString &now);
    /// Removes `owner` (by uid) from the ownerReferences of every object in its namespace.
    static void orphanDependents(SimStore *store, const QJsonObject &owner);
};
