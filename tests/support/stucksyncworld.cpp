// SPDX-License-Identifier: GPL-3.0-or-later
#include "stucksyncworld.h"

#include "engine/relationshipstore.h"
#include "engine/replicationrelationship.h"
#include "sim/simstore.h"
#include "simfixture.h"

#include <QDateTime>

namespace {
const QString kSchedule = QStringLiteral("0 * * * *");

QJsonObject metadata(const QString &name, const QString &relationshipId)
{
    return QJsonObject {{QStringLiteral("name"), name},
        {QStringLiteral("labels"), QJsonObject {{QStringLiteral("volsync.backube/relationship"), relationshipId}}},
        {QStringLiteral("annotations"),
            QJsonObject {{QStringLiteral("sim.volsync-desktop/fleet-behaviour"), QStringLiteral("stuck")}}}};
}

QJsonObject restic()
{
    return QJsonObject {{QStringLiteral("repository"), QStringLiteral("cfg")}};
}
} // namespace

StuckSyncWorld::StuckSyncWorld(const QString &name, const QString &relationshipId)
    : mName(name)
    , mRelationshipId(relationshipId)
{ }

StuckSyncWorld::~StuckSyncWorld() = default;

bool StuckSyncWorld::start(QString *error)
{
    if (!mConfig.isValid()) {
        *error = QStringLiteral("no temporary folder for the relationship files");
        return false;
    }
    SimFixture::Options options;
    options.simulator.clusters = {cluster()};
    options.operatorOptions = SimFixture::fastOperator();
    options.seed = QStringLiteral("empty");
    mSim = std::make_unique<SimFixture>(options);
    if (!mSim->start(error))
        return false;

    ReplicationRelationship rel;
    rel.name = mName;
    rel.id = mRelationshipId;
    rel.source = ReplicationSourceSide {};
    rel.source->cluster = cluster();
    rel.source->namespaceName = namespaceName();
    rel.source->pvcName = QStringLiteral("data");
    rel.source->rsName = mName;
    rel.source->trigger.schedule = kSchedule;
    rel.destination = ReplicationDestinationSide {};
    rel.destination->cluster = cluster();
    rel.destination->namespaceName = namespaceName();
    rel.destination->rdName = mName + QStringLiteral("-dst");
    if (!RelationshipStore(configDir()).save(rel, error))
        return false;

    const QJsonObject source {{QStringLiteral("metadata"), metadata(mName, mRelationshipId)},
        {QStringLiteral("spec"),
            QJsonObject {{QStringLiteral("sourcePVC"), rel.source->pvcName},
                {QStringLiteral("trigger"), QJsonObject {{QStringLiteral("schedule"), kSchedule}}},
                {QStringLiteral("restic"), restic()}}}};
    const QJsonObject destination {{QStringLiteral("metadata"), metadata(rel.destination->rdName, mRelationshipId)},
        {QStringLiteral("spec"), QJsonObject {{QStringLiteral("restic"), restic()}}}};
    const auto created = [&](const QString &resource, const QJsonObject &object) {
        const auto result = store()->create(resource, namespaceName(), object);
        if (!result.ok())
            *error
                = QStringLiteral("cannot create the %1 of relationship %2: %3").arg(resource, mName, result.message());
        return result.ok();
    };
    if (!created(QStringLiteral("replicationdestinations"), destination)
        || !created(QStringLiteral("replicationsources"), source))
        return false;
    const SimStoreResult running
        = store()->patchStatus(QStringLiteral("replicationsources"), namespaceName(), mName, runningStatus());
    if (!running.ok())
        *error = QStringLiteral("cannot set the status of ReplicationSource %1: %2").arg(mName, running.message());
    return running.ok();
}

SimStore *StuckSyncWorld::store() const
{
    return mSim ? mSim->store(cluster()) : nullptr;
}

QString StuckSyncWorld::kubeconfigPath() const
{
    return mSim ? mSim->kubeconfigPath() : QString();
}

bool StuckSyncWorld::setSourceStatus(const QJsonObject &status)
{
    return store() && store()->patchStatus(QStringLiteral("replicationsources"), namespaceName(), mName, status).ok();
}

QJsonObject StuckSyncWorld::runningStatus()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    return QJsonObject {{QStringLiteral("lastSyncTime"), SimStore::formatTimestamp(now.addSecs(-3000))},
        {QStringLiteral("lastSyncStartTime"), SimStore::formatTimestamp(now)},
        {QStringLiteral("latestMoverStatus"), QJsonObject {{QStringLiteral("result"), QStringLiteral("Successful")}}}};
}

QJsonObject StuckSyncWorld::syncedStatus()
{
    return QJsonObject {{QStringLiteral("lastSyncTime"), SimStore::formatTimestamp(QDateTime::currentDateTimeUtc())},
        {QStringLiteral("lastSyncStartTime"), QJsonValue::Null},
        {QStringLiteral("latestMoverStatus"), QJsonObject {{QStringLiteral("result"), QStringLiteral("Successful")}}}};
}
