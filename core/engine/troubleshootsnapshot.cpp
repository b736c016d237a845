// SPDX-License-Identifier: GPL-3.0-or-later
#include "troubleshootsnapshot.h"

#include "common/volsyncnames.h"

bool TroubleshootSide::isRsyncTls() const
{
    return object && object->value(QStringLiteral("spec")).toObject().value(QStringLiteral("rsyncTLS")).isObject();
}

QString TroubleshootSide::describe() const
{
    return QStringLiteral("%1 %2/%3 in cluster %4").arg(kind, namespaceName, name, context);
}

QList<QJsonObject> TroubleshootSide::eventsAbout(const QString &objectName, const QString &objectKind) const
{
    QList<QJsonObject> result;
    for (const QJsonObject &event : events) {
        const QJsonObject involved = event.value(QStringLiteral("involvedObject")).toObject();
        if (involved.value(QStringLiteral("name")).toString() == objectName
            && (objectKind.isEmpty() || involved.value(QStringLiteral("kind")).toString() == objectKind)) {
            result.append(event);
        }
    }
    return result;
}

QString TroubleshootSide::keptMoverLog() const
{
    if (!object)
        return {};
    return object->value(QStringLiteral("status"))
        .toObject()
        .value(QStringLiteral("latestMoverStatus"))
        .toObject()
        .value(QStringLiteral("logs"))
        .toString();
}

QString TroubleshootSide::moverJobName() const
{
    if (!jobs.isEmpty())
        return jobs.constLast().value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString();
    return moverJobName(isRsyncTls(), isSource(), name);
}

QString TroubleshootSide::moverJobName(bool rsyncTls, bool source, const QString &objectName)
{
    // volsync-rsync[-tls]-{src|dst}-<RS/RD name>, shortened past 63 characters (VolSyncNames says where in
    // VolSync's source each name was read).
    return VolSyncNames::jobName(source, rsyncTls, objectName);
}
