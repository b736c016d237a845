// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

struct SimResourceInfo;

/// Builds Kubernetes `Status` bodies exactly as kube-apiserver writes them (see apiserver-samples).
class SimStatus
{
public:
    /// A failure Status: {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",...}.
    [[nodiscard]] static QJsonObject failure(
        int code, const QString &reason, const QString &message, const QJsonObject &details = {});
    /// {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","details":...}.
    [[nodiscard]] static QJsonObject success(const QJsonObject &details = {});
    /// details {"name","group","kind"(=plural)} as the apiserver fills them for a named object.
    [[nodiscard]] static QJsonObject details(const SimResourceInfo &info, const QString &name);

    [[nodiscard]] static QJsonObject notFound(const SimResourceInfo &info, const QString &name);
    [[nodiscard]] static QJsonObject alreadyExists(const SimResourceInfo &info, const QString &name);
    [[nodiscard]] static QJsonObject conflict(const SimResourceInfo &info, const QString &name);
    /// 422 Invalid; causes are {"reason","message","field"} objects.
    [[nodiscard]] static QJsonObject invalid(
        const SimResourceInfo &info, const QString &name, const QJsonArray &causes);
    [[nodiscard]] static QJsonObject forbidden(
        const SimResourceInfo &info, const QString &name, const QString &user, const QString &verb, const QString &ns);
    /// 403 for a create in a namespace that is being deleted.
    [[nodiscard]] static QJsonObject namespaceTerminating(
        const SimResourceInfo &info, const QString &name, const QString &ns);
    [[nodiscard]] static QJsonObject unauthorized();
    [[nodiscard]] static QJsonObject expired(qint64 requested, qint64 oldest);
    [[nodiscard]] static QJsonObject badRequest(const QString &message);
    [[nodiscard]] static QJsonObject methodNotAllowed(const QString &message = {});
    [[nodiscard]] static QJsonObject tooManyRequests(int retryAfterSeconds);
    [[nodiscard]] static QJsonObject internalError(const QString &message);
    [[nodiscard]] static QJsonObject serviceUnavailable(const QString &message);
    /// Serialises any JSON object compactly; a Status object with the apiserver's key order
    /// (kind, apiVersion, metadata, status, message, reason, details{name, group, kind, causes, retryAfterSeconds},
    /// code), so that bodies match kube-apiserver byte for byte.
    [[nodiscard]] static QByteArray toJson(const QJsonObject &object);

    /// 404 for a path that names no resource ("the server could not find the requested resource").
    [[nodiscard]] static QJsonObject pathNotFound();
};
