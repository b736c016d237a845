// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

/// The one error type of the Kubernetes client: a `Status` answer of the API server, or a
/// transport, authentication, configuration or decoding problem. personMessage() says what
/// failed, on which cluster/server/object, and what to check. Never contains secrets.
class KubeError
{
public:
    enum class Kind {
        None, ///< no error
        Status, ///< the server answered with an error status (see code() and reason())
        Transport, ///< connection refused, DNS, TLS, proxy, dropped connection
        Timeout, ///< the request (or a credential plugin) took too long
        Canceled, ///< aborted by the caller
        Auth, ///< credentials could not be obtained (exec plugin, token file, oidc, ...)
        Config, ///< the kubeconfig entry cannot be used
        Decode, ///< the answer was not the JSON we expected
    };

    /// One `details.causes[]` entry.
    struct Cause {
        QString reason;
        QString message;
        QString field;
    };

    KubeError() = default;
    KubeError(Kind kind, const QString &message);

    /// From an HTTP status and body; the body's `Status` object is used when present.
    [[nodiscard]] static KubeError fromHttp(int httpStatus, const QByteArray &body);
    /// From a `Status` object (also the object of a watch ERROR event).
    [[nodiscard]] static KubeError fromStatus(const QJsonObject &status, int httpStatus = 0);

    [[nodiscard]] bool isError() const { return mKind != Kind::None; }
    explicit operator bool() const { return isError(); }

    [[nodiscard]] Kind kind() const { return mKind; }
    [[nodiscard]] int code() const { return mCode; } ///< HTTP status, 0 for non-HTTP errors
    [[nodiscard]] QString reason() const { return mReason; } ///< "NotFound", "Conflict", "Expired", ...
    [[nodiscard]] QString message() const { return mMessage; } ///< the raw message (server's or ours)
    [[nodiscard]] QList<Cause> causes() const { return mCauses; }
    [[nodiscard]] std::optional<int> retryAfterSeconds() const { return mRetryAfter; }
    [[nodiscard]] QString detailsName() const { return mDetailsName; }
    [[nodiscard]] QString detailsKind() const { return mDetailsKind; }

    // Context for personMessage(), filled in by the client.
    [[nodiscard]] QString contextName() const { return mContext; }
    [[nodiscard]] QString clusterName() const { return mCluster; }
    [[nodiscard]] QString server() const { return mServer; }
    [[nodiscard]] QString operation() const
    {
        return mOperation;
    } ///< "get replicationsources \"x\" in namespace \"y\""
    [[nodiscard]] QString hint() const { return mHint; }
    void setContext(const QString &contextName, const QString &clusterName, const QString &server);
    void setOperation(const QString &operation) { mOperation = operation; }
    void setHint(const QString &hint) { mHint = hint; }
    void setRetryAfterSeconds(std::optional<int> seconds) { mRetryAfter = seconds; }
    void setCode(int code) { mCode = code; }
    void setReason(const QString &reason) { mReason = reason; }

    [[nodiscard]] bool isNotFound() const { return mCode == 404 || mReason == QLatin1String("NotFound"); }
    [[nodiscard]] bool isAlreadyExists() const { return mReason == QLatin1String("AlreadyExists"); }
    [[nodiscard]] bool isConflict() const { return mCode == 409 && mReason != QLatin1String("AlreadyExists"); }
    [[nodiscard]] bool isInvalid() const { return mCode == 422 || mReason == QLatin1String("Invalid"); }
    [[nodiscard]] bool isUnauthorized() const { return mCode == 401; }
    [[nodiscard]] bool isForbidden() const { return mCode == 403; }
    /// 410 Gone / reason Expired: the resourceVersion is too old, relist.
    [[nodiscard]] bool isGone() const
    {
        return mCode == 410 || mReason == QLatin1String("Expired") || mReason == QLatin1String("Gone");
    }
    /// 429 and 5xx answers, transport errors and timeouts: worth retrying for idempotent verbs.
    [[nodiscard]] bool isRetryable() const;

    /// One or more lines for a person: what failed, where, the server's message and what to check.
    [[nodiscard]] QString personMessage() const;

    /// The `Status` object form (for tests and for passing on).
    [[nodiscard]] QJsonObject toStatus() const;

private:
    Kind mKind = Kind::None;
    int mCode = 0;
    QString mReason;
    QString mMessage;
    QList<Cause> mCauses;
    std::optional<int> mRetryAfter;
    QString mDetailsName;
    QString mDetailsKind;
    QString mContext;
    QString mCluster;
    QString mServer;
    QString mOperation;
    QString mHint;
};

Q_DECLARE_METATYPE(KubeError)
