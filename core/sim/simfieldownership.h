// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sim/simresourceinfo.h"

#include <QJsonObject>
#include <QSet>
#include <QString>

/// Field ownership as kube-apiserver keeps it in metadata.managedFields (structured-merge-diff), and server-side
/// apply on top of it:
/// - an apply conflicts (409, one cause per field) where it sets a field to another value than the one a different
///   manager owns, unless forced (then it takes the field over);
/// - a field the applier applied before and no longer applies is removed, unless another manager owns it too;
/// - maps merge, associative lists (Service ports by port and protocol, containers and volumes by name, ...) merge
///   item by item, other lists are atomic;
/// - an update (create, replace, merge or JSON patch) gives its manager every field it changed and takes them from
///   the others.
/// Status is the status subresource's and is owned by no one here (as in current Kubernetes, whose main resource
/// resets it).
class SimFieldOwnership
{
public:
    struct Applied {
        QJsonObject object; ///< the merged object, managedFields updated (not yet defaulted or validated)
        QJsonObject conflict; ///< a 409 Status when the apply conflicts and is not forced; empty otherwise
    };

    /// `live`: the stored object ({} when the apply creates it); `config`: the applied configuration.
    [[nodiscard]] static Applied apply(const SimResourceInfo &info, const QJsonObject &live, const QJsonObject &config,
        const QString &manager, bool force, const QString &time);
    /// After an update by `manager` (`before` == nullptr for a create): the changed fields become the manager's.
    static void recordUpdate(const SimResourceInfo &info, const QJsonObject *before, QJsonObject &after,
        const QString &manager, const QString &time);

    /// A 400 Status for an applied configuration the apiserver does not take (another apiVersion than the
    /// endpoint's, no name, another name than the URL's); empty if it is fine.
    [[nodiscard]] static QJsonObject refusedConfig(
        const QJsonObject &config, const QString &urlName, const QString &expectedApiVersion);
    /// The 422 Status of `force` on a patch that is not an apply.
    [[nodiscard]] static QJsonObject forceRefused();

    /// The field set of an object as paths of fieldsV1 tokens ("f:spec\nf:ports\nk:{...}\n."), for tests.
    [[nodiscard]] static QSet<QString> fieldSet(const SimResourceInfo &info, const QJsonObject &object, bool forUpdate);
};
