// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simpodlogrequest.h"

#include "sim/simcluster.h"
#include "sim/simpodlogs.h"
#include "sim/simresourceinfo.h"
#include "sim/simstatus.h"
#include "sim/simstore.h"

#include <QJsonArray>

namespace {

SimApiResult failure(const QJsonObject &status)
{
    return {SimApiHandler::jsonResponse(status.value(QStringLiteral("code")).toInt(400), status), std::nullopt};
}

std::optional<qint64> number(const SimHttpRequest &request, const char *name, bool *ok)
{
    if (!request.hasQuery(name)) {
        return std::nullopt;
    }
    bool parsed = false;
    const qint64 value = request.queryValue(name).toLongLong(&parsed);
    *ok = *ok && parsed;
    return value;
}

bool flag(const SimHttpRequest &request, const char *name)
{
    const QString value = request.queryValue(name);
    return value == QLatin1String("true") || value == QLatin1String("1");
}

} // namespace

SimApiResult SimPodLogRequest::handle(
    SimCluster *cluster, const SimHttpRequest &request, const QString &ns, const QString &podName)
{
    if (request.method != "GET") {
        return failure(SimStatus::methodNotAllowed());
    }
    SimStore *store = cluster->store();
    const std::optional<QJsonObject> pod = store->get(QStringLiteral("pods"), ns, podName);
    if (!pod) {
        return failure(SimStatus::notFound(*simResource(QStringLiteral("pods")), podName));
    }
    bool ok = true;
    SimPodLogOptions options;
    options.container = request.queryValue("container");
    options.previous = flag(request, "previous");
    options.follow = flag(request, "follow");
    options.tailLines = number(request, "tailLines", &ok);
    options.limitBytes = number(request, "limitBytes", &ok);
    if (!ok || (options.tailLines && *options.tailLines < 0) || (options.limitBytes && *options.limitBytes < 1)) {
        return failure(SimStatus::badRequest(QStringLiteral("tailLines must be >= 0 and limitBytes >= 1")));
    }
    const QJsonArray containers
        = pod->value(QStringLiteral("spec")).toObject().value(QStringLiteral("containers")).toArray();
    QStringList names;
    for (const QJsonValue &container : containers) {
        names.append(container.toObject().value(QStringLiteral("name")).toString());
    }
    if (options.container.isEmpty()) {
        if (names.size() != 1) {
            return failure(SimStatus::badRequest(
                QStringLiteral("a container name must be specified for pod %1, choose one of: [%2]")
                    .arg(podName, names.join(QLatin1Char(' ')))));
        }
        options.container = names.first();
    } else if (!names.contains(options.container)) {
        return failure(SimStatus::badRequest(
            QStringLiteral("container %1 is not valid for pod %2").arg(options.container, podName)));
    }
    SimPodLogs *logs = SimPodLogs::of(store);
    if (options.previous && !logs->hasLog(ns, podName, options.container, true)) {
        return failure(
            SimStatus::badRequest(QStringLiteral("previous terminated container \"%1\" in pod \"%2\" not found")
                                      .arg(options.container, podName)));
    }
    if (!options.previous && !logs->hasLog(ns, podName, options.container, false)) {
        // Never started: the kubelet names what it waits for.
        QString waiting = QStringLiteral("ContainerCreating");
        const QJsonArray statuses
            = pod->value(QStringLiteral("status")).toObject().value(QStringLiteral("containerStatuses")).toArray();
        for (const QJsonValue &status : statuses) {
            const QJsonObject s = status.toObject();
            if (s.value(QStringLiteral("name")).toString() == options.container) {
                const QString reason = s.value(QStringLiteral("state"))
                                           .toObject()
                                           .value(QStringLiteral("waiting"))
                                           .toObject()
                                           .value(QStringLiteral("reason"))
                                           .toString();
                if (reason == QLatin1String("ImagePullBackOff") || reason == QLatin1String("ErrImagePull")) {
                    waiting = QStringLiteral("trying and failing to pull image");
                } else if (!reason.isEmpty()) {
                    waiting = reason;
                }
            }
        }
        return failure(SimStatus::badRequest(QStringLiteral("container \"%1\" in pod \"%2\" is waiting to start: %3")
                                                 .arg(options.container, podName, waiting)));
    }
    if (options.follow && !options.previous && logs->isRunning(ns, podName, options.container)) {
        SimApiResult result;
        result.logFollow = SimPodLogFollow {ns, podName, options};
        return result;
    }
    SimHttpResponse response;
    response.contentType = "text/plain";
    response.body = logs->read(ns, podName, options);
    return {response, std::nullopt};
}
