// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <optional>

/// The patch formats of the Kubernetes API on QJsonObjects.
class SimJsonPatch
{
public:
    /// RFC 7386 JSON merge patch (null deletes a key; arrays replace).
    [[nodiscard]] static QJsonObject mergePatch(const QJsonObject &target, const QJsonObject &patch);
    /// Strategic merge patch, simplified: a merge patch that ignores the "$..." directives.
    [[nodiscard]] static QJsonObject strategicMergePatch(const QJsonObject &target, const QJsonObject &patch);
    /// RFC 6902 JSON patch (add, remove, replace, move, copy, test). Nothing on failure, with *error set.
    [[nodiscard]] static std::optional<QJsonObject> jsonPatch(
        const QJsonObject &target, const QJsonArray &operations, QString *error);
};
