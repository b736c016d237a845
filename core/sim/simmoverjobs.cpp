// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simmoverjobs.h"

#include "common/volsyncnames.h"
#include "sim/simevents.h"
#include "sim/simpodlogs.h"
#include "sim/simscenarios.h"
#include "sim/simstore.h"

#include <QCryptographicHash>
#include <QJsonArray>

namespace {

const QString kJobs = QStringLiteral("jobs");
const QString kPods = QStringLiteral("pods");
const QString kNodeName = QStringLiteral("sim-node-1");

QJsonObject metadataOf(const QJsonObject &object)
{
    return object.value(QStringLiteral("metadata")).toObject();
}

QString nameOf(const QJsonObject &object)
{
    return metadataOf(object).value(QStringLiteral("name")).toString();
}

// The runtime's ID of a container's run (the kubelet reads a log by it; one per restart).
QString containerIdOf(const QJsonObject &pod, int run)
{
    const QByteArray seed
        = metadataOf(pod).value(QStringLiteral("uid")).toString().toUtf8() + '/' + QByteArray::number(run);
    return QStringLiteral("containerd://")
        + QString::fromLatin1(QCryptographicHash::hash(seed, QCryptographicHash::Sha256).toHex());
}

QString uidOf(const QJsonObject &object)
{
    return metadataOf(object).value(QStringLiteral("uid")).toString();
}

QJsonObject controllerReference(const QJsonObject &owner)
{
    return QJsonObject {{QStringLiteral("apiVersion"), owner.value(QStringLiteral("apiVersion"))},
        {QStringLiteral("kind"), owner.value(QStringLiteral("kind"))}, {QStringLiteral("name"), nameOf(owner)},
        {QStringLiteral("uid"), uidOf(owner)}, {QStringLiteral("controller"), true},
        {QStringLiteral("blockOwnerDeletion"), true}};
}

QJsonObject podStatusOf(const QJsonObject &pod)
{
    return pod.value(QStringLiteral("status")).toObject();
}

int restartCountOf(const QJsonObject &pod)
{
    const QJsonArray statuses = podStatusOf(pod).value(QStringLiteral("containerStatuses")).toArray();
    return statuses.isEmpty() ? 0 : statuses.first().toObject().value(QStringLiteral("restartCount")).toInt();
}

} // namespace

SimMoverJobs::SimMoverJobs(quint32 seed, QObject *parent)
    : QObject(parent)
    , mRandom(seed)
{ }

QString SimMoverJobs::jobName(bool source, bool tls, const QString &owner)
{
    return VolSyncNames::jobName(source, tls, owner);
}

QString SimMoverJobs::containerName(bool tls)
{
    return VolSyncNames::containerName(tls);
}

QJsonObject SimMoverJobs::podSelector(bool source, bool tls, const QString &owner)
{
    return QJsonObject {{QStringLiteral("app.kubernetes.io/name"), VolSyncNames::ownerNameLabel(source, owner)},
        {QStringLiteral("app.kubernetes.io/component"),
            tls ? QStringLiteral("rsync-tls-mover") : QStringLiteral("rsync-mover")},
        {QStringLiteral("app.kubernetes.io/part-of"), QStringLiteral("volsync")}};
}

QString SimMoverJobs::servicePortName(bool tls)
{
    return tls ? QStringLiteral("rsync-tls") : QStringLiteral("ssh");
}

QString SimMoverJobs::now(SimStore *store) const
{
    return SimStore::formatTimestamp(store->now());
}

SimMoverJobs::Side SimMoverJobs::sideOf(const QJsonObject &object, bool source)
{
    Side side;
    side.source = source;
    side.tls = object.value(QStringLiteral("spec")).toObject().value(QStringLiteral("rsyncTLS")).isObject();
    side.ns = metadataOf(object).value(QStringLiteral("namespace")).toString();
    side.owner = nameOf(object);
    side.ownerObject = object;
    return side;
}

bool SimMoverJobs::debugMoverRequested(const QJsonObject &owner)
{
    return metadataOf(owner)
        .value(QStringLiteral("annotations"))
        .toObject()
        .contains(QLatin1String(VolSyncNames::kEnableDebugMoverAnnotation));
}

bool SimMoverJobs::runsDebugMover(const QJsonObject &job)
{
    return templateEnv(job, QLatin1String(VolSyncNames::kDebugMoverEnv)) == QLatin1String("1");
}

QString SimMoverJobs::templateEnv(const QJsonObject &job, const QString &name)
{
    const QJsonArray env = job.value(QStringLiteral("spec"))
                               .toObject()
                               .value(QStringLiteral("template"))
                               .toObject()
                               .value(QStringLiteral("spec"))
                               .toObject()
                               .value(QStringLiteral("containers"))
                               .toArray()
                               .first()
                               .toObject()
                               .value(QStringLiteral("env"))
                               .toArray();
    for (const QJsonValue &variable : env) {
        if (variable.toObject().value(QStringLiteral("name")).toString() == name) {
            return variable.toObject().value(QStringLiteral("value")).toString();
        }
    }
    return {};
}

QString SimMoverJobs::firstContainerName(const QJsonObject &pod)
{
    return pod.value(QStringLiteral("spec"))
        .toObject()
        .value(QStringLiteral("containers"))
        .toArray()
        .first()
        .toObject()
        .value(QStringLiteral("name"))
        .toString();
}

void SimMoverJobs::startDebugPod(SimStore *store, const Side &side, const QJsonObject &pod)
{
    setPodRunning(store, pod, restartCountOf(pod));
    const QString script = side.tls ? (side.source ? QStringLiteral("client.sh") : QStringLiteral("server.sh"))
                                    : (side.source ? QStringLiteral("source.sh") : QStringLiteral("destination.sh"));
    SimPodLogs::of(store)->append(side.ns, nameOf(pod), containerName(side.tls),
        QStringLiteral("DEBUG_MOVER=1: the mover does not run, and this pod sleeps until it is told to end.\n"
                       "Its script is in /tmp/%1: change it and run it by hand as you need.\n"
                       "To end this pod, delete /tmp/exit-debug-if-removed.\n")
            .arg(script)
            .toUtf8());
}

QJsonObject SimMoverJobs::ensureJob(SimStore *store, const Side &side, const QString &address)
{
    const QString name = jobName(side.source, side.tls, side.owner);
    if (const auto existing = store->get(kJobs, side.ns, name)) {
        if (runsDebugMover(*existing) == debugMoverRequested(side.ownerObject)) {
            return *existing;
        }
        // The debug-mover annotation changed: the pod template cannot be updated, so VolSync deletes the Job
        // (and so its pods) and makes it again.
        store->remove(kJobs, side.ns, name);
    }
    QJsonObject templateLabels = podSelector(side.source, side.tls, side.owner);
    templateLabels.insert(QStringLiteral("app.kubernetes.io/created-by"), QStringLiteral("volsync"));
    QJsonArray env;
    if (side.source && !address.isEmpty()) {
        env.append(QJsonObject {
            {QStringLiteral("name"), QStringLiteral("DESTINATION_ADDRESS")}, {QStringLiteral("value"), address}});
    }
    if (debugMoverRequested(side.ownerObject)) {
        env.append(QJsonObject {{QStringLiteral("name"), QLatin1String(VolSyncNames::kDebugMoverEnv)},
            {QStringLiteral("value"), QStringLiteral("1")}});
    }
    const QString script = side.tls
        ? (side.source ? QStringLiteral("/mover-rsync-tls/client.sh") : QStringLiteral("/mover-rsync-tls/server.sh"))
        : (side.source ? QStringLiteral("/mover-rsync/source.sh") : QStringLiteral("/mover-rsync/destination.sh"));
    const QJsonObject podSpec {
        {QStringLiteral("containers"),
            QJsonArray {QJsonObject {{QStringLiteral("name"), containerName(side.tls)},
                {QStringLiteral("image"), QLatin1String(kImage)},
                {QStringLiteral("command"), QJsonArray {QStringLiteral("/bin/bash"), QStringLiteral("-c"), script}},
                {QStringLiteral("env"), env}}}},
        {QStringLiteral("restartPolicy"), QStringLiteral("Never")},
        {QStringLiteral("serviceAccountName"), VolSyncNames::serviceAccountName(side.source, side.owner)}};
    const QJsonObject job {
        {QStringLiteral("metadata"),
            QJsonObject {{QStringLiteral("name"), name},
                {QStringLiteral("labels"),
                    QJsonObject {{QStringLiteral("app.kubernetes.io/created-by"), QStringLiteral("volsync")},
                        {QStringLiteral("volsync.backube/cleanup"), uidOf(side.ownerObject)}}},
                {QStringLiteral("ownerReferences"), QJsonArray {controllerReference(side.ownerObject)}}}},
        {QStringLiteral("spec"),
            QJsonObject {{QStringLiteral("backoffLimit"), kBackoffLimit}, {QStringLiteral("parallelism"), 1},
                {QStringLiteral("completions"), 1},
                {QStringLiteral("template"),
                    QJsonObject {
                        {QStringLiteral("metadata"),
                            QJsonObject {{QStringLiteral("name"), name}, {QStringLiteral("labels"), templateLabels}}},
                        {QStringLiteral("spec"), podSpec}}}}}};
    const SimStoreResult created = store->create(kJobs, side.ns, job);
    if (!created.ok()) {
        return {};
    }
    store->patchStatus(
        kJobs, side.ns, name, QJsonObject {{QStringLiteral("startTime"), now(store)}, {QStringLiteral("active"), 0}});
    SimEvents::record(store, side.ownerObject, SimEvents::Type::Normal, QStringLiteral("TransferStarted"),
        QStringLiteral("starting Job/%1 to %2 data")
            .arg(name, side.source ? QStringLiteral("transmit") : QStringLiteral("receive")),
        QStringLiteral("volsync"), QStringLiteral("CreateMover"), created.object);
    return store->get(kJobs, side.ns, name).value_or(created.object);
}

QJsonObject SimMoverJobs::createPod(SimStore *store, const Side &side, const QJsonObject &job)
{
    static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789"; // the Job controller's generateName alphabet
    QString suffix;
    for (int i = 0; i < 5; ++i) {
        suffix.append(QLatin1Char(alphabet[mRandom.bounded(int(sizeof(alphabet) - 1))]));
    }
    const QString jobNameText = nameOf(job);
    const QJsonObject podTemplate
        = job.value(QStringLiteral("spec")).toObject().value(QStringLiteral("template")).toObject();
    QJsonObject labels = metadataOf(podTemplate).value(QStringLiteral("labels")).toObject();
    labels.insert(QStringLiteral("batch.kubernetes.io/controller-uid"), uidOf(job));
    labels.insert(QStringLiteral("batch.kubernetes.io/job-name"), jobNameText);
    labels.insert(QStringLiteral("controller-uid"), uidOf(job));
    labels.insert(QStringLiteral("job-name"), jobNameText);
    QJsonObject spec = podTemplate.value(QStringLiteral("spec")).toObject();
    spec.insert(QStringLiteral("nodeName"), kNodeName);
    if (SimScenarios::of(store)->has(QStringLiteral("crashLoopBackOff"), side.ns, side.owner)) {
        spec.insert(QStringLiteral("restartPolicy"), QStringLiteral("OnFailure")); // as a mutating policy would
    }
    const QString podName = jobNameText + QLatin1Char('-') + suffix;
    const SimStoreResult created = store->create(kPods, side.ns,
        QJsonObject {
            {QStringLiteral("metadata"),
                QJsonObject {{QStringLiteral("name"), podName}, {QStringLiteral("labels"), labels},
                    {QStringLiteral("ownerReferences"),
                        QJsonArray {QJsonObject {{QStringLiteral("apiVersion"), QStringLiteral("batch/v1")},
                            {QStringLiteral("kind"), QStringLiteral("Job")}, {QStringLiteral("name"), jobNameText},
                            {QStringLiteral("uid"), uidOf(job)}, {QStringLiteral("controller"), true},
                            {QStringLiteral("blockOwnerDeletion"), true}}}}}},
            {QStringLiteral("spec"), spec}});
    if (!created.ok()) {
        return {};
    }
    const QJsonObject jobStatus = job.value(QStringLiteral("status")).toObject();
    store->patchStatus(kJobs, side.ns, jobNameText, QJsonObject {{QStringLiteral("active"), 1}});
    Q_UNUSED(jobStatus)
    return created.object;
}

std::optional<QJsonObject> SimMoverJobs::activePod(SimStore *store, const Side &side) const
{
    const QString job = jobName(side.source, side.tls, side.owner);
    const QList<QJsonObject> pods = store->list(kPods, side.ns, QStringLiteral("job-name=") + job);
    for (const QJsonObject &pod : pods) {
        const QString phase = podStatusOf(pod).value(QStringLiteral("phase")).toString();
        if (phase != QLatin1String("Succeeded") && phase != QLatin1String("Failed")) {
            return pod;
        }
    }
    return std::nullopt;
}

void SimMoverJobs::setPodWaiting(SimStore *store, const QJsonObject &pod, const QString &reason, const QString &message,
    int restartCount, const QJsonObject &lastState)
{
    const QString container = firstContainerName(pod);
    QJsonObject waiting {{QStringLiteral("reason"), reason}};
    if (!message.isEmpty()) {
        waiting.insert(QStringLiteral("message"), message);
    }
    const bool crashLoop = reason == QLatin1String("CrashLoopBackOff");
    QJsonObject status {{QStringLiteral("name"), container}, {QStringLiteral("image"), QLatin1String(kImage)},
        {QStringLiteral("ready"), false}, {QStringLiteral("started"), false},
        {QStringLiteral("restartCount"), restartCount}, {QStringLiteral("lastState"), lastState},
        {QStringLiteral("state"), QJsonObject {{QStringLiteral("waiting"), waiting}}}};
    // A container waiting to restart is still known by its last run.
    const QString lastRun
        = lastState.value(QStringLiteral("terminated")).toObject().value(QStringLiteral("containerID")).toString();
    if (!lastRun.isEmpty())
        status.insert(QStringLiteral("containerID"), lastRun);
    store->patchStatus(kPods, metadataOf(pod).value(QStringLiteral("namespace")).toString(), nameOf(pod),
        QJsonObject {{QStringLiteral("phase"), crashLoop ? QStringLiteral("Running") : QStringLiteral("Pending")},
            {QStringLiteral("hostIP"), QStringLiteral("172.19.0.2")},
            {QStringLiteral("containerStatuses"), QJsonArray {status}}});
}

void SimMoverJobs::setPodRunning(
    SimStore *store, const QJsonObject &pod, int restartCount, const QJsonObject &lastState)
{
    const QString container = firstContainerName(pod);
    store->patchStatus(kPods, metadataOf(pod).value(QStringLiteral("namespace")).toString(), nameOf(pod),
        QJsonObject {{QStringLiteral("phase"), QStringLiteral("Running")},
            {QStringLiteral("hostIP"), QStringLiteral("172.19.0.2")},
            {QStringLiteral("podIP"), QStringLiteral("10.244.0.%1").arg(2 + mRandom.bounded(250))},
            {QStringLiteral("startTime"), now(store)},
            {QStringLiteral("containerStatuses"),
                QJsonArray {QJsonObject {{QStringLiteral("name"), container},
                    {QStringLiteral("image"), QLatin1String(kImage)},
                    {QStringLiteral("imageID"), QStringLiteral("quay.io/backube/volsync@sha256:5b1e0c3d")},
                    {QStringLiteral("ready"), true}, {QStringLiteral("started"), true},
                    {QStringLiteral("containerID"), containerIdOf(pod, restartCount)},
                    {QStringLiteral("restartCount"), restartCount}, {QStringLiteral("lastState"), lastState},
                    {QStringLiteral("state"),
                        QJsonObject {
                            {QStringLiteral("running"), QJsonObject {{QStringLiteral("startedAt"), now(store)}}}}}}}}});
}

void SimMoverJobs::terminatePod(SimStore *store, const QJsonObject &pod, bool success)
{
    const QString ns = metadataOf(pod).value(QStringLiteral("namespace")).toString();
    const QJsonObject status = podStatusOf(pod);
    QJsonArray statuses = status.value(QStringLiteral("containerStatuses")).toArray();
    QJsonObject container = statuses.isEmpty() ? QJsonObject() : statuses.first().toObject();
    const QString startedAt = container.value(QStringLiteral("state"))
                                  .toObject()
                                  .value(QStringLiteral("running"))
                                  .toObject()
                                  .value(QStringLiteral("startedAt"))
                                  .toString(now(store));
    container.insert(QStringLiteral("ready"), false);
    container.insert(QStringLiteral("started"), false);
    container.insert(QStringLiteral("state"),
        QJsonObject {{QStringLiteral("terminated"),
            QJsonObject {{QStringLiteral("exitCode"), success ? 0 : 1},
                {QStringLiteral("reason"), success ? QStringLiteral("Completed") : QStringLiteral("Error")},
                {QStringLiteral("startedAt"), startedAt}, {QStringLiteral("finishedAt"), now(store)},
                {QStringLiteral("containerID"), containerIdOf(pod, restartCountOf(pod))}}}});
    statuses = QJsonArray {container};
    store->patchStatus(kPods, ns, nameOf(pod),
        QJsonObject {{QStringLiteral("phase"), success ? QStringLiteral("Succeeded") : QStringLiteral("Failed")},
            {QStringLiteral("containerStatuses"), statuses}});
    SimPodLogs::of(store)->terminate(ns, nameOf(pod), container.value(QStringLiteral("name")).toString());
}

bool SimMoverJobs::imageBlocked(SimStore *store, const Side &side) const
{
    return SimScenarios::of(store)->has(QStringLiteral("imagePullBackOff"), side.ns, side.owner);
}

void SimMoverJobs::imagePullBackOff(SimStore *store, const QJsonObject &pod, const Side &side)
{
    Q_UNUSED(side)
    const QString message = QStringLiteral("Back-off pulling image \"%1\"").arg(QLatin1String(kImage));
    setPodWaiting(store, pod, QStringLiteral("ImagePullBackOff"), message, 0);
    SimEvents::record(store, pod, SimEvents::Type::Normal, QStringLiteral("Pulling"),
        QStringLiteral("Pulling image \"%1\"").arg(QLatin1String(kImage)), QStringLiteral("kubelet"));
    SimEvents::record(store, pod, SimEvents::Type::Warning, QStringLiteral("Failed"),
        QStringLiteral("Failed to pull image \"%1\": rpc error: code = NotFound desc = failed to pull and unpack image "
                       "\"%1\": failed to resolve reference \"%1\": %1: not found")
            .arg(QLatin1String(kImage)),
        QStringLiteral("kubelet"));
    SimEvents::record(store, pod, SimEvents::Type::Warning, QStringLiteral("Failed"),
        QStringLiteral("Error: ImagePullBackOff"), QStringLiteral("kubelet"));
    SimEvents::record(
        store, pod, SimEvents::Type::Normal, QStringLiteral("BackOff"), message, QStringLiteral("kubelet"));
}

bool SimMoverJobs::sourceAttemptStarted(SimStore *store, const QJsonObject &rs, const QString &address)
{
    const Side side = sideOf(rs, true);
    const QJsonObject job = ensureJob(store, side, address);
    if (job.isEmpty()) {
        return true;
    }
    auto pod = activePod(store, side);
    if (!pod) {
        pod = createPod(store, side, job);
    }
    if (!pod || pod->isEmpty()) {
        return true;
    }
    if (imageBlocked(store, side)) {
        imagePullBackOff(store, *pod, side);
        return false;
    }
    if (runsDebugMover(job)) {
        startDebugPod(store, side, *pod);
        return true;
    }
    setPodRunning(store, *pod, restartCountOf(*pod));
    SimPodLogs::of(store)->append(side.ns, nameOf(*pod), containerName(side.tls),
        QStringLiteral("VolSync rsync%1 container version: v0.11.0\nSyncing data to %2 ...\n")
            .arg(side.tls ? QStringLiteral("-tls") : QString(), address)
            .toUtf8());
    return true;
}

bool SimMoverJobs::sourceAttemptEnding(SimStore *store, const QJsonObject &rs, const QString &crashLog)
{
    const Side side = sideOf(rs, true);
    const auto pod = activePod(store, side);
    if (!pod) {
        return true;
    }
    if (const auto job = store->get(kJobs, side.ns, jobName(true, side.tls, side.owner))) {
        if (runsDebugMover(*job) != debugMoverRequested(rs)) {
            // The annotation was set or removed while the pod ran: VolSync replaces the Job; the run goes on in
            // the new one.
            const QString address = templateEnv(*job, QStringLiteral("DESTINATION_ADDRESS"));
            sourceAttemptStarted(store, rs, address);
            return false;
        }
        if (runsDebugMover(*job)) {
            return false; // it sleeps
        }
    }
    const QJsonObject container
        = podStatusOf(*pod).value(QStringLiteral("containerStatuses")).toArray().first().toObject();
    const QJsonObject state = container.value(QStringLiteral("state")).toObject();
    if (state.contains(QStringLiteral("waiting"))) {
        const QString reason
            = state.value(QStringLiteral("waiting")).toObject().value(QStringLiteral("reason")).toString();
        if (reason == QLatin1String("ImagePullBackOff")) {
            if (imageBlocked(store, side)) {
                imagePullBackOff(store, *pod, side); // the kubelet tries again; the events count up
                return false;
            }
        }
        // The image is there again, or the back-off of a crashed container is over: it runs (a restarted
        // container's earlier run becomes its "previous" log).
        if (restartCountOf(*pod) > 0) {
            SimPodLogs::of(store)->restart(side.ns, nameOf(*pod), containerName(side.tls));
        }
        setPodRunning(store, *pod, restartCountOf(*pod), container.value(QStringLiteral("lastState")).toObject());
        SimPodLogs::of(store)->append(side.ns, nameOf(*pod), containerName(side.tls),
            QByteArrayLiteral("VolSync rsync container version: v0.11.0\nSyncing data ...\n"));
        return false;
    }
    if (SimScenarios::of(store)->has(QStringLiteral("crashLoopBackOff"), side.ns, side.owner)) {
        // The container exits 1 and the kubelet restarts it in place after a back-off.
        const QString name = containerName(side.tls);
        SimPodLogs *logs = SimPodLogs::of(store);
        logs->append(side.ns, nameOf(*pod), name, crashLog.toUtf8());
        logs->terminate(side.ns, nameOf(*pod), name); // still the "current" log until the next run starts
        const int restarts = restartCountOf(*pod) + 1;
        const QJsonObject lastState {{QStringLiteral("terminated"),
            QJsonObject {{QStringLiteral("exitCode"), 1}, {QStringLiteral("reason"), QStringLiteral("Error")},
                {QStringLiteral("finishedAt"), now(store)},
                {QStringLiteral("containerID"), containerIdOf(*pod, restarts - 1)}}}};
        const QString message = QStringLiteral("back-off %1s restarting failed container=%2 pod=%3_%4(%5)")
                                    .arg(qMin(300, 10 << qMin(restarts - 1, 5)))
                                    .arg(name, nameOf(*pod), side.ns, uidOf(*pod));
        setPodWaiting(store, *pod, QStringLiteral("CrashLoopBackOff"), message, restarts, lastState);
        SimEvents::record(store, *pod, SimEvents::Type::Warning, QStringLiteral("BackOff"),
            QStringLiteral("Back-off restarting failed container %1 in pod %2").arg(name, nameOf(*pod)),
            QStringLiteral("kubelet"));
        return false;
    }
    return true;
}

void SimMoverJobs::sourceAttemptFinished(SimStore *store, const QJsonObject &rs, bool success, const QString &logs)
{
    const Side side = sideOf(rs, true);
    const QString name = jobName(true, side.tls, side.owner);
    const auto job = store->get(kJobs, side.ns, name);
    if (const auto pod = activePod(store, side)) {
        SimPodLogs::of(store)->append(side.ns, nameOf(*pod), containerName(side.tls), logs.toUtf8());
        terminatePod(store, *pod, success);
    }
    if (!job) {
        return;
    }
    const QJsonObject status = job->value(QStringLiteral("status")).toObject();
    if (success) {
        store->patchStatus(kJobs, side.ns, name,
            QJsonObject {{QStringLiteral("active"), QJsonValue()}, {QStringLiteral("succeeded"), 1},
                {QStringLiteral("completionTime"), now(store)},
                {QStringLiteral("conditions"),
                    QJsonArray {QJsonObject {{QStringLiteral("type"), QStringLiteral("Complete")},
                        {QStringLiteral("status"), QStringLiteral("True")},
                        {QStringLiteral("lastTransitionTime"), now(store)}}}}});
        store->remove(kJobs, side.ns, name); // VolSync's cleanup of a finished iteration
        return;
    }
    const int failed = status.value(QStringLiteral("failed")).toInt() + 1;
    store->patchStatus(kJobs, side.ns, name,
        QJsonObject {{QStringLiteral("active"), QJsonValue()}, {QStringLiteral("failed"), failed}});
    if (failed >= kBackoffLimit) {
        store->patchStatus(kJobs, side.ns, name,
            QJsonObject {{QStringLiteral("conditions"),
                QJsonArray {QJsonObject {{QStringLiteral("type"), QStringLiteral("Failed")},
                    {QStringLiteral("status"), QStringLiteral("True")},
                    {QStringLiteral("reason"), QStringLiteral("BackoffLimitExceeded")},
                    {QStringLiteral("message"), QStringLiteral("Job has reached the specified backoff limit")},
                    {QStringLiteral("lastTransitionTime"), now(store)}}}}});
        SimEvents::record(store, *job, SimEvents::Type::Warning, QStringLiteral("BackoffLimitExceeded"),
            QStringLiteral("Job has reached the specified backoff limit"), QStringLiteral("job-controller"));
        SimEvents::record(store, rs, SimEvents::Type::Warning, QStringLiteral("TransferFailed"),
            QStringLiteral("mover Job backoff limit reached"), QStringLiteral("volsync"), QStringLiteral("DeleteMover"),
            *job);
        store->remove(kJobs, side.ns, name);
    }
}

bool SimMoverJobs::scenarioFailure(SimStore *store, const QJsonObject &rs, SimStore *destinationStore,
    const QString &destinationNs, const QString &destinationName, QString *logs, QString *reason) const
{
    const Side side = sideOf(rs, true);
    const QJsonObject mover = rs.value(QStringLiteral("spec"))
                                  .toObject()
                                  .value(side.tls ? QStringLiteral("rsyncTLS") : QStringLiteral("rsync"))
                                  .toObject();
    const QString address = mover.value(QStringLiteral("address")).toString();
    const int port = mover.value(QStringLiteral("port")).toInt(side.tls ? 8000 : 22);
    SimScenarios *scenarios = SimScenarios::of(store);
    const bool destinationDown = destinationStore && !destinationName.isEmpty()
        && (SimScenarios::of(destinationStore)->has(QStringLiteral("imagePullBackOff"), destinationNs, destinationName)
            || SimScenarios::of(destinationStore)->has(QStringLiteral("pvcPending"), destinationNs, destinationName));
    const bool refused = scenarios->has(QStringLiteral("connectionRefused"), side.ns, side.owner) || destinationDown;
    const bool timeout = scenarios->has(QStringLiteral("connectionTimeout"), side.ns, side.owner);
    if (!refused && !timeout) {
        return false;
    }
    const QString what = refused ? QStringLiteral("Connection refused") : QStringLiteral("Connection timed out");
    if (side.tls) {
        *logs = QStringLiteral(
            "LOG3[0]: s_connect: connect %1:%2: %3 (%4)\n"
            "rsync: did not see server greeting\n"
            "rsync error: error starting client-server protocol (code 5) at main.c(1863) [sender=3.2.7]\n")
                    .arg(address)
                    .arg(port)
                    .arg(what)
                    .arg(refused ? 111 : 110);
    } else {
        *logs = QStringLiteral("ssh: connect to host %1 port %2: %3\n"
                               "rsync: connection unexpectedly closed (0 bytes received so far) [sender]\n"
                               "rsync error: unexplained error (code 255) at io.c(231) [sender=3.2.7]\n")
                    .arg(address)
                    .arg(port)
                    .arg(what);
    }
    *reason = destinationDown ? QStringLiteral("the destination mover at %1 is not running").arg(address)
                              : QStringLiteral("%1 at %2:%3").arg(what, address).arg(port);
    return true;
}

void SimMoverJobs::destinationListening(SimStore *store, const QJsonObject &rd)
{
    const Side side = sideOf(rd, false);
    const QJsonObject job = ensureJob(store, side, QString());
    if (job.isEmpty()) {
        return;
    }
    auto pod = activePod(store, side);
    const bool created = !pod;
    if (!pod) {
        pod = createPod(store, side, job);
    }
    if (!pod || pod->isEmpty()) {
        return;
    }
    const QString state = podStatusOf(*pod)
                              .value(QStringLiteral("containerStatuses"))
                              .toArray()
                              .first()
                              .toObject()
                              .value(QStringLiteral("state"))
                              .toObject()
                              .keys()
                              .value(0);
    SimScenarios *scenarios = SimScenarios::of(store);
    if (imageBlocked(store, side)) {
        if (created || state != QLatin1String("waiting")) {
            imagePullBackOff(store, *pod, side);
        }
        return;
    }
    if (scenarios->has(QStringLiteral("pvcPending"), side.ns, side.owner)) {
        if (created || podStatusOf(*pod).value(QStringLiteral("phase")).toString() != QLatin1String("Pending")) {
            store->patchStatus(
                kPods, side.ns, nameOf(*pod), QJsonObject {{QStringLiteral("phase"), QStringLiteral("Pending")}});
            SimEvents::record(store, *pod, SimEvents::Type::Warning, QStringLiteral("FailedScheduling"),
                QStringLiteral("0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. "
                               "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."),
                QStringLiteral("default-scheduler"));
        }
        return;
    }
    if (state == QLatin1String("running")) {
        return;
    }
    if (runsDebugMover(job)) {
        startDebugPod(store, side, *pod);
        return;
    }
    setPodRunning(store, *pod, restartCountOf(*pod));
    SimPodLogs::of(store)->append(side.ns, nameOf(*pod), containerName(side.tls),
        QByteArrayLiteral("VolSync rsync container version: v0.11.0\nWaiting for connection...\n"));
}

bool SimMoverJobs::destinationRunning(SimStore *store, const QString &ns, const QString &rdName) const
{
    const auto rd = store->get(QStringLiteral("replicationdestinations"), ns, rdName);
    if (!rd) {
        return false;
    }
    const Side side = sideOf(*rd, false);
    const auto job = store->get(kJobs, ns, jobName(false, side.tls, side.owner));
    if (job && runsDebugMover(*job)) {
        return false; // a debug mover sleeps: nothing listens
    }
    const auto pod = activePod(store, side);
    return pod
        && podStatusOf(*pod)
               .value(QStringLiteral("containerStatuses"))
               .toArray()
               .first()
               .toObject()
               .value(QStringLiteral("state"))
               .toObject()
               .contains(QStringLiteral("running"));
}

void SimMoverJobs::destinationReceived(SimStore *store, const QJsonObject &rd, const QString &logs)
{
    const Side side = sideOf(rd, false);
    const QString name = jobName(false, side.tls, side.owner);
    if (const auto pod = activePod(store, side)) {
        SimPodLogs::of(store)->append(side.ns, nameOf(*pod), containerName(side.tls), logs.toUtf8());
        terminatePod(store, *pod, true);
    }
    if (const auto job = store->get(kJobs, side.ns, name)) {
        store->patchStatus(kJobs, side.ns, name,
            QJsonObject {{QStringLiteral("active"), QJsonValue()}, {QStringLiteral("succeeded"), 1},
                {QStringLiteral("completionTime"), now(store)}});
        store->remove(kJobs, side.ns, name);
    }
}

void SimMoverJobs::serviceWithoutAddress(SimStore *store, const QJsonObject &rd, const QJsonObject &service)
{
    SimEvents::record(store, rd, SimEvents::Type::Warning, QStringLiteral("NoServiceAddressAssigned"),
        QStringLiteral(
            "waiting for an address to be assigned to Service/%1; ensure the proper serviceType was specified")
            .arg(nameOf(service)),
        QStringLiteral("volsync"), QStringLiteral("None"), service);
}

void SimMoverJobs::pvcPending(SimStore *store, const QJsonObject &pvc, const QString &reason)
{
    if (reason == QLatin1String("waitForFirstConsumer")) {
        SimEvents::record(store, pvc, SimEvents::Type::Normal, QStringLiteral("WaitForFirstConsumer"),
            QStringLiteral("waiting for first consumer to be created before binding"),
            QStringLiteral("persistentvolume-controller"));
        return;
    }
    SimEvents::record(store, pvc, SimEvents::Type::Normal, QStringLiteral("FailedBinding"),
        QStringLiteral("no persistent volumes available for this claim and no storage class is set"),
        QStringLiteral("persistentvolume-controller"));
}
