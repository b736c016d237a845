// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "disasterrecoveryhistory.h"
#include "disasterrecoveryjob.h"
#include "restorepoint.h"

#include <QPointer>

class ReplicationEngine;

/// restore-points: the VolumeSnapshots of a relationship's destination that can be restored (the latest image,
/// kept ones and released ones not yet deleted), oldest first, with time, size and ready state; and the
/// relationship's disaster-recovery history, read on a worker thread meanwhile (the dashboard's line).
class RestorePointsJob : public DisasterRecoveryJob
{
    Q_OBJECT
public:
    RestorePointsJob(ReplicationEngine *engine, const QString &name, QObject *parent = nullptr);

    [[nodiscard]] RestorePoints restorePoints() const { return mPoints; }
    /// The relationship's DisasterRecoveryHistory, oldest first.
    [[nodiscard]] QList<DisasterRecoveryRecord> history() const { return mHistory; }

protected:
    void run() override;

private:
    void readHistory(const QString &relationshipId);
    void finishWhenBothDone();

    RestorePoints mPoints;
    QList<DisasterRecoveryRecord> mHistory;
    bool mListed = false;
    bool mHistoryRead = false;
};
