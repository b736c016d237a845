// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/// The names and labels VolSync's rsync and rsync-TLS movers give what they make, and the annotations it reads:
/// one place for the engine (to find a mover's Jobs and Pods) and the simulator (to make them as VolSync does).
///
/// Checked against backube/volsync (main, July 2026):
/// - internal/controller/mover/mover.go: VolSyncPrefix = "volsync-".
/// - internal/controller/mover/rsync/mover.go (volSyncRsyncPrefix = "volsync-rsync-") and rsynctls/mover.go
///   ("volsync-rsync-tls-"), ensureJob and ensureServiceAndPublishAddress: the Job and the Service are named
///   utils.GetJobName / GetServiceName(prefix + "src-"|"dst-", owner): volsync-rsync[-tls]-{src|dst}-<owner>.
///   The data PVC VolSync makes is volsync-<owner>-{src|dst} (ensureSourcePVC, getDestinationPVCName).
/// - internal/controller/utils/utils.go, getShortenedResourceName: a name longer than 63 characters becomes
///   prefix + the CRC-32 (IEEE) of the owner's name as 8 lower-case hex digits. The same for the
///   app.kubernetes.io/name label value (GetOwnerNameLabelValue).
/// - serviceSelector() in both movers: the pod template (and the Service's selector) carries
///   app.kubernetes.io/name={src|dst}-<owner> (no "volsync-rsync" prefix), app.kubernetes.io/component=
///   rsync-mover | rsync-tls-mover, app.kubernetes.io/part-of=volsync; SetOwnedByVolSync adds
///   app.kubernetes.io/created-by=volsync to the Job and its template (internal/controller/utils/labels.go);
///   MarkForCleanup adds volsync.backube/cleanup=<owner uid> to the Job (utils/cleanup.go). The template's
///   metadata.name is the Job's name; the Job is owned by the RS/RD (controller reference), backoffLimit 2.
/// - The containers: "rsync" running /bin/bash -c /mover-rsync/{source,destination}.sh, and "rsync-tls"
///   running /mover-rsync-tls/{client,server}.sh.
/// - internal/controller/utils/sahandler.go: the mover's ServiceAccount is volsync-{src|dst}-<owner>.
/// - api/v1alpha1/common_types.go: EnableDebugMoverAnnotation = "volsync.backube/enable-debug-mover" on an RS or
///   RD; utils.AppendDebugMoverEnvVar adds DEBUG_MOVER=1 to the mover container when the annotation is there
///   (any value). The movers' scripts (mover-rsync/source.sh, mover-rsync-tls/client.sh, ...) then copy
///   themselves to /tmp, print how to run that copy, and sleep until /tmp/exit-debug-if-removed is deleted,
///   instead of moving data. A Job made before the annotation changed is replaced: its pod template cannot be
///   updated, so utils.CreateOrUpdateDeleteOnImmutableErr deletes it and the next reconcile makes it again.
/// - The Job controller (Kubernetes) names the pods <job>-<5 characters> and labels them job-name,
///   controller-uid and their batch.kubernetes.io/ forms.
class VolSyncNames
{
public:
    static constexpr const char *kEnableDebugMoverAnnotation = "volsync.backube/enable-debug-mover";
    static constexpr const char *kDebugMoverEnv = "DEBUG_MOVER";
    static constexpr const char *kPrivilegedMoversAnnotation = "volsync.backube/privileged-movers";

    /// volsync-rsync[-tls]-{src|dst}-<owner>, shortened as VolSync does past 63 characters.
    [[nodiscard]] static QString jobName(bool source, bool tls, const QString &owner);
    /// The Service of a mover: named as its Job.
    [[nodiscard]] static QString serviceName(bool source, bool tls, const QString &owner);
    /// The app.kubernetes.io/name label of a mover's pods: {src|dst}-<owner>, shortened past 63 characters.
    [[nodiscard]] static QString ownerNameLabel(bool source, const QString &owner);
    /// The mover's ServiceAccount: volsync-{src|dst}-<owner>.
    [[nodiscard]] static QString serviceAccountName(bool source, const QString &owner);
    /// The PVC VolSync makes for the data: volsync-<owner>-{src|dst}.
    [[nodiscard]] static QString dataPvcName(bool source, const QString &owner);
    /// "rsync" or "rsync-tls".
    [[nodiscard]] static QString containerName(bool tls);

private:
    static QString shortened(const QString &prefix, const QString &owner);
};
