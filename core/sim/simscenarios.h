// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sim/simhttprequest.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

class SimStore;

/// Fault scenarios of one simulated cluster that reproduce what makes real VolSync syncs fail, one per
/// diagnosis rule of the troubleshooter. Set through the admin endpoint (/_sim/scenarios, system:masters):
///   POST {"scenario": NAME, "namespace": NS, "name": OBJECT, ...parameters}   adds (or replaces) one; without
///        "name" it applies to every RS/RD of the namespace
///   DELETE ?scenario=NAME&namespace=NS&name=OBJECT (any subset; none: every one)   clears
///   GET                                                                        lists them and the known names
/// Scenarios that hold a state are read by the simulated operator (SimMoverJobs); the one-shot ones
/// (sshKeysChanged, privilegedMoversRemoved) change the store at once.
///
/// | scenario               | target | effect                                                               |
/// |------------------------|--------|----------------------------------------------------------------------|
/// | pvcPending             | RD     | the destination PVC stays Pending ("reason": noStorageClass,          |
/// |                        |        | waitForFirstConsumer, or quota: its creation is refused)             |
/// | loadBalancerPending    | RD     | the LoadBalancer Service never gets an address                       |
/// | sshKeysChanged         | RD     | one-shot: the destination's generated keys are made anew              |
/// | privilegedMoversRemoved| ns     | one-shot: the namespace loses volsync.backube/privileged-movers       |
/// | imagePullBackOff       | RS, RD | the mover image cannot be pulled                                     |
/// | crashLoopBackOff       | RS     | the mover container exits 1 and restarts in place (as when a policy  |
/// |                        |        | set restartPolicy OnFailure on VolSync's Jobs)                        |
/// | connectionRefused      | RS     | the source mover's connection to the destination is refused          |
/// | connectionTimeout      | RS     | the source mover's connection to the destination times out           |
/// | clockSkew              | cluster| the API server's Date header is "offsetSeconds" off (no namespace)    |
/// | resticLocked           | RS     | a restic backup (SimFleetMovers) fails on a stale repository lock     |
/// |                        |        | until spec.restic.unlock changes (then status.restic.lastUnlocked)   |
class SimScenarios : public QObject
{
    Q_OBJECT
public:
    /// The scenarios of `store`'s cluster (created on first use, owned by the store).
    [[nodiscard]] static SimScenarios *of(SimStore *store);
    [[nodiscard]] static QStringList names();

    /// Adds one; false (and `error`) for an unknown name or a missing target.
    bool add(const QJsonObject &scenario, QString *error);
    /// Removes those matching every given (non-empty) field.
    void remove(const QString &scenario, const QString &ns, const QString &name);
    /// The scenario `scenario` on object ns/name (or on its whole namespace), or an empty object.
    [[nodiscard]] QJsonObject find(const QString &scenario, const QString &ns, const QString &name) const;
    [[nodiscard]] bool has(const QString &scenario, const QString &ns, const QString &name) const
    {
        return !find(scenario, ns, name).isEmpty();
    }
    [[nodiscard]] QJsonObject toJson() const;

    /// The admin endpoint's answer.
    [[nodiscard]] SimHttpResponse handleAdmin(const SimHttpRequest &request);

Q_SIGNALS:
    /// A scenario on ns/name was added or removed: the operator looks at that object again.
    void changed(const QString &ns, const QString &name);

private:
    explicit SimScenarios(SimStore *store);
    void applyOneShot(const QJsonObject &scenario);

    SimStore *mStore;
    QList<QJsonObject> mScenarios;
};
