// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simstore.h"

#include "common/logging.h"
#include "sim/simdefaults.h"
#include "sim/simlabelselector.h"
#include "sim/simpodrules.h"
#include "sim/simresourceinfo.h"
#include "sim/simstatus.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <QTimer>
#include <QUuid>

#include <algorithm>

QString simEventTypeName(SimEventType type)
{
    switch (type) {
    case SimEventType::Added:
        return QStringLiteral("ADDED");
    case SimEventType::Modified:
        return QStringLiteral("MODIFIED");
    case SimEventType::Deleted:
        return QStringLiteral("DELETED");
    }
    return {};
}

QString SimStoreResult::message() const
{
    return ok() ? QString() : object.value(QStringLiteral("message")).toString();
}

namespace {

const QString kMetadata = QStringLiteral("metadata");
const QString kStatus = QStringLiteral("status");
const QString kSpec = QStringLiteral("spec");

QJsonObject metadataOf(const QJsonObject &object)
{
    return object.value(kMetadata).toObject();
}

QString nameOf(const QJsonObject &object)
{
    return metadataOf(object).value(QStringLiteral("name")).toString();
}

QString randomSuffix()
{
    // The apiserver's alphabet for generateName suffixes (no vowels, no look-alikes).
    static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
    QString suffix;
    for (int i = 0; i < 5; ++i)
        suffix.append(QLatin1Char(alphabet[QRandomGenerator::global()->bounded(int(sizeof(alphabet) - 1))]));
    return suffix;
}

QJsonObject mergePatch(QJsonObject target, const QJsonObject &patch)
{
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        if (it.value().isNull()) {
            target.remove(it.key());
        } else if (it.value().isObject() && target.value(it.key()).isObject()) {
            target.insert(it.key(), mergePatch(target.value(it.key()).toObject(), it.value().toObject()));
        } else if (it.value().isObject()) {
            target.insert(it.key(), mergePatch(QJsonObject(), it.value().toObject()));
        } else {
            target.insert(it.key(), it.value());
        }
    }
    return target;
}

// For generation: a change of anything but metadata and status (a custom resource's spec, or its top-level
// fields where it has no spec, like a VolumeSnapshotClass's driver).
bool contentChanged(QJsonObject before, QJsonObject after)
{
    for (QJsonObject *object : {&before, &after}) {
        object->remove(kMetadata);
        object->remove(kStatus);
    }
    return before != after;
}

QJsonObject withoutResourceVersion(QJsonObject object)
{
    QJsonObject meta = metadataOf(object);
    meta.remove(QStringLiteral("resourceVersion"));
    object.insert(kMetadata, meta);
    return object;
}

} // namespace

SimStore::SimStore(const QString &clusterName, QObject *parent)
    : QObject(parent)
    , mClusterName(clusterName)
{
    mUptime.start();
    qRegisterMetaType<SimEventType>();
}

SimStore::~SimStore() = default;

void SimStore::setClock(Clock clock)
{
    mClock = std::move(clock);
}

QDateTime SimStore::now() const
{
    return mClock ? mClock().toUTC() : QDateTime::currentDateTimeUtc();
}

QString SimStore::formatTimestamp(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ssZ"));
}

QString SimStore::key(const QString &ns, const QString &name)
{
    return ns + QLatin1Char('/') + name;
}

std::optional<QJsonObject> SimStore::get(const QString &resource, const QString &ns, const QString &name) const
{
    const auto byResource = mObjects.constFind(resource);
    if (byResource == mObjects.cend())
        return std::nullopt;
    const auto it = byResource->constFind(key(ns, name));
    if (it == byResource->cend())
        return std::nullopt;
    return *it;
}

QList<QJsonObject> SimStore::list(const QString &resource, const QString &ns, const QString &labelSelector) const
{
    QList<QJsonObject> result;
    const auto byResource = mObjects.constFind(resource);
    if (byResource == mObjects.cend())
        return result;
    const std::optional<SimLabelSelector> selector = SimLabelSelector::parse(labelSelector);
    if (!selector)
        return result;
    const bool everything = selector->isEmpty();
    // The keys are "ns/name" in order: one namespace's objects are one range.
    const QString prefix = ns.isEmpty() ? QString() : ns + QLatin1Char('/');
    for (auto it = prefix.isEmpty() ? byResource->cbegin() : byResource->lowerBound(prefix); it != byResource->cend();
         ++it) {
        if (!prefix.isEmpty() && !it.key().startsWith(prefix))
            break;
        if (everything || selector->matches(metadataOf(it.value()).value(QStringLiteral("labels")).toObject()))
            result.append(it.value());
    }
    return result;
}

bool SimStore::isEmpty() const
{
    for (const auto &byResource : mObjects) {
        if (!byResource.isEmpty())
            return false;
    }
    return true;
}

qint64 SimStore::nextVersion()
{
    return ++mResourceVersion;
}

void SimStore::record(const QString &resource, SimEventType type, const QJsonObject &object)
{
    SimWatchEvent event;
    event.resourceVersion = mResourceVersion;
    event.resource = resource;
    event.type = type;
    event.object = object;
    ++mRevisions[resource];
    // kube-apiserver's watch cache sizing (k8s.io/apiserver/pkg/storage/cacher/watch_cache.go).
    constexpr qint64 kEventFreshMs = 75 * 1000;
    constexpr size_t kUpperBoundCapacity = 100 * 1024;
    WatchWindow &window = mWatchWindows[resource];
    const qint64 nowMs = mUptime.elapsed();
    if (mHistoryWindow <= 0 && window.events.size() >= window.capacity && window.capacity < kUpperBoundCapacity
        && nowMs - window.recordedMs.front() < kEventFreshMs)
        window.capacity = qMin(window.capacity * 2, kUpperBoundCapacity);
    window.events.push_back(event);
    window.recordedMs.push_back(nowMs);
    const size_t limit = mHistoryWindow > 0 ? size_t(mHistoryWindow) : window.capacity;
    while (window.events.size() > limit) {
        window.trimmedUpTo = window.events.front().resourceVersion;
        window.events.pop_front();
        window.recordedMs.pop_front();
    }
    Q_EMIT changed(resource, type, object);
}

SimStoreResult SimStore::create(const QString &resource, const QString &ns, const QJsonObject &object, bool dryRun)
{
    const SimResourceInfo *info = simResource(resource);
    if (!info)
        return {404, SimStatus::pathNotFound()};
    QJsonObject meta = metadataOf(object);
    QString name = meta.value(QStringLiteral("name")).toString();
    const QString generateName = meta.value(QStringLiteral("generateName")).toString();
    if (name.isEmpty() && generateName.isEmpty()) {
        QJsonObject cause;
        cause.insert(QStringLiteral("reason"), QStringLiteral("FieldValueRequired"));
        cause.insert(QStringLiteral("message"), QStringLiteral("Required value: name or generateName is required"));
        cause.insert(QStringLiteral("field"), QStringLiteral("metadata.name"));
        return {422, SimStatus::invalid(*info, QString(), QJsonArray {cause})};
    }
    const QString effectiveNs = info->namespaced ? ns : QString();
    if (info->namespaced) {
        const std::optional<QJsonObject> nsObject = get(QStringLiteral("namespaces"), QString(), effectiveNs);
        if (!nsObject)
            return {404, SimStatus::notFound(*simResource(QStringLiteral("namespaces")), effectiveNs)};
        if (metadataOf(*nsObject).contains(QStringLiteral("deletionTimestamp")))
            return {403, SimStatus::namespaceTerminating(*info, name.isEmpty() ? generateName : name, effectiveNs)};
    }
    QMap<QString, QJsonObject> &objects = mObjects[resource];
    if (name.isEmpty()) {
        do {
            name = generateName + randomSuffix();
        } while (objects.contains(key(effectiveNs, name)));
    }
    if (objects.contains(key(effectiveNs, name)))
        return {409, SimStatus::alreadyExists(*info, name)};

    QJsonObject stored = object;
    stored.insert(QStringLiteral("apiVersion"), info->apiVersion());
    stored.insert(QStringLiteral("kind"), info->kind);
    meta.insert(QStringLiteral("name"), name);
    if (info->namespaced)
        meta.insert(QStringLiteral("namespace"), effectiveNs);
    else
        meta.remove(QStringLiteral("namespace"));
    meta.insert(QStringLiteral("uid"), QUuid::createUuid().toString(QUuid::WithoutBraces));
    meta.insert(QStringLiteral("creationTimestamp"), formatTimestamp(now()));
    meta.remove(QStringLiteral("deletionTimestamp"));
    meta.remove(QStringLiteral("selfLink"));
    // Custom resources count generations; the built-in kinds the simulator serves do not.
    if (info->isCustom())
        meta.insert(QStringLiteral("generation"), 1);
    else
        meta.remove(QStringLiteral("generation"));
    if (dryRun)
        meta.remove(QStringLiteral("resourceVersion"));
    else
        meta.insert(QStringLiteral("resourceVersion"), QString::number(nextVersion()));
    stored.insert(kMetadata, meta);
    SimDefaults::prepareForCreate(*info, stored);
    if (info->hasStatus) {
        stored.remove(kStatus);
        const QJsonObject initial = SimDefaults::initialStatus(*info, stored);
        if (!initial.isEmpty())
            stored.insert(kStatus, initial);
    }
    if (resource == QLatin1String("secrets") && stored.value(QStringLiteral("type")).toString().isEmpty())
        stored.insert(QStringLiteral("type"), QStringLiteral("Opaque")); // the apiserver's default
    if (resource == QLatin1String("namespaces")) {
        QJsonObject spec = stored.value(kSpec).toObject();
        spec.insert(QStringLiteral("finalizers"), QJsonArray {QStringLiteral("kubernetes")});
        stored.insert(kSpec, spec);
        meta.remove(QStringLiteral("generation"));
        QJsonObject labels = meta.value(QStringLiteral("labels")).toObject();
        labels.insert(QStringLiteral("kubernetes.io/metadata.name"), name);
        meta.insert(QStringLiteral("labels"), labels);
        stored.insert(kMetadata, meta);
        QJsonObject status;
        status.insert(QStringLiteral("phase"), QStringLiteral("Active"));
        stored.insert(kStatus, status);
    }
    if (dryRun)
        return {201, stored};
    objects.insert(key(effectiveNs, name), stored);
    indexOwners(resource, key(effectiveNs, name), stored, true);
    record(resource, SimEventType::Added, stored);
    return {201, stored};
}

SimStoreResult SimStore::writeExisting(
    const QString &resource, const QString &ns, const QJsonObject &object, bool statusOnly)
{
    const SimResourceInfo *info = simResource(resource);
    if (!info)
        return {404, SimStatus::pathNotFound()};
    const QString effectiveNs = info->namespaced ? ns : QString();
    const QString name = nameOf(object);
    const QString k = key(effectiveNs, name);
    auto byResource = mObjects.find(resource);
    if (byResource == mObjects.end() || !byResource->contains(k))
        return {404, SimStatus::notFound(*info, name)};
    const QJsonObject current = byResource->value(k);
    const QJsonObject currentMeta = metadataOf(current);
    const QString wantedVersion = metadataOf(object).value(QStringLiteral("resourceVersion")).toString();
    if (!wantedVersion.isEmpty() && wantedVersion != currentMeta.value(QStringLiteral("resourceVersion")).toString())
        return {409, SimStatus::conflict(*info, name)};

    QJsonObject stored;
    if (statusOnly) {
        stored = current;
        if (object.contains(kStatus))
            stored.insert(kStatus, object.value(kStatus));
        else
            stored.remove(kStatus);
        if (resource == QLatin1String("pods"))
            SimPodRules::mirrorStatusIps(stored);
    } else {
        stored = object;
        stored.insert(QStringLiteral("apiVersion"), info->apiVersion());
        stored.insert(QStringLiteral("kind"), info->kind);
        QJsonObject meta = metadataOf(object);
        for (const char *kept : {"uid", "creationTimestamp", "deletionTimestamp", "namespace", "generation"}) {
            const QString field = QLatin1String(kept);
            if (currentMeta.contains(field))
                meta.insert(field, currentMeta.value(field));
            else
                meta.remove(field);
        }
        if (!meta.contains(QStringLiteral("managedFields")) && currentMeta.contains(QStringLiteral("managedFields")))
            meta.insert(QStringLiteral("managedFields"), currentMeta.value(QStringLiteral("managedFields")));
        meta.remove(QStringLiteral("generateName"));
        if (currentMeta.contains(QStringLiteral("generateName")))
            meta.insert(QStringLiteral("generateName"), currentMeta.value(QStringLiteral("generateName")));
        if (resource == QLatin1String("namespaces")) {
            QJsonObject labels = meta.value(QStringLiteral("labels")).toObject();
            labels.insert(QStringLiteral("kubernetes.io/metadata.name"), name);
            meta.insert(QStringLiteral("labels"), labels);
        }
        if (contentChanged(current, stored) && currentMeta.contains(QStringLiteral("generation")))
            meta.insert(QStringLiteral("generation"), currentMeta.value(QStringLiteral("generation")).toInteger() + 1);
        stored.insert(kMetadata, meta);
        if (info->hasStatus) {
            if (current.contains(kStatus))
                stored.insert(kStatus, current.value(kStatus));
            else
                stored.remove(kStatus);
        }
    }
    // A write that changes nothing is not a change: no new resourceVersion, no event (as the apiserver).
    if (withoutResourceVersion(stored) == withoutResourceVersion(current))
        return {200, current};
    QJsonObject meta = metadataOf(stored);
    meta.insert(QStringLiteral("resourceVersion"), QString::number(nextVersion()));
    stored.insert(kMetadata, meta);
    indexOwners(resource, k, current, false);
    byResource->insert(k, stored);
    indexOwners(resource, k, stored, true);
    record(resource, SimEventType::Modified, stored);
    return {200, stored};
}

SimStoreResult SimStore::update(const QString &resource, const QString &ns, const QJsonObject &object)
{
    return writeExisting(resource, ns, object, false);
}

SimStoreResult SimStore::updateStatus(const QString &resource, const QString &ns, const QJsonObject &object)
{
    return writeExisting(resource, ns, object, true);
}

SimStoreResult SimStore::patchStatus(
    const QString &resource, const QString &ns, const QString &name, const QJsonObject &status)
{
    const SimResourceInfo *info = simResource(resource);
    if (!info)
        return {404, SimStatus::pathNotFound()};
    std::optional<QJsonObject> current = get(resource, info->namespaced ? ns : QString(), name);
    if (!current)
        return {404, SimStatus::notFound(*info, name)};
    QJsonObject updated = *current;
    updated.insert(kStatus, mergePatch(current->value(kStatus).toObject(), status));
    return writeExisting(resource, ns, updated, true);
}

SimStoreResult SimStore::remove(const QString &resource, const QString &ns, const QString &name)
{
    const SimResourceInfo *info = simResource(resource);
    if (!info)
        return {404, SimStatus::pathNotFound()};
    const QString effectiveNs = info->namespaced ? ns : QString();
    const QString k = key(effectiveNs, name);
    auto byResource = mObjects.find(resource);
    if (byResource == mObjects.end() || !byResource->contains(k))
        return {404, SimStatus::notFound(*info, name)};
    QJsonObject object = byResource->value(k);
    QJsonObject meta = metadataOf(object);

    if (resource == QLatin1String("namespaces")) {
        if (meta.contains(QStringLiteral("deletionTimestamp")))
            return {200, object};
        meta.insert(QStringLiteral("deletionTimestamp"), formatTimestamp(now()));
        meta.insert(QStringLiteral("resourceVersion"), QString::number(nextVersion()));
        object.insert(kMetadata, meta);
        QJsonObject status = object.value(kStatus).toObject();
        status.insert(QStringLiteral("phase"), QStringLiteral("Terminating"));
        object.insert(kStatus, status);
        byResource->insert(k, object);
        record(resource, SimEventType::Modified, object);
        QTimer::singleShot(mNamespaceTerminationDelayMs, this, [this, name] { finishNamespaceDeletion(name); });
        return {200, object};
    }

    // The answer is the object as it was (a deletecollection lists it so; a single delete's answer marks it).
    const QJsonObject before = object;
    if (resource == QLatin1String("persistentvolumeclaims")
        && !meta.value(QStringLiteral("finalizers")).toArray().isEmpty()
        && !meta.contains(QStringLiteral("deletionTimestamp"))) {
        // Marked deleted first (watchers see it MODIFIED), then kube-controller-manager's pvc-protection controller
        // lets go of the unused claim (DELETED), as on a real cluster.
        meta.insert(QStringLiteral("deletionTimestamp"), formatTimestamp(now()));
        meta.insert(QStringLiteral("deletionGracePeriodSeconds"), 0);
        meta.insert(QStringLiteral("resourceVersion"), QString::number(nextVersion()));
        object.insert(kMetadata, meta);
        byResource->insert(k, object);
        record(resource, SimEventType::Modified, object);
    }

    // The DELETED event carries the deletion's resourceVersion.
    byResource->remove(k);
    indexOwners(resource, k, object, false);
    meta.insert(QStringLiteral("resourceVersion"), QString::number(nextVersion()));
    object.insert(kMetadata, meta);
    record(resource, SimEventType::Deleted, object);
    collectGarbage(meta.value(QStringLiteral("uid")).toString());
    return {200, before};
}

void SimStore::finishNamespaceDeletion(const QString &name)
{
    const std::optional<QJsonObject> nsObject = get(QStringLiteral("namespaces"), QString(), name);
    if (!nsObject || !metadataOf(*nsObject).contains(QStringLiteral("deletionTimestamp")))
        return;
    for (const SimResourceInfo &info : simResources()) {
        if (!info.namespaced)
            continue;
        const QList<QJsonObject> objects = list(info.plural, name);
        for (const QJsonObject &object : objects)
            remove(info.plural, name, nameOf(object));
    }
    const QString k = key(QString(), name);
    QJsonObject object = mObjects[QStringLiteral("namespaces")].take(k);
    indexOwners(QStringLiteral("namespaces"), k, object, false);
    QJsonObject meta = metadataOf(object);
    meta.insert(QStringLiteral("resourceVersion"), QString::number(nextVersion()));
    object.insert(kMetadata, meta);
    object.insert(kSpec, QJsonObject());
    record(QStringLiteral("namespaces"), SimEventType::Deleted, object);
}

void SimStore::collectGarbage(const QString &uid)
{
    if (uid.isEmpty())
        return;
    // In the order of a full scan (resource types as simResources() lists them, objects by namespace and name),
    // from the owner index rather than every object of every type.
    for (const SimResourceInfo &info : simResources()) {
        const auto owned = mOwned.constFind(uid);
        if (owned == mOwned.cend())
            return;
        const QString prefix = info.plural + QLatin1Char('|');
        QStringList keys;
        for (const QString &entry : *owned) {
            if (entry.startsWith(prefix))
                keys.append(entry.mid(prefix.size()));
        }
        std::sort(keys.begin(), keys.end());
        for (const QString &k : std::as_const(keys)) {
            const std::optional<QJsonObject> object
                = get(info.plural, k.section(QLatin1Char('/'), 0, 0), k.section(QLatin1Char('/'), 1));
            if (object) // not yet collected through another owner
                remove(info.plural, metadataOf(*object).value(QStringLiteral("namespace")).toString(), nameOf(*object));
        }
    }
}

void SimStore::indexOwners(const QString &resource, const QString &key, const QJsonObject &object, bool add)
{
    const QJsonArray owners = metadataOf(object).value(QStringLiteral("ownerReferences")).toArray();
    for (const QJsonValue &owner : owners) {
        const QString uid = owner.toObject().value(QStringLiteral("uid")).toString();
        if (uid.isEmpty())
            continue;
        const QString entry = resource + QLatin1Char('|') + key;
        if (add) {
            mOwned[uid].insert(entry);
        } else {
            const auto it = mOwned.find(uid);
            if (it == mOwned.end())
                continue;
            it->remove(entry);
            if (it->isEmpty())
                mOwned.erase(it);
        }
    }
}

void SimStore::rebuildOwnerIndex()
{
    mOwned.clear();
    for (auto byResource = mObjects.cbegin(); byResource != mObjects.cend(); ++byResource) {
        for (auto it = byResource->cbegin(); it != byResource->cend(); ++it)
            indexOwners(byResource.key(), it.key(), it.value(), true);
    }
}

void SimStore::setHistoryWindow(int events)
{
    mHistoryWindow = qMax(0, events);
    if (mHistoryWindow == 0)
        return;
    for (WatchWindow &window : mWatchWindows) {
        while (window.events.size() > size_t(mHistoryWindow)) {
            window.trimmedUpTo = window.events.front().resourceVersion;
            window.events.pop_front();
            window.recordedMs.pop_front();
        }
    }
}

void SimStore::startWatchCache()
{
    mWatchWindows.clear();
    mWatchCacheStart = mResourceVersion;
}

qint64 SimStore::oldestResumableVersion(const QString &resource) const
{
    qint64 oldest = mWatchCacheStart;
    if (!resource.isEmpty()) {
        const auto window = mWatchWindows.constFind(resource);
        return window == mWatchWindows.cend() ? oldest : qMax(oldest, window->trimmedUpTo);
    }
    for (const WatchWindow &window : mWatchWindows)
        oldest = qMax(oldest, window.trimmedUpTo);
    return oldest;
}

std::optional<QList<SimWatchEvent>> SimStore::eventsSince(const QString &resource, qint64 resourceVersion) const
{
    if (resourceVersion < oldestResumableVersion(resource))
        return std::nullopt;
    QList<SimWatchEvent> events;
    const auto window = mWatchWindows.constFind(resource);
    if (window == mWatchWindows.cend())
        return events;
    for (const SimWatchEvent &event : window->events) {
        if (event.resourceVersion > resourceVersion)
            events.append(event);
    }
    return events;
}

QJsonObject SimStore::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("cluster"), mClusterName);
    json.insert(QStringLiteral("resourceVersion"), QString::number(mResourceVersion));
    QJsonObject objects;
    for (auto it = mObjects.cbegin(); it != mObjects.cend(); ++it) {
        QJsonArray items;
        for (const QJsonObject &object : list(it.key()))
            items.append(object);
        if (!items.isEmpty())
            objects.insert(it.key(), items);
    }
    json.insert(QStringLiteral("objects"), objects);
    json.insert(QStringLiteral("volumeContents"), mVolumeContents.toJson());
    return json;
}

bool SimStore::fromJson(const QJsonObject &json)
{
    bool ok = false;
    const qint64 version = json.value(QStringLiteral("resourceVersion")).toString().toLongLong(&ok);
    if (!ok || !json.value(QStringLiteral("objects")).isObject())
        return false;
    QHash<QString, QMap<QString, QJsonObject>> restored;
    const QJsonObject objects = json.value(QStringLiteral("objects")).toObject();
    for (auto it = objects.begin(); it != objects.end(); ++it) {
        if (!simResource(it.key()) || !it.value().isArray())
            return false;
        for (const QJsonValue &value : it.value().toArray()) {
            const QJsonObject object = value.toObject();
            const QJsonObject meta = metadataOf(object);
            if (meta.value(QStringLiteral("name")).toString().isEmpty())
                return false;
            restored[it.key()].insert(
                key(meta.value(QStringLiteral("namespace")).toString(), meta.value(QStringLiteral("name")).toString()),
                object);
        }
    }
    for (auto it = restored.cbegin(); it != restored.cend(); ++it)
        mRevisions.insert(it.key(), mRevisions.value(it.key()));
    for (quint64 &revision : mRevisions)
        ++revision;
    mObjects = restored;
    rebuildOwnerIndex();
    mResourceVersion = version;
    mVolumeContents.fromJson(json.value(QStringLiteral("volumeContents")).toObject());
    startWatchCache();
    // Namespaces that were Terminating when the state was saved finish going away.
    for (const QJsonObject &ns : list(QStringLiteral("namespaces"))) {
        if (metadataOf(ns).contains(QStringLiteral("deletionTimestamp"))) {
            const QString name = nameOf(ns);
            QTimer::singleShot(mNamespaceTerminationDelayMs, this, [this, name] { finishNamespaceDeletion(name); });
        }
    }
    return true;
}
