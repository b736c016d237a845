// SPDX-License-Identifier: GPL-3.0-or-later
#include "resticunlockjob.h"

#include "replicationengine.h"
#include "volsyncresources.h"

#include "kube/kubeclient.h"
#include "kube/kubereply.h"
#include "kube/kubesession.h"

#include <QDateTime>

ResticUnlockJob::ResticUnlockJob(KubeSession *session, const ObjectName &source, QObject *parent)
    : ReplicationJob(parent)
    , mSession(session)
    , mSource(source)
{ }

void ResticUnlockJob::run()
{
    setStep(Step::Validate);
    if (!mSession) {
        fail(QStringLiteral("no Kubernetes session"));
        return;
    }
    KubeClient *client = ReplicationEngine::clientFor(mSession, mSource.context);
    if (!client || !client->isValid()) {
        fail(QStringLiteral("cannot use the context of ReplicationSource %1: %2")
                 .arg(mSource.toString(), client ? client->configError().personMessage() : QString()),
            client ? client->configError() : KubeError());
        return;
    }
    // Any value VolSync has not seen yet schedules one unlock; the time keeps each one new.
    mValue = QStringLiteral("volsync-desktop-%1")
                 .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddHHmmsszzz")));
    setStep(Step::ApplySource,
        QStringLiteral("asking VolSync to unlock the restic repository of ReplicationSource %1/%2")
            .arg(mSource.namespaceName, mSource.name));
    const QJsonObject patch {{QStringLiteral("spec"),
        QJsonObject {{QStringLiteral("restic"), QJsonObject {{QStringLiteral("unlock"), mValue}}}}}};
    KubeRequest::WriteOptions options;
    options.fieldManager = ReplicationEngine::fieldManager();
    await(
        client->mergePatch(VolSyncResources::replicationSources(), mSource.namespaceName, mSource.name, patch, options),
        [this](KubeReply *reply) {
            if (!reply->isOk()) {
                fail(QStringLiteral("unable to set spec.restic.unlock of ReplicationSource %1/%2 in cluster %3: %4")
                         .arg(mSource.namespaceName, mSource.name, mSource.context, reply->error().personMessage()),
                    reply->error());
                return;
            }
            addObject({mSource.context, QStringLiteral("ReplicationSource"), mSource.namespaceName, mSource.name,
                ObjectResult::Action::Updated, QStringLiteral("spec.restic.unlock: %1").arg(mValue)});
            succeed();
        });
}
