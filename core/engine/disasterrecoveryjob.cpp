// SPDX-License-Identifier: GPL-3.0-or-later
#include "disasterrecoveryjob.h"

#include "replicationengine.h"

#include "kube/kubeclient.h"

DisasterRecoveryJob::DisasterRecoveryJob(ReplicationEngine *engine, const QString &name, QObject *parent)
    : ReplicationJob(parent)
    , mEngine(engine)
    , mName(name)
{
    if (engine)
        readRelationshipBeforeRun(engine->store(), name);
}

std::optional<DisasterRecoveryJob::Destination> DisasterRecoveryJob::loadDestination(const QString &noDestination)
{
    if (!mEngine || !mEngine->session()) {
        fail(QStringLiteral("no Kubernetes session"));
        return std::nullopt;
    }
    QString error;
    const auto rel = readRelationship(&error);
    if (!rel) {
        fail(error);
        return std::nullopt;
    }
    if (!rel->destination) {
        failInvalid(noDestination);
        return std::nullopt;
    }
    KubeClient *client = ReplicationEngine::clientFor(mEngine->session(), rel->destination->cluster);
    if (!client->isValid()) {
        fail(QStringLiteral("cannot use the destination's context: %1").arg(client->configError().personMessage()),
            client->configError());
        return std::nullopt;
    }
    return Destination {*rel, client};
}
