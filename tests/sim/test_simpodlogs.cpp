// SPDX-License-Identifier: GPL-3.0-or-later
// The simulator's pods/log subresource (container, previous, follow, tailLines, limitBytes), the fault scenarios'
// admin endpoint, and the real kubectl's `logs` and `get events` against them.
#include "simapitestclient.h"

#include "sim/simcluster.h"
#include "sim/simoperator.h"
#include "sim/simpodlogs.h"
#include "sim/simstore.h"
#include "sim/simulator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kKind = QStringLiteral("kind");
const QString kSrc = QStringLiteral("source");
const QString kDest = QStringLiteral("dest");

QJsonObject named(const QString &name, const QJsonObject &annotations = {})
{
    QJsonObject meta {{QStringLiteral("name"), name}};
    if (!annotations.isEmpty()) {
        meta.insert(QStringLiteral("annotations"), annotations);
    }
    return QJsonObject {{QStringLiteral("metadata"), meta}};
}

QString nameOf(const QJsonObject &o)
{
    return o.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString();
}

} // namespace

class TestSimPodLogs : public QObject
{
    Q_OBJECT

    std::unique_ptr<SimFixture> mSim;
    std::unique_ptr<SimApiTestClient> mClient;
    QTemporaryDir mDir;

    SimStore *store() const { return mSim->store(kKind); }

    // A destination listening in dest, with its mover pod running (waiting for a connection).
    QString setUpDestination()
    {
        const QJsonObject privileged {{QStringLiteral("volsync.backube/privileged-movers"), QStringLiteral("true")}};
        store()->create(QStringLiteral("namespaces"), QString(), named(kSrc, privileged));
        store()->create(QStringLiteral("namespaces"), QString(), named(kDest, privileged));
        QJsonObject pvc = named(QStringLiteral("data"));
        pvc.insert(QStringLiteral("spec"),
            QJsonObject {{QStringLiteral("accessModes"), QJsonArray {QStringLiteral("ReadWriteOnce")}},
                {QStringLiteral("resources"),
                    QJsonObject {{QStringLiteral("requests"),
                        QJsonObject {{QStringLiteral("storage"), QStringLiteral("1Gi")}}}}}});
        store()->create(QStringLiteral("persistentvolumeclaims"), kSrc, pvc);
        QJsonObject rd = named(QStringLiteral("rd"));
        rd.insert(QStringLiteral("spec"),
            QJsonObject {{QStringLiteral("rsync"),
                QJsonObject {{QStringLiteral("copyMethod"), QStringLiteral("Direct")},
                    {QStringLiteral("capacity"), QStringLiteral("1Gi")},
                    {QStringLiteral("accessModes"), QJsonArray {QStringLiteral("ReadWriteOnce")}}}}});
        store()->create(QStringLiteral("replicationdestinations"), kDest, rd);
        QString pod;
        const bool running = QTest::qWaitFor(
            [&] {
                const QList<QJsonObject> pods
                    = store()->list(QStringLiteral("pods"), kDest, QStringLiteral("job-name=volsync-rsync-dst-rd"));
                if (pods.isEmpty()
                    || pods.first().value(QStringLiteral("status")).toObject().value(QStringLiteral("phase")).toString()
                        != QLatin1String("Running")) {
                    return false;
                }
                pod = nameOf(pods.first());
                return true;
            },
            10000);
        return running ? pod : QString();
    }

    // The source for that destination: one manual sync.
    void createSource()
    {
        const QJsonObject status = store()
                                       ->get(QStringLiteral("replicationdestinations"), kDest, QStringLiteral("rd"))
                                       ->value(QStringLiteral("status"))
                                       .toObject()
                                       .value(QStringLiteral("rsync"))
                                       .toObject();
        QJsonObject keys
            = *store()->get(QStringLiteral("secrets"), kDest, status.value(QStringLiteral("sshKeys")).toString());
        QJsonObject copy = named(QStringLiteral("rs-keys"));
        copy.insert(QStringLiteral("data"), keys.value(QStringLiteral("data")));
        store()->create(QStringLiteral("secrets"), kSrc, copy);
        QJsonObject rs = named(QStringLiteral("rs"));
        rs.insert(QStringLiteral("spec"),
            QJsonObject {{QStringLiteral("sourcePVC"), QStringLiteral("data")},
                {QStringLiteral("trigger"), QJsonObject {{QStringLiteral("manual"), QStringLiteral("1")}}},
                {QStringLiteral("rsync"),
                    QJsonObject {{QStringLiteral("address"), status.value(QStringLiteral("address"))},
                        {QStringLiteral("sshKeys"), QStringLiteral("rs-keys")},
                        {QStringLiteral("copyMethod"), QStringLiteral("Direct")}}}});
        store()->create(QStringLiteral("replicationsources"), kSrc, rs);
    }

    QString logPath(const QString &ns, const QString &pod, const QString &query = {}) const
    {
        return QStringLiteral("/api/v1/namespaces/%1/pods/%2/log%3")
            .arg(ns, pod, query.isEmpty() ? QString() : QLatin1Char('?') + query);
    }

private Q_SLOTS:
    void init()
    {
        SimFixture::Options options;
        options.simulator.clusters = {kKind};
        SimOperatorOptions op = SimFixture::fastOperator();
        op.syncDurationMs = 300;
        options.operatorOptions = op;
        options.tokens = "viewer-token,viewer,1003,\"\"\n";
        mSim = std::make_unique<SimFixture>(options);
        QString error;
        QVERIFY2(mSim->start(&error, 30000), qPrintable(error));
        mClient = std::make_unique<SimApiTestClient>(*mSim->simulator(), kKind);
    }

    void cleanup()
    {
        mClient.reset();
        mSim.reset();
    }

    void logsWithTheirOptionsAndErrors()
    {
        const QString pod = setUpDestination();
        QVERIFY(!pod.isEmpty());
        SimPodLogs::of(store())->append(kDest, pod, QStringLiteral("rsync"), "line three\nline four\n");
        const auto all = mClient->send("GET", logPath(kDest, pod));
        QCOMPARE(all.code, 200);
        QVERIFY(all.headers.value("content-type").startsWith("text/plain"));
        QVERIFY(all.body.contains("Waiting for connection...\n"));
        QVERIFY(all.body.endsWith("line three\nline four\n"));
        QCOMPARE(
            mClient->send("GET", logPath(kDest, pod, QStringLiteral("tailLines=1"))).body, QByteArray("line four\n"));
        QCOMPARE(mClient->send("GET", logPath(kDest, pod, QStringLiteral("limitBytes=6"))).body, all.body.left(6));
        QCOMPARE(
            mClient->send("GET", logPath(kDest, pod, QStringLiteral("container=rsync&tailLines=2&limitBytes=4"))).body,
            QByteArray("line"));
        const auto previous = mClient->send("GET", logPath(kDest, pod, QStringLiteral("previous=true")));
        QCOMPARE(previous.code, 400);
        QCOMPARE(previous.json.value(QStringLiteral("message")).toString(),
            QStringLiteral("previous terminated container \"rsync\" in pod \"%1\" not found").arg(pod));
        const auto wrongContainer = mClient->send("GET", logPath(kDest, pod, QStringLiteral("container=nope")));
        QCOMPARE(wrongContainer.code, 400);
        QCOMPARE(mClient->send("GET", logPath(kDest, QStringLiteral("missing"))).code, 404);
        // Invalid options are refused before anything is read, as kube-apiserver does (422 PodLogOptions).
        QCOMPARE(mClient->send("GET", logPath(kDest, pod, QStringLiteral("tailLines=-1"))).code, 422);
    }

    // A pod placed on a node with one container "main" in the given status (as the kubelet reports it).
    QString podWithStatus(const QString &name, const QJsonObject &containerStatus, bool withInit = false)
    {
        QJsonObject pod = named(name);
        QJsonObject spec {{QStringLiteral("nodeName"), QStringLiteral("node-1")},
            {QStringLiteral("containers"),
                QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("main")},
                    {QStringLiteral("image"), QStringLiteral("busybox")}}}}};
        if (withInit)
            spec.insert(QStringLiteral("initContainers"),
                QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("setup")},
                    {QStringLiteral("image"), QStringLiteral("busybox")}}});
        pod.insert(QStringLiteral("spec"), spec);
        store()->create(QStringLiteral("namespaces"), QString(), named(kDest));
        store()->create(QStringLiteral("pods"), kDest, pod);
        if (!containerStatus.isEmpty()) {
            QJsonObject status = containerStatus;
            status.insert(QStringLiteral("name"), QStringLiteral("main"));
            store()->patchStatus(QStringLiteral("pods"), kDest, name,
                QJsonObject {{QStringLiteral("containerStatuses"), QJsonArray {status}}});
        }
        return name;
    }

    static QJsonObject state(const char *which, const QString &reason = {}, const QString &containerId = {})
    {
        QJsonObject inner;
        if (!reason.isEmpty())
            inner.insert(QStringLiteral("reason"), reason);
        if (!containerId.isEmpty())
            inner.insert(QStringLiteral("containerID"), containerId);
        return QJsonObject {{QLatin1String(which), inner}};
    }

    // The kubelet reads the run the container's status names (validateContainerLogStatus): a silent running
    // container has an empty log, a crash-looping one shows its last run, only one that never ran is refused.
    void logsFollowTheContainerStatusAsTheKubeletDoes()
    {
        const QString silent = podWithStatus(QStringLiteral("silent"), {{QStringLiteral("state"), state("running")}});
        const auto empty = mClient->send("GET", logPath(kDest, silent));
        QCOMPARE(empty.code, 200);
        QVERIFY(empty.body.isEmpty());

        std::unique_ptr<QNetworkReply> reply(
            mClient->start("GET", logPath(kDest, silent, QStringLiteral("follow=true"))));
        QByteArray received;
        connect(reply.get(), &QNetworkReply::readyRead, this, [&] { received += reply->readAll(); });
        QTRY_VERIFY_WITH_TIMEOUT(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200, 10000);
        QVERIFY(!reply->isFinished()); // the stream of a silent running container stays open
        SimPodLogs::of(store())->append(kDest, silent, QStringLiteral("main"), "first words\n");
        QTRY_COMPARE_WITH_TIMEOUT(received, QByteArray("first words\n"), 10000);
        SimPodLogs::of(store())->terminate(kDest, silent, QStringLiteral("main"));
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
        QCOMPARE(reply->error(), QNetworkReply::NoError);

        // Crashed twice, now in back-off: the last run's log, and previous=true names the same run.
        SimPodLogs *logs = SimPodLogs::of(store());
        const QString crashing = QStringLiteral("crashing");
        logs->append(kDest, crashing, QStringLiteral("main"), "run one\n");
        logs->terminate(kDest, crashing, QStringLiteral("main"));
        logs->restart(kDest, crashing, QStringLiteral("main"));
        logs->append(kDest, crashing, QStringLiteral("main"), "run two\n");
        logs->terminate(kDest, crashing, QStringLiteral("main"));
        podWithStatus(crashing,
            {{QStringLiteral("state"), state("waiting", QStringLiteral("CrashLoopBackOff"))},
                {QStringLiteral("lastState"), state("terminated", QStringLiteral("Error"), QStringLiteral("cri://2"))},
                {QStringLiteral("restartCount"), 2}});
        const auto last = mClient->send("GET", logPath(kDest, crashing));
        QCOMPARE(last.code, 200);
        QCOMPARE(last.body, QByteArray("run two\n"));
        QCOMPARE(mClient->send("GET", logPath(kDest, crashing, QStringLiteral("previous=true"))).body,
            QByteArray("run two\n"));
        // Once restarted and running, previous=true is the crashed run and the current log the new one.
        logs->restart(kDest, crashing, QStringLiteral("main"));
        logs->append(kDest, crashing, QStringLiteral("main"), "run three\n");
        store()->patchStatus(QStringLiteral("pods"), kDest, crashing,
            QJsonObject {{QStringLiteral("containerStatuses"),
                QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("main")},
                    {QStringLiteral("state"), state("running")},
                    {QStringLiteral("containerID"), QStringLiteral("cri://3")},
                    {QStringLiteral("lastState"),
                        state("terminated", QStringLiteral("Error"), QStringLiteral("cri://2"))}}}}});
        QCOMPARE(mClient->send("GET", logPath(kDest, crashing)).body, QByteArray("run three\n"));
        QCOMPARE(mClient->send("GET", logPath(kDest, crashing, QStringLiteral("previous=true"))).body,
            QByteArray("run two\n"));
        // It crashed again and the next run did not start (no container ID in its terminated state): the kubelet
        // reads the last run that did start, for previous=true too (it is the last terminated one).
        logs->terminate(kDest, crashing, QStringLiteral("main"));
        store()->patchStatus(QStringLiteral("pods"), kDest, crashing,
            QJsonObject {{QStringLiteral("containerStatuses"),
                QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("main")},
                    {QStringLiteral("state"), state("terminated", QStringLiteral("ContainerCannotRun"))},
                    {QStringLiteral("lastState"),
                        state("terminated", QStringLiteral("Error"), QStringLiteral("cri://3"))}}}}});
        QCOMPARE(mClient->send("GET", logPath(kDest, crashing)).body, QByteArray("run three\n"));
        QCOMPARE(mClient->send("GET", logPath(kDest, crashing, QStringLiteral("previous=true"))).body,
            QByteArray("run three\n"));

        // A terminated run the runtime has no ID for (the kubelet lost it) has no log to read, current or previous.
        const auto expectRefused = [&](const QString &pod, const QString &query, const QString &message) {
            const auto answer = mClient->send("GET", logPath(kDest, pod, query));
            QCOMPARE(answer.code, 400);
            QCOMPARE(answer.json.value(QStringLiteral("message")).toString(), message.arg(pod));
        };
        const QString lost = podWithStatus(QStringLiteral("lost"),
            {{QStringLiteral("state"), state("waiting", QStringLiteral("CrashLoopBackOff"))},
                {QStringLiteral("lastState"), state("terminated", QStringLiteral("Error"))}});
        expectRefused(lost, QString(), QStringLiteral("container \"main\" in pod \"%1\" is terminated"));
        expectRefused(lost, QStringLiteral("previous=true"),
            QStringLiteral("previous terminated container \"main\" in pod \"%1\" not found"));
        const QString neverStarted = podWithStatus(
            QStringLiteral("never-started"), {{QStringLiteral("state"), state("terminated", QStringLiteral("Error"))}});
        expectRefused(neverStarted, QString(), QStringLiteral("container \"main\" in pod \"%1\" is terminated"));

        // Never started: 400 with the kubelet's words for what it waits on.
        const auto expectWaiting = [&](const QString &pod, const QString &tail) {
            const auto answer = mClient->send("GET", logPath(kDest, pod));
            QCOMPARE(answer.code, 400);
            QCOMPARE(answer.json.value(QStringLiteral("message")).toString(),
                QStringLiteral("container \"main\" in pod \"%1\" is waiting to start%2").arg(pod, tail));
        };
        expectWaiting(podWithStatus(QStringLiteral("creating"),
                          {{QStringLiteral("state"), state("waiting", QStringLiteral("ContainerCreating"))}}),
            QStringLiteral(": ContainerCreating"));
        expectWaiting(podWithStatus(QStringLiteral("unreported"), {}), QStringLiteral(": ContainerCreating"));
        expectWaiting(podWithStatus(QStringLiteral("initializing"), {}, true), QStringLiteral(": PodInitializing"));
        expectWaiting(podWithStatus(QStringLiteral("pull"),
                          {{QStringLiteral("state"), state("waiting", QStringLiteral("ErrImagePull"))}}),
            QStringLiteral(": image can't be pulled"));
        expectWaiting(podWithStatus(QStringLiteral("backoff"),
                          {{QStringLiteral("state"), state("waiting", QStringLiteral("ImagePullBackOff"))}}),
            QStringLiteral(": trying and failing to pull image"));
        const auto noPrevious = mClient->send("GET", logPath(kDest, silent, QStringLiteral("previous=true")));
        QCOMPARE(noPrevious.code, 400);
    }

    void followStreamsUntilTheContainerStops()
    {
        const QString pod = setUpDestination();
        QVERIFY(!pod.isEmpty());
        std::unique_ptr<QNetworkReply> reply(mClient->start("GET", logPath(kDest, pod, QStringLiteral("follow=true"))));
        QByteArray received;
        connect(reply.get(), &QNetworkReply::readyRead, this, [&] { received += reply->readAll(); });
        QVERIFY(QTest::qWaitFor([&] { return received.contains("Waiting for connection"); }, 10000));
        QVERIFY(!reply->isFinished()); // still following
        createSource();
        QVERIFY(QTest::qWaitFor([&] { return reply->isFinished(); }, 15000));
        received += reply->readAll();
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QVERIFY2(received.contains("total size is"), received.constData());
        // A follow on a container that has stopped answers at once.
        const QString stopped = pod;
        QVERIFY(QTest::qWaitFor([&] { return !store()->get(QStringLiteral("pods"), kDest, stopped); }, 10000));
        QCOMPARE(mClient->send("GET", logPath(kDest, stopped, QStringLiteral("follow=true"))).code, 404);
    }

    void scenariosThroughTheAdminEndpoint()
    {
        const QByteArray body = R"({"scenario": "connectionRefused", "namespace": "source", "name": "rs"})";
        const auto added = mClient->send("POST", QStringLiteral("/_sim/scenarios"), body);
        QCOMPARE(added.code, 200);
        QCOMPARE(added.json.value(QStringLiteral("scenarios")).toArray().size(), 1);
        QVERIFY(added.json.value(QStringLiteral("available")).toArray().contains(QStringLiteral("imagePullBackOff")));
        QCOMPARE(mClient->send("POST", QStringLiteral("/_sim/scenarios"), R"({"scenario": "nope"})").code, 400);
        SimApiTestClient viewer(*mSim->simulator(), kKind);
        viewer.setUseClientCertificate(false);
        viewer.setToken(QStringLiteral("viewer-token"));
        QCOMPARE(viewer.send("POST", QStringLiteral("/_sim/scenarios"), body).code, 403);
        QCOMPARE(viewer.send("GET", QStringLiteral("/api/v1/namespaces/default/pods/x/log")).code, 404);
        const auto cleared = mClient->send("DELETE", QStringLiteral("/_sim/scenarios?namespace=source"));
        QCOMPARE(cleared.code, 200);
        QCOMPARE(cleared.json.value(QStringLiteral("scenarios")).toArray().size(), 0);
    }

    void kubectlSeesTheSameLogsAndEvents()
    {
        const QString kubectl = QStandardPaths::findExecutable(QStringLiteral("kubectl"));
        if (kubectl.isEmpty()) {
            QSKIP("kubectl is not installed (Debian package kubernetes-client)");
        }
        const QString pod = setUpDestination();
        QVERIFY(!pod.isEmpty());
        SimPodLogs::of(store())->append(kDest, pod, QStringLiteral("rsync"), "second line\n");
        auto run = [&](const QStringList &arguments) {
            QProcess process;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("KUBECONFIG"), mSim->kubeconfigPath());
            env.insert(QStringLiteral("KUBECACHEDIR"), mDir.filePath(QStringLiteral("cache")));
            process.setProcessEnvironment(env);
            process.start(kubectl, arguments);
            // kubectl runs while this thread serves it: wait with the event loop turning.
            const bool done = QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 60000);
            if (!done) {
                process.kill();
                process.waitForFinished();
            }
            return std::make_pair(done ? process.exitCode() : -1,
                QByteArray(process.readAllStandardOutput() + process.readAllStandardError()));
        };
        const auto ours = mClient->send("GET", logPath(kDest, pod)).body;
        const auto logs = run({QStringLiteral("logs"), QStringLiteral("-n"), kDest, pod});
        QCOMPARE(logs.first, 0);
        QCOMPARE(logs.second, ours);
        const auto tail = run({QStringLiteral("logs"), QStringLiteral("-n"), kDest, pod, QStringLiteral("--tail=1")});
        QCOMPARE(tail.second, QByteArray("second line\n"));
        const auto previous
            = run({QStringLiteral("logs"), QStringLiteral("-n"), kDest, pod, QStringLiteral("--previous")});
        QVERIFY(previous.first != 0);
        QVERIFY2(previous.second.contains("previous terminated container"), previous.second.constData());
        const auto events = run({QStringLiteral("get"), QStringLiteral("events"), QStringLiteral("-n"), kDest});
        QCOMPARE(events.first, 0);
        QVERIFY2(events.second.contains("TransferStarted"), events.second.constData());
        QVERIFY(events.second.contains("starting Job/volsync-rsync-dst-rd to receive data"));
        QVERIFY(events.second.contains("replicationdestination/rd"));
        const auto jobs = run({QStringLiteral("get"), QStringLiteral("jobs"), QStringLiteral("-n"), kDest,
            QStringLiteral("-o"), QStringLiteral("name")});
        QCOMPARE(jobs.second.trimmed(), QByteArray("job.batch/volsync-rsync-dst-rd"));
    }
};

QTEST_GUILESS_MAIN(TestSimPodLogs)
#include "test_simpodlogs.moc"
