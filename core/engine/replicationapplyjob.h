// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "privilegedmovers.h"
#include "relationshipstore.h"
#include "replicationengine.h"
#include "replicationjob.h"
#include "replicationstatus.h"

#include <QPointer>
#include <QSet>

class KubeSession;
class KubeWatcher;
class QTimer;

/// schedule and sync: apply both sides with upstream's sequence of calls (destination storage, RD,
/// wait for address and keys, key Secret copy, RS), then save the file. sync then waits (watching, not
/// polling) for `status.lastManualSync` to reach its trigger and reports the mover's result.
/// Nothing is saved when a step fails; running the command again completes the work.
class ReplicationApplyJob : public ReplicationJob
{
    Q_OBJECT
public:
    /// schedule
    ReplicationApplyJob(KubeSession *session, const RelationshipStore &store, const QString &name,
        const QString &cronSpec, const ApplyOptions &options, QObject *parent = nullptr);
    /// sync
    ReplicationApplyJob(KubeSession *session, const RelationshipStore &store, const QString &name,
        const SyncOptions &options, QObject *parent = nullptr);
    ~ReplicationApplyJob() override;

    [[nodiscard]] bool isSync() const { return mSync; }
    /// The manual trigger value this sync uses (RFC 3339 with milliseconds; unique).
    [[nodiscard]] QString manualTrigger() const { return mManualTag; }
    /// The last mover result seen while waiting for the sync.
    [[nodiscard]] std::optional<MoverStatus> moverStatus() const { return mMoverStatus; }
    /// The mover's run of the completed sync as VolSync reports it (-1: not reported, or no sync completed).
    [[nodiscard]] qint64 moverDurationMs() const { return mMoverDurationMs; }
    /// How many failed mover runs were seen while waiting (VolSync retries them).
    [[nodiscard]] int failedAttempts() const { return mFailedAttempts; }
    [[nodiscard]] ReplicationRelationship relationship() const { return mRelationship; }
    /// The schedule this sync replaced and puts back when it ends (none: nothing to put back).
    [[nodiscard]] std::optional<QString> keptSchedule() const { return mScheduleToRestore; }

    /// Whether process `pid` runs (0 or a gone process: false).
    [[nodiscard]] static bool processAlive(qint64 pid);
    /// Whether a pending schedule restore was left by a process that is gone (so this one must finish it).
    [[nodiscard]] static bool isInterrupted(const PendingScheduleRestore &pending);

    /// A manual trigger value: the local time in RFC 3339 with milliseconds, different from `previous`
    /// and from every value this process made before, even within the same millisecond.
    [[nodiscard]] static QString uniqueManualTrigger(const QString &previous = QString());

Q_SIGNALS:
    /// The mover failed while we wait; VolSync retries. `lastLogLines` are the last lines of its log.
    void moverFailed(int attempt, const QString &lastLogLines);

protected:
    void run() override;
    void onCancel() override;
    bool cleanUp() override;

private:
    void checkNamespaces();
    void annotateNamespaces(const QList<PrivilegedMovers::Namespace> &missing);
    void readSourcePvc();
    void prepareDestinationStorage();
    void applyDestination();
    void waitForDestination();
    void copyKeys(const QString &secretName);
    void applySource();
    void saveFile();
    bool storeChanges(QString *error);
    void sourceGone();
    void waitForSync();
    void checkSync(const QJsonObject &rs);
    void retrigger();
    void restoreSchedule();
    bool recordPendingRestore();
    void saveRestored(const QString &note);
    void stopWatching();

    QPointer<KubeSession> mSession;
    RelationshipStore mStore;
    QString mName;
    bool mSync = false;
    QString mCronSpec;
    ApplyOptions mApply;
    SyncOptions mSyncOptions;
    ReplicationRelationship mRelationship;
    ReplicationRelationship mLoaded; ///< the file as this job read (or last wrote) it

    std::optional<QString> mScheduleToRestore;
    QString mManualTag;
    KubeClient *mSourceClient = nullptr;
    KubeClient *mDestinationClient = nullptr;
    QJsonObject mSourcePvc;
    QString mAddress;
    QString mKeySecret;
    KubeWatcher *mWatcher = nullptr;
    QTimer *mTimer = nullptr;
    QJsonObject mLastMover;
    std::optional<MoverStatus> mMoverStatus;
    int mFailedAttempts = 0;
    bool mSyncInFlight = false;
    bool mRetriggered = false;
    QSet<QString> mOwnTags; ///< manual triggers this job set
    QSet<QString> mSupersedingTags; ///< manual triggers another program set over ours meanwhile
    QDateTime mSyncStarted;
    qint64 mMoverDurationMs = -1;
    bool mRestoreRecorded = false; ///< this job wrote the pending restore into the file
    bool mHadInterruptedRestore = false; ///< the file held one from a process that is gone
};
