// SPDX-License-Identifier: GPL-3.0-or-later
#include "unmanagedobjectsmodel.h"

#include "engine/replicationapplyjob.h"
#include "engine/replicationengine.h"
#include "engine/volsyncresources.h"
#include "kube/kubeclient.h"
#include "kube/kubereply.h"
#include "kube/kuberesource.h"
#include "kube/kubesession.h"

#include <QDateTime>
#include <QLocale>

namespace {
QJsonObject child(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toObject();
}
} // namespace

UnmanagedObjectsModel::UnmanagedObjectsModel(ReplicationEngine *engine, QObject *parent)
    : QAbstractTableModel(parent)
    , mSession(engine ? engine->session() : nullptr)
{ }

QString UnmanagedObjectsModel::moverOf(const QJsonObject &object)
{
    const QJsonObject spec = child(object, "spec");
    for (const char *mover : {"rsync", "rsyncTLS", "restic", "rclone", "syncthing", "external"}) {
        if (spec.contains(QLatin1String(mover))) {
            return QLatin1String(mover);
        }
    }
    return QString();
}

void UnmanagedObjectsModel::scan(const QStringList &contexts, const QSet<QString> &knownRelationshipIds)
{
    if (!mSession) {
        return;
    }
    const quint64 generation = ++mGeneration;
    mIncoming.clear();
    mProblems.clear();
    mPending = 0;
    const QString label = ReplicationEngine::relationshipLabel();
    for (const QString &context : contexts) {
        for (const bool source : {true, false}) {
            ++mPending;
            KubeClient *client = mSession->client(context);
            KubeReply *reply = client->list(
                source ? VolSyncResources::replicationSources() : VolSyncResources::replicationDestinations(),
                QString());
            connect(reply, &KubeReply::finished, this,
                [this, reply, context, source, generation, knownRelationshipIds, label]() {
                    if (generation != mGeneration) {
                        return;
                    }
                    if (reply->isOk()) {
                        const QList<QJsonObject> items = reply->items();
                        for (const QJsonObject &item : items) {
                            const QString id = child(child(item, "metadata"), "labels").value(label).toString();
                            if (id.isEmpty() || !knownRelationshipIds.contains(id)) {
                                mIncoming.append({context, item, source});
                            }
                        }
                    } else if (!reply->error().isNotFound()) {
                        const QString line = reply->error().personMessage().section(QLatin1Char('\n'), 0, 0);
                        if (!mProblems.contains(line)) {
                            mProblems.append(line);
                        }
                    }
                    finishOne();
                });
        }
    }
    if (mPending == 0) {
        ++mPending;
        QMetaObject::invokeMethod(this, &UnmanagedObjectsModel::finishOne, Qt::QueuedConnection);
    }
}

void UnmanagedObjectsModel::finishOne()
{
    if (--mPending > 0) {
        return;
    }
    std::sort(mIncoming.begin(), mIncoming.end(), [](const Row &a, const Row &b) {
        const auto key = [](const Row &r) {
            const QJsonObject meta = child(r.object, "metadata");
            return QStringList {r.context, meta.value(QLatin1String("namespace")).toString(),
                meta.value(QLatin1String("name")).toString(), r.source ? QStringLiteral("0") : QStringLiteral("1")}
                .join(QLatin1Char('/'));
        };
        return key(a) < key(b);
    });
    beginResetModel();
    mRows = mIncoming;
    mIncoming.clear();
    endResetModel();
    Q_EMIT scanFinished();
}

void UnmanagedObjectsModel::requestSync(int row)
{
    if (!mSession || row < 0 || row >= mRows.size() || !mRows.at(row).source) {
        return;
    }
    const Row &r = mRows.at(row);
    const QJsonObject meta = child(r.object, "metadata");
    const QString ns = meta.value(QLatin1String("namespace")).toString();
    const QString name = meta.value(QLatin1String("name")).toString();
    const QString previous = child(child(r.object, "spec"), "trigger").value(QLatin1String("manual")).toString();
    const QJsonObject patch {{QStringLiteral("spec"),
        QJsonObject {{QStringLiteral("trigger"),
            QJsonObject {{QStringLiteral("manual"), ReplicationApplyJob::uniqueManualTrigger(previous)}}}}}};
    KubeRequest::WriteOptions options;
    options.fieldManager = ReplicationEngine::fieldManager();
    KubeReply *reply
        = mSession->client(r.context)->mergePatch(VolSyncResources::replicationSources(), ns, name, patch, options);
    const QString context = r.context;
    connect(reply, &KubeReply::finished, this, [this, reply, context, ns, name]() {
        Q_EMIT syncRequested(context, ns, name, reply->isOk() ? QString() : reply->error().personMessage());
    });
}

int UnmanagedObjectsModel::rowOf(const QString &context, bool source, const QString &ns, const QString &name) const
{
    for (qsizetype i = 0; i < mRows.size(); ++i) {
        const Row &r = mRows.at(i);
        const QJsonObject metadata = r.object.value(QLatin1String("metadata")).toObject();
        if (r.context == context && r.source == source && metadata.value(QLatin1String("namespace")).toString() == ns
            && metadata.value(QLatin1String("name")).toString() == name)
            return int(i);
    }
    return -1;
}

int UnmanagedObjectsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(mRows.size());
}

int UnmanagedObjectsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant UnmanagedObjectsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return QVariant();
    }
    const Row &r = mRows.at(index.row());
    const QJsonObject meta = child(r.object, "metadata");
    const QJsonObject status = child(r.object, "status");
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case KindColumn:
            return r.source ? tr("Source") : tr("Destination");
        case ContextColumn:
            return r.context;
        case NamespaceColumn:
            return meta.value(QLatin1String("namespace")).toString();
        case NameColumn:
            return meta.value(QLatin1String("name")).toString();
        case MoverColumn:
            return moverOf(r.object);
        case LastSyncColumn: {
            const QDateTime time
                = QDateTime::fromString(status.value(QLatin1String("lastSyncTime")).toString(), Qt::ISODate);
            return time.isValid() ? QLocale().toString(time.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm"))
                                  : tr("never");
        }
        case ResultColumn:
            return child(status, "latestMoverStatus").value(QLatin1String("result")).toString();
        }
        break;
    case Qt::ToolTipRole:
        return tr("Not described by a relationship file: status only%1")
            .arg(r.source ? tr(", and Sync Now") : QString());
    case ObjectRole:
        return r.object;
    case ContextRole:
        return r.context;
    case IsSourceRole:
        return r.source;
    }
    return QVariant();
}

QVariant UnmanagedObjectsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case KindColumn:
        return tr("Kind");
    case ContextColumn:
        return tr("Cluster");
    case NamespaceColumn:
        return tr("Namespace");
    case NameColumn:
        return tr("Name");
    case MoverColumn:
        return tr("Mover");
    case LastSyncColumn:
        return tr("Last sync");
    case ResultColumn:
        return tr("Result");
    }
    return QVariant();
}
