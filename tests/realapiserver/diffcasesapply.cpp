// SPDX-License-Identifier: GPL-3.0-or-later
// Server-side apply in the differential table, for the objects the product applies or will apply: PVCs (also from
// a VolumeSnapshot), Services, VolumeSnapshots and their classes, ReplicationSources and ReplicationDestinations.
// What is compared: create by apply; an apply that sets a field another manager owns to another value (409 with
// one FieldManagerConflict cause per field), forced or not; a value shared with another manager; fields an applier
// stops applying removed unless another manager owns them; associative lists (a Service's ports) merged by key;
// validation and immutable fields; dry run; the 400s and 422s of the request itself.
// Not compared, because kube-apiserver v1.20 differs from current Kubernetes there:
// - an apply to /status: v1.20 gives the creator the defaulted status (a 409 on .status.phase); current Kubernetes
//   resets status on the main resource, so its creator owns none of it (the simulator follows current Kubernetes);
// - a Service port without protocol: v1.20 answers 500 ("associative list with keys has an element that omits key
//   field \"protocol\""); the simulator takes the default TCP for the key;
// - an applied object without kind: v1.20 answers 500 ("no corresponding type").
#include "diffcase.h"
#include "diffrequests.h"

namespace {

const QString kPvcs = QStringLiteral("/api/v1/namespaces/{ns}/persistentvolumeclaims");
const QString kServices = QStringLiteral("/api/v1/namespaces/{ns}/services");
const QString kSnapshots = QStringLiteral("/apis/snapshot.storage.k8s.io/v1/namespaces/{ns}/volumesnapshots");
const QString kSnapshotClasses = QStringLiteral("/apis/snapshot.storage.k8s.io/v1/volumesnapshotclasses");
const QString kSources = QStringLiteral("/apis/volsync.backube/v1alpha1/namespaces/{ns}/replicationsources");
const QString kDestinations = QStringLiteral("/apis/volsync.backube/v1alpha1/namespaces/{ns}/replicationdestinations");

const char *const kPvcLabelled = R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data",
    "labels":{"a":"1","b":"1"}},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}})";
const char *const kPvcLabelA = R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data",
    "labels":{"a":"1"}},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}})";
const char *const kService = R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"mover"},
    "spec":{"selector":{"app":"mover"},"ports":[{"name":"ssh","port":22,"targetPort":2222}]}})";
const char *const kServiceTwoPorts = R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"mover",
    "annotations":{"note":"x"}},"spec":{"selector":{"app.kubernetes.io/name":"src-sample"},"ports":[
    {"name":"ssh","port":22,"protocol":"TCP","targetPort":2222},{"name":"rsync-tls","port":8000,"protocol":"TCP"}]}})";
const char *const kSnapshot = R"({"apiVersion":"snapshot.storage.k8s.io/v1","kind":"VolumeSnapshot",
    "metadata":{"name":"snap"},"spec":{"source":{"persistentVolumeClaimName":"data"},
    "volumeSnapshotClassName":"csi-snapclass"}})";
const char *const kSource = R"({"apiVersion":"volsync.backube/v1alpha1","kind":"ReplicationSource",
    "metadata":{"name":"sample"},"spec":{"sourcePVC":"datavol","trigger":{"schedule":"*/5 * * * *"},
    "rsyncTLS":{"copyMethod":"Snapshot","address":"10.96.0.42","keySecret":"sample"}}})";

const QString kImmutableDiff = QStringLiteral("the message ends with a Go diff of the two specs, and the list of "
                                              "mutable fields grows with each release");

} // namespace

QList<DiffCase> applyCases()
{
    QList<DiffCase> cases;
    auto add = [&](const char *name, QList<DiffRequest> setup, DiffRequest probe, QHash<QString, QString> skip = {}) {
        cases.append(DiffCase {QLatin1String(name), std::move(setup), std::move(probe), {}, std::move(skip)});
    };
    const QString pvc = kPvcs + QStringLiteral("/data?fieldManager=diff");
    const QString service = kServices + QStringLiteral("/mover?fieldManager=diff");
    const QString snapshot = kSnapshots + QStringLiteral("/snap?fieldManager=diff");

    // --- PersistentVolumeClaims ------------------------------------------------------------------------------
    add("pvc apply creates", {}, apply(pvc, kPvcLabelled));
    add("pvc apply creates from snapshot", {},
        apply(kPvcs + QStringLiteral("/restored?fieldManager=diff"),
            R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"restored"},
            "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}},
            "storageClassName":"standard","dataSource":{"apiGroup":"snapshot.storage.k8s.io","kind":"VolumeSnapshot",
            "name":"snap"}}})"));
    add("pvc apply conflicts with its creator", {post(kPvcs, kPvcLabelled)},
        apply(pvc, R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data",
            "labels":{"a":"2"}}})"));
    add("pvc apply two conflicts", {post(kPvcs, kPvcLabelled)},
        apply(pvc, R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data",
            "labels":{"a":"2","b":"2"}}})"));
    add("pvc apply forced takes over", {post(kPvcs, kPvcLabelled)},
        apply(pvc + QStringLiteral("&force=true"), R"({"apiVersion":"v1","kind":"PersistentVolumeClaim",
            "metadata":{"name":"data","labels":{"a":"2","c":"3"}}})"));
    add("pvc apply shares an equal value", {post(kPvcs, kPvcLabelled)},
        apply(pvc, R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data",
            "labels":{"a":"1","c":"3"}}})"));
    add("pvc apply drops what it no longer applies", {apply(pvc, kPvcLabelled)}, apply(pvc, kPvcLabelA));
    add("pvc apply drops every label", {apply(pvc, kPvcLabelled)},
        apply(pvc, R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data"},
            "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}})"));
    add("pvc apply keeps another manager's fields",
        {post(kPvcs, kPvcLabelA),
            apply(pvc, R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data",
            "labels":{"b":"2"}}})")},
        apply(pvc, R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data"}})"));
    add("pvc apply after a merge patch took its field",
        {apply(pvc, kPvcLabelled), merge(kPvcs + QStringLiteral("/data"), R"({"metadata":{"labels":{"b":"9"}}})")},
        apply(pvc, kPvcLabelled));
    add("pvc apply immutable spec", {post(kPvcs, kPvcLabelA)},
        apply(pvc + QStringLiteral("&force=true"), R"({"apiVersion":"v1","kind":"PersistentVolumeClaim",
            "metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteMany"]}})"),
        {{QStringLiteral("body.message"), kImmutableDiff},
            {QStringLiteral("body.details.causes[0].message"), kImmutableDiff}});
    add("pvc apply invalid", {},
        apply(pvc, R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data"},"spec":{}})"));
    add("pvc apply dry run", {post(kPvcs, kPvcLabelA)},
        apply(pvc + QStringLiteral("&dryRun=All"), R"({"apiVersion":"v1","kind":"PersistentVolumeClaim",
            "metadata":{"name":"data","labels":{"z":"1"}}})"));
    add("pvc apply dry run stores nothing",
        {post(kPvcs, kPvcLabelA),
            apply(pvc + QStringLiteral("&dryRun=All"), R"({"apiVersion":"v1","kind":"PersistentVolumeClaim",
            "metadata":{"name":"data","labels":{"z":"1"}}})")},
        get(kPvcs + QStringLiteral("/data")));
    add("pvc apply dry run creates nothing", {apply(pvc + QStringLiteral("&dryRun=All"), kPvcLabelA)},
        get(kPvcs + QStringLiteral("/data")));
    add("pvc apply wrong apiVersion", {},
        apply(pvc, R"({"apiVersion":"v2","kind":"PersistentVolumeClaim","metadata":{"name":"data"}})"));
    add("pvc apply without name", {},
        apply(pvc, R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{}})"));
    add("pvc apply name mismatch", {},
        apply(pvc, R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"other"}})"));
    add("pvc merge patch with force", {post(kPvcs, kPvcLabelA)},
        DiffRequest {"PATCH", kPvcs + QStringLiteral("/data?force=true"), R"({"metadata":{"labels":{"c":"1"}}})",
            "application/merge-patch+json"});

    // --- Services --------------------------------------------------------------------------------------------
    add("service apply creates", {}, apply(service, kServiceTwoPorts));
    add("service apply adds a port beside its creator's", {post(kServices, kService)},
        apply(service, R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"mover"},
            "spec":{"ports":[{"name":"rsync-tls","port":8000,"protocol":"TCP"}]}})"));
    add("service apply drops its port and selector", {apply(service, kServiceTwoPorts)},
        apply(service, R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"mover"},
            "spec":{"ports":[{"name":"rsync-tls","port":8000,"protocol":"TCP"}]}})"));
    add("service apply conflicts on the selector", {post(kServices, kService)},
        apply(service, R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"mover"},
            "spec":{"selector":{"app":"other"},"ports":[{"name":"ssh","port":22,"protocol":"TCP"}]}})"));
    add("service apply conflicts on a port's field", {post(kServices, kService)},
        apply(service, R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"mover"},
            "spec":{"ports":[{"name":"ssh","port":22,"protocol":"TCP","targetPort":2200}]}})"));
    add("service apply changes its own port", {apply(service, kServiceTwoPorts)},
        apply(service, R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"mover"},
            "spec":{"selector":{"app.kubernetes.io/name":"src-sample"},"ports":[
            {"name":"ssh","port":22,"protocol":"TCP","targetPort":2200},{"name":"rsync-tls","port":8000,
            "protocol":"TCP"}]}})"));
    add("service apply invalid type", {},
        apply(service, R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"mover"},
            "spec":{"type":"Teleport","ports":[{"port":22,"protocol":"TCP"}]}})"));
    add("service apply dry run", {}, apply(service + QStringLiteral("&dryRun=All"), kServiceTwoPorts),
        {{QStringLiteral("body.spec.clusterIP"), QStringLiteral("a dry run allocates no address")},
            {QStringLiteral("body.spec.clusterIPs"), QStringLiteral("a dry run allocates no address")}});

    // --- VolumeSnapshots and VolumeSnapshotClasses (CRDs: lists atomic, maps merged) -------------------------
    add("volumesnapshot apply creates", {}, apply(snapshot, kSnapshot));
    add("volumesnapshot apply conflicts with another applier", {apply(snapshot, kSnapshot)},
        apply(kSnapshots + QStringLiteral("/snap?fieldManager=other"),
            R"({"apiVersion":"snapshot.storage.k8s.io/v1","kind":"VolumeSnapshot","metadata":{"name":"snap"},
            "spec":{"volumeSnapshotClassName":"other-class"}})"));
    add("volumesnapshot apply drops its class", {apply(snapshot, kSnapshot)},
        apply(snapshot, R"({"apiVersion":"snapshot.storage.k8s.io/v1","kind":"VolumeSnapshot",
            "metadata":{"name":"snap"},"spec":{"source":{"persistentVolumeClaimName":"data"}}})"));
    add("volumesnapshot apply without source", {},
        apply(snapshot, R"({"apiVersion":"snapshot.storage.k8s.io/v1","kind":"VolumeSnapshot",
            "metadata":{"name":"snap"},"spec":{}})"));
    add("volumesnapshot apply wrong apiVersion", {},
        apply(snapshot, R"({"apiVersion":"snapshot.storage.k8s.io/v1beta1","kind":"VolumeSnapshot",
            "metadata":{"name":"snap"},"spec":{"source":{"persistentVolumeClaimName":"data"}}})"));
    add("volumesnapshotclass apply creates", {},
        apply(kSnapshotClasses + QStringLiteral("/{ns}-class?fieldManager=diff"),
            R"({"apiVersion":"snapshot.storage.k8s.io/v1","kind":"VolumeSnapshotClass",
            "metadata":{"name":"{ns}-class","labels":{"diff-run":"{run}"}},"driver":"hostpath.csi.k8s.io",
            "deletionPolicy":"Delete"})"));

    // --- ReplicationSources and ReplicationDestinations ------------------------------------------------------
    add("replicationsource apply conflicts with its creator", {post(kSources, kSource)},
        apply(kSources + QStringLiteral("/sample?fieldManager=diff"),
            R"({"apiVersion":"volsync.backube/v1alpha1","kind":"ReplicationSource","metadata":{"name":"sample"},
            "spec":{"trigger":{"schedule":"0 * * * *"}}})"));
    add("replicationsource apply drops its trigger",
        {apply(kSources + QStringLiteral("/sample?fieldManager=diff"), kSource)},
        apply(kSources + QStringLiteral("/sample?fieldManager=diff"),
            R"({"apiVersion":"volsync.backube/v1alpha1","kind":"ReplicationSource","metadata":{"name":"sample"},
            "spec":{"sourcePVC":"datavol","rsyncTLS":{"copyMethod":"Snapshot","address":"10.96.0.42",
            "keySecret":"sample"}}})"));
    add("replicationdestination apply creates", {},
        apply(kDestinations + QStringLiteral("/sample?fieldManager=diff"),
            R"({"apiVersion":"volsync.backube/v1alpha1","kind":"ReplicationDestination","metadata":{"name":"sample"},
            "spec":{"rsyncTLS":{"copyMethod":"Snapshot","capacity":"2Gi","accessModes":["ReadWriteOnce"],
            "serviceType":"ClusterIP"}}})"));
    return cases;
}
