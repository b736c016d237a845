// SPDX-License-Identifier: GPL-3.0-or-later
// MoverLogFollower against the simulator's pods/log: follow while the container writes, across a restart in
// place and a new pod of the Job, UTF-8 decoding (split sequences, invalid bytes), a 50 MiB log streamed
// through without being kept, and the troubleshooter's bounded log read.
#include "engine/moverlogfollower.h"
#include "engine/replicationengine.h"
#include "engine/troubleshootcollector.h"
#include "kube/kubeclient.h"
#include "kube/kubesession.h"
#include "sim/simpodlogs.h"
#include "sim/simstore.h"
#include "simfixture.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

namespace {

const QString kNs = QStringLiteral("app");
const QString kJob = QStringLiteral("volsync-rsync-src-web");

QJsonObject podObject(const QString &name, const QString &state, int restarts)
{
    return {{QStringLiteral("metadata"),
                QJsonObject {{QStringLiteral("name"), name},
                    {QStringLiteral("labels"), QJsonObject {{QStringLiteral("job-name"), kJob}}}}},
        // On a node: the API server answers 204 and no log for a Pod that is not scheduled yet.
        {QStringLiteral("spec"),
            QJsonObject {{QStringLiteral("nodeName"), QStringLiteral("sim-node-1")},
                {QStringLiteral("containers"),
                    QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("rsync")},
                        {QStringLiteral("image"), QStringLiteral("quay.io/backube/volsync:0.11.0")}}}}}},
        {QStringLiteral("status"),
            QJsonObject {{QStringLiteral("phase"), QStringLiteral("Running")},
                {QStringLiteral("containerStatuses"),
                    QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("rsync")},
                        {QStringLiteral("restartCount"), restarts},
                        {QStringLiteral("state"), QJsonObject {{state, QJsonObject()}}}}}}}}};
}

} // namespace

class TestMoverLogFollower : public QObject
{
    Q_OBJECT
    std::unique_ptr<SimFixture> mSim;
    KubeSession *mSession = nullptr;

    SimStore *store() const { return mSim->store(QStringLiteral("kind")); }
    SimPodLogs *logs() const { return SimPodLogs::of(store()); }
    KubeClient *client() const { return ReplicationEngine::clientFor(mSession, QStringLiteral("kind")); }

    void putPod(const QString &name, const QString &state, int restarts)
    {
        const QJsonObject pod = podObject(name, state, restarts);
        if (store()->get(QStringLiteral("pods"), kNs, name)) {
            store()->updateStatus(QStringLiteral("pods"), kNs, pod);
        } else {
            store()->create(QStringLiteral("pods"), kNs, pod);
            store()->updateStatus(QStringLiteral("pods"), kNs, pod);
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        SimFixture::Options options;
        options.simulator.clusters = {QStringLiteral("kind")};
        mSim = std::make_unique<SimFixture>(options);
        QString error;
        QVERIFY2(mSim->start(&error), qPrintable(error));
        store()->create(QStringLiteral("namespaces"), QString(),
            QJsonObject {{QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), kNs}}}});
        mSession = new KubeSession(KubeConfig::LoadOptions {mSim->kubeconfigPath(), std::nullopt, std::nullopt}, this);
    }

    void cleanupTestCase()
    {
        delete mSession;
        mSim.reset();
    }

    void cleanup()
    {
        for (const QJsonObject &pod : store()->list(QStringLiteral("pods"), kNs)) {
            store()->remove(QStringLiteral("pods"), kNs,
                pod.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString());
        }
    }

    void followsAcrossARestartAndANewPod()
    {
        putPod(QStringLiteral("web-a"), QStringLiteral("running"), 0);
        logs()->append(kNs, QStringLiteral("web-a"), QStringLiteral("rsync"), "first run\n");
        MoverLogFollower follower(client(), kNs, kJob);
        follower.setPollIntervalMs(20);
        follower.setIdleTimeoutMs(5000);
        QString text;
        QList<int> restarts;
        connect(&follower, &MoverLogFollower::text, this, [&](const QString &t) { text += t; });
        connect(&follower, &MoverLogFollower::runStarted, this, [&](const QString &, int n) { restarts.append(n); });
        QSignalSpy finished(&follower, &MoverLogFollower::finished);
        follower.start();
        QTRY_VERIFY(text.contains(QLatin1String("first run")));
        logs()->append(kNs, QStringLiteral("web-a"), QStringLiteral("rsync"), "still running\n");
        QTRY_VERIFY(text.contains(QLatin1String("still running")));
        // The container crashes and restarts in place: the new run is followed.
        logs()->terminate(kNs, QStringLiteral("web-a"), QStringLiteral("rsync"));
        putPod(QStringLiteral("web-a"), QStringLiteral("waiting"), 1);
        logs()->restart(kNs, QStringLiteral("web-a"), QStringLiteral("rsync"));
        logs()->append(kNs, QStringLiteral("web-a"), QStringLiteral("rsync"), "second run\n");
        putPod(QStringLiteral("web-a"), QStringLiteral("running"), 1);
        QTRY_VERIFY(text.contains(QLatin1String("second run")));
        QCOMPARE(restarts, (QList<int> {0, 1}));
        // The pod fails; the Job's next pod is followed.
        logs()->terminate(kNs, QStringLiteral("web-a"), QStringLiteral("rsync"));
        putPod(QStringLiteral("web-a"), QStringLiteral("terminated"), 1);
        // Created in the same second as web-a: the newest is then the last in the list (ordered by name).
        putPod(QStringLiteral("web-b"), QStringLiteral("running"), 0);
        logs()->append(kNs, QStringLiteral("web-b"), QStringLiteral("rsync"), "next attempt\n");
        QTRY_VERIFY(text.contains(QLatin1String("next attempt")));
        QCOMPARE(follower.currentPod(), QStringLiteral("web-b"));
        QVERIFY(finished.isEmpty());
        follower.stop();
        QCOMPARE(finished.size(), 1);
        QCOMPARE(text.count(QLatin1String("first run")), 1); // a run is never shown twice
    }

    /// A single read (no follow) whose pod the Job replaced between the look and the read (404) reads the new
    /// pod's run instead of failing (test_troubleshootcli's `replication logs` exited 1 when it fell there).
    void aSingleReadWhoseRunWentReadsTheNextOne()
    {
        putPod(QStringLiteral("web-1"), QStringLiteral("running"), 0);
        logs()->append(kNs, QStringLiteral("web-1"), QStringLiteral("rsync"), "first attempt\n");
        MoverLogFollower follower(client(), kNs, kJob);
        follower.setFollow(false);
        follower.setPollIntervalMs(20);
        follower.setIdleTimeoutMs(5000);
        QString text;
        QStringList pods;
        connect(&follower, &MoverLogFollower::text, this, [&](const QString &t) { text += t; });
        // The pod goes after the look found it and before its log is read (runStarted comes before the read).
        connect(&follower, &MoverLogFollower::runStarted, this, [&](const QString &pod, int) {
            pods.append(pod);
            if (pod == QLatin1String("web-1")) {
                store()->remove(QStringLiteral("pods"), kNs, pod);
                putPod(QStringLiteral("web-2"), QStringLiteral("running"), 0);
                logs()->append(kNs, QStringLiteral("web-2"), QStringLiteral("rsync"), "second attempt\n");
            }
        });
        QSignalSpy finished(&follower, &MoverLogFollower::finished);
        follower.start();
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().first().toString(), QString());
        QCOMPARE(pods, (QStringList {QStringLiteral("web-1"), QStringLiteral("web-2")}));
        QCOMPARE(text, QStringLiteral("second attempt\n"));
        QCOMPARE(follower.runsFollowed(), 1);

        // A pod that stays unreadable is reported after a few looks, with the kubelet's words.
        putPod(QStringLiteral("web-3"), QStringLiteral("terminated"), 0); // no container ID: the run is lost
        store()->remove(QStringLiteral("pods"), kNs, QStringLiteral("web-2"));
        MoverLogFollower lost(client(), kNs, kJob);
        lost.setFollow(false);
        lost.setPollIntervalMs(20);
        QSignalSpy lostFinished(&lost, &MoverLogFollower::finished);
        lost.start();
        QVERIFY(lostFinished.wait(10000));
        QVERIFY2(lostFinished.first().first().toString().contains(QLatin1String("is terminated")),
            qPrintable(lostFinished.first().first().toString()));
    }

    void decodesUtf8AcrossReadsAndReplacesInvalidBytes()
    {
        putPod(QStringLiteral("web-u"), QStringLiteral("running"), 0);
        logs()->append(kNs, QStringLiteral("web-u"), QStringLiteral("rsync"), "bad \xff\xfe bytes\n");
        MoverLogFollower follower(client(), kNs, kJob);
        QString text;
        connect(&follower, &MoverLogFollower::text, this, [&](const QString &t) { text += t; });
        follower.start();
        QTRY_VERIFY(text.contains(QLatin1String("bytes")));
        // "é" (C3 A9) and "€" (E2 82 AC) split between two writes.
        // Each piece is received before the next is written (the decoder holds the incomplete character).
        logs()->append(kNs, QStringLiteral("web-u"), QStringLiteral("rsync"), "caf\xc3");
        QTRY_VERIFY(text.endsWith(QLatin1String("caf")));
        logs()->append(kNs, QStringLiteral("web-u"), QStringLiteral("rsync"), "\xa9 \xe2\x82");
        QTRY_VERIFY(text.endsWith(QStringLiteral("caf\u00E9 ")));
        logs()->append(kNs, QStringLiteral("web-u"), QStringLiteral("rsync"), "\xac\n");
        QTRY_VERIFY(text.endsWith(QLatin1Char('\n')) && text.count(QLatin1Char('\n')) == 2);
        QCOMPARE(text, QStringLiteral("bad \uFFFD\uFFFD bytes\ncaf\u00E9 \u20AC\n"));
        follower.stop();
    }

    void aFiftyMebibyteLogStreamsThrough()
    {
        putPod(QStringLiteral("web-big"), QStringLiteral("running"), 0);
        // The container has started and printed nothing yet (the kubelet streams it; before, it says "waiting").
        logs()->append(kNs, QStringLiteral("web-big"), QStringLiteral("rsync"), QByteArray());
        MoverLogFollower follower(client(), kNs, kJob);
        qint64 received = 0;
        QString tail;
        connect(&follower, &MoverLogFollower::text, this, [&](const QString &t) {
            received += t.size();
            tail = QString(tail + t).right(64); // the test keeps only a tail, as the log view does
        });
        follower.start();
        // What is written before the stream opens comes with its first read, what follows as it is written.
        QTRY_VERIFY(!follower.currentPod().isEmpty());
        const QByteArray line = QByteArray(1023, 'x') + '\n';
        const QByteArray mebibyte = line.repeated(1024);
        constexpr int kMebibytes = 50;
        for (int i = 0; i < kMebibytes; ++i) {
            logs()->append(kNs, QStringLiteral("web-big"), QStringLiteral("rsync"), mebibyte);
            QTest::qWait(1);
        }
        logs()->append(kNs, QStringLiteral("web-big"), QStringLiteral("rsync"), "the end\n");
        QTRY_VERIFY_WITH_TIMEOUT(tail.endsWith(QLatin1String("the end\n")), 60000);
        QCOMPARE(received, qint64(kMebibytes) * 1024 * 1024 + 8);
        follower.stop();

        // The troubleshooter's read of the same log stays within its bound.
        TroubleshootCollector collector(mSession,
            {{QStringLiteral("source"), QStringLiteral("kind"), kNs, QStringLiteral("ReplicationSource"),
                QStringLiteral("web")}});
        collector.setLogBounds(100, 16 * 1024);
        QSignalSpy done(&collector, &TroubleshootCollector::finished);
        collector.start();
        QVERIFY(done.wait(30000));
        const TroubleshootSide &side = *collector.snapshot().source;
        QCOMPARE(side.moverPod, QStringLiteral("web-big"));
        QVERIFY(side.moverLog.size() <= 16 * 1024);
        QVERIFY(side.moverLog.endsWith(QLatin1String("the end\n")));
    }
};

QTEST_GUILESS_MAIN(TestMoverLogFollower)
#include "test_moverlogfollower.moc"
