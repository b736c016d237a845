// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

/// The discovery documents of the simulated API server (/version, /api, /apis, each group and group/version,
/// and the OpenAPI v3 documents kubectl reads to learn that the server supports fieldValidation).
class SimDiscovery
{
public:
    [[nodiscard]] static QJsonObject version();
    [[nodiscard]] static QJsonObject apiVersions(quint16 port);
    [[nodiscard]] static QJsonObject apiGroupList();
    [[nodiscard]] static std::optional<QJsonObject> apiGroup(const QString &group);
    /// "v1" for the core group, else "group/version".
    [[nodiscard]] static std::optional<QJsonObject> apiResourceList(const QString &groupVersion);
    /// Every group/version served ("v1", "storage.k8s.io/v1", ...).
    [[nodiscard]] static QStringList groupVersions();
    /// GET /openapi/v3: {"paths": {"api/v1": {"serverRelativeURL": ...}, "apis/g/v": ...}}.
    [[nodiscard]] static QJsonObject openApiV3Root();
    /// GET /openapi/v3/api/v1 or /openapi/v3/apis/g/v: a small OpenAPI 3 document with the paths of each
    /// resource, their operations (with the fieldValidation parameter) and loose schemas.
    [[nodiscard]] static std::optional<QJsonObject> openApiV3(const QString &groupVersion);
};
