// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "replicationjob.h"
#include "replicationrelationship.h"

#include <QPointer>
#include <QString>

#include <optional>

class KubeClient;
class ReplicationEngine;

/// The base of the disaster-recovery jobs that work on a relationship's destination (failover and its test,
/// end-test, the restore points): they start the same way, with loadDestination().
class DisasterRecoveryJob : public ReplicationJob
{
    Q_OBJECT
public:
    struct Destination {
        ReplicationRelationship relationship; ///< has a destination
        KubeClient *client = nullptr; ///< the destination's context's (valid), owned by the engine's session
        [[nodiscard]] const ReplicationDestinationSide &side() const { return *relationship.destination; }
    };

protected:
    DisasterRecoveryJob(ReplicationEngine *engine, const QString &name, QObject *parent);

    /// Loads the relationship's file, refuses one without a destination (Invalid, with `noDestination`) and gets
    /// the destination's client. On a problem the job fails (a bad context with its KubeError) and nullopt is
    /// returned.
    [[nodiscard]] std::optional<Destination> loadDestination(const QString &noDestination);

    QPointer<ReplicationEngine> mEngine;
    QString mName; ///< the relationship
};
