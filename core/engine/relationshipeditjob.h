// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "relationshipstore.h"
#include "replicationjob.h"
#include "replicationsettings.h"

#include <QPointer>

#include <functional>

class KubeSession;

/// create, set-source and set-destination: change the relationship file. set-source and set-destination
/// first check (read-only) that the namespace and the source PVC exist, and remove the objects of the
/// previous definition only when the side moved (another cluster, namespace or name).
class RelationshipEditJob : public ReplicationJob
{
    Q_OBJECT
public:
    enum class Kind { Create, SetSource, SetDestination };

    /// create; `id` empty: a new random one.
    RelationshipEditJob(KubeSession *session, const RelationshipStore &store, const QString &name, bool rsyncTls,
        const QString &id = QString(), QObject *parent = nullptr);
    RelationshipEditJob(KubeSession *session, const RelationshipStore &store, const QString &name,
        const SourceSettings &source, QObject *parent = nullptr);
    RelationshipEditJob(KubeSession *session, const RelationshipStore &store, const QString &name,
        const DestinationSettings &destination, QObject *parent = nullptr);

    [[nodiscard]] Kind kind() const { return mKind; }
    /// The relationship as saved (after success).
    [[nodiscard]] ReplicationRelationship relationship() const { return mRelationship; }

protected:
    void run() override;

private:
    void runCreate();
    void checkNamespace(KubeClient *client, const ObjectName &object, const std::function<void()> &next);
    void deleteOld(
        KubeClient *client, const QString &cluster, const QString &ns, bool source, const std::function<void()> &next);
    void checkCapacity(const std::function<void()> &next);
    void storeSource();
    void storeDestination();
    void save(const std::function<void(ReplicationRelationship *)> &change);

    Kind mKind;
    QPointer<KubeSession> mSession;
    RelationshipStore mStore;
    QString mName;
    bool mRsyncTls = false;
    QString mId;
    SourceSettings mSource;
    DestinationSettings mDestination;
    ReplicationRelationship mRelationship;
};
