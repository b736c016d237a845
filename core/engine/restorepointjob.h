// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "disasterrecoveryjob.h"

#include <QPointer>

class ReplicationEngine;

/// keep / release / delete one restore point (a VolumeSnapshot of the relationship's destination):
/// - keep: labels it volsync.backube/do-not-delete, so that VolSync never deletes it;
/// - release: removes the label; the latest image is VolSync's again (deleted after a newer sync), an older one
///   stays until deleted;
/// - delete: removes a released snapshot (not the latest image, not a kept one, not one being restored).
class RestorePointJob : public DisasterRecoveryJob
{
    Q_OBJECT
public:
    enum class Action { Keep, Release, Delete };
    Q_ENUM(Action)

    RestorePointJob(ReplicationEngine *engine, const QString &name, const QString &snapshot, Action action,
        QObject *parent = nullptr);

protected:
    void run() override;

private:
    QString mSnapshot;
    Action mAction;
};
