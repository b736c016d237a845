// SPDX-License-Identifier: GPL-3.0-or-later
// The simulated operator's mover Jobs and Pods, their logs and Events, and the fault scenarios (bare stores).
#include "operatorfixture.h"

#include "common/volsyncnames.h"
#include "sim/simmoverjobs.h"
#include "sim/simpodlogs.h"
#include "sim/simscenarios.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

namespace {

const QString kKind = QStringLiteral("kind");
const QString kSrc = QStringLiteral("source");
const QString kDest = QStringLiteral("dest");
const QString kRS = QStringLiteral("replicationsources");
const QString kRD = QStringLiteral("replicationdestinations");
const QString kJobs = QStringLiteral("jobs");
const QString kPods = QStringLiteral("pods");

QJsonObject directMover()
{
    return QJsonObject {{QStringLiteral("copyMethod"), QStringLiteral("Direct")},
        {QStringLiteral("destinationPVC"), QStringLiteral("landing")}};
}

QJsonObject manual(const QString &tag)
{
    return QJsonObject {{QStringLiteral("manual"), tag}};
}

QJsonObject meta(const QJsonObject &o)
{
    return o.value(QStringLiteral("metadata")).toObject();
}

QString nameOf(const QJsonObject &o)
{
    return meta(o).value(QStringLiteral("name")).toString();
}

QJsonObject firstContainerStatus(const QJsonObject &pod)
{
    return pod.value(QStringLiteral("status"))
        .toObject()
        .value(QStringLiteral("containerStatuses"))
        .toArray()
        .first()
        .toObject();
}

/// Every version of every object of some types one store wrote, in order.
class History
{
public:
    explicit History(SimStore *store)
    {
        QObject::connect(store, &SimStore::changed, store,
            [this](const QString &resource, SimEventType type, const QJsonObject &object) {
                mEntries.append({resource, type, object});
            });
    }
    struct Entry {
        QString resource;
        SimEventType type;
        QJsonObject object;
    };
    [[nodiscard]] QList<QJsonObject> of(const QString &resource, SimEventType type) const
    {
        QList<QJsonObject> result;
        for (const Entry &e : mEntries) {
            if (e.resource == resource && e.type == type) {
                result.append(e.object);
            }
        }
        return result;
    }
    [[nodiscard]] QList<QJsonObject> all(const QString &resource) const
    {
        QList<QJsonObject> result;
        for (const Entry &e : mEntries) {
            if (e.resource == resource) {
                result.append(e.object);
            }
        }
        return result;
    }

private:
    QList<Entry> mEntries;
};

// The Events about `name` with `reason`, as stored now.
QList<QJsonObject> events(SimStore *store, const QString &ns, const QString &name, const QString &reason)
{
    QList<QJsonObject> result;
    for (const QJsonObject &event : store->list(QStringLiteral("events"), ns)) {
        if (event.value(QStringLiteral("involvedObject")).toObject().value(QStringLiteral("name")).toString() == name
            && event.value(QStringLiteral("reason")).toString() == reason) {
            result.append(event);
        }
    }
    return result;
}

// The Events with `reason` about any object whose name starts with `prefix`.
QList<QJsonObject> eventsAbout(SimStore *store, const QString &ns, const QString &prefix, const QString &reason)
{
    QList<QJsonObject> result;
    for (const QJsonObject &event : store->list(QStringLiteral("events"), ns)) {
        if (event.value(QStringLiteral("involvedObject"))
                .toObject()
                .value(QStringLiteral("name"))
                .toString()
                .startsWith(prefix)
            && event.value(QStringLiteral("reason")).toString() == reason) {
            result.append(event);
        }
    }
    return result;
}

void prepare(OperatorFixture &f)
{
    f.addNamespace(kKind, kDest);
    f.addPvc(kKind, kDest, QStringLiteral("landing"));
}

// Sets up a direct pair in `f`, runs one manual sync to success, and finds the source's mover Job as it was added.
bool syncOnce(OperatorFixture &f, const History &history, QJsonObject *sourceJob)
{
    QSignalSpy finished(f.op(), &SimOperator::syncFinished);
    if (!f.setUpPair(kKind, kKind, directMover(), manual(QStringLiteral("1"))) || !finished.wait(10000)
        || !finished.first().at(3).toBool()) {
        qWarning("the first sync did not succeed");
        return false;
    }
    for (const QJsonObject &job : history.of(kJobs, SimEventType::Added)) {
        if (nameOf(job) == QLatin1String("volsync-rsync-src-rs")) {
            *sourceJob = job;
            return true;
        }
    }
    qWarning("no Job volsync-rsync-src-rs was added");
    return false;
}

void addScenario(SimStore *store, const QJsonObject &scenario)
{
    QString error;
    QVERIFY2(SimScenarios::of(store)->add(scenario, &error), qPrintable(error));
}

} // namespace

class TestSimMoverJobs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void jobsAndPodsAsVolSyncMakesThem();
    void failedAttemptsCountInTheJobUntilTheBackoffLimit();
    void imagePullBackOffHoldsTheSync();
    void crashLoopRestartsInPlace();
    void pendingDestinationPvc();
    void quotaRefusesTheDestinationPvc();
    void loadBalancerWithoutAddress();
    void changedKeysAndRemovedPermission();
    void logTail();
    void unknownScenarioIsRefused();
    void debugMoverSleepsUntilTheAnnotationGoes();
    void namesAndSelectorsAsVolSyncs();
};

void TestSimMoverJobs::jobsAndPodsAsVolSyncMakesThem()
{
    OperatorFixture f;
    prepare(f);
    SimStore *s = f.store(kKind);
    History history(s);
    QJsonObject sourceJob;
    QVERIFY(syncOnce(f, history, &sourceJob));

    // The source's Job, as VolSync names, labels and owns it.
    const QJsonObject rs = f.object(kKind, kRS, kSrc, QStringLiteral("rs"));
    QCOMPARE(
        meta(sourceJob).value(QStringLiteral("labels")).toObject().value(QStringLiteral("volsync.backube/cleanup")),
        meta(rs).value(QStringLiteral("uid")));
    QCOMPARE(meta(sourceJob)
                 .value(QStringLiteral("labels"))
                 .toObject()
                 .value(QStringLiteral("app.kubernetes.io/created-by")),
        QJsonValue(QStringLiteral("volsync")));
    const QJsonObject owner = meta(sourceJob).value(QStringLiteral("ownerReferences")).toArray().first().toObject();
    QCOMPARE(owner.value(QStringLiteral("kind")).toString(), QStringLiteral("ReplicationSource"));
    QCOMPARE(owner.value(QStringLiteral("uid")), meta(rs).value(QStringLiteral("uid")));
    QVERIFY(owner.value(QStringLiteral("controller")).toBool());
    QCOMPARE(sourceJob.value(QStringLiteral("spec")).toObject().value(QStringLiteral("backoffLimit")).toInt(), 2);
    // Its pod: named after the Job, owned by it, labelled as the Job controller does, container "rsync".
    QList<QJsonObject> sourcePods;
    for (const QJsonObject &pod : history.of(kPods, SimEventType::Added)) {
        if (nameOf(pod).startsWith(QLatin1String("volsync-rsync-src-rs-"))) {
            sourcePods.append(pod);
        }
    }
    QCOMPARE(sourcePods.size(), 1);
    const QJsonObject pod = sourcePods.first();
    QCOMPARE(nameOf(pod).size(), QStringLiteral("volsync-rsync-src-rs-").size() + 5);
    QCOMPARE(meta(pod).value(QStringLiteral("labels")).toObject().value(QStringLiteral("job-name")).toString(),
        QStringLiteral("volsync-rsync-src-rs"));
    QCOMPARE(
        meta(pod).value(QStringLiteral("labels")).toObject().value(QStringLiteral("app.kubernetes.io/name")).toString(),
        QStringLiteral("src-rs"));
    QCOMPARE(
        meta(pod).value(QStringLiteral("ownerReferences")).toArray().first().toObject().value(QStringLiteral("kind")),
        QJsonValue(QStringLiteral("Job")));
    QCOMPARE(pod.value(QStringLiteral("spec"))
                 .toObject()
                 .value(QStringLiteral("containers"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QStringLiteral("name")),
        QJsonValue(QStringLiteral("rsync")));
    // It ran and succeeded; VolSync's cleanup deleted the finished Job (and with it the pod).
    bool succeeded = false;
    for (const QJsonObject &p : history.of(kPods, SimEventType::Modified)) {
        succeeded = succeeded
            || (nameOf(p) == nameOf(pod)
                && p.value(QStringLiteral("status")).toObject().value(QStringLiteral("phase")).toString()
                    == QLatin1String("Succeeded"));
    }
    QVERIFY(succeeded);
    QVERIFY(f.waitFor([&] { return !s->get(kJobs, kSrc, QStringLiteral("volsync-rsync-src-rs")); }));
    QVERIFY(!s->get(kPods, kSrc, nameOf(pod)));
    QCOMPARE(events(s, kSrc, QStringLiteral("rs"), QStringLiteral("TransferStarted")).size(), 1);
    QCOMPARE(events(s, kSrc, QStringLiteral("rs"), QStringLiteral("TransferStarted"))
                 .first()
                 .value(QStringLiteral("message"))
                 .toString(),
        QStringLiteral("starting Job/volsync-rsync-src-rs to transmit data"));

    // The destination: after receiving, its Job completed and a new one waits for the next connection.
    QVERIFY(f.waitFor([&] {
        const QList<QJsonObject> pods = s->list(kPods, kDest, QStringLiteral("job-name=volsync-rsync-dst-rd"));
        return !pods.isEmpty()
            && firstContainerStatus(pods.first())
                   .value(QStringLiteral("state"))
                   .toObject()
                   .contains(QStringLiteral("running"));
    }));
    QVERIFY(history.of(kJobs, SimEventType::Deleted).size() >= 2); // source and first destination Job
    const QJsonObject waiting = s->list(kPods, kDest, QStringLiteral("job-name=volsync-rsync-dst-rd")).first();
    SimPodLogOptions options;
    options.container = QStringLiteral("rsync");
    QVERIFY(SimPodLogs::of(s)->read(kDest, nameOf(waiting), options).contains("Waiting for connection"));
    QCOMPARE(events(s, kDest, QStringLiteral("rd"), QStringLiteral("TransferStarted"))
                 .first()
                 .value(QStringLiteral("count"))
                 .toInt(),
        2);
}

void TestSimMoverJobs::failedAttemptsCountInTheJobUntilTheBackoffLimit()
{
    OperatorFixture f;
    prepare(f);
    SimStore *s = f.store(kKind);
    History history(s);
    QList<QByteArray> logLines;
    connect(SimPodLogs::of(s), &SimPodLogs::appended, this,
        [&](const QString &, const QString &pod, const QString &, const QByteArray &text) {
            if (pod.startsWith(QLatin1String("volsync-rsync-src-"))) {
                logLines.append(text);
            }
        });
    addScenario(s,
        {{QStringLiteral("scenario"), QStringLiteral("connectionRefused")}, {QStringLiteral("namespace"), kSrc},
            {QStringLiteral("name"), QStringLiteral("rs")}});
    QVERIFY(f.setUpPair(kKind, kKind, directMover(), manual(QStringLiteral("1"))));
    QVERIFY(
        f.waitFor([&] { return !events(s, kSrc, QStringLiteral("rs"), QStringLiteral("TransferFailed")).isEmpty(); }));
    const QJsonObject failed = events(s, kSrc, QStringLiteral("rs"), QStringLiteral("TransferFailed")).first();
    QCOMPARE(failed.value(QStringLiteral("message")).toString(), QStringLiteral("mover Job backoff limit reached"));
    QCOMPARE(failed.value(QStringLiteral("type")).toString(), QStringLiteral("Warning"));
    QCOMPARE(failed.value(QStringLiteral("related")).toObject().value(QStringLiteral("kind")).toString(),
        QStringLiteral("Job"));
    // The Job counted each failed pod, reached its limit of 2 with BackoffLimitExceeded, and was deleted.
    QList<int> counts;
    for (const QJsonObject &job : history.all(kJobs)) {
        const int n = job.value(QStringLiteral("status")).toObject().value(QStringLiteral("failed")).toInt();
        if (nameOf(job) == QLatin1String("volsync-rsync-src-rs") && (counts.isEmpty() || counts.last() != n)) {
            counts.append(n);
        }
    }
    QVERIFY2(counts.size() >= 3 && counts.at(1) == 1 && counts.at(2) == 2, qPrintable(QString::number(counts.size())));
    QVERIFY(!eventsAbout(s, kSrc, QStringLiteral("volsync-rsync-src-rs"), QStringLiteral("BackoffLimitExceeded"))
                 .isEmpty());
    // Each attempt was its own pod, which failed with exit code 1 and the mover's log.
    int failedPods = 0;
    for (const QJsonObject &pod : history.of(kPods, SimEventType::Modified)) {
        const QJsonObject terminated = firstContainerStatus(pod)
                                           .value(QStringLiteral("state"))
                                           .toObject()
                                           .value(QStringLiteral("terminated"))
                                           .toObject();
        if (terminated.value(QStringLiteral("exitCode")).toInt() == 1) {
            ++failedPods;
        }
    }
    QVERIFY(failedPods >= 2);
    QVERIFY(logLines.join().contains("Connection refused"));
    QCOMPARE(f.status(kKind, kRS, kSrc, QStringLiteral("rs"))
                 .value(QStringLiteral("latestMoverStatus"))
                 .toObject()
                 .value(QStringLiteral("result"))
                 .toString(),
        QStringLiteral("Failed"));

    // The scenario cleared: the next attempt succeeds.
    SimScenarios::of(s)->remove(QString(), kSrc, QStringLiteral("rs"));
    QVERIFY(f.waitFor(
        [&] {
            return f.status(kKind, kRS, kSrc, QStringLiteral("rs")).value(QStringLiteral("lastManualSync")).toString()
                == QLatin1String("1");
        },
        10000));
}

void TestSimMoverJobs::imagePullBackOffHoldsTheSync()
{
    OperatorFixture f;
    prepare(f);
    SimStore *s = f.store(kKind);
    addScenario(s,
        {{QStringLiteral("scenario"), QStringLiteral("imagePullBackOff")}, {QStringLiteral("namespace"), kSrc},
            {QStringLiteral("name"), QStringLiteral("rs")}});
    QVERIFY(f.setUpPair(kKind, kKind, directMover(), manual(QStringLiteral("1"))));
    QVERIFY(f.waitFor([&] {
        const QList<QJsonObject> pods = s->list(kPods, kSrc, QStringLiteral("job-name=volsync-rsync-src-rs"));
        return !pods.isEmpty()
            && firstContainerStatus(pods.first())
                   .value(QStringLiteral("state"))
                   .toObject()
                   .value(QStringLiteral("waiting"))
                   .toObject()
                   .value(QStringLiteral("reason"))
                   .toString()
            == QLatin1String("ImagePullBackOff");
    }));
    const QJsonObject pod = s->list(kPods, kSrc, QStringLiteral("job-name=volsync-rsync-src-rs")).first();
    QVERIFY(!events(s, kSrc, nameOf(pod), QStringLiteral("Failed")).isEmpty());
    // The pull is retried (the BackOff event counts up); the sync waits, in progress.
    QVERIFY(f.waitFor([&] {
        const QList<QJsonObject> backOff = events(s, kSrc, nameOf(pod), QStringLiteral("BackOff"));
        return !backOff.isEmpty() && backOff.first().value(QStringLiteral("count")).toInt() >= 3;
    }));
    QCOMPARE(f.synchronizing(kKind, kRS, kSrc, QStringLiteral("rs")), QStringLiteral("True/SyncInProgress"));
    QVERIFY(!f.status(kKind, kRS, kSrc, QStringLiteral("rs")).contains(QStringLiteral("lastManualSync")));
    SimScenarios::of(s)->remove(QStringLiteral("imagePullBackOff"), kSrc, QStringLiteral("rs"));
    QVERIFY(f.waitFor([&] {
        return f.status(kKind, kRS, kSrc, QStringLiteral("rs")).value(QStringLiteral("lastManualSync")).toString()
            == QLatin1String("1");
    }));
}

void TestSimMoverJobs::crashLoopRestartsInPlace()
{
    OperatorFixture f;
    prepare(f);
    SimStore *s = f.store(kKind);
    addScenario(s,
        {{QStringLiteral("scenario"), QStringLiteral("crashLoopBackOff")}, {QStringLiteral("namespace"), kSrc},
            {QStringLiteral("name"), QStringLiteral("rs")}});
    QVERIFY(f.setUpPair(kKind, kKind, directMover(), manual(QStringLiteral("1"))));
    QVERIFY(f.waitFor([&] {
        const QList<QJsonObject> pods = s->list(kPods, kSrc, QStringLiteral("job-name=volsync-rsync-src-rs"));
        return !pods.isEmpty() && firstContainerStatus(pods.first()).value(QStringLiteral("restartCount")).toInt() >= 2
            && firstContainerStatus(pods.first())
                   .value(QStringLiteral("state"))
                   .toObject()
                   .contains(QStringLiteral("running"));
    }));
    const QList<QJsonObject> pods = s->list(kPods, kSrc, QStringLiteral("job-name=volsync-rsync-src-rs"));
    QCOMPARE(pods.size(), 1); // one pod, restarted in place
    const QJsonObject pod = pods.first();
    QCOMPARE(pod.value(QStringLiteral("spec")).toObject().value(QStringLiteral("restartPolicy")).toString(),
        QStringLiteral("OnFailure"));
    QCOMPARE(firstContainerStatus(pod)
                 .value(QStringLiteral("lastState"))
                 .toObject()
                 .value(QStringLiteral("terminated"))
                 .toObject()
                 .value(QStringLiteral("exitCode"))
                 .toInt(),
        1);
    // Each run has its own container ID, as the kubelet reports them: pods/log finds the crashed run by it
    // (validateContainerLogStatus refuses previous=true for a last state without one).
    const QString running = firstContainerStatus(pod).value(QStringLiteral("containerID")).toString();
    const QString crashed = firstContainerStatus(pod)
                                .value(QStringLiteral("lastState"))
                                .toObject()
                                .value(QStringLiteral("terminated"))
                                .toObject()
                                .value(QStringLiteral("containerID"))
                                .toString();
    QVERIFY2(running.startsWith(QLatin1String("containerd://")), qPrintable(running));
    QVERIFY2(crashed.startsWith(QLatin1String("containerd://")), qPrintable(crashed));
    QVERIFY(running != crashed);
    SimPodLogOptions previous;
    previous.container = QStringLiteral("rsync");
    previous.previous = true;
    QVERIFY(SimPodLogs::of(s)->read(kSrc, nameOf(pod), previous).contains("Broken pipe"));
    QVERIFY(!events(s, kSrc, nameOf(pod), QStringLiteral("BackOff")).isEmpty());
    SimScenarios::of(s)->remove(QStringLiteral("crashLoopBackOff"), kSrc, QStringLiteral("rs"));
    QVERIFY(f.waitFor([&] {
        return f.status(kKind, kRS, kSrc, QStringLiteral("rs")).value(QStringLiteral("lastManualSync")).toString()
            == QLatin1String("1");
    }));
}

void TestSimMoverJobs::pendingDestinationPvc()
{
    OperatorFixture f;
    SimStore *s = f.store(kKind);
    addScenario(s,
        {{QStringLiteral("scenario"), QStringLiteral("pvcPending")}, {QStringLiteral("namespace"), kDest},
            {QStringLiteral("name"), QStringLiteral("rd")},
            {QStringLiteral("reason"), QStringLiteral("noStorageClass")}});
    const QJsonObject mover {{QStringLiteral("copyMethod"), QStringLiteral("Direct")},
        {QStringLiteral("capacity"), QStringLiteral("1Gi")},
        {QStringLiteral("accessModes"), QJsonArray {QStringLiteral("ReadWriteOnce")}}};
    QSignalSpy finished(f.op(), &SimOperator::syncFinished);
    QVERIFY(f.setUpPair(kKind, kKind, mover, manual(QStringLiteral("1"))));
    const QJsonObject pvc
        = f.object(kKind, QStringLiteral("persistentvolumeclaims"), kDest, QStringLiteral("volsync-rd-dst"));
    QCOMPARE(pvc.value(QStringLiteral("status")).toObject().value(QStringLiteral("phase")).toString(),
        QStringLiteral("Pending"));
    const QList<QJsonObject> binding
        = events(s, kDest, QStringLiteral("volsync-rd-dst"), QStringLiteral("FailedBinding"));
    QCOMPARE(binding.size(), 1);
    QVERIFY(
        binding.first().value(QStringLiteral("message")).toString().contains(QLatin1String("no storage class is set")));
    QVERIFY(f.waitFor([&] {
        return !eventsAbout(s, kDest, QStringLiteral("volsync-rsync-dst-rd-"), QStringLiteral("FailedScheduling"))
                    .isEmpty();
    }));
    // Nothing listens: the source's attempt is refused.
    QVERIFY(finished.wait(10000));
    QVERIFY(!finished.first().at(3).toBool());
    QVERIFY(f.status(kKind, kRS, kSrc, QStringLiteral("rs"))
                .value(QStringLiteral("latestMoverStatus"))
                .toObject()
                .value(QStringLiteral("logs"))
                .toString()
                .contains(QLatin1String("Connection refused")));
}

void TestSimMoverJobs::quotaRefusesTheDestinationPvc()
{
    OperatorFixture f;
    f.addNamespace(kKind, kDest);
    addScenario(f.store(kKind),
        {{QStringLiteral("scenario"), QStringLiteral("pvcPending")}, {QStringLiteral("namespace"), kDest},
            {QStringLiteral("name"), QStringLiteral("rd")}, {QStringLiteral("reason"), QStringLiteral("quota")}});
    f.createDestination(kKind, kDest, QStringLiteral("rd"),
        {{QStringLiteral("copyMethod"), QStringLiteral("Direct")}, {QStringLiteral("capacity"), QStringLiteral("10Gi")},
            {QStringLiteral("accessModes"), QJsonArray {QStringLiteral("ReadWriteOnce")}}});
    QVERIFY(f.waitFor(
        [&] { return f.synchronizing(kKind, kRD, kDest, QStringLiteral("rd")) == QLatin1String("False/Error"); }));
    QVERIFY(f.synchronizingMessage(kKind, kRD, kDest, QStringLiteral("rd")).contains(QLatin1String("exceeded quota")));
    QVERIFY(!f.store(kKind)->get(QStringLiteral("persistentvolumeclaims"), kDest, QStringLiteral("volsync-rd-dst")));
}

void TestSimMoverJobs::loadBalancerWithoutAddress()
{
    OperatorFixture f;
    prepare(f);
    SimStore *s = f.store(kKind);
    addScenario(s,
        {{QStringLiteral("scenario"), QStringLiteral("loadBalancerPending")}, {QStringLiteral("namespace"), kDest},
            {QStringLiteral("name"), QStringLiteral("rd")}});
    QJsonObject mover = directMover();
    mover.insert(QStringLiteral("serviceType"), QStringLiteral("LoadBalancer"));
    f.createDestination(kKind, kDest, QStringLiteral("rd"), mover);
    QVERIFY(f.waitFor([&] {
        const QList<QJsonObject> warned
            = events(s, kDest, QStringLiteral("rd"), QStringLiteral("NoServiceAddressAssigned"));
        return !warned.isEmpty() && warned.first().value(QStringLiteral("count")).toInt() >= 2;
    }));
    QVERIFY(events(s, kDest, QStringLiteral("rd"), QStringLiteral("NoServiceAddressAssigned"))
                .first()
                .value(QStringLiteral("message"))
                .toString()
                .contains(QLatin1String("Service/volsync-rsync-dst-rd")));
    QVERIFY(f.status(kKind, kRD, kDest, QStringLiteral("rd"))
                .value(QStringLiteral("rsync"))
                .toObject()
                .value(QStringLiteral("address"))
                .toString()
                .isEmpty());
    SimScenarios::of(s)->remove(QStringLiteral("loadBalancerPending"), kDest, QStringLiteral("rd"));
    QVERIFY(f.waitFor([&] {
        return !f.status(kKind, kRD, kDest, QStringLiteral("rd"))
                    .value(QStringLiteral("rsync"))
                    .toObject()
                    .value(QStringLiteral("address"))
                    .toString()
                    .isEmpty();
    }));
}

void TestSimMoverJobs::changedKeysAndRemovedPermission()
{
    OperatorFixture f;
    prepare(f);
    SimStore *s = f.store(kKind);
    QSignalSpy finished(f.op(), &SimOperator::syncFinished);
    QVERIFY(f.setUpPair(kKind, kKind, directMover(), manual(QStringLiteral("1"))));
    QVERIFY(finished.wait(10000));
    QVERIFY(finished.first().at(3).toBool());
    const QByteArray before = s->get(QStringLiteral("secrets"), kDest, QStringLiteral("volsync-rsync-dst-src-rd"))
                                  ->value(QStringLiteral("data"))
                                  .toObject()
                                  .value(QStringLiteral("source.pub"))
                                  .toString()
                                  .toLatin1();
    addScenario(s,
        {{QStringLiteral("scenario"), QStringLiteral("sshKeysChanged")}, {QStringLiteral("namespace"), kDest},
            {QStringLiteral("name"), QStringLiteral("rd")}});
    QVERIFY(f.waitFor([&] {
        const auto secret = s->get(QStringLiteral("secrets"), kDest, QStringLiteral("volsync-rsync-dst-src-rd"));
        return secret
            && secret->value(QStringLiteral("data"))
                   .toObject()
                   .value(QStringLiteral("source.pub"))
                   .toString()
                   .toLatin1()
            != before;
    }));
    f.setTrigger(kKind, kSrc, QStringLiteral("rs"), manual(QStringLiteral("2")));
    QVERIFY(finished.wait(10000));
    QVERIFY(!finished.last().at(3).toBool());
    QVERIFY(finished.last().at(4).toString().contains(QLatin1String("do not match")));

    addScenario(s,
        {{QStringLiteral("scenario"), QStringLiteral("privilegedMoversRemoved")}, {QStringLiteral("namespace"), kSrc}});
    QVERIFY(!s->get(QStringLiteral("namespaces"), QString(), kSrc)
                 ->value(QStringLiteral("metadata"))
                 .toObject()
                 .value(QStringLiteral("annotations"))
                 .toObject()
                 .contains(QStringLiteral("volsync.backube/privileged-movers")));
}

void TestSimMoverJobs::logTail()
{
    QCOMPARE(SimPodLogs::tail("a\nb\nc\n", 2), QByteArray("b\nc\n"));
    QCOMPARE(SimPodLogs::tail("a\nb\nc", 2), QByteArray("b\nc"));
    QCOMPARE(SimPodLogs::tail("a\nb\nc\n", 5), QByteArray("a\nb\nc\n"));
    QCOMPARE(SimPodLogs::tail("a\nb\nc\n", 0), QByteArray());
    QCOMPARE(SimPodLogs::tail("a\nb\nc\n", -1), QByteArray("a\nb\nc\n"));
    QCOMPARE(SimPodLogs::tail("", 3), QByteArray());
}

void TestSimMoverJobs::unknownScenarioIsRefused()
{
    SimStore store(QStringLiteral("kind"));
    QString error;
    QVERIFY(!SimScenarios::of(&store)->add(
        {{QStringLiteral("scenario"), QStringLiteral("meteorStrike")}, {QStringLiteral("namespace"), kSrc},
            {QStringLiteral("name"), QStringLiteral("rs")}},
        &error));
    QVERIFY(error.contains(QLatin1String("connectionRefused")));
    QVERIFY(
        !SimScenarios::of(&store)->add({{QStringLiteral("scenario"), QStringLiteral("connectionRefused")}}, &error));
    QVERIFY(error.contains(QLatin1String("needs")));
}

void setAnnotation(SimStore *store, const QString &resource, const QString &ns, const QString &name, const QString &key,
    const std::optional<QString> &value)
{
    QJsonObject object = *store->get(resource, ns, name);
    QJsonObject metadata = meta(object);
    QJsonObject annotations = metadata.value(QStringLiteral("annotations")).toObject();
    if (value) {
        annotations.insert(key, *value);
    } else {
        annotations.remove(key);
    }
    metadata.insert(QStringLiteral("annotations"), annotations);
    object.insert(QStringLiteral("metadata"), metadata);
    const SimStoreResult updated = store->update(resource, ns, object);
    QVERIFY2(updated.ok(), qPrintable(updated.message()));
}

void TestSimMoverJobs::debugMoverSleepsUntilTheAnnotationGoes()
{
    // VolSync: with volsync.backube/enable-debug-mover on the RS, the mover container gets DEBUG_MOVER=1 and its
    // script sleeps instead of moving data; removing the annotation replaces the Job, and the sync runs.
    OperatorFixture f;
    prepare(f);
    SimStore *s = f.store(kKind);
    QSignalSpy finished(f.op(), &SimOperator::syncFinished);
    QVERIFY(f.setUpPair(kKind, kKind, directMover(), manual(QStringLiteral("1"))));
    QVERIFY(finished.wait(10000));
    const QString key = QLatin1String(VolSyncNames::kEnableDebugMoverAnnotation);
    setAnnotation(s, kRS, kSrc, QStringLiteral("rs"), key, QStringLiteral("true"));
    finished.clear();
    f.setTrigger(kKind, kSrc, QStringLiteral("rs"), manual(QStringLiteral("2")));

    QString debugPod;
    QVERIFY(f.waitFor([&] {
        const auto job = s->get(kJobs, kSrc, QStringLiteral("volsync-rsync-src-rs"));
        const QList<QJsonObject> pods = s->list(kPods, kSrc, QStringLiteral("job-name=volsync-rsync-src-rs"));
        if (!job || SimMoverJobs::templateEnv(*job, QStringLiteral("DEBUG_MOVER")) != QLatin1String("1")
            || pods.isEmpty()
            || !firstContainerStatus(pods.first())
                    .value(QStringLiteral("state"))
                    .toObject()
                    .contains(QStringLiteral("running"))) {
            return false;
        }
        debugPod = nameOf(pods.first());
        return true;
    }));
    SimPodLogOptions options;
    options.container = QStringLiteral("rsync");
    QVERIFY(SimPodLogs::of(s)->read(kSrc, debugPod, options).contains("DEBUG_MOVER=1"));
    // It sleeps: the sync stays in progress for many times its planned length (an absence: a bounded look).
    QVERIFY(!finished.wait(1500));
    QCOMPARE(f.synchronizing(kKind, kRS, kSrc, QStringLiteral("rs")), QStringLiteral("True/SyncInProgress"));
    QVERIFY(s->get(kPods, kSrc, debugPod).has_value());

    setAnnotation(s, kRS, kSrc, QStringLiteral("rs"), key, std::nullopt);
    QVERIFY(f.waitFor([&] {
        return f.status(kKind, kRS, kSrc, QStringLiteral("rs")).value(QStringLiteral("lastManualSync")).toString()
            == QLatin1String("2");
    }));
    QVERIFY(finished.last().at(3).toBool());
    // The debug Job was replaced (VolSync cannot change its pod template), and its pod went with it.
    QVERIFY(!s->get(kPods, kSrc, debugPod).has_value());
    int started = 0;
    for (const QJsonObject &event : events(s, kSrc, QStringLiteral("rs"), QStringLiteral("TransferStarted"))) {
        started += event.value(QStringLiteral("count")).toInt(1);
    }
    QCOMPARE(started, 3); // the first sync's Job, the debug Job, its replacement
}

void TestSimMoverJobs::namesAndSelectorsAsVolSyncs()
{
    // The destination's Service selects the mover pods by VolSync's serviceSelector(), with its port named as
    // VolSync names it; the container runs VolSync's script path.
    OperatorFixture f;
    prepare(f);
    SimStore *s = f.store(kKind);
    History history(s);
    QJsonObject sourceJob;
    QVERIFY(syncOnce(f, history, &sourceJob));
    const auto service = s->get(QStringLiteral("services"), kDest, QStringLiteral("volsync-rsync-dst-rd"));
    QVERIFY(service);
    const QJsonObject spec = service->value(QStringLiteral("spec")).toObject();
    QCOMPARE(spec.value(QStringLiteral("selector")).toObject(),
        QJsonObject({{QStringLiteral("app.kubernetes.io/name"), QStringLiteral("dst-rd")},
            {QStringLiteral("app.kubernetes.io/component"), QStringLiteral("rsync-mover")},
            {QStringLiteral("app.kubernetes.io/part-of"), QStringLiteral("volsync")}}));
    QCOMPARE(spec.value(QStringLiteral("ports")).toArray().first().toObject().value(QStringLiteral("name")),
        QJsonValue(QStringLiteral("ssh")));
    const QJsonObject podSpec = sourceJob.value(QStringLiteral("spec"))
                                    .toObject()
                                    .value(QStringLiteral("template"))
                                    .toObject()
                                    .value(QStringLiteral("spec"))
                                    .toObject();
    QCOMPARE(podSpec.value(QStringLiteral("containers")).toArray().first().toObject().value(QStringLiteral("command")),
        QJsonValue(
            QJsonArray {QStringLiteral("/bin/bash"), QStringLiteral("-c"), QStringLiteral("/mover-rsync/source.sh")}));
    QCOMPARE(podSpec.value(QStringLiteral("serviceAccountName")).toString(), QStringLiteral("volsync-src-rs"));
    QVERIFY(SimMoverJobs::templateEnv(sourceJob, QStringLiteral("DEBUG_MOVER")).isEmpty());
}

QTEST_GUILESS_MAIN(TestSimMoverJobs)
#include "test_simmoverjobs.moc"
