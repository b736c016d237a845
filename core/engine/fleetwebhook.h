// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fleettransition.h"

#include <QObject>
#include <QSet>
#include <QUrl>

class QNetworkAccessManager;

/// Sends each fleet transition to a URL (the optional webhook of the settings) as a JSON POST: relationship, kind,
/// state, previous state, lag, message, and a Slack-compatible "text". A 5xx answer, a network error or a timeout is
/// retried (kAttempts in all, with a doubling pause); other answers are final. Muted entries are not sent. The URL
/// may carry secrets (user info, a token in the path): messages show only its scheme and host, and nothing logs it.
class FleetWebhook : public QObject
{
    Q_OBJECT
public:
    static constexpr int kAttempts = 3;

    explicit FleetWebhook(QObject *parent = nullptr);

    void setUrl(const QUrl &url) { mUrl = url; }
    [[nodiscard]] QUrl url() const { return mUrl; }
    /// Per attempt (default 10 s) and the first pause between attempts (default 1 s, doubling).
    void setTimeouts(int requestTimeoutMs, int retryDelayMs);
    void setMuted(const QSet<QString> &keys) { mMuted = keys; }

    /// The JSON body for `transition` (also for tests).
    [[nodiscard]] static QByteArray body(const FleetTransition &transition);

    /// Posts `transition` (nothing when no URL is set or the entry is muted).
    void send(const FleetTransition &transition);

Q_SIGNALS:
    void delivered(const QString &key, int httpStatus);
    /// After the last attempt; `message` names the URL redacted.
    void failed(const QString &key, const QString &message);

private:
    void post(const QString &key, const QByteArray &body, int attempt);

    QNetworkAccessManager *mNetwork;
    QUrl mUrl;
    QSet<QString> mMuted;
    int mRequestTimeoutMs = 10000;
    int mRetryDelayMs = 1000;
};
