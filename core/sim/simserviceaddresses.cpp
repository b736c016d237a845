// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simserviceaddresses.h"

#include "sim/simstore.h"

#include <QJsonArray>

void SimServiceAddresses::refresh(const SimStore &store)
{
    const QString services = QStringLiteral("services");
    const quint64 revision = store.revision(services);
    if (mBuilt && revision == mRevision)
        return;
    mBuilt = true;
    mRevision = revision;
    mClusterIp.clear();
    mExternal.clear();
    mExternalIp.clear();
    mDns.clear();
    for (const QJsonObject &service : store.list(services)) {
        const QJsonObject meta = service.value(QStringLiteral("metadata")).toObject();
        const QString name = meta.value(QStringLiteral("name")).toString();
        const QString ns = meta.value(QStringLiteral("namespace")).toString();
        const QString key = ns + QLatin1Char('/') + name;
        const QString clusterIp
            = service.value(QStringLiteral("spec")).toObject().value(QStringLiteral("clusterIP")).toString();
        if (!clusterIp.isEmpty())
            mClusterIp[clusterIp].append(key);
        const QJsonArray ingress = service.value(QStringLiteral("status"))
                                       .toObject()
                                       .value(QStringLiteral("loadBalancer"))
                                       .toObject()
                                       .value(QStringLiteral("ingress"))
                                       .toArray();
        for (const QJsonValue &entry : ingress) {
            const QString ip = entry.toObject().value(QStringLiteral("ip")).toString();
            const QString hostname = entry.toObject().value(QStringLiteral("hostname")).toString();
            if (!ip.isEmpty()) {
                mExternal[ip].append(key);
                mExternalIp[ip].append(key);
            }
            if (!hostname.isEmpty() && hostname != ip)
                mExternal[hostname].append(key);
        }
        const QString dns = name + QLatin1Char('.') + ns;
        mDns[dns].append(key);
        mDns[dns + QStringLiteral(".svc")].append(key);
        mDns[dns + QStringLiteral(".svc.cluster.local")].append(key);
    }
    // A Service listed under one address twice (two ingress entries) counts once.
    for (QStringList &keys : mExternal)
        keys.removeDuplicates();
    for (QStringList &keys : mExternalIp)
        keys.removeDuplicates();
}
