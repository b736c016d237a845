// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sim/simstore.h"
#include "sim/simvolumecontent.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>

#include <optional>

class SimClock;
struct SimOperatorOptions;

/// The storage side of a simulated cluster, as the PV controller, a CSI driver, the snapshot controller and
/// VolSync's volume populator make it look, and the volumes' content (SimVolumeContent):
/// - a Pending PersistentVolumeClaim is bound (spec.volumeName pvc-<uid>, status Bound with capacity and access
///   modes) when its storage class exists (or a default one does); a class with volumeBindingMode
///   WaitForFirstConsumer keeps it Pending until a Pod of its namespace uses it;
/// - with a dataSource VolumeSnapshot it waits until the snapshot is readyToUse, then is restored for
///   SimOperatorOptions::restoreDelayMs: it gets the snapshot's content, as it was when the restore began (the
///   snapshot controller protects a snapshot that is being restored from), and the larger of its request
///   and the snapshot's restoreSize;
/// - with a dataSource PersistentVolumeClaim (a clone) it gets the source's content at once;
/// - with a dataSourceRef to a ReplicationDestination (VolSync's volume populator) it waits for the
///   destination's status.latestImage VolumeSnapshot, then restores from it as above;
/// - a VolumeSnapshot freezes the content of its source PVC when it is created; one created by someone else than
///   the operator (which fills in its own status) becomes readyToUse after snapshotReadyDelayMs, with
///   creationTime, restoreSize (the source's capacity) and boundVolumeSnapshotContentName.
/// A deleted PVC or snapshot loses its content.
class SimVolumeController : public QObject
{
    Q_OBJECT
public:
    SimVolumeController(const SimClock *clock, const SimOperatorOptions *options, QObject *parent = nullptr);
    ~SimVolumeController() override;

    void attach(SimStore *store);
    void clear();

    /// The content of a PVC (empty when it does not exist).
    [[nodiscard]] static SimVolumeContent content(const SimStore *store, const QString &ns, const QString &pvc);
    /// Writes a PVC's content; false when the PVC does not exist.
    static bool setContent(SimStore *store, const QString &ns, const QString &pvc, const SimVolumeContent &content);

private:
    void onChanged(SimStore *store, const QString &resource, SimEventType type, const QJsonObject &object);
    void queueNamespace(const QString &cluster, const QString &ns);
    void processQueue();
    void reconcileClaim(SimStore *store, const QJsonObject &pvc);
    void readySnapshot(SimStore *store, const QString &ns, const QString &name, const QString &uid);
    void finishRestore(const QString &cluster, const QString &ns, const QString &name, const QString &uid,
        const SimVolumeContent &content, const QString &capacity);
    void bind(SimStore *store, const QJsonObject &pvc, const SimVolumeContent &content, const QString &capacity);

    /// Where a restore reads from, once it can start: the snapshot, or nothing yet.
    [[nodiscard]] std::optional<QJsonObject> readySnapshotFor(SimStore *store, const QJsonObject &pvc) const;
    [[nodiscard]] bool waitsForConsumer(SimStore *store, const QJsonObject &pvc) const;

    const SimClock *mClock;
    const SimOperatorOptions *mOptions;
    QHash<QString, QPointer<SimStore>> mStores; ///< cluster name -> store
    QList<QMetaObject::Connection> mConnections;
    QSet<QString> mQueued; ///< "cluster|ns"
    QSet<QString> mInFlight; ///< "cluster/ns/name/uid": restores and snapshots waiting for their timer
    bool mQueueScheduled = false;
};
