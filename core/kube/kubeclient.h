// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "kubeconfig.h"
#include "kubeerror.h"
#include "kubereply.h"
#include "kuberequest.h"
#include "kuberequestrecord.h"
#include "kuberesource.h"

#include <QObject>
#include <QUrl>

#include <memory>

class KubeClientPrivate;

/// A client for one kubeconfig context: TLS, credentials (certificates, tokens, exec plugins, oidc),
/// impersonation, a client-side rate limit, timeouts and retries. Every verb returns a KubeReply
/// at once; nothing blocks. Lives in (and must be used from) the thread that created it.
class KubeClient : public QObject
{
    Q_OBJECT
public:
    /// Retry policy for idempotent verbs on 429, 5xx, transport errors and timeouts.
    struct RetryPolicy {
        int maxRetries = 4;
        int baseDelayMs = 250; ///< first backoff; doubles each time, with +-50% jitter
        int maxDelayMs = 8000; ///< cap for backoff and for Retry-After
    };

    /// `contextName` empty = the config's current-context. An unusable context gives a client
    /// whose every reply fails with configError().
    explicit KubeClient(const KubeConfig &config, const QString &contextName = {}, QObject *parent = nullptr);
    ~KubeClient() override;

    [[nodiscard]] bool isValid() const;
    [[nodiscard]] KubeError configError() const;
    [[nodiscard]] QString contextName() const;
    [[nodiscard]] QString clusterName() const;
    [[nodiscard]] QString userName() const;
    [[nodiscard]] QUrl server() const;
    /// The context's namespace, else "default".
    [[nodiscard]] QString defaultNamespace() const;
    [[nodiscard]] const KubeConfig::Resolved &resolved() const;
    /// Warnings to show (insecure-skip-tls-verify, ...).
    [[nodiscard]] QStringList warnings() const;

    // Settings.
    /// Token bucket: `qps` tokens per second, at most `burst` at once. qps <= 0 disables the limit.
    void setRateLimit(double qps, int burst);
    /// At most this many ordinary (non-watch) requests on the wire at once; the rest wait their turn in order.
    /// Each one in flight holds an HTTP/1.1 connection (watches have connections of their own), so this bounds
    /// the connections to the server. <= 0: no limit of our own (Qt's: 6 per server).
    static constexpr int DefaultMaxParallelRequests = 4;
    void setMaxParallelRequests(int count);
    [[nodiscard]] int maxParallelRequests() const;
    void setDefaultTimeoutMs(int timeoutMs); ///< default 30 s; per request via KubeRequest::setTimeoutMs
    [[nodiscard]] int defaultTimeoutMs() const;
    void setRetryPolicy(const RetryPolicy &policy);
    [[nodiscard]] RetryPolicy retryPolicy() const;
    /// Timeout for exec credential plugins (default 60 s).
    void setExecTimeoutMs(int timeoutMs);
    /// Whether the process was started from a desktop launcher (adds ~/.local/bin, /usr/local/bin,
    /// ~/go/bin and krew's bin to the exec plugin search). Default: guessed from the environment.
    void setDesktopLaunched(bool desktopLaunched);

    /// Sends any request. The reply is parented to this client.
    KubeReply *send(const KubeRequest &request);

    // Convenience verbs (same as send(KubeRequest::...)).
    KubeReply *get(const KubeResource &resource, const QString &namespaceName, const QString &name);
    KubeReply *list(
        const KubeResource &resource, const QString &namespaceName, const KubeRequest::ListOptions &options = {});
    KubeReply *create(const KubeResource &resource, const QString &namespaceName, const QJsonObject &object,
        const KubeRequest::WriteOptions &options = {});
    KubeReply *replace(const KubeResource &resource, const QString &namespaceName, const QString &name,
        const QJsonObject &object, const KubeRequest::WriteOptions &options = {});
    KubeReply *mergePatch(const KubeResource &resource, const QString &namespaceName, const QString &name,
        const QJsonObject &patch, const KubeRequest::WriteOptions &options = {});
    KubeReply *jsonPatch(const KubeResource &resource, const QString &namespaceName, const QString &name,
        const QJsonArray &operations, const KubeRequest::WriteOptions &options = {});
    KubeReply *apply(const KubeResource &resource, const QString &namespaceName, const QString &name,
        const QJsonObject &object, const KubeRequest::WriteOptions &options = {});
    KubeReply *remove(const KubeResource &resource, const QString &namespaceName, const QString &name,
        const KubeRequest::DeleteOptions &options = {});
    KubeReply *deleteCollection(const KubeResource &resource, const QString &namespaceName,
        const KubeRequest::ListOptions &selection, const KubeRequest::DeleteOptions &options = {});
    /// A long-running stream: event() per event, finished() when it ends.
    KubeReply *watch(
        const KubeResource &resource, const QString &namespaceName, const KubeRequest::ListOptions &options = {});
    /// GET /version (for connection checks).
    KubeReply *version();

Q_SIGNALS:
    /// Something the user should know but that does not fail requests.
    void warning(const QString &text);
    /// Every finished request (also failed and canceled ones) and every watch stream that opened, for
    /// activity logs. Emitted before the reply's finished().
    void requestObserved(const KubeRequestRecord &record);

private:
    friend class KubeClientPrivate;
    friend class KubeReply;
    void reportRequest(const KubeReply *reply, KubeRequestRecord::Event event);
    std::unique_ptr<KubeClientPrivate> d;
};
