// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>

struct SimResourceInfo;

/// Server-side printing (meta.k8s.io/v1 Table) for the VolSync types, with the CRDs' printer columns, and for Events
/// (SimEventTable), as the apiserver answers `kubectl get`. Other built-in types are answered as plain objects.
class SimTable
{
public:
    /// Whether the Accept header asks for a Table and this type has printer columns.
    [[nodiscard]] static bool wanted(const QByteArray &accept, const SimResourceInfo &info);
    /// A Table of these objects. includeObject: "None", "Object" or "Metadata" (default).
    [[nodiscard]] static QJsonObject table(const SimResourceInfo &info, const QList<QJsonObject> &objects,
        const QString &resourceVersion, const QString &includeObject, const QDateTime &now,
        const QString &continueToken = {});
    /// Go's duration.HumanDuration ("5s", "3m20s", "2d4h"), as kubectl shows ages.
    [[nodiscard]] static QString humanDuration(qint64 seconds);
};
