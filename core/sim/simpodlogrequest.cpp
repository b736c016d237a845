// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simpodlogrequest.h"

#include "sim/simcluster.h"
#include "sim/simfielderrors.h"
#include "sim/simpodlogs.h"
#include "sim/simresourceinfo.h"
#include "sim/simstatus.h"
#include "sim/simstore.h"

#include <QDateTime>
#include <QJsonArray>

namespace {

SimApiResult failure(const QJsonObject &status)
{
    return {SimApiHandler::jsonResponse(status.value(QStringLiteral("code")).toInt(400), status), std::nullopt};
}

// A query parameter as kube-apiserver's query decoder reads an int64 (its error is strconv's).
std::optional<qint64> number(const SimHttpRequest &request, const char *name, QString *error)
{
    if (!request.hasQuery(name))
        return std::nullopt;
    bool parsed = false;
    const QString text = request.queryValue(name);
    const qint64 value = text.toLongLong(&parsed);
    if (!parsed && error->isEmpty())
        *error = QStringLiteral("strconv.ParseInt: parsing \"%1\": invalid syntax").arg(text);
    return value;
}

bool flag(const SimHttpRequest &request, const char *name)
{
    const QString value = request.queryValue(name);
    return value == QLatin1String("true") || value == QLatin1String("1");
}

QStringList containerNames(const QJsonObject &spec, const char *field)
{
    QStringList names;
    for (const QJsonValue &container : spec.value(QLatin1String(field)).toArray())
        names.append(container.toObject().value(QStringLiteral("name")).toString());
    return names;
}

// ValidatePodLogOptions (k8s.io/kubernetes/pkg/apis/core/validation): checked before the Pod is looked up.
QJsonArray optionCauses(const SimPodLogOptions &options, const std::optional<qint64> &sinceSeconds, bool sinceTime)
{
    QJsonArray causes;
    if (options.tailLines && *options.tailLines < 0)
        causes.append(SimFieldErrors::invalid(QStringLiteral("tailLines"), QString::number(*options.tailLines),
            QStringLiteral("must be greater than or equal to 0")));
    if (options.limitBytes && *options.limitBytes < 1)
        causes.append(SimFieldErrors::invalid(QStringLiteral("limitBytes"), QString::number(*options.limitBytes),
            QStringLiteral("must be greater than 0")));
    if (sinceSeconds && sinceTime)
        causes.append(SimFieldErrors::forbidden(
            QStringLiteral("[]"), QStringLiteral("at most one of `sinceTime` or `sinceSeconds` may be specified")));
    else if (sinceSeconds && *sinceSeconds < 1)
        causes.append(SimFieldErrors::invalid(
            QStringLiteral("sinceSeconds"), QString::number(*sinceSeconds), QStringLiteral("must be greater than 0")));
    return causes;
}

// Which of a container's runs the kubelet reads (validateContainerLogStatus, pkg/kubelet/kubelet_pods.go): a run is
// known by its runtime container ID, and a terminated state without one is a container that never started.
enum class RunToRead { Running, Current, Previous, NoPrevious, Terminated, NotStarted };

std::optional<QJsonObject> containerStatus(const QJsonObject &podStatus, const QString &container)
{
    for (const char *field : {"containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses"}) {
        for (const QJsonValue &value : podStatus.value(QLatin1String(field)).toArray()) {
            if (value.toObject().value(QStringLiteral("name")).toString() == container)
                return value.toObject();
        }
    }
    return std::nullopt;
}

QString containerIdOf(const QJsonObject &state, const char *which)
{
    return state.value(QLatin1String(which)).toObject().value(QStringLiteral("containerID")).toString();
}

// The sim keeps two logs per container: the latest run (kept after it ends, until the next one starts) and the
// run before it. The kubelet's choice maps onto them.
RunToRead runToRead(const QJsonObject &status, bool previous)
{
    const QJsonObject state = status.value(QStringLiteral("state")).toObject();
    const QJsonObject lastState = status.value(QStringLiteral("lastState")).toObject();
    const bool lastTerminated = lastState.contains(QStringLiteral("terminated"));
    const QString lastRun = containerIdOf(lastState, "terminated");
    if (previous) {
        if (lastRun.isEmpty())
            return RunToRead::NoPrevious;
        // Until the next run starts (waiting to restart, or terminated before it started), the last terminated run
        // is still the sim's latest log.
        const bool nextStarted
            = state.contains(QStringLiteral("running")) || !containerIdOf(state, "terminated").isEmpty();
        return nextStarted ? RunToRead::Previous : RunToRead::Current;
    }
    if (state.contains(QStringLiteral("running")))
        return RunToRead::Running;
    if (state.contains(QStringLiteral("terminated"))) {
        if (!containerIdOf(state, "terminated").isEmpty())
            return RunToRead::Current;
        // The next run did not start: the kubelet reads the last one that did (still the sim's latest log).
        return lastRun.isEmpty() ? RunToRead::Terminated : RunToRead::Current;
    }
    if (lastTerminated)
        return lastRun.isEmpty() ? RunToRead::Terminated : RunToRead::Current; // e.g. CrashLoopBackOff
    return RunToRead::NotStarted;
}

// The tail of the kubelet's "is waiting to start" message for a container that never ran.
QString waitingMessage(const QJsonObject &status)
{
    const QJsonObject state = status.value(QStringLiteral("state")).toObject();
    if (!state.contains(QStringLiteral("waiting")))
        return QStringLiteral(" - no logs yet");
    const QString reason = state.value(QStringLiteral("waiting")).toObject().value(QStringLiteral("reason")).toString();
    if (reason == QLatin1String("ErrImagePull"))
        return QStringLiteral(": image can't be pulled");
    if (reason == QLatin1String("ImagePullBackOff"))
        return QStringLiteral(": trying and failing to pull image");
    return QStringLiteral(": ") + reason;
}

} // namespace

SimApiResult SimPodLogRequest::handle(
    SimCluster *cluster, const SimHttpRequest &request, const QString &ns, const QString &podName)
{
    if (request.method != "GET") {
        return failure(SimStatus::methodNotAllowed());
    }
    QString parseError;
    SimPodLogOptions options;
    options.container = request.queryValue("container");
    options.previous = flag(request, "previous");
    options.follow = flag(request, "follow");
    options.tailLines = number(request, "tailLines", &parseError);
    options.limitBytes = number(request, "limitBytes", &parseError);
    const std::optional<qint64> sinceSeconds = number(request, "sinceSeconds", &parseError);
    // sinceSeconds, sinceTime and timestamps are accepted and not applied: simulated log lines carry no times.
    const QString sinceTime = request.queryValue("sinceTime");
    if (!sinceTime.isEmpty() && !QDateTime::fromString(sinceTime, Qt::ISODate).isValid() && parseError.isEmpty())
        parseError = QStringLiteral("parsing time \"%1\" as \"2006-01-02T15:04:05Z07:00\": cannot parse it as RFC 3339")
                         .arg(sinceTime);
    if (!parseError.isEmpty())
        return failure(SimStatus::badRequest(parseError));
    const QJsonArray causes = optionCauses(options, sinceSeconds, request.hasQuery("sinceTime"));
    if (!causes.isEmpty()) {
        SimResourceInfo logOptions;
        logOptions.kind = QStringLiteral("PodLogOptions");
        return failure(SimStatus::invalid(logOptions, podName, causes));
    }
    SimStore *store = cluster->store();
    const std::optional<QJsonObject> pod = store->get(QStringLiteral("pods"), ns, podName);
    if (!pod) {
        return failure(SimStatus::notFound(*simResource(QStringLiteral("pods")), podName));
    }
    // The pod's registry (LogLocation) picks the container, then asks the Pod's node.
    const QJsonObject spec = pod->value(QStringLiteral("spec")).toObject();
    const QStringList names = containerNames(spec, "containers");
    const QStringList initNames = containerNames(spec, "initContainers");
    if (options.container.isEmpty()) {
        if (names.isEmpty())
            return failure(
                SimStatus::badRequest(QStringLiteral("a container name must be specified for pod %1").arg(podName)));
        if (names.size() != 1) {
            QString message = QStringLiteral("a container name must be specified for pod %1, choose one of: [%2]")
                                  .arg(podName, names.join(QLatin1Char(' ')));
            if (!initNames.isEmpty())
                message += QStringLiteral(" or one of the init containers: [%1]").arg(initNames.join(QLatin1Char(' ')));
            return failure(SimStatus::badRequest(message));
        }
        options.container = names.first();
    } else if (!names.contains(options.container) && !initNames.contains(options.container)
        && !containerNames(spec, "ephemeralContainers").contains(options.container)) {
        return failure(SimStatus::badRequest(
            QStringLiteral("container %1 is not valid for pod %2").arg(options.container, podName)));
    }
    if (spec.value(QStringLiteral("nodeName")).toString().isEmpty()) {
        // Not scheduled: there is no kubelet to ask, and the apiserver answers with an empty stream.
        SimHttpResponse empty;
        empty.code = 204;
        empty.contentType.clear();
        return {empty, std::nullopt};
    }
    // The kubelet picks the run to read from the container's status (validateContainerLogStatus), not from
    // whether the container printed anything: a running container that is silent has an empty log.
    SimPodLogs *logs = SimPodLogs::of(store);
    const QJsonObject podStatus = pod->value(QStringLiteral("status")).toObject();
    const std::optional<QJsonObject> status = containerStatus(podStatus, options.container);
    const RunToRead run = status ? runToRead(*status, options.previous) : RunToRead::NotStarted;
    if (run == RunToRead::NoPrevious) {
        return failure(
            SimStatus::badRequest(QStringLiteral("previous terminated container \"%1\" in pod \"%2\" not found")
                                      .arg(options.container, podName)));
    }
    if (run == RunToRead::Terminated) {
        return failure(SimStatus::badRequest(
            QStringLiteral("container \"%1\" in pod \"%2\" is terminated").arg(options.container, podName)));
    }
    if (run == RunToRead::NotStarted) {
        // Before the kubelet reports the container, it waits for the pod's init containers or for its creation.
        QString waiting = initNames.isEmpty() || initNames.contains(options.container)
            ? QStringLiteral(": ContainerCreating")
            : QStringLiteral(": PodInitializing");
        if (status)
            waiting = waitingMessage(*status);
        return failure(SimStatus::badRequest(QStringLiteral("container \"%1\" in pod \"%2\" is waiting to start%3")
                                                 .arg(options.container, podName, waiting)));
    }
    // In the sim the crashed run stays "current" until the container restarts, then becomes "previous".
    options.previous = run == RunToRead::Previous;
    if (options.follow && run == RunToRead::Running) {
        SimApiResult result;
        result.logFollow = SimPodLogFollow {ns, podName, options};
        return result;
    }
    SimHttpResponse response;
    response.contentType = "text/plain";
    response.body = logs->read(ns, podName, options);
    return {response, std::nullopt};
}
