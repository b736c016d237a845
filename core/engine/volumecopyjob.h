// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "objectname.h"
#include "replicationjob.h"

#include <QJsonObject>
#include <QPointer>
#include <QString>

#include <functional>

class KubeClient;
class ReplicationEngine;

/// Copies one PVC into another namespace or cluster once, through a one-shot VolSync relationship (rsync, as
/// `kubectl volsync replication` does across namespaces and clusters): what a failover needs when the target is
/// not in the snapshot's own namespace, where alone a VolumeSnapshot can be restored.
///
/// Steps, each safe to repeat (the target PVC's copyingAnnotation() says the copy is not complete yet; the
/// relationship's file is the copy's state):
/// - CopyVolume: creates the target PVC (`target`, annotated copyingAnnotation()=relationship) unless it exists;
///   creates the relationship `relationship` (source: `from`, Direct; destination: the target PVC, Direct), syncs
///   it once, then clears the annotation on the target PVC.
/// - DeleteSource/DeleteDestination: deletes the relationship (its ReplicationSource, ReplicationDestination,
///   key Secrets and file; the target PVC stays, as for any Direct destination), then the `from` PVC, which was
///   made for this copy only.
class VolumeCopyJob : public ReplicationJob
{
    Q_OBJECT
public:
    struct Copy {
        ObjectName from; ///< the PVC to copy (context filled in); deleted once copied
        QJsonObject target; ///< the PersistentVolumeClaim to create (its metadata names it)
        ObjectName to; ///< where `target` goes (context filled in)
        QString relationship; ///< the one-shot relationship's name
        bool rsyncTls = true;
        QString serviceType = QStringLiteral("ClusterIP");
        int timeoutMs = 30 * 60 * 1000;
    };

    VolumeCopyJob(ReplicationEngine *engine, const Copy &copy, QObject *parent = nullptr);

    /// `volsync-desktop/copying-through` on a target PVC whose copy is not complete (value: the relationship).
    [[nodiscard]] static QString copyingAnnotation();

protected:
    void run() override;

private:
    void createTarget();
    void copy();
    void markCopied();
    void removeRelationship();
    void deleteSource();
    /// Runs `job` as a step of the copy; `then` goes on when it succeeded.
    void runThen(ReplicationJob *job, std::function<void()> then);
    [[nodiscard]] QString toText() const;

    QPointer<ReplicationEngine> mEngine;
    Copy mCopy;
    KubeClient *mFromClient = nullptr;
    KubeClient *mToClient = nullptr;
};
