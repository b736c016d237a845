// SPDX-License-Identifier: GPL-3.0-or-later
#include "restorepoint.h"

#include "replicationengine.h"

#include <QJsonArray>

namespace {

QDateTime parseTime(const QString &text)
{
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid())
        time = QDateTime::fromString(text, Qt::ISODate);
    return time.isValid() ? time.toUTC() : QDateTime();
}

} // namespace

QString RestorePoint::restoringLabel()
{
    return QStringLiteral("volsync-desktop/restoring-for");
}

RestorePoint RestorePoint::fromSnapshot(const QString &cluster, const QJsonObject &snapshot, const QString &latestImage)
{
    const QJsonObject metadata = snapshot.value(QStringLiteral("metadata")).toObject();
    const QJsonObject status = snapshot.value(QStringLiteral("status")).toObject();
    const QJsonObject labels = metadata.value(QStringLiteral("labels")).toObject();
    RestorePoint point;
    point.cluster = cluster;
    point.namespaceName = metadata.value(QStringLiteral("namespace")).toString();
    point.name = metadata.value(QStringLiteral("name")).toString();
    point.creationTime = parseTime(status.value(QStringLiteral("creationTime")).toString());
    if (!point.creationTime.isValid())
        point.creationTime = parseTime(metadata.value(QStringLiteral("creationTimestamp")).toString());
    point.restoreSize = status.value(QStringLiteral("restoreSize")).toString();
    point.readyToUse = status.value(QStringLiteral("readyToUse")).toBool();
    point.latest = !latestImage.isEmpty() && latestImage == point.name;
    point.kept = labels.contains(ReplicationEngine::doNotDeleteLabel());
    point.restoringFor = labels.value(restoringLabel()).toString();
    return point;
}

bool RestorePoint::belongsTo(const QJsonObject &snapshot, const QString &rdName, const QString &pvcName)
{
    const QJsonObject metadata = snapshot.value(QStringLiteral("metadata")).toObject();
    const QJsonArray owners = metadata.value(QStringLiteral("ownerReferences")).toArray();
    for (const QJsonValue &owner : owners) {
        const QJsonObject o = owner.toObject();
        if (o.value(QStringLiteral("kind")).toString() == QLatin1String("ReplicationDestination")
            && o.value(QStringLiteral("name")).toString() == rdName)
            return true;
    }
    const QString source = snapshot.value(QStringLiteral("spec"))
                               .toObject()
                               .value(QStringLiteral("source"))
                               .toObject()
                               .value(QStringLiteral("persistentVolumeClaimName"))
                               .toString();
    return !pvcName.isEmpty() && source == pvcName;
}

QString RestorePoint::state() const
{
    if (latest)
        return QStringLiteral("latest");
    return kept ? QStringLiteral("kept") : QStringLiteral("released");
}

QVariantMap RestorePoint::toVariantMap() const
{
    return {{QStringLiteral("cluster"), cluster}, {QStringLiteral("namespace"), namespaceName},
        {QStringLiteral("name"), name},
        {QStringLiteral("creationTime"),
            creationTime.isValid() ? creationTime.toString(Qt::ISODate) : QVariant(QString())},
        {QStringLiteral("restoreSize"), restoreSize}, {QStringLiteral("readyToUse"), readyToUse},
        {QStringLiteral("latest"), latest}, {QStringLiteral("kept"), kept}, {QStringLiteral("state"), state()}};
}
