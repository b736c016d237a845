// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sim/simfaults.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

class SimStore;
class SimApiServer;

/// A user known to a cluster's API server (from a client certificate or the token file).
struct SimUser {
    QString name;
    QString uid;
    QStringList groups;
};

/// One simulated cluster: its object store, its API server on a loopback port, its faults and access rules.
/// Created by Simulator; owned by it; lives in the Simulator's thread.
class SimCluster : public QObject
{
    Q_OBJECT
public:
    explicit SimCluster(const QString &name, QObject *parent = nullptr);
    ~SimCluster() override;

    [[nodiscard]] QString name() const { return mName; }
    /// The object store. The simulated operator reads and writes here and listens to SimStore::changed.
    [[nodiscard]] SimStore *store() const { return mStore; }

    /// The loopback port the API server listens on (0 before the Simulator is ready).
    [[nodiscard]] quint16 port() const;
    /// https://127.0.0.1:PORT
    [[nodiscard]] QUrl serverUrl() const;
    /// PEM of the cluster CA (what the kubeconfig holds as certificate-authority-data).
    [[nodiscard]] QByteArray caCertificatePem() const { return mCaPem; }

    [[nodiscard]] SimFaults faults() const { return mFaults; }
    /// Applies new faults at once (also sets the store's history window).
    void setFaults(const SimFaults &faults);

    /// Optional authorisation: restricts `user` to these namespaces, as RoleBindings there would: nothing at the
    /// cluster scope (cluster-scoped objects, lists across namespaces), but its own Namespace objects.
    /// Users without an entry, and members of "system:masters", may do everything.
    void setAllowedNamespaces(const QString &user, const QStringList &namespaces);
    void clearAccessRules();
    /// The allow-lists as JSON: {"user": ["ns1", "ns2"], ...}.
    [[nodiscard]] QJsonObject accessRules() const;
    /// Whether `user` may act in namespace `ns` ("" = cluster-scoped object or all namespaces).
    [[nodiscard]] bool isAllowed(const SimUser &user, const QString &ns, bool write) const;

    /// Bearer tokens accepted by this cluster (shared by all clusters of one Simulator).
    void setTokens(const QHash<QString, SimUser> &tokens) { mTokens = tokens; }
    [[nodiscard]] const QHash<QString, SimUser> &tokens() const { return mTokens; }

    /// Internal (Simulator): the TLS material and the server.
    void setCaCertificatePem(const QByteArray &pem) { mCaPem = pem; }
    [[nodiscard]] SimApiServer *server() const { return mServer; }
    void setServer(SimApiServer *server) { mServer = server; }

Q_SIGNALS:
    void faultsChanged();

private:
    QString mName;
    SimStore *mStore = nullptr;
    SimApiServer *mServer = nullptr;
    SimFaults mFaults;
    QByteArray mCaPem;
    QHash<QString, QStringList> mAllowedNamespaces;
    QHash<QString, SimUser> mTokens;
};
