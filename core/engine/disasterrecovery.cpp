// SPDX-License-Identifier: GPL-3.0-or-later
#include "disasterrecovery.h"

#include "replicationendtestjob.h"
#include "replicationengine.h"
#include "replicationfailbackjob.h"
#include "replicationfailoverjob.h"
#include "restorepointsjob.h"

ReplicationFailoverJob *DisasterRecovery::failover(
    ReplicationEngine *engine, const QString &name, const FailoverOptions &options)
{
    return new ReplicationFailoverJob(engine, name, options, engine);
}

ReplicationEndTestJob *DisasterRecovery::endTest(
    ReplicationEngine *engine, const QString &name, const EndTestOptions &options)
{
    return new ReplicationEndTestJob(engine, name, options, engine);
}

RestorePointsJob *DisasterRecovery::restorePoints(ReplicationEngine *engine, const QString &name)
{
    return new RestorePointsJob(engine, name, engine);
}

RestorePointJob *DisasterRecovery::restorePoint(
    ReplicationEngine *engine, const QString &name, const QString &snapshot, RestorePointJob::Action action)
{
    return new RestorePointJob(engine, name, snapshot, action, engine);
}

ReplicationFailbackJob *DisasterRecovery::failback(
    ReplicationEngine *engine, const QString &name, const QString &reverseName)
{
    return new ReplicationFailbackJob(engine, name, reverseName, engine);
}
