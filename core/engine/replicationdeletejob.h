// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "relationshipstore.h"
#include "replicationengine.h"
#include "replicationjob.h"

#include <QPointer>

class KubeSession;

/// delete: lists what will be removed (the labelled ReplicationSources and Secrets of the source
/// namespace, the labelled ReplicationDestinations of the destination namespace), optionally keeps the
/// latest destination snapshot, deletes by label (as upstream), reports each object, and removes the
/// file only when every deletion worked (so that a rerun can finish the job).
class ReplicationDeleteJob : public ReplicationJob
{
    Q_OBJECT
public:
    ReplicationDeleteJob(KubeSession *session, const RelationshipStore &store, const QString &name,
        const DeleteOptions &options, QObject *parent = nullptr);

    /// The objects that will be (or, with dryRun, would be) removed; known after the listing step.
    [[nodiscard]] QList<ObjectResult> plan() const { return mPlan; }

Q_SIGNALS:
    /// The listing is done: these objects will be removed.
    void planReady(const QList<ObjectResult> &plan);

protected:
    void run() override;

private:
    void listNext(int index);
    void keepSnapshot();
    void deleteNext(int index);
    void finishDelete();

    QPointer<KubeSession> mSession;
    RelationshipStore mStore;
    QString mName;
    DeleteOptions mOptions;
    ReplicationRelationship mRelationship;
    struct Collection {
        KubeClient *client;
        QString cluster;
        QString ns;
        int resource; // 0 RS, 1 Secret, 2 RD
    };
    QList<Collection> mCollections;
    QList<ObjectResult> mPlan;
    QStringList mFailures;
};
