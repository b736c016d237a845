// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simcluster.h"

#include "sim/simapiserver.h"
#include "sim/simstore.h"

#include <QJsonArray>

SimCluster::SimCluster(const QString &name, QObject *parent)
    : QObject(parent)
    , mName(name)
    , mStore(new SimStore(name, this))
{
    setObjectName(name);
}

SimCluster::~SimCluster() = default;

quint16 SimCluster::port() const
{
    return mServer ? mServer->port() : 0;
}

QUrl SimCluster::serverUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("https"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(port());
    return url;
}

void SimCluster::setFaults(const SimFaults &faults)
{
    mFaults = faults;
    mStore->setHistoryWindow(faults.historyWindow);
    Q_EMIT faultsChanged();
}

void SimCluster::setAllowedNamespaces(const QString &user, const QStringList &namespaces)
{
    mAllowedNamespaces.insert(user, namespaces);
}

void SimCluster::clearAccessRules()
{
    mAllowedNamespaces.clear();
}

QJsonObject SimCluster::accessRules() const
{
    QJsonObject rules;
    for (auto it = mAllowedNamespaces.cbegin(); it != mAllowedNamespaces.cend(); ++it)
        rules.insert(it.key(), QJsonArray::fromStringList(it.value()));
    return rules;
}

bool SimCluster::isAllowed(const SimUser &user, const QString &ns, bool write) const
{
    Q_UNUSED(write) // an allowed namespace is all the user's (the edit role), reads and writes alike
    if (user.groups.contains(QStringLiteral("system:masters")))
        return true;
    if (user.name == QLatin1String("system:anonymous"))
        return false;
    const auto it = mAllowedNamespaces.constFind(user.name);
    if (it == mAllowedNamespaces.cend())
        return true;
    // Rights in namespaces (RoleBindings) give nothing at the cluster scope: no cluster-scoped object (storage and
    // snapshot classes), no list of all namespaces.
    if (ns.isEmpty())
        return false;
    return it->contains(ns);
}
