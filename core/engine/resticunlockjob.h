// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "objectname.h"
#include "replicationjob.h"

#include <QPointer>

class KubeSession;

/// Unlocks the restic repository of a ReplicationSource the VolSync way: sets `spec.restic.unlock` to a new
/// value (a merge patch); before its next backup VolSync runs `restic unlock` and then sets
/// `status.restic.lastUnlocked` to that value. The fix of the troubleshooter's "restic repository locked".
class ResticUnlockJob : public ReplicationJob
{
    Q_OBJECT
public:
    ResticUnlockJob(KubeSession *session, const ObjectName &source, QObject *parent = nullptr);

    /// The value written to spec.restic.unlock (set when the job runs).
    [[nodiscard]] QString unlockValue() const { return mValue; }

protected:
    void run() override;

private:
    QPointer<KubeSession> mSession;
    ObjectName mSource;
    QString mValue;
};
