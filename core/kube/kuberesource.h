// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/// Which API resource a request addresses: group, version, plural resource name, kind and scope.
struct KubeResource {
    QString group; ///< empty for the core group
    QString version;
    QString resource; ///< plural, lower case ("persistentvolumeclaims")
    QString kind; ///< "PersistentVolumeClaim"
    bool namespaced = true;

    /// "v1" or "group/version".
    [[nodiscard]] QString apiVersion() const;
    /// "pods" or "storageclasses.storage.k8s.io" (kubectl's notation).
    [[nodiscard]] QString qualifiedName() const;
    /// The URL path (already percent-encoded) for a collection (`name` empty) or an object, each segment
    /// encoded on its own: /api/v1/namespaces/NS/pods/NAME[/SUB].
    /// A namespaced resource with an empty namespace addresses all namespaces.
    [[nodiscard]] QString path(
        const QString &namespaceName = {}, const QString &name = {}, const QString &subresource = {}) const;
    [[nodiscard]] bool isValid() const { return !version.isEmpty() && !resource.isEmpty(); }

    bool operator==(const KubeResource &) const = default;

    // Kubernetes' own types that VolSync Desktop uses (VolSync's are in engine/volsyncresources.h).
    [[nodiscard]] static KubeResource namespaces();
    [[nodiscard]] static KubeResource persistentVolumeClaims();
    [[nodiscard]] static KubeResource secrets();
    [[nodiscard]] static KubeResource services();
    [[nodiscard]] static KubeResource pods();
    [[nodiscard]] static KubeResource events();
    [[nodiscard]] static KubeResource storageClasses();
    [[nodiscard]] static KubeResource volumeSnapshotClasses();
    [[nodiscard]] static KubeResource volumeSnapshots();
};
