// SPDX-License-Identifier: GPL-3.0-or-later
// pods/log in the differential table: what kube-apiserver answers before it would ask a kubelet (the reference
// server has none): option validation, the Pod and container lookup, and the empty answer for an unscheduled Pod.
// Logs themselves come from the simulated kubelet (tests/sim/test_simpodlogs.cpp compares them with kubectl).
#include "diffcase.h"
#include "diffrequests.h"

namespace {

const QString kPods = QStringLiteral("/api/v1/namespaces/{ns}/pods");

// A mover Pod the scheduler has not placed yet (the reference server has no scheduler), with two containers.
const char *const kTwoContainers = R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"mover"},"spec":{
    "automountServiceAccountToken":false,"restartPolicy":"Never","containers":[{"name":"rsync-tls","image":"busybox"},
    {"name":"stunnel","image":"busybox"}]}})";
const char *const kWithInit = R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"init"},"spec":{
    "automountServiceAccountToken":false,"restartPolicy":"Never","initContainers":[{"name":"prep","image":"busybox"}],
    "containers":[{"name":"rsync","image":"busybox"},{"name":"stunnel","image":"busybox"}]}})";
const char *const kOneContainer = R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"single"},"spec":{
    "automountServiceAccountToken":false,"restartPolicy":"Never","initContainers":[{"name":"prep","image":"busybox"}],
    "containers":[{"name":"rsync","image":"busybox"}]}})";

const QString kInitList = QStringLiteral("v1.20 lists init and app containers in one list (\"[prep rsync stunnel]\"); "
                                         "current Kubernetes names the init containers apart (\"[rsync stunnel] or "
                                         "one of the init containers: [prep]\"), as the simulator does");
const QString kGoParser = QStringLiteral("the text of Go's time parser, which differs between versions");

} // namespace

QList<DiffCase> podLogCases()
{
    QList<DiffCase> cases;
    auto add = [&](const char *name, QList<DiffRequest> setup, DiffRequest probe, QHash<QString, QString> skip = {}) {
        cases.append(DiffCase {QLatin1String(name), std::move(setup), std::move(probe), {}, std::move(skip)});
    };
    const DiffRequest serviceAccount {"SERVICEACCOUNT", QString()};
    const QString log = kPods + QStringLiteral("/mover/log");

    add("pod log missing pod", {}, get(kPods + QStringLiteral("/nope/log?container=rsync")));
    add("pod log invalid options before lookup", {}, get(kPods + QStringLiteral("/nope/log?tailLines=-1")));
    add("pod log container required", {serviceAccount, post(kPods, kTwoContainers)}, get(log));
    add("pod log container required with init", {serviceAccount, post(kPods, kWithInit)},
        get(kPods + QStringLiteral("/init/log")), {{QStringLiteral("body.message"), kInitList}});
    add("pod log container not valid", {serviceAccount, post(kPods, kTwoContainers)},
        get(log + QStringLiteral("?container=nope")));
    add("pod log unscheduled", {serviceAccount, post(kPods, kTwoContainers)},
        get(log + QStringLiteral("?container=rsync-tls")));
    add("pod log unscheduled previous", {serviceAccount, post(kPods, kTwoContainers)},
        get(log + QStringLiteral("?container=stunnel&previous=true&tailLines=10&limitBytes=100")));
    add("pod log unscheduled only container", {serviceAccount, post(kPods, kOneContainer)},
        get(kPods + QStringLiteral("/single/log?timestamps=true&sinceSeconds=60")));
    add("pod log init container", {serviceAccount, post(kPods, kOneContainer)},
        get(kPods + QStringLiteral("/single/log?container=prep&sinceTime=2026-12-06T13:35:29Z")));
    add("pod log negative tailLines", {serviceAccount, post(kPods, kTwoContainers)},
        get(log + QStringLiteral("?container=rsync-tls&tailLines=-1")));
    add("pod log zero limitBytes", {serviceAccount, post(kPods, kTwoContainers)},
        get(log + QStringLiteral("?container=rsync-tls&limitBytes=0")));
    add("pod log zero sinceSeconds", {serviceAccount, post(kPods, kTwoContainers)},
        get(log + QStringLiteral("?container=rsync-tls&sinceSeconds=0")));
    add("pod log since both", {serviceAccount, post(kPods, kTwoContainers)},
        get(log + QStringLiteral("?container=rsync-tls&sinceSeconds=5&sinceTime=2026-12-06T13:35:29Z")));
    add("pod log every option invalid", {},
        get(kPods + QStringLiteral("/nope/log?tailLines=-2&limitBytes=-1&sinceSeconds=-3")));
    add("pod log tailLines not a number", {serviceAccount, post(kPods, kTwoContainers)},
        get(log + QStringLiteral("?container=rsync-tls&tailLines=ten")));
    add("pod log sinceTime not a time", {serviceAccount, post(kPods, kTwoContainers)},
        get(log + QStringLiteral("?container=rsync-tls&sinceTime=yesterday")),
        {{QStringLiteral("body.message"), kGoParser}});
    return cases;
}
