// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleetwebhook.h"

#include "common/redaction.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

FleetWebhook::FleetWebhook(QObject *parent)
    : QObject(parent)
    , mNetwork(new QNetworkAccessManager(this))
{ }

void FleetWebhook::setTimeouts(int requestTimeoutMs, int retryDelayMs)
{
    mRequestTimeoutMs = requestTimeoutMs;
    mRetryDelayMs = retryDelayMs;
}

QByteArray FleetWebhook::body(const FleetTransition &transition)
{
    const FleetEntry &e = transition.entry;
    QJsonObject json {{QStringLiteral("relationship"), e.name}, {QStringLiteral("kind"), e.kindName()},
        {QStringLiteral("clusters"), e.clusterPair()}, {QStringLiteral("state"), RpoHealth::stateName(transition.to)},
        {QStringLiteral("previousState"), RpoHealth::stateName(transition.from)},
        {QStringLiteral("recovered"), transition.isRecovery()}, {QStringLiteral("message"), transition.message},
        {QStringLiteral("text"),
            QStringLiteral("%1 VolSync: %2")
                .arg(transition.isRecovery() ? QStringLiteral(":white_check_mark:") : QStringLiteral(":warning:"),
                    transition.message)}};
    if (e.health.lagSeconds >= 0) {
        json.insert(QStringLiteral("lagSeconds"), e.health.lagSeconds);
        json.insert(QStringLiteral("lag"), RpoHealth::formatSeconds(e.health.lagSeconds));
    }
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

void FleetWebhook::send(const FleetTransition &transition)
{
    if (!mUrl.isValid() || mUrl.isEmpty() || mMuted.contains(transition.entry.key))
        return;
    post(transition.entry.key, body(transition), 1);
}

void FleetWebhook::post(const QString &key, const QByteArray &body, int attempt)
{
    QNetworkRequest request(mUrl);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(mRequestTimeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    QNetworkReply *reply = mNetwork->post(request, body);
    connect(reply, &QNetworkReply::finished, this, [this, reply, key, body, attempt] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const bool retryable = status >= 500 || (status == 0 && reply->error() != QNetworkReply::NoError);
        if (status >= 200 && status < 300) {
            Q_EMIT delivered(key, status);
            return;
        }
        if (retryable && attempt < kAttempts) {
            QTimer::singleShot(
                mRetryDelayMs << (attempt - 1), this, [this, key, body, attempt] { post(key, body, attempt + 1); });
            return;
        }
        // Webhook URLs carry secrets in their user info, path or query (Slack's do): show scheme and host only,
        // also where Qt's error text repeats the URL.
        const QString shown
            = mUrl.adjusted(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment)
                  .toString();
        // (The transfer timeout aborts the request: Qt says only "Operation canceled".)
        QString reason = status > 0 ? QStringLiteral("HTTP %1").arg(status)
            : reply->error() == QNetworkReply::OperationCanceledError
            ? QStringLiteral("no answer within %1 s").arg(QString::number(mRequestTimeoutMs / 1000.0, 'g', 3))
            : reply->errorString();
        reason.replace(mUrl.toString(), shown).replace(mUrl.toString(QUrl::FullyEncoded), shown);
        Q_EMIT failed(key,
            QStringLiteral("the webhook at %1 did not take the notification after %2 attempt(s): %3")
                .arg(shown, QString::number(attempt), redactUrlsInText(reason)));
    });
}
