// SPDX-License-Identifier: GPL-3.0-or-later
// The differential table: one entry per request whose answer the simulator must give as kube-apiserver does.
// {ns} is the case's own namespace (created first on both servers), {rv}/{rvN} resourceVersions of setup answers,
// {run} the run's id (for cluster-scoped names).
#include "diffcase.h"
#include "diffrequests.h"

namespace {

const QString kNs = QStringLiteral("/api/v1/namespaces/{ns}");
const QString kSecrets = kNs + QStringLiteral("/secrets");
const QString kPvcs = kNs + QStringLiteral("/persistentvolumeclaims");
const QString kServices = kNs + QStringLiteral("/services");
const QString kPods = kNs + QStringLiteral("/pods");
const QString kEvents = kNs + QStringLiteral("/events");
const QString kSnapshots = QStringLiteral("/apis/snapshot.storage.k8s.io/v1/namespaces/{ns}/volumesnapshots");
const QString kSnapshotClasses = QStringLiteral("/apis/snapshot.storage.k8s.io/v1/volumesnapshotclasses");
const QString kSources = QStringLiteral("/apis/volsync.backube/v1alpha1/namespaces/{ns}/replicationsources");
const QString kDestinations = QStringLiteral("/apis/volsync.backube/v1alpha1/namespaces/{ns}/replicationdestinations");

const char *const kSecret = R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"s1","labels":{"app":"a"}},
    "data":{"a":"aGVsbG8="}})";
const char *const kSecret2 = R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"s2","labels":{"app":"b"}},
    "type":"kubernetes.io/basic-auth","stringData":{"username":"u","password":"p"}})";
const char *const kSecret3 = R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"s3","labels":{"app":"c",
    "tier":"x"}},"stringData":{"k":"v"}})";
const char *const kPvc = R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data"},
    "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}})";
const char *const kService = R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"mover"},
    "spec":{"selector":{"app":"mover"},"ports":[{"name":"ssh","port":22,"targetPort":2222}]}})";
const char *const kSnapshot = R"({"apiVersion":"snapshot.storage.k8s.io/v1","kind":"VolumeSnapshot",
    "metadata":{"name":"snap"},"spec":{"source":{"persistentVolumeClaimName":"data"},
    "volumeSnapshotClassName":"csi-snapclass"}})";
const char *const kSource = R"({"apiVersion":"volsync.backube/v1alpha1","kind":"ReplicationSource",
    "metadata":{"name":"sample","labels":{"volsync.backube/relationship":"3d0c5a52"}},
    "spec":{"sourcePVC":"datavol","trigger":{"schedule":"*/5 * * * *"},
    "rsync":{"copyMethod":"Clone","address":"10.96.0.42","sshKeys":"sample"}}})";
const char *const kDestination = R"({"apiVersion":"volsync.backube/v1alpha1","kind":"ReplicationDestination",
    "metadata":{"name":"sample"},"spec":{"rsyncTLS":{"copyMethod":"Snapshot","capacity":"2Gi",
    "accessModes":["ReadWriteOnce"],"storageClassName":"standard","volumeSnapshotClassName":"csi-snapclass",
    "serviceType":"ClusterIP"}}})";

// A mover Pod as a Job makes it (no token: v1.20 and current Kubernetes mount different ones, see below).
const char *const kPod
    = R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"mover","labels":{"job-name":"volsync-rsync-tls-src-sample"}},
    "spec":{"automountServiceAccountToken":false,"restartPolicy":"Never","containers":[{"name":"rsync-tls",
    "image":"quay.io/backube/volsync:0.11.0","command":["/bin/bash","-c","/mover-rsync-tls/client.sh"],
    "env":[{"name":"DESTINATION_ADDRESS","value":"10.96.0.42"}],"volumeMounts":[{"name":"data","mountPath":"/data"}]}],
    "volumes":[{"name":"data","persistentVolumeClaim":{"claimName":"datavol"}},{"name":"keys","secret":{"secretName":"k"}}]}})";
const char *const kEvent = R"({"apiVersion":"v1","kind":"Event","metadata":{"name":"mover.1"},
    "involvedObject":{"kind":"Pod","namespace":"{ns}","name":"mover","apiVersion":"v1"},"reason":"Started",
    "message":"Started container rsync-tls","type":"Normal","source":{"component":"kubelet"},
    "firstTimestamp":"2026-12-06T13:35:29Z","lastTimestamp":"2026-12-06T13:35:29Z","count":1})";
const char *const kEvent2 = R"({"apiVersion":"v1","kind":"Event","metadata":{"name":"job.1"},
    "involvedObject":{"kind":"Job","namespace":"{ns}","name":"volsync-rsync-tls-src-sample","apiVersion":"batch/v1"},
    "reason":"BackoffLimitExceeded","message":"Job has reached the specified backoff limit","type":"Warning",
    "source":{"component":"job-controller"},"firstTimestamp":"2026-12-06T13:35:30Z",
    "lastTimestamp":"2026-12-06T13:35:30Z","count":1})";

const QString kV120FieldPath = QStringLiteral("kube-apiserver v1.20 prints these fields as \"data[%s][key]\" (a "
                                              "formatting bug fixed later); current Kubernetes says \"data[key]\"");
const QString kGoParser = QStringLiteral("the text of Go's JSON or selector parser, which differs between versions");
const QString kTokenVolume = QStringLiteral("v1.20 mounts the service account's token Secret (default-token-xxxxx); "
                                            "current Kubernetes (1.22+) mounts a projected kube-api-access-xxxxx "
                                            "volume, as the simulator does");
const QString kReportingField = QStringLiteral("v1.20 calls the field reportingController in core/v1 too; current "
                                               "Kubernetes names the core/v1 field reportingComponent");
const QString kPodUpdateDiff = QStringLiteral("the message ends with a Go diff of the two specs, and the list of "
                                              "mutable fields grows with each release");
const QString kOnlyCurrent = QStringLiteral("kube-apiserver v1.20 has no CEL rules (x-kubernetes-validations); the "
                                            "simulator follows current Kubernetes, which refuses this");

} // namespace

QHash<QString, QString> differentialGlobalSkips()
{
    return {
        {QStringLiteral("body.metadata.labels[kubernetes.io/metadata.name]"),
            QStringLiteral("namespaces carry this label since Kubernetes 1.21; v1.20 does not set it")},
        {QStringLiteral("body.items[*].metadata.labels[kubernetes.io/metadata.name]"),
            QStringLiteral("namespaces carry this label since Kubernetes 1.21; v1.20 does not set it")},
        {QStringLiteral("body.spec.dataSourceRef"),
            QStringLiteral("PVCs mirror dataSource into dataSourceRef since Kubernetes 1.24 (AnyVolumeDataSource)")},
        {QStringLiteral("body.spec.ipFamilies"), QStringLiteral("dual-stack fields are set since Kubernetes 1.21")},
        {QStringLiteral("body.spec.ipFamilyPolicy"), QStringLiteral("dual-stack fields are set since Kubernetes 1.21")},
        {QStringLiteral("body.spec.internalTrafficPolicy"),
            QStringLiteral("internalTrafficPolicy is defaulted since Kubernetes 1.22")},
    };
}

QList<DiffCase> differentialCases()
{
    QList<DiffCase> cases;
    auto add = [&](const char *name, QList<DiffRequest> setup, DiffRequest probe, QHash<QString, QString> skip = {},
                   QList<DiffRequest> during = {}) {
        cases.append(
            DiffCase {QLatin1String(name), std::move(setup), std::move(probe), std::move(during), std::move(skip)});
    };

    // --- Namespaces ------------------------------------------------------------------------------------------
    add("namespace get", {}, get(kNs));
    add("namespace get missing", {}, get(QStringLiteral("/api/v1/namespaces/{ns}-missing")));
    add("namespace create invalid name", {},
        post(QStringLiteral("/api/v1/namespaces"),
            R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"Bad_Name"}})"));
    add("namespace create exists", {},
        post(QStringLiteral("/api/v1/namespaces"),
            R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{ns}"}})"));
    add("namespace list by name", {}, get(QStringLiteral("/api/v1/namespaces?fieldSelector=metadata.name%3D{ns}")));

    // --- Secrets ---------------------------------------------------------------------------------------------
    add("secret create data", {}, post(kSecrets, kSecret));
    add("secret create stringData becomes data", {}, post(kSecrets, kSecret2));
    add("secret stringData wins over data", {},
        post(kSecrets, R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"both"},"data":{"a":"b2xk","b":"Yg=="},
            "stringData":{"a":"new"}})"));
    add("secret get after stringData", {post(kSecrets, kSecret3)}, get(kSecrets + QStringLiteral("/s3")));
    add("secret create invalid name", {},
        post(kSecrets, R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"Bad_Name"},"data":{}})"));
    add("secret create name too long", {},
        post(kSecrets,
            R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"a-very-long-name-a-very-long-name-a-very-long-name-a-very-long-name-a-very-long-name-a-very-long-name-a-very-long-name-a-very-long-name-a-very-long-name-a-very-long-name-a-very-long-name-a-very-long-name-a-very-long-name-too"}})"));
    add("secret create invalid key", {},
        post(kSecrets, R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"k"},"data":{"bad key":"eA=="}})"));
    add("secret create no name", {}, post(kSecrets, R"({"apiVersion":"v1","kind":"Secret","metadata":{}})"));
    add("secret create generateName", {},
        post(kSecrets, R"({"apiVersion":"v1","kind":"Secret","metadata":{"generateName":"gen-"}})"));
    add("secret tls without keys", {},
        post(kSecrets, R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"tls"},"type":"kubernetes.io/tls",
            "data":{}})"));
    add("secret basic-auth without fields", {},
        post(kSecrets, R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"basic"},
            "type":"kubernetes.io/basic-auth"})"),
        {{QStringLiteral("body.details.causes[*].field"), kV120FieldPath},
            {QStringLiteral("body.message"), kV120FieldPath}});
    add("secret ssh-auth without key", {},
        post(kSecrets, R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"ssh"},"type":"kubernetes.io/ssh-auth",
            "stringData":{"other":"x"}})"),
        {{QStringLiteral("body.details.causes[*].field"), kV120FieldPath},
            {QStringLiteral("body.message"), kV120FieldPath}});
    add("secret type is immutable", {post(kSecrets, kSecret)},
        put(kSecrets + QStringLiteral("/s1"), R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"s1",
            "resourceVersion":"{rv0}"},"type":"example.com/other","data":{"a":"aGVsbG8="}})"));
    add("secret create exists", {post(kSecrets, kSecret)}, post(kSecrets, kSecret));
    add("secret create namespace mismatch", {},
        post(kSecrets, R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"m","namespace":"elsewhere"}})"));
    add("secret create wrong kind", {},
        post(kSecrets, R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"m"}})"));
    add("secret create not json", {}, DiffRequest {"POST", kSecrets, "{not json"},
        {{QStringLiteral("body.message"), kGoParser}});
    add("secret get missing", {}, get(kSecrets + QStringLiteral("/missing")));
    add("secret list", {post(kSecrets, kSecret), post(kSecrets, kSecret2)}, get(kSecrets));
    add("secret list label selector", {post(kSecrets, kSecret), post(kSecrets, kSecret2), post(kSecrets, kSecret3)},
        get(kSecrets + QStringLiteral("?labelSelector=app%20in%20%28a%2Cc%29%2C%21tier")));
    add("secret list field selector type", {post(kSecrets, kSecret), post(kSecrets, kSecret2)},
        get(kSecrets + QStringLiteral("?fieldSelector=type%3Dkubernetes.io%2Fbasic-auth")));
    add("secret list unknown field selector", {}, get(kSecrets + QStringLiteral("?fieldSelector=data.a%3Dx")));
    add("secret list bad label selector", {}, get(kSecrets + QStringLiteral("?labelSelector=a%20in%20b")),
        {{QStringLiteral("body.message"), kGoParser}});
    add("secret list paged", {post(kSecrets, kSecret), post(kSecrets, kSecret2), post(kSecrets, kSecret3)},
        get(kSecrets + QStringLiteral("?limit=2&labelSelector=app")));
    add("secret replace", {post(kSecrets, kSecret)},
        put(kSecrets + QStringLiteral("/s1"), R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"s1",
            "resourceVersion":"{rv0}"},"stringData":{"z":"zz"}})"));
    add("secret replace stale resourceVersion",
        {post(kSecrets, kSecret), merge(kSecrets + QStringLiteral("/s1"), R"({"metadata":{"labels":{"x":"y"}}})")},
        put(kSecrets + QStringLiteral("/s1"), R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"s1",
            "resourceVersion":"{rv0}"},"data":{"a":"eA=="}})"));
    add("secret replace stale and invalid",
        {post(kSecrets, kSecret), merge(kSecrets + QStringLiteral("/s1"), R"({"metadata":{"labels":{"x":"y"}}})")},
        put(kSecrets + QStringLiteral("/s1"), R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"s1",
            "resourceVersion":"{rv0}"},"data":{"bad key":"eA=="}})"));
    add("secret replace missing", {},
        put(kSecrets + QStringLiteral("/nope"), R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"nope",
            "resourceVersion":"1"}})"));
    add("secret replace name mismatch", {post(kSecrets, kSecret)},
        put(kSecrets + QStringLiteral("/s1"), R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"other"}})"));
    add("secret merge patch", {post(kSecrets, kSecret)},
        merge(kSecrets + QStringLiteral("/s1"), R"({"metadata":{"labels":{"k":"v"}},"stringData":{"c":"x"}})"));
    add("secret merge patch missing", {},
        merge(kSecrets + QStringLiteral("/nope"), R"({"metadata":{"labels":{"k":"v"}}})"));
    add("secret merge patch invalid", {post(kSecrets, kSecret)},
        merge(kSecrets + QStringLiteral("/s1"), R"({"data":{"bad key":"eA=="}})"));
    add("secret json patch", {post(kSecrets, kSecret)},
        jsonPatch(kSecrets + QStringLiteral("/s1"), R"([{"op":"add","path":"/metadata/labels/b","value":"c"},
            {"op":"replace","path":"/data/a","value":"eHk="}])"));
    add("secret json patch failed test", {post(kSecrets, kSecret)},
        jsonPatch(kSecrets + QStringLiteral("/s1"), R"([{"op":"test","path":"/data/a","value":"bm8="}])"));
    add("secret apply creates", {},
        apply(kSecrets + QStringLiteral("/applied?fieldManager=diff"),
            R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"applied"},"stringData":{"k":"v"}})"));
    add("secret apply updates",
        {apply(kSecrets + QStringLiteral("/applied?fieldManager=diff"),
            R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"applied"},"data":{"k":"dg=="}})")},
        apply(kSecrets + QStringLiteral("/applied?fieldManager=diff"),
            R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"applied","labels":{"l":"1"}},
            "data":{"k":"dg==","k2":"dzI="}})"));
    add("secret apply without field manager", {},
        apply(kSecrets + QStringLiteral("/applied"),
            R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"applied"}})"));
    add("secret create dry run", {}, post(kSecrets + QStringLiteral("?dryRun=All"), kSecret));
    add("secret dry run stores nothing", {post(kSecrets + QStringLiteral("?dryRun=All"), kSecret)},
        get(kSecrets + QStringLiteral("/s1")));
    add("secret patch dry run", {post(kSecrets, kSecret)},
        merge(kSecrets + QStringLiteral("/s1?dryRun=All"), R"({"metadata":{"labels":{"k":"v"}}})"));
    add("secret delete", {post(kSecrets, kSecret)}, remove(kSecrets + QStringLiteral("/s1")));
    add("secret delete missing", {}, remove(kSecrets + QStringLiteral("/s1")));
    add("secret delete dry run", {post(kSecrets, kSecret)}, remove(kSecrets + QStringLiteral("/s1?dryRun=All")));
    add("secret delete uid precondition", {post(kSecrets, kSecret)},
        remove(kSecrets + QStringLiteral("/s1"),
            R"({"kind":"DeleteOptions","apiVersion":"v1","preconditions":{"uid":"00000000-0000-0000-0000-000000000000"}})"));
    add("secret delete resourceVersion precondition",
        {post(kSecrets, kSecret), merge(kSecrets + QStringLiteral("/s1"), R"({"metadata":{"labels":{"x":"y"}}})")},
        remove(kSecrets + QStringLiteral("/s1"),
            R"({"kind":"DeleteOptions","apiVersion":"v1","preconditions":{"resourceVersion":"{rv0}"}})"));
    add("secret deletecollection", {post(kSecrets, kSecret), post(kSecrets, kSecret2), post(kSecrets, kSecret3)},
        remove(kSecrets + QStringLiteral("?labelSelector=app%20in%20%28a%2Cb%29")));
    add("secret deletecollection dry run", {post(kSecrets, kSecret)},
        remove(kSecrets + QStringLiteral("?labelSelector=app%3Da&dryRun=All")));
    add("secret get anonymous", {post(kSecrets, kSecret)},
        get(kSecrets + QStringLiteral("/s1"), QStringLiteral("anonymous")));
    add("secret list anonymous", {}, get(kSecrets, QStringLiteral("anonymous")));
    add("secret get bad token", {post(kSecrets, kSecret)},
        get(kSecrets + QStringLiteral("/s1"), QStringLiteral("bad-token")));
    add("secret get forbidden", {post(kSecrets, kSecret)},
        get(kSecrets + QStringLiteral("/s1"), QStringLiteral("limited")));
    add("secret list all namespaces forbidden", {}, get(QStringLiteral("/api/v1/secrets"), QStringLiteral("limited")));
    add("secret get granted",
        {DiffRequest {"GRANT", QStringLiteral("volsync-diff-limited"), {}}, post(kSecrets, kSecret)},
        get(kSecrets + QStringLiteral("/s1"), QStringLiteral("limited")));

    // --- PersistentVolumeClaims ------------------------------------------------------------------------------
    add("pvc create", {}, post(kPvcs, kPvc));
    add("pvc create without access modes", {},
        post(kPvcs, R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data"},
            "spec":{"resources":{"requests":{"storage":"1Gi"}}}})"));
    add("pvc create without storage request", {},
        post(kPvcs, R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data"},
            "spec":{"accessModes":["ReadWriteOnce"]}})"));
    add("pvc create without spec", {},
        post(kPvcs, R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data"}})"));
    add("pvc create unknown access mode", {},
        post(kPvcs, R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data"},
            "spec":{"accessModes":["ReadWriteSometimes"],"resources":{"requests":{"storage":"1Gi"}}}})"),
        {{QStringLiteral("body.message"), QStringLiteral("current Kubernetes also lists ReadWriteOncePod (1.22+)")},
            {QStringLiteral("body.details.causes[0].message"),
                QStringLiteral("current Kubernetes also lists ReadWriteOncePod (1.22+)")}});
    add("pvc create from snapshot", {},
        post(kPvcs, R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"restored"},
            "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}},
            "storageClassName":"standard","dataSource":{"apiGroup":"snapshot.storage.k8s.io","kind":"VolumeSnapshot",
            "name":"snap"}}})"));
    add("pvc create from pvc", {},
        post(kPvcs, R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"clone"},
            "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}},
            "dataSource":{"kind":"PersistentVolumeClaim","name":"data"}}})"));
    add("pvc create data source without name", {},
        post(kPvcs, R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"restored"},
            "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}},
            "dataSource":{"apiGroup":"snapshot.storage.k8s.io","kind":"VolumeSnapshot"}}})"));
    add("pvc create invalid name", {},
        post(kPvcs, R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"Data"},
            "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}})"));
    add("pvc spec is immutable", {post(kPvcs, kPvc)},
        merge(kPvcs + QStringLiteral("/data"), R"({"spec":{"accessModes":["ReadWriteMany"]}})"),
        {{QStringLiteral("body.message"), QStringLiteral("the list of mutable fields grows with each release")},
            {QStringLiteral("body.details.causes[0].message"),
                QStringLiteral("the list of mutable fields grows with each release")}});
    add("pvc status patch", {post(kPvcs, kPvc)},
        merge(kPvcs + QStringLiteral("/data/status"), R"({"status":{"phase":"Bound","capacity":{"storage":"1Gi"}}})"));
    add("pvc status ignored on main resource", {post(kPvcs, kPvc)},
        merge(kPvcs + QStringLiteral("/data"), R"({"metadata":{"labels":{"a":"b"}},"status":{"phase":"Bound"}})"));
    add("pvc list field selector", {post(kPvcs, kPvc)},
        get(kPvcs + QStringLiteral("?fieldSelector=metadata.name%3Ddata")));
    add("pvc list unsupported field selector", {}, get(kPvcs + QStringLiteral("?fieldSelector=spec.volumeName%3Dx")));

    // --- Services --------------------------------------------------------------------------------------------
    add("service create", {}, post(kServices, kService));
    add("service create load balancer", {},
        post(kServices, R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"lb"},
            "spec":{"type":"LoadBalancer","selector":{"app":"mover"},"ports":[{"name":"tls","port":8000}]}})"),
        {{QStringLiteral("body.spec.allocateLoadBalancerNodePorts"),
            QStringLiteral("defaulted since Kubernetes 1.24 (1.20: alpha gate)")}});
    add("service create without ports", {},
        post(kServices, R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"noports"},"spec":{}})"));
    add("service create port out of range", {},
        post(kServices, R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"bad"},
            "spec":{"ports":[{"port":70000}]}})"));
    add("service create unknown type", {},
        post(kServices, R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"bad"},
            "spec":{"type":"Teleport","ports":[{"port":22}]}})"));
    add("service create invalid name", {},
        post(kServices, R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"1mover"},
            "spec":{"ports":[{"port":22}]}})"));
    add("service create unnamed ports", {},
        post(kServices, R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"two"},
            "spec":{"ports":[{"port":22},{"port":23}]}})"));

    // --- VolumeSnapshots and VolumeSnapshotClasses (CRDs) ----------------------------------------------------
    add("volumesnapshot create", {}, post(kSnapshots, kSnapshot));
    add("volumesnapshot create without source", {},
        post(kSnapshots, R"({"apiVersion":"snapshot.storage.k8s.io/v1","kind":"VolumeSnapshot",
            "metadata":{"name":"snap"},"spec":{}})"));
    add("volumesnapshot create without spec", {},
        post(kSnapshots, R"({"apiVersion":"snapshot.storage.k8s.io/v1","kind":"VolumeSnapshot",
            "metadata":{"name":"snap"}})"));
    add("volumesnapshot create with both sources", {},
        post(kSnapshots, R"({"apiVersion":"snapshot.storage.k8s.io/v1","kind":"VolumeSnapshot",
            "metadata":{"name":"snap"},"spec":{"source":{"persistentVolumeClaimName":"data",
            "volumeSnapshotContentName":"content"}}})"),
        {{QStringLiteral("code"), kOnlyCurrent}, {QStringLiteral("body"), kOnlyCurrent}});
    add("volumesnapshot unknown field pruned", {},
        post(kSnapshots, R"({"apiVersion":"snapshot.storage.k8s.io/v1","kind":"VolumeSnapshot",
            "metadata":{"name":"snap"},"spec":{"source":{"persistentVolumeClaimName":"data"},"colour":"red"}})"));
    add("volumesnapshot status", {post(kSnapshots, kSnapshot)},
        merge(kSnapshots + QStringLiteral("/snap/status"),
            R"({"status":{"readyToUse":true,"restoreSize":"1Gi","boundVolumeSnapshotContentName":"content"}})"));
    add("volumesnapshot status ignored on create", {},
        post(kSnapshots, R"({"apiVersion":"snapshot.storage.k8s.io/v1","kind":"VolumeSnapshot",
            "metadata":{"name":"snap"},"spec":{"source":{"persistentVolumeClaimName":"data"}},
            "status":{"readyToUse":true}})"));
    add("volumesnapshot invalid name", {},
        post(kSnapshots, R"({"apiVersion":"snapshot.storage.k8s.io/v1","kind":"VolumeSnapshot",
            "metadata":{"name":"Snap_1"},"spec":{"source":{"persistentVolumeClaimName":"data"}}})"));
    add("volumesnapshotclass create", {},
        post(kSnapshotClasses, R"({"apiVersion":"snapshot.storage.k8s.io/v1","kind":"VolumeSnapshotClass",
            "metadata":{"name":"{ns}-class","labels":{"diff-run":"{run}"}},"driver":"hostpath.csi.k8s.io",
            "deletionPolicy":"Delete"})"));
    add("volumesnapshotclass create without driver", {},
        post(kSnapshotClasses, R"({"apiVersion":"snapshot.storage.k8s.io/v1","kind":"VolumeSnapshotClass",
            "metadata":{"name":"{ns}-class"},"deletionPolicy":"Delete"})"));
    add("volumesnapshotclass create unknown policy", {},
        post(kSnapshotClasses, R"({"apiVersion":"snapshot.storage.k8s.io/v1","kind":"VolumeSnapshotClass",
            "metadata":{"name":"{ns}-class"},"driver":"d","deletionPolicy":"Keep"})"));
    add("volumesnapshotclass get missing", {}, get(kSnapshotClasses + QStringLiteral("/{ns}-missing")));
    add("volumesnapshot delete", {post(kSnapshots, kSnapshot)}, remove(kSnapshots + QStringLiteral("/snap")));
    add("pvc delete", {post(kPvcs, kPvc)}, remove(kPvcs + QStringLiteral("/data")));
    add("service delete", {post(kServices, kService)}, remove(kServices + QStringLiteral("/mover")));
    add("namespace delete", {}, remove(kNs));

    // --- ReplicationSources and ReplicationDestinations (CRDs) -----------------------------------------------
    add("replicationsource create", {}, post(kSources, kSource));
    add("replicationsource create invalid", {},
        post(kSources, R"({"apiVersion":"volsync.backube/v1alpha1","kind":"ReplicationSource",
            "metadata":{"name":"bad"},"spec":{"sourcePVC":"datavol","trigger":{"schedule":"@every 5m"},
            "rsync":{"copyMethod":"Teleport"}}})"),
        {{QStringLiteral("body.message"),
            QStringLiteral("kube-apiserver lists schema errors in Go map order, which changes from run to run (the "
                           "causes are compared sorted)")}});
    add("replicationsource get missing", {}, get(kSources + QStringLiteral("/nope")));
    add("replicationsource merge patch", {post(kSources, kSource)},
        merge(kSources + QStringLiteral("/sample"), R"({"spec":{"trigger":{"manual":"now"}}})"));
    add("replicationsource replace stale",
        {post(kSources, kSource),
            merge(kSources + QStringLiteral("/sample"), R"({"spec":{"trigger":{"schedule":"0 * * * *"}}})")},
        put(kSources + QStringLiteral("/sample"),
            R"({"apiVersion":"volsync.backube/v1alpha1","kind":"ReplicationSource",
            "metadata":{"name":"sample","resourceVersion":"{rv0}"},"spec":{"sourcePVC":"datavol"}})"));
    add("replicationsource replace without resourceVersion", {post(kSources, kSource)},
        put(kSources + QStringLiteral("/sample"), R"({"apiVersion":"volsync.backube/v1alpha1",
            "kind":"ReplicationSource","metadata":{"name":"sample"},"spec":{"sourcePVC":"datavol"}})"));
    add("replicationsource status subresource", {post(kSources, kSource)},
        merge(kSources + QStringLiteral("/sample/status"), R"({"spec":{"sourcePVC":"changed"},"status":{
            "lastSyncTime":"2026-11-23T20:36:49Z","conditions":[{"type":"Synchronizing","status":"False",
            "reason":"WaitingForSchedule","message":"Waiting for next scheduled synchronization",
            "lastTransitionTime":"2026-11-23T20:36:49Z"}]}})"));
    add("replicationsource invalid status", {post(kSources, kSource)},
        merge(kSources + QStringLiteral("/sample/status"), R"({"status":{"lastSyncTime":"yesterday"}})"));
    add("replicationsource status ignored on main", {post(kSources, kSource)},
        merge(kSources + QStringLiteral("/sample"), R"({"status":{"lastSyncTime":"2026-11-23T20:36:49Z"}})"));
    add("replicationsource json patch", {post(kSources, kSource)},
        jsonPatch(kSources + QStringLiteral("/sample"),
            R"([{"op":"replace","path":"/spec/trigger","value":{"manual":"m1"}}])"));
    add("replicationsource apply", {}, apply(kSources + QStringLiteral("/sample?fieldManager=diff"), kSource));
    add("replicationsource unknown field pruned", {},
        post(kSources, R"({"apiVersion":"volsync.backube/v1alpha1","kind":"ReplicationSource",
            "metadata":{"name":"pruned"},"spec":{"sourcePVC":"datavol","bogus":1,"rsync":{"teleport":true}}})"));
    add("replicationsource deletecollection", {post(kSources, kSource)},
        remove(kSources + QStringLiteral("?labelSelector=volsync.backube%2Frelationship%3D3d0c5a52")));
    add("replicationsource delete", {post(kSources, kSource)}, remove(kSources + QStringLiteral("/sample")));
    add("replicationdestination create", {}, post(kDestinations, kDestination));
    add("replicationdestination status latestImage", {post(kDestinations, kDestination)},
        merge(kDestinations + QStringLiteral("/sample/status"), R"({"status":{"latestImage":{
            "apiGroup":"snapshot.storage.k8s.io","kind":"VolumeSnapshot","name":"snap-1"}}})"));
    add("replicationdestination list", {post(kDestinations, kDestination)}, get(kDestinations));

    // --- Pods (what troubleshooting reads; the operator's Jobs make them) ---------------------------------------
    // Every Pod case waits for the namespace's default service account on the real server first: its
    // ServiceAccount admission refuses Pods until the controller manager made it (the simulator has none).
    const DiffRequest serviceAccount {"SERVICEACCOUNT", QString()};
    add("pod create", {serviceAccount}, post(kPods, kPod));
    add("pod create defaults and qos", {serviceAccount},
        post(kPods, R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"defaults"},"spec":{
            "automountServiceAccountToken":false,"containers":[{"name":"a","image":"busybox",
            "ports":[{"containerPort":8000}],"env":[{"name":"NS","valueFrom":{"fieldRef":{"fieldPath":"metadata.namespace"}}}],
            "resources":{"limits":{"cpu":"1","memory":"1Gi"}},
            "livenessProbe":{"httpGet":{"port":8080}}},{"name":"b","image":"registry.example/b@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "resources":{"limits":{"cpu":"1","memory":"1Gi"}}}],"initContainers":[{"name":"init","image":"busybox:1.36"}],
            "volumes":[{"name":"tmp","emptyDir":{}},{"name":"info","downwardAPI":{"items":[{"path":"labels",
            "fieldRef":{"fieldPath":"metadata.labels"}}]}}],"tolerations":[{"key":"node.kubernetes.io/unreachable",
            "operator":"Exists","effect":"NoExecute","tolerationSeconds":60}]}})"));
    add("pod create with service account token", {serviceAccount},
        post(kPods, R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"token"},"spec":{
            "containers":[{"name":"a","image":"busybox","resources":{"requests":{"cpu":"100m"}}}]}})"),
        {{QStringLiteral("body.spec.volumes"), kTokenVolume},
            {QStringLiteral("body.spec.containers[*].volumeMounts"), kTokenVolume}});
    add("pod create without containers", {serviceAccount},
        post(kPods, R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"empty"},"spec":{"containers":[]}})"));
    add("pod create invalid fields", {serviceAccount},
        post(kPods, R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"bad"},"spec":{"restartPolicy":"Sometimes",
            "containers":[{"name":"Bad_Name"}]}})"));
    add("pod create duplicate names", {serviceAccount},
        post(kPods, R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"twice"},"spec":{
            "automountServiceAccountToken":false,"containers":[{"name":"a","image":"busybox"},
            {"name":"a","image":"busybox"}],"volumes":[{"name":"v","emptyDir":{}},{"name":"v","emptyDir":{}}]}})"));
    add("pod create invalid name", {serviceAccount},
        post(kPods, R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"Mover_1"},"spec":{
            "automountServiceAccountToken":false,"containers":[{"name":"a","image":"busybox"}]}})"));
    add("pod status ignored on create", {serviceAccount},
        post(kPods, R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"running"},"spec":{
            "automountServiceAccountToken":false,"containers":[{"name":"a","image":"busybox"}]},
            "status":{"phase":"Running","podIP":"10.0.0.1"}})"));
    add("pod get", {serviceAccount, post(kPods, kPod)}, get(kPods + QStringLiteral("/mover")));
    add("pod get missing", {}, get(kPods + QStringLiteral("/mover")));
    add("pod list label selector", {serviceAccount, post(kPods, kPod)},
        get(kPods + QStringLiteral("?labelSelector=job-name%3Dvolsync-rsync-tls-src-sample")));
    add("pod list field selector phase", {serviceAccount, post(kPods, kPod)},
        get(kPods + QStringLiteral("?fieldSelector=status.phase%3DPending")));
    add("pod list field selector running", {serviceAccount, post(kPods, kPod)},
        get(kPods + QStringLiteral("?fieldSelector=status.phase%3DRunning")));
    add("pod list field selector unscheduled", {serviceAccount, post(kPods, kPod)},
        get(kPods + QStringLiteral("?fieldSelector=spec.nodeName%3D%2Cstatus.phase%21%3DFailed")));
    add("pod list unsupported field selector", {}, get(kPods + QStringLiteral("?fieldSelector=spec.containers%3Dx")));
    add("pod status patch", {serviceAccount, post(kPods, kPod)},
        merge(kPods + QStringLiteral("/mover/status"), R"({"status":{"phase":"Running","podIP":"10.244.0.7",
            "containerStatuses":[{"name":"rsync-tls","ready":true,"restartCount":0,"image":"quay.io/backube/volsync:0.11.0",
            "imageID":"","state":{"running":{"startedAt":"2026-12-06T13:35:29Z"}},"lastState":{}}]}})"));
    add("pod image may change", {serviceAccount, post(kPods, kPod)},
        jsonPatch(kPods + QStringLiteral("/mover"),
            R"([{"op":"replace","path":"/spec/containers/0/image","value":"quay.io/backube/volsync:0.12.0"}])"));
    add("pod spec is immutable", {serviceAccount, post(kPods, kPod)},
        merge(kPods + QStringLiteral("/mover"), R"({"spec":{"restartPolicy":"Always"}})"),
        {{QStringLiteral("body.message"), kPodUpdateDiff},
            {QStringLiteral("body.details.causes[0].message"), kPodUpdateDiff}});
    add("pod delete", {serviceAccount, post(kPods, kPod)}, remove(kPods + QStringLiteral("/mover")));
    add("pod watch by name", {serviceAccount, post(kPods, kPod)},
        watch(kPods
            + QStringLiteral("?watch=1&fieldSelector=metadata.name%3Dmover&resourceVersion={rv0}&timeoutSeconds=2")),
        {}, {merge(kPods + QStringLiteral("/mover/status"), R"({"status":{"phase":"Running"}})")});
    add("pod watch phase selector", {serviceAccount, post(kPods, kPod)},
        watch(kPods
            + QStringLiteral("?watch=1&fieldSelector=status.phase%3DRunning&resourceVersion={rv0}&timeoutSeconds=2")),
        {},
        {merge(kPods + QStringLiteral("/mover/status"), R"({"status":{"phase":"Running"}})"),
            merge(kPods + QStringLiteral("/mover/status"), R"({"status":{"phase":"Succeeded"}})")});

    // --- Events (core/v1, as kubectl describe and troubleshooting read them) ---------------------------------
    add("event create", {}, post(kEvents, kEvent));
    add("event create minimal", {}, post(kEvents, R"({"apiVersion":"v1","kind":"Event","metadata":{"name":"minimal"},
            "involvedObject":{"kind":"Pod","namespace":"{ns}","name":"mover"}})"));
    add("event create any name", {}, post(kEvents, R"({"apiVersion":"v1","kind":"Event","metadata":{"name":"Mover_1.x"},
            "involvedObject":{"kind":"Pod","namespace":"{ns}","name":"mover"}})"));
    add("event create without name", {}, post(kEvents, R"({"apiVersion":"v1","kind":"Event","metadata":{},
            "involvedObject":{"kind":"Pod","namespace":"{ns}","name":"mover"}})"));
    add("event create namespace mismatch", {},
        post(kEvents, R"({"apiVersion":"v1","kind":"Event","metadata":{"name":"e"},
            "involvedObject":{"kind":"Pod","namespace":"elsewhere","name":"mover"}})"));
    add("event create object without namespace", {},
        post(kEvents, R"({"apiVersion":"v1","kind":"Event","metadata":{"name":"e"},
            "involvedObject":{"kind":"Pod","name":"mover"}})"));
    add("event create new style incomplete", {},
        post(kEvents, R"({"apiVersion":"v1","kind":"Event","metadata":{"name":"e"},
            "involvedObject":{"kind":"Pod","namespace":"{ns}","name":"mover"},"eventTime":"2026-12-06T13:35:29.000000Z"})"),
        {{QStringLiteral("body.message"), kReportingField},
            {QStringLiteral("body.details.causes[*].field"), kReportingField}});
    add("event get", {post(kEvents, kEvent)}, get(kEvents + QStringLiteral("/mover.1")));
    add("event list", {post(kEvents, kEvent), post(kEvents, kEvent2)}, get(kEvents));
    add("event list involved object", {post(kEvents, kEvent), post(kEvents, kEvent2)},
        get(kEvents + QStringLiteral("?fieldSelector=involvedObject.name%3Dmover")));
    add("event list involved object kind and namespace", {post(kEvents, kEvent), post(kEvents, kEvent2)},
        get(kEvents + QStringLiteral("?fieldSelector=involvedObject.kind%3DJob%2CinvolvedObject.namespace%3D{ns}")));
    add("event list warnings", {post(kEvents, kEvent), post(kEvents, kEvent2)},
        get(kEvents + QStringLiteral("?fieldSelector=type%3DWarning")));
    add("event list reason and source", {post(kEvents, kEvent), post(kEvents, kEvent2)},
        get(kEvents + QStringLiteral("?fieldSelector=reason%3DStarted%2Csource%3Dkubelet")));
    add("event list unsupported field selector", {},
        get(kEvents + QStringLiteral("?fieldSelector=involvedObject.foo%3Dx")));
    add("event list all namespaces by object", {post(kEvents, kEvent2)},
        get(QStringLiteral("/api/v1/events?fieldSelector=involvedObject.name%3Dvolsync-rsync-tls-src-sample%2C"
                           "involvedObject.namespace%3D{ns}")));
    add("event merge patch count", {post(kEvents, kEvent)},
        merge(kEvents + QStringLiteral("/mover.1"), R"({"count":2,"lastTimestamp":"2026-12-06T13:36:29Z"})"));
    add("event delete", {post(kEvents, kEvent)}, remove(kEvents + QStringLiteral("/mover.1")));
    add("event watch involved object", {post(kEvents, kEvent)},
        watch(kEvents
            + QStringLiteral("?watch=1&fieldSelector=involvedObject.name%3Dmover&resourceVersion={rv0}"
                             "&timeoutSeconds=2")),
        {}, {post(kEvents, kEvent2), merge(kEvents + QStringLiteral("/mover.1"), R"({"count":3})")});

    // --- Watches ---------------------------------------------------------------------------------------------
    add("watch from a resourceVersion", {post(kSecrets, kSecret)},
        watch(kSecrets + QStringLiteral("?watch=1&resourceVersion={rv0}&timeoutSeconds=3")), {},
        {post(kSecrets, kSecret2), merge(kSecrets + QStringLiteral("/s1"), R"({"metadata":{"labels":{"k":"v"}}})"),
            remove(kSecrets + QStringLiteral("/s2"))});
    // A custom resource's watch cache starts when its CRD is installed (long after version 1), the simulator's when
    // it starts serving; a built-in type's cache on a fresh real server may start before version 1 left it.
    add("watch too old resourceVersion", {},
        watch(kSources + QStringLiteral("?watch=1&resourceVersion=1&timeoutSeconds=3")));
    add("watch with bookmarks", {post(kSources, kSource)},
        watch(kSources + QStringLiteral("?watch=1&resourceVersion={rv0}&allowWatchBookmarks=true&timeoutSeconds=4")),
        {},
        {merge(kSources + QStringLiteral("/sample"), R"({"spec":{"trigger":{"manual":"now"}}})"),
            remove(kSources + QStringLiteral("/sample"))});
    add("watch from now with initial events", {post(kSecrets, kSecret)},
        watch(kSecrets + QStringLiteral("?watch=1&timeoutSeconds=2")));
    add("watch label selector", {post(kSecrets, kSecret)},
        watch(kSecrets + QStringLiteral("?watch=1&labelSelector=app%3Da&resourceVersion={rv0}&timeoutSeconds=3")), {},
        {merge(kSecrets + QStringLiteral("/s1"), R"({"metadata":{"labels":{"app":"b"}}})"),
            merge(kSecrets + QStringLiteral("/s1"), R"({"metadata":{"labels":{"app":"a"}}})")});
    add("watch one pvc by name", {post(kPvcs, kPvc)},
        watch(kPvcs
            + QStringLiteral("?watch=1&fieldSelector=metadata.name%3Ddata&resourceVersion={rv0}&timeoutSeconds=2")),
        {}, {merge(kPvcs + QStringLiteral("/data/status"), R"({"status":{"phase":"Bound"}})")});
    cases.append(eventsV1Cases());
    cases.append(podLogCases());
    cases.append(jobCases());
    cases.append(applyCases());
    cases.append(matrixCases());
    return cases;
}
