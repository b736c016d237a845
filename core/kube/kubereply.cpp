// SPDX-License-Identifier: GPL-3.0-or-later
#include "kubereply.h"

#include "kubeclient.h"

#include <QJsonArray>
#include <QNetworkReply>
#include <QTimer>

KubeReply::KubeReply(const KubeRequest &request, QObject *parent)
    : QObject(parent)
    , mRequest(request)
{
    mClock.start();
    // Connected before any receiver: a receiver that aborts on an ERROR event still leaves the reason here.
    if (request.isWatch())
        connect(this, &KubeReply::event, this, [this](const KubeWatchEvent &event) {
            if (event.type == KubeWatchEvent::Type::Error)
                mStreamError = KubeError::fromStatus(event.object);
        });
}

KubeReply::~KubeReply()
{
    if (mNetworkReply) {
        mNetworkReply->disconnect(this);
        mNetworkReply->abort();
        delete mNetworkReply.data();
    }
}

QList<QJsonObject> KubeReply::items() const
{
    QList<QJsonObject> result;
    const QJsonArray array = mJson.value(QLatin1String("items")).toArray();
    result.reserve(array.size());
    for (const QJsonValue &value : array)
        result.append(value.toObject());
    return result;
}

QString KubeReply::continueToken() const
{
    return mJson.value(QLatin1String("metadata")).toObject().value(QLatin1String("continue")).toString();
}

QString KubeReply::resourceVersion() const
{
    return mJson.value(QLatin1String("metadata")).toObject().value(QLatin1String("resourceVersion")).toString();
}

void KubeReply::abort()
{
    if (mFinished)
        return;
    mAborted = true;
    KubeError error(KubeError::Kind::Canceled, QStringLiteral("canceled"));
    error.setOperation(mRequest.describe());
    finishWith(error);
}

void KubeReply::finishWith(const KubeError &error)
{
    if (mFinished)
        return;
    mFinished = true;
    mError = error;
    if (mTimer) {
        mTimer->stop();
        mTimer->deleteLater();
        mTimer = nullptr;
    }
    if (mNetworkReply) {
        QNetworkReply *reply = mNetworkReply.data();
        mNetworkReply.clear();
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    // Observers (the activity log) hear of it before the receivers of finished(), which may delete the reply.
    if (auto *client = qobject_cast<KubeClient *>(parent()))
        client->reportRequest(this, KubeRequestRecord::Event::Finished);
    Q_EMIT finished();
    if (mAutoDelete)
        deleteLater();
}

void KubeReply::finishOk(int httpStatus, const QByteArray &body, const QJsonObject &json)
{
    mHttpStatus = httpStatus;
    mBody = body;
    mJson = json;
    finishWith({});
}
