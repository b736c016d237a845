// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

class SimStore;

/// One replication relationship of the demo world, as the files in ~/.volsync would describe it (the demo
/// writes those files: the simulator seeds only the clusters).
struct SimDemoRelationship {
    QString name; ///< relationship (file) name
    QString id; ///< value of the volsync.backube/relationship label
    QString sourceCluster;
    QString sourceNamespace;
    QString sourcePvc;
    QString rsName;
    QString destinationCluster;
    QString destinationNamespace;
    QString rdName;
    QString sourceCopyMethod;
    QString destinationCopyMethod;
    QString serviceType;
    QString capacity; ///< of the destination: the source volume's size (a smaller one could not hold the copy)
    QString schedule; ///< empty: manual or continuous
    QString manual; ///< manual trigger tag, if any
    bool rsyncTls = false;
    bool failing = false; ///< set up to fail (keys that no longer match the destination's)
    /// Failed over (unplanned) after its last sync, as volsync-desktop leaves it: the destination and the source
    /// paused, the destination annotated volsync-desktop/failed-over-at, and the promoted PVC (the destination's name,
    /// in its namespace) restored from the latest image beside it.
    bool failedOver = false;
};

/// The seeded worlds of the simulator:
/// - "empty": the namespaces every cluster has (default, kube-system, kube-public, kube-node-lease);
/// - "seed-example": upstream's example. In cluster "kind" (or the first cluster): storage classes standard and
///   csi-hostpath-sc, snapshot class csi-hostpath-snapclass, namespace "source" with PVC "datavol" (3Gi, RWO,
///   csi-hostpath-sc) used by a busybox pod. In cluster "gcp" (or the second): storage class standard-csi,
///   snapshot class csi-gce-pd-vsc and namespace "destns";
/// - "demo": a richer world for the GUI demo: several namespaces and PVCs of varied sizes and the relationships
///   of demoRelationships() already set up (one fails: its keys no longer match; one has failed over, and its
///   reverse relationship syncs the promoted PVC back into the original one).
/// Namespaces that hold movers are annotated volsync.backube/privileged-movers: "true" unless
/// privilegedMovers is false.
class SimWorld
{
public:
    [[nodiscard]] static QStringList seedNames();
    [[nodiscard]] static bool isSeed(const QString &name);

    /// Seeds `stores` (the clusters in order; every one should be empty). `now` dates the demo's past syncs.
    /// Returns false with a message for a person on an unknown seed or a failed write.
    static bool seed(const QString &seedName, const QList<SimStore *> &stores, bool privilegedMovers,
        const QDateTime &now, QString *error);

    /// The clusters a seed is meant for: {"kind", "gcp"} for seed-example and demo, {"kind"} for empty.
    [[nodiscard]] static QStringList clustersFor(const QString &seedName);

    /// The demo world's relationships for these cluster names (the first is the source cluster, the second,
    /// when there is one, the destination cluster).
    [[nodiscard]] static QList<SimDemoRelationship> demoRelationships(const QStringList &clusters);

    // Building blocks for other worlds (SimFleetWorld). Each returns false with a message on a failed write.
    /// The storage classes and snapshot classes of both demo clusters.
    static bool seedBase(SimStore *store, QString *error);
    static bool seedNamespace(SimStore *store, const QString &name, bool privilegedMovers, QString *error);
    static bool seedPvc(SimStore *store, const QString &ns, const QString &name, const QString &size, QString *error);
    /// One relationship's objects as the demo has them (destination, keys, Service, source Secret, and the
    /// ReplicationSource with a past sync unless failing); its namespaces and source PVC must exist. `index`
    /// numbers its addresses (0..199).
    static bool seedRelationship(SimStore *source, SimStore *destination, const SimDemoRelationship &r, int index,
        const QDateTime &now, QString *error);
};
