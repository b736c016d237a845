// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "kubeerror.h"
#include "kuberequest.h"
#include "kubewatchevent.h"

#include <QByteArray>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>

class KubeClient;
class QNetworkReply;
class QTimer;

/// The answer to one KubeRequest. Emits finished() exactly once (never from inside the call that
/// created it). After finished, exactly one of isOk() / error() applies.
/// By default the reply deletes itself (deleteLater) after finished() has been delivered;
/// call setAutoDelete(false) to keep it and delete it yourself.
/// Watches emit event() for every decoded event, then finished() when the stream ends
/// (cleanly: isOk(); or with an error, e.g. isGone() for an expired resourceVersion).
class KubeReply : public QObject
{
    Q_OBJECT
public:
    ~KubeReply() override;

    [[nodiscard]] const KubeRequest &request() const { return mRequest; }
    [[nodiscard]] bool isFinished() const { return mFinished; }
    [[nodiscard]] bool isOk() const { return mFinished && !mError.isError(); }
    [[nodiscard]] const KubeError &error() const { return mError; }
    /// HTTP status of the last attempt (0 when no answer arrived).
    [[nodiscard]] int httpStatus() const { return mHttpStatus; }
    /// The server's clock when it answered (its Date header, UTC, to the second); invalid when it sent none.
    [[nodiscard]] QDateTime serverDate() const { return mServerDate; }
    /// Whether the last answer came over HTTP/2 (negotiated by ALPN when the server offers it).
    [[nodiscard]] bool usedHttp2() const { return mUsedHttp2; }
    /// "HTTP/2" or "HTTP/1.1" for the last answer, for the activity log; empty when no answer arrived.
    [[nodiscard]] QString httpVersion() const
    {
        return mHttpStatus == 0 ? QString() : mUsedHttp2 ? QStringLiteral("HTTP/2") : QStringLiteral("HTTP/1.1");
    }
    /// The decoded JSON object of a successful answer (empty for a watch).
    [[nodiscard]] QJsonObject json() const { return mJson; }
    [[nodiscard]] QByteArray rawBody() const { return mBody; }
    /// For lists: `items`, `metadata.continue` and `metadata.resourceVersion`.
    [[nodiscard]] QList<QJsonObject> items() const;
    [[nodiscard]] QString continueToken() const;
    [[nodiscard]] QString resourceVersion() const;
    /// Watches: the error of the last ERROR event in the stream (e.g. 410 Expired), none otherwise.
    [[nodiscard]] const KubeError &streamError() const { return mStreamError; }
    /// How many attempts were sent (1 + retries + credential refreshes).
    [[nodiscard]] int attempts() const { return mAttempts; }
    /// How many of them were retries after a retryable error.
    [[nodiscard]] int retries() const { return mRetries; }
    /// Milliseconds since the request was sent (waits and retries included).
    [[nodiscard]] qint64 elapsedMs() const { return mClock.elapsed(); }

    void setAutoDelete(bool autoDelete) { mAutoDelete = autoDelete; }
    [[nodiscard]] bool autoDelete() const { return mAutoDelete; }

    /// Cancels the request (also a running watch). finished() follows with KubeError::Kind::Canceled,
    /// unless the reply had already finished.
    void abort();

Q_SIGNALS:
    /// Watches only: one decoded event.
    void event(const KubeWatchEvent &event);
    /// Requests that stream their body (KubeRequest::streamsBody): the next bytes of a successful answer.
    void dataReceived(const QByteArray &data);
    void finished();

private:
    friend class KubeClient;
    friend class KubeClientPrivate;
    explicit KubeReply(const KubeRequest &request, QObject *parent);
    void finishWith(const KubeError &error);
    void finishOk(int httpStatus, const QByteArray &body, const QJsonObject &json);

    KubeRequest mRequest;
    bool mFinished = false;
    bool mAutoDelete = true;
    bool mAborted = false;
    KubeError mError;
    int mHttpStatus = 0;
    bool mUsedHttp2 = false;
    QDateTime mServerDate;
    int mAttempts = 0;
    int mRetries = 0;
    bool mCredentialRefreshed = false;
    KubeError mStreamError;
    QByteArray mBody;
    QJsonObject mJson;
    QElapsedTimer mClock;
    // Owned by the client's machinery while an attempt runs.
    QPointer<QNetworkReply> mNetworkReply;
    QTimer *mTimer = nullptr;
};
