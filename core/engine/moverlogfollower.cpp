// SPDX-License-Identifier: GPL-3.0-or-later
#include "moverlogfollower.h"

#include "kube/kubeclient.h"
#include "kube/kubereply.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTimer>

#include <algorithm>

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
        // The Job's pods, oldest first (creationTimestamp has whole seconds: then by name, as listed); the
        // first container of each (VolSync's movers have one).
        QList<QJsonObject> pods = reply->items();
        std::stable_sort(pods.begin(), pods.end(), [](const QJsonObject &a, const QJsonObject &b) {
            return metadataOf(a).value(QStringLiteral("creationTimestamp")).toString()
                < metadataOf(b).value(QStringLiteral("creationTimestamp")).toString();
        });
        const auto containerOf = [](const QJsonObject &pod) {
            return pod.value(QStringLiteral("status"))
                .toObject()
                .value(QStringLiteral("containerStatuses"))
                .toArray()
                .first()
                .toObject();
        };
        const auto hasLog = [this](const QJsonObject &container) {
            const QJsonObject state = container.value(QStringLiteral("state")).toObject();
            return state.contains(QStringLiteral("running")) || state.contains(QStringLiteral("terminated"))
                || (mPrevious && container.value(QStringLiteral("restartCount")).toInt() > 0);
        };
        // First the Job's earlier attempts (a failed pod says why it failed), then its newest pod.
        if (!mBacklogRead && !mPrevious) {
            mBacklogRead = true;
            for (qsizetype i = 0; i + 1 < pods.size(); ++i) {
                const QJsonObject container = containerOf(pods.at(i));
                if (hasLog(container)) {
                    mBacklog.append({metadataOf(pods.at(i)).value(QStringLiteral("name")).toString(),
                        container.value(QStringLiteral("name")).toString(),
                        container.value(QStringLiteral("restartCount")).toInt()});
                }
            }
        }
        if (!mBacklog.isEmpty()) {
            const Run run = mBacklog.takeFirst();
            stream(run.pod, run.container, run.restartCount, false, true);
            return;
        }
        const QJsonObject newest = pods.isEmpty() ? QJsonObject() : pods.constLast();
        const QString pod = metadataOf(newest).value(QStringLiteral("name")).toString();
        const QJsonObject container = containerOf(newest);
        const QJsonObject state = container.value(QStringLiteral("state")).toObject();
        const int restarts = container.value(QStringLiteral("restartCount")).toInt();
        const bool newRun = pod != mPod || restarts > mRestartCount;
        if (!pod.isEmpty() && hasLog(container) && newRun) {
            mIdleSinceMs = -1;
            stream(pod, container.value(QStringLiteral("name")).toString(), restarts, mFollow && !mPrevious, false);
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

void MoverLogFollower::stream(
    const QString &pod, const QString &container, int restartCount, bool follow, bool earlierAttempt)
{
    mPod = pod;
    mRestartCount = restartCount;
    KubePodLogOptions options;
    options.container = container;
    options.previous = mPrevious;
    options.follow = follow;
    // The tail bounds what is shown first: each earlier attempt and the first run followed.
    if (!mCaughtUp) {
        options.tailLines = mTailLines;
    }
    mCaughtUp = !earlierAttempt;
    mStreamIsEarlierAttempt = earlierAttempt;
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
    if (mStreamIsEarlierAttempt) {
        // An earlier attempt was read: on to the next one, or to the newest pod.
        mPoll->start(0);
        return;
    }
    if (!mFollow || mPrevious) {
        // A single read whose run went between the look and the read (the pod replaced: 404; the kubelet refusing
        // the run it was asked for: 400) has read nothing: look again and read the run there is now, a few times.
        const bool runWent = reply->error().isNotFound() || (!mPrevious && reply->httpStatus() == 400);
        if (!reply->isOk() && runWent && mMissedReads < kMaxMissedReads) {
            ++mMissedReads;
            --mRuns;
            mPod.clear();
            mPoll->start(0);
            return;
        }
        finish(reply->isOk() ? QString() : reply->error().message());
        return;
    }
    if (!reply->isOk()) {
        // The kubelet refused (400: the container is still waiting to start) or the pod went: this run has not
        // been read, so the next look at the Job streams it again.
        mPod.clear();
    }
    // The run ended (or its pod went): look for the next run, in place or in a new pod.
    mPoll->start(mPollIntervalMs);
}
