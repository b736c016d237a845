// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simdiscovery.h"

#include "sim/simeventsv1.h"
#include "sim/simresourceinfo.h"

#include <QCryptographicHash>
#include <QJsonArray>

namespace {

// Every resource type the API serves: the stored ones, and events.k8s.io/v1 after core/v1 Events (the same
// objects in another shape).
const QList<SimResourceInfo> &served()
{
    static const QList<SimResourceInfo> resources = [] {
        QList<SimResourceInfo> all;
        for (const SimResourceInfo &info : simResources()) {
            all.append(info);
            if (info.group.isEmpty() && info.plural == QLatin1String("events"))
                all.append(SimEventsV1::resource());
        }
        return all;
    }();
    return resources;
}

QJsonObject groupVersionEntry(const QString &group, const QString &version)
{
    QJsonObject entry;
    entry.insert(QStringLiteral("groupVersion"), QString(group + QLatin1Char('/') + version));
    entry.insert(QStringLiteral("version"), version);
    return entry;
}

QStringList groups()
{
    QStringList result;
    for (const SimResourceInfo &info : served()) {
        if (!info.group.isEmpty() && !result.contains(info.group))
            result.append(info.group);
    }
    return result;
}

QString versionOf(const QString &group)
{
    for (const SimResourceInfo &info : served()) {
        if (info.group == group)
            return info.version;
    }
    return {};
}

QString hashOf(const QString &text)
{
    return QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).left(8).toBase64());
}

QJsonArray verbsFor(const SimResourceInfo &info)
{
    QJsonArray verbs {QStringLiteral("create"), QStringLiteral("delete"), QStringLiteral("deletecollection"),
        QStringLiteral("get"), QStringLiteral("list"), QStringLiteral("patch"), QStringLiteral("update"),
        QStringLiteral("watch")};
    if (info.plural == QLatin1String("namespaces"))
        verbs.removeAt(2); // no deletecollection
    return verbs;
}

} // namespace

QJsonObject SimDiscovery::version()
{
    QJsonObject version;
    version.insert(QStringLiteral("major"), QStringLiteral("1"));
    version.insert(QStringLiteral("minor"), QStringLiteral("32"));
    version.insert(QStringLiteral("gitVersion"), QStringLiteral("v1.32.0-volsync-sim"));
    version.insert(QStringLiteral("gitCommit"), QStringLiteral("0000000000000000000000000000000000000000"));
    version.insert(QStringLiteral("gitTreeState"), QStringLiteral("clean"));
    version.insert(QStringLiteral("buildDate"), QStringLiteral("1970-01-01T00:00:00Z"));
    version.insert(QStringLiteral("goVersion"), QStringLiteral("go1.23.6"));
    version.insert(QStringLiteral("compiler"), QStringLiteral("gc"));
    version.insert(QStringLiteral("platform"), QStringLiteral("linux/amd64"));
    return version;
}

QJsonObject SimDiscovery::apiVersions(quint16 port)
{
    QJsonObject cidr;
    cidr.insert(QStringLiteral("clientCIDR"), QStringLiteral("0.0.0.0/0"));
    cidr.insert(QStringLiteral("serverAddress"), QStringLiteral("127.0.0.1:%1").arg(port));
    QJsonObject versions;
    versions.insert(QStringLiteral("kind"), QStringLiteral("APIVersions"));
    versions.insert(QStringLiteral("versions"), QJsonArray {QStringLiteral("v1")});
    versions.insert(QStringLiteral("serverAddressByClientCIDRs"), QJsonArray {cidr});
    return versions;
}

QJsonObject SimDiscovery::apiGroupList()
{
    QJsonArray list;
    for (const QString &group : groups()) {
        const std::optional<QJsonObject> g = apiGroup(group);
        QJsonObject entry = *g;
        entry.remove(QStringLiteral("kind"));
        entry.remove(QStringLiteral("apiVersion"));
        list.append(entry);
    }
    QJsonObject result;
    result.insert(QStringLiteral("kind"), QStringLiteral("APIGroupList"));
    result.insert(QStringLiteral("apiVersion"), QStringLiteral("v1"));
    result.insert(QStringLiteral("groups"), list);
    return result;
}

std::optional<QJsonObject> SimDiscovery::apiGroup(const QString &group)
{
    const QString version = versionOf(group);
    if (group.isEmpty() || version.isEmpty())
        return std::nullopt;
    QJsonObject result;
    result.insert(QStringLiteral("kind"), QStringLiteral("APIGroup"));
    result.insert(QStringLiteral("apiVersion"), QStringLiteral("v1"));
    result.insert(QStringLiteral("name"), group);
    result.insert(QStringLiteral("versions"), QJsonArray {groupVersionEntry(group, version)});
    result.insert(QStringLiteral("preferredVersion"), groupVersionEntry(group, version));
    return result;
}

QStringList SimDiscovery::groupVersions()
{
    QStringList result;
    for (const SimResourceInfo &info : served()) {
        if (!result.contains(info.groupVersion()))
            result.append(info.groupVersion());
    }
    return result;
}

std::optional<QJsonObject> SimDiscovery::apiResourceList(const QString &groupVersion)
{
    QJsonArray resources;
    for (const SimResourceInfo &info : served()) {
        if (info.groupVersion() != groupVersion)
            continue;
        QJsonObject resource;
        resource.insert(QStringLiteral("name"), info.plural);
        resource.insert(QStringLiteral("singularName"), info.singular);
        resource.insert(QStringLiteral("namespaced"), info.namespaced);
        resource.insert(QStringLiteral("kind"), info.kind);
        resource.insert(QStringLiteral("verbs"), verbsFor(info));
        if (!info.shortNames.isEmpty())
            resource.insert(QStringLiteral("shortNames"), QJsonArray::fromStringList(info.shortNames));
        if (!info.categories.isEmpty())
            resource.insert(QStringLiteral("categories"), QJsonArray::fromStringList(info.categories));
        resource.insert(QStringLiteral("storageVersionHash"), hashOf(info.qualifiedName()));
        resources.append(resource);
        if (info.hasStatus) {
            QJsonObject status;
            status.insert(QStringLiteral("name"), QString(info.plural + QStringLiteral("/status")));
            status.insert(QStringLiteral("singularName"), QString());
            status.insert(QStringLiteral("namespaced"), info.namespaced);
            status.insert(QStringLiteral("kind"), info.kind);
            status.insert(QStringLiteral("verbs"),
                QJsonArray {QStringLiteral("get"), QStringLiteral("patch"), QStringLiteral("update")});
            resources.append(status);
        }
    }
    if (resources.isEmpty())
        return std::nullopt;
    QJsonObject result;
    result.insert(QStringLiteral("kind"), QStringLiteral("APIResourceList"));
    if (groupVersion != QLatin1String("v1"))
        result.insert(QStringLiteral("apiVersion"), QStringLiteral("v1"));
    result.insert(QStringLiteral("groupVersion"), groupVersion);
    result.insert(QStringLiteral("resources"), resources);
    return result;
}

QJsonObject SimDiscovery::openApiV3Root()
{
    QJsonObject paths;
    for (const QString &gv : groupVersions()) {
        const QString path = gv == QLatin1String("v1") ? QStringLiteral("api/v1") : QStringLiteral("apis/") + gv;
        QJsonObject entry;
        entry.insert(
            QStringLiteral("serverRelativeURL"), QStringLiteral("/openapi/v3/%1?hash=%2").arg(path, hashOf(path)));
        paths.insert(path, entry);
    }
    QJsonObject root;
    root.insert(QStringLiteral("paths"), paths);
    return root;
}

std::optional<QJsonObject> SimDiscovery::openApiV3(const QString &groupVersion)
{
    QJsonObject paths;
    QJsonObject schemas;
    bool any = false;
    for (const SimResourceInfo &info : served()) {
        if (info.groupVersion() != groupVersion)
            continue;
        any = true;
        const QString prefix = info.group.isEmpty() ? QStringLiteral("/api/v1")
                                                    : QStringLiteral("/apis/%1/%2").arg(info.group, info.version);
        const QString schemaName
            = (info.group.isEmpty() ? QStringLiteral("io.k8s.api.core.v1.")
                                    : info.group + QLatin1Char('.') + info.version + QLatin1Char('.'))
            + info.kind;
        QJsonObject gvk;
        gvk.insert(QStringLiteral("group"), info.group);
        gvk.insert(QStringLiteral("version"), info.version);
        gvk.insert(QStringLiteral("kind"), info.kind);
        QJsonObject fieldValidation;
        fieldValidation.insert(QStringLiteral("name"), QStringLiteral("fieldValidation"));
        fieldValidation.insert(QStringLiteral("in"), QStringLiteral("query"));
        fieldValidation.insert(
            QStringLiteral("schema"), QJsonObject {{QStringLiteral("type"), QStringLiteral("string")}});
        fieldValidation.insert(QStringLiteral("description"),
            QStringLiteral("fieldValidation instructs the server on how to handle objects in the request containing "
                           "unknown or duplicate fields. Valid values are: Ignore, Warn, Strict."));
        auto operation = [&](const QString &action) {
            QJsonObject op;
            op.insert(QStringLiteral("operationId"), QString(action + info.kind));
            op.insert(QStringLiteral("x-kubernetes-action"), action);
            op.insert(QStringLiteral("x-kubernetes-group-version-kind"), gvk);
            QJsonObject ok;
            ok.insert(QStringLiteral("description"), QStringLiteral("OK"));
            op.insert(QStringLiteral("responses"), QJsonObject {{QStringLiteral("200"), ok}});
            if (action == QLatin1String("post") || action == QLatin1String("put") || action == QLatin1String("patch"))
                op.insert(QStringLiteral("parameters"), QJsonArray {fieldValidation});
            return op;
        };
        const QString collection = info.namespaced
            ? QString(prefix + QStringLiteral("/namespaces/{namespace}/") + info.plural)
            : QString(prefix + QLatin1Char('/') + info.plural);
        QJsonObject collectionPath;
        collectionPath.insert(QStringLiteral("get"), operation(QStringLiteral("list")));
        collectionPath.insert(QStringLiteral("post"), operation(QStringLiteral("post")));
        collectionPath.insert(QStringLiteral("delete"), operation(QStringLiteral("deletecollection")));
        paths.insert(collection, collectionPath);
        QJsonObject itemPath;
        itemPath.insert(QStringLiteral("get"), operation(QStringLiteral("get")));
        itemPath.insert(QStringLiteral("put"), operation(QStringLiteral("put")));
        itemPath.insert(QStringLiteral("patch"), operation(QStringLiteral("patch")));
        itemPath.insert(QStringLiteral("delete"), operation(QStringLiteral("delete")));
        paths.insert(collection + QStringLiteral("/{name}"), itemPath);

        QJsonObject schema;
        schema.insert(QStringLiteral("type"), QStringLiteral("object"));
        schema.insert(QStringLiteral("x-kubernetes-group-version-kind"), QJsonArray {gvk});
        schema.insert(QStringLiteral("x-kubernetes-preserve-unknown-fields"), true);
        schemas.insert(schemaName, schema);
    }
    if (!any)
        return std::nullopt;
    QJsonObject info;
    info.insert(QStringLiteral("title"), QStringLiteral("Kubernetes"));
    info.insert(QStringLiteral("version"), QStringLiteral("v1.32.0"));
    QJsonObject document;
    document.insert(QStringLiteral("openapi"), QStringLiteral("3.0.0"));
    document.insert(QStringLiteral("info"), info);
    document.insert(QStringLiteral("paths"), paths);
    document.insert(QStringLiteral("components"), QJsonObject {{QStringLiteral("schemas"), schemas}});
    return document;
}
