// SPDX-License-Identifier: GPL-3.0-or-later
// batch/v1 Jobs in the differential table (VolSync's movers are Jobs): defaults, the selector the registry makes,
// validation, reads and what a delete does to the Job (its Pods: the garbage collector's propagation policy).
// The reference server runs kube-controller-manager, whose Job controller starts Pods and writes the Job's status
// at once; the simulator's Jobs only move when the simulated operator runs them, so status is not compared.
#include "diffcase.h"
#include "diffrequests.h"

namespace {

const QString kJobs = QStringLiteral("/apis/batch/v1/namespaces/{ns}/jobs");

// A mover Job as VolSync makes one (labels of its own, backoffLimit, a Never-restarting Pod).
const char *const kJob = R"({"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"volsync-rsync-tls-src-sample",
    "labels":{"app.kubernetes.io/created-by":"volsync"}},"spec":{"backoffLimit":2,"template":{"metadata":{
    "labels":{"app.kubernetes.io/name":"src-sample"}},"spec":{"restartPolicy":"Never","containers":[{"name":"rsync-tls",
    "image":"quay.io/backube/volsync:0.11.0","command":["/bin/bash","-c","/mover-rsync-tls/client.sh"]}],
    "volumes":[{"name":"data","persistentVolumeClaim":{"claimName":"datavol"}}]}}}})";
const char *const kPlainJob = R"({"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"plain"},"spec":{"template":{
    "metadata":{"labels":{"app":"plain"}},"spec":{"restartPolicy":"OnFailure","containers":[{"name":"a",
    "image":"busybox"}]}}}})";

const QString kControllerStatus = QStringLiteral("kube-controller-manager's Job controller writes the status of the "
                                                 "reference server's Jobs at once (startTime, active)");
const QString kUidLabel = QStringLiteral("the value is the Job's uid, which differs between servers");
const QString kNewLabels = QStringLiteral("current Kubernetes (1.27+) also labels the template with "
                                          "batch.kubernetes.io/controller-uid and batch.kubernetes.io/job-name and "
                                          "selects by the first; v1.20 selects by controller-uid");
const QString kNewDefaults = QStringLiteral("current Kubernetes defaults completionMode (1.21+), suspend (1.21+) and "
                                            "podReplacementPolicy (1.29+); v1.20 has none of them");
const QString kGoValue = QStringLiteral("the message prints the selector or label map as Go's %v does");

QHash<QString, QString> jobSkips(const QString &prefix = QStringLiteral("body."))
{
    return {{prefix + QStringLiteral("status"), kControllerStatus},
        {prefix + QStringLiteral("spec.selector"), kNewLabels},
        {prefix + QStringLiteral("spec.template.metadata.labels.controller-uid"), kUidLabel},
        {prefix + QStringLiteral("metadata.labels.controller-uid"), kUidLabel},
        {prefix + QStringLiteral("metadata.labels[batch.kubernetes.io/controller-uid]"), kNewLabels},
        {prefix + QStringLiteral("metadata.labels[batch.kubernetes.io/job-name]"), kNewLabels},
        {prefix + QStringLiteral("spec.template.metadata.labels[batch.kubernetes.io/controller-uid]"), kNewLabels},
        {prefix + QStringLiteral("spec.template.metadata.labels[batch.kubernetes.io/job-name]"), kNewLabels},
        {prefix + QStringLiteral("spec.completionMode"), kNewDefaults},
        {prefix + QStringLiteral("spec.suspend"), kNewDefaults},
        {prefix + QStringLiteral("spec.podReplacementPolicy"), kNewDefaults}};
}

} // namespace

QList<DiffCase> jobCases()
{
    QList<DiffCase> cases;
    auto add = [&](const char *name, QList<DiffRequest> setup, DiffRequest probe, QHash<QString, QString> skip = {}) {
        cases.append(DiffCase {QLatin1String(name), std::move(setup), std::move(probe), {}, std::move(skip)});
    };
    const QString job = kJobs + QStringLiteral("/volsync-rsync-tls-src-sample");

    add("job create", {}, post(kJobs, kJob), jobSkips());
    add("job create dry run", {}, post(kJobs + QStringLiteral("?dryRun=All"), kJob), jobSkips());
    add("job create labels from template", {}, post(kJobs, kPlainJob), jobSkips());
    add("job create parallel", {},
        post(kJobs, R"({"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"parallel"},"spec":{"parallelism":3,
            "completions":6,"activeDeadlineSeconds":600,"ttlSecondsAfterFinished":60,"template":{"spec":{
            "restartPolicy":"Never","containers":[{"name":"a","image":"busybox"}]}}}})"),
        [] {
            QHash<QString, QString> skips = jobSkips();
            skips.insert(QStringLiteral("body.spec.ttlSecondsAfterFinished"),
                QStringLiteral("v1.20 drops ttlSecondsAfterFinished (the TTLAfterFinished feature is off by default); "
                               "current Kubernetes keeps it"));
            return skips;
        }());
    add("job create without restartPolicy", {},
        post(kJobs, R"({"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"always"},"spec":{"template":{
            "spec":{"containers":[{"name":"a","image":"busybox"}]}}}})"));
    add("job create restartPolicy Always", {},
        post(kJobs, R"({"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"always"},"spec":{"template":{
            "spec":{"restartPolicy":"Always","containers":[{"name":"a","image":"busybox"}]}}}})"));
    add("job create negative counts", {},
        post(kJobs, R"({"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"negative"},"spec":{"parallelism":-1,
            "completions":-2,"backoffLimit":-1,"template":{"spec":{"restartPolicy":"Never",
            "containers":[{"name":"a","image":"busybox"}]}}}})"));
    add("job create without containers", {},
        post(kJobs, R"({"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"empty"},"spec":{"template":{
            "spec":{"restartPolicy":"Never","containers":[]}}}})"));
    add("job create invalid container", {},
        post(kJobs, R"({"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"badcontainer"},"spec":{"template":{
            "spec":{"restartPolicy":"Never","containers":[{"name":"Bad_Name","image":"busybox"}]}}}})"));
    add("job create own selector", {},
        post(kJobs, R"({"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"selected"},"spec":{
            "selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"c":"d"}},"spec":{
            "restartPolicy":"Never","containers":[{"name":"a","image":"busybox"}]}}}})"),
        {{QStringLiteral("body.message"), kGoValue}, {QStringLiteral("body.details.causes[*].message"), kGoValue}});
    add("job create invalid name", {},
        post(kJobs, R"({"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"Mover_1"},"spec":{"template":{
            "spec":{"restartPolicy":"Never","containers":[{"name":"a","image":"busybox"}]}}}})"));
    add("job get", {post(kJobs, kJob)}, get(job), jobSkips());
    add("job get missing", {}, get(job));
    add("job list label selector", {post(kJobs, kJob), post(kJobs, kPlainJob)},
        get(kJobs + QStringLiteral("?labelSelector=app.kubernetes.io%2Fcreated-by%3Dvolsync")),
        jobSkips(QStringLiteral("body.items[*].")));
    // ValidateJobSpecUpdate: completions, selector and template are immutable; the causes print Go values.
    const QHash<QString, QString> goValueSkips {
        {QStringLiteral("body.message"), kGoValue}, {QStringLiteral("body.details.causes[*].message"), kGoValue}};
    add("job update template immutable", {post(kJobs, kJob)},
        merge(job, R"({"spec":{"template":{"spec":{"containers":[{"name":"rsync-tls","image":"busybox"}]}}}})"),
        goValueSkips);
    add("job update selector immutable", {post(kJobs, kJob)},
        merge(job, R"({"spec":{"manualSelector":true,"selector":{"matchLabels":{"app.kubernetes.io/name":
            "src-sample"}}}})"),
        goValueSkips);
    add("job update completions immutable", {post(kJobs, kJob)}, merge(job, R"({"spec":{"completions":3}})"));
    add("job update parallelism and labels", {post(kJobs, kJob)},
        merge(job, R"({"metadata":{"labels":{"paused":"yes"}},"spec":{"parallelism":0}})"), jobSkips());
    // Server-side apply: create by apply, then an apply that changes the immutable template is refused.
    add("job apply creates", {}, apply(job + QStringLiteral("?fieldManager=diff"), kJob), jobSkips());
    add("job apply changes template", {apply(job + QStringLiteral("?fieldManager=diff"), kJob)},
        apply(job + QStringLiteral("?fieldManager=diff"),
            R"({"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"volsync-rsync-tls-src-sample"},"spec":{
            "template":{"spec":{"restartPolicy":"Never","containers":[{"name":"rsync-tls","image":"busybox"}]}}}})"),
        goValueSkips);
    add("job delete default orphans its pods", {post(kJobs, kJob)}, remove(job), jobSkips());
    add("job delete background", {post(kJobs, kJob)}, remove(job, R"({"propagationPolicy":"Background"})"));
    add("job delete foreground", {post(kJobs, kJob)}, remove(job, R"({"propagationPolicy":"Foreground"})"), jobSkips());
    add("job delete orphan by query", {post(kJobs, kJob)}, remove(job + QStringLiteral("?propagationPolicy=Orphan")),
        jobSkips());
    add("job delete dry run", {post(kJobs, kJob)},
        remove(job + QStringLiteral("?dryRun=All"), R"({"propagationPolicy":"Background"})"));
    add("job delete missing", {}, remove(job, R"({"propagationPolicy":"Background"})"));
    add("job delete unsupported policy", {post(kJobs, kJob)}, remove(job, R"({"propagationPolicy":"Sometimes"})"));
    add("job delete missing unsupported policy", {}, remove(job, R"({"propagationPolicy":"Sometimes"})"));
    return cases;
}
