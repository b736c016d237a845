// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

/// One resource type served by the simulator (what discovery announces for it).
struct SimResourceInfo {
    QString group; ///< "" for the core group
    QString version; ///< "v1", "v1alpha1"
    QString plural; ///< "replicationsources": the key used by SimStore
    QString singular; ///< "replicationsource"
    QString kind; ///< "ReplicationSource"
    bool namespaced = true;
    bool hasStatus = false; ///< has a status subresource: status is only written through it
    QStringList shortNames;
    QStringList categories;

    [[nodiscard]] QString apiVersion() const; ///< "volsync.backube/v1alpha1" or "v1"
    [[nodiscard]] QString groupVersion() const; ///< same as apiVersion()
    [[nodiscard]] QString listKind() const; ///< "ReplicationSourceList"
    [[nodiscard]] QString qualifiedName() const; ///< "replicationsources.volsync.backube" or "pods"
    /// Served from a CustomResourceDefinition (VolSync, VolumeSnapshot) rather than built in.
    [[nodiscard]] bool isCustom() const;
};

/// Every resource type the simulator serves, in discovery order.
[[nodiscard]] const QList<SimResourceInfo> &simResources();
/// The resource type with this plural name, or nullptr.
[[nodiscard]] const SimResourceInfo *simResource(const QString &plural);
/// The resource type of this group/version and plural, or nullptr.
[[nodiscard]] const SimResourceInfo *simResource(const QString &groupVersion, const QString &plural);
