// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

/// Objects of one resource type indexed by namespace and name. Filled by KubeWatcher.
class KubeObjectCache
{
public:
    /// "namespace/name" (or "name" for cluster-scoped objects).
    [[nodiscard]] static QString keyOf(const QJsonObject &object);
    [[nodiscard]] static QString keyOf(const QString &namespaceName, const QString &name);

    /// Inserts or replaces; returns the previous object if there was one.
    std::optional<QJsonObject> upsert(const QJsonObject &object);
    /// Removes; returns the removed object if there was one.
    std::optional<QJsonObject> remove(const QJsonObject &object);
    void clear();

    [[nodiscard]] std::optional<QJsonObject> get(const QString &namespaceName, const QString &name) const;
    [[nodiscard]] bool contains(const QString &namespaceName, const QString &name) const;
    /// All objects, sorted by key.
    [[nodiscard]] QList<QJsonObject> objects() const;
    /// The objects of one namespace, sorted by name.
    [[nodiscard]] QList<QJsonObject> objectsInNamespace(const QString &namespaceName) const;
    [[nodiscard]] QStringList keys() const;
    [[nodiscard]] qsizetype size() const { return mObjects.size(); }
    [[nodiscard]] bool isEmpty() const { return mObjects.isEmpty(); }

private:
    QHash<QString, QJsonObject> mObjects;
    QHash<QString, QStringList> mByNamespace; // namespace -> keys
};
