// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/inventorysource.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

/// An InventorySource answering from fixed lists (from the event loop, as the real one does): the wizard's
/// rules tested without a cluster.
class FakeInventorySource : public InventorySource
{
public:
    void set(const QString &context, Kind kind, const QString &ns, const QList<QJsonObject> &items)
    {
        mLists.insert(key(context, kind, ns), items);
    }
    void list(const QString &context, Kind kind, const QString &ns, QObject *receiver, Callback callback) override
    {
        ++calls;
        const QList<QJsonObject> items = mLists.value(key(context, kind, ns));
        QMetaObject::invokeMethod(
            receiver, [callback, items]() { callback(items, QString()); }, Qt::QueuedConnection);
    }
    int calls = 0;

    static QJsonObject named(const QString &name, const QJsonObject &extra = {})
    {
        QJsonObject object = extra;
        QJsonObject metadata = object.value(QLatin1String("metadata")).toObject();
        metadata.insert(QStringLiteral("name"), name);
        object.insert(QStringLiteral("metadata"), metadata);
        return object;
    }
    static QJsonObject pvc(
        const QString &ns, const QString &name, const QString &size, const QString &storageClass = QString())
    {
        QJsonObject spec {{QStringLiteral("accessModes"), QJsonArray {QStringLiteral("ReadWriteOnce")}},
            {QStringLiteral("resources"),
                QJsonObject {{QStringLiteral("requests"), QJsonObject {{QStringLiteral("storage"), size}}}}}};
        if (!storageClass.isEmpty())
            spec.insert(QStringLiteral("storageClassName"), storageClass);
        return QJsonObject {{QStringLiteral("metadata"),
                                QJsonObject {{QStringLiteral("name"), name}, {QStringLiteral("namespace"), ns}}},
            {QStringLiteral("spec"), spec}};
    }
    static QJsonObject pod(const QString &name, const QString &claim)
    {
        return named(name,
            QJsonObject {{QStringLiteral("spec"),
                QJsonObject {{QStringLiteral("volumes"),
                    QJsonArray {QJsonObject {{QStringLiteral("persistentVolumeClaim"),
                        QJsonObject {{QStringLiteral("claimName"), claim}}}}}}}}});
    }

private:
    static QString key(const QString &context, Kind kind, const QString &ns)
    {
        return context + QLatin1Char('|') + QString::number(int(kind)) + QLatin1Char('|') + ns;
    }
    QHash<QString, QList<QJsonObject>> mLists;
};
