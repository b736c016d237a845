// SPDX-License-Identifier: GPL-3.0-or-later
#include "replicationendtestjob.h"

#include "disasterrecoveryhistory.h"
#include "replicationengine.h"
#include "replicationfailoverjob.h"
#include "restorepoint.h"
#include "volsyncresources.h"

#include "kube/kubeclient.h"
#include "kube/kubereply.h"
#include "kube/kuberesource.h"

#include <QJsonArray>

namespace {

QJsonObject labelsOf(const QJsonObject &object)
{
    return object.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("labels")).toObject();
}

QString nameOf(const QJsonObject &object)
{
    return object.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString();
}

} // namespace

ReplicationEndTestJob::ReplicationEndTestJob(
    ReplicationEngine *engine, const QString &name, const EndTestOptions &options, QObject *parent)
    : DisasterRecoveryJob(engine, name, parent)
    , mOptions(options)
{ }

void ReplicationEndTestJob::run()
{
    setStep(Step::Validate);
    const auto loaded = loadDestination(QStringLiteral("%1 has no destination: there is no test to end").arg(mName));
    if (!loaded)
        return;
    const ReplicationRelationship *rel = &loaded->relationship;
    mId = rel->id;
    mContext = rel->destination->cluster;
    mNamespace = rel->destination->namespaceName;
    mTestContext = mContext;
    mTestNamespace = mNamespace;
    mClient = loaded->client;
    mTestClient = mClient;
    if (mOptions.target) {
        // A test into another namespace or cluster left its PVC there (VolumeCopyJob copied it).
        if (!mOptions.target->context.isEmpty())
            mTestContext = mOptions.target->context;
        if (!mOptions.target->namespaceName.isEmpty())
            mTestNamespace = mOptions.target->namespaceName;
    }
    if (mTestContext != mContext) {
        mTestClient = ReplicationEngine::clientFor(mEngine->session(), mTestContext);
        if (!mTestClient->isValid()) {
            fail(QStringLiteral("cannot use the context %1: %2")
                     .arg(mTestContext, mTestClient->configError().personMessage()),
                mTestClient->configError());
            return;
        }
    }
    const QString rdNamespace = rel->destination->namespaceName;
    const QString rdName = rel->destination->rdName;
    mRdName = rdName;
    setStep(Step::PreCheck, QStringLiteral("finding the test volumes of %1").arg(mName));
    KubeRequest::ListOptions selection;
    selection.labelSelector = ReplicationFailoverJob::testLabel() + QLatin1Char('=') + mId;
    const bool elsewhere = mTestContext != mContext || mTestNamespace != mNamespace;
    if (!elsewhere) {
        listTests(rdNamespace, rdName);
        return;
    }
    // Elsewhere: the test PVCs left in the destination's namespace decide whether its testing mark goes.
    await(mClient->list(KubeResource::persistentVolumeClaims(), mNamespace, selection),
        [this, rdNamespace, rdName](KubeReply *reply) {
            if (!reply->isOk()) {
                fail(QStringLiteral("cannot list the PVCs of %1: %2").arg(mNamespace, reply->error().personMessage()),
                    reply->error());
                return;
            }
            mLeftBesideDestination = int(reply->json().value(QStringLiteral("items")).toArray().size());
            listTests(rdNamespace, rdName);
        });
}

void ReplicationEndTestJob::listTests(const QString &rdNamespace, const QString &rdName)
{
    KubeRequest::ListOptions selection;
    selection.labelSelector = ReplicationFailoverJob::testLabel() + QLatin1Char('=') + mId;
    await(mTestClient->list(KubeResource::persistentVolumeClaims(), mTestNamespace, selection),
        [this, rdNamespace, rdName](KubeReply *reply) {
            if (!reply->isOk()) {
                fail(QStringLiteral("cannot list the PVCs of %1: %2")
                         .arg(mTestNamespace, reply->error().personMessage()),
                    reply->error());
                return;
            }
            QList<QJsonObject> claims;
            const QJsonArray items = reply->json().value(QStringLiteral("items")).toArray();
            for (const QJsonValue &item : items)
                claims.append(item.toObject());
            await(mClient->get(VolSyncResources::replicationDestinations(), rdNamespace, rdName),
                [this, claims, rdNamespace](KubeReply *rdReply) {
                    mLatest = rdReply->json()
                                  .value(QStringLiteral("status"))
                                  .toObject()
                                  .value(QStringLiteral("latestImage"))
                                  .toObject()
                                  .value(QStringLiteral("name"))
                                  .toString();
                    await(mClient->list(KubeResource::volumeSnapshots(), mNamespace),
                        [this, claims](KubeReply *snapReply) {
                            if (!snapReply->isOk()) {
                                fail(QStringLiteral("cannot list the VolumeSnapshots of %1: %2")
                                         .arg(mNamespace, snapReply->error().personMessage()),
                                    snapReply->error());
                                return;
                            }
                            const QJsonArray items = snapReply->json().value(QStringLiteral("items")).toArray();
                            for (const QJsonValue &item : items)
                                mSnapshots.append(item.toObject());
                            collect(claims);
                        });
                });
        });
}

void ReplicationEndTestJob::collect(const QList<QJsonObject> &claims)
{
    for (const QJsonObject &claim : claims) {
        if (!mOptions.target || mOptions.target->name.isEmpty() || nameOf(claim) == mOptions.target->name)
            mClaims.append(nameOf(claim));
    }
    // The RD's testing mark goes once no test PVC is left beside it (tests elsewhere are ended with --to).
    const bool elsewhere = mTestContext != mContext || mTestNamespace != mNamespace;
    mRemovesAll = mClaims.size() == claims.size() && (!elsewhere || mLeftBesideDestination == 0);
    if (mOptions.target && !mOptions.target->name.isEmpty() && mClaims.isEmpty()) {
        failInvalid(QStringLiteral("%1/%2 is not a test volume of %3 (it lacks the label %4=%5): nothing was removed")
                        .arg(mTestNamespace, mOptions.target->name, mName, ReplicationFailoverJob::testLabel(), mId));
        return;
    }
    if (mOptions.dryRun) {
        for (const QString &claim : std::as_const(mClaims)) {
            mPlan.append(QStringLiteral("delete PersistentVolumeClaim %1/%2%3")
                             .arg(mTestNamespace, claim,
                                 mTestContext == mContext ? QString() : QStringLiteral(" on %1").arg(mTestContext)));
            for (const QJsonObject &snapshot : std::as_const(mSnapshots)) {
                if (labelsOf(snapshot).value(RestorePoint::restoringLabel()).toString() == claim)
                    mPlan.append(QStringLiteral("release VolumeSnapshot %1/%2").arg(mNamespace, nameOf(snapshot)));
            }
        }
        if (mRemovesAll)
            mPlan.append(QStringLiteral("remove annotation %1 from ReplicationDestination %2/%3")
                             .arg(ReplicationFailoverJob::testingAnnotation(), mNamespace, mRdName));
        for (const QString &line : std::as_const(mPlan))
            addNote(QStringLiteral("would ") + line);
        if (mPlan.isEmpty())
            addNote(QStringLiteral("relationship %1 has no test volumes").arg(mName));
        setStep(Step::Done, QStringLiteral("dry run: nothing was changed"));
        succeed();
        return;
    }
    next();
}

void ReplicationEndTestJob::next()
{
    if (mClaims.isEmpty()) {
        if (mRemovesAll)
            unmarkTesting();
        else
            finish();
        return;
    }
    const QString claim = mClaims.takeFirst();
    setStep(Step::DeleteTestVolume, QStringLiteral("deleting test PVC %1/%2").arg(mTestNamespace, claim));
    await(mTestClient->remove(KubeResource::persistentVolumeClaims(), mTestNamespace, claim),
        [this, claim](KubeReply *reply) {
            if (!reply->isOk() && !reply->error().isNotFound()) {
                fail(QStringLiteral("unable to delete PVC %1/%2: %3")
                         .arg(mTestNamespace, claim, reply->error().personMessage()),
                    reply->error());
                return;
            }
            ++mRemoved;
            addObject({mTestContext, QStringLiteral("PersistentVolumeClaim"), mTestNamespace, claim,
                reply->isOk() ? ObjectResult::Action::Deleted : ObjectResult::Action::NotFound,
                QStringLiteral("test volume")});
            release(claim);
        });
}

void ReplicationEndTestJob::release(const QString &pvc)
{
    QString snapshot;
    for (const QJsonObject &candidate : std::as_const(mSnapshots)) {
        if (labelsOf(candidate).value(RestorePoint::restoringLabel()).toString() == pvc)
            snapshot = nameOf(candidate);
    }
    if (snapshot.isEmpty()) {
        next();
        return;
    }
    setStep(Step::ReleaseRestorePoint, QStringLiteral("releasing VolumeSnapshot %1/%2").arg(mNamespace, snapshot));
    auto done = [this, snapshot](KubeReply *reply, ObjectResult::Action action, const QString &what) {
        if (!reply->isOk() && !reply->error().isNotFound()) {
            fail(QStringLiteral("unable to release VolumeSnapshot %1/%2: %3")
                     .arg(mNamespace, snapshot, reply->error().personMessage()),
                reply->error());
            return;
        }
        addObject({mContext, QStringLiteral("VolumeSnapshot"), mNamespace, snapshot, action, what});
        next();
    };
    if (snapshot == mLatest) {
        KubeRequest::WriteOptions options;
        options.fieldManager = ReplicationEngine::fieldManager();
        const QJsonObject patch {{QStringLiteral("metadata"),
            QJsonObject {{QStringLiteral("labels"),
                QJsonObject {{ReplicationEngine::doNotDeleteLabel(), QJsonValue()},
                    {RestorePoint::restoringLabel(), QJsonValue()}}}}}};
        await(mClient->mergePatch(KubeResource::volumeSnapshots(), mNamespace, snapshot, patch, options),
            [done](KubeReply *r) { done(r, ObjectResult::Action::Updated, QStringLiteral("given back to VolSync")); });
        return;
    }
    await(mClient->remove(KubeResource::volumeSnapshots(), mNamespace, snapshot),
        [done](KubeReply *r) { done(r, ObjectResult::Action::Deleted, QStringLiteral("no longer the latest image")); });
}

void ReplicationEndTestJob::unmarkTesting()
{
    setStep(Step::ReleaseRestorePoint,
        QStringLiteral("removing the testing mark of ReplicationDestination %1/%2").arg(mNamespace, mRdName));
    KubeRequest::WriteOptions options;
    options.fieldManager = ReplicationEngine::fieldManager();
    const QJsonObject patch {{QStringLiteral("metadata"),
        QJsonObject {{QStringLiteral("annotations"),
            QJsonObject {{ReplicationFailoverJob::testingAnnotation(), QJsonValue()}}}}}};
    await(mClient->mergePatch(VolSyncResources::replicationDestinations(), mNamespace, mRdName, patch, options),
        [this](KubeReply *reply) {
            if (!reply->isOk() && !reply->error().isNotFound()) {
                fail(QStringLiteral("unable to remove the testing mark of ReplicationDestination %1/%2: %3")
                         .arg(mNamespace, mRdName, reply->error().personMessage()),
                    reply->error());
                return;
            }
            finish();
        });
}

void ReplicationEndTestJob::finish()
{
    setStep(Step::RecordHistory);
    const QString message = mRemoved == 0
        ? QStringLiteral("relationship %1 has no test volumes").arg(mName)
        : QStringLiteral("%1 test volume(s) of relationship %2 removed").arg(mRemoved).arg(mName);
    DisasterRecoveryRecord record;
    record.kind = DisasterRecoveryRecord::Kind::EndTest;
    record.time = QDateTime::currentDateTimeUtc();
    record.succeeded = true;
    record.message = message;
    QString error;
    if (mRemoved > 0 && !DisasterRecoveryHistory(mEngine->store().configDir()).append(mId, record, &error))
        addNote(QStringLiteral("The history could not be written: %1").arg(error));
    addNote(message);
    setStep(Step::Done, message);
    succeed();
}
