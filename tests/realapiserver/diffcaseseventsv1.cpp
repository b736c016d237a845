// SPDX-License-Identifier: GPL-3.0-or-later
// events.k8s.io/v1 in the differential table: the same Events as core/v1 (one store), in the newer shape, with
// that version's field labels and validation.
#include "diffcase.h"
#include "diffrequests.h"

namespace {

const QString kCoreEvents = QStringLiteral("/api/v1/namespaces/{ns}/events");
const QString kEventsV1 = QStringLiteral("/apis/events.k8s.io/v1/namespaces/{ns}/events");

// As VolSync's events.k8s.io recorder writes one about a ReplicationSource and its mover Job.
const char *const kNewEvent = R"({"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"sample.1"},
    "eventTime":"2026-12-06T13:35:29.000000Z","reportingController":"volsync.backube/volsync",
    "reportingInstance":"volsync-7d9f","action":"CreateJob","reason":"TransferStarted",
    "regarding":{"kind":"ReplicationSource","namespace":"{ns}","name":"sample","apiVersion":"volsync.backube/v1alpha1"},
    "related":{"kind":"Job","namespace":"{ns}","name":"volsync-rsync-tls-src-sample","apiVersion":"batch/v1"},
    "note":"Transfer started","type":"Normal"})";
const char *const kNewWarning = R"({"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"sample.2"},
    "eventTime":"2026-12-06T13:36:29.000000Z","reportingController":"volsync.backube/volsync",
    "reportingInstance":"volsync-7d9f","action":"Sync","reason":"TransferFailed",
    "regarding":{"kind":"ReplicationSource","namespace":"{ns}","name":"sample","apiVersion":"volsync.backube/v1alpha1"},
    "note":"mover Job failed","type":"Warning"})";
// A core/v1 Event as the kubelet records one (no eventTime: the legacy form).
const char *const kCoreEvent = R"({"apiVersion":"v1","kind":"Event","metadata":{"name":"mover.1"},
    "involvedObject":{"kind":"Pod","namespace":"{ns}","name":"mover","apiVersion":"v1"},"reason":"Started",
    "message":"Started container rsync-tls","type":"Normal","source":{"component":"kubelet","host":"node-1"},
    "firstTimestamp":"2026-12-06T13:35:29Z","lastTimestamp":"2026-12-06T13:35:39Z","count":3})";

const QString kStrictDecoding = QStringLiteral("the text of Go's time parser, which differs between versions");
const QString kSingularName = QStringLiteral("v1.20 leaves singularName empty in discovery; current Kubernetes "
                                             "(1.27+) fills it in, as the simulator does");
const QString kUpdateRules = QStringLiteral("kube-apiserver v1.20 takes any update through events.k8s.io/v1; "
                                            "current Kubernetes validates it (ValidateEventUpdate: what an Event "
                                            "says is immutable, a new series is checked), as the simulator does "
                                            "(tests/sim/test_simeventsv1.cpp)");
const QString kStorageHash = QStringLiteral("a hash of the server's storage version, which differs by build");

} // namespace

QList<DiffCase> eventsV1Cases()
{
    QList<DiffCase> cases;
    auto add = [&](const char *name, QList<DiffRequest> setup, DiffRequest probe, QHash<QString, QString> skip = {},
                   QList<DiffRequest> during = {}) {
        cases.append(
            DiffCase {QLatin1String(name), std::move(setup), std::move(probe), std::move(during), std::move(skip)});
    };

    add("eventsv1 discovery", {}, get(QStringLiteral("/apis/events.k8s.io/v1")),
        {{QStringLiteral("body.resources[*].singularName"), kSingularName},
            {QStringLiteral("body.resources[*].storageVersionHash"), kStorageHash}});
    add("eventsv1 create", {}, post(kEventsV1, kNewEvent));
    add("eventsv1 create dry run", {}, post(kEventsV1 + QStringLiteral("?dryRun=All"), kNewEvent));
    add("eventsv1 create exists", {post(kEventsV1, kNewEvent)}, post(kEventsV1, kNewEvent));
    add("eventsv1 create legacy form refused", {},
        post(kEventsV1, R"({"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"legacy"},
            "regarding":{"kind":"Pod","name":"mover"}})"));
    add("eventsv1 create deprecated fields and bad series", {},
        post(kEventsV1, R"({"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"Bad_Name"},
            "eventTime":"2026-12-06T13:35:29.000000Z","reportingController":"volsync","reportingInstance":"i",
            "action":"Sync","reason":"R","regarding":{"kind":"Pod","namespace":"{ns}","name":"mover"},"type":"Normal",
            "deprecatedCount":2,"deprecatedSource":{"component":"x"},"deprecatedFirstTimestamp":"2026-12-06T13:35:29Z",
            "series":{"count":1}})"));
    add("eventsv1 create bad controller and type", {},
        post(kEventsV1, R"({"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"bad"},
            "eventTime":"2026-12-06T13:35:29.000000Z","reportingController":"Bad Controller","reportingInstance":"i",
            "action":"Sync","reason":"R","type":"Odd","regarding":{"kind":"Pod","namespace":"elsewhere","name":"x"}})"));
    add("eventsv1 create without reporter", {},
        post(kEventsV1, R"({"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"anonymous"},
            "eventTime":"2026-12-06T13:35:29.000000Z","type":"Normal",
            "regarding":{"kind":"Pod","namespace":"{ns}","name":"x"}})"));
    add("eventsv1 create eventTime without microseconds", {},
        post(kEventsV1, R"({"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"seconds"},
            "eventTime":"2026-12-06T13:35:29Z","reportingController":"volsync","reportingInstance":"i",
            "action":"Sync","reason":"R","type":"Normal","regarding":{"kind":"Pod","namespace":"{ns}","name":"x"}})"),
        {{QStringLiteral("body.message"), kStrictDecoding}});
    add("eventsv1 create core apiVersion", {},
        post(kEventsV1, R"({"apiVersion":"v1","kind":"Event","metadata":{"name":"core"}})"));
    add("eventsv1 get", {post(kEventsV1, kNewEvent)}, get(kEventsV1 + QStringLiteral("/sample.1")));
    add("eventsv1 get missing", {}, get(kEventsV1 + QStringLiteral("/nope")));
    add("eventsv1 get core event", {post(kCoreEvents, kCoreEvent)}, get(kEventsV1 + QStringLiteral("/mover.1")));
    add("eventsv1 core get of new event", {post(kEventsV1, kNewEvent)}, get(kCoreEvents + QStringLiteral("/sample.1")));
    add("eventsv1 list", {post(kEventsV1, kNewEvent), post(kCoreEvents, kCoreEvent)}, get(kEventsV1));
    add("eventsv1 list regarding",
        {post(kEventsV1, kNewEvent), post(kEventsV1, kNewWarning), post(kCoreEvents, kCoreEvent)},
        get(kEventsV1 + QStringLiteral("?fieldSelector=regarding.name%3Dsample%2Cregarding.kind%3DReplicationSource")));
    add("eventsv1 list warnings by controller",
        {post(kEventsV1, kNewEvent), post(kEventsV1, kNewWarning), post(kCoreEvents, kCoreEvent)},
        get(kEventsV1
            + QStringLiteral("?fieldSelector=type%3DWarning%2CreportingController%3Dvolsync.backube%2Fvolsync")));
    add("eventsv1 list reason not", {post(kEventsV1, kNewEvent), post(kCoreEvents, kCoreEvent)},
        get(kEventsV1 + QStringLiteral("?fieldSelector=reason%21%3DStarted")));
    add("eventsv1 list all namespaces", {post(kEventsV1, kNewEvent)},
        get(QStringLiteral("/apis/events.k8s.io/v1/events?fieldSelector=regarding.namespace%3D{ns}")));
    add("eventsv1 list core label refused", {},
        get(kEventsV1 + QStringLiteral("?fieldSelector=involvedObject.name%3Dx")));
    add("eventsv1 list note refused", {}, get(kEventsV1 + QStringLiteral("?fieldSelector=note%3Dx")));
    add("eventsv1 core list v1 label refused", {},
        get(kCoreEvents + QStringLiteral("?fieldSelector=regarding.name%3Dx")));
    add("eventsv1 series patch", {post(kEventsV1, kNewEvent)},
        merge(kEventsV1 + QStringLiteral("/sample.1"),
            R"({"series":{"count":2,"lastObservedTime":"2026-12-06T13:36:29.000000Z"}})"));
    add("eventsv1 series patch invalid", {post(kEventsV1, kNewEvent)},
        merge(kEventsV1 + QStringLiteral("/sample.1"), R"({"series":{"count":1}})"),
        {{QStringLiteral("code"), kUpdateRules}, {QStringLiteral("body"), kUpdateRules}});
    add("eventsv1 note is immutable", {post(kEventsV1, kNewEvent)},
        merge(kEventsV1 + QStringLiteral("/sample.1"), R"({"note":"changed","reason":"Other"})"),
        {{QStringLiteral("code"), kUpdateRules}, {QStringLiteral("body"), kUpdateRules}});
    add("eventsv1 json patch series", {post(kEventsV1, kNewEvent)},
        jsonPatch(kEventsV1 + QStringLiteral("/sample.1"),
            R"([{"op":"test","path":"/note","value":"Transfer started"},{"op":"add","path":"/series",
            "value":{"count":5,"lastObservedTime":"2026-12-06T13:40:29.000000Z"}}])"));
    add("eventsv1 patch missing", {}, merge(kEventsV1 + QStringLiteral("/nope"), R"({"series":{"count":2}})"));
    add("eventsv1 replace stale",
        {post(kEventsV1, kNewEvent),
            merge(kEventsV1 + QStringLiteral("/sample.1"),
                R"({"series":{"count":2,"lastObservedTime":"2026-12-06T13:36:29.000000Z"}})")},
        put(kEventsV1 + QStringLiteral("/sample.1"),
            R"({"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"sample.1","resourceVersion":"{rv0}"},
            "eventTime":"2026-12-06T13:35:29.000000Z","reportingController":"volsync.backube/volsync",
            "reportingInstance":"volsync-7d9f","action":"CreateJob","reason":"TransferStarted","type":"Normal",
            "regarding":{"kind":"ReplicationSource","namespace":"{ns}","name":"sample","apiVersion":"volsync.backube/v1alpha1"}})"));
    add("eventsv1 core patch of new event", {post(kEventsV1, kNewEvent)},
        merge(kCoreEvents + QStringLiteral("/sample.1"), R"({"message":"changed through core/v1"})"));
    add("eventsv1 delete", {post(kEventsV1, kNewEvent)}, remove(kEventsV1 + QStringLiteral("/sample.1")));
    add("eventsv1 delete missing", {}, remove(kEventsV1 + QStringLiteral("/sample.1")));
    add("eventsv1 deletecollection by regarding", {post(kEventsV1, kNewEvent), post(kCoreEvents, kCoreEvent)},
        remove(kEventsV1 + QStringLiteral("?fieldSelector=regarding.name%3Dsample")));
    add("eventsv1 watch regarding", {post(kEventsV1, kNewEvent)},
        watch(kEventsV1
            + QStringLiteral("?watch=1&fieldSelector=regarding.name%3Dsample&resourceVersion={rv0}&timeoutSeconds=2")),
        {},
        {post(kEventsV1, kNewWarning), post(kCoreEvents, kCoreEvent),
            merge(kEventsV1 + QStringLiteral("/sample.1"),
                R"({"series":{"count":2,"lastObservedTime":"2026-12-06T13:36:29.000000Z"}})")});
    add("eventsv1 watch from now", {post(kEventsV1, kNewEvent), post(kCoreEvents, kCoreEvent)},
        watch(kEventsV1 + QStringLiteral("?watch=1&timeoutSeconds=1")));
    return cases;
}
