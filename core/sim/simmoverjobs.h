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
/// What VolSync does (VolSyncNames holds the names, and notes where in backube/volsync each was read: the
/// rsync and rsynctls movers' ensureJob, internal/controller/utils): one Job per ReplicationSource/Destination
/// named volsync-rsync[-tls]-{src|dst}-<owner> (shortened past 63 characters), with a controller ownerReference
/// to the RS/RD, the labels app.kubernetes.io/created-by=volsync and volsync.backube/cleanup=<owner uid>,
/// backoffLimit 2, restartPolicy Never, service account volsync-{src|dst}-<owner>, and pod-template labels
/// app.kubernetes.io/name={src|dst}-<owner>, app.kubernetes.io/component=rsync-mover (rsync-tls-mover),
/// app.kubernetes.io/part-of=volsync, app.kubernetes.io/created-by=volsync (the Service selects the first three).
/// One container, running /mover-rsync/{source,destination}.sh or /mover-rsync-tls/{client,server}.sh, with
/// DEBUG_MOVER=1 when the owner has the volsync.backube/enable-debug-mover annotation (its pod then sleeps).
/// Events: TransferStarted "starting Job/<name> to transmit|receive data" when the Job is
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

    /// VolSync's names and labels (VolSyncNames, where what was checked in VolSync's source is written down).
    [[nodiscard]] static QString jobName(bool source, bool tls, const QString &owner);
    [[nodiscard]] static QString containerName(bool tls);
    /// The labels of a mover's pods that its Service selects (VolSync's serviceSelector()).
    [[nodiscard]] static QJsonObject podSelector(bool source, bool tls, const QString &owner);
    /// The name of the mover Service's port: "ssh" (rsync) or "rsync-tls".
    [[nodiscard]] static QString servicePortName(bool tls);
    /// Whether an RS/RD asks for VolSync's debug mover (the volsync.backube/enable-debug-mover annotation, any
    /// value), and whether a mover Job runs it (DEBUG_MOVER=1 in its container's environment). A debug mover
    /// pod prints how to run the mover script by hand and sleeps instead of moving data, until the annotation
    /// goes; a Job made before the annotation changed is replaced (VolSync cannot update its pod template).
    [[nodiscard]] static bool debugMoverRequested(const QJsonObject &owner);
    [[nodiscard]] static bool runsDebugMover(const QJsonObject &job);
    /// The value of environment variable `name` in the first container of a Job's pod template ("" when unset).
    [[nodiscard]] static QString templateEnv(const QJsonObject &job, const QString &name);
    /// The name of a pod's first container.
    [[nodiscard]] static QString firstContainerName(const QJsonObject &pod);
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
    /// Starts the pod of a debug mover Job: running, its log says it sleeps.
    void startDebugPod(SimStore *store, const Side &side, const QJsonObject &pod);
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
