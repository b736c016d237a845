// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/// One `contexts:` entry of a kubeconfig.
struct KubeContext {
    QString name;
    QString cluster; ///< cluster entry name as written
    QString user; ///< user (AuthInfo) entry name as written
    QString namespaceName; ///< as written; may be empty
    QString sourceFile; ///< the kubeconfig file that defined this entry
    QString error; ///< non-empty when the context cannot be used (missing cluster/user, bad entry)

    /// The namespace actually used: the context's, else "default".
    [[nodiscard]] QString effectiveNamespace() const
    {
        return namespaceName.isEmpty() ? QStringLiteral("default") : namespaceName;
    }
};
