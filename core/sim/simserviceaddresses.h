// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

class SimStore;

/// Where the Services of one cluster listen, by address: ClusterIP, load-balancer IP or host name, and DNS name
/// ("name.ns", "name.ns.svc", "name.ns.svc.cluster.local"). The operator resolves a mover's address here instead
/// of scanning every Service of every cluster per sync. Built from the store on first use and again after its
/// Services changed (SimStore::revision).
class SimServiceAddresses
{
public:
    /// Reads the store's Services again when they changed since the last call.
    void refresh(const SimStore &store);

    // Each answers the "ns/name" of the Services reached at an address that way, in the store's list order.
    [[nodiscard]] QStringList withClusterIp(const QString &address) const { return mClusterIp.value(address); }
    [[nodiscard]] QStringList withExternalAddress(const QString &address) const { return mExternal.value(address); }
    [[nodiscard]] QStringList withDnsName(const QString &address) const { return mDns.value(address); }
    /// Whether any Service uses `address` as its ClusterIP or load-balancer IP.
    [[nodiscard]] bool isAllocated(const QString &address) const
    {
        return mClusterIp.contains(address) || mExternalIp.contains(address);
    }

private:
    quint64 mRevision = 0;
    bool mBuilt = false;
    // address -> "ns/name" keys of the Services, sorted.
    QHash<QString, QStringList> mClusterIp;
    QHash<QString, QStringList> mExternal; ///< ingress IPs and host names
    QHash<QString, QStringList> mExternalIp; ///< ingress IPs only (what allocation avoids)
    QHash<QString, QStringList> mDns;
};
