// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "objectname.h"
#include "replicationjob.h"

#include <QPointer>

class KubeSession;

/// Turns VolSync's debug mover of one ReplicationSource or ReplicationDestination on or off: sets or removes its
/// volsync.backube/enable-debug-mover annotation (a merge patch of metadata.annotations). VolSync then replaces
/// the mover Job: with the annotation its pod prints how to run the mover script by hand and sleeps instead of
/// moving data (see VolSyncNames for what was read in VolSync's source).
class DebugMoverJob : public ReplicationJob
{
    Q_OBJECT
public:
    /// `kind`: "ReplicationSource" or "ReplicationDestination".
    DebugMoverJob(
        KubeSession *session, const QString &kind, const ObjectName &object, bool enable, QObject *parent = nullptr);

protected:
    void run() override;

private:
    QPointer<KubeSession> mSession;
    QString mKind;
    ObjectName mObject;
    bool mEnable = false;
};
