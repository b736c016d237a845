// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "kuberesource.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

#include <optional>

/// Options for writes (create, replace, patches, apply, delete).
struct KubeWriteOptions {
    bool dryRun = false; ///< dryRun=All
    bool strictFieldValidation = false; ///< fieldValidation=Strict
    QString fieldManager; ///< fieldManager=...; apply defaults to "volsync-desktop"
    bool force = false; ///< apply only: force=true (take over conflicting fields)
};

/// Options for list, watch and deletecollection.
struct KubeListOptions {
    QString labelSelector;
    QString fieldSelector;
    int limit = 0; ///< 0 = no limit
    QString continueToken;
    QString resourceVersion; ///< list: "0" = any cached; watch: start after this version
    int timeoutSeconds = 0; ///< watch: server-side timeout; 0 = server default
    bool allowWatchBookmarks = false;
};

/// Options of a container log (GET pods/{name}/log, kube-apiserver's PodLogOptions).
struct KubePodLogOptions {
    QString container; ///< empty: the pod's only container
    bool follow = false; ///< stream while the container runs
    bool previous = false; ///< the run before the last restart in place
    std::optional<qint64> tailLines;
    std::optional<qint64> limitBytes;
};

/// Options for delete and deletecollection.
struct KubeDeleteOptions {
    bool dryRun = false;
    QString propagationPolicy; ///< Foreground, Background, Orphan; empty = server default
    std::optional<int> gracePeriodSeconds;
    QString preconditionUid;
    QString preconditionResourceVersion;
};

/// A description of one API call: verb, resource, namespace, name, query and body.
/// Building a request needs no network; KubeClient sends it. Tests check url(), headers() and body().
class KubeRequest
{
public:
    enum class Verb { Get, List, Create, Replace, MergePatch, JsonPatch, Apply, Delete, DeleteCollection, Watch, Raw };

    using WriteOptions = KubeWriteOptions;
    using ListOptions = KubeListOptions;
    using DeleteOptions = KubeDeleteOptions;

    KubeRequest() = default;

    [[nodiscard]] static KubeRequest get(
        const KubeResource &resource, const QString &namespaceName, const QString &name);
    [[nodiscard]] static KubeRequest list(
        const KubeResource &resource, const QString &namespaceName, const ListOptions &options = {});
    [[nodiscard]] static KubeRequest create(const KubeResource &resource, const QString &namespaceName,
        const QJsonObject &object, const WriteOptions &options = {});
    /// PUT; `object` must carry metadata.resourceVersion for optimistic concurrency.
    [[nodiscard]] static KubeRequest replace(const KubeResource &resource, const QString &namespaceName,
        const QString &name, const QJsonObject &object, const WriteOptions &options = {});
    /// application/merge-patch+json (RFC 7386).
    [[nodiscard]] static KubeRequest mergePatch(const KubeResource &resource, const QString &namespaceName,
        const QString &name, const QJsonObject &patch, const WriteOptions &options = {});
    /// application/json-patch+json (RFC 6902).
    [[nodiscard]] static KubeRequest jsonPatch(const KubeResource &resource, const QString &namespaceName,
        const QString &name, const QJsonArray &operations, const WriteOptions &options = {});
    /// Server-side apply: application/apply-patch+yaml with a field manager.
    [[nodiscard]] static KubeRequest apply(const KubeResource &resource, const QString &namespaceName,
        const QString &name, const QJsonObject &object, const WriteOptions &options = {});
    [[nodiscard]] static KubeRequest remove(const KubeResource &resource, const QString &namespaceName,
        const QString &name, const DeleteOptions &options = {});
    [[nodiscard]] static KubeRequest deleteCollection(const KubeResource &resource, const QString &namespaceName,
        const ListOptions &selection, const DeleteOptions &options = {});
    [[nodiscard]] static KubeRequest watch(
        const KubeResource &resource, const QString &namespaceName, const ListOptions &options = {});
    /// A container's log: a GET of pods/{name}/log whose text body is streamed (streamsBody()).
    [[nodiscard]] static KubeRequest podLog(
        const QString &namespaceName, const QString &podName, const KubePodLogOptions &options = {});
    /// Any path (e.g. "/version", "/apis"), GET unless `method` says otherwise.
    [[nodiscard]] static KubeRequest raw(const QString &path, const QByteArray &method = "GET",
        const QByteArray &body = {}, const QByteArray &contentType = {});

    /// Sets `subresource` ("status", "scale") for get/replace/patches.
    KubeRequest &setSubresource(const QString &subresource);
    /// Per-request timeout in milliseconds (0 = the client's default; ignored for watches).
    KubeRequest &setTimeoutMs(int timeoutMs);
    /// The largest answer accepted (0 = the default for the verb, see defaultMaxResponseBytes()).
    /// For a watch: the largest single event. A larger answer fails with reason "ResponseTooLarge".
    KubeRequest &setMaxResponseBytes(qint64 maxBytes);
    /// The answer is not JSON but a byte stream, handed out as it arrives (KubeReply::dataReceived) and not
    /// kept: no size bound, no retry, no timeout unless setTimeoutMs() (a followed log may last for hours).
    KubeRequest &setStreamsBody(bool streams);
    [[nodiscard]] bool streamsBody() const { return mStreamsBody; }
    /// Adds a header (e.g. for tests); the client adds Authorization, User-Agent and Impersonate-*.
    KubeRequest &addHeader(const QByteArray &name, const QByteArray &value);

    [[nodiscard]] Verb verb() const { return mVerb; }
    [[nodiscard]] QByteArray method() const;
    [[nodiscard]] const KubeResource &resource() const { return mResource; }
    [[nodiscard]] QString namespaceName() const { return mNamespace; }
    [[nodiscard]] QString name() const { return mName; }
    [[nodiscard]] QString subresource() const { return mSubresource; }
    /// The encoded path (each segment percent-encoded).
    [[nodiscard]] QString path() const;
    /// The query items in order, not encoded.
    [[nodiscard]] QList<QPair<QString, QString>> queryItems() const { return mQuery; }
    [[nodiscard]] QString queryItemValue(const QString &key) const;
    /// The encoded query ("a=b&c=d"), each key and value percent-encoded.
    [[nodiscard]] QString queryString() const;
    /// `server` joined with path() and the query (keeps a path prefix of the server URL).
    [[nodiscard]] QUrl url(const QUrl &server) const;
    [[nodiscard]] QByteArray body() const { return mBody; }
    [[nodiscard]] QByteArray contentType() const { return mContentType; }
    /// Request headers excluding credentials: Accept, Content-Type and added ones.
    [[nodiscard]] QList<QPair<QByteArray, QByteArray>> headers() const;
    [[nodiscard]] int timeoutMs() const { return mTimeoutMs; }
    [[nodiscard]] qint64 maxResponseBytes() const
    {
        return mMaxResponseBytes > 0 ? mMaxResponseBytes : defaultMaxResponseBytes(mVerb);
    }
    /// Far above what a real API server sends (etcd keeps objects below 1.5 MiB), but a bound:
    /// 16 MiB for one object (and one watch event), 256 MiB for lists.
    [[nodiscard]] static qint64 defaultMaxResponseBytes(Verb verb);
    /// The `kind` a successful answer must have ("Namespace", "PersistentVolumeClaimList"); empty = any.
    /// Deletes may also answer with a Status of "Success".
    [[nodiscard]] QString expectedKind() const;
    /// GET/LIST/WATCH/PUT/DELETE are retried on 429/5xx; POST and PATCH are not.
    [[nodiscard]] bool isIdempotent() const;
    [[nodiscard]] bool isWatch() const { return mVerb == Verb::Watch; }
    /// For error messages: `get replicationsources "x" in namespace "y"`.
    [[nodiscard]] QString describe() const;

    /// The field manager used by apply() when none is given.
    [[nodiscard]] static QString defaultFieldManager();

private:
    static KubeRequest make(Verb verb, const KubeResource &resource, const QString &namespaceName, const QString &name);
    void addWriteOptions(const WriteOptions &options);
    void addListOptions(const ListOptions &options);

    Verb mVerb = Verb::Get;
    KubeResource mResource;
    QString mNamespace;
    QString mName;
    QString mSubresource;
    QString mRawPath;
    QByteArray mRawMethod;
    QList<QPair<QString, QString>> mQuery;
    QByteArray mBody;
    QByteArray mContentType;
    QList<QPair<QByteArray, QByteArray>> mExtraHeaders;
    int mTimeoutMs = 0;
    qint64 mMaxResponseBytes = 0;
    bool mStreamsBody = false;
};
