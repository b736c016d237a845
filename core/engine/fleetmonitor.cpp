// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleetmonitor.h"

#include "common/kubetimes.h"
#include "common/laterturn.h"
#include "kube/kubeclient.h"
#include "kube/kubeerror.h"
#include "kube/kubeeventpump.h"
#include "kube/kubeinformer.h"
#include "kube/kubeinformerfactory.h"
#include "kube/kubeinformerview.h"
#include "kube/kubereply.h"
#include "kube/kubesession.h"
#include "relationshiprpotarget.h"
#include "replicationengine.h"
#include "volsyncresources.h"

#include <QJsonObject>
#include <QTimer>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <utility>

namespace {

QJsonObject child(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toObject();
}

QString moverOf(const QJsonObject &object)
{
    const QJsonObject spec = child(object, "spec");
    for (const char *mover : {"rsync", "rsyncTLS", "restic", "rclone", "syncthing", "external"}) {
        if (spec.contains(QLatin1String(mover)))
            return QLatin1String(mover);
    }
    return QString();
}

QString objectKey(const QString &ns, const QString &name)
{
    return ns + QLatin1Char('/') + name;
}

QDateTime timeOf(const QJsonObject &status, const char *key)
{
    return parseKubeTime(status.value(QLatin1String(key)).toString());
}

/// Fills what an entry shows from its ReplicationSource (or, without one, its ReplicationDestination).
void describe(FleetEntry *entry, const QJsonObject &object)
{
    const QJsonObject status = child(object, "status");
    if (entry->mover.isEmpty())
        entry->mover = moverOf(object);
    entry->schedule = child(child(object, "spec"), "trigger").value(QLatin1String("schedule")).toString();
    entry->lastResult = child(status, "latestMoverStatus").value(QLatin1String("result")).toString();
    entry->lastSyncTime = timeOf(status, "lastSyncTime");
    entry->nextSyncTime = timeOf(status, "nextSyncTime");
}

} // namespace

struct FleetMonitor::Cluster {
    QString context;
    QPointer<KubeClient> client;
    /// The cluster-wide views, or after a 403 one view per namespace.
    std::vector<std::unique_ptr<KubeInformerView>> sourceViews;
    std::vector<std::unique_ptr<KubeInformerView>> destinationViews;
    QString scopeNote; ///< why only some namespaces are watched
    QStringList forbiddenNamespaces; ///< narrowed namespaces the user may not list either (dropped)
    bool reachable = true;
    QString unreachableReason;
    QDateTime unreachableSince;
    QPointer<KubeReply> probe;
    bool probed = false; ///< the first probe has answered (or failed)
    qint64 skewMs = 0; ///< the cluster's clock (its Date header) minus ours

    [[nodiscard]] static bool synced(const std::vector<std::unique_ptr<KubeInformerView>> &views)
    {
        return std::all_of(views.cbegin(), views.cend(), [](const auto &view) { return view->hasSynced(); });
    }
    [[nodiscard]] bool settled() const
    {
        return !reachable || (probed && synced(sourceViews) && synced(destinationViews));
    }
};

FleetMonitor::FleetMonitor(KubeSession *session, QObject *parent)
    : QObject(parent)
    , mSession(session)
    , mClock([] { return QDateTime::currentDateTimeUtc(); })
    , mReevaluateTimer(new QTimer(this))
    , mProbeTimer(new QTimer(this))
{
    mReevaluateTimer->setInterval(10000);
    mProbeTimer->setInterval(15000);
    connect(mReevaluateTimer, &QTimer::timeout, this, &FleetMonitor::reevaluate);
    connect(mProbeTimer, &QTimer::timeout, this, [this] {
        for (const auto &cluster : mClusters)
            probe(cluster.get());
    });
}

FleetMonitor::~FleetMonitor()
{
    stop();
}

void FleetMonitor::setClock(Clock clock)
{
    mClock = std::move(clock);
    mServerTime = false;
}

qint64 FleetMonitor::clockSkewMs(const QString &context) const
{
    for (const auto &cluster : mClusters) {
        if (cluster->context == context)
            return mServerTime ? cluster->skewMs : 0;
    }
    return 0;
}

void FleetMonitor::setIntervals(int reevaluateMs, int probeMs)
{
    mReevaluateTimer->setInterval(reevaluateMs);
    mProbeTimer->setInterval(probeMs);
}

void FleetMonitor::setRelationships(const QList<ReplicationRelationship> &relationships)
{
    mPass.reset(); // its steps name relationships by their index in the old list
    mRelationships = relationships;
    scheduleRebuild();
}

void FleetMonitor::start(const QStringList &contexts)
{
    stop();
    if (!mSession)
        return;
    QStringList names = contexts.isEmpty() ? mSession->config().contextNames() : contexts;
    mUnmanagedContexts = QSet<QString>(names.cbegin(), names.cend());
    if (!contexts.isEmpty()) {
        // A relationship with one side in a named context is judged with both sides: watch the other side's context
        // too (its unmanaged objects stay out).
        for (const ReplicationRelationship &rel : std::as_const(mRelationships)) {
            const QString source = rel.source ? resolveContext(rel.source->cluster) : QString();
            const QString destination = rel.destination ? resolveContext(rel.destination->cluster) : QString();
            if (contexts.contains(source) && !destination.isEmpty() && !names.contains(destination))
                names.append(destination);
            if (contexts.contains(destination) && !source.isEmpty() && !names.contains(source))
                names.append(source);
        }
    }
    for (const QString &context : std::as_const(names))
        addCluster(context);
    mReevaluateTimer->start();
    mProbeTimer->start();
    for (const auto &cluster : mClusters)
        probe(cluster.get());
    checkReady();
}

void FleetMonitor::stop()
{
    mReevaluateTimer->stop();
    mProbeTimer->stop();
    for (const auto &cluster : mClusters) {
        if (cluster->probe)
            cluster->probe->abort();
    }
    mClusters.clear();
    mChangedObjects.clear();
    mPass.reset();
    mReadyPending = false;
    mReady = false;
}

QStringList FleetMonitor::contexts() const
{
    QStringList names;
    for (const auto &cluster : mClusters)
        names.append(cluster->context);
    return names;
}

std::optional<FleetEntry> FleetMonitor::entry(const QString &key) const
{
    indexRows();
    const qsizetype row = mRowOfEntry.value(key, -1);
    return row >= 0 ? std::optional<FleetEntry>(mEntries.at(row)) : std::nullopt;
}

void FleetMonitor::indexRows() const
{
    if (mRowsIndexed)
        return;
    mRowOfEntry.clear();
    mRowOfEntry.reserve(mEntries.size());
    for (qsizetype i = 0; i < mEntries.size(); ++i)
        mRowOfEntry.insert(mEntries.at(i).key, i);
    mRowsIndexed = true;
}

bool FleetMonitor::isReachable(const QString &context) const
{
    for (const auto &cluster : mClusters) {
        if (cluster->context == context)
            return cluster->reachable;
    }
    return false;
}

QStringList FleetMonitor::unreachableContexts() const
{
    QStringList names;
    for (const auto &cluster : mClusters) {
        if (!cluster->reachable)
            names.append(cluster->context);
    }
    names.sort();
    return names;
}

QStringList FleetMonitor::notes() const
{
    QStringList lines;
    for (const auto &cluster : mClusters) {
        if (!cluster->reachable)
            lines.append(QStringLiteral("%1: cannot be reached since %2 (%3)")
                             .arg(cluster->context, cluster->unreachableSince.toString(Qt::ISODate),
                                 cluster->unreachableReason));
        if (!cluster->scopeNote.isEmpty())
            lines.append(QStringLiteral("%1: %2").arg(cluster->context, cluster->scopeNote));
        // In whole minutes: a Date header tells the second, and the answer took its time to arrive (a skew of
        // 6 h read on a busy machine is 5 h 59 min 59 s).
        if (mServerTime && std::abs(cluster->skewMs) >= 60000)
            lines.append(
                QStringLiteral("%1: its clock is %2 %3 this computer's; lags are measured by the cluster's")
                    .arg(cluster->context, RpoHealth::formatSeconds((std::abs(cluster->skewMs) + 30000) / 60000 * 60),
                        cluster->skewMs > 0 ? QStringLiteral("ahead of") : QStringLiteral("behind")));
        if (!cluster->forbiddenNamespaces.isEmpty())
            lines.append(
                QStringLiteral("%1: may not list VolSync objects in namespace(s) %2 either: their entries show "
                               "as not found")
                    .arg(cluster->context, cluster->forbiddenNamespaces.join(QStringLiteral(", "))));
    }
    return lines;
}

void FleetMonitor::addCluster(const QString &context)
{
    auto cluster = std::make_unique<Cluster>();
    cluster->context = context;
    cluster->client = mSession->client(context);
    Cluster *raw = cluster.get();
    mClusters.push_back(std::move(cluster));
    if (!raw->client) {
        setReachable(raw, false, QStringLiteral("the kubeconfig entry cannot be used"));
        return;
    }
    watchKind(raw, true);
    watchKind(raw, false);
}

void FleetMonitor::watchKind(Cluster *cluster, bool sources)
{
    const KubeResource resource
        = sources ? VolSyncResources::replicationSources() : VolSyncResources::replicationDestinations();
    auto &views = sources ? cluster->sourceViews : cluster->destinationViews;
    views.clear();
    KubeInformerFactory *factory = mSession->informers();
    const bool narrowed = factory->isNamespaceScoped(cluster->client, resource);
    const QStringList namespaces = narrowed ? namespacesFor(cluster->context) : QStringList {QString()};
    for (const QString &ns : namespaces) {
        auto view = std::make_unique<KubeInformerView>(factory, cluster->client, resource, ns, QString());
        KubeInformerView *raw = view.get();
        // A watch event judges that object's entries; a (re)list all of them.
        connect(raw, &KubeInformerView::objectChanged, this,
            [this, cluster, sources](const QString &objectNamespace, const QString &name) {
                objectChanged(cluster, sources, objectNamespace, name);
            });
        connect(raw, &KubeInformerView::synced, this, [this, cluster] {
            const bool relisted = mReady;
            setReachable(cluster, true, QString());
            checkReady();
            if (relisted)
                scheduleRebuild();
        });
        connect(raw, &KubeInformerView::errorOccurred, this, [this, cluster, sources, ns](const KubeError &error) {
            if (error.isForbidden() && ns.isEmpty()) {
                // Queued: the view that reports it is deleted by narrow().
                QMetaObject::invokeMethod(
                    this,
                    [this, cluster, sources, error] {
                        if (hasCluster(cluster)) // not stopped meanwhile
                            narrow(cluster, sources, error);
                    },
                    Qt::QueuedConnection);
                return;
            }
            if (error.isForbidden()) {
                // One of the narrowed namespaces is not allowed either: leave it out (it would never list, and the
                // fleet would never be ready), and say so.
                QMetaObject::invokeMethod(
                    this,
                    [this, cluster, sources, ns] {
                        if (hasCluster(cluster))
                            dropNamespace(cluster, sources, ns);
                    },
                    Qt::QueuedConnection);
                return;
            }
            if (error.kind() == KubeError::Kind::Transport || error.kind() == KubeError::Kind::Timeout)
                setReachable(cluster, false, error.message());
        });
        views.push_back(std::move(view));
    }
}

void FleetMonitor::narrow(Cluster *cluster, bool sources, const KubeError &error)
{
    const KubeResource resource
        = sources ? VolSyncResources::replicationSources() : VolSyncResources::replicationDestinations();
    KubeInformerFactory *factory = mSession->informers();
    if (factory->isNamespaceScoped(cluster->client, resource)
        && (sources ? cluster->sourceViews : cluster->destinationViews).size() > 0
        && !(sources ? cluster->sourceViews : cluster->destinationViews).front()->namespaceName().isEmpty())
        return; // already narrowed
    const QString reason
        = QStringLiteral("listing %1 in all namespaces is not allowed (%2)").arg(resource.resource, error.message());
    factory->setNamespaceScoped(cluster->client, resource, reason);
    watchKind(cluster, sources);
    cluster->scopeNote = QStringLiteral("may not list VolSync objects in all namespaces (%1): watching namespaces %2")
                             .arg(error.message(), namespacesFor(cluster->context).join(QStringLiteral(", ")));
    scheduleRebuild();
}

bool FleetMonitor::hasCluster(const Cluster *cluster) const
{
    return std::any_of(mClusters.cbegin(), mClusters.cend(), [cluster](const auto &c) { return c.get() == cluster; });
}

void FleetMonitor::dropNamespace(Cluster *cluster, bool sources, const QString &ns)
{
    auto &views = sources ? cluster->sourceViews : cluster->destinationViews;
    const auto it
        = std::find_if(views.begin(), views.end(), [&ns](const auto &view) { return view->namespaceName() == ns; });
    if (it == views.end())
        return; // already dropped (both kinds report it)
    views.erase(it);
    if (!cluster->forbiddenNamespaces.contains(ns)) {
        cluster->forbiddenNamespaces.append(ns);
        cluster->forbiddenNamespaces.sort();
    }
    scheduleRebuild();
    checkReady();
}

QStringList FleetMonitor::namespacesFor(const QString &context) const
{
    QStringList namespaces;
    if (const std::optional<KubeContext> entry = mSession->config().context(context))
        namespaces.append(entry->effectiveNamespace());
    for (const ReplicationRelationship &rel : mRelationships) {
        if (rel.source && resolveContext(rel.source->cluster) == context)
            namespaces.append(rel.source->namespaceName);
        if (rel.destination && resolveContext(rel.destination->cluster) == context)
            namespaces.append(rel.destination->namespaceName);
    }
    namespaces.removeAll(QString());
    namespaces.removeDuplicates();
    namespaces.sort();
    return namespaces;
}

void FleetMonitor::probe(Cluster *cluster)
{
    if (!cluster->client || cluster->probe)
        return;
    KubeReply *reply = cluster->client->version();
    cluster->probe = reply;
    connect(reply, &KubeReply::finished, this, [this, cluster, reply] {
        reply->deleteLater();
        cluster->probed = true;
        // The cluster's clock: statuses carry its times, so lags are measured against it, not against ours. The
        // Date header counts whole seconds: its middle is the best guess.
        if (const QDateTime date = reply->serverDate(); date.isValid()) {
            const qint64 skew = date.toMSecsSinceEpoch() + 500 - QDateTime::currentMSecsSinceEpoch();
            if (std::abs(skew - cluster->skewMs) >= 1000) {
                cluster->skewMs = skew;
                // Judged by this cluster's clock: their health again (the objects did not change). Not while a full
                // rebuild is queued: it judges them all.
                if (mServerTime && !mRebuildNeeded)
                    reevaluateJudgedBy(cluster->context);
            }
        }
        const KubeError error = reply->error();
        const bool unreachable = !reply->isOk()
            && (error.kind() == KubeError::Kind::Transport || error.kind() == KubeError::Kind::Timeout);
        // Any answer of the server, even an error status, means that it can be reached.
        setReachable(cluster, !unreachable, unreachable ? error.message() : QString());
        checkReady();
    });
}

void FleetMonitor::setReachable(Cluster *cluster, bool reachable, const QString &reason)
{
    if (cluster->reachable == reachable)
        return;
    cluster->reachable = reachable;
    cluster->unreachableReason = reason;
    // Dated by the cluster's clock, as its entries' lags are: "since" then compares with their sync times.
    cluster->unreachableSince = reachable ? QDateTime() : clusterNow(cluster, mClock());
    Q_EMIT reachabilityChanged(cluster->context, reachable, reason);
    scheduleRebuild();
    checkReady();
}

QDateTime FleetMonitor::clusterNow(const Cluster *cluster, const QDateTime &base) const
{
    // The cluster's time (see probe()), unless the clock was given (setClock()).
    return mServerTime ? base.addMSecs(cluster->skewMs) : base;
}

void FleetMonitor::checkReady()
{
    if (mReady || mClusters.empty())
        return;
    for (const auto &cluster : mClusters) {
        if (!cluster->settled())
            return;
    }
    mReady = true;
    mRebuildNeeded = true;
    // In a later turn: called from inside an informer's signal, a consumer may stop or delete the monitor on
    // ready(), and judging the whole fleet is a long turn that should not follow the last list's at once.
    runInLaterTurn(this, [this] {
        if (!mReady)
            return; // stopped meanwhile
        // ready() once the entries are judged: by this rebuild, or the one under way.
        mReadyPending = true;
        if (mRebuildNeeded) { // (not judged meanwhile by a rebuild queued earlier)
            rebuild();
        } else if (!mPass) {
            mReadyPending = false;
            Q_EMIT ready();
        }
    });
}

void FleetMonitor::scheduleRebuild()
{
    mRebuildNeeded = true;
    if (mRebuildQueued)
        return;
    mRebuildQueued = true;
    // Coalesced: a first list of hundreds of objects is judged once (and not again when ready() rebuilt first).
    QTimer::singleShot(0, this, [this] {
        mRebuildQueued = false;
        if (mRebuildNeeded)
            rebuild();
    });
}

QString FleetMonitor::resolveContext(const QString &context) const
{
    return context.isEmpty() && mSession ? mSession->config().currentContext() : context;
}

void FleetMonitor::indexRelationships()
{
    mRelationshipsByObject.clear();
    mKnownIds.clear();
    for (qsizetype i = 0; i < mRelationships.size(); ++i) {
        const ReplicationRelationship &rel = mRelationships.at(i);
        mKnownIds.insert(rel.id);
        const QString sourceContext = rel.source ? resolveContext(rel.source->cluster) : QString();
        const QString destinationContext = rel.destination ? resolveContext(rel.destination->cluster) : QString();
        if (!mUnmanagedContexts.contains(sourceContext) && !mUnmanagedContexts.contains(destinationContext))
            continue;
        if (rel.source)
            mRelationshipsByObject[sourceContext + QStringLiteral("|s|")
                + objectKey(rel.source->namespaceName, rel.source->rsName)]
                .append(i);
        if (rel.destination)
            mRelationshipsByObject[destinationContext + QStringLiteral("|d|")
                + objectKey(rel.destination->namespaceName, rel.destination->rdName)]
                .append(i);
    }
}

std::optional<QJsonObject> FleetMonitor::findObject(
    const QString &context, bool sources, const QString &ns, const QString &name) const
{
    const auto found = std::find_if(
        mClusters.cbegin(), mClusters.cend(), [&context](const auto &cluster) { return cluster->context == context; });
    if (found == mClusters.cend())
        return std::nullopt;
    for (const auto &view : sources ? (*found)->sourceViews : (*found)->destinationViews) {
        if (!view->namespaceName().isEmpty() && view->namespaceName() != ns)
            continue;
        if (const KubeInformer *informer = view->informer()) {
            if (std::optional<QJsonObject> object = informer->object(ns, name))
                return object;
        }
    }
    return std::nullopt;
}

FleetMonitor::Judged FleetMonitor::judgeRelationship(const ReplicationRelationship &rel) const
{
    const QString sourceContext = rel.source ? resolveContext(rel.source->cluster) : QString();
    const QString destinationContext = rel.destination ? resolveContext(rel.destination->cluster) : QString();
    Judged judged;
    FleetEntry &entry = judged.entry;
    entry.key = rel.name;
    entry.kind = FleetEntry::Kind::Relationship;
    entry.name = rel.name;
    entry.mover = rel.rsyncTls ? QStringLiteral("rsyncTLS") : QStringLiteral("rsync");
    entry.rpoTargetSeconds = RelationshipRpoTarget::of(rel);
    std::optional<QJsonObject> rs;
    std::optional<QJsonObject> rd;
    if (rel.source) {
        entry.sourceContext = sourceContext;
        entry.sourceNamespace = rel.source->namespaceName;
        entry.sourceName = rel.source->rsName;
        rs = findObject(sourceContext, true, entry.sourceNamespace, entry.sourceName);
    }
    if (rel.destination) {
        entry.destinationContext = destinationContext;
        entry.destinationNamespace = rel.destination->namespaceName;
        entry.destinationName = rel.destination->rdName;
        rd = findObject(destinationContext, false, entry.destinationNamespace, entry.destinationName);
    }
    entry.sourceFound = rs.has_value();
    entry.destinationFound = rd.has_value();
    RpoInput &input = judged.input;
    if (rs) {
        input = RpoInput::fromObject(*rs);
        describe(&entry, *rs);
    } else if (rd) {
        input = RpoInput::fromObject(*rd);
        describe(&entry, *rd);
    }
    if (rd) {
        // The destination's failure is the relationship's too.
        const RpoInput destination = RpoInput::fromObject(*rd);
        if ((destination.moverFailed || destination.synchronizingError) && !input.moverFailed
            && !input.synchronizingError) {
            input.synchronizingError = true;
            input.failureMessage = destination.failureMessage;
        }
    }
    input.targetSeconds = entry.rpoTargetSeconds;
    judged.found = rs || rd;
    judged.contexts = QStringList {sourceContext, destinationContext};
    judged.judgedBy = rs ? sourceContext : destinationContext;
    return judged;
}

std::optional<FleetMonitor::Judged> FleetMonitor::judgeUnmanaged(
    const QString &context, bool sources, const QString &ns, const QString &name) const
{
    if (!mUnmanagedContexts.contains(context))
        return std::nullopt; // watched only for the other side of a relationship
    const QString key = objectKey(ns, name);
    if (mRelationshipsByObject.contains(context + (sources ? QStringLiteral("|s|") : QStringLiteral("|d|")) + key))
        return std::nullopt; // a relationship's
    const std::optional<QJsonObject> object = findObject(context, sources, ns, name);
    if (!object)
        return std::nullopt;
    // Objects of a relationship whose file names them differently still carry its label: not unmanaged.
    const QString id
        = child(child(*object, "metadata"), "labels").value(ReplicationEngine::relationshipLabel()).toString();
    if (!id.isEmpty() && mKnownIds.contains(id))
        return std::nullopt;
    Judged judged;
    FleetEntry &entry = judged.entry;
    entry.kind = sources ? FleetEntry::Kind::Source : FleetEntry::Kind::Destination;
    entry.key = QStringLiteral("%1/%2/%3")
                    .arg(context, sources ? QStringLiteral("source") : QStringLiteral("destination"), key);
    entry.name = name;
    if (sources) {
        entry.sourceContext = context;
        entry.sourceNamespace = ns;
        entry.sourceName = name;
        entry.sourceFound = true;
    } else {
        entry.destinationContext = context;
        entry.destinationNamespace = ns;
        entry.destinationName = name;
        entry.destinationFound = true;
    }
    describe(&entry, *object);
    judged.input = RpoInput::fromObject(*object);
    judged.found = true;
    judged.contexts = QStringList {context};
    judged.judgedBy = context;
    return judged;
}

FleetEntry FleetMonitor::withHealth(const Judged &judged, const QDateTime &base) const
{
    const auto clusterOf = [this](const QString &context) -> const Cluster * {
        for (const auto &cluster : mClusters) {
            if (cluster->context == context)
                return cluster.get();
        }
        return nullptr;
    };
    FleetEntry entry = judged.entry;
    if (judged.found) {
        const Cluster *judge = clusterOf(judged.judgedBy);
        entry.health = RpoHealth::evaluate(judged.input, judge ? clusterNow(judge, base) : base);
    } else {
        entry.health.reason = QStringLiteral("not in the clusters: apply the relationship");
    }
    if (!entry.nextSyncTime.isValid())
        entry.nextSyncTime = entry.health.nextScheduled;
    for (const QString &context : judged.contexts) {
        const Cluster *cluster = clusterOf(context);
        if (cluster && !cluster->reachable) {
            entry.unknownSince = cluster->unreachableSince;
            entry.lastKnownState = mLastKnown.value(entry.key, RpoState::Unknown);
            entry.health.state = RpoState::Unknown;
            entry.health.reason
                = QStringLiteral("%1 cannot be reached (%2); last known: %3")
                      .arg(context, cluster->unreachableReason, RpoHealth::stateName(entry.lastKnownState));
            break;
        }
    }
    return entry;
}

namespace {
bool sortsBefore(const FleetEntry &a, const FleetEntry &b)
{
    const QString pairA = a.clusterPair();
    const QString pairB = b.clusterPair();
    return pairA != pairB ? pairA < pairB : a.key < b.key;
}
} // namespace

void FleetMonitor::noteTransition(const FleetEntry &entry, QList<FleetTransition> *transitions)
{
    // Against the last state judged while reachable, once per change.
    if (entry.health.state == RpoState::Unknown)
        return;
    if (const auto transition = FleetTransition::between(mLastKnown.value(entry.key, RpoState::Unknown), entry))
        transitions->append(*transition);
    mLastKnown.insert(entry.key, entry.health.state);
}

void FleetMonitor::emitChanges(
    bool changed, const QList<FleetTransition> &transitions, const QStringList *updatedInPlace)
{
    if (changed && updatedInPlace)
        Q_EMIT entriesUpdated(*updatedInPlace);
    if (changed)
        Q_EMIT entriesChanged();
    for (const FleetTransition &transition : transitions)
        Q_EMIT transitioned(transition);
}

struct FleetMonitor::RebuildPass {
    QHash<QString, Judged> judged; ///< by entry key
    int pendingSteps = 0; ///< posted and not yet run (plus one while they are posted)
};

void FleetMonitor::rebuild()
{
    if (!mReady)
        return; // judged once every context has listed (or is out of reach)
    mRebuildNeeded = false;
    mChangedObjects.clear(); // all judged by this pass (changes from now on are judged after it)
    indexRelationships();
    // In steps on the event pump, a few ms of them per turn, with the watch events, paints and timers in between:
    // hundreds of entries judged in one go held the window for tens of ms. The entries shown stay those of the last
    // pass until this one has judged every entry.
    auto pass = std::make_shared<RebuildPass>();
    pass->pendingSteps = 1; // until every step is posted (the pump may run a step at once)
    mPass = pass;
    KubeEventPump *pump = KubeEventPump::forCurrentThread();
    const auto post = [this, pass, pump](std::function<void()> step) {
        ++pass->pendingSteps;
        pump->post(this, [this, pass, step = std::move(step)] {
            if (mPass != pass)
                return; // superseded by a newer pass, or stopped
            step();
            if (--pass->pendingSteps == 0)
                finishRebuild();
        });
    };
    QList<qsizetype> relationships;
    QSet<qsizetype> seen;
    for (const auto &indexes : std::as_const(mRelationshipsByObject)) {
        for (const qsizetype i : indexes) {
            if (!seen.contains(i)) {
                seen.insert(i);
                relationships.append(i);
            }
        }
    }
    for (qsizetype first = 0; first < relationships.size(); first += kRebuildStep) {
        post([this, pass, indexes = relationships.mid(first, kRebuildStep)] {
            for (const qsizetype i : indexes) {
                const ReplicationRelationship &rel = mRelationships.at(i);
                if (!pass->judged.contains(rel.name)) {
                    pass->judged.insert(rel.name, judgeRelationship(rel));
                    ++mObjectJudgements;
                }
            }
        });
    }
    for (const auto &cluster : mClusters) {
        for (const bool sources : {true, false}) {
            // The objects' names now, judged in steps (the objects are read when their step runs).
            QList<std::pair<QString, QString>> names;
            for (const auto &view : sources ? cluster->sourceViews : cluster->destinationViews) {
                for (const QJsonObject &object : view->objects()) {
                    const QJsonObject metadata = child(object, "metadata");
                    names.append({metadata.value(QLatin1String("namespace")).toString(),
                        metadata.value(QLatin1String("name")).toString()});
                }
            }
            for (qsizetype first = 0; first < names.size(); first += kRebuildStep) {
                post([this, pass, context = cluster->context, sources, step = names.mid(first, kRebuildStep)] {
                    for (const auto &[ns, name] : step) {
                        if (std::optional<Judged> judged = judgeUnmanaged(context, sources, ns, name)) {
                            ++mObjectJudgements;
                            pass->judged.insert(judged->entry.key, *std::move(judged));
                        }
                    }
                });
            }
        }
    }
    if (--pass->pendingSteps == 0 && mPass == pass)
        finishRebuild(); // every step ran at once, or there was nothing to judge
}

void FleetMonitor::finishRebuild()
{
    const std::shared_ptr<RebuildPass> pass = std::exchange(mPass, nullptr);
    mJudged = std::move(pass->judged);
    const QDateTime base = mClock();
    QList<FleetEntry> entries;
    entries.reserve(mJudged.size());
    for (const Judged &judged : std::as_const(mJudged))
        entries.append(withHealth(judged, base));
    std::sort(entries.begin(), entries.end(), sortsBefore);
    QList<FleetTransition> transitions;
    for (const FleetEntry &entry : std::as_const(entries))
        noteTransition(entry, &transitions);
    for (auto it = mLastKnown.begin(); it != mLastKnown.end();) {
        if (mJudged.contains(it.key()))
            ++it;
        else
            it = mLastKnown.erase(it);
    }
    const bool changed = entries != mEntries;
    mEntries = entries;
    mRowsIndexed = false;
    emitChanges(changed, transitions);
    // What changed while the pass ran (an entry may have been judged before its object changed).
    if (!mChangedObjects.isEmpty())
        queueUpdate();
    if (std::exchange(mReadyPending, false))
        Q_EMIT ready();
}

void FleetMonitor::objectChanged(const Cluster *cluster, bool sources, const QString &ns, const QString &name)
{
    if (!mReady)
        return; // the first rebuild reads everything
    mChangedObjects.insert(
        cluster->context + (sources ? QStringLiteral("|s|") : QStringLiteral("|d|")) + objectKey(ns, name));
    queueUpdate();
}

void FleetMonitor::queueUpdate()
{
    if (mUpdateQueued)
        return;
    mUpdateQueued = true;
    // Coalesced: a burst of events is judged once.
    QTimer::singleShot(0, this, [this] {
        mUpdateQueued = false;
        update();
    });
}

void FleetMonitor::update()
{
    if (!mReady || mRebuildNeeded || mPass || mChangedObjects.isEmpty())
        return; // (a full rebuild is queued, or judging: it updates them when it is done)
    QSet<QString> keys;
    const QSet<QString> changedObjects = std::exchange(mChangedObjects, {});
    for (const QString &ref : changedObjects) {
        const QList<qsizetype> indexes = mRelationshipsByObject.value(ref);
        for (const qsizetype i : indexes) {
            const ReplicationRelationship &rel = mRelationships.at(i);
            mJudged.insert(rel.name, judgeRelationship(rel));
            ++mObjectJudgements;
            keys.insert(rel.name);
        }
        if (!indexes.isEmpty())
            continue;
        // "context|s|ns/name": an unmanaged object, new, changed or gone.
        const qsizetype bar = ref.indexOf(QLatin1Char('|'));
        const QString context = ref.left(bar);
        const bool sources = ref.at(bar + 1) == QLatin1Char('s');
        const QString key = ref.mid(bar + 3);
        const qsizetype slash = key.indexOf(QLatin1Char('/'));
        const QString ns = key.left(slash);
        const QString name = key.mid(slash + 1);
        const QString entryKey
            = QStringLiteral("%1/%2/%3")
                  .arg(context, sources ? QStringLiteral("source") : QStringLiteral("destination"), key);
        if (std::optional<Judged> judged = judgeUnmanaged(context, sources, ns, name)) {
            ++mObjectJudgements;
            mJudged.insert(entryKey, *std::move(judged));
        } else {
            mJudged.remove(entryKey);
        }
        keys.insert(entryKey);
    }
    QStringList sorted(keys.cbegin(), keys.cend());
    sorted.sort();
    publish(sorted);
}

void FleetMonitor::publish(const QStringList &keys)
{
    const QDateTime base = mClock();
    // The rows by key, kept between updates: indexed again only after rows came or went (not per event).
    indexRows();
    const QHash<QString, qsizetype> &rowOf = mRowOfEntry;
    bool changed = false;
    QList<FleetTransition> transitions;
    QList<qsizetype> gone; // rows to remove
    QList<FleetEntry> placed; // entries to insert in order
    QStringList inPlace; // entries changed in their row
    for (const QString &key : keys) {
        const qsizetype row = rowOf.value(key, -1);
        const auto judged = mJudged.constFind(key);
        if (judged == mJudged.cend()) {
            if (row >= 0) {
                gone.append(row);
                mLastKnown.remove(key);
                changed = true;
            }
            continue;
        }
        FleetEntry entry = withHealth(*judged, base);
        if (row >= 0 && mEntries.at(row) == entry)
            continue;
        noteTransition(entry, &transitions);
        changed = true;
        if (row >= 0 && mEntries.at(row).clusterPair() == entry.clusterPair()) {
            mEntries[row] = std::move(entry); // same place in the order
            inPlace.append(key);
            continue;
        }
        if (row >= 0)
            gone.append(row);
        placed.append(std::move(entry));
    }
    std::sort(gone.begin(), gone.end(), std::greater<>());
    for (const qsizetype row : std::as_const(gone))
        mEntries.removeAt(row);
    for (const FleetEntry &entry : std::as_const(placed))
        mEntries.insert(std::lower_bound(mEntries.cbegin(), mEntries.cend(), entry, sortsBefore), entry);
    const bool moved = !gone.isEmpty() || !placed.isEmpty();
    if (moved)
        mRowsIndexed = false;
    emitChanges(changed, transitions, moved ? nullptr : &inPlace);
}

void FleetMonitor::reevaluate()
{
    reevaluateJudgedBy(QString());
}

void FleetMonitor::reevaluateJudgedBy(const QString &context)
{
    if (!mReady)
        return;
    // Time alone changed (or a cluster's clock): the lags, the schedules due. The order (cluster pair, key) does
    // not depend on it.
    const QDateTime base = mClock();
    QStringList keys;
    QList<FleetTransition> transitions;
    for (FleetEntry &entry : mEntries) {
        const auto judged = mJudged.constFind(entry.key);
        if (judged == mJudged.cend() || (!context.isEmpty() && judged->judgedBy != context))
            continue;
        FleetEntry now = withHealth(*judged, base);
        if (now == entry)
            continue;
        entry = std::move(now);
        noteTransition(entry, &transitions);
        keys.append(entry.key);
    }
    emitChanges(!keys.isEmpty(), transitions, &keys);
}
