// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QString>
#include <QTemporaryDir>

#include <memory>

class SimFixture;
class SimStore;

/// The world of `volsyncctl replication wait` (its test and its benchmark): one simulated cluster "solo" (seed
/// "empty", the fast operator), a relationship folder and relationship `name` whose source, the restic
/// ReplicationSource `name` in namespace "default", is in the middle of a run that only the caller ends (its objects
/// are annotated "stuck": SimFleetMovers leaves such a run alone, and the simulated operator leaves the objects to
/// it). Its destination is the restic ReplicationDestination `name`-dst.
class StuckSyncWorld
{
public:
    StuckSyncWorld(const QString &name, const QString &relationshipId);
    ~StuckSyncWorld();

    /// Starts the cluster, writes the relationship file and creates its objects with the run in progress
    /// (runningStatus()). False, with what failed in `error`, when that did not work.
    bool start(QString *error);

    [[nodiscard]] SimFixture *sim() const { return mSim.get(); }
    [[nodiscard]] SimStore *store() const;
    [[nodiscard]] QString kubeconfigPath() const;
    [[nodiscard]] QString configDir() const { return mConfig.path(); }
    [[nodiscard]] QString name() const { return mName; }
    [[nodiscard]] static QString cluster() { return QStringLiteral("solo"); }
    [[nodiscard]] static QString namespaceName() { return QStringLiteral("default"); }

    /// Sets the status of the source (its status subresource). False when the store refused it.
    bool setSourceStatus(const QJsonObject &status);
    /// A run in progress: the last sync 50 minutes ago, successful; this run started now.
    [[nodiscard]] static QJsonObject runningStatus();
    /// The run ended now, successfully.
    [[nodiscard]] static QJsonObject syncedStatus();

private:
    QString mName;
    QString mRelationshipId;
    QTemporaryDir mConfig;
    std::unique_ptr<SimFixture> mSim;
};
