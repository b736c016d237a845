// SPDX-License-Identifier: GPL-3.0-or-later
#include "troubleshootcollector.h"

#include "replicationengine.h"
#include "replicationrelationship.h"
#include "troubleshootevent.h"
#include "volsyncresources.h"

#include "common/volsyncnames.h"
#include "kube/kubeclient.h"
#include "kube/kubereply.h"
#include "kube/kubesession.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QStringDecoder>

#include <algorithm>
#include <memory>

namespace {

const QString kJobs = QStringLiteral("jobs");
const QString kPods = QStringLiteral("pods");
const QString kPvcs = QStringLiteral("persistentvolumeclaims");
const QString kServices = QStringLiteral("services");
const QString kSnapshots = QStringLiteral("volumesnapshots");
const QString kEvents = QStringLiteral("events");
const QString kEventsV1 = QStringLiteral("events.k8s.io");

// events.k8s.io/v1: the same stored Events as core/v1 under other field names; read as well, because a cluster
// (or a role) may show Events there only. A cluster that does not serve it answers 404, which is no error here.
KubeResource eventsV1Resource()
{
    return KubeResource {
        QStringLiteral("events.k8s.io"), QStringLiteral("v1"), QStringLiteral("events"), QStringLiteral("Event"), true};
}

KubeResource jobsResource()
{
    return KubeResource {QStringLiteral("batch"), QStringLiteral("v1"), kJobs, QStringLiteral("Job"), true};
}

QJsonObject metadataOf(const QJsonObject &object)
{
    return object.value(QStringLiteral("metadata")).toObject();
}

QString nameOf(const QJsonObject &object)
{
    return metadataOf(object).value(QStringLiteral("name")).toString();
}

bool ownedBy(const QJsonObject &object, const QString &uid)
{
    const QJsonArray owners = metadataOf(object).value(QStringLiteral("ownerReferences")).toArray();
    return std::any_of(owners.cbegin(), owners.cend(),
        [&](const QJsonValue &owner) { return owner.toObject().value(QStringLiteral("uid")).toString() == uid; });
}

QString eventTime(const QJsonObject &event)
{
    for (const char *key : {"lastTimestamp", "eventTime", "firstTimestamp"}) {
        const QString value = event.value(QLatin1String(key)).toString();
        if (!value.isEmpty()) {
            return value;
        }
    }
    return metadataOf(event).value(QStringLiteral("creationTimestamp")).toString();
}

QString decode(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8); // invalid bytes become U+FFFD
    return decoder.decode(bytes);
}

} // namespace

TroubleshootCollector::TroubleshootCollector(
    KubeSession *session, const QList<TroubleshootTarget> &targets, QObject *parent)
    : QObject(parent)
    , mSession(session)
    , mTargets(targets)
{ }

QList<TroubleshootTarget> TroubleshootCollector::targetsFor(const ReplicationRelationship &relationship)
{
    QList<TroubleshootTarget> targets;
    if (relationship.source) {
        targets.append({QStringLiteral("source"), relationship.source->cluster, relationship.source->namespaceName,
            QStringLiteral("ReplicationSource"), relationship.source->rsName});
    }
    if (relationship.destination) {
        targets.append(
            {QStringLiteral("destination"), relationship.destination->cluster, relationship.destination->namespaceName,
                QStringLiteral("ReplicationDestination"), relationship.destination->rdName});
    }
    return targets;
}

void TroubleshootCollector::setRelationship(const QString &name, const QString &schedule)
{
    mSnapshot.relationship = name;
    mSnapshot.schedule = schedule;
}

void TroubleshootCollector::setLogBounds(qint64 tailLines, qint64 limitBytes)
{
    mTailLines = tailLines;
    mLimitBytes = limitBytes;
}

TroubleshootSide &TroubleshootCollector::side(int index)
{
    return mTargets.at(index).role == QLatin1String("source") ? *mSnapshot.source : *mSnapshot.destination;
}

void TroubleshootCollector::start()
{
    if (mStarted) {
        return;
    }
    mStarted = true;
    mSnapshot.takenAt = QDateTime::currentDateTimeUtc();
    mListed.resize(mTargets.size());
    ++mPending; // held until every side has been asked
    for (int i = 0; i < mTargets.size(); ++i) {
        readSide(i, mTargets.at(i));
    }
    if (--mPending == 0) {
        done();
    }
}

void TroubleshootCollector::track(KubeReply *reply)
{
    ++mPending;
    connect(reply, &KubeReply::finished, this, [this] {
        if (--mPending == 0) {
            done();
        }
    });
}

void TroubleshootCollector::readSide(int index, const TroubleshootTarget &target)
{
    TroubleshootSide s;
    s.role = target.role;
    s.context = target.context;
    s.namespaceName = target.namespaceName;
    s.kind = target.kind;
    s.name = target.name;
    if (s.role == QLatin1String("source")) {
        mSnapshot.source = s;
    } else {
        mSnapshot.destination = s;
    }
    KubeClient *client = mSession ? ReplicationEngine::clientFor(mSession, target.context) : nullptr;
    if (!client) {
        side(index).readErrors.append(QStringLiteral("no client for context %1").arg(target.context));
        return;
    }
    auto waiting = std::make_shared<int>(0); // replies of this side still out
    auto finishOne = [this, index, waiting] {
        if (--*waiting == 0) {
            onSideListed(index);
        }
    };
    const KubeResource ownKind = target.kind == QLatin1String("ReplicationSource")
        ? VolSyncResources::replicationSources()
        : VolSyncResources::replicationDestinations();
    // `optional`: a refusal is no read error (the same data comes another way).
    auto ask = [&](KubeReply *reply, const std::function<void(KubeReply *)> &onOk, bool optional = false) {
        ++*waiting;
        // The handler first, then track(): the last reply's handler may ask for more before the count ends.
        connect(reply, &KubeReply::finished, this, [this, index, reply, onOk, finishOne, optional] {
            if (reply->isOk()) {
                onOk(reply);
            } else if (!optional && !reply->error().isNotFound()) {
                side(index).readErrors.append(reply->error().message());
            }
            finishOne();
        });
        track(reply);
    };
    ask(client->get(ownKind, target.namespaceName, target.name),
        [this, index](KubeReply *reply) { side(index).object = reply->json(); });
    ask(client->get(KubeResource::namespaces(), QString(), target.namespaceName), [this, index](KubeReply *reply) {
        side(index).namespaceObject = reply->json();
        if (reply->serverDate().isValid()) {
            side(index).clockOffsetMs = QDateTime::currentDateTimeUtc().msecsTo(reply->serverDate());
        }
    });
    const QList<QPair<QString, KubeResource>> lists
        = {{kJobs, jobsResource()}, {kPods, KubeResource::pods()}, {kPvcs, KubeResource::persistentVolumeClaims()},
            {kServices, KubeResource::services()}, {kSnapshots, KubeResource::volumeSnapshots()},
            {kEvents, KubeResource::events()}, {kEventsV1, eventsV1Resource()}};
    for (const auto &[key, resource] : lists) {
        ask(
            client->list(resource, target.namespaceName),
            [this, index, key = key](KubeReply *reply) { mListed[index].insert(key, reply->items()); },
            key == kEventsV1);
    }
}

void TroubleshootCollector::onSideListed(int index)
{
    TroubleshootSide &s = side(index);
    const QHash<QString, QList<QJsonObject>> &listed = mListed.at(index);
    const QString uid = s.object ? metadataOf(*s.object).value(QStringLiteral("uid")).toString() : QString();
    const QJsonObject spec = s.object ? s.object->value(QStringLiteral("spec")).toObject() : QJsonObject();
    const QJsonObject status = s.object ? s.object->value(QStringLiteral("status")).toObject() : QJsonObject();
    const bool tls = spec.value(QStringLiteral("rsyncTLS")).isObject();
    const QString moverKey = tls ? QStringLiteral("rsyncTLS") : QStringLiteral("rsync");

    // Jobs: owned by the RS/RD (or, before it was read, named as VolSync names them).
    const QStringList jobNames = {TroubleshootSide::moverJobName(false, s.isSource(), s.name),
        TroubleshootSide::moverJobName(true, s.isSource(), s.name)};
    for (const QJsonObject &job : listed.value(kJobs)) {
        if ((!uid.isEmpty() && ownedBy(job, uid)) || jobNames.contains(nameOf(job))) {
            s.jobs.append(job);
        }
    }
    QStringList jobUids;
    QStringList ownJobNames;
    for (const QJsonObject &job : std::as_const(s.jobs)) {
        jobUids.append(metadataOf(job).value(QStringLiteral("uid")).toString());
        ownJobNames.append(nameOf(job));
    }
    for (const QJsonObject &pod : listed.value(kPods)) {
        const QString jobName
            = metadataOf(pod).value(QStringLiteral("labels")).toObject().value(QStringLiteral("job-name")).toString();
        const bool ofJob
            = std::any_of(jobUids.cbegin(), jobUids.cend(), [&](const QString &u) { return ownedBy(pod, u); });
        if (ofJob || ownJobNames.contains(jobName) || jobNames.contains(jobName)) {
            s.pods.append(pod);
        }
    }
    // PVCs: the ones the spec names, the temporary and destination ones VolSync makes, and any it owns.
    QStringList pvcNames = {spec.value(QStringLiteral("sourcePVC")).toString(),
        spec.value(moverKey).toObject().value(QStringLiteral("destinationPVC")).toString(),
        VolSyncNames::dataPvcName(s.isSource(), s.name)};
    for (const QJsonObject &pvc : listed.value(kPvcs)) {
        if (pvcNames.contains(nameOf(pvc)) || (!uid.isEmpty() && ownedBy(pvc, uid))) {
            s.pvcs.append(pvc);
        }
    }
    for (const QJsonObject &service : listed.value(kServices)) {
        if (!uid.isEmpty() && ownedBy(service, uid)) {
            s.services.append(service);
        }
    }
    const QString latestImage
        = status.value(QStringLiteral("latestImage")).toObject().value(QStringLiteral("name")).toString();
    for (const QJsonObject &snapshot : listed.value(kSnapshots)) {
        if ((!uid.isEmpty() && ownedBy(snapshot, uid)) || nameOf(snapshot) == latestImage) {
            s.snapshots.append(snapshot);
        }
    }
    // Events about any of them (by kind and name), oldest first.
    QSet<QString> involved {s.kind + QLatin1Char('/') + s.name};
    for (const QJsonObject &o : std::as_const(s.jobs)) {
        involved.insert(QStringLiteral("Job/") + nameOf(o));
    }
    for (const QJsonObject &o : std::as_const(s.pods)) {
        involved.insert(QStringLiteral("Pod/") + nameOf(o));
    }
    for (const QJsonObject &o : std::as_const(s.pvcs)) {
        involved.insert(QStringLiteral("PersistentVolumeClaim/") + nameOf(o));
    }
    for (const QJsonObject &o : std::as_const(s.services)) {
        involved.insert(QStringLiteral("Service/") + nameOf(o));
    }
    for (const QJsonObject &o : std::as_const(s.snapshots)) {
        involved.insert(QStringLiteral("VolumeSnapshot/") + nameOf(o));
    }
    for (const QJsonObject &event : TroubleshootEvent::mergeApis(listed.value(kEvents), listed.value(kEventsV1))) {
        const QJsonObject ref = event.value(QStringLiteral("involvedObject")).toObject();
        if (involved.contains(ref.value(QStringLiteral("kind")).toString() + QLatin1Char('/')
                + ref.value(QStringLiteral("name")).toString())) {
            s.events.append(event);
        }
    }
    std::stable_sort(s.events.begin(), s.events.end(),
        [](const QJsonObject &a, const QJsonObject &b) { return eventTime(a) < eventTime(b); });
    mListed[index].clear();

    // The key Secret: the source's copy (spec), the destination's published one (status). Only a digest of the
    // keys both sides share is kept.
    s.keySecretName = s.isSource() ? spec.value(moverKey)
                                         .toObject()
                                         .value(tls ? QStringLiteral("keySecret") : QStringLiteral("sshKeys"))
                                         .toString()
                                   : status.value(moverKey)
                                         .toObject()
                                         .value(tls ? QStringLiteral("keySecret") : QStringLiteral("sshKeys"))
                                         .toString();
    KubeClient *client = mSession ? ReplicationEngine::clientFor(mSession, s.context) : nullptr;
    if (!client) {
        return;
    }
    if (!s.keySecretName.isEmpty()) {
        KubeReply *reply = client->get(KubeResource::secrets(), s.namespaceName, s.keySecretName);
        connect(reply, &KubeReply::finished, this, [this, index, reply, tls] {
            if (!reply->isOk()) {
                return;
            }
            TroubleshootSide &target = side(index);
            target.secretNames.append(target.keySecretName);
            const QJsonObject data = reply->json().value(QStringLiteral("data")).toObject();
            QCryptographicHash hash(QCryptographicHash::Sha256);
            const QStringList shared = tls
                ? QStringList {QStringLiteral("psk.txt")}
                : QStringList {QStringLiteral("source.pub"), QStringLiteral("destination.pub")};
            for (const QString &key : shared) {
                const QByteArray value = QByteArray::fromBase64(data.value(key).toString().toLatin1());
                if (value.isEmpty()) {
                    return;
                }
                hash.addData(value);
                hash.addData(QByteArrayView("\0", 1));
            }
            target.keyDigest = hash.result();
        });
        track(reply);
    }
    readLogs(index);
}

void TroubleshootCollector::readLogs(int index)
{
    TroubleshootSide &s = side(index);
    // The newest pod that has a container status (a pod that never started has no log).
    const QJsonObject *newest = nullptr;
    for (const QJsonObject &pod : std::as_const(s.pods)) {
        if (!newest
            || metadataOf(pod).value(QStringLiteral("creationTimestamp")).toString()
                >= metadataOf(*newest).value(QStringLiteral("creationTimestamp")).toString()) {
            newest = &pod;
        }
    }
    if (!newest) {
        return;
    }
    s.moverPod = nameOf(*newest);
    const QJsonObject container = newest->value(QStringLiteral("status"))
                                      .toObject()
                                      .value(QStringLiteral("containerStatuses"))
                                      .toArray()
                                      .first()
                                      .toObject();
    const QString containerName = container.value(QStringLiteral("name")).toString();
    readLog(index, s.moverPod, containerName, false);
    if (container.value(QStringLiteral("restartCount")).toInt() > 0) {
        readLog(index, s.moverPod, containerName, true);
    }
}

void TroubleshootCollector::readLog(int index, const QString &pod, const QString &container, bool previous)
{
    const TroubleshootSide &s = side(index);
    KubeClient *client = mSession ? ReplicationEngine::clientFor(mSession, s.context) : nullptr;
    if (!client) {
        return;
    }
    KubePodLogOptions options;
    options.container = container;
    options.previous = previous;
    // limitBytes would keep the first bytes of the tail (as kube-apiserver does), and the last ones tell why a
    // run failed: ask for the last lines, keep the last mLimitBytes of what comes (the client's bound caps it).
    options.tailLines = mTailLines;
    KubeReply *reply = client->send(KubeRequest::podLog(s.namespaceName, pod, options));
    auto bytes = std::make_shared<QByteArray>();
    connect(reply, &KubeReply::dataReceived, this, [bytes, this](const QByteArray &data) {
        bytes->append(data);
        if (bytes->size() > 2 * mLimitBytes)
            bytes->remove(0, bytes->size() - mLimitBytes);
    });
    connect(reply, &KubeReply::finished, this, [this, index, reply, bytes, previous] {
        if (reply->isOk()) {
            (previous ? side(index).previousMoverLog : side(index).moverLog)
                = decode(bytes->right(qsizetype(mLimitBytes)));
        }
    });
    track(reply);
}

void TroubleshootCollector::done()
{
    if (mFinished) {
        return;
    }
    mFinished = true;
    Q_EMIT finished();
}
