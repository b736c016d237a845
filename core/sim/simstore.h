// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QString>

#include "sim/simvolumecontents.h"

#include <deque>
#include <functional>
#include <optional>

struct SimResourceInfo;

/// What happened to an object (the watch event types).
enum class SimEventType { Added, Modified, Deleted };
/// "ADDED", "MODIFIED", "DELETED".
[[nodiscard]] QString simEventTypeName(SimEventType type);

/// One recorded change, as a watch replays it.
struct SimWatchEvent {
    qint64 resourceVersion = 0;
    QString resource; ///< plural, e.g. "replicationsources"
    SimEventType type = SimEventType::Added;
    QJsonObject object;
};

/// The outcome of a write: the stored object, or a Status body and its HTTP code.
struct SimStoreResult {
    int code = 200; ///< 200/201 on success, else 404, 409, 403, 422, 400...
    QJsonObject object; ///< the object as stored (with metadata filled in) or a Status object
    [[nodiscard]] bool ok() const { return code >= 200 && code < 300; }
    /// Status message on failure (empty on success).
    [[nodiscard]] QString message() const;
};

/// The object store of one simulated cluster: the "etcd" behind the API server.
///
/// Objects are QJsonObjects keyed by resource plural ("replicationsources", see simResources()),
/// namespace ("" for cluster-scoped types) and name. Writes fill in metadata as kube-apiserver does:
/// uid, creationTimestamp, generation (bumped on spec changes only), resourceVersion (one counter per
/// cluster). For types with a status subresource, create/update keep the stored status and updateStatus
/// only changes status. Every successful write emits changed() synchronously and is recorded in the
/// watch history. Lives in one thread (the Simulator's); not thread-safe.
class SimStore : public QObject
{
    Q_OBJECT
public:
    using Clock = std::function<QDateTime()>;

    explicit SimStore(const QString &clusterName, QObject *parent = nullptr);
    ~SimStore() override;

    [[nodiscard]] QString clusterName() const { return mClusterName; }

    /// The time used for creationTimestamp, deletionTimestamp and managedFields (UTC). Default: the system clock.
    void setClock(Clock clock);
    [[nodiscard]] QDateTime now() const;
    /// RFC 3339 in UTC with seconds, "2026-11-23T20:36:49Z".
    [[nodiscard]] static QString formatTimestamp(const QDateTime &time);

    // --- reads ---------------------------------------------------------------------------------------
    [[nodiscard]] std::optional<QJsonObject> get(const QString &resource, const QString &ns, const QString &name) const;
    /// Objects sorted by namespace then name. ns "" lists every namespace.
    /// labelSelector uses kubectl syntax: "a=b,c!=d,e,!f,g in (x,y),h notin (z)".
    [[nodiscard]] QList<QJsonObject> list(
        const QString &resource, const QString &ns = {}, const QString &labelSelector = {}) const;
    /// The current (latest) resourceVersion of the cluster.
    [[nodiscard]] qint64 resourceVersion() const { return mResourceVersion; }
    [[nodiscard]] bool isEmpty() const;
    /// Counts the writes to `resource` (and restores): an index built from its objects is current while it holds.
    [[nodiscard]] quint64 revision(const QString &resource) const { return mRevisions.value(resource); }

    // --- writes --------------------------------------------------------------------------------------
    /// Creates an object. metadata.name or metadata.generateName must be set; metadata.namespace is set
    /// from ns. Fails with 409 AlreadyExists, 404 when the namespace is missing, 403 when it is terminating.
    /// `dryRun`: every check (namespace exists and is not terminating, name free) and the answer, but nothing
    /// is stored, no event, no resourceVersion used (the apiserver's dryRun=All leaves it empty).
    SimStoreResult create(const QString &resource, const QString &ns, const QJsonObject &object, bool dryRun = false);
    /// Replaces an object (everything but status when the type has a status subresource).
    /// A non-empty metadata.resourceVersion must equal the stored one, else 409 Conflict.
    /// uid and creationTimestamp are kept; generation is bumped when spec changes.
    SimStoreResult update(const QString &resource, const QString &ns, const QJsonObject &object);
    /// Replaces only status (object.status) of an existing object; resourceVersion checked as in update().
    SimStoreResult updateStatus(const QString &resource, const QString &ns, const QJsonObject &object);
    /// Convenience for the operator: merges `status` into the stored status (JSON merge patch: null deletes).
    SimStoreResult patchStatus(
        const QString &resource, const QString &ns, const QString &name, const QJsonObject &status);
    /// Deletes an object. Deleting a namespace marks it Terminating (deletionTimestamp, status.phase), then
    /// removes every namespaced object in it and finally the namespace after namespaceTerminationDelay().
    /// Objects whose ownerReferences name a deleted uid are deleted too (garbage collection).
    SimStoreResult remove(const QString &resource, const QString &ns, const QString &name);

    /// How long a deleted namespace stays Terminating (default 500 ms).
    void setNamespaceTerminationDelay(int milliseconds) { mNamespaceTerminationDelayMs = milliseconds; }
    [[nodiscard]] int namespaceTerminationDelay() const { return mNamespaceTerminationDelayMs; }

    // --- watch cache ---------------------------------------------------------------------------------
    // As kube-apiserver's watch cache: one window of events per resource type, holding at least 100 events and
    // growing (doubling, up to 102400) while its oldest event is younger than 75 s; a watch can resume from a
    // version inside the window, older versions answer 410 Expired. The cache starts when the API server starts
    // serving (startWatchCache): versions written before are not replayable.
    /// Caps every window at `events` (a fault that forces 410s); 0 = kube-apiserver's sizing (default).
    void setHistoryWindow(int events);
    [[nodiscard]] int historyWindow() const { return mHistoryWindow; }
    /// The watch cache starts now: only versions after the current one can be resumed from.
    void startWatchCache();
    /// The oldest resourceVersion a watch of `resource` may resume from; without a resource, the newest such
    /// bound over every type (what a list's continue token must not be older than).
    [[nodiscard]] qint64 oldestResumableVersion(const QString &resource = {}) const;
    /// Events of `resource` after `resourceVersion`, or nothing when that version has left the window.
    [[nodiscard]] std::optional<QList<SimWatchEvent>> eventsSince(
        const QString &resource, qint64 resourceVersion) const;

    /// What each volume (PVC) and snapshot holds, beside the objects (see SimVolumeContent).
    [[nodiscard]] SimVolumeContents &volumeContents() { return mVolumeContents; }
    [[nodiscard]] const SimVolumeContents &volumeContents() const { return mVolumeContents; }

    // --- persistence (state dir) ---------------------------------------------------------------------
    [[nodiscard]] QJsonObject toJson() const;
    /// Replaces every object with the saved ones (no signals). Returns false on a malformed document.
    bool fromJson(const QJsonObject &json);

Q_SIGNALS:
    /// Emitted after every successful write (object as stored; for Deleted the last state).
    void changed(const QString &resource, SimEventType type, const QJsonObject &object);

private:
    [[nodiscard]] static QString key(const QString &ns, const QString &name);
    qint64 nextVersion();
    void record(const QString &resource, SimEventType type, const QJsonObject &object);
    void finishNamespaceDeletion(const QString &name);
    void collectGarbage(const QString &uid);
    [[nodiscard]] SimStoreResult writeExisting(
        const QString &resource, const QString &ns, const QJsonObject &object, bool statusOnly);
    /// Adds (or removes) the object's ownerReferences to (from) mOwned.
    void indexOwners(const QString &resource, const QString &key, const QJsonObject &object, bool add);
    void rebuildOwnerIndex();

    QString mClusterName;
    Clock mClock;
    qint64 mResourceVersion = 0;
    struct WatchWindow {
        std::deque<SimWatchEvent> events;
        std::deque<qint64> recordedMs; ///< when each event was recorded (monotonic)
        size_t capacity = 100;
        qint64 trimmedUpTo = 0; ///< newest version that left the window
    };
    int mHistoryWindow = 0;
    int mNamespaceTerminationDelayMs = 500;
    /// resource -> "ns/name" -> object; ordered, so that a list is a range (one namespace) or a walk, not a sort.
    QHash<QString, QMap<QString, QJsonObject>> mObjects;
    /// The garbage collector's index: owner uid -> "resource|ns/name" of every object naming it in ownerReferences.
    QHash<QString, QSet<QString>> mOwned;
    QHash<QString, WatchWindow> mWatchWindows; ///< by resource plural
    QHash<QString, quint64> mRevisions; ///< by resource plural, see revision()
    qint64 mWatchCacheStart = 0; ///< versions up to this one were written before the cache started
    QElapsedTimer mUptime;
    SimVolumeContents mVolumeContents;
};

Q_DECLARE_METATYPE(SimEventType)
