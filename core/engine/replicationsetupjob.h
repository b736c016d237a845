// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "replicationjob.h"
#include "replicationsettings.h"

#include <QList>
#include <QPointer>

class RelationshipDraft;
class ReplicationEngine;

/// The whole setup of a relationship from a RelationshipDraft, as `volsyncctl` would do it step by step:
/// create the destination namespace (when asked), create the file (or upgrade it to rsync-TLS), set-source,
/// set-destination, then schedule (or one sync when manual). For an existing relationship only the sides that
/// change are set again. Resumable: a job started at failedStage() of an earlier one continues where that
/// stopped (every stage is safe to repeat).
class ReplicationSetupJob : public ReplicationJob
{
    Q_OBJECT
public:
    enum class Stage { CreateNamespace, Create, SetSource, SetDestination, Apply };
    Q_ENUM(Stage)

    /// Takes a copy of the draft's choices. `firstStage`: an index into stages() to resume at.
    ReplicationSetupJob(
        ReplicationEngine *engine, const RelationshipDraft &draft, int firstStage = 0, QObject *parent = nullptr);

    /// The stages this setup runs, in order (all of them, also those before firstStage).
    [[nodiscard]] QList<Stage> stages() const { return mStages; }
    [[nodiscard]] QString stageTitle(Stage stage) const;
    /// The stage running, or that failed (an index into stages()); stages().size() when all are done.
    [[nodiscard]] int currentStage() const { return mIndex; }
    [[nodiscard]] QString relationshipName() const { return mName; }

Q_SIGNALS:
    void stageStarted(int index, ReplicationSetupJob::Stage stage);
    void stageFinished(int index, ReplicationSetupJob::Stage stage, bool ok);

protected:
    void run() override;

private:
    void runStage();
    void runStageJob(ReplicationJob *job);
    void stageDone();

    QPointer<ReplicationEngine> mEngine;
    QString mName;
    QString mId;
    bool mRsyncTls = false;
    bool mUpgradeToRsyncTls = false;
    SourceSettings mSource;
    DestinationSettings mDestination;
    QString mCronSpec;
    bool mAllowPrivilegedMovers = false;
    QList<Stage> mStages;
    int mIndex = 0;
};
