// SPDX-License-Identifier: GPL-3.0-or-later
#include "kuberequest.h"

#include <QJsonDocument>

KubeRequest KubeRequest::make(
    Verb verb, const KubeResource &resource, const QString &namespaceName, const QString &name)
{
    KubeRequest request;
    request.mVerb = verb;
    request.mResource = resource;
    request.mNamespace = resource.namespaced ? namespaceName : QString();
    request.mName = name;
    return request;
}

void KubeRequest::addWriteOptions(const WriteOptions &options)
{
    if (options.dryRun)
        mQuery.append({QStringLiteral("dryRun"), QStringLiteral("All")});
    QString manager = options.fieldManager;
    if (manager.isEmpty() && mVerb == Verb::Apply)
        manager = defaultFieldManager();
    if (!manager.isEmpty())
        mQuery.append({QStringLiteral("fieldManager"), manager});
    if (options.strictFieldValidation)
        mQuery.append({QStringLiteral("fieldValidation"), QStringLiteral("Strict")});
    if (options.force && mVerb == Verb::Apply)
        mQuery.append({QStringLiteral("force"), QStringLiteral("true")});
}

void KubeRequest::addListOptions(const ListOptions &options)
{
    if (!options.labelSelector.isEmpty())
        mQuery.append({QStringLiteral("labelSelector"), options.labelSelector});
    if (!options.fieldSelector.isEmpty())
        mQuery.append({QStringLiteral("fieldSelector"), options.fieldSelector});
    if (mVerb == Verb::Watch) {
        mQuery.append({QStringLiteral("watch"), QStringLiteral("true")});
        if (!options.resourceVersion.isEmpty())
            mQuery.append({QStringLiteral("resourceVersion"), options.resourceVersion});
        if (options.allowWatchBookmarks)
            mQuery.append({QStringLiteral("allowWatchBookmarks"), QStringLiteral("true")});
        if (options.timeoutSeconds > 0)
            mQuery.append({QStringLiteral("timeoutSeconds"), QString::number(options.timeoutSeconds)});
        return;
    }
    if (mVerb == Verb::List) {
        if (options.limit > 0)
            mQuery.append({QStringLiteral("limit"), QString::number(options.limit)});
        if (!options.continueToken.isEmpty())
            mQuery.append({QStringLiteral("continue"), options.continueToken});
        if (!options.resourceVersion.isEmpty())
            mQuery.append({QStringLiteral("resourceVersion"), options.resourceVersion});
        if (options.timeoutSeconds > 0)
            mQuery.append({QStringLiteral("timeoutSeconds"), QString::number(options.timeoutSeconds)});
    }
}

namespace {
QByteArray compactJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray deleteOptionsBody(const KubeRequest::DeleteOptions &options)
{
    QJsonObject body;
    if (!options.propagationPolicy.isEmpty())
        body.insert(QStringLiteral("propagationPolicy"), options.propagationPolicy);
    if (options.gracePeriodSeconds)
        body.insert(QStringLiteral("gracePeriodSeconds"), *options.gracePeriodSeconds);
    if (options.dryRun)
        body.insert(QStringLiteral("dryRun"), QJsonArray {QStringLiteral("All")});
    QJsonObject preconditions;
    if (!options.preconditionUid.isEmpty())
        preconditions.insert(QStringLiteral("uid"), options.preconditionUid);
    if (!options.preconditionResourceVersion.isEmpty())
        preconditions.insert(QStringLiteral("resourceVersion"), options.preconditionResourceVersion);
    if (!preconditions.isEmpty())
        body.insert(QStringLiteral("preconditions"), preconditions);
    if (body.isEmpty())
        return {};
    body.insert(QStringLiteral("kind"), QStringLiteral("DeleteOptions"));
    body.insert(QStringLiteral("apiVersion"), QStringLiteral("v1"));
    return compactJson(body);
}
} // namespace

KubeRequest KubeRequest::get(const KubeResource &resource, const QString &namespaceName, const QString &name)
{
    return make(Verb::Get, resource, namespaceName, name);
}

KubeRequest KubeRequest::list(const KubeResource &resource, const QString &namespaceName, const ListOptions &options)
{
    KubeRequest request = make(Verb::List, resource, namespaceName, {});
    request.addListOptions(options);
    return request;
}

KubeRequest KubeRequest::create(
    const KubeResource &resource, const QString &namespaceName, const QJsonObject &object, const WriteOptions &options)
{
    KubeRequest request = make(Verb::Create, resource, namespaceName, {});
    request.addWriteOptions(options);
    request.mBody = compactJson(object);
    request.mContentType = "application/json";
    return request;
}

KubeRequest KubeRequest::replace(const KubeResource &resource, const QString &namespaceName, const QString &name,
    const QJsonObject &object, const WriteOptions &options)
{
    KubeRequest request = make(Verb::Replace, resource, namespaceName, name);
    request.addWriteOptions(options);
    request.mBody = compactJson(object);
    request.mContentType = "application/json";
    return request;
}

KubeRequest KubeRequest::mergePatch(const KubeResource &resource, const QString &namespaceName, const QString &name,
    const QJsonObject &patch, const WriteOptions &options)
{
    KubeRequest request = make(Verb::MergePatch, resource, namespaceName, name);
    request.addWriteOptions(options);
    request.mBody = compactJson(patch);
    request.mContentType = "application/merge-patch+json";
    return request;
}

KubeRequest KubeRequest::jsonPatch(const KubeResource &resource, const QString &namespaceName, const QString &name,
    const QJsonArray &operations, const WriteOptions &options)
{
    KubeRequest request = make(Verb::JsonPatch, resource, namespaceName, name);
    request.addWriteOptions(options);
    request.mBody = QJsonDocument(operations).toJson(QJsonDocument::Compact);
    request.mContentType = "application/json-patch+json";
    return request;
}

KubeRequest KubeRequest::apply(const KubeResource &resource, const QString &namespaceName, const QString &name,
    const QJsonObject &object, const WriteOptions &options)
{
    KubeRequest request = make(Verb::Apply, resource, namespaceName, name);
    request.addWriteOptions(options);
    // JSON is YAML: the apply patch type accepts it as it is.
    request.mBody = compactJson(object);
    request.mContentType = "application/apply-patch+yaml";
    return request;
}

KubeRequest KubeRequest::remove(
    const KubeResource &resource, const QString &namespaceName, const QString &name, const DeleteOptions &options)
{
    KubeRequest request = make(Verb::Delete, resource, namespaceName, name);
    if (options.dryRun)
        request.mQuery.append({QStringLiteral("dryRun"), QStringLiteral("All")});
    request.mBody = deleteOptionsBody(options);
    if (!request.mBody.isEmpty())
        request.mContentType = "application/json";
    return request;
}

KubeRequest KubeRequest::deleteCollection(const KubeResource &resource, const QString &namespaceName,
    const ListOptions &selection, const DeleteOptions &options)
{
    KubeRequest request = make(Verb::DeleteCollection, resource, namespaceName, {});
    if (!selection.labelSelector.isEmpty())
        request.mQuery.append({QStringLiteral("labelSelector"), selection.labelSelector});
    if (!selection.fieldSelector.isEmpty())
        request.mQuery.append({QStringLiteral("fieldSelector"), selection.fieldSelector});
    if (options.dryRun)
        request.mQuery.append({QStringLiteral("dryRun"), QStringLiteral("All")});
    request.mBody = deleteOptionsBody(options);
    if (!request.mBody.isEmpty())
        request.mContentType = "application/json";
    return request;
}

KubeRequest KubeRequest::watch(const KubeResource &resource, const QString &namespaceName, const ListOptions &options)
{
    KubeRequest request = make(Verb::Watch, resource, namespaceName, {});
    request.addListOptions(options);
    return request;
}

KubeRequest KubeRequest::raw(
    const QString &path, const QByteArray &method, const QByteArray &body, const QByteArray &contentType)
{
    KubeRequest request;
    request.mVerb = Verb::Raw;
    request.mRawPath = path;
    request.mRawMethod = method.toUpper();
    request.mBody = body;
    request.mContentType = contentType;
    return request;
}

KubeRequest KubeRequest::podLog(const QString &namespaceName, const QString &podName, const KubePodLogOptions &options)
{
    KubeRequest request = make(Verb::Get, KubeResource::pods(), namespaceName, podName);
    request.mSubresource = QStringLiteral("log");
    request.mStreamsBody = true;
    if (!options.container.isEmpty())
        request.mQuery.append({QStringLiteral("container"), options.container});
    if (options.follow)
        request.mQuery.append({QStringLiteral("follow"), QStringLiteral("true")});
    if (options.previous)
        request.mQuery.append({QStringLiteral("previous"), QStringLiteral("true")});
    if (options.tailLines)
        request.mQuery.append({QStringLiteral("tailLines"), QString::number(*options.tailLines)});
    if (options.limitBytes)
        request.mQuery.append({QStringLiteral("limitBytes"), QString::number(*options.limitBytes)});
    return request;
}

KubeRequest &KubeRequest::setStreamsBody(bool streams)
{
    mStreamsBody = streams;
    return *this;
}

KubeRequest &KubeRequest::setSubresource(const QString &subresource)
{
    mSubresource = subresource;
    return *this;
}

KubeRequest &KubeRequest::setMaxResponseBytes(qint64 maxBytes)
{
    mMaxResponseBytes = maxBytes;
    return *this;
}

qint64 KubeRequest::defaultMaxResponseBytes(Verb verb)
{
    constexpr qint64 MiB = 1024 * 1024;
    switch (verb) {
    case Verb::List:
    case Verb::DeleteCollection:
        return 256 * MiB;
    default:
        return 16 * MiB;
    }
}

QString KubeRequest::expectedKind() const
{
    if (mResource.kind.isEmpty())
        return {};
    switch (mVerb) {
    case Verb::Get:
    case Verb::Create:
    case Verb::Replace:
    case Verb::MergePatch:
    case Verb::JsonPatch:
    case Verb::Apply:
    case Verb::Delete:
        // The status subresource answers with the object; others (scale, ...) with their own kinds.
        return mSubresource.isEmpty() || mSubresource == QLatin1String("status") ? mResource.kind : QString();
    case Verb::List:
    case Verb::DeleteCollection:
        return mResource.kind + QStringLiteral("List");
    case Verb::Watch:
    case Verb::Raw:
        break;
    }
    return {};
}

KubeRequest &KubeRequest::setTimeoutMs(int timeoutMs)
{
    mTimeoutMs = timeoutMs;
    return *this;
}

KubeRequest &KubeRequest::addHeader(const QByteArray &name, const QByteArray &value)
{
    mExtraHeaders.append({name, value});
    return *this;
}

QByteArray KubeRequest::method() const
{
    switch (mVerb) {
    case Verb::Get:
    case Verb::List:
    case Verb::Watch:
        return "GET";
    case Verb::Create:
        return "POST";
    case Verb::Replace:
        return "PUT";
    case Verb::MergePatch:
    case Verb::JsonPatch:
    case Verb::Apply:
        return "PATCH";
    case Verb::Delete:
    case Verb::DeleteCollection:
        return "DELETE";
    case Verb::Raw:
        return mRawMethod;
    }
    return "GET";
}

QString KubeRequest::path() const
{
    if (mVerb == Verb::Raw)
        return mRawPath;
    return mResource.path(mNamespace, mName, mSubresource);
}

QString KubeRequest::queryItemValue(const QString &key) const
{
    for (const auto &item : mQuery) {
        if (item.first == key)
            return item.second;
    }
    return {};
}

QString KubeRequest::queryString() const
{
    QString result;
    for (const auto &item : mQuery) {
        if (!result.isEmpty())
            result += QLatin1Char('&');
        result += QString::fromLatin1(QUrl::toPercentEncoding(item.first)) + QLatin1Char('=')
            + QString::fromLatin1(QUrl::toPercentEncoding(item.second));
    }
    return result;
}

QUrl KubeRequest::url(const QUrl &server) const
{
    QUrl url = server;
    QString prefix = server.path(QUrl::FullyEncoded);
    while (prefix.endsWith(QLatin1Char('/')))
        prefix.chop(1);
    QString ownPath = path();
    const qsizetype queryStart = ownPath.indexOf(QLatin1Char('?'));
    QString rawQuery;
    if (queryStart >= 0) { // raw paths may carry their own query
        rawQuery = ownPath.mid(queryStart + 1);
        ownPath.truncate(queryStart);
    }
    url.setPath(prefix + ownPath, QUrl::TolerantMode);
    QString query = queryString();
    if (!rawQuery.isEmpty())
        query = query.isEmpty() ? rawQuery : rawQuery + QLatin1Char('&') + query;
    url.setQuery(query.isEmpty() ? QString() : query, QUrl::TolerantMode);
    url.setFragment({});
    return url;
}

QList<QPair<QByteArray, QByteArray>> KubeRequest::headers() const
{
    QList<QPair<QByteArray, QByteArray>> result;
    result.append(qMakePair(QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json")));
    if (!mContentType.isEmpty())
        result.append(qMakePair(QByteArrayLiteral("Content-Type"), mContentType));
    result.append(mExtraHeaders);
    return result;
}

bool KubeRequest::isIdempotent() const
{
    switch (mVerb) {
    case Verb::Get:
    case Verb::List:
    case Verb::Watch:
    case Verb::Replace:
    case Verb::Delete:
    case Verb::DeleteCollection:
        return true;
    case Verb::Raw:
        return mRawMethod == "GET" || mRawMethod == "HEAD";
    default:
        return false;
    }
}

QString KubeRequest::describe() const
{
    QString verb;
    switch (mVerb) {
    case Verb::Get:
        verb = QStringLiteral("get");
        break;
    case Verb::List:
        verb = QStringLiteral("list");
        break;
    case Verb::Create:
        verb = QStringLiteral("create");
        break;
    case Verb::Replace:
        verb = QStringLiteral("update");
        break;
    case Verb::MergePatch:
    case Verb::JsonPatch:
        verb = QStringLiteral("patch");
        break;
    case Verb::Apply:
        verb = QStringLiteral("apply");
        break;
    case Verb::Delete:
        verb = QStringLiteral("delete");
        break;
    case Verb::DeleteCollection:
        verb = QStringLiteral("delete all");
        break;
    case Verb::Watch:
        verb = QStringLiteral("watch");
        break;
    case Verb::Raw:
        return QString::fromLatin1(mRawMethod) + QLatin1Char(' ') + mRawPath;
    }
    QString text = verb + QLatin1Char(' ') + mResource.qualifiedName();
    QString name = mName;
    if (name.isEmpty() && mVerb == Verb::Create) {
        const QJsonObject object = QJsonDocument::fromJson(mBody).object();
        name = object.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString();
    }
    if (!name.isEmpty())
        text += QStringLiteral(" \"%1\"").arg(name);
    if (!mSubresource.isEmpty())
        text += QStringLiteral(" (%1)").arg(mSubresource);
    if (mResource.namespaced)
        text += mNamespace.isEmpty() ? QStringLiteral(" in all namespaces")
                                     : QStringLiteral(" in namespace \"%1\"").arg(mNamespace);
    return text;
}

QString KubeRequest::defaultFieldManager()
{
    return QStringLiteral("volsync-desktop");
}
