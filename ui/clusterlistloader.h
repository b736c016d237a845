// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>

class KubeSession;
struct KubeResource;

/// Lists objects of one kind from a context for the wizard's pickers, asynchronously. The callback runs
/// once (unless `receiver` is gone): the items, or an error in plain words.
class ClusterListLoader
{
public:
    using Callback = std::function<void(const QList<QJsonObject> &items, const QString &error)>;
    static void list(KubeSession *session, const QString &context, const KubeResource &resource,
        const QString &namespaceName, QObject *receiver, Callback callback);
    /// GET of one object; `found` false (no error) when it does not exist.
    using GetCallback = std::function<void(const QJsonObject &object, bool found, const QString &error)>;
    static void get(KubeSession *session, const QString &context, const KubeResource &resource,
        const QString &namespaceName, const QString &name, QObject *receiver, GetCallback callback);

    [[nodiscard]] static QString name(const QJsonObject &object);
};
