// SPDX-License-Identifier: GPL-3.0-or-later
#include "replicationapplyjob.h"

#include "relationshippreflight.h"
#include "replicationobjectbuilder.h"
#include "replicationvalidation.h"
#include "synchistory.h"

#include "common/godurations.h"
#include "common/logging.h"
#include "engine/volsyncresources.h"
#include "kube/kubeclient.h"
#include "kube/kubereply.h"
#include "kube/kubesession.h"
#include "kube/kubewatcher.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QTimer>

#include <cerrno>
#include <signal.h>

namespace {

QString contextText(const QString &context)
{
    return context.isEmpty() ? QStringLiteral("the current context") : QStringLiteral("context \"%1\"").arg(context);
}

QString kubectl(const QString &context)
{
    return context.isEmpty() ? QStringLiteral("kubectl") : QStringLiteral("kubectl --context ") + context;
}

QString lastLines(const QString &text, int count)
{
    QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (lines.size() > count)
        lines = lines.mid(lines.size() - count);
    return lines.join(QLatin1Char('\n'));
}

QString formatDuration(int ms)
{
    return formatGoDuration(qint64(ms) * 1000000);
}

} // namespace

ReplicationApplyJob::ReplicationApplyJob(KubeSession *session, const RelationshipStore &store, const QString &name,
    const QString &cronSpec, const ApplyOptions &options, QObject *parent)
    : ReplicationJob(parent)
    , mSession(session)
    , mStore(store)
    , mName(name)
    , mSync(false)
    , mCronSpec(cronSpec)
    , mApply(options)
{
    readRelationshipBeforeRun(store, name);
}

ReplicationApplyJob::ReplicationApplyJob(KubeSession *session, const RelationshipStore &store, const QString &name,
    const SyncOptions &options, QObject *parent)
    : ReplicationJob(parent)
    , mSession(session)
    , mStore(store)
    , mName(name)
    , mSync(true)
    , mApply(options.apply)
    , mSyncOptions(options)
{
    readRelationshipBeforeRun(store, name);
}

ReplicationApplyJob::~ReplicationApplyJob()
{
    stopWatching();
}

bool ReplicationApplyJob::processAlive(qint64 pid)
{
    if (pid <= 0)
        return false;
    if (pid == QCoreApplication::applicationPid())
        return true;
    // Signal 0 only checks: EPERM means it exists but belongs to someone else.
    return ::kill(pid_t(pid), 0) == 0 || errno == EPERM;
}

bool ReplicationApplyJob::isInterrupted(const PendingScheduleRestore &pending)
{
    return !processAlive(pending.pid);
}

QString ReplicationApplyJob::uniqueManualTrigger(const QString &previous)
{
    static QDateTime lastIssued;
    QDateTime now = QDateTime::currentDateTime();
    if (lastIssued.isValid() && now <= lastIssued)
        now = lastIssued.addMSecs(1);
    const auto format = [](const QDateTime &t) -> QString {
        const int offset = t.offsetFromUtc();
        QString zone = QStringLiteral("Z");
        if (offset != 0) {
            const int minutes = qAbs(offset) / 60;
            zone = QStringLiteral("%1%2:%3")
                       .arg(offset < 0 ? QLatin1Char('-') : QLatin1Char('+'))
                       .arg(minutes / 60, 2, 10, QLatin1Char('0'))
                       .arg(minutes % 60, 2, 10, QLatin1Char('0'));
        }
        return t.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")) + zone;
    };
    QString tag = format(now);
    while (tag == previous) {
        now = now.addMSecs(1);
        tag = format(now);
    }
    lastIssued = now;
    return tag;
}

void ReplicationApplyJob::run()
{
    setStep(Step::Validate);
    if (!mSync) {
        QString cronError;
        if (!ReplicationValidation::cronSpec(mCronSpec, &cronError)) {
            failInvalid(cronError);
            return;
        }
    }
    QString error;
    const auto loaded = readRelationship(&error);
    if (!loaded) {
        fail(error);
        return;
    }
    mRelationship = *loaded;
    mLoaded = *loaded;
    if (!mRelationship.source) {
        fail(mSync ? QStringLiteral("please use \"replication set-source\" before triggering a synchronization")
                   : QStringLiteral("please use \"replication set-source\" prior to setting the replication schedule"));
        return;
    }
    if (!mRelationship.destination) {
        fail(QStringLiteral("please define a replication destination with \"set-destination\""));
        return;
    }
    ReplicationSourceSide &source = *mRelationship.source;
    if (mSync && source.paused) {
        failInvalid(QStringLiteral(
            "relationship %1 is paused: VolSync starts no sync until it is resumed (volsyncctl replication "
            "-r %1 resume)")
                        .arg(mName));
        return;
    }
    if (mSync) {
        if (mSyncOptions.keepSchedule) {
            mScheduleToRestore = source.trigger.schedule;
            // An earlier Sync now that was interrupted left its schedule to put back: keep that one.
            if (!mScheduleToRestore && source.pendingRestore && isInterrupted(*source.pendingRestore)) {
                mScheduleToRestore = source.pendingRestore->schedule;
                mHadInterruptedRestore = true;
            }
            if (mScheduleToRestore && mScheduleToRestore->isEmpty())
                mScheduleToRestore.reset();
        } else if (source.pendingRestore && isInterrupted(*source.pendingRestore)) {
            source.pendingRestore.reset(); // a sync without --keep-schedule leaves the schedule off on purpose
        }
        mManualTag = uniqueManualTrigger(source.trigger.manual);
        mOwnTags.insert(mManualTag);
    }
    // Check what the file holds before touching any cluster (the file may come from another tool).
    QString valueError;
    if (!ReplicationValidation::copyMethod(source.copyMethod, ReplicationValidation::sourceCopyMethods(), &valueError)
        || !ReplicationValidation::copyMethod(
            mRelationship.destination->copyMethod, ReplicationValidation::destinationCopyMethods(), &valueError)
        || !ReplicationValidation::accessModes(source.accessModes, &valueError)
        || !ReplicationValidation::accessModes(mRelationship.destination->accessModes, &valueError)
        || (mRelationship.destination->capacity
            && !ReplicationValidation::capacity(*mRelationship.destination->capacity, &valueError))
        || !ReplicationValidation::serviceType(
            mRelationship.destination->serviceType.value_or(QStringLiteral("ClusterIP")), &valueError)) {
        failInvalid(QStringLiteral("%1: %2").arg(mStore.filePath(mName), valueError));
        return;
    }
    if (!mSession) {
        fail(QStringLiteral("no Kubernetes session"));
        return;
    }
    // The schedule to put back is written down before the trigger changes anywhere.
    if (mScheduleToRestore && !recordPendingRestore())
        return;
    if (mSync) {
        source.trigger = ReplicationTrigger {std::nullopt, mManualTag};
    } else {
        source.trigger = ReplicationTrigger {mCronSpec, QString()};
        source.pendingRestore.reset(); // a new schedule replaces what an interrupted sync left to restore
    }
    mSourceClient = ReplicationEngine::clientFor(mSession, source.cluster);
    if (!mSourceClient->isValid()) {
        fail(QStringLiteral("cannot use the source's %1: %2")
                 .arg(contextText(source.cluster), mSourceClient->configError().personMessage()));
        return;
    }
    mDestinationClient = ReplicationEngine::clientFor(mSession, mRelationship.destination->cluster);
    if (!mDestinationClient->isValid()) {
        fail(QStringLiteral("cannot use the destination's %1: %2")
                 .arg(contextText(mRelationship.destination->cluster),
                     mDestinationClient->configError().personMessage()));
        return;
    }
    checkNamespaces();
}

void ReplicationApplyJob::checkNamespaces()
{
    setStep(Step::CheckClusters);
    struct Side {
        KubeClient *client;
        QString context;
        QString ns;
    };
    const QList<Side> sides {
        {mSourceClient, mRelationship.source->cluster, mRelationship.source->namespaceName},
        {mDestinationClient, mRelationship.destination->cluster, mRelationship.destination->namespaceName},
    };
    auto read = std::make_shared<QList<std::pair<PrivilegedMovers::Namespace, QJsonObject>>>();
    auto remaining = std::make_shared<int>(int(sides.size()));
    for (const Side &side : sides) {
        await(side.client->get(KubeResource::namespaces(), QString(), side.ns), [=, this](KubeReply *reply) {
            if (reply->error().isNotFound()) {
                fail(QStringLiteral("the namespace %1 does not exist in %2: create it first (%3 create namespace %1)")
                         .arg(side.ns, contextText(side.context), kubectl(side.context)));
                return;
            }
            if (!reply->isOk()) {
                fail(QStringLiteral("unable to read namespace %1 in %2: %3")
                         .arg(side.ns, contextText(side.context), reply->error().personMessage()),
                    reply->error());
                return;
            }
            read->append({PrivilegedMovers::Namespace {side.context, side.ns}, reply->json()});
            if (--*remaining > 0)
                return;
            const QList<PrivilegedMovers::Namespace> missing = PrivilegedMovers::missing(mRelationship.rsyncTls, *read);
            if (missing.isEmpty()) {
                readSourcePvc();
            } else if (mApply.allowPrivilegedMovers) {
                annotateNamespaces(missing);
            } else {
                fail(PrivilegedMovers::missingMessage(missing));
            }
        });
    }
}

void ReplicationApplyJob::annotateNamespaces(const QList<PrivilegedMovers::Namespace> &missing)
{
    setStep(Step::AnnotateNamespaces);
    auto remaining = std::make_shared<int>(int(missing.size()));
    KubeRequest::WriteOptions options;
    options.fieldManager = ReplicationEngine::fieldManager();
    for (const PrivilegedMovers::Namespace &ns : missing) {
        KubeClient *client = ns.context == mRelationship.source->cluster ? mSourceClient : mDestinationClient;
        await(client->mergePatch(
                  KubeResource::namespaces(), QString(), ns.name, PrivilegedMovers::annotationPatch(), options),
            [=, this](KubeReply *reply) {
                if (!reply->isOk()) {
                    fail(QStringLiteral("unable to annotate namespace %1: %2")
                             .arg(ns.name, reply->error().personMessage()),
                        reply->error());
                    return;
                }
                addObject({ns.context, QStringLiteral("Namespace"), QString(), ns.name, ObjectResult::Action::Updated,
                    QStringLiteral("annotated %1=true").arg(PrivilegedMovers::annotation())});
                if (--*remaining == 0)
                    readSourcePvc();
            });
    }
}

void ReplicationApplyJob::readSourcePvc()
{
    const ReplicationSourceSide &source = *mRelationship.source;
    await(mSourceClient->get(KubeResource::persistentVolumeClaims(), source.namespaceName, source.pvcName),
        [this](KubeReply *reply) {
            if (!reply->isOk()) {
                fail(QStringLiteral("unable to retrieve source PVC: %1").arg(reply->error().personMessage()),
                    reply->error());
                return;
            }
            mSourcePvc = reply->json();
            prepareDestinationStorage();
        });
}

void ReplicationApplyJob::prepareDestinationStorage()
{
    ReplicationDestinationSide &dest = *mRelationship.destination;
    if (dest.capacity) {
        if (const auto problem = RelationshipPreflight::capacityProblem(
                *dest.capacity, ReplicationObjectBuilder::requestedSize(mSourcePvc))) {
            failInvalid(*problem + QStringLiteral(" (set-destination --capacity)"));
            return;
        }
    }
    if (dest.copyMethod == QLatin1String("Snapshot")) {
        ReplicationObjectBuilder::completeDestination(&dest, mSourcePvc);
        applyDestination();
        return;
    }
    // Direct / None: the data lands in a PVC named like the RD, created when missing, never modified.
    const QString ns = dest.namespaceName;
    const QString name = dest.rdName;
    await(mDestinationClient->get(KubeResource::persistentVolumeClaims(), ns, name), [=, this](KubeReply *reply) {
        ReplicationDestinationSide &d = *mRelationship.destination;
        if (reply->isOk()) {
            ReplicationObjectBuilder::completeDestination(&d, mSourcePvc);
            addObject({d.cluster, QStringLiteral("PersistentVolumeClaim"), ns, name, ObjectResult::Action::Unchanged,
                QStringLiteral("existing destination PVC")});
            applyDestination();
            return;
        }
        if (!reply->error().isNotFound()) {
            fail(QStringLiteral("unable to create PVC on destination: %1").arg(reply->error().personMessage()),
                reply->error());
            return;
        }
        setStep(Step::CreateDestinationPvc, QStringLiteral("creating destination PVC: %1/%2").arg(ns, name));
        KubeRequest::WriteOptions options;
        options.fieldManager = ReplicationEngine::fieldManager();
        await(mDestinationClient->create(KubeResource::persistentVolumeClaims(), ns,
                  ReplicationObjectBuilder::destinationPvc(d, mSourcePvc), options),
            [=, this](KubeReply *created) {
                if (!created->isOk() && !created->error().isAlreadyExists()) {
                    fail(
                        QStringLiteral("unable to create PVC on destination: %1").arg(created->error().personMessage()),
                        created->error());
                    return;
                }
                ReplicationObjectBuilder::completeDestination(&*mRelationship.destination, mSourcePvc);
                addObject({mRelationship.destination->cluster, QStringLiteral("PersistentVolumeClaim"), ns, name,
                    ObjectResult::Action::Created, QString()});
                applyDestination();
            });
    });
}

void ReplicationApplyJob::applyDestination()
{
    const ReplicationDestinationSide &d = *mRelationship.destination;
    setStep(Step::ApplyDestination);
    createOrUpdate(mDestinationClient, VolSyncResources::replicationDestinations(),
        ReplicationObjectBuilder::replicationDestination(mRelationship), d.cluster,
        [this](const QJsonObject &) { waitForDestination(); });
}

void ReplicationApplyJob::waitForDestination()
{
    const ReplicationDestinationSide &d = *mRelationship.destination;
    setStep(Step::WaitForDestination);
    if (isStopping())
        return;
    const bool tls = mRelationship.rsyncTls;
    const QString rdName = d.rdName;
    const QString ns = d.namespaceName;
    mWatcher = new KubeWatcher(mDestinationClient, VolSyncResources::replicationDestinations(), ns, this);
    mWatcher->setLabelSelector(ReplicationEngine::relationshipLabel() + QLatin1Char('=') + mRelationship.id);
    const auto check = [this, tls, rdName](const QJsonObject &rd) {
        if (rd.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString() != rdName
            || mWatcher == nullptr)
            return;
        const QJsonObject status = rd.value(QLatin1String("status"))
                                       .toObject()
                                       .value(tls ? QLatin1String("rsyncTLS") : QLatin1String("rsync"))
                                       .toObject();
        const QString address = status.value(QLatin1String("address")).toString();
        const QString keys = status.value(tls ? QLatin1String("keySecret") : QLatin1String("sshKeys")).toString();
        if (address.isEmpty() || keys.isEmpty())
            return;
        mAddress = address;
        mKeySecret = keys;
        stopWatching();
        copyKeys(keys);
    };
    connect(mWatcher, &KubeWatcher::added, this, check);
    connect(mWatcher, &KubeWatcher::modified, this, [check](const QJsonObject &rd, const QJsonObject &) { check(rd); });
    connect(mWatcher, &KubeWatcher::synced, this, [this, check, ns, rdName] {
        if (mWatcher) {
            if (const auto rd = mWatcher->object(ns, rdName))
                check(*rd);
        }
    });
    connect(mWatcher, &KubeWatcher::errorOccurred, this, [](const KubeError &error) {
        qCDebug(lcEngine) << "watch of the destination failed, retrying:" << error.personMessage();
    });
    mTimer = new QTimer(this);
    mTimer->setSingleShot(true);
    connect(mTimer, &QTimer::timeout, this, [this, rdName, ns] {
        stopWatching();
        fail(QStringLiteral("timed out after %1 waiting for the address and keys of ReplicationDestination %2/%3 "
                            "(context deadline exceeded); a LoadBalancer Service may have no address yet. The "
                            "relationship file is unchanged: run the command again to continue")
                 .arg(formatDuration(mApply.addressTimeoutMs), ns, rdName));
    });
    mTimer->start(mApply.addressTimeoutMs);
    mWatcher->start();
}

void ReplicationApplyJob::copyKeys(const QString &secretName)
{
    const ReplicationDestinationSide &d = *mRelationship.destination;
    setStep(Step::CopyKeys);
    await(mDestinationClient->get(KubeResource::secrets(), d.namespaceName, secretName), [this](KubeReply *reply) {
        if (!reply->isOk()) {
            fail(QStringLiteral("unable to read the destination's key Secret: %1").arg(reply->error().personMessage()),
                reply->error());
            return;
        }
        const ReplicationSourceSide &s = *mRelationship.source;
        setStep(Step::ApplySource);
        const QJsonObject secret
            = ReplicationObjectBuilder::keySecret(mRelationship, reply->json().value(QLatin1String("data")).toObject());
        createOrUpdate(
            mSourceClient, KubeResource::secrets(), secret, s.cluster, [this](const QJsonObject &) { applySource(); });
    });
}

void ReplicationApplyJob::applySource()
{
    const ReplicationSourceSide &s = *mRelationship.source;
    const QJsonObject rs = ReplicationObjectBuilder::replicationSource(mRelationship, mAddress);
    createOrUpdate(
        mSourceClient, VolSyncResources::replicationSources(), rs, s.cluster, [this](const QJsonObject &applied) {
            const QJsonObject status = applied.value(QLatin1String("status")).toObject();
            mLastMover = status.value(QLatin1String("latestMoverStatus")).toObject();
            // A sync that was already running when the trigger changed ends with lastManualSync = our
            // trigger although it started before it (upstream returns then): remember it, to trigger again.
            mSyncInFlight = mSync && !status.value(QLatin1String("lastSyncStartTime")).toString().isEmpty();
            if (!mRelationship.rsyncTls) {
                mRelationship.source->address = mAddress;
                mRelationship.source->sshKeys = mRelationship.source->rsName;
            }
            saveFile();
        });
}

bool ReplicationApplyJob::storeChanges(QString *error)
{
    // Under the file's lock, on the file as it is now: a set-source or set-destination that ran meanwhile
    // keeps its change. The sides this job read are written back only when nobody else changed them.
    const auto saved = mStore.update(
        mName,
        [this](ReplicationRelationship *current, QString *problem) {
            if (!current->source || !current->destination) {
                *problem = QStringLiteral("the source or destination of relationship %1 was removed meanwhile; "
                                          "nothing was saved")
                               .arg(mName);
                return false;
            }
            if (current->source == mLoaded.source)
                current->source = mRelationship.source;
            else
                current->source->trigger = mRelationship.source->trigger;
            if (current->destination == mLoaded.destination)
                current->destination = mRelationship.destination;
            return true;
        },
        error);
    if (!saved)
        return false;
    mRelationship = *saved;
    mLoaded = *saved;
    return true;
}

void ReplicationApplyJob::saveFile()
{
    setStep(Step::SaveFile);
    QString error;
    if (!storeChanges(&error)) {
        fail(error);
        return;
    }
    if (!mSync) {
        succeed();
        return;
    }
    waitForSync();
}

void ReplicationApplyJob::waitForSync()
{
    const ReplicationSourceSide &s = *mRelationship.source;
    setStep(Step::WaitForSync, QStringLiteral("waiting for synchronization to complete"));
    if (isStopping())
        return;
    mSyncStarted = QDateTime::currentDateTimeUtc();
    const QString rsName = s.rsName;
    const QString ns = s.namespaceName;
    mWatcher = new KubeWatcher(mSourceClient, VolSyncResources::replicationSources(), ns, this);
    mWatcher->setLabelSelector(ReplicationEngine::relationshipLabel() + QLatin1Char('=') + mRelationship.id);
    connect(mWatcher, &KubeWatcher::added, this, [this](const QJsonObject &rs) { checkSync(rs); });
    connect(
        mWatcher, &KubeWatcher::modified, this, [this](const QJsonObject &rs, const QJsonObject &) { checkSync(rs); });
    connect(mWatcher, &KubeWatcher::synced, this, [this, ns, rsName] {
        if (mWatcher) {
            if (const auto rs = mWatcher->object(ns, rsName))
                checkSync(*rs);
            else
                sourceGone();
        }
    });
    connect(mWatcher, &KubeWatcher::deleted, this, [this, rsName](const QJsonObject &rs) {
        if (mWatcher
            && rs.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString() == rsName)
            sourceGone();
    });
    connect(mWatcher, &KubeWatcher::errorOccurred, this, [](const KubeError &error) {
        qCDebug(lcEngine) << "watch of the source failed, retrying:" << error.personMessage();
    });
    mTimer = new QTimer(this);
    mTimer->setSingleShot(true);
    connect(mTimer, &QTimer::timeout, this, [this] {
        stopWatching();
        QString text = QStringLiteral("timed out after %1 waiting for the synchronization to complete (context "
                                      "deadline exceeded)")
                           .arg(formatDuration(mSyncOptions.timeoutMs));
        if (mMoverStatus && mMoverStatus->result == QLatin1String("Failed"))
            text += QStringLiteral("; the mover failed %1 time(s), last log lines:\n%2")
                        .arg(mFailedAttempts)
                        .arg(lastLines(mMoverStatus->logs, 10));
        text += QStringLiteral("\nVolSync keeps retrying; watch it with: volsyncctl replication -r %1 status --watch")
                    .arg(mName);
        fail(text);
    });
    mTimer->start(mSyncOptions.timeoutMs);
    mWatcher->start();
}

void ReplicationApplyJob::sourceGone()
{
    // Nothing can serve the trigger any more: say so now instead of waiting for the timeout.
    stopWatching();
    const ReplicationSourceSide &s = *mRelationship.source;
    const bool fileGone = !mStore.exists(mName);
    fail(QStringLiteral("the ReplicationSource %1/%2 was deleted while waiting for the synchronization%3; no sync "
                        "will happen")
             .arg(s.namespaceName, s.rsName,
                 fileGone ? QStringLiteral(" (relationship %1 was deleted meanwhile)").arg(mName) : QString()));
}

void ReplicationApplyJob::checkSync(const QJsonObject &rs)
{
    if (isStopping() || !mWatcher
        || rs.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString()
            != mRelationship.source->rsName)
        return;
    const QJsonObject spec = rs.value(QLatin1String("spec")).toObject();
    const QJsonObject status = rs.value(QLatin1String("status")).toObject();
    const QString manual = spec.value(QLatin1String("trigger")).toObject().value(QLatin1String("manual")).toString();
    if (manual.isEmpty()) {
        stopWatching();
        fail(QStringLiteral("internal error: manual trigger not specified (someone changed the trigger of "
                            "ReplicationSource %1/%2 while the sync was running)")
                 .arg(mRelationship.source->namespaceName, mRelationship.source->rsName));
        return;
    }
    const QJsonObject mover = status.value(QLatin1String("latestMoverStatus")).toObject();
    if (!mover.isEmpty())
        mMoverStatus = MoverStatus {
            mover.value(QLatin1String("result")).toString(), mover.value(QLatin1String("logs")).toString()};
    // Another sync (a second volsyncctl, the GUI) replaced our trigger with its own: it was set after ours, so
    // the sync that serves it also serves this request. Waiting for our own tag would wait forever.
    if (!mOwnTags.contains(manual))
        mSupersedingTags.insert(manual);
    const QString lastManual = status.value(QLatin1String("lastManualSync")).toString();
    if (lastManual != mManualTag && mSupersedingTags.contains(lastManual)) {
        addNote(QStringLiteral("Another sync replaced this one's trigger (%1 by %2); its synchronization has completed "
                               "and covers this request.")
                    .arg(mManualTag, lastManual));
        // Like our own tag: if a sync was already running when we applied, the one that served it may have
        // started before our request, and the check below triggers once more.
        mManualTag = lastManual;
    }
    if (lastManual == mManualTag && mSyncInFlight && !mRetriggered) {
        retrigger();
        return;
    }
    if (lastManual == mManualTag) {
        stopWatching();
        const QString result = mMoverStatus ? mMoverStatus->result : QString();
        SyncRecord record;
        record.end
            = QDateTime::fromString(status.value(QLatin1String("lastSyncTime")).toString(), Qt::ISODateWithMs).toUTC();
        if (!record.end.isValid())
            record.end = QDateTime::currentDateTimeUtc();
        const auto ns = parseGoDuration(status.value(QLatin1String("lastSyncDuration")).toString());
        record.durationMs = ns ? *ns / 1000000 : mSyncStarted.msecsTo(record.end);
        mMoverDurationMs = ns ? *ns / 1000000 : -1;
        record.start = record.end.addMSecs(-record.durationMs);
        record.result = result.isEmpty() ? QStringLiteral("Successful") : result;
        record.manual = true;
        record.bytesSent = mMoverStatus ? SyncHistory::bytesSentIn(mMoverStatus->logs) : -1;
        SyncHistory().append(mRelationship.id, record);
        if (mMoverStatus && !mMoverStatus->logs.isEmpty())
            addNote(mMoverStatus->logs.trimmed());
        if (mScheduleToRestore) {
            restoreSchedule();
            return;
        }
        succeed();
        return;
    }
    if (!mover.isEmpty() && mover != mLastMover
        && mover.value(QLatin1String("result")).toString() == QLatin1String("Failed")) {
        ++mFailedAttempts;
        const QString lines = lastLines(mMoverStatus->logs, 5);
        setStep(Step::WaitForSync,
            QStringLiteral("the mover failed (attempt %1), VolSync retries:\n%2").arg(mFailedAttempts).arg(lines));
        Q_EMIT moverFailed(mFailedAttempts, lines);
    }
    mLastMover = mover;
}

void ReplicationApplyJob::retrigger()
{
    mRetriggered = true;
    mManualTag = uniqueManualTrigger(mManualTag);
    mOwnTags.insert(mManualTag);
    setStep(Step::WaitForSync,
        QStringLiteral("a sync that started before the trigger has ended; triggering another one (%1) so that the "
                       "copy is at least as new as the request")
            .arg(mManualTag));
    mRelationship.source->trigger = ReplicationTrigger {std::nullopt, mManualTag};
    const ReplicationSourceSide &s = *mRelationship.source;
    const QJsonObject rs = ReplicationObjectBuilder::replicationSource(mRelationship, mAddress);
    createOrUpdate(mSourceClient, VolSyncResources::replicationSources(), rs, s.cluster, [this](const QJsonObject &) {
        QString error;
        if (!storeChanges(&error)) {
            stopWatching();
            fail(error);
        }
    });
}

void ReplicationApplyJob::restoreSchedule()
{
    setStep(Step::RestoreSchedule, QStringLiteral("restoring the schedule %1").arg(*mScheduleToRestore));
    mRelationship.source->trigger = ReplicationTrigger {*mScheduleToRestore, QString()};
    const ReplicationSourceSide &s = *mRelationship.source;
    const QJsonObject rs = ReplicationObjectBuilder::replicationSource(mRelationship, mAddress);
    createOrUpdate(mSourceClient, VolSyncResources::replicationSources(), rs, s.cluster, [this](const QJsonObject &) {
        mRelationship.source->pendingRestore.reset();
        mScheduleToRestore.reset();
        QString error;
        if (!storeChanges(&error)) {
            fail(error);
            return;
        }
        succeed();
    });
}

bool ReplicationApplyJob::recordPendingRestore()
{
    ReplicationRelationship marked = mRelationship;
    // What is on disk keeps its trigger; only the note of what to put back is added.
    QString error;
    const auto onDisk = mStore.load(mName, &error);
    if (onDisk && onDisk->source)
        marked = *onDisk;
    marked.source->pendingRestore
        = PendingScheduleRestore {*mScheduleToRestore, qint64(QCoreApplication::applicationPid())};
    if (!mStore.save(marked, &error)) {
        fail(error);
        return false;
    }
    mRelationship.source->pendingRestore = marked.source->pendingRestore;
    mRestoreRecorded = true;
    return true;
}

// Failed, cancelled or timed out after the schedule was replaced: put it back (cluster and file). If this
// does not work either, the file keeps the pending restore and the next start finishes it.
bool ReplicationApplyJob::cleanUp()
{
    stopWatching();
    if (!mSync || !mScheduleToRestore || !mRestoreRecorded || !mRelationship.source)
        return false;
    const QString schedule = *mScheduleToRestore;
    mScheduleToRestore.reset();
    if (mAddress.isEmpty() || !mSourceClient) {
        // This job did not touch the ReplicationSource: the file keeps its trigger. A restore left by a process
        // that is gone stays pending (for the next start, owned by no one); our own is simply forgotten.
        QString error;
        auto onDisk = mStore.load(mName, &error);
        if (onDisk && onDisk->source) {
            if (mHadInterruptedRestore)
                onDisk->source->pendingRestore = PendingScheduleRestore {schedule, 0};
            else
                onDisk->source->pendingRestore.reset();
            if (!mStore.save(*onDisk, &error)) {
                fail(error);
                return true;
            }
        }
        endCleanUp(mHadInterruptedRestore
                ? QStringLiteral("The schedule %1 is still to be put back: the next start or apply does it.")
                      .arg(schedule)
                : QStringLiteral("The schedule %1 was not changed.").arg(schedule));
        return true;
    }
    mRelationship.source->trigger = ReplicationTrigger {schedule, QString()};
    const QString note = QStringLiteral("The schedule %1 is back in place.").arg(schedule);
    setStep(Step::RestoreSchedule, QStringLiteral("restoring the schedule %1").arg(schedule));
    const QJsonObject rs = ReplicationObjectBuilder::replicationSource(mRelationship, mAddress);
    createOrUpdate(mSourceClient, VolSyncResources::replicationSources(), rs, mRelationship.source->cluster,
        [this, note](const QJsonObject &) { saveRestored(note); });
    return true;
}

void ReplicationApplyJob::saveRestored(const QString &note)
{
    mRelationship.source->pendingRestore.reset();
    QString error;
    if (!mStore.save(mRelationship, &error)) {
        fail(QStringLiteral("the schedule could not be put back in the file (the next start does it): %1").arg(error));
        return;
    }
    endCleanUp(note);
}

void ReplicationApplyJob::onCancel()
{
    stopWatching();
}

void ReplicationApplyJob::stopWatching()
{
    if (mWatcher) {
        mWatcher->stop();
        mWatcher->deleteLater();
        mWatcher = nullptr;
    }
    if (mTimer) {
        mTimer->stop();
        mTimer->deleteLater();
        mTimer = nullptr;
    }
}
