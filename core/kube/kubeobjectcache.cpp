// SPDX-License-Identifier: GPL-3.0-or-later
#include "kubeobjectcache.h"

#include <algorithm>

namespace {
QJsonObject metadataOf(const QJsonObject &object)
{
    return object.value(QLatin1String("metadata")).toObject();
}
} // namespace

QString KubeObjectCache::keyOf(const QString &namespaceName, const QString &name)
{
    return namespaceName.isEmpty() ? name : namespaceName + QLatin1Char('/') + name;
}

QString KubeObjectCache::keyOf(const QJsonObject &object)
{
    const QJsonObject metadata = metadataOf(object);
    return keyOf(
        metadata.value(QLatin1String("namespace")).toString(), metadata.value(QLatin1String("name")).toString());
}

std::optional<QJsonObject> KubeObjectCache::upsert(const QJsonObject &object)
{
    const QString key = keyOf(object);
    auto it = mObjects.find(key);
    if (it != mObjects.end()) {
        QJsonObject previous = it.value();
        it.value() = object;
        return previous;
    }
    mObjects.insert(key, object);
    mByNamespace[metadataOf(object).value(QLatin1String("namespace")).toString()].append(key);
    return std::nullopt;
}

std::optional<QJsonObject> KubeObjectCache::remove(const QJsonObject &object)
{
    const QString key = keyOf(object);
    auto it = mObjects.find(key);
    if (it == mObjects.end())
        return std::nullopt;
    QJsonObject previous = it.value();
    mObjects.erase(it);
    const QString ns = metadataOf(previous).value(QLatin1String("namespace")).toString();
    auto nsIt = mByNamespace.find(ns);
    if (nsIt != mByNamespace.end()) {
        nsIt.value().removeOne(key);
        if (nsIt.value().isEmpty())
            mByNamespace.erase(nsIt);
    }
    return previous;
}

void KubeObjectCache::clear()
{
    mObjects.clear();
    mByNamespace.clear();
}

std::optional<QJsonObject> KubeObjectCache::get(const QString &namespaceName, const QString &name) const
{
    const auto it = mObjects.constFind(keyOf(namespaceName, name));
    if (it == mObjects.constEnd())
        return std::nullopt;
    return it.value();
}

bool KubeObjectCache::contains(const QString &namespaceName, const QString &name) const
{
    return mObjects.contains(keyOf(namespaceName, name));
}

QStringList KubeObjectCache::keys() const
{
    QStringList result = mObjects.keys();
    std::sort(result.begin(), result.end());
    return result;
}

QList<QJsonObject> KubeObjectCache::objects() const
{
    QList<QJsonObject> result;
    const QStringList sorted = keys();
    result.reserve(sorted.size());
    for (const QString &key : sorted)
        result.append(mObjects.value(key));
    return result;
}

QList<QJsonObject> KubeObjectCache::objectsInNamespace(const QString &namespaceName) const
{
    QStringList sorted = mByNamespace.value(namespaceName);
    std::sort(sorted.begin(), sorted.end());
    QList<QJsonObject> result;
    result.reserve(sorted.size());
    for (const QString &key : std::as_const(sorted))
        result.append(mObjects.value(key));
    return result;
}
