// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringDecoder>

#include <optional>

class KubeClient;
class KubeReply;
class QTimer;

/// Streams the log of a mover Job (VolSync's volsync-rsync[-tls]-{src|dst}-<name>): first its earlier attempts
/// (failed pods say why they failed), then its newest pod, with `follow` while its container runs. Follows on across a
/// restart of the container in place (the new run's log) and across a new pod of the Job (a retried attempt), until the
/// Job has no running pod left for `idleTimeoutMs`, or stop(). Bytes are decoded as UTF-8 (sequences split between
/// reads are kept, invalid bytes become U+FFFD); nothing is kept here, so memory stays bounded however long the log is.
class MoverLogFollower : public QObject
{
    Q_OBJECT
public:
    MoverLogFollower(
        KubeClient *client, const QString &namespaceName, const QString &jobName, QObject *parent = nullptr);

    /// Only the last `lines` lines of the first run (default: all).
    void setTailLines(std::optional<qint64> lines) { mTailLines = lines; }
    /// Follow (default) or read what is there once.
    void setFollow(bool follow) { mFollow = follow; }
    /// The previous run of a restarted container instead (implies no follow).
    void setPrevious(bool previous) { mPrevious = previous; }
    /// How long to wait for a new run or pod once a stream ended (default 30 s).
    void setIdleTimeoutMs(int milliseconds) { mIdleTimeoutMs = milliseconds; }
    /// How often to look for a new run or pod (default 1 s).
    void setPollIntervalMs(int milliseconds) { mPollIntervalMs = milliseconds; }

    void start();
    void stop();
    [[nodiscard]] QString currentPod() const { return mPod; }
    [[nodiscard]] int runsFollowed() const { return mRuns; }

Q_SIGNALS:
    /// The next piece of the log (whole characters).
    void text(const QString &text);
    /// A new run is followed: `pod` with its container's `restartCount`.
    void runStarted(const QString &pod, int restartCount);
    /// Ended: no run left to follow (`error` empty), or a failure.
    void finished(const QString &error);

private:
    void lookForRun();
    /// `earlierAttempt`: a pod before the Job's newest, read once before it.
    void stream(const QString &pod, const QString &container, int restartCount, bool follow, bool earlierAttempt);
    void onStreamEnded(KubeReply *reply);
    void finish(const QString &error);

    QPointer<KubeClient> mClient;
    QString mNamespace;
    QString mJob;
    std::optional<qint64> mTailLines;
    bool mFollow = true;
    bool mPrevious = false;
    int mIdleTimeoutMs = 30000;
    int mPollIntervalMs = 1000;
    QString mPod;
    int mRestartCount = -1;
    int mRuns = 0;
    static constexpr int kMaxMissedReads = 3;
    int mMissedReads = 0; ///< single reads whose run was gone by the time it was read
    qint64 mIdleSinceMs = -1;
    struct Run {
        QString pod;
        QString container;
        int restartCount = 0;
    };
    QList<Run> mBacklog; ///< the Job's earlier attempts, read first
    bool mBacklogRead = false;
    bool mCaughtUp = false;
    bool mStreamIsEarlierAttempt = false;
    QPointer<KubeReply> mReply;
    QTimer *mPoll = nullptr;
    QStringDecoder mDecoder {QStringDecoder::Utf8};
    bool mFinished = false;
};
