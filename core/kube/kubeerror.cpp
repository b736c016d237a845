// SPDX-License-Identifier: GPL-3.0-or-later
#include "kubeerror.h"

#include "common/redaction.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>

KubeError::KubeError(Kind kind, const QString &message)
    : mKind(kind)
    , mMessage(message)
{
    switch (kind) {
    case Kind::Timeout:
        mReason = QStringLiteral("Timeout");
        break;
    case Kind::Canceled:
        mReason = QStringLiteral("Canceled");
        break;
    default:
        break;
    }
}

KubeError KubeError::fromStatus(const QJsonObject &status, int httpStatus)
{
    KubeError error(Kind::Status, status.value(QLatin1String("message")).toString());
    error.mReason = status.value(QLatin1String("reason")).toString();
    error.mCode = status.value(QLatin1String("code")).toInt(httpStatus);
    if (error.mCode == 0)
        error.mCode = httpStatus;
    const QJsonObject details = status.value(QLatin1String("details")).toObject();
    error.mDetailsName = details.value(QLatin1String("name")).toString();
    error.mDetailsKind = details.value(QLatin1String("kind")).toString();
    const QJsonArray causes = details.value(QLatin1String("causes")).toArray();
    for (const QJsonValue &value : causes) {
        const QJsonObject cause = value.toObject();
        error.mCauses.append(Cause {cause.value(QLatin1String("reason")).toString(),
            cause.value(QLatin1String("message")).toString(), cause.value(QLatin1String("field")).toString()});
    }
    if (details.contains(QLatin1String("retryAfterSeconds")))
        error.mRetryAfter = details.value(QLatin1String("retryAfterSeconds")).toInt();
    if (error.mMessage.isEmpty() && !error.mReason.isEmpty())
        error.mMessage = error.mReason;
    return error;
}

KubeError KubeError::fromHttp(int httpStatus, const QByteArray &body)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    const QJsonObject object = document.object();
    if (parseError.error == QJsonParseError::NoError
        && object.value(QLatin1String("kind")).toString() == QLatin1String("Status"))
        return fromStatus(object, httpStatus);
    // Not a Status (a proxy, a load balancer, a non-Kubernetes server): keep a short excerpt of the text.
    QString text = QString::fromUtf8(body.left(300)).simplified();
    KubeError error(Kind::Status, text.isEmpty() ? QStringLiteral("HTTP status %1").arg(httpStatus) : text);
    error.mCode = httpStatus;
    switch (httpStatus) {
    case 401:
        error.mReason = QStringLiteral("Unauthorized");
        break;
    case 403:
        error.mReason = QStringLiteral("Forbidden");
        break;
    case 404:
        error.mReason = QStringLiteral("NotFound");
        break;
    case 409:
        error.mReason = QStringLiteral("Conflict");
        break;
    case 410:
        error.mReason = QStringLiteral("Expired");
        break;
    case 429:
        error.mReason = QStringLiteral("TooManyRequests");
        break;
    case 500:
        error.mReason = QStringLiteral("InternalError");
        break;
    case 503:
        error.mReason = QStringLiteral("ServiceUnavailable");
        break;
    case 504:
        error.mReason = QStringLiteral("Timeout");
        break;
    default:
        break;
    }
    return error;
}

void KubeError::setContext(const QString &contextName, const QString &clusterName, const QString &server)
{
    mContext = contextName;
    mCluster = clusterName;
    mServer = redactUrl(server); // a password in the server URL never reaches a message
}

bool KubeError::isRetryable() const
{
    switch (mKind) {
    case Kind::Status:
        return mCode == 429 || (mCode >= 500 && mCode != 501 && mCode != 505);
    case Kind::Transport:
        return mReason == QLatin1String("ConnectionDropped");
    default:
        return false;
    }
}

namespace {
QString defaultHint(const KubeError &error)
{
    switch (error.kind()) {
    case KubeError::Kind::Status:
        switch (error.code()) {
        case 401:
            return QStringLiteral("The server did not accept the credentials. Log in again, or check the user "
                                  "entry of this context in the kubeconfig.");
        case 403:
            return QStringLiteral("The user may not do this. Ask a cluster administrator for the RBAC permission.");
        case 404:
            return QStringLiteral("Check the name and the namespace, and that the cluster serves this type of "
                                  "object (a custom resource needs its CRD installed).");
        case 409:
            return error.isAlreadyExists()
                ? QStringLiteral("An object with this name exists already; pick another name or delete it first.")
                : QStringLiteral("The object changed meanwhile; reload it and try again.");
        case 422:
            return QStringLiteral("The server rejected the object's fields (see the causes).");
        case 429:
            return QStringLiteral("The server is busy (rate limited); try again later.");
        default:
            if (error.code() >= 500)
                return QStringLiteral("The server had a problem; check the cluster's health and try again.");
            return {};
        }
    case KubeError::Kind::Transport:
        if (error.reason() == QLatin1String("TlsError"))
            return QStringLiteral("Check certificate-authority(-data) and tls-server-name of the cluster entry, "
                                  "and that the server address is the cluster's.");
        if (error.reason() == QLatin1String("HostNotFound"))
            return QStringLiteral("Check the server address in the kubeconfig, and your DNS/VPN.");
        if (error.reason() == QLatin1String("ProxyError"))
            return QStringLiteral("Check proxy-url of the cluster entry and that the proxy is running.");
        return QStringLiteral("Check that the cluster is running and reachable from this machine "
                              "(server address, VPN, firewall, proxy).");
    case KubeError::Kind::Timeout:
        return QStringLiteral("The server did not answer in time. Check that it is reachable and not overloaded.");
    case KubeError::Kind::Auth:
        return QStringLiteral("Check the user entry of this context in the kubeconfig.");
    case KubeError::Kind::Config:
        return QStringLiteral("Check the kubeconfig (kubectl config view) or choose another context.");
    case KubeError::Kind::Decode:
        return QStringLiteral("The answer was not what a Kubernetes API server sends; check the server address.");
    default:
        return {};
    }
}
} // namespace

QString KubeError::personMessage() const
{
    if (mKind == Kind::None)
        return {};
    QString text;
    if (!mOperation.isEmpty())
        text = QStringLiteral("Could not %1").arg(mOperation);
    else
        text = QStringLiteral("Request failed");
    if (!mContext.isEmpty() || !mCluster.isEmpty()) {
        text += QStringLiteral(" on cluster \"%1\"").arg(mCluster.isEmpty() ? mContext : mCluster);
        if (!mContext.isEmpty() && !mCluster.isEmpty() && mContext != mCluster)
            text += QStringLiteral(" (context \"%1\")").arg(mContext);
    }
    if (!mServer.isEmpty())
        text += QStringLiteral(" at %1").arg(mServer);
    text += QStringLiteral(": ");
    text += mMessage.isEmpty() ? (mReason.isEmpty() ? QStringLiteral("unknown error") : mReason) : mMessage;
    if (mKind == Kind::Status && mCode > 0)
        text += QStringLiteral(" (HTTP %1%2)")
                    .arg(mCode)
                    .arg(mReason.isEmpty() ? QString() : QStringLiteral(", ") + mReason);
    for (const Cause &cause : mCauses) {
        if (cause.field.isEmpty())
            text += QStringLiteral("\n  - ") + cause.message;
        else
            text += QStringLiteral("\n  - %1: %2").arg(cause.field, cause.message);
    }
    const QString hint = mHint.isEmpty() ? defaultHint(*this) : mHint;
    if (!hint.isEmpty())
        text += QLatin1Char('\n') + hint;
    // Messages quote servers, proxies and URLs from the kubeconfig: never with their passwords.
    return redactUrlsInText(text);
}

QJsonObject KubeError::toStatus() const
{
    QJsonObject status {{QStringLiteral("kind"), QStringLiteral("Status")},
        {QStringLiteral("apiVersion"), QStringLiteral("v1")}, {QStringLiteral("status"), QStringLiteral("Failure")},
        {QStringLiteral("message"), mMessage}, {QStringLiteral("reason"), mReason}, {QStringLiteral("code"), mCode}};
    QJsonObject details;
    if (!mDetailsName.isEmpty())
        details.insert(QStringLiteral("name"), mDetailsName);
    if (!mDetailsKind.isEmpty())
        details.insert(QStringLiteral("kind"), mDetailsKind);
    if (!mCauses.isEmpty()) {
        QJsonArray causes;
        for (const Cause &cause : mCauses)
            causes.append(QJsonObject {{QStringLiteral("reason"), cause.reason},
                {QStringLiteral("message"), cause.message}, {QStringLiteral("field"), cause.field}});
        details.insert(QStringLiteral("causes"), causes);
    }
    if (mRetryAfter)
        details.insert(QStringLiteral("retryAfterSeconds"), *mRetryAfter);
    if (!details.isEmpty())
        status.insert(QStringLiteral("details"), details);
    return status;
}
