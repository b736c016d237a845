// SPDX-License-Identifier: GPL-3.0-or-later
#include "replicationengine.h"

#include "debugmoverjob.h"
#include "resticunlockjob.h"
#include "troubleshootcollector.h"
#include "troubleshootmonitor.h"

#include "privilegedmovers.h"

#include "kubeinventorysource.h"
#include "relationshipeditjob.h"
#include "relationshipmonitor.h"
#include "relationshipobjectsjob.h"
#include "relationshippausejob.h"
#include "replicationapplyjob.h"
#include "replicationdeletejob.h"
#include "replicationdryrunjob.h"
#include "replicationfinding.h"
#include "replicationsetupjob.h"
#include "volumecapacitymonitor.h"

#include "kube/kubeclient.h"
#include "kube/kubesession.h"

ReplicationEngine::ReplicationEngine(KubeSession *session, const QString &configDir, QObject *parent)
    : QObject(parent)
    , mSession(session)
    , mStore(configDir)
{ }

ReplicationEngine::~ReplicationEngine() = default;

QStringList ReplicationEngine::contextNames() const
{
    return mSession ? mSession->config().contextNames() : QStringList();
}

QString ReplicationEngine::currentContext() const
{
    return mSession ? mSession->config().currentContext() : QString();
}

std::unique_ptr<InventorySource> ReplicationEngine::inventorySource() const
{
    return std::make_unique<KubeInventorySource>(mSession);
}

ReplicationSetupJob *ReplicationEngine::setUp(const RelationshipDraft &draft, int firstStage)
{
    return new ReplicationSetupJob(this, draft, firstStage, this);
}

ReplicationDryRunJob *ReplicationEngine::dryRun(
    const ReplicationRelationship &relationship, const DryRunOptions &options)
{
    return new ReplicationDryRunJob(mSession, relationship, options, this);
}

RelationshipObjectsJob *ReplicationEngine::objects(const ReplicationRelationship &relationship)
{
    return new RelationshipObjectsJob(mSession, relationship, mStore, this);
}

QString ReplicationEngine::fieldManager()
{
    return QStringLiteral("volsync-desktop");
}

QString ReplicationEngine::relationshipLabel()
{
    return QStringLiteral("volsync.backube/relationship");
}

QString ReplicationEngine::privilegedMoversAnnotation()
{
    return PrivilegedMovers::annotation();
}

QString ReplicationEngine::doNotDeleteLabel()
{
    return QStringLiteral("volsync.backube/do-not-delete");
}

KubeClient *ReplicationEngine::clientFor(KubeSession *session, const QString &context)
{
    KubeClient *client = session->client(context);
    if (client && client->isValid())
        client->setRateLimit(50.0, 100);
    return client;
}

ReplicationJob *ReplicationEngine::createRelationship(const QString &name, bool rsyncTls, const QString &id)
{
    return new RelationshipEditJob(mSession, mStore, name, rsyncTls, id, this);
}

ReplicationJob *ReplicationEngine::setSource(const QString &name, const SourceSettings &settings)
{
    return new RelationshipEditJob(mSession, mStore, name, settings, this);
}

ReplicationJob *ReplicationEngine::setDestination(const QString &name, const DestinationSettings &settings)
{
    return new RelationshipEditJob(mSession, mStore, name, settings, this);
}

ReplicationJob *ReplicationEngine::schedule(const QString &name, const QString &cronSpec, const ApplyOptions &options)
{
    return new ReplicationApplyJob(mSession, mStore, name, cronSpec, options, this);
}

ReplicationJob *ReplicationEngine::sync(const QString &name, const SyncOptions &options)
{
    return new ReplicationApplyJob(mSession, mStore, name, options, this);
}

ReplicationJob *ReplicationEngine::setPaused(const QString &name, bool paused)
{
    return new RelationshipPauseJob(mSession, mStore, name, paused, this);
}

ReplicationJob *ReplicationEngine::syncNow(const QString &name)
{
    SyncOptions options;
    options.keepSchedule = true;
    return sync(name, options);
}

QStringList ReplicationEngine::interruptedSyncs() const
{
    return interruptedSyncs(mStore.list());
}

QStringList ReplicationEngine::interruptedSyncs(const RelationshipStore::Listing &listing)
{
    QStringList names;
    for (const ReplicationRelationship &rel : listing.relationships) {
        if (rel.source && rel.source->pendingRestore && ReplicationApplyJob::isInterrupted(*rel.source->pendingRestore))
            names.append(rel.name);
    }
    return names;
}

ReplicationJob *ReplicationEngine::restoreInterruptedSync(const QString &name)
{
    QString error;
    const auto rel = mStore.load(name, &error);
    return rel ? restoreInterruptedSync(*rel) : nullptr;
}

ReplicationJob *ReplicationEngine::restoreInterruptedSync(const ReplicationRelationship &relationship)
{
    if (!relationship.source || !relationship.source->pendingRestore
        || !ReplicationApplyJob::isInterrupted(*relationship.source->pendingRestore))
        return nullptr;
    return schedule(relationship.name, relationship.source->pendingRestore->schedule);
}

TroubleshootMonitor *ReplicationEngine::troubleshoot(const ReplicationRelationship &relationship, QObject *parent)
{
    QList<TroubleshootTarget> targets = TroubleshootCollector::targetsFor(relationship);
    const QString current = currentContext();
    for (TroubleshootTarget &target : targets) {
        if (target.context.isEmpty())
            target.context = current;
    }
    auto *monitor = new TroubleshootMonitor(mSession, targets, parent);
    monitor->setRelationship(relationship.name,
        relationship.source && relationship.source->trigger.schedule ? *relationship.source->trigger.schedule
                                                                     : QString(),
        mStore.filePath(relationship.name));
    return monitor;
}

ReplicationJob *ReplicationEngine::applyFix(const ReplicationFix &fix)
{
    if (fix.action == ReplicationFix::Action::UnlockRestic)
        return new ResticUnlockJob(mSession, fix.object, this);
    if (fix.action == ReplicationFix::Action::SetDebugMover)
        return new DebugMoverJob(mSession, fix.objectKind, fix.object, fix.enable, this);
    if (fix.action != ReplicationFix::Action::Apply && fix.action != ReplicationFix::Action::AnnotateAndApply)
        return nullptr;
    ApplyOptions options;
    options.allowPrivilegedMovers = fix.action == ReplicationFix::Action::AnnotateAndApply;
    if (fix.schedule.isEmpty()) {
        SyncOptions syncOptions;
        syncOptions.apply = options;
        return sync(fix.relationship, syncOptions);
    }
    return schedule(fix.relationship, fix.schedule, options);
}

ReplicationJob *ReplicationEngine::remove(const QString &name, const DeleteOptions &options)
{
    return new ReplicationDeleteJob(mSession, mStore, name, options, this);
}

VolumeCapacityMonitor *ReplicationEngine::capacityMonitor(const ReplicationRelationship &relationship, QObject *parent)
{
    return new VolumeCapacityMonitor(mSession, relationship, parent ? parent : this);
}

RelationshipMonitor *ReplicationEngine::monitor(const QString &name, QObject *parent)
{
    return new RelationshipMonitor(mSession, mStore, name, parent ? parent : this);
}
