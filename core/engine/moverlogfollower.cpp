// SPDX-License-Identifier: GPL-3.0-or-later
#include "moverlogfollower.h"

#include "kube/kubeclient.h"
#include "kube/kubereply.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTimer>

namespace {

QJsonObject metadataOf(const QJsonObject &object)
{
    return object.value(QStringLiteral("metadata")).toObject();
}

} // namespace

MoverLogFollower::MoverLogFollower(
    KubeClient *client, const QString &namespaceName, const QString &jobName, QObject *parent)
    : QObject(parent)
    , mClient(client)
    , mNamespace(namespaceName)
    , mJob(jobName)
    , mPoll(new QTimer(this))
{
    mPoll->setSingleShot(true);
    connect(mPoll, &QTimer::timeout, this, &MoverLogFollower::lookForRun);
}

void MoverLogFollower::start()
{
    lookForRun();
}

void MoverLogFollower::stop()
{
    if (mReply) {
        mReply->abort();
    }
    finish(QString());
}

void MoverLogFollower::finish(const QString &error)
{
    if (mFinished) {
        return;
    }
    mFinished = true;
    mPoll->stop();
    Q_EMIT finished(error);
}

void MoverLogFollower::lookForRun()
{
    if (mFinished) {
        return;
    }
    if (!mClient) {
        finish(QStringLiteral("the cluster's client is gone"));
        return;
    }
    KubeRequest::ListOptions options;
    options.labelSelector = QStringLiteral("job-name=") + mJob;
    KubeReply *reply = mClient->list(KubeResource::pods(), mNamespace, options);
    connect(reply, &KubeReply::finished, this, [this, reply] {
        if (mFinished) {
            return;
        }
        if (!reply->isOk()) {
            finish(reply->error().message());
            return;
        }
        // The newest pod of the Job; its first container (VolSync's movers have one).
        QJsonObject newest;
        for (const QJsonObject &pod : reply->items()) {
            if (newest.isEmpty()
                || metadataOf(pod).value(QStringLiteral("creationTimestamp")).toString()
                    >= metadataOf(newest).value(QStringLiteral("creationTimestamp")).toString()) {
                newest = pod;
            }
        }
        const QString pod = metadataOf(newest).value(QStringLiteral("name")).toString();
        const QJsonObject container = newest.value(QStringLiteral("status"))
                                          .toObject()
                                          .value(QStringLiteral("containerStatuses"))
                                          .toArray()
                                          .first()
                                          .toObject();
        const QJsonObject state = container.value(QStringLiteral("state")).toObject();
        const int restarts = container.value(QStringLiteral("restartCount")).toInt();
        const bool hasLog = state.contains(QStringLiteral("running")) || state.contains(QStringLiteral("terminated"))
            || (mPrevious && restarts > 0);
        const bool newRun = pod != mPod || restarts > mRestartCount;
        if (!pod.isEmpty() && hasLog && newRun) {
            mIdleSinceMs = -1;
            stream(pod, container.value(QStringLiteral("name")).toString(), restarts);
            return;
        }
        if (!mFollow && mRuns > 0) {
            finish(QString());
            return;
        }
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        if (mIdleSinceMs < 0) {
            mIdleSinceMs = now;
        }
        if (now - mIdleSinceMs >= mIdleTimeoutMs) {
            if (mRuns == 0) {
                finish(pod.isEmpty() ? QStringLiteral("mover Job %1 in namespace %2 has no pod").arg(mJob, mNamespace)
                                     : QStringLiteral("the mover pod %1 has not started: %2")
                                           .arg(pod,
                                               state.value(QStringLiteral("waiting"))
                                                   .toObject()
                                                   .value(QStringLiteral("reason"))
                                                   .toString(QStringLiteral("waiting"))));
            } else {
                finish(QString());
            }
            return;
        }
        mPoll->start(mPollIntervalMs);
    });
}

void MoverLogFollower::stream(const QString &pod, const QString &container, int restartCount)
{
    mPod = pod;
    mRestartCount = restartCount;
    KubePodLogOptions options;
    options.container = container;
    options.previous = mPrevious;
    options.follow = mFollow && !mPrevious;
    if (mRuns == 0) {
        options.tailLines = mTailLines;
    }
    ++mRuns;
    mDecoder = QStringDecoder(QStringDecoder::Utf8);
    Q_EMIT runStarted(pod, restartCount);
    KubeReply *reply = mClient->send(KubeRequest::podLog(mNamespace, pod, options));
    mReply = reply;
    connect(reply, &KubeReply::dataReceived, this, [this](const QByteArray &data) {
        const QString decoded = mDecoder.decode(data);
        if (!decoded.isEmpty()) {
            Q_EMIT text(decoded);
        }
    });
    connect(reply, &KubeReply::finished, this, [this, reply] { onStreamEnded(reply); });
}

void MoverLogFollower::onStreamEnded(KubeReply *reply)
{
    if (mFinished) {
        return;
    }
    if (!reply->isOk() && !reply->error().isNotFound() && reply->httpStatus() != 400) {
        finish(reply->error().message());
        return;
    }
    if (!mFollow || mPrevious) {
        finish(reply->isOk() ? QString() : reply->error().message());
        return;
    }
    // The run ended (or its pod went): look for the next run, in place or in a new pod.
    mPoll->start(mPollIntervalMs);
}
