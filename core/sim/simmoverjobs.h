// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QObject>
#include <QRandomGenerator>
#include <QString>

#include <optional>

class SimStore;

/// The mover Jobs and Pods of the simulated VolSync operator, as VolSync and Kubernetes make them.
///
/// What VolSync does (read in backube/volsync, controllers/mover/rsync/mover.go and rsynctls/mover.go,
/// ensureJob, and controllers/utils): one Job per ReplicationSource/Destination named
/// volsync-rsync-{src|dst}-<owner> (rsync over SSH) or volsync-rsync-tls-{src|dst}-<owner> (rsyncTLS), with a
/// controller ownerReference to the RS/RD, the labels app.kubernetes.io/created-by=volsync and
/// volsync.backube/cleanup=<owner uid>, backoffLimit 2, restartPolicy Never, service account
/// volsync-{src|dst}-<owner>, and pod-template labels app.kubernetes.io/name={src|dst}-<owner>,
/// app.kubernetes.io/component=rsync-mover (rsync-tls-mover), app.kubernetes.io/part-of=volsync. One container,
/// "rsync" or "rsync-tls". Events: TransferStarted "starting Job/<name> to transmit|receive data" when the Job is
/// created; TransferFailed "mover Job backoff limit reached" (Warning) when status.failed reaches the
/// backoffLimit, after which VolSync deletes the Job and makes a new one; NoServiceAddressAssigned (Warning)
/// while a Service has no address. A completed Job is deleted by VolSync's cleanup.
/// The Job controller names pods <job>-<5 random characters>, owned by the Job, labelled job-name /
/// controller-uid (and their batch.kubernetes.io/ forms); each failed attempt is a new Pod.
///
/// Container logs go to SimPodLogs; Events to SimEvents. The fault scenarios (SimScenarios) of a cluster shape
/// what the pods do.
class SimMoverJobs : public QObject
{
    Q_OBJECT
public:
    explicit SimMoverJobs(quint32 seed, QObject *parent = nullptr);

    /// A source mover attempt starts: the Job (made if missing, with TransferStarted) gets a new Pod.
    /// Returns false when the pod cannot run (image pull back-off): the attempt stays pending.
    bool sourceAttemptStarted(SimStore *store, const QJsonObject &rs, const QString &address);
    /// The attempt's planned end: true when it really ends now (false: the pod is still waiting for its
    /// image, or it crashed and restarts in place: the caller looks again later).
    bool sourceAttemptEnding(SimStore *store, const QJsonObject &rs, const QString &crashLog);
    /// The attempt ended: the pod terminates with `logs`; a failure counts in the Job (backoff limit: the Job
    /// goes, with TransferFailed), a success completes the Job, which VolSync's cleanup deletes.
    void sourceAttemptFinished(SimStore *store, const QJsonObject &rs, bool success, const QString &logs);
    /// Whether a scenario makes this attempt fail (connection refused or timed out, or a destination whose mover
    /// cannot run): the mover's log lines and the reason.
    [[nodiscard]] bool scenarioFailure(SimStore *store, const QJsonObject &rs, SimStore *destinationStore,
        const QString &destinationNs, const QString &destinationName, QString *logs, QString *reason) const;

    /// The destination listens: its Job and a pod waiting for a connection exist.
    void destinationListening(SimStore *store, const QJsonObject &rd);
    /// Whether the destination's mover pod runs (and so accepts connections).
    [[nodiscard]] bool destinationRunning(SimStore *store, const QString &ns, const QString &rdName) const;
    /// One incoming sync completed: the pod logs it and completes; the Job is cleaned up.
    void destinationReceived(SimStore *store, const QJsonObject &rd, const QString &logs);

    /// The destination PVC stays Pending: the PV controller's or provisioner's Events say why ("noStorageClass",
    /// "waitForFirstConsumer").
    void pvcPending(SimStore *store, const QJsonObject &pvc, const QString &reason);
    /// NoServiceAddressAssigned on the RD (VolSync warns after its 15 s ServiceAddressTimeout).
    void serviceWithoutAddress(SimStore *store, const QJsonObject &rd, const QJsonObject &service);

    [[nodiscard]] static QString jobName(bool source, bool tls, const QString &owner);
    [[nodiscard]] static QString containerName(bool tls);
    static constexpr const char *kImage = "quay.io/backube/volsync:0.11.0";
    static constexpr int kBackoffLimit = 2;

private:
    struct Side {
        bool source = true;
        bool tls = false;
        QString ns;
        QString owner;
        QJsonObject ownerObject;
    };
    [[nodiscard]] static Side sideOf(const QJsonObject &object, bool source);
    QJsonObject ensureJob(SimStore *store, const Side &side, const QString &address);
    QJsonObject createPod(SimStore *store, const Side &side, const QJsonObject &job);
    [[nodiscard]] std::optional<QJsonObject> activePod(SimStore *store, const Side &side) const;
    void setPodWaiting(SimStore *store, const QJsonObject &pod, const QString &reason, const QString &message,
        int restartCount, const QJsonObject &lastState = {});
    void setPodRunning(SimStore *store, const QJsonObject &pod, int restartCount, const QJsonObject &lastState = {});
    void terminatePod(SimStore *store, const QJsonObject &pod, bool success);
    void imagePullBackOff(SimStore *store, const QJsonObject &pod, const Side &side);
    [[nodiscard]] bool imageBlocked(SimStore *store, const Side &side) const;
    [[nodiscard]] QString now(SimStore *store) const;

    QRandomGenerator mRandom;
};
