// SPDX-License-Identifier: GPL-3.0-or-later
#include "debugmoverjob.h"

#include "replicationengine.h"
#include "volsyncresources.h"

#include "common/volsyncnames.h"
#include "kube/kubeclient.h"
#include "kube/kubereply.h"
#include "kube/kubesession.h"

DebugMoverJob::DebugMoverJob(
    KubeSession *session, const QString &kind, const ObjectName &object, bool enable, QObject *parent)
    : ReplicationJob(parent)
    , mSession(session)
    , mKind(kind)
    , mObject(object)
    , mEnable(enable)
{ }

void DebugMoverJob::run()
{
    setStep(Step::Validate);
    const bool source = mKind == QLatin1String("ReplicationSource");
    if (!source && mKind != QLatin1String("ReplicationDestination")) {
        fail(QStringLiteral("the debug mover is a setting of a ReplicationSource or ReplicationDestination, not of a "
                            "%1")
                 .arg(mKind));
        return;
    }
    if (!mSession) {
        fail(QStringLiteral("no Kubernetes session"));
        return;
    }
    KubeClient *client = ReplicationEngine::clientFor(mSession, mObject.context);
    if (!client || !client->isValid()) {
        fail(QStringLiteral("cannot use the context of %1 %2: %3")
                 .arg(mKind, mObject.toString(), client ? client->configError().personMessage() : QString()),
            client ? client->configError() : KubeError());
        return;
    }
    const QString key = QLatin1String(VolSyncNames::kEnableDebugMoverAnnotation);
    setStep(source ? Step::ApplySource : Step::ApplyDestination,
        mEnable ? QStringLiteral("annotating %1 %2/%3 with %4 (its mover will sleep instead of moving data)")
                      .arg(mKind, mObject.namespaceName, mObject.name, key)
                : QStringLiteral("removing %4 from %1 %2/%3 (its mover will move data again)")
                      .arg(mKind, mObject.namespaceName, mObject.name, key));
    // A merge patch: null removes the key (and removing a key that is not there is no error).
    const QJsonObject patch {{QStringLiteral("metadata"),
        QJsonObject {{QStringLiteral("annotations"),
            QJsonObject {{key, mEnable ? QJsonValue(QStringLiteral("true")) : QJsonValue(QJsonValue::Null)}}}}}};
    KubeRequest::WriteOptions options;
    options.fieldManager = ReplicationEngine::fieldManager();
    const KubeResource resource
        = source ? VolSyncResources::replicationSources() : VolSyncResources::replicationDestinations();
    await(client->mergePatch(resource, mObject.namespaceName, mObject.name, patch, options),
        [this, key](KubeReply *reply) {
            if (!reply->isOk()) {
                fail(QStringLiteral("unable to %1 the annotation %2 of %3 %4/%5 in cluster %6: %7")
                         .arg(mEnable ? QStringLiteral("set") : QStringLiteral("remove"), key, mKind,
                             mObject.namespaceName, mObject.name, mObject.context, reply->error().personMessage()),
                    reply->error());
                return;
            }
            addObject({mObject.context, mKind, mObject.namespaceName, mObject.name, ObjectResult::Action::Updated,
                mEnable ? QStringLiteral("%1: true").arg(key) : QStringLiteral("%1 removed").arg(key)});
            succeed();
        });
}
