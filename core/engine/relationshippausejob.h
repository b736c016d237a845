// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "relationshipstore.h"
#include "replicationjob.h"

#include <QPointer>

class KubeSession;

/// pause / resume: sets or clears `spec.paused` of the relationship's ReplicationSource (VolSync then starts
/// no new sync, manual or scheduled) and remembers it in the file, so that applying again keeps it.
/// Separate from the schedule: resuming brings back the same schedule.
class RelationshipPauseJob : public ReplicationJob
{
    Q_OBJECT
public:
    RelationshipPauseJob(KubeSession *session, const RelationshipStore &store, const QString &name, bool paused,
        QObject *parent = nullptr);

protected:
    void run() override;

private:
    QPointer<KubeSession> mSession;
    RelationshipStore mStore;
    QString mName;
    bool mPaused = true;
};
