// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simworld.h"

#include "common/godurations.h"
#include "common/volsyncnames.h"
#include "sim/simfleetworld.h"
#include "sim/simkeygenerator.h"
#include "sim/simmoverjobs.h"
#include "sim/simstore.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QUuid>

namespace {

const QString kPrivileged = QStringLiteral("volsync.backube/privileged-movers");
const QString kRelationshipLabel = QStringLiteral("volsync.backube/relationship");

/// Writes objects into one store and remembers the first failure.
class Writer
{
public:
    Writer(SimStore *store, QString *error)
        : mStore(store)
        , mError(error)
    { }

    QJsonObject create(
        const QString &resource, const QString &ns, const QJsonObject &object, const QJsonObject &status = {})
    {
        const SimStoreResult result = mStore->create(resource, ns, object);
        if (!result.ok()) {
            fail(resource, ns, object, result.message());
            return {};
        }
        if (!status.isEmpty()) {
            const QString name
                = result.object.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString();
            const SimStoreResult patched = mStore->patchStatus(resource, ns, name, status);
            if (!patched.ok()) {
                fail(resource, ns, object, patched.message());
            }
            return patched.object;
        }
        return result.object;
    }

    void namespaceObject(const QString &name, bool privileged)
    {
        QJsonObject metadata {{QStringLiteral("name"), name},
            {QStringLiteral("labels"), QJsonObject {{QStringLiteral("kubernetes.io/metadata.name"), name}}}};
        if (privileged) {
            metadata.insert(QStringLiteral("annotations"), QJsonObject {{kPrivileged, QStringLiteral("true")}});
        }
        create(QStringLiteral("namespaces"), QString(),
            QJsonObject {{QStringLiteral("metadata"), metadata},
                {QStringLiteral("spec"),
                    QJsonObject {{QStringLiteral("finalizers"), QJsonArray {QStringLiteral("kubernetes")}}}}},
            QJsonObject {{QStringLiteral("phase"), QStringLiteral("Active")}});
    }

    void storageClass(const QString &name, const QString &provisioner, bool isDefault)
    {
        QJsonObject metadata {{QStringLiteral("name"), name}};
        if (isDefault) {
            metadata.insert(QStringLiteral("annotations"),
                QJsonObject {{QStringLiteral("storageclass.kubernetes.io/is-default-class"), QStringLiteral("true")}});
        }
        create(QStringLiteral("storageclasses"), QString(),
            QJsonObject {{QStringLiteral("metadata"), metadata}, {QStringLiteral("provisioner"), provisioner},
                {QStringLiteral("reclaimPolicy"), QStringLiteral("Delete")},
                {QStringLiteral("volumeBindingMode"), QStringLiteral("Immediate")},
                {QStringLiteral("allowVolumeExpansion"), true}});
    }

    void snapshotClass(const QString &name, const QString &driver)
    {
        create(QStringLiteral("volumesnapshotclasses"), QString(),
            QJsonObject {{QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), name}}},
                {QStringLiteral("driver"), driver}, {QStringLiteral("deletionPolicy"), QStringLiteral("Delete")}});
    }

    void pvc(const QString &ns, const QString &name, const QString &size, const QString &storageClass,
        const QString &accessMode = QStringLiteral("ReadWriteOnce"), const QJsonObject &labels = {})
    {
        QJsonObject metadata {{QStringLiteral("name"), name}};
        if (!labels.isEmpty()) {
            metadata.insert(QStringLiteral("labels"), labels);
        }
        const QString volume = QStringLiteral("pvc-%1").arg(
            QUuid::createUuidV5(QUuid(), mStore->clusterName() + ns + name).toString(QUuid::WithoutBraces));
        create(QStringLiteral("persistentvolumeclaims"), ns,
            QJsonObject {{QStringLiteral("metadata"), metadata},
                {QStringLiteral("spec"),
                    QJsonObject {{QStringLiteral("accessModes"), QJsonArray {accessMode}},
                        {QStringLiteral("resources"),
                            QJsonObject {
                                {QStringLiteral("requests"), QJsonObject {{QStringLiteral("storage"), size}}}}},
                        {QStringLiteral("storageClassName"), storageClass},
                        {QStringLiteral("volumeMode"), QStringLiteral("Filesystem")},
                        {QStringLiteral("volumeName"), volume}}}},
            QJsonObject {{QStringLiteral("phase"), QStringLiteral("Bound")},
                {QStringLiteral("accessModes"), QJsonArray {accessMode}},
                {QStringLiteral("capacity"), QJsonObject {{QStringLiteral("storage"), size}}}});
    }

    /// A PVC restored from `snapshot` by a failover, Bound, with the annotations volsync-desktop puts on it.
    void promotedPvc(const QString &ns, const QString &name, const QString &size, const QString &snapshot,
        const QString &relationshipId, const QDateTime &dataTime)
    {
        const QString volume = QStringLiteral("pvc-%1").arg(
            QUuid::createUuidV5(QUuid(), mStore->clusterName() + ns + name).toString(QUuid::WithoutBraces));
        create(QStringLiteral("persistentvolumeclaims"), ns,
            QJsonObject {
                {QStringLiteral("metadata"),
                    QJsonObject {{QStringLiteral("name"), name},
                        {QStringLiteral("annotations"),
                            QJsonObject {{QStringLiteral("volsync-desktop/restored-from"), snapshot},
                                {QStringLiteral("volsync-desktop/relationship-id"), relationshipId},
                                {QStringLiteral("volsync-desktop/data-time"), SimStore::formatTimestamp(dataTime)}}}}},
                {QStringLiteral("spec"),
                    QJsonObject {{QStringLiteral("accessModes"), QJsonArray {QStringLiteral("ReadWriteOnce")}},
                        {QStringLiteral("dataSource"),
                            QJsonObject {{QStringLiteral("apiGroup"), QStringLiteral("snapshot.storage.k8s.io")},
                                {QStringLiteral("kind"), QStringLiteral("VolumeSnapshot")},
                                {QStringLiteral("name"), snapshot}}},
                        {QStringLiteral("resources"),
                            QJsonObject {
                                {QStringLiteral("requests"), QJsonObject {{QStringLiteral("storage"), size}}}}},
                        {QStringLiteral("storageClassName"), QStringLiteral("standard-csi")},
                        {QStringLiteral("volumeMode"), QStringLiteral("Filesystem")},
                        {QStringLiteral("volumeName"), volume}}}},
            QJsonObject {{QStringLiteral("phase"), QStringLiteral("Bound")},
                {QStringLiteral("accessModes"), QJsonArray {QStringLiteral("ReadWriteOnce")}},
                {QStringLiteral("capacity"), QJsonObject {{QStringLiteral("storage"), size}}}});
    }

    void pod(
        const QString &ns, const QString &name, const QString &image, const QString &claim, const QString &mountPath)
    {
        create(QStringLiteral("pods"), ns,
            QJsonObject {{QStringLiteral("metadata"),
                             QJsonObject {{QStringLiteral("name"), name},
                                 {QStringLiteral("labels"), QJsonObject {{QStringLiteral("app"), name}}}}},
                {QStringLiteral("spec"),
                    QJsonObject {
                        {QStringLiteral("containers"),
                            QJsonArray {QJsonObject {{QStringLiteral("name"), name}, {QStringLiteral("image"), image},
                                {QStringLiteral("command"),
                                    QJsonArray {QStringLiteral("sh"), QStringLiteral("-c"),
                                        QStringLiteral("while true; do date >> %1/log; sleep 60; done")
                                            .arg(mountPath)}},
                                {QStringLiteral("volumeMounts"),
                                    QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("data")},
                                        {QStringLiteral("mountPath"), mountPath}}}}}}},
                        {QStringLiteral("volumes"),
                            QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("data")},
                                {QStringLiteral("persistentVolumeClaim"),
                                    QJsonObject {{QStringLiteral("claimName"), claim}}}}}}}}},
            QJsonObject {{QStringLiteral("phase"), QStringLiteral("Running")},
                {QStringLiteral("podIP"), QStringLiteral("10.244.0.%1").arg(10 + qHash(name) % 200)}});
    }

    void patchStatus(const QString &resource, const QString &ns, const QString &name, const QJsonObject &status)
    {
        const SimStoreResult patched = mStore->patchStatus(resource, ns, name, status);
        if (!patched.ok()) {
            fail(resource, ns, QJsonObject {{QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), name}}}},
                patched.message());
        }
    }

    [[nodiscard]] SimStore *store() const { return mStore; }
    [[nodiscard]] bool ok() const { return mError->isEmpty(); }

private:
    void fail(const QString &resource, const QString &ns, const QJsonObject &object, const QString &message)
    {
        if (mError->isEmpty()) {
            *mError
                = QStringLiteral("Could not seed %1 %2/%3 in cluster %4: %5")
                      .arg(resource, ns,
                          object.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString(),
                          mStore->clusterName(), message);
        }
    }

    SimStore *mStore;
    QString *mError;
};

void baseNamespaces(Writer &w)
{
    for (const char *name : {"default", "kube-system", "kube-public", "kube-node-lease"}) {
        w.namespaceObject(QLatin1String(name), false);
    }
}

void kindStorage(Writer &w)
{
    w.storageClass(QStringLiteral("standard"), QStringLiteral("rancher.io/local-path"), true);
    w.storageClass(QStringLiteral("csi-hostpath-sc"), QStringLiteral("hostpath.csi.k8s.io"), false);
    w.snapshotClass(QStringLiteral("csi-hostpath-snapclass"), QStringLiteral("hostpath.csi.k8s.io"));
}

void gcpStorage(Writer &w)
{
    w.storageClass(QStringLiteral("standard-csi"), QStringLiteral("pd.csi.storage.gke.io"), true);
    w.storageClass(QStringLiteral("premium-rwo"), QStringLiteral("pd.csi.storage.gke.io"), false);
    w.snapshotClass(QStringLiteral("csi-gce-pd-vsc"), QStringLiteral("pd.csi.storage.gke.io"));
}

int indexOf(const QList<SimStore *> &stores, const QString &name, int fallback)
{
    for (int i = 0; i < stores.size(); ++i) {
        if (stores.at(i)->clusterName() == name) {
            return i;
        }
    }
    return fallback < stores.size() ? fallback : -1;
}

QString base64(const QByteArray &value)
{
    return QString::fromLatin1(value.toBase64());
}

QJsonObject ownerRef(const QJsonObject &owner)
{
    const QJsonObject meta = owner.value(QStringLiteral("metadata")).toObject();
    return QJsonObject {{QStringLiteral("apiVersion"), QStringLiteral("volsync.backube/v1alpha1")},
        {QStringLiteral("kind"), QStringLiteral("ReplicationDestination")},
        {QStringLiteral("name"), meta.value(QStringLiteral("name"))},
        {QStringLiteral("uid"), meta.value(QStringLiteral("uid"))}, {QStringLiteral("controller"), true},
        {QStringLiteral("blockOwnerDeletion"), true}};
}

// Sets up one relationship the way `kubectl volsync replication schedule/sync` and the operator would have.
void relationship(Writer &src, Writer &dst, const SimDemoRelationship &r, int index, const QDateTime &now)
{
    const QJsonObject label {{kRelationshipLabel, r.id}};
    const QString moverKey = r.rsyncTls ? QStringLiteral("rsyncTLS") : QStringLiteral("rsync");
    // Destination.
    QJsonObject rdMover {{QStringLiteral("copyMethod"), r.destinationCopyMethod},
        {QStringLiteral("serviceType"), r.serviceType},
        {QStringLiteral("accessModes"), QJsonArray {QStringLiteral("ReadWriteOnce")}}};
    if (r.destinationCopyMethod == QLatin1String("Snapshot")) {
        rdMover.insert(QStringLiteral("capacity"), r.capacity);
    } else {
        rdMover.insert(QStringLiteral("destinationPVC"), r.rdName);
        // A reverse relationship (fail back) writes into the original PVC, which is there already.
        if (!dst.store()->get(QStringLiteral("persistentvolumeclaims"), r.destinationNamespace, r.rdName))
            dst.pvc(r.destinationNamespace, r.rdName, r.capacity, QStringLiteral("standard-csi"));
    }
    // Half way between its last sync (below: 7 + 11 * index minutes ago) and now.
    const QString failedOverAt = SimStore::formatTimestamp(now.addSecs(-30 * (7 + 11 * index)));
    QJsonObject rdMetadata {{QStringLiteral("name"), r.rdName}, {QStringLiteral("labels"), label}};
    QJsonObject rdSpec {{moverKey, rdMover}};
    if (r.failedOver) {
        rdMetadata.insert(QStringLiteral("annotations"),
            QJsonObject {{QStringLiteral("volsync-desktop/failed-over-at"), failedOverAt}});
        rdSpec.insert(QStringLiteral("paused"), true);
    }
    const QJsonObject rd = dst.create(QStringLiteral("replicationdestinations"), r.destinationNamespace,
        QJsonObject {{QStringLiteral("metadata"), rdMetadata}, {QStringLiteral("spec"), rdSpec}});
    if (rd.isEmpty()) {
        return;
    }
    const QJsonObject owned {{QStringLiteral("app.kubernetes.io/created-by"), QStringLiteral("volsync")}};
    const auto ownedMeta = [&](const QString &name) {
        return QJsonObject {{QStringLiteral("name"), name}, {QStringLiteral("labels"), owned},
            {QStringLiteral("ownerReferences"), QJsonArray {ownerRef(rd)}}};
    };
    // The keys the operator made, and the copy in the source namespace.
    QJsonObject keyData;
    QString keySecret;
    if (r.rsyncTls) {
        keySecret = QStringLiteral("volsync-rsync-tls-%1").arg(r.rdName);
        const QByteArray psk = QUuid::createUuidV5(QUuid(), r.id).toRfc4122().toHex()
            + QUuid::createUuidV5(QUuid(), r.name).toRfc4122().toHex();
        keyData = QJsonObject {{QStringLiteral("psk.txt"), base64(QByteArrayLiteral("volsync:") + psk)}};
        dst.create(QStringLiteral("secrets"), r.destinationNamespace,
            QJsonObject {{QStringLiteral("metadata"), ownedMeta(keySecret)},
                {QStringLiteral("type"), QStringLiteral("Opaque")}, {QStringLiteral("data"), keyData}});
    } else {
        keySecret = QStringLiteral("volsync-rsync-dst-src-%1").arg(r.rdName);
        const SimKeyPair source = SimKeyGenerator::fakeKeyPair(QStringLiteral("volsync-%1-src").arg(r.rdName));
        const SimKeyPair destination = SimKeyGenerator::fakeKeyPair(QStringLiteral("volsync-%1-dst").arg(r.rdName));
        keyData = QJsonObject {{QStringLiteral("source"), base64(source.privateKey)},
            {QStringLiteral("source.pub"), base64(source.publicKey)},
            {QStringLiteral("destination.pub"), base64(destination.publicKey)}};
        QJsonObject main = keyData;
        main.insert(QStringLiteral("destination"), base64(destination.privateKey));
        const QJsonObject dest {{QStringLiteral("destination"), base64(destination.privateKey)},
            {QStringLiteral("destination.pub"), base64(destination.publicKey)},
            {QStringLiteral("source.pub"), base64(source.publicKey)}};
        const QList<QPair<QString, QJsonObject>> secrets {
            {QStringLiteral("volsync-rsync-dst-main-%1").arg(r.rdName), main}, {keySecret, keyData},
            {QStringLiteral("volsync-rsync-dst-dest-%1").arg(r.rdName), dest}};
        for (const auto &secret : secrets) {
            dst.create(QStringLiteral("secrets"), r.destinationNamespace,
                QJsonObject {{QStringLiteral("metadata"), ownedMeta(secret.first)},
                    {QStringLiteral("type"), QStringLiteral("Opaque")}, {QStringLiteral("data"), secret.second}});
        }
    }
    // The Service with its address.
    const QString serviceName = VolSyncNames::serviceName(false, r.rsyncTls, r.rdName);
    const bool loadBalancer = r.serviceType == QLatin1String("LoadBalancer");
    const QString clusterIp = QStringLiteral("10.96.200.%1").arg(10 + index);
    const QString lbIp = QStringLiteral("172.18.200.%1").arg(10 + index);
    dst.create(QStringLiteral("services"), r.destinationNamespace,
        QJsonObject {{QStringLiteral("metadata"), ownedMeta(serviceName)},
            {QStringLiteral("spec"),
                QJsonObject {{QStringLiteral("type"), r.serviceType}, {QStringLiteral("clusterIP"), clusterIp},
                    {QStringLiteral("ports"),
                        QJsonArray {QJsonObject {{QStringLiteral("name"), SimMoverJobs::servicePortName(r.rsyncTls)},
                            {QStringLiteral("port"), r.rsyncTls ? 8000 : 22},
                            {QStringLiteral("protocol"), QStringLiteral("TCP")},
                            {QStringLiteral("targetPort"), r.rsyncTls ? 8000 : 8022}}}},
                    {QStringLiteral("selector"), SimMoverJobs::podSelector(false, r.rsyncTls, r.rdName)}}}},
        loadBalancer ? QJsonObject {{QStringLiteral("loadBalancer"),
            QJsonObject {{QStringLiteral("ingress"), QJsonArray {QJsonObject {{QStringLiteral("ip"), lbIp}}}}}}}
                     : QJsonObject());
    const QString address = loadBalancer ? lbIp : clusterIp;

    // Source side: the copied Secret (stale keys for the failing one) and the ReplicationSource.
    QJsonObject copied = keyData;
    if (r.failing) {
        const SimKeyPair stale = SimKeyGenerator::fakeKeyPair(QStringLiteral("volsync-%1-old").arg(r.rdName));
        copied.insert(QStringLiteral("source"), base64(stale.privateKey));
        copied.insert(QStringLiteral("source.pub"), base64(stale.publicKey));
    }
    src.create(QStringLiteral("secrets"), r.sourceNamespace,
        QJsonObject {{QStringLiteral("metadata"),
                         QJsonObject {{QStringLiteral("name"), r.rsName}, {QStringLiteral("labels"), label}}},
            {QStringLiteral("data"), copied}});
    QJsonObject rsMover {{QStringLiteral("copyMethod"), r.sourceCopyMethod}, {QStringLiteral("address"), address},
        {r.rsyncTls ? QStringLiteral("keySecret") : QStringLiteral("sshKeys"), r.rsName}};
    QJsonObject spec {{QStringLiteral("sourcePVC"), r.sourcePvc}, {moverKey, rsMover}};
    if (r.failedOver)
        spec.insert(QStringLiteral("paused"), true);
    QJsonObject trigger;
    if (!r.manual.isEmpty()) {
        trigger.insert(QStringLiteral("manual"), r.manual);
    } else if (!r.schedule.isEmpty()) {
        trigger.insert(QStringLiteral("schedule"), r.schedule);
    }
    if (!trigger.isEmpty()) {
        spec.insert(QStringLiteral("trigger"), trigger);
    }
    // History: the healthy ones synced a while ago.
    QJsonObject status;
    if (!r.failing) {
        const qint64 durationNs = (25 + 9 * index) * 1000000000LL + 123456789LL * (index + 1);
        // A manual-only relationship last synced when its trigger was set; the others on their schedule.
        const QDateTime manualTime = QDateTime::fromString(r.manual, Qt::ISODate);
        const QDateTime last
            = manualTime.isValid() ? manualTime.addMSecs(durationNs / 1000000) : now.addSecs(-60 * (7 + 11 * index));
        status = QJsonObject {{QStringLiteral("lastSyncTime"), SimStore::formatTimestamp(last)},
            {QStringLiteral("lastSyncDuration"), formatGoDuration(durationNs)},
            {QStringLiteral("latestMoverStatus"),
                QJsonObject {{QStringLiteral("result"), QStringLiteral("Successful")},
                    {QStringLiteral("logs"),
                        QStringLiteral("sent 52,428,800 bytes  received 1,234 bytes  1,872,501.21 bytes/sec\n"
                                       "total size is 2,147,483,648  speedup is 40.96\nrsync completed in %1s\n")
                            .arg(durationNs / 1000000000LL)}}}};
        if (!r.manual.isEmpty()) {
            status.insert(QStringLiteral("lastManualSync"), r.manual);
        }
        // The destination's side of that sync: its latest image (a snapshot, or the PVC itself).
        QJsonObject latestImage;
        if (r.destinationCopyMethod == QLatin1String("Snapshot")) {
            const QString snapshotName = QStringLiteral("volsync-%1-dst-%2")
                                             .arg(r.rdName, last.toUTC().toString(QStringLiteral("yyyyMMddHHmmss")));
            QJsonObject metadata = ownedMeta(snapshotName);
            metadata.remove(QStringLiteral("labels"));
            dst.create(QStringLiteral("volumesnapshots"), r.destinationNamespace,
                QJsonObject {{QStringLiteral("metadata"), metadata},
                    {QStringLiteral("spec"),
                        QJsonObject {{QStringLiteral("source"),
                            QJsonObject {{QStringLiteral("persistentVolumeClaimName"),
                                QStringLiteral("volsync-%1-dst").arg(r.rdName)}}}}}},
                QJsonObject {{QStringLiteral("readyToUse"), true},
                    {QStringLiteral("creationTime"), SimStore::formatTimestamp(last)},
                    {QStringLiteral("restoreSize"), r.capacity}});
            latestImage = QJsonObject {{QStringLiteral("apiGroup"), QStringLiteral("snapshot.storage.k8s.io")},
                {QStringLiteral("kind"), QStringLiteral("VolumeSnapshot")}, {QStringLiteral("name"), snapshotName}};
            if (r.failedOver)
                dst.promotedPvc(r.destinationNamespace, r.rdName, r.capacity, snapshotName, r.id, last);
        } else {
            latestImage = QJsonObject {{QStringLiteral("apiGroup"), QJsonValue()},
                {QStringLiteral("kind"), QStringLiteral("PersistentVolumeClaim")}, {QStringLiteral("name"), r.rdName}};
        }
        dst.patchStatus(QStringLiteral("replicationdestinations"), r.destinationNamespace, r.rdName,
            QJsonObject {{QStringLiteral("lastSyncTime"), SimStore::formatTimestamp(last)},
                {QStringLiteral("lastSyncDuration"), formatGoDuration(durationNs)},
                {QStringLiteral("latestImage"), latestImage},
                {QStringLiteral("latestMoverStatus"), status.value(QStringLiteral("latestMoverStatus"))}});
    }
    src.create(QStringLiteral("replicationsources"), r.sourceNamespace,
        QJsonObject {{QStringLiteral("metadata"),
                         QJsonObject {{QStringLiteral("name"), r.rsName}, {QStringLiteral("labels"), label}}},
            {QStringLiteral("spec"), spec}},
        status);
}

} // namespace

QStringList SimWorld::seedNames()
{
    return {QStringLiteral("empty"), QStringLiteral("seed-example"), QStringLiteral("demo"), QStringLiteral("fleet")};
}

bool SimWorld::isSeed(const QString &name)
{
    return seedNames().contains(name);
}

QStringList SimWorld::clustersFor(const QString &seedName)
{
    if (seedName == QLatin1String("seed-example") || seedName == QLatin1String("demo")) {
        return {QStringLiteral("kind"), QStringLiteral("gcp")};
    }
    if (seedName == QLatin1String("fleet"))
        return SimFleetWorld::defaultClusters();
    return {QStringLiteral("kind")};
}

QList<SimDemoRelationship> SimWorld::demoRelationships(const QStringList &clusters)
{
    const QString a = clusters.value(0, QStringLiteral("kind"));
    const QString b = clusters.value(1, a);
    const auto make = [&](const char *name, const char *srcNs, const char *pvc, const char *suffix, const char *dstNs,
                          const char *rd) {
        SimDemoRelationship r;
        r.name = QLatin1String(name);
        r.id = QUuid::createUuidV5(QUuid(QStringLiteral("{6ba7b811-9dad-11d1-80b4-00c04fd430c8}")), r.name)
                   .toString(QUuid::WithoutBraces);
        r.sourceCluster = a;
        r.sourceNamespace = QLatin1String(srcNs);
        r.sourcePvc = QLatin1String(pvc);
        r.rsName = QLatin1String(pvc) + QLatin1Char('-') + QLatin1String(suffix);
        r.destinationCluster = b;
        r.destinationNamespace = QLatin1String(dstNs);
        r.rdName = QLatin1String(rd);
        r.sourceCopyMethod = QStringLiteral("Clone");
        r.destinationCopyMethod = QStringLiteral("Snapshot");
        r.serviceType = a == b ? QStringLiteral("ClusterIP") : QStringLiteral("LoadBalancer");
        return r;
    };
    QList<SimDemoRelationship> list;
    SimDemoRelationship db = make("webshop-db", "webshop", "postgres-data", "x7k2q", "dr-webshop", "postgres-data");
    db.capacity = QStringLiteral("20Gi");
    db.schedule = QStringLiteral("*/15 * * * *");
    db.sourceCopyMethod = QStringLiteral("Snapshot");
    list.append(db);
    SimDemoRelationship uploads = make("webshop-uploads", "webshop", "uploads", "b4n8z", "dr-webshop", "uploads");
    uploads.capacity = QStringLiteral("50Gi");
    uploads.schedule = QStringLiteral("0 * * * *");
    uploads.destinationCopyMethod = QStringLiteral("Direct");
    list.append(uploads);
    SimDemoRelationship git = make("gitea", "git", "gitea-repos", "p9d5w", "backups", "gitea-repos");
    git.capacity = QStringLiteral("8Gi");
    // Synced by hand yesterday evening (UTC), so that the demo's dates look like a real history.
    git.manual
        = QDateTime(QDateTime::currentDateTimeUtc().date().addDays(-1), QTime(18, 0), Qt::UTC).toString(Qt::ISODate);
    git.rsyncTls = true;
    list.append(git);
    SimDemoRelationship prometheus
        = make("prometheus", "monitoring", "prometheus-db", "m2c6f", "backups", "prometheus-db");
    prometheus.capacity = QStringLiteral("100Gi");
    prometheus.schedule = QStringLiteral("*/5 * * * *");
    prometheus.failing = true;
    list.append(prometheus);
    // Failed over after its last sync; fail back set up the reverse relationship, from the promoted PVC on the second
    // cluster into the original PVC on the first (copy method Direct), which now syncs on its schedule.
    SimDemoRelationship orders = make("orders-db", "webshop", "orders-db", "k3v7r", "dr-webshop", "orders-db");
    orders.capacity = QStringLiteral("10Gi");
    orders.schedule = QStringLiteral("*/10 * * * *");
    orders.sourceCopyMethod = QStringLiteral("Snapshot");
    orders.failedOver = true;
    list.append(orders);
    SimDemoRelationship reverse = make("orders-db-reverse", "dr-webshop", "orders-db", "r5t8j", "webshop", "orders-db");
    std::swap(reverse.sourceCluster, reverse.destinationCluster);
    reverse.capacity = QStringLiteral("10Gi");
    reverse.schedule = QStringLiteral("*/10 * * * *");
    reverse.destinationCopyMethod = QStringLiteral("Direct");
    list.append(reverse);
    return list;
}

bool SimWorld::seed(const QString &seedName, const QList<SimStore *> &stores, bool privilegedMovers,
    const QDateTime &now, QString *error)
{
    QString failure;
    if (!isSeed(seedName)) {
        failure = QStringLiteral("Unknown seed \"%1\": use one of %2.")
                      .arg(seedName, seedNames().join(QStringLiteral(", ")));
    }
    QList<Writer> writers;
    for (SimStore *store : stores) {
        writers.append(Writer(store, &failure));
    }
    if (failure.isEmpty()) {
        for (Writer &w : writers) {
            baseNamespaces(w);
        }
    }
    if (failure.isEmpty() && seedName == QLatin1String("seed-example")) {
        const int kind = indexOf(stores, QStringLiteral("kind"), 0);
        int gcp = indexOf(stores, QStringLiteral("gcp"), -1);
        if (gcp < 0 && stores.size() > 1) {
            gcp = kind == 0 ? 1 : 0;
        }
        if (kind >= 0) {
            Writer &w = writers[kind];
            kindStorage(w);
            w.namespaceObject(QStringLiteral("source"), privilegedMovers);
            w.pvc(QStringLiteral("source"), QStringLiteral("datavol"), QStringLiteral("3Gi"),
                QStringLiteral("csi-hostpath-sc"));
            w.pod(QStringLiteral("source"), QStringLiteral("busybox"), QStringLiteral("busybox"),
                QStringLiteral("datavol"), QStringLiteral("/mnt"));
        }
        if (gcp >= 0) {
            Writer &w = writers[gcp];
            gcpStorage(w);
            w.namespaceObject(QStringLiteral("destns"), privilegedMovers);
        }
    }
    if (failure.isEmpty() && seedName == QLatin1String("demo") && !stores.isEmpty()) {
        Writer &a = writers[0];
        Writer &b = writers[stores.size() > 1 ? 1 : 0];
        kindStorage(a);
        if (&b != &a) {
            gcpStorage(b);
        }
        struct Volume {
            const char *ns;
            const char *name;
            const char *size;
            const char *mode;
            const char *pod;
        };
        const Volume volumes[] = {
            {"webshop", "postgres-data", "20Gi", "ReadWriteOnce", "postgres"},
            {"webshop", "uploads", "50Gi", "ReadWriteMany", "webshop-frontend"},
            {"webshop", "orders-db", "10Gi", "ReadWriteOnce", nullptr}, // failed over: its app is stopped
            {"analytics", "warehouse", "500Gi", "ReadWriteOnce", "clickhouse"},
            {"analytics", "scratch", "5Gi", "ReadWriteMany", nullptr},
            {"git", "gitea-repos", "8Gi", "ReadWriteOnce", "gitea"},
            {"monitoring", "prometheus-db", "100Gi", "ReadWriteOnce", "prometheus"},
            {"monitoring", "grafana", "1Gi", "ReadWriteOnce", "grafana"},
            {"source", "datavol", "3Gi", "ReadWriteOnce", "busybox"},
        };
        QStringList namespaces;
        for (const Volume &v : volumes) {
            if (!namespaces.contains(QLatin1String(v.ns))) {
                namespaces.append(QLatin1String(v.ns));
                a.namespaceObject(QLatin1String(v.ns), privilegedMovers);
            }
            a.pvc(QLatin1String(v.ns), QLatin1String(v.name), QLatin1String(v.size), QStringLiteral("csi-hostpath-sc"),
                QLatin1String(v.mode), QJsonObject {{QStringLiteral("app"), QLatin1String(v.pod ? v.pod : v.name)}});
            if (v.pod) {
                a.pod(QLatin1String(v.ns), QLatin1String(v.pod), QStringLiteral("busybox"), QLatin1String(v.name),
                    QStringLiteral("/data"));
            }
        }
        for (const char *ns : {"dr-webshop", "backups", "destns"}) {
            if (!b.store()->get(QStringLiteral("namespaces"), QString(), QLatin1String(ns))) {
                b.namespaceObject(QLatin1String(ns), privilegedMovers);
            }
        }
        QStringList clusterNames;
        for (SimStore *store : stores) {
            clusterNames.append(store->clusterName());
        }
        const QList<SimDemoRelationship> relationships = demoRelationships(clusterNames);
        // A reverse relationship (fail back) goes from the second cluster to the first.
        const auto writerOf
            = [&a, &b](const QString &cluster) -> Writer & { return cluster == b.store()->clusterName() ? b : a; };
        for (int i = 0; i < relationships.size() && failure.isEmpty(); ++i) {
            const SimDemoRelationship &r = relationships.at(i);
            relationship(writerOf(r.sourceCluster), writerOf(r.destinationCluster), r, i, now);
        }
    }
    if (failure.isEmpty() && seedName == QLatin1String("fleet"))
        SimFleetWorld::seed(stores, privilegedMovers, now, &failure);
    if (error) {
        *error = failure;
    }
    return failure.isEmpty();
}

bool SimWorld::seedBase(SimStore *store, QString *error)
{
    Writer w(store, error);
    kindStorage(w);
    gcpStorage(w);
    return w.ok();
}

bool SimWorld::seedNamespace(SimStore *store, const QString &name, bool privilegedMovers, QString *error)
{
    Writer w(store, error);
    w.namespaceObject(name, privilegedMovers);
    return w.ok();
}

bool SimWorld::seedPvc(SimStore *store, const QString &ns, const QString &name, const QString &size, QString *error)
{
    Writer w(store, error);
    w.pvc(ns, name, size, QStringLiteral("csi-hostpath-sc"));
    return w.ok();
}

bool SimWorld::seedRelationship(SimStore *source, SimStore *destination, const SimDemoRelationship &r, int index,
    const QDateTime &now, QString *error)
{
    Writer src(source, error);
    Writer dst(destination, error);
    relationship(src, dst, r, index, now);
    return src.ok();
}
