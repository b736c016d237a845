// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

/// `[context/]namespace/name`, the way `kubectl volsync` names a PVC (set-source --pvcname,
/// set-destination --destination). Upstream accepts empty parts; we reject them, and names
/// that are not valid DNS-1123.
struct ObjectName {
    QString context; ///< empty = the kubeconfig's current-context
    QString namespaceName;
    QString name;

    /// Parses `text`. On failure returns nothing and sets `error`
    /// (`name is not in the format [context/]namespace/objname: <text>` for a wrong part count).
    [[nodiscard]] static std::optional<ObjectName> parse(const QString &text, QString *error);

    /// Upstream's split only (2 or 3 parts, empty parts allowed).
    [[nodiscard]] static std::optional<ObjectName> parseLenient(const QString &text);

    [[nodiscard]] QString toString() const;
    bool operator==(const ObjectName &) const = default;
};

/// RFC 1123 label (namespaces, Services): lower-case alphanumerics and '-', at most 63.
[[nodiscard]] bool isDns1123Label(const QString &text);
/// RFC 1123 subdomain (most object names): labels joined by '.', at most 253.
[[nodiscard]] bool isDns1123Subdomain(const QString &text);
