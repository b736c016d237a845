// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sim/simoperator.h"
#include "sim/simstore.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <map>
#include <memory>

/// Bare stores (no API server) operated by a SimOperator at a high time scale, plus helpers to build
/// VolSync objects and wait for them. Used by the test_simoperator_* tests.
class OperatorFixture
{
public:
    /// 1000 simulated seconds per real second: a 20 s sync lasts 20 ms, a 10 s back-off 10 ms.
    [[nodiscard]] static SimOperatorOptions fastOptions();

    explicit OperatorFixture(const QStringList &clusters = {QStringLiteral("kind"), QStringLiteral("gcp")},
        const SimOperatorOptions &options = fastOptions());
    ~OperatorFixture();

    [[nodiscard]] SimStore *store(const QString &cluster) const;
    [[nodiscard]] SimOperator *op() const { return mOperator.get(); }

    void addNamespace(const QString &cluster, const QString &ns, bool privileged = true);
    void setPrivileged(const QString &cluster, const QString &ns, bool privileged);
    void addPvc(
        const QString &cluster, const QString &ns, const QString &name, const QString &size = QStringLiteral("1Gi"));

    /// Creates a ReplicationDestination; `mover` is the spec.rsync / spec.rsyncTLS object.
    void createDestination(
        const QString &cluster, const QString &ns, const QString &name, const QJsonObject &mover, bool tls = false);
    /// Creates a ReplicationSource for PVC `pvc`; `mover` is the spec.rsync / spec.rsyncTLS object.
    void createSource(const QString &cluster, const QString &ns, const QString &name, const QString &pvc,
        const QJsonObject &mover, const QJsonObject &trigger = {}, bool tls = false);
    /// Replaces spec.trigger of a source.
    void setTrigger(const QString &cluster, const QString &ns, const QString &name, const QJsonObject &trigger);
    /// Replaces spec.<rsync|rsyncTLS>.<field> of a source.
    void setMoverField(
        const QString &cluster, const QString &ns, const QString &name, const QString &field, const QString &value);
    /// Copies a Secret's data (as the CLI does) into another namespace/cluster under a new name.
    void copySecret(const QString &fromCluster, const QString &fromNs, const QString &fromName,
        const QString &toCluster, const QString &toNs, const QString &toName);

    /// Sets up a destination `rd` in dstCluster/dest and waits for its address, then copies its key Secret
    /// to srcCluster/source as `<rs>-keys` and creates source `rs` for PVC "data" with `trigger`.
    /// Returns false (with a QTest failure message) when the destination never publishes an address.
    bool setUpPair(const QString &srcCluster, const QString &dstCluster, const QJsonObject &rdMover,
        const QJsonObject &trigger, bool tls = false, const QString &rs = QStringLiteral("rs"),
        const QString &rd = QStringLiteral("rd"));

    [[nodiscard]] QJsonObject object(
        const QString &cluster, const QString &resource, const QString &ns, const QString &name) const;
    [[nodiscard]] QJsonObject status(
        const QString &cluster, const QString &resource, const QString &ns, const QString &name) const;
    /// "status/reason" of the Synchronizing condition, e.g. "True/SyncInProgress" ("" when unset).
    [[nodiscard]] QString synchronizing(
        const QString &cluster, const QString &resource, const QString &ns, const QString &name) const;
    [[nodiscard]] QString synchronizingMessage(
        const QString &cluster, const QString &resource, const QString &ns, const QString &name) const;

    /// Processes events until `done` or the timeout (real ms).
    static bool waitFor(const std::function<bool()> &done, int timeoutMs = 5000);

private:
    std::map<QString, std::unique_ptr<SimStore>> mStores;
    std::unique_ptr<SimOperator> mOperator;
};
