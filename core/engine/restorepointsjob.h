// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "replicationjob.h"
#include "restorepoint.h"

#include <QPointer>

class ReplicationEngine;

/// restore-points: the VolumeSnapshots of a relationship's destination that can be restored (the latest image,
/// kept ones and released ones not yet deleted), oldest first, with time, size and ready state.
class RestorePointsJob : public ReplicationJob
{
    Q_OBJECT
public:
    RestorePointsJob(ReplicationEngine *engine, const QString &name, QObject *parent = nullptr);

    [[nodiscard]] RestorePoints restorePoints() const { return mPoints; }

protected:
    void run() override;

private:
    QPointer<ReplicationEngine> mEngine;
    QString mName;
    RestorePoints mPoints;
};
