// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simvolumeadmin.h"

#include "sim/simapihandler.h"
#include "sim/simresourceinfo.h"
#include "sim/simstatus.h"
#include "sim/simstore.h"

#include <QJsonDocument>

namespace {

SimHttpResponse status(const QJsonObject &body)
{
    return SimApiHandler::jsonResponse(body.value(QStringLiteral("code")).toInt(500), body);
}

} // namespace

SimHttpResponse SimVolumeAdmin::handle(const SimHttpRequest &request, SimStore *store)
{
    const QStringList segments = request.path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    // _sim volumes namespaces NS RESOURCE NAME
    const QString resource = segments.value(4);
    if (segments.size() != 6 || segments.at(2) != QLatin1String("namespaces")
        || (resource != QLatin1String("persistentvolumeclaims") && resource != QLatin1String("volumesnapshots")))
        return status(SimStatus::pathNotFound());
    const QString ns = segments.at(3);
    const QString name = segments.at(5);
    const SimResourceInfo *info = simResource(resource);
    const auto object = info ? store->get(resource, ns, name) : std::nullopt;
    if (!object)
        return status(info ? SimStatus::notFound(*info, name) : SimStatus::pathNotFound());
    const QString uid = object->value(QStringLiteral("metadata")).toObject().value(QStringLiteral("uid")).toString();
    if (request.method == "GET")
        return SimApiHandler::jsonResponse(200, store->volumeContents().value(uid).toJson());
    if (request.method != "PUT" || resource != QLatin1String("persistentvolumeclaims"))
        return status(SimStatus::methodNotAllowed());
    const QString phase = object->value(QStringLiteral("status")).toObject().value(QStringLiteral("phase")).toString();
    if (phase != QLatin1String("Bound")) {
        return status(SimStatus::failure(409, QStringLiteral("Conflict"),
            QStringLiteral("persistentvolumeclaims \"%1\" is %2, not Bound: nothing can write to it yet")
                .arg(name, phase.isEmpty() ? QStringLiteral("not provisioned") : phase)));
    }
    QString error;
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    const auto content = SimVolumeContent::fromJson(body, &error);
    if (!content)
        return status(SimStatus::badRequest(error));
    store->volumeContents().set(uid, *content);
    return SimApiHandler::jsonResponse(200, content->toJson());
}
