// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "replicationjob.h"

#include <QPointer>

#include <functional>

class ReplicationEngine;

/// fail back, after a failover: sets up the reverse relationship as a new relationship file (`<name>-reverse`
/// unless named; both our tools and the upstream plugin read it) and syncs it once:
/// - its source is the promoted PVC (where the data lives now, the primary during fail back);
/// - its destination is the original PVC itself, on the original cluster (copy method Direct), so that a planned
///   failover of the reverse relationship leaves the newest data in the original PVC and moves the workload home.
/// The original ReplicationSource stays paused (the failover paused it); the original PVC must not be in use
/// while the reverse relationship writes to it. Each step says which side is primary. Once the reverse
/// relationship has synced, the original relationship gets back the schedule a planned failover's final sync
/// replaced (in its file and on its still paused ReplicationSource). Resumable: a reverse file that exists with
/// the same sides is used again.
class ReplicationFailbackJob : public ReplicationJob
{
    Q_OBJECT
public:
    ReplicationFailbackJob(
        ReplicationEngine *engine, const QString &name, const QString &reverseName, QObject *parent = nullptr);

    [[nodiscard]] QString reverseName() const { return mReverse; }

protected:
    void run() override;

private:
    /// Runs `job` as a step of the fail back; `then` goes on when it succeeded.
    void runThen(ReplicationJob *job, std::function<void()> then);
    void restoreSchedule();
    void finish();

    QPointer<ReplicationEngine> mEngine;
    QString mName;
    QString mReverse;
    QString mId;
    QString mSchedule; ///< the original relationship's schedule before the failover
    QString mSourceCluster;
    QString mSourceNamespace;
    QString mSourceName; ///< the original ReplicationSource
};
