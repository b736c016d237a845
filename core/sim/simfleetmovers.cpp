// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simfleetmovers.h"

#include "common/cronschedule.h"
#include "common/godurations.h"
#include "sim/simclock.h"
#include "sim/simscenarios.h"
#include "sim/simstore.h"

#include <QJsonArray>
#include <QTimer>

namespace {

const QString kRS = QStringLiteral("replicationsources");
const QString kRD = QStringLiteral("replicationdestinations");

QJsonObject obj(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toObject();
}

QString moverOf(const QJsonObject &spec)
{
    for (const char *mover : {"restic", "rclone", "syncthing"}) {
        if (spec.value(QLatin1String(mover)).isObject())
            return QLatin1String(mover);
    }
    return QString();
}

QString behaviourOf(const QJsonObject &object)
{
    return obj(obj(object, "metadata"), "annotations")
        .value(QLatin1String(SimFleetMovers::kBehaviourAnnotation))
        .toString();
}

QDateTime timeOf(const QJsonObject &status, const char *key)
{
    const QString text = status.value(QLatin1String(key)).toString();
    return text.isEmpty() ? QDateTime() : QDateTime::fromString(text, Qt::ISODate).toUTC();
}

QJsonArray synchronizing(const QString &status, const QString &reason, const QString &message, const QDateTime &now)
{
    return QJsonArray {QJsonObject {{QStringLiteral("type"), QStringLiteral("Synchronizing")},
        {QStringLiteral("status"), status}, {QStringLiteral("reason"), reason}, {QStringLiteral("message"), message},
        {QStringLiteral("lastTransitionTime"), SimStore::formatTimestamp(now)}}};
}

QString key(const QString &cluster, const QString &resource, const QString &ns, const QString &name)
{
    return cluster + QLatin1Char('/') + resource + QLatin1Char('/') + ns + QLatin1Char('/') + name;
}

} // namespace

SimFleetMovers::SimFleetMovers(const SimClock *clock, QObject *parent)
    : QObject(parent)
    , mClock(clock)
    , mTimer(new QTimer(this))
{
    // A few simulated seconds per step: schedules fire on time at any --time-scale, and never more than once a
    // second of real time when time is not scaled.
    mTimer->setInterval(qBound(50, mClock->toRealMs(5000), 1000));
    connect(mTimer, &QTimer::timeout, this, &SimFleetMovers::tick);
}

SimFleetMovers::~SimFleetMovers() = default;

bool SimFleetMovers::operates(const QJsonObject &object)
{
    return !behaviourOf(object).isEmpty() && !moverOf(obj(object, "spec")).isEmpty();
}

void SimFleetMovers::addStore(SimStore *store)
{
    connect(store, &SimStore::changed, this,
        [this, store](const QString &resource, SimEventType type, const QJsonObject &object) {
            onChanged(store, resource, type, object);
        });
    for (const QString &resource : {kRS, kRD}) {
        const QList<QJsonObject> objects = store->list(resource);
        for (const QJsonObject &object : objects)
            onChanged(store, resource, SimEventType::Added, object);
    }
}

void SimFleetMovers::onChanged(SimStore *store, const QString &resource, SimEventType type, const QJsonObject &object)
{
    if (resource != kRS && resource != kRD)
        return;
    const QJsonObject metadata = obj(object, "metadata");
    const QString ns = metadata.value(QLatin1String("namespace")).toString();
    const QString name = metadata.value(QLatin1String("name")).toString();
    const QString id = key(store->clusterName(), resource, ns, name);
    if (type == SimEventType::Deleted || !operates(object)) {
        mMovers.remove(id);
        return;
    }
    if (!mMovers.contains(id))
        mMovers.insert(id, Mover {store, resource, ns, name, QDateTime()});
    if (!mTimer->isActive())
        mTimer->start();
}

void SimFleetMovers::tick()
{
    // step() writes statuses, whose change signals may add entries: walk a copy of the keys.
    const QStringList keys = mMovers.keys();
    for (const QString &id : keys) {
        auto it = mMovers.find(id);
        if (it == mMovers.end())
            continue;
        if (!it->store) {
            mMovers.erase(it);
            continue;
        }
        step(*it);
    }
}

void SimFleetMovers::step(Mover &mover)
{
    const std::optional<QJsonObject> current = mover.store->get(mover.resource, mover.ns, mover.name);
    if (!current || !operates(*current))
        return;
    const QDateTime now = mClock->now();
    const QJsonObject spec = obj(*current, "spec");
    const QJsonObject status = obj(*current, "status");
    const QString behaviour = behaviourOf(*current);
    if (moverOf(spec) == QLatin1String("syncthing")) {
        if (status.value(QLatin1String("conditions")).toArray().isEmpty()) {
            (void)mover.store->patchStatus(mover.resource, mover.ns, mover.name,
                QJsonObject {{QStringLiteral("conditions"),
                    synchronizing(QStringLiteral("True"), QStringLiteral("SyncInProgress"),
                        QStringLiteral("Synchronization in-progress"), now)}});
        }
        return;
    }
    const bool running = timeOf(status, "lastSyncStartTime").isValid();
    if (running) {
        if (behaviour == QLatin1String("stuck")) {
            mover.runEnds = QDateTime(); // ends once the behaviour changes
            return;
        }
        if (!mover.runEnds.isValid())
            mover.runEnds = now.addSecs(kRunSeconds);
        if (now >= mover.runEnds)
            endRun(mover, *current);
        return;
    }
    if (spec.value(QLatin1String("paused")).toBool())
        return;
    const QJsonObject trigger = obj(spec, "trigger");
    const QString manual = trigger.value(QLatin1String("manual")).toString();
    if (!manual.isEmpty()) {
        if (manual != status.value(QLatin1String("lastManualSync")).toString())
            startRun(mover);
        return;
    }
    const CronSchedule schedule = CronSchedule::parse(trigger.value(QLatin1String("schedule")).toString());
    if (!schedule.isValid())
        return;
    QDateTime since = timeOf(status, "lastSyncTime");
    if (!since.isValid())
        since = timeOf(obj(*current, "metadata"), "creationTimestamp");
    const QDateTime due = schedule.next(since);
    if (due.isValid() && due <= now)
        startRun(mover);
}

void SimFleetMovers::startRun(Mover &mover)
{
    const QDateTime now = mClock->now();
    ++mRunsStarted;
    mover.runEnds = now.addSecs(kRunSeconds);
    (void)mover.store->patchStatus(mover.resource, mover.ns, mover.name,
        QJsonObject {{QStringLiteral("lastSyncStartTime"), SimStore::formatTimestamp(now)},
            {QStringLiteral("nextSyncTime"), QJsonValue()},
            {QStringLiteral("conditions"),
                synchronizing(QStringLiteral("True"), QStringLiteral("SyncInProgress"),
                    QStringLiteral("Synchronization in-progress"), now)}});
}

void SimFleetMovers::endRun(Mover &mover, const QJsonObject &object)
{
    const QDateTime now = mClock->now();
    const QJsonObject spec = obj(object, "spec");
    const QJsonObject trigger = obj(spec, "trigger");
    const QString manual = trigger.value(QLatin1String("manual")).toString();
    const QString mover_ = moverOf(spec);
    const CronSchedule schedule = CronSchedule::parse(trigger.value(QLatin1String("schedule")).toString());
    const QDateTime next = schedule.isValid() ? schedule.next(now) : QDateTime();
    const QDateTime started = timeOf(obj(object, "status"), "lastSyncStartTime");
    const qint64 durationNs = (started.isValid() ? started.msecsTo(now) : kRunSeconds * 1000) * 1000000LL;
    QJsonObject status {{QStringLiteral("lastSyncStartTime"), QJsonValue()},
        {QStringLiteral("nextSyncTime"), next.isValid() ? QJsonValue(SimStore::formatTimestamp(next)) : QJsonValue()}};
    mover.runEnds = QDateTime();
    // The resticLocked scenario: a stale lock in the repository fails every backup until spec.restic.unlock
    // changes; then the run unlocks first (status.restic.lastUnlocked) and the lock is gone.
    SimScenarios *scenarios = SimScenarios::of(mover.store);
    if (mover_ == QLatin1String("restic") && scenarios->has(QStringLiteral("resticLocked"), mover.ns, mover.name)) {
        const QString unlock = obj(spec, "restic").value(QLatin1String("unlock")).toString();
        const QString lastUnlocked
            = obj(obj(object, "status"), "restic").value(QLatin1String("lastUnlocked")).toString();
        if (unlock.isEmpty() || unlock == lastUnlocked) {
            const QString message = QStringLiteral("unable to create lock in backend: repository is already locked "
                                                   "by PID 27 on volsync-src-%1-x7k2q by root (UID 0, GID 0)")
                                        .arg(mover.name);
            status.insert(QStringLiteral("latestMoverStatus"),
                QJsonObject {{QStringLiteral("result"), QStringLiteral("Failed")},
                    {QStringLiteral("logs"),
                        QStringLiteral("restic mover started\nrepo already locked, waiting up to 0s for the lock\n"
                                       "Fatal: %1\n")
                            .arg(message)}});
            status.insert(QStringLiteral("conditions"),
                synchronizing(QStringLiteral("False"), QStringLiteral("Error"), message, now));
            (void)mover.store->patchStatus(mover.resource, mover.ns, mover.name, status);
            return;
        }
        status.insert(QStringLiteral("restic"), QJsonObject {{QStringLiteral("lastUnlocked"), unlock}});
        scenarios->remove(QStringLiteral("resticLocked"), mover.ns, mover.name);
    }
    if (behaviourOf(object) == QLatin1String("fail")) {
        const QString message = mover_ == QLatin1String("restic")
            ? QStringLiteral("Fatal: unable to open config file: Stat: The Access Key Id you provided does not exist "
                             "in our records.")
            : QStringLiteral("Failed to copy: AccessDenied: Access Denied status code: 403");
        status.insert(QStringLiteral("latestMoverStatus"),
            QJsonObject {{QStringLiteral("result"), QStringLiteral("Failed")},
                {QStringLiteral("logs"), QStringLiteral("%1 mover started\n%2\n").arg(mover_, message)}});
        status.insert(QStringLiteral("conditions"),
            synchronizing(QStringLiteral("False"), QStringLiteral("Error"), message, now));
        (void)mover.store->patchStatus(mover.resource, mover.ns, mover.name, status);
        return;
    }
    status.insert(QStringLiteral("lastSyncTime"), SimStore::formatTimestamp(now));
    status.insert(QStringLiteral("lastSyncDuration"), formatGoDuration(durationNs));
    status.insert(QStringLiteral("latestMoverStatus"),
        QJsonObject {{QStringLiteral("result"), QStringLiteral("Successful")},
            {QStringLiteral("logs"),
                mover_ == QLatin1String("restic")
                    ? QStringLiteral("processed 1204 files, 2.147 GiB in 0:%1\nsnapshot %2 saved\n")
                          .arg(durationNs / 1000000000LL)
                          .arg(QString::number(qHash(mover.name + now.toString()), 16))
                    : QStringLiteral("Transferred: 2.147 GiB / 2.147 GiB, 100%\n")}});
    if (!manual.isEmpty())
        status.insert(QStringLiteral("lastManualSync"), manual);
    status.insert(QStringLiteral("conditions"),
        synchronizing(QStringLiteral("False"),
            manual.isEmpty() ? QStringLiteral("WaitingForSchedule") : QStringLiteral("WaitingForManual"),
            manual.isEmpty() ? QStringLiteral("Waiting for next scheduled synchronization")
                             : QStringLiteral("Waiting for manual trigger"),
            now));
    if (mover.resource == kRD) {
        status.insert(QStringLiteral("latestImage"),
            QJsonObject {{QStringLiteral("apiGroup"), QStringLiteral("snapshot.storage.k8s.io")},
                {QStringLiteral("kind"), QStringLiteral("VolumeSnapshot")},
                {QStringLiteral("name"),
                    QStringLiteral("volsync-%1-dst-%2")
                        .arg(mover.name, now.toString(QStringLiteral("yyyyMMddHHmmss")))}});
    }
    (void)mover.store->patchStatus(mover.resource, mover.ns, mover.name, status);
}
