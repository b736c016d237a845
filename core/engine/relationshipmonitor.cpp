// SPDX-License-Identifier: GPL-3.0-or-later
#include "relationshipmonitor.h"

#include "replicationengine.h"
#include "synchistorywriter.h"

#include "engine/volsyncresources.h"
#include "kube/kubebatchgetter.h"
#include "kube/kubeclient.h"
#include "kube/kubeinformerview.h"
#include "kube/kubereply.h"
#include "kube/kubesession.h"

#include <QTimer>

#include <algorithm>

RelationshipMonitor::RelationshipMonitor(
    KubeSession *session, const RelationshipStore &store, const QString &name, QObject *parent)
    : QObject(parent)
    , mSession(session)
    , mStore(store)
    , mName(name)
{
    // reload() deletes the old clients (later): the watchers must move to the new ones. The relationship and its
    // history are kept (the file is not read again on this, the GUI, thread; RelationshipsModel restarts the
    // monitor with what it read when the file changes).
    if (session)
        connect(session, &KubeSession::reloaded, this, [this] {
            if (!mRunning)
                return;
            if (!mRelationship.id.isEmpty() && !mPreloaded)
                mPreloaded = std::make_pair(mRelationship, mRecords);
            start();
        });
}

RelationshipMonitor::~RelationshipMonitor() = default;

void RelationshipMonitor::setPreloaded(const ReplicationRelationship &relationship, const QList<SyncRecord> &records)
{
    mPreloaded = std::make_pair(relationship, records);
    // Known before start(): the model may start its monitors over a few turns, and the dashboard reads these.
    if (!mRunning) {
        mRelationship = relationship;
        mRecords = records;
    }
}

void RelationshipMonitor::setHistory(const SyncHistory &history)
{
    mHistory = history;
    if (!mRelationship.id.isEmpty())
        mRecords = mHistory.records(mRelationship.id);
}

KubeInformerView *RelationshipMonitor::makeView(
    const QString &cluster, const QString &ns, const KubeResource &resource, const QString &name)
{
    KubeClient *client = ReplicationEngine::clientFor(mSession, cluster);
    if (!client->isValid()) {
        const QString message = client->configError().personMessage();
        QTimer::singleShot(0, this, [this, message] { Q_EMIT errorOccurred(message); });
        return nullptr;
    }
    // Every relationship selects by the same label key, so that all of them share one watch per cluster and kind.
    auto *view = new KubeInformerView(
        mSession->informers(), client, resource, ns, ReplicationEngine::relationshipLabel(), this);
    view->setNames({name});
    connect(view, &KubeInformerView::changed, this, &RelationshipMonitor::recompute);
    connect(view, &KubeInformerView::errorOccurred, this, [this, resource](const KubeError &error) {
        Q_EMIT errorOccurred(VolSyncResources::explained(error, resource).personMessage());
    });
    return view;
}

std::optional<QJsonObject> RelationshipMonitor::ownObject(const KubeInformerView *view, const QString &name) const
{
    std::optional<QJsonObject> object = view->object(name);
    if (object
        && object->value(QLatin1String("metadata"))
                .toObject()
                .value(QLatin1String("labels"))
                .toObject()
                .value(ReplicationEngine::relationshipLabel())
                .toString()
            != mRelationship.id)
        return std::nullopt;
    return object;
}

void RelationshipMonitor::start()
{
    stop();
    mRunning = true;
    ++mGeneration;
    if (mPreloaded) {
        mRelationship = mPreloaded->first;
        mRecords = mPreloaded->second;
        mPreloaded.reset();
    } else {
        QString error;
        const auto loaded = mStore.load(mName, &error);
        if (!loaded) {
            QTimer::singleShot(0, this, [this, error] { Q_EMIT errorOccurred(error); });
            return;
        }
        mRelationship = *loaded;
        mRecords = mHistory.records(mRelationship.id);
    }
    if (mSession && mRelationship.source && !mRelationship.source->namespaceName.isEmpty()) {
        mSourceView = makeView(mRelationship.source->cluster, mRelationship.source->namespaceName,
            VolSyncResources::replicationSources(), mRelationship.source->rsName);
        mSecretView = makeView(mRelationship.source->cluster, mRelationship.source->namespaceName,
            KubeResource::secrets(), mRelationship.source->rsName);
    }
    if (mSession && mRelationship.destination && !mRelationship.destination->namespaceName.isEmpty())
        mDestinationView = makeView(mRelationship.destination->cluster, mRelationship.destination->namespaceName,
            VolSyncResources::replicationDestinations(), mRelationship.destination->rdName);
    // The rsync (SSH) mover only runs in namespaces that allow privileged movers.
    mNamespaceProblems.clear();
    mPendingChecks = 0;
    if (mSession && !mRelationship.rsyncTls) {
        if (mRelationship.source && !mRelationship.source->namespaceName.isEmpty())
            checkNamespace(mRelationship.source->cluster, mRelationship.source->namespaceName);
        if (mRelationship.destination && !mRelationship.destination->namespaceName.isEmpty()
            && (!mRelationship.source || mRelationship.destination->cluster != mRelationship.source->cluster
                || mRelationship.destination->namespaceName != mRelationship.source->namespaceName))
            checkNamespace(mRelationship.destination->cluster, mRelationship.destination->namespaceName);
    }
    QTimer::singleShot(0, this, &RelationshipMonitor::recompute);
}

void RelationshipMonitor::checkNamespace(const QString &cluster, const QString &ns)
{
    KubeClient *client = ReplicationEngine::clientFor(mSession, cluster);
    if (!client || !client->isValid())
        return;
    KubeReply *reply = client->get(KubeResource::namespaces(), QString(), ns);
    ++mPendingChecks;
    const quint64 generation = mGeneration;
    connect(reply, &KubeReply::finished, this, [this, reply, cluster, ns, generation] {
        if (generation != mGeneration)
            return;
        --mPendingChecks;
        mComputedFrom.reset();
        if (!reply->isOk()) {
            recompute();
            return;
        }
        const QJsonObject annotations
            = reply->json().value(QLatin1String("metadata")).toObject().value(QLatin1String("annotations")).toObject();
        if (annotations.value(ReplicationEngine::privilegedMoversAnnotation()).toString() == QLatin1String("true")) {
            recompute();
            return;
        }
        const QString kubectl
            = cluster.isEmpty() ? QStringLiteral("kubectl") : QStringLiteral("kubectl --context ") + cluster;
        mNamespaceProblems.append(
            {ReplicationFinding::Kind::PrivilegedMoversMissing, ReplicationFinding::Severity::Error,
                QStringLiteral("Namespace %1 lacks the annotation %2=true that the rsync (SSH) mover needs")
                    .arg(ns, ReplicationEngine::privilegedMoversAnnotation()),
                QStringLiteral("%1 annotate namespace %2 %3=true")
                    .arg(kubectl, ns, ReplicationEngine::privilegedMoversAnnotation()),
                ReplicationFix {ReplicationFix::Action::AnnotateAndApply, mName, QString(), QString()}});
        recompute();
    });
}

// Compares the copied key Secret with the one VolSync keeps on the destination (a stale copy makes every
// sync fail with "Permission denied"). Only equality is computed; the key material is never kept or shown.
void RelationshipMonitor::checkKeys(const QJsonObject &sourceSecret, const QString &destinationSecretName)
{
    const QString checkKey = destinationSecretName + QLatin1Char('/')
        + sourceSecret.value(QLatin1String("metadata")).toObject().value(QLatin1String("resourceVersion")).toString();
    if (mKeysCheckRunning || checkKey == mKeysCheckedFor || !mRelationship.destination)
        return;
    KubeClient *client = ReplicationEngine::clientFor(mSession, mRelationship.destination->cluster);
    if (!client || !client->isValid())
        return;
    mKeysCheckRunning = true;
    const QJsonObject sourceData = sourceSecret.value(QLatin1String("data")).toObject();
    const quint64 generation = mGeneration;
    // Through the session's batch getter: the checks of one cluster's relationships that start together (at
    // start-up, all of them) cost one LIST of VolSync's Secrets in the namespace, not one GET each.
    mSession->batchGetter()->get(client, KubeResource::secrets(), mRelationship.destination->namespaceName,
        destinationSecretName, VolSyncResources::createdByVolSyncSelector(), this,
        [this, generation, checkKey, sourceData](const KubeResult &result) {
            if (generation != mGeneration)
                return;
            mKeysCheckRunning = false;
            mKeysCheckedFor = checkKey;
            mComputedFrom.reset();
            if (!result.isOk()) {
                // Not readable (e.g. no permission on the destination): say nothing rather than guess.
                mKeysMatch.reset();
                recompute();
                return;
            }
            const QJsonObject destinationData = result.json.value(QLatin1String("data")).toObject();
            bool match = !destinationData.isEmpty();
            for (auto it = destinationData.begin(); match && it != destinationData.end(); ++it)
                match = sourceData.value(it.key()) == it.value();
            mKeysMatch = match;
            recompute(); // also re-checks if the source Secret changed meanwhile
        });
}

void RelationshipMonitor::stop()
{
    // Leaving an informer stops it only at the next turn of the event loop: a restart keeps the shared watches.
    for (KubeInformerView **view : {&mSourceView, &mSecretView, &mDestinationView}) {
        delete *view;
        *view = nullptr;
    }
    mRunning = false;
    ++mGeneration;
    mPendingChecks = 0;
    mReadyEmitted = false;
    mComputedFrom.reset();
    mKeysMatch.reset();
    mKeysCheckedFor.clear();
    mKeysCheckRunning = false;
}

bool RelationshipMonitor::isReady() const
{
    if (mPendingChecks > 0 || mKeysCheckRunning)
        return false;
    for (const KubeInformerView *view : {mSourceView, mSecretView, mDestinationView}) {
        if (view && !view->hasSynced())
            return false;
    }
    return true;
}

void RelationshipMonitor::recompute()
{
    QJsonObject rs;
    QJsonObject rd;
    std::optional<bool> secretExists;
    std::optional<QJsonObject> sourceSecret;
    if (mSourceView && mRelationship.source) {
        if (const auto o = ownObject(mSourceView, mRelationship.source->rsName))
            rs = *o;
    }
    if (mSecretView && mSecretView->hasSynced() && !rs.isEmpty()) {
        sourceSecret = ownObject(mSecretView, mRelationship.source->rsName);
        secretExists = sourceSecret.has_value();
    }
    if (mDestinationView && mRelationship.destination) {
        if (const auto o = ownObject(mDestinationView, mRelationship.destination->rdName))
            rd = *o;
    }
    // Nothing the status is made of changed (e.g. a relist found the same objects): the same status.
    const auto versionOf = [](const QJsonObject &object, bool *known) {
        if (object.isEmpty())
            return QString();
        const QString version
            = object.value(QLatin1String("metadata")).toObject().value(QLatin1String("resourceVersion")).toString();
        *known = *known && !version.isEmpty();
        return version;
    };
    bool known = true;
    Inputs inputs {versionOf(rs, &known), versionOf(rd, &known),
        sourceSecret ? versionOf(*sourceSecret, &known) : QString(), secretExists};
    if (known && mComputedFrom == inputs) {
        emitReadyOnce();
        return;
    }
    ++mStatusComputations;
    ReplicationStatus status = ReplicationStatus::fromObjects(mRelationship, rs, rd, secretExists);
    for (ReplicationFinding finding : std::as_const(mNamespaceProblems)) {
        finding.fix.schedule = status.schedule; // apply again with what the cluster runs now
        status.problems.append(finding);
    }
    if (sourceSecret && !status.keySecret.isEmpty())
        checkKeys(*sourceSecret, status.keySecret);
    else
        mKeysMatch.reset();
    if (mKeysMatch == false)
        status.problems.append({ReplicationFinding::Kind::KeysStale, ReplicationFinding::Severity::Error,
            QStringLiteral("The key Secret %1 in the source namespace does not hold the destination's current keys, "
                           "so the mover cannot connect")
                .arg(mRelationship.source->rsName),
            QStringLiteral("Secret %1/%2 differs from the destination's %3")
                .arg(mRelationship.source->namespaceName, mRelationship.source->rsName, status.keySecret),
            ReplicationFix {ReplicationFix::Action::Apply, mName, status.schedule, QString()}});

    // A completed sync: record it once (the store also ignores duplicates across processes).
    if (status.lastSyncTime.isValid() && status.lastSyncTime != mLastRecordedSync) {
        mLastRecordedSync = status.lastSyncTime;
        SyncRecord record;
        record.end = status.lastSyncTime;
        record.durationMs = qMax<qint64>(0, status.lastSyncDurationMs);
        record.start = record.end.addMSecs(-record.durationMs);
        record.result = status.moverStatus ? status.moverStatus->result : QStringLiteral("Successful");
        record.manual = !status.lastManualSync.isEmpty() && status.lastManualSync == status.manualTrigger;
        record.bytesSent = status.moverStatus ? SyncHistory::bytesSentIn(status.moverStatus->logs) : -1;
        const bool known = std::any_of(
            mRecords.cbegin(), mRecords.cend(), [&record](const SyncRecord &r) { return r.end == record.end; });
        if (!known) {
            auto at = std::upper_bound(mRecords.begin(), mRecords.end(), record,
                [](const SyncRecord &a, const SyncRecord &b) { return a.end < b.end; });
            mRecords.insert(at, record);
            while (mRecords.size() > SyncHistory::maxRecords)
                mRecords.removeFirst();
            // Not on this (the GUI) thread: the file is rewritten and synced to disk.
            SyncHistoryWriter::append(mHistory, mRelationship.id, record);
            Q_EMIT syncObserved(record);
        }
    }
    // (checkKeys() may have answered at once, from the batch getter's cache: that reset mComputedFrom.)
    const bool changed = !(status == mStatus);
    mStatus = status;
    if (known && !mKeysCheckRunning)
        mComputedFrom = inputs;
    else
        mComputedFrom.reset();
    if (changed)
        Q_EMIT statusChanged(mStatus);
    emitReadyOnce();
}

void RelationshipMonitor::emitReadyOnce()
{
    if (!mReadyEmitted && isReady()) {
        mReadyEmitted = true;
        Q_EMIT ready();
    }
}
