// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simapihandler.h"

#include "sim/simdefaults.h"
#include "sim/simdeletepropagation.h"
#include "sim/simdiscovery.h"
#include "sim/simeventsv1.h"
#include "sim/simfieldorder.h"
#include "sim/simfieldownership.h"
#include "sim/simjsonpatch.h"
#include "sim/simpodlogrequest.h"
#include "sim/simprotobuf.h"
#include "sim/simresourceinfo.h"
#include "sim/simscenarios.h"
#include "sim/simstatus.h"
#include "sim/simstore.h"
#include "sim/simtable.h"
#include "sim/simvalidator.h"
#include "sim/simvolumeadmin.h"

#include <QJsonArray>

#include <QJsonDocument>
#include <QJsonParseError>
#include <algorithm>

namespace {

const QString kMetadata = QStringLiteral("metadata");

QJsonObject metadataOf(const QJsonObject &object)
{
    return object.value(kMetadata).toObject();
}

QString verbFor(const QByteArray &method, bool hasName, bool watch)
{
    if (method == "GET" || method == "HEAD")
        return hasName ? QStringLiteral("get") : (watch ? QStringLiteral("watch") : QStringLiteral("list"));
    if (method == "POST")
        return QStringLiteral("create");
    if (method == "PUT")
        return QStringLiteral("update");
    if (method == "PATCH")
        return QStringLiteral("patch");
    if (method == "DELETE")
        return hasName ? QStringLiteral("delete") : QStringLiteral("deletecollection");
    return QString::fromLatin1(method.toLower());
}

bool isWatchRequest(const SimHttpRequest &request)
{
    const QString watch = request.queryValue("watch");
    return watch == QLatin1String("true") || watch == QLatin1String("1");
}

std::optional<QJsonObject> parseObject(const QByteArray &body, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("couldn't get version/kind; json parse error: %1").arg(parseError.errorString());
        return std::nullopt;
    }
    if (!document.isObject()) {
        *error = QStringLiteral("couldn't get version/kind; json parse error: the body is not a JSON object");
        return std::nullopt;
    }
    return document.object();
}

SimHttpResponse statusResponse(const QJsonObject &status)
{
    return SimApiHandler::jsonResponse(status.value(QStringLiteral("code")).toInt(500), status);
}

QJsonObject unsupportedMediaType(const QByteArray &contentType, const SimResourceInfo &info)
{
    Q_UNUSED(info)
    return SimStatus::failure(415, QStringLiteral("UnsupportedMediaType"),
        QStringLiteral("the body of the request was in an unknown format - accepted media types "
                       "include: application/json-patch+json, application/merge-patch+json, "
                       "application/apply-patch+yaml%1")
            .arg(contentType.isEmpty() ? QString() : QString()));
}

// The field selectors kube-apiserver supports per kind (besides metadata.name and metadata.namespace).
QStringList fieldSelectorKeys(const QString &kind)
{
    QStringList keys = {QStringLiteral("metadata.name"), QStringLiteral("metadata.namespace")};
    if (kind == QLatin1String("Event")) {
        keys << QStringLiteral("involvedObject.kind") << QStringLiteral("involvedObject.namespace")
             << QStringLiteral("involvedObject.name") << QStringLiteral("involvedObject.uid")
             << QStringLiteral("involvedObject.apiVersion") << QStringLiteral("involvedObject.resourceVersion")
             << QStringLiteral("involvedObject.fieldPath") << QStringLiteral("reason")
             << QStringLiteral("reportingComponent") << QStringLiteral("source") << QStringLiteral("type");
    } else if (kind == QLatin1String("Pod")) {
        keys << QStringLiteral("spec.nodeName") << QStringLiteral("spec.restartPolicy")
             << QStringLiteral("spec.schedulerName") << QStringLiteral("spec.serviceAccountName")
             << QStringLiteral("status.phase") << QStringLiteral("status.podIP")
             << QStringLiteral("status.nominatedNodeName");
    } else if (kind == QLatin1String("Secret")) {
        keys << QStringLiteral("type");
    } else if (kind == QLatin1String("Namespace")) {
        keys << QStringLiteral("status.phase");
    }
    return keys;
}

QJsonObject objectFields(const QJsonObject &object)
{
    QJsonObject fields;
    for (const QString &key : fieldSelectorKeys(object.value(QStringLiteral("kind")).toString())) {
        QJsonValue value = object;
        for (const QString &part : key.split(QLatin1Char('.')))
            value = value.toObject().value(part);
        if (key == QLatin1String("source") && value.isObject()) // events: source.component
            value = value.toObject().value(QStringLiteral("component"));
        fields.insert(key,
            value.isString()       ? value.toString()
                : value.isDouble() ? QString::number(value.toInteger())
                                   : QString());
    }
    return fields;
}

std::optional<SimLabelSelector> parseFieldSelector(const QString &text, const SimResourceInfo &info, QString *error)
{
    std::optional<SimLabelSelector> selector = SimLabelSelector::parse(text, error);
    if (!selector)
        return std::nullopt;
    const QStringList supported = fieldSelectorKeys(info.kind);
    for (const QString &key : selector->keys()) {
        if (!supported.contains(key)) {
            // Kinds with their own field label conversion (Secret, Event, Namespace, Pod) say it briefly; the
            // others list what they support.
            const bool converted = info.group.isEmpty()
                && (info.kind == QLatin1String("Secret") || info.kind == QLatin1String("Event")
                    || info.kind == QLatin1String("Namespace") || info.kind == QLatin1String("Pod"));
            if (converted) {
                *error = QStringLiteral("field label not supported: %1").arg(key);
            } else {
                QStringList quoted;
                for (const QString &name : supported)
                    quoted.append(QLatin1Char('"') + name + QLatin1Char('"'));
                *error = QStringLiteral("\"%1\" is not a known field selector: only %2")
                             .arg(key, quoted.join(QStringLiteral(", ")));
            }
            return std::nullopt;
        }
    }
    return selector;
}

// A list as kube-apiserver encodes it: built-in kinds are typed lists (items without apiVersion and kind, empty
// continue left out); custom resources are unstructured (items keep them, continue is always there).
QJsonObject listBody(const SimResourceInfo &info, QJsonObject listMeta, QJsonArray items)
{
    if (!info.isCustom()) {
        if (listMeta.value(QStringLiteral("continue")).toString().isEmpty())
            listMeta.remove(QStringLiteral("continue"));
        for (qsizetype i = 0; i < items.size(); ++i) {
            QJsonObject item = items.at(i).toObject();
            item.remove(QStringLiteral("apiVersion"));
            item.remove(QStringLiteral("kind"));
            items.replace(i, item);
        }
    }
    QJsonObject result;
    result.insert(QStringLiteral("apiVersion"), info.apiVersion());
    result.insert(QStringLiteral("kind"), info.listKind());
    result.insert(QStringLiteral("metadata"), listMeta);
    result.insert(QStringLiteral("items"), items);
    return result;
}

struct ContinueToken {
    qint64 resourceVersion = 0;
    QString start; ///< last "ns/name" returned
    QString snapshot; ///< the list snapshot the pages come from
};

QString encodeContinue(const ContinueToken &token)
{
    QJsonObject json;
    json.insert(QStringLiteral("v"), QStringLiteral("meta.k8s.io/v1"));
    json.insert(QStringLiteral("rv"), token.resourceVersion);
    json.insert(QStringLiteral("start"), token.start);
    json.insert(QStringLiteral("snapshot"), token.snapshot);
    return QString::fromLatin1(QJsonDocument(json)
                                   .toJson(QJsonDocument::Compact)
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

std::optional<ContinueToken> decodeContinue(const QString &text)
{
    const QByteArray raw = QByteArray::fromBase64(text.toLatin1(), QByteArray::Base64UrlEncoding);
    const QJsonDocument document = QJsonDocument::fromJson(raw);
    if (!document.isObject() || !document.object().contains(QStringLiteral("start")))
        return std::nullopt;
    ContinueToken token;
    token.resourceVersion = document.object().value(QStringLiteral("rv")).toInteger();
    token.start = document.object().value(QStringLiteral("start")).toString();
    token.snapshot = document.object().value(QStringLiteral("snapshot")).toString();
    return token;
}

} // namespace

bool SimWatchSpec::matches(const QJsonObject &object) const
{
    const QJsonObject meta = metadataOf(object);
    if (!ns.isEmpty() && meta.value(QStringLiteral("namespace")).toString() != ns)
        return false;
    return labels.matches(meta.value(QStringLiteral("labels")).toObject()) && fields.matches(objectFields(object));
}

SimApiHandler::SimApiHandler(SimCluster *cluster)
    : mCluster(cluster)
{ }

SimHttpResponse SimApiHandler::jsonResponse(int code, const QJsonObject &body)
{
    SimHttpResponse response;
    response.code = code;
    response.body = SimStatus::toJson(body);
    return response;
}

SimApiResult SimApiHandler::handle(const SimHttpRequest &request, const SimUser &user, quint16 port)
{
    const QString path
        = request.path.size() > 1 && request.path.endsWith(QLatin1Char('/')) ? request.path.chopped(1) : request.path;
    const QStringList segments = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    const bool isGet = request.method == "GET" || request.method == "HEAD";

    if (segments.value(0) == QLatin1String("_sim"))
        return {handleAdmin(request, user), std::nullopt};
    if (user.name == QLatin1String("system:anonymous")) {
        // RBAC's system:public-info-viewer: anonymous users may read health and version, nothing else that is not
        // an API resource (those are refused per resource below).
        const bool publicInfo = path == QLatin1String("/healthz") || path == QLatin1String("/livez")
            || path == QLatin1String("/readyz") || path == QLatin1String("/version");
        const bool resourcePath = (segments.value(0) == QLatin1String("api") && segments.size() > 2)
            || (segments.value(0) == QLatin1String("apis") && segments.size() > 3);
        if (!publicInfo && !resourcePath) {
            return {statusResponse(SimStatus::failure(403, QStringLiteral("Forbidden"),
                        QStringLiteral("forbidden: User \"system:anonymous\" cannot %1 path \"%2\"")
                            .arg(QString::fromLatin1(request.method.toLower()), path),
                        QJsonObject())),
                std::nullopt};
        }
    }

    auto discovery = [&](const std::optional<QJsonObject> &document) -> SimApiResult {
        if (!document)
            return {statusResponse(SimStatus::pathNotFound()), std::nullopt};
        if (!isGet)
            return {statusResponse(SimStatus::methodNotAllowed()), std::nullopt};
        return {jsonResponse(200, *document), std::nullopt};
    };
    if (path == QLatin1String("/healthz") || path == QLatin1String("/livez") || path == QLatin1String("/readyz")) {
        SimHttpResponse ok;
        ok.contentType = "text/plain; charset=utf-8";
        ok.body = "ok";
        return {ok, std::nullopt};
    }
    if (path == QLatin1String("/version"))
        return discovery(SimDiscovery::version());
    if (path == QLatin1String("/api"))
        return discovery(SimDiscovery::apiVersions(port));
    if (path == QLatin1String("/apis"))
        return discovery(SimDiscovery::apiGroupList());
    if (path == QLatin1String("/openapi/v2")) {
        // kubectl before 1.27 validates manifests client-side with this document (protobuf). An empty document is
        // valid protobuf and names no types, so those kubectl versions skip their client-side checks, and the
        // server-side rules (SimValidator) still apply.
        SimHttpResponse document;
        if (request.header("accept").contains("protobuf")) {
            document.contentType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
        } else {
            document.body = R"({"swagger":"2.0","info":{"title":"Kubernetes","version":"v1.32.0"},"paths":{},)"
                            R"("definitions":{}})";
        }
        return {document, std::nullopt};
    }
    if (path == QLatin1String("/openapi/v3"))
        return discovery(SimDiscovery::openApiV3Root());
    if (segments.value(0) == QLatin1String("openapi") && segments.value(1) == QLatin1String("v3")) {
        if (segments.value(2) == QLatin1String("api") && segments.size() == 4)
            return discovery(SimDiscovery::openApiV3(segments.value(3)));
        if (segments.value(2) == QLatin1String("apis") && segments.size() == 5)
            return discovery(SimDiscovery::openApiV3(segments.value(3) + QLatin1Char('/') + segments.value(4)));
        return discovery(std::nullopt);
    }

    QString groupVersion;
    qsizetype restStart = 0;
    if (segments.value(0) == QLatin1String("api")) {
        if (segments.size() == 2)
            return discovery(SimDiscovery::apiResourceList(segments.value(1)));
        groupVersion = segments.value(1);
        restStart = 2;
    } else if (segments.value(0) == QLatin1String("apis")) {
        if (segments.size() == 2)
            return discovery(SimDiscovery::apiGroup(segments.value(1)));
        if (segments.size() == 3)
            return discovery(SimDiscovery::apiResourceList(segments.value(1) + QLatin1Char('/') + segments.value(2)));
        groupVersion = segments.value(1) + QLatin1Char('/') + segments.value(2);
        restStart = 3;
    } else {
        return {statusResponse(SimStatus::pathNotFound()), std::nullopt};
    }
    const QStringList rest = segments.mid(restStart);
    if (groupVersion == SimEventsV1::apiVersion())
        return handleEventsV1(request, user, port, rest);
    Route route;
    if (rest.size() >= 3 && rest.at(0) == QLatin1String("namespaces")) {
        const SimResourceInfo *info = simResource(groupVersion, rest.at(2));
        if (info && info->namespaced) {
            route.info = info;
            route.ns = rest.at(1);
            route.name = rest.value(3);
            route.subresource = rest.value(4);
            route.namespacedPath = true;
            if (rest.size() > 5)
                route.info = nullptr;
        }
    }
    if (!route.info && !route.namespacedPath && !rest.isEmpty()) {
        route.info = simResource(groupVersion, rest.at(0));
        route.name = rest.value(1);
        route.subresource = rest.value(2);
        if (rest.size() > 3)
            route.info = nullptr;
        if (route.info && route.info->namespaced && !route.name.isEmpty())
            route.info = nullptr; // namespaced objects need /namespaces/{ns}/
    }
    if (!route.info)
        return {statusResponse(SimStatus::pathNotFound()), std::nullopt};
    if (route.info->plural == QLatin1String("pods") && route.subresource == QLatin1String("log")
        && !route.name.isEmpty()) {
        if (!mCluster->isAllowed(user, route.ns, false))
            return {statusResponse(
                        SimStatus::forbidden(*route.info, route.name, user.name, QStringLiteral("get"), route.ns)),
                std::nullopt};
        return SimPodLogRequest::handle(mCluster, request, route.ns, route.name);
    }
    if (!route.subresource.isEmpty() && (route.subresource != QLatin1String("status") || !route.info->hasStatus))
        return {statusResponse(SimStatus::pathNotFound()), std::nullopt};
    return handleResource(request, user, route);
}

SimApiResult SimApiHandler::handleEventsV1(
    const SimHttpRequest &request, const SimUser &user, quint16 port, const QStringList &rest)
{
    if (!SimEventsV1::isEventsPath(rest))
        return {statusResponse(SimStatus::pathNotFound()), std::nullopt};
    SimHttpRequest core = request;
    core.path = QStringLiteral("/api/v1/") + rest.join(QLatin1Char('/'));
    if (request.hasQuery("fieldSelector")) {
        QString error;
        const std::optional<QString> selector
            = SimEventsV1::coreFieldSelector(request.queryValue("fieldSelector"), &error);
        if (!selector)
            return {statusResponse(SimStatus::badRequest(error)), std::nullopt};
        core.query.removeAllQueryItems(QStringLiteral("fieldSelector"));
        core.query.addQueryItem(
            QStringLiteral("fieldSelector"), QString::fromLatin1(QUrl::toPercentEncoding(*selector)));
    }
    const bool outer = mEventsV1Request;
    mEventsV1Request = true;
    SimApiResult result = handle(core, user, port);
    mEventsV1Request = outer;
    if (result.response.contentType.startsWith("application/json"))
        result.response.body = SimEventsV1::answerBody(result.response.body);
    if (result.watch)
        result.watch->present = &SimEventsV1::fromCore;
    return result;
}

SimHttpResponse SimApiHandler::handleAdmin(const SimHttpRequest &request, const SimUser &user)
{
    if (!user.groups.contains(QStringLiteral("system:masters"))) {
        return statusResponse(SimStatus::failure(403, QStringLiteral("Forbidden"),
            QStringLiteral("User \"%1\" cannot use the simulator admin endpoint: it needs the group system:masters")
                .arg(user.name)));
    }
    if (request.path == QLatin1String("/_sim/access")) {
        // {"user": "alice", "namespaces": ["a", "b"]} restricts a user; DELETE removes every rule.
        if (request.method == "GET")
            return jsonResponse(200, mCluster->accessRules());
        if (request.method == "DELETE") {
            mCluster->clearAccessRules();
            return jsonResponse(200, mCluster->accessRules());
        }
        if (request.method == "PUT" || request.method == "POST") {
            QString error;
            const std::optional<QJsonObject> body = parseObject(request.body, &error);
            const QString name = body ? body->value(QStringLiteral("user")).toString() : QString();
            if (!body || name.isEmpty() || !body->value(QStringLiteral("namespaces")).isArray()) {
                return statusResponse(SimStatus::badRequest(
                    QStringLiteral("expected {\"user\": NAME, \"namespaces\": [NAMESPACE, ...]}")));
            }
            mCluster->setAllowedNamespaces(name, body->value(QStringLiteral("namespaces")).toVariant().toStringList());
            return jsonResponse(200, mCluster->accessRules());
        }
        return statusResponse(SimStatus::methodNotAllowed());
    }
    if (request.path == QLatin1String("/_sim/scenarios"))
        return SimScenarios::of(mCluster->store())->handleAdmin(request);
    if (request.path.startsWith(QLatin1String("/_sim/volumes/")))
        return SimVolumeAdmin::handle(request, mCluster->store());
    if (request.path != QLatin1String("/_sim/faults"))
        return statusResponse(SimStatus::pathNotFound());
    if (request.method == "GET")
        return jsonResponse(200, mCluster->faults().toJson());
    if (request.method == "PUT" || request.method == "POST" || request.method == "PATCH") {
        QString error;
        const std::optional<QJsonObject> body = parseObject(request.body, &error);
        if (!body)
            return statusResponse(SimStatus::badRequest(error));
        mCluster->setFaults(SimFaults::fromJson(*body, mCluster->faults()));
        return jsonResponse(200, mCluster->faults().toJson());
    }
    return statusResponse(SimStatus::methodNotAllowed());
}

SimApiResult SimApiHandler::handleResource(const SimHttpRequest &request, const SimUser &user, const Route &route)
{
    const SimResourceInfo &info = *route.info;
    const bool hasName = !route.name.isEmpty();
    const bool watch = isWatchRequest(request);
    const QString verb = verbFor(request.method, hasName, watch);

    // Authorisation: namespaced requests need the namespace in the user's allow-list; cluster-wide requests on
    // namespaced types and writes to cluster-scoped types need an unrestricted user.
    const bool write = verb != QLatin1String("get") && verb != QLatin1String("list") && verb != QLatin1String("watch");
    QString authNs = route.ns;
    if (info.plural == QLatin1String("namespaces") && hasName && !write)
        authNs = route.name;
    bool allowed = true;
    if (!authNs.isEmpty())
        allowed = mCluster->isAllowed(user, authNs, write);
    else if (info.namespaced)
        allowed = mCluster->isAllowed(user, QString(), true);
    else
        allowed = mCluster->isAllowed(user, QString(), write);
    if (!allowed)
        return {statusResponse(SimStatus::forbidden(info, route.name, user.name, verb, authNs)), std::nullopt};

    if ((request.method == "POST" || request.method == "PUT")
        && SimProtobuf::isProtobuf(request.header("content-type"))) {
        // kubectl's typed creates (create namespace, create secret) send protobuf: decode what we can, else
        // answer as the apiserver does for a type it cannot decode in that format.
        QString error;
        const std::optional<QJsonObject> decoded = SimProtobuf::decode(request.body, &error);
        if (!decoded) {
            return {statusResponse(SimStatus::failure(415, QStringLiteral("UnsupportedMediaType"),
                        QStringLiteral("the body of the request was in an unknown format - accepted media types "
                                       "include: application/json, application/yaml (%1)")
                            .arg(error))),
                std::nullopt};
        }
        SimHttpRequest json = request;
        json.body = QJsonDocument(*decoded).toJson(QJsonDocument::Compact);
        json.headers.insert("content-type", "application/json");
        return handleResource(json, user, route);
    }
    if (request.method == "GET" || request.method == "HEAD") {
        if (watch) {
            Route watchRoute = route;
            return this->watch(request, watchRoute);
        }
        return {hasName ? get(request, route) : list(request, route), std::nullopt};
    }
    if (request.method == "POST") {
        if (hasName)
            return {statusResponse(SimStatus::methodNotAllowed()), std::nullopt};
        if (info.namespaced && !route.namespacedPath)
            return {statusResponse(SimStatus::methodNotAllowed()), std::nullopt};
        return {create(request, user, route), std::nullopt};
    }
    if (request.method == "PUT") {
        if (!hasName)
            return {statusResponse(SimStatus::methodNotAllowed()), std::nullopt};
        return {replace(request, user, route), std::nullopt};
    }
    if (request.method == "PATCH") {
        if (!hasName)
            return {statusResponse(SimStatus::methodNotAllowed()), std::nullopt};
        return {patch(request, user, route), std::nullopt};
    }
    if (request.method == "DELETE") {
        if (!route.subresource.isEmpty())
            return {statusResponse(SimStatus::methodNotAllowed()), std::nullopt};
        return {hasName ? remove(request, route) : removeCollection(request, route), std::nullopt};
    }
    return {statusResponse(SimStatus::methodNotAllowed()), std::nullopt};
}

SimHttpResponse SimApiHandler::get(const SimHttpRequest &request, const Route &route)
{
    const std::optional<QJsonObject> object = mCluster->store()->get(route.info->plural, route.ns, route.name);
    if (!object)
        return statusResponse(SimStatus::notFound(*route.info, route.name));
    if (SimTable::wanted(request.header("accept"), *route.info)) {
        return jsonResponse(200,
            SimTable::table(*route.info, {*object},
                metadataOf(*object).value(QStringLiteral("resourceVersion")).toString(),
                request.queryValue("includeObject"), mCluster->store()->now()));
    }
    return jsonResponse(200, *object);
}

SimHttpResponse SimApiHandler::list(const SimHttpRequest &request, const Route &route)
{
    const SimResourceInfo &info = *route.info;
    QString error;
    const std::optional<SimLabelSelector> labels = SimLabelSelector::parse(request.queryValue("labelSelector"), &error);
    if (!labels)
        return statusResponse(SimStatus::badRequest(QStringLiteral("unable to parse requirement: %1").arg(error)));
    const std::optional<SimLabelSelector> fields
        = parseFieldSelector(request.queryValue("fieldSelector"), *route.info, &error);
    if (!fields)
        return statusResponse(SimStatus::badRequest(error));
    bool limitOk = true;
    const QString limitText = request.queryValue("limit");
    const qint64 limit = limitText.isEmpty() ? 0 : limitText.toLongLong(&limitOk);
    if (!limitOk || limit < 0)
        return statusResponse(SimStatus::badRequest(QStringLiteral("invalid limit \"%1\"").arg(limitText)));
    const QString continueText = request.queryValue("continue");
    std::optional<ContinueToken> token;
    SimStore *store = mCluster->store();
    if (!continueText.isEmpty()) {
        token = decodeContinue(continueText);
        if (!token)
            return statusResponse(SimStatus::badRequest(QStringLiteral("continue key is not valid: incorrect "
                                                                       "encoded start resourceVersion (version "
                                                                       "meta.k8s.io/v1)")));
        if (token->resourceVersion < store->oldestResumableVersion()) {
            return statusResponse(SimStatus::failure(410, QStringLiteral("Expired"),
                QStringLiteral("The provided continue parameter is too old to display a consistent list result. You "
                               "can start a new list without the continue parameter, or use the continue token in "
                               "this response to retrieve the remainder of the results. Continuing with the "
                               "provided token results in an inconsistent list - objects that were created, "
                               "modified, or deleted between the time the first chunk was returned and now may "
                               "show up in the list.")));
        }
    }
    // Every page of one paged list comes from the snapshot taken for its first page (same resourceVersion),
    // as kube-apiserver serves them from etcd at the first page's revision.
    QList<QJsonObject> matching;
    qint64 listVersion = store->resourceVersion();
    const auto snapshot = token ? mListSnapshots.constFind(token->snapshot) : mListSnapshots.cend();
    if (snapshot != mListSnapshots.cend()) {
        matching = snapshot->items;
        listVersion = snapshot->resourceVersion;
    } else {
        for (const QJsonObject &object : store->list(info.plural, route.ns)) {
            const QJsonObject meta = metadataOf(object);
            if (labels->matches(meta.value(QStringLiteral("labels")).toObject())
                && fields->matches(objectFields(object)))
                matching.append(object);
        }
        if (token)
            listVersion = token->resourceVersion;
    }
    QJsonArray items;
    qint64 remaining = 0;
    QString lastKey;
    for (const QJsonObject &object : std::as_const(matching)) {
        const QJsonObject meta = metadataOf(object);
        const QString key = meta.value(QStringLiteral("namespace")).toString() + QLatin1Char('/')
            + meta.value(QStringLiteral("name")).toString();
        if (token && key <= token->start)
            continue;
        if (limit > 0 && items.size() >= limit) {
            ++remaining;
            continue;
        }
        items.append(object);
        lastKey = key;
    }
    QJsonObject listMeta;
    listMeta.insert(QStringLiteral("resourceVersion"), QString::number(listVersion));
    if (remaining > 0) {
        QString snapshotId = token ? token->snapshot : QString();
        if (!mListSnapshots.contains(snapshotId)) {
            snapshotId = QString::number(++mSnapshotCounter);
            mListSnapshots.insert(snapshotId, ListSnapshot {listVersion, matching});
            mSnapshotOrder.append(snapshotId);
            while (mSnapshotOrder.size() > 32)
                mListSnapshots.remove(mSnapshotOrder.takeFirst());
        }
        listMeta.insert(QStringLiteral("continue"), encodeContinue({listVersion, lastKey, snapshotId}));
        // With a selector the apiserver cannot know how many items remain, and leaves the count out.
        if (request.queryValue("labelSelector").isEmpty() && request.queryValue("fieldSelector").isEmpty())
            listMeta.insert(QStringLiteral("remainingItemCount"), remaining);
    } else {
        if (token) {
            mListSnapshots.remove(token->snapshot);
            mSnapshotOrder.removeAll(token->snapshot);
        }
        listMeta.insert(QStringLiteral("continue"), QString());
    }
    if (SimTable::wanted(request.header("accept"), info)) {
        QList<QJsonObject> objects;
        for (const QJsonValue &item : std::as_const(items))
            objects.append(item.toObject());
        return jsonResponse(200,
            SimTable::table(info, objects, listMeta.value(QStringLiteral("resourceVersion")).toString(),
                request.queryValue("includeObject"), store->now(),
                listMeta.value(QStringLiteral("continue")).toString()));
    }
    return jsonResponse(200, listBody(info, listMeta, items));
}

SimApiResult SimApiHandler::watch(const SimHttpRequest &request, const Route &route)
{
    SimWatchSpec spec;
    spec.info = route.info;
    spec.ns = route.ns;
    QString error;
    const std::optional<SimLabelSelector> labels = SimLabelSelector::parse(request.queryValue("labelSelector"), &error);
    if (!labels)
        return {statusResponse(SimStatus::badRequest(QStringLiteral("unable to parse requirement: %1").arg(error))),
            std::nullopt};
    QString fieldText = request.queryValue("fieldSelector");
    if (!route.name.isEmpty()) {
        fieldText = fieldText.isEmpty() ? QString(QStringLiteral("metadata.name=") + route.name)
                                        : QString(fieldText + QStringLiteral(",metadata.name=") + route.name);
    }
    const std::optional<SimLabelSelector> fields = parseFieldSelector(fieldText, *route.info, &error);
    if (!fields)
        return {statusResponse(SimStatus::badRequest(error)), std::nullopt};
    spec.labels = *labels;
    spec.fields = *fields;
    const QString version = request.queryValue("resourceVersion");
    if (version.isEmpty() || version == QLatin1String("0")) {
        spec.sendInitialEvents = true;
    } else {
        bool ok = false;
        spec.resourceVersion = version.toLongLong(&ok);
        if (!ok || spec.resourceVersion < 0)
            return {statusResponse(SimStatus::badRequest(
                        QStringLiteral("invalid resource version \"%1\": it must be a number").arg(version))),
                std::nullopt};
    }
    spec.table = SimTable::wanted(request.header("accept"), *route.info);
    spec.includeObject = request.queryValue("includeObject");
    if (request.queryValue("sendInitialEvents") == QLatin1String("true"))
        spec.sendInitialEvents = true;
    const QString bookmarks = request.queryValue("allowWatchBookmarks");
    spec.bookmarks = bookmarks == QLatin1String("true") || bookmarks == QLatin1String("1");
    const QString timeout = request.queryValue("timeoutSeconds");
    if (!timeout.isEmpty()) {
        bool ok = false;
        const int seconds = timeout.toInt(&ok);
        if (!ok || seconds < 0)
            return {statusResponse(SimStatus::badRequest(QStringLiteral("invalid timeoutSeconds \"%1\"").arg(timeout))),
                std::nullopt};
        if (seconds > 0)
            spec.timeoutSeconds = seconds;
    }
    return {SimHttpResponse(), spec};
}

QString SimApiHandler::userAgentManager(const SimHttpRequest &request) const
{
    const QByteArray agent = request.header("user-agent");
    if (agent.isEmpty())
        return QStringLiteral("unknown");
    return QString::fromLatin1(agent.split('/').value(0));
}

void SimApiHandler::trackManager(
    const SimResourceInfo &info, const QJsonObject *before, QJsonObject &object, const SimHttpRequest &request) const
{
    QString manager = request.queryValue("fieldManager");
    if (manager.isEmpty())
        manager = userAgentManager(request);
    SimFieldOwnership::recordUpdate(info, before, object, manager, SimStore::formatTimestamp(mCluster->store()->now()));
}

std::optional<SimHttpResponse> SimApiHandler::checkObject(const SimHttpRequest &request, const Route &route,
    QJsonObject &object, SimHttpResponse &warnings, const QJsonObject *current)
{
    const SimResourceInfo &info = *route.info;
    const QString apiVersion = object.value(QStringLiteral("apiVersion")).toString();
    const QString kind = object.value(QStringLiteral("kind")).toString();
    const QString expectedVersion = mEventsV1Request ? SimEventsV1::apiVersion() : info.apiVersion();
    if (!info.isCustom() && apiVersion == expectedVersion && !kind.isEmpty() && kind != info.kind) {
        return statusResponse(SimStatus::badRequest(
            QStringLiteral("%1 in version \"%2\" cannot be handled as a %3: converting (%2.%1) to (core.%3): unknown "
                           "conversion")
                .arg(kind, info.version, info.kind)));
    }
    if ((!apiVersion.isEmpty() && apiVersion != expectedVersion) || (!kind.isEmpty() && kind != info.kind)) {
        return statusResponse(SimStatus::badRequest(
            QStringLiteral("the API version in the data (%1) does not match the expected API version (%2)")
                .arg(apiVersion, expectedVersion)));
    }
    QStringList unknownV1;
    if (mEventsV1Request) {
        // Decoded as events.k8s.io/v1, kept as core/v1: its own unknown fields go, then the fields are renamed.
        unknownV1 = SimEventsV1::unknownTopLevelFields(object);
        for (const QString &field : std::as_const(unknownV1))
            object.remove(field);
        object = SimEventsV1::toCore(object);
    }
    object.insert(QStringLiteral("apiVersion"), info.apiVersion());
    object.insert(QStringLiteral("kind"), info.kind);
    if (info.namespaced && metadataOf(object).value(QStringLiteral("namespace")).toString().isEmpty()) {
        // Validation sees the namespace of the request (Events check theirs against their object's).
        QJsonObject meta = metadataOf(object);
        meta.insert(QStringLiteral("namespace"), route.ns);
        object.insert(kMetadata, meta);
    }
    if (const std::optional<QString> decodeError = SimDefaults::decode(info, object))
        return statusResponse(SimStatus::badRequest(*decodeError));
    const QString validation = request.queryValue("fieldValidation");
    QStringList unknown = unknownV1 + SimValidator::unknownFields(info, object);
    if (info.isCustom())
        unknown = SimFieldOrder::customResourceOrder(unknown);
    else if (request.method == "POST" || request.method == "PUT")
        unknown = SimFieldOrder::documentOrder(unknown, request.body);
    if (!unknown.isEmpty()) {
        QStringList quoted;
        for (const QString &field : unknown)
            quoted.append(QStringLiteral("unknown field \"%1\"").arg(field));
        if (validation == QLatin1String("Strict")) {
            return statusResponse(SimStatus::badRequest(
                QStringLiteral("%1 in version \"%2\" cannot be handled as a %1: strict decoding error: %3")
                    .arg(info.kind, info.version, quoted.join(QStringLiteral(", ")))));
        }
        if (validation != QLatin1String("Ignore")) {
            QByteArray header;
            for (const QString &text : std::as_const(quoted)) {
                if (!header.isEmpty())
                    header += ", ";
                QString escaped = text;
                escaped.replace(QLatin1Char('"'), QStringLiteral("\\\""));
                header += "299 - \"" + escaped.toUtf8() + '"';
            }
            warnings.headers.insert("Warning", header);
        }
        object = SimValidator::prune(info, object);
    }
    if (current) {
        // The storage refuses a stale resourceVersion before the update is validated (GuaranteedUpdate runs the
        // strategy's checks only on an update it can make).
        const QString wanted = metadataOf(object).value(QStringLiteral("resourceVersion")).toString();
        if (!wanted.isEmpty() && wanted != metadataOf(*current).value(QStringLiteral("resourceVersion")).toString())
            return statusResponse(
                SimStatus::conflict(info, metadataOf(object).value(QStringLiteral("name")).toString()));
    }
    SimDefaults::apply(info, object, current, [this](const QString &ip) {
        const QList<QJsonObject> services = mCluster->store()->list(QStringLiteral("services"));
        return std::any_of(services.cbegin(), services.cend(), [&ip](const QJsonObject &service) {
            return service.value(QStringLiteral("spec")).toObject().value(QStringLiteral("clusterIP")).toString() == ip;
        });
    });
    const QJsonArray causes
        = mEventsV1Request ? SimEventsV1::validate(object, current) : SimValidator::validate(info, object, current);
    if (!causes.isEmpty()) {
        return statusResponse(
            SimStatus::invalid(info, metadataOf(object).value(QStringLiteral("name")).toString(), causes));
    }
    return std::nullopt;
}

SimHttpResponse SimApiHandler::create(const SimHttpRequest &request, const SimUser &user, const Route &route)
{
    Q_UNUSED(user)
    QString error;
    std::optional<QJsonObject> body = parseObject(request.body, &error);
    if (!body)
        return statusResponse(SimStatus::badRequest(error));
    QJsonObject object = *body;
    const QString bodyNs = metadataOf(object).value(QStringLiteral("namespace")).toString();
    if (route.info->namespaced && !bodyNs.isEmpty() && bodyNs != route.ns) {
        return statusResponse(SimStatus::badRequest(
            QStringLiteral("the namespace of the provided object does not match the namespace sent on the request")));
    }
    SimHttpResponse answer;
    if (std::optional<SimHttpResponse> failure = checkObject(request, route, object, answer))
        return *failure;
    QJsonObject meta = metadataOf(object);
    meta.remove(QStringLiteral("managedFields"));
    meta.remove(QStringLiteral("resourceVersion"));
    object.insert(kMetadata, meta);
    trackManager(*route.info, nullptr, object, request);
    // dryRun=All runs the store's checks too (missing or terminating namespace, name taken), as the apiserver does.
    const bool dryRun = request.queryValue("dryRun") == QLatin1String("All");
    const SimStoreResult result = mCluster->store()->create(route.info->plural, route.ns, object, dryRun);
    const SimHttpResponse stored = jsonResponse(result.code, result.object);
    answer.code = stored.code;
    answer.body = stored.body;
    return answer;
}

SimHttpResponse SimApiHandler::replace(const SimHttpRequest &request, const SimUser &user, const Route &route)
{
    Q_UNUSED(user)
    QString error;
    std::optional<QJsonObject> body = parseObject(request.body, &error);
    if (!body)
        return statusResponse(SimStatus::badRequest(error));
    QJsonObject object = *body;
    QJsonObject meta = metadataOf(object);
    const QString bodyName = meta.value(QStringLiteral("name")).toString();
    if (!bodyName.isEmpty() && bodyName != route.name) {
        return statusResponse(
            SimStatus::badRequest(QStringLiteral("the name of the object (%1) does not match the name on the URL (%2)")
                                      .arg(bodyName, route.name)));
    }
    const QString bodyNs = meta.value(QStringLiteral("namespace")).toString();
    if (route.info->namespaced && !bodyNs.isEmpty() && bodyNs != route.ns) {
        return statusResponse(SimStatus::badRequest(
            QStringLiteral("the namespace of the provided object does not match the namespace sent on the request")));
    }
    meta.insert(QStringLiteral("name"), route.name);
    object.insert(kMetadata, meta);
    SimStore *store = mCluster->store();
    const std::optional<QJsonObject> current = store->get(route.info->plural, route.ns, route.name);
    if (!current)
        return statusResponse(SimStatus::notFound(*route.info, route.name));
    if (route.info->isCustom() && meta.value(QStringLiteral("resourceVersion")).toString().isEmpty()) {
        QJsonObject cause;
        cause.insert(QStringLiteral("reason"), QStringLiteral("FieldValueInvalid"));
        cause.insert(QStringLiteral("message"), QStringLiteral("Invalid value: 0x0: must be specified for an update"));
        cause.insert(QStringLiteral("field"), QStringLiteral("metadata.resourceVersion"));
        // This check names the resource ("replicationsources.volsync.backube"), not the kind.
        QJsonObject details = SimStatus::details(*route.info, route.name);
        details.insert(QStringLiteral("causes"), QJsonArray {cause});
        return statusResponse(SimStatus::failure(422, QStringLiteral("Invalid"),
            QStringLiteral("%1 \"%2\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for "
                           "an update")
                .arg(route.info->qualifiedName(), route.name),
            details));
    }
    SimHttpResponse answer;
    if (route.subresource == QLatin1String("status")) {
        const QJsonArray causes = SimValidator::validateStatus(*route.info, object);
        if (!causes.isEmpty())
            return statusResponse(SimStatus::invalid(*route.info, route.name, causes));
        const SimStoreResult result = store->updateStatus(route.info->plural, route.ns, object);
        return jsonResponse(result.ok() ? 200 : result.code, result.object);
    }
    if (std::optional<SimHttpResponse> failure = checkObject(request, route, object, answer, &*current))
        return *failure;
    trackManager(*route.info, &*current, object, request);
    if (request.queryValue("dryRun") == QLatin1String("All"))
        return dryRun(*route.info, *current, object);
    const SimStoreResult result = store->update(route.info->plural, route.ns, object);
    const SimHttpResponse stored = jsonResponse(result.ok() ? 200 : result.code, result.object);
    answer.code = stored.code;
    answer.body = stored.body;
    return answer;
}

// What an update would store, without storing it (dryRun=All): 409 on a stale resourceVersion, identity kept.
SimHttpResponse SimApiHandler::dryRun(const SimResourceInfo &info, const QJsonObject &current, QJsonObject object)
{
    const QJsonObject currentMeta = metadataOf(current);
    QJsonObject meta = metadataOf(object);
    const QString wanted = meta.value(QStringLiteral("resourceVersion")).toString();
    if (!wanted.isEmpty() && wanted != currentMeta.value(QStringLiteral("resourceVersion")).toString())
        return statusResponse(SimStatus::conflict(info, meta.value(QStringLiteral("name")).toString()));
    for (const char *kept : {"uid", "creationTimestamp", "resourceVersion", "namespace", "generation"}) {
        const QString field = QLatin1String(kept);
        if (currentMeta.contains(field))
            meta.insert(field, currentMeta.value(field));
    }
    QJsonObject before = current;
    QJsonObject after = object;
    for (QJsonObject *content : {&before, &after}) {
        content->remove(kMetadata);
        content->remove(QStringLiteral("status"));
    }
    if (before != after && currentMeta.contains(QStringLiteral("generation")))
        meta.insert(QStringLiteral("generation"), currentMeta.value(QStringLiteral("generation")).toInteger() + 1);
    object.insert(kMetadata, meta);
    if (info.hasStatus) {
        if (current.contains(QStringLiteral("status")))
            object.insert(QStringLiteral("status"), current.value(QStringLiteral("status")));
        else
            object.remove(QStringLiteral("status"));
    }
    return jsonResponse(200, object);
}

SimHttpResponse SimApiHandler::patch(const SimHttpRequest &request, const SimUser &user, const Route &route)
{
    Q_UNUSED(user)
    const SimResourceInfo &info = *route.info;
    const QByteArray contentType = request.header("content-type").split(';').value(0).trimmed().toLower();
    const bool isCustom = info.isCustom();
    const bool isApply = contentType == "application/apply-patch+yaml";
    SimStore *store = mCluster->store();
    if (!isApply && request.hasQuery("force"))
        return statusResponse(SimFieldOwnership::forceRefused());
    std::optional<QJsonObject> current = store->get(info.plural, route.ns, route.name);
    // The patch applies to the object as the request's version shows it.
    const QJsonObject shown
        = current && mEventsV1Request ? SimEventsV1::fromCore(*current) : current.value_or(QJsonObject());
    QJsonObject patched;
    QString error;
    if (contentType == "application/json-patch+json") {
        if (!current)
            return statusResponse(SimStatus::notFound(info, route.name));
        const QJsonDocument document = QJsonDocument::fromJson(request.body);
        if (!document.isArray())
            return statusResponse(
                SimStatus::badRequest(QStringLiteral("the JSON patch is not a JSON array of operations")));
        const std::optional<QJsonObject> result = SimJsonPatch::jsonPatch(shown, document.array(), &error);
        if (!result) {
            // The apiserver's generic 422 (NewGenericServerResponse): the patch library's text is not the message.
            return statusResponse(SimStatus::failure(422, QStringLiteral("Invalid"),
                QStringLiteral("the server rejected our request due to an error in our request")));
        }
        patched = *result;
    } else if (contentType == "application/merge-patch+json"
        || (contentType == "application/strategic-merge-patch+json" && !isCustom) || isApply) {
        std::optional<QJsonObject> body = parseObject(request.body, &error);
        if (!body)
            return statusResponse(SimStatus::badRequest(error));
        if (!current && !isApply)
            return statusResponse(SimStatus::notFound(info, route.name));
        if (isApply) {
            if (request.queryValue("fieldManager").isEmpty()) {
                QJsonObject details;
                details.insert(QStringLiteral("name"), QString());
                details.insert(QStringLiteral("group"), QStringLiteral("meta.k8s.io"));
                details.insert(QStringLiteral("kind"), QStringLiteral("PatchOptions"));
                details.insert(QStringLiteral("causes"),
                    QJsonArray {QJsonObject {{QStringLiteral("reason"), QStringLiteral("FieldValueRequired")},
                        {QStringLiteral("message"), QStringLiteral("Required value: is required for apply patch")},
                        {QStringLiteral("field"), QStringLiteral("fieldManager")}}});
                return statusResponse(SimStatus::failure(422, QStringLiteral("Invalid"),
                    QStringLiteral("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is "
                                   "required for apply patch"),
                    details));
            }
            const QString expectedVersion = mEventsV1Request ? SimEventsV1::apiVersion() : info.apiVersion();
            const QJsonObject refusal = SimFieldOwnership::refusedConfig(*body, route.name, expectedVersion);
            if (!refusal.isEmpty())
                return statusResponse(refusal);
            const SimFieldOwnership::Applied applied
                = SimFieldOwnership::apply(info, shown, *body, request.queryValue("fieldManager"),
                    request.queryValue("force") == QLatin1String("true"), SimStore::formatTimestamp(store->now()));
            if (!applied.conflict.isEmpty())
                return statusResponse(applied.conflict);
            if (!current) {
                QJsonObject object = applied.object;
                QJsonObject meta = metadataOf(object);
                meta.insert(QStringLiteral("name"), route.name);
                object.insert(kMetadata, meta);
                SimHttpResponse answer;
                if (std::optional<SimHttpResponse> failure = checkObject(request, route, object, answer))
                    return *failure;
                const SimStoreResult result = store->create(
                    info.plural, route.ns, object, request.queryValue("dryRun") == QLatin1String("All"));
                const SimHttpResponse stored = jsonResponse(result.code, result.object);
                answer.code = stored.code;
                answer.body = stored.body;
                return answer;
            }
            patched = applied.object;
        } else if (contentType == "application/merge-patch+json") {
            patched = SimJsonPatch::mergePatch(shown, *body);
        } else {
            patched = SimJsonPatch::strategicMergePatch(shown, *body);
        }
    } else {
        if (!current && !contentType.startsWith("application/"))
            return statusResponse(SimStatus::notFound(info, route.name));
        return statusResponse(unsupportedMediaType(contentType, info));
    }
    QJsonObject meta = metadataOf(patched);
    meta.insert(QStringLiteral("name"), route.name);
    patched.insert(kMetadata, meta);
    if (route.subresource == QLatin1String("status")) {
        const QJsonArray causes = SimValidator::validateStatus(info, patched);
        if (!causes.isEmpty())
            return statusResponse(SimStatus::invalid(info, route.name, causes));
        const SimStoreResult result = store->updateStatus(info.plural, route.ns, patched);
        return jsonResponse(result.ok() ? 200 : result.code, result.object);
    }
    SimHttpResponse answer;
    if (std::optional<SimHttpResponse> failure = checkObject(request, route, patched, answer, &*current))
        return *failure;
    if (!isApply)
        trackManager(info, &*current, patched, request);
    if (request.queryValue("dryRun") == QLatin1String("All")) // kubectl diff, apply --dry-run=server
        return dryRun(info, *current, patched);
    const SimStoreResult result = store->update(info.plural, route.ns, patched);
    const SimHttpResponse stored = jsonResponse(result.ok() ? 200 : result.code, result.object);
    answer.code = stored.code;
    answer.body = stored.body;
    return answer;
}

SimHttpResponse SimApiHandler::remove(const SimHttpRequest &request, const Route &route)
{
    // DeleteOptions are checked before the object is looked up.
    QString policyError;
    const std::optional<SimDeletePropagation::Policy> policy
        = SimDeletePropagation::policy(request, *route.info, &policyError);
    if (!policy)
        return statusResponse(SimDeletePropagation::invalidPolicy(policyError));
    SimStore *store = mCluster->store();
    const std::optional<QJsonObject> current = store->get(route.info->plural, route.ns, route.name);
    if (!current)
        return statusResponse(SimStatus::notFound(*route.info, route.name));
    if (!request.body.isEmpty()) {
        const QJsonObject options = QJsonDocument::fromJson(request.body).object();
        const QJsonObject preconditions = options.value(QStringLiteral("preconditions")).toObject();
        const QJsonObject meta = metadataOf(*current);
        const QString uid = preconditions.value(QStringLiteral("uid")).toString();
        const QString version = preconditions.value(QStringLiteral("resourceVersion")).toString();
        // The storage layer's conflict: named by kind (and group), not by resource.
        const QString kindName
            = route.info->group.isEmpty() ? route.info->kind : route.info->kind + QLatin1Char('.') + route.info->group;
        QJsonObject details;
        details.insert(QStringLiteral("name"), route.name);
        if (!route.info->group.isEmpty())
            details.insert(QStringLiteral("group"), route.info->group);
        details.insert(QStringLiteral("kind"), route.info->kind);
        if (!uid.isEmpty() && uid != meta.value(QStringLiteral("uid")).toString()) {
            return statusResponse(SimStatus::failure(409, QStringLiteral("Conflict"),
                QStringLiteral("Operation cannot be fulfilled on %1 \"%2\": the UID in the precondition (%3) does not "
                               "match the UID in record (%4). The object might have been deleted and then recreated")
                    .arg(kindName, route.name, uid, meta.value(QStringLiteral("uid")).toString()),
                details));
        }
        if (!version.isEmpty() && version != meta.value(QStringLiteral("resourceVersion")).toString()) {
            return statusResponse(SimStatus::failure(409, QStringLiteral("Conflict"),
                QStringLiteral("Operation cannot be fulfilled on %1 \"%2\": the ResourceVersion in the precondition "
                               "(%3) does not match the ResourceVersion in record (%4). The object might have been "
                               "modified")
                    .arg(kindName, route.name, version, meta.value(QStringLiteral("resourceVersion")).toString()),
                details));
        }
    }
    if (*policy != SimDeletePropagation::Policy::Background && route.info->kind != QLatin1String("Namespace")) {
        // Held by the orphan or foregroundDeletion finalizer until the garbage collector is done with its
        // dependents (here at once): the answer shows it held.
        SimHttpResponse held
            = jsonResponse(200, SimDeletePropagation::held(*current, *policy, SimStore::formatTimestamp(store->now())));
        if (const QByteArray warning = SimDeletePropagation::defaultOrphanWarning(request, *route.info);
            !warning.isEmpty())
            held.headers.insert("Warning", warning);
        if (request.queryValue("dryRun") == QLatin1String("All"))
            return held;
        if (*policy == SimDeletePropagation::Policy::Orphan)
            SimDeletePropagation::orphanDependents(store, *current);
        const SimStoreResult result = store->remove(route.info->plural, route.ns, route.name);
        return result.ok() ? held : jsonResponse(result.code, result.object);
    }
    // kube-apiserver's generic registry answers a delete with a Success Status naming the object, except for the
    // types whose registry returns the deleted object (ReturnDeletedObject: PVCs, Pods; Namespaces go Terminating).
    const bool answersStatus = !route.info->group.isEmpty()
        || (route.info->kind != QLatin1String("PersistentVolumeClaim") && route.info->kind != QLatin1String("Pod")
            && route.info->kind != QLatin1String("Namespace"));
    auto answer = [&](const SimStoreResult &result) {
        const bool isPod = route.info->group.isEmpty() && route.info->kind == QLatin1String("Pod");
        if (result.ok() && !answersStatus
            && (isPod || !metadataOf(result.object).value(QStringLiteral("finalizers")).toArray().isEmpty())) {
            // A finalizer holds the object back: the answer shows it being deleted (the simulator's controllers
            // then let it go at once, as kube-controller-manager does for an unused claim). A Pod is deleted
            // gracefully: at once when it never ran on a node, else after its grace period (the simulator has no
            // kubelet to wait for).
            QJsonObject object = result.object;
            QJsonObject meta = metadataOf(object);
            const QJsonObject spec = object.value(QStringLiteral("spec")).toObject();
            const qint64 grace = isPod && !spec.value(QStringLiteral("nodeName")).toString().isEmpty()
                ? spec.value(QStringLiteral("terminationGracePeriodSeconds")).toInteger(30)
                : 0;
            if (!meta.contains(QStringLiteral("deletionTimestamp")))
                meta.insert(QStringLiteral("deletionTimestamp"),
                    SimStore::formatTimestamp(mCluster->store()->now().addSecs(grace)));
            meta.insert(QStringLiteral("deletionGracePeriodSeconds"), grace);
            object.insert(kMetadata, meta);
            return jsonResponse(200, object);
        }
        if (!result.ok() || !answersStatus)
            return jsonResponse(result.code, result.object);
        const QJsonObject meta = metadataOf(result.object);
        QJsonObject details = SimStatus::details(*route.info, meta.value(QStringLiteral("name")).toString());
        details.insert(QStringLiteral("uid"), meta.value(QStringLiteral("uid")));
        return jsonResponse(200, SimStatus::success(details));
    };
    if (request.queryValue("dryRun") == QLatin1String("All"))
        return answer(SimStoreResult {200, *current});
    return answer(store->remove(route.info->plural, route.ns, route.name));
}

SimHttpResponse SimApiHandler::removeCollection(const SimHttpRequest &request, const Route &route)
{
    const SimResourceInfo &info = *route.info;
    // Namespaces go one by one (their storage has no DeleteCollection, in every version).
    if (info.plural == QLatin1String("namespaces"))
        return statusResponse(SimStatus::methodNotAllowed());
    QString error;
    const std::optional<SimLabelSelector> labels = SimLabelSelector::parse(request.queryValue("labelSelector"), &error);
    if (!labels)
        return statusResponse(SimStatus::badRequest(QStringLiteral("unable to parse requirement: %1").arg(error)));
    const std::optional<SimLabelSelector> fields
        = parseFieldSelector(request.queryValue("fieldSelector"), *route.info, &error);
    if (!fields)
        return statusResponse(SimStatus::badRequest(error));
    SimStore *store = mCluster->store();
    QJsonArray items;
    const QList<QJsonObject> all = store->list(info.plural, route.ns);
    for (const QJsonObject &object : all) {
        const QJsonObject meta = metadataOf(object);
        if (!labels->matches(meta.value(QStringLiteral("labels")).toObject()) || !fields->matches(objectFields(object)))
            continue;
        if (request.queryValue("dryRun") == QLatin1String("All")) {
            items.append(object);
            continue;
        }
        const SimStoreResult result = store->remove(info.plural, meta.value(QStringLiteral("namespace")).toString(),
            meta.value(QStringLiteral("name")).toString());
        if (result.ok())
            items.append(result.object);
    }
    QJsonObject listMeta;
    listMeta.insert(QStringLiteral("resourceVersion"), QString::number(store->resourceVersion()));
    listMeta.insert(QStringLiteral("continue"), QString());
    return jsonResponse(200, listBody(info, listMeta, items));
}
