// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simvolumecontroller.h"

#include "sim/simclock.h"
#include "sim/simoperatoroptions.h"
#include "sim/simquantity.h"

#include <QJsonArray>
#include <QTimer>

namespace {

const QString kPVC = QStringLiteral("persistentvolumeclaims");
const QString kSnapshots = QStringLiteral("volumesnapshots");
const QString kPods = QStringLiteral("pods");
const QString kRD = QStringLiteral("replicationdestinations");
const QString kStorageClasses = QStringLiteral("storageclasses");

QJsonObject obj(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toObject();
}

QString str(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toString();
}

QString nameOf(const QJsonObject &object)
{
    return str(obj(object, "metadata"), "name");
}

QString namespaceOf(const QJsonObject &object)
{
    return str(obj(object, "metadata"), "namespace");
}

QString uidOf(const QJsonObject &object)
{
    return str(obj(object, "metadata"), "uid");
}

QString requestOf(const QJsonObject &pvc)
{
    return str(obj(obj(obj(pvc, "spec"), "resources"), "requests"), "storage");
}

QString inFlightKey(const QString &cluster, const QString &ns, const QString &name, const QString &uid)
{
    return cluster + QLatin1Char('/') + ns + QLatin1Char('/') + name + QLatin1Char('/') + uid;
}

// The data source of a PVC: dataSourceRef wins over dataSource, as in Kubernetes.
QJsonObject dataSourceOf(const QJsonObject &pvc)
{
    const QJsonObject spec = obj(pvc, "spec");
    const QJsonObject ref = obj(spec, "dataSourceRef");
    return ref.isEmpty() ? obj(spec, "dataSource") : ref;
}

} // namespace

SimVolumeController::SimVolumeController(const SimClock *clock, const SimOperatorOptions *options, QObject *parent)
    : QObject(parent)
    , mClock(clock)
    , mOptions(options)
{ }

SimVolumeController::~SimVolumeController()
{
    clear();
}

void SimVolumeController::attach(SimStore *store)
{
    const QString cluster = store->clusterName();
    mStores.insert(cluster, store);
    mConnections.append(connect(store, &SimStore::changed, this,
        [this, store](const QString &resource, SimEventType type, const QJsonObject &object) {
            onChanged(store, resource, type, object);
        }));
    // Claims restored from a state folder, or seeded before the operator started.
    QSet<QString> namespaces;
    const QList<QJsonObject> claims = store->list(kPVC);
    for (const QJsonObject &pvc : claims)
        namespaces.insert(namespaceOf(pvc));
    for (const QString &ns : std::as_const(namespaces))
        queueNamespace(cluster, ns);
}

void SimVolumeController::clear()
{
    for (const QMetaObject::Connection &connection : std::as_const(mConnections))
        disconnect(connection);
    mConnections.clear();
    mStores.clear();
    mQueued.clear();
    mInFlight.clear();
}

SimVolumeContent SimVolumeController::content(const SimStore *store, const QString &ns, const QString &pvc)
{
    const auto object = store->get(kPVC, ns, pvc);
    return object ? store->volumeContents().value(uidOf(*object)) : SimVolumeContent();
}

bool SimVolumeController::setContent(
    SimStore *store, const QString &ns, const QString &pvc, const SimVolumeContent &content)
{
    const auto object = store->get(kPVC, ns, pvc);
    if (!object)
        return false;
    store->volumeContents().set(uidOf(*object), content);
    return true;
}

void SimVolumeController::onChanged(
    SimStore *store, const QString &resource, SimEventType type, const QJsonObject &object)
{
    const QString ns = namespaceOf(object);
    if (resource == kSnapshots) {
        if (type == SimEventType::Deleted) {
            store->volumeContents().remove(uidOf(object));
        } else if (type == SimEventType::Added) {
            // A snapshot is the content of its source at the moment it is taken.
            const QString source = str(obj(obj(object, "spec"), "source"), "persistentVolumeClaimName");
            if (!source.isEmpty())
                store->volumeContents().set(uidOf(object), content(store, ns, source));
        }
        if (type != SimEventType::Deleted && !obj(object, "status").value(QStringLiteral("readyToUse")).toBool()) {
            const QString key = inFlightKey(store->clusterName(), ns, nameOf(object), uidOf(object));
            if (!mInFlight.contains(key)) {
                mInFlight.insert(key);
                QPointer<SimStore> guard(store);
                const QString name = nameOf(object);
                const QString uid = uidOf(object);
                QTimer::singleShot(
                    mClock->toRealMs(mOptions->snapshotReadyDelayMs), this, [this, guard, ns, name, uid] {
                        if (guard)
                            readySnapshot(guard, ns, name, uid);
                    });
            }
        }
        queueNamespace(store->clusterName(), ns);
    } else if (resource == kPVC) {
        if (type == SimEventType::Deleted)
            store->volumeContents().remove(uidOf(object));
        else
            queueNamespace(store->clusterName(), ns);
    } else if (resource == kPods || resource == kRD) {
        if (type != SimEventType::Deleted)
            queueNamespace(store->clusterName(), ns);
    } else if (resource == kStorageClasses) {
        // A class appeared: claims anywhere may bind now.
        QSet<QString> namespaces;
        const QList<QJsonObject> claims = store->list(kPVC);
        for (const QJsonObject &pvc : claims)
            namespaces.insert(namespaceOf(pvc));
        for (const QString &claimNs : std::as_const(namespaces))
            queueNamespace(store->clusterName(), claimNs);
    }
}

void SimVolumeController::queueNamespace(const QString &cluster, const QString &ns)
{
    mQueued.insert(cluster + QLatin1Char('|') + ns);
    if (!mQueueScheduled) {
        mQueueScheduled = true;
        // Not inside the store's signal: binding writes to the store.
        QTimer::singleShot(0, this, &SimVolumeController::processQueue);
    }
}

void SimVolumeController::processQueue()
{
    mQueueScheduled = false;
    const QSet<QString> queued = std::exchange(mQueued, {});
    for (const QString &item : queued) {
        const qsizetype bar = item.indexOf(QLatin1Char('|'));
        SimStore *store = mStores.value(item.left(bar));
        if (!store)
            continue;
        const QList<QJsonObject> claims = store->list(kPVC, item.mid(bar + 1));
        for (const QJsonObject &pvc : claims)
            reconcileClaim(store, pvc);
    }
}

void SimVolumeController::reconcileClaim(SimStore *store, const QJsonObject &pvc)
{
    const QString phase = str(obj(pvc, "status"), "phase");
    if (obj(pvc, "metadata").contains(QStringLiteral("deletionTimestamp")) || phase == QLatin1String("Bound")
        || phase == QLatin1String("Lost"))
        return;
    const QString ns = namespaceOf(pvc);
    const QString name = nameOf(pvc);
    const QString uid = uidOf(pvc);
    const QString key = inFlightKey(store->clusterName(), ns, name, uid);
    if (mInFlight.contains(key) || waitsForConsumer(store, pvc))
        return;
    const QJsonObject source = dataSourceOf(pvc);
    const QString kind = str(source, "kind");
    if (source.isEmpty()) {
        bind(store, pvc, {}, requestOf(pvc));
        return;
    }
    if (kind == QLatin1String("PersistentVolumeClaim")) {
        const auto origin = store->get(kPVC, ns, str(source, "name"));
        if (origin && str(obj(*origin, "status"), "phase") == QLatin1String("Bound"))
            bind(store, pvc, store->volumeContents().value(uidOf(*origin)), requestOf(pvc));
        return; // a clone waits for its source
    }
    const std::optional<QJsonObject> snapshot = readySnapshotFor(store, pvc);
    if (!snapshot)
        return; // not ready yet (or an unknown kind): Pending, looked at again when something changes
    QString capacity = requestOf(pvc);
    const QString restoreSize = str(obj(*snapshot, "status"), "restoreSize");
    if (SimQuantity::bytes(restoreSize) > SimQuantity::bytes(capacity))
        capacity = restoreSize;
    const SimVolumeContent restored = store->volumeContents().value(uidOf(*snapshot));
    mInFlight.insert(key);
    const QString cluster = store->clusterName();
    QTimer::singleShot(
        mClock->toRealMs(mOptions->restoreDelayMs), this, [this, cluster, ns, name, uid, restored, capacity] {
            finishRestore(cluster, ns, name, uid, restored, capacity);
        });
}

std::optional<QJsonObject> SimVolumeController::readySnapshotFor(SimStore *store, const QJsonObject &pvc) const
{
    const QJsonObject source = dataSourceOf(pvc);
    const QString kind = str(source, "kind");
    const QString ns = namespaceOf(pvc);
    QString snapshotName;
    if (kind == QLatin1String("VolumeSnapshot")) {
        snapshotName = str(source, "name");
    } else if (kind == QLatin1String("ReplicationDestination")
        && str(source, "apiGroup") == QLatin1String("volsync.backube")) {
        // VolSync's volume populator restores the destination's latest image (a snapshot only).
        const auto rd = store->get(kRD, ns, str(source, "name"));
        const QJsonObject latest = rd ? obj(obj(*rd, "status"), "latestImage") : QJsonObject();
        if (str(latest, "kind") == QLatin1String("VolumeSnapshot"))
            snapshotName = str(latest, "name");
    }
    if (snapshotName.isEmpty())
        return std::nullopt;
    const auto snapshot = store->get(kSnapshots, ns, snapshotName);
    if (!snapshot || !obj(*snapshot, "status").value(QStringLiteral("readyToUse")).toBool()
        || obj(*snapshot, "metadata").contains(QStringLiteral("deletionTimestamp")))
        return std::nullopt;
    return snapshot;
}

bool SimVolumeController::waitsForConsumer(SimStore *store, const QJsonObject &pvc) const
{
    QString className = str(obj(pvc, "spec"), "storageClassName");
    std::optional<QJsonObject> storageClass;
    if (!className.isEmpty()) {
        storageClass = store->get(kStorageClasses, QString(), className);
    } else {
        const QList<QJsonObject> classes = store->list(kStorageClasses);
        for (const QJsonObject &candidate : classes) {
            if (str(obj(obj(candidate, "metadata"), "annotations"), "storageclass.kubernetes.io/is-default-class")
                == QLatin1String("true"))
                storageClass = candidate;
        }
    }
    if (!storageClass)
        return true; // no class to provision from: stays Pending
    if (str(*storageClass, "volumeBindingMode") != QLatin1String("WaitForFirstConsumer"))
        return false;
    const QString claim = nameOf(pvc);
    const QList<QJsonObject> pods = store->list(kPods, namespaceOf(pvc));
    for (const QJsonObject &pod : pods) {
        const QJsonArray volumes = obj(pod, "spec").value(QStringLiteral("volumes")).toArray();
        for (const QJsonValue &volume : volumes) {
            if (str(obj(volume.toObject(), "persistentVolumeClaim"), "claimName") == claim)
                return false;
        }
    }
    return true;
}

void SimVolumeController::finishRestore(const QString &cluster, const QString &ns, const QString &name,
    const QString &uid, const SimVolumeContent &content, const QString &capacity)
{
    mInFlight.remove(inFlightKey(cluster, ns, name, uid));
    SimStore *store = mStores.value(cluster);
    const auto pvc = store ? store->get(kPVC, ns, name) : std::nullopt;
    if (!pvc || uidOf(*pvc) != uid || str(obj(*pvc, "status"), "phase") == QLatin1String("Bound"))
        return;
    bind(store, *pvc, content, capacity);
}

void SimVolumeController::bind(
    SimStore *store, const QJsonObject &pvc, const SimVolumeContent &content, const QString &capacity)
{
    const QString ns = namespaceOf(pvc);
    const QString name = nameOf(pvc);
    QJsonObject bound = pvc;
    QJsonObject spec = obj(bound, "spec");
    if (str(spec, "volumeName").isEmpty()) {
        spec.insert(QStringLiteral("volumeName"), QStringLiteral("pvc-%1").arg(uidOf(pvc)));
        bound.insert(QStringLiteral("spec"), spec);
        QJsonObject meta = obj(bound, "metadata");
        meta.remove(QStringLiteral("resourceVersion"));
        bound.insert(QStringLiteral("metadata"), meta);
        if (!store->update(kPVC, ns, bound).ok())
            return;
    }
    store->volumeContents().set(uidOf(pvc), content);
    store->patchStatus(kPVC, ns, name,
        QJsonObject {{QStringLiteral("phase"), QStringLiteral("Bound")},
            {QStringLiteral("accessModes"), spec.value(QStringLiteral("accessModes"))},
            {QStringLiteral("capacity"), QJsonObject {{QStringLiteral("storage"), capacity}}}});
}

void SimVolumeController::readySnapshot(SimStore *store, const QString &ns, const QString &name, const QString &uid)
{
    mInFlight.remove(inFlightKey(store->clusterName(), ns, name, uid));
    const auto snapshot = store->get(kSnapshots, ns, name);
    if (!snapshot || uidOf(*snapshot) != uid || obj(*snapshot, "status").value(QStringLiteral("readyToUse")).toBool())
        return;
    const QString source = str(obj(obj(*snapshot, "spec"), "source"), "persistentVolumeClaimName");
    const auto pvc = source.isEmpty() ? std::nullopt : store->get(kPVC, ns, source);
    if (!pvc) {
        store->patchStatus(kSnapshots, ns, name,
            QJsonObject {{QStringLiteral("readyToUse"), false},
                {QStringLiteral("error"),
                    QJsonObject {{QStringLiteral("time"), SimStore::formatTimestamp(mClock->now())},
                        {QStringLiteral("message"),
                            QStringLiteral("Failed to create snapshot: the source PersistentVolumeClaim \"%1\" "
                                           "does not exist")
                                .arg(source)}}}});
        return;
    }
    QString size = str(obj(obj(*pvc, "status"), "capacity"), "storage");
    if (size.isEmpty())
        size = requestOf(*pvc);
    store->patchStatus(kSnapshots, ns, name,
        QJsonObject {{QStringLiteral("readyToUse"), true},
            {QStringLiteral("creationTime"), str(obj(*snapshot, "metadata"), "creationTimestamp")},
            {QStringLiteral("restoreSize"), size},
            {QStringLiteral("boundVolumeSnapshotContentName"), QStringLiteral("snapcontent-%1").arg(uid)}});
}
