// SPDX-License-Identifier: GPL-3.0-or-later
// KubeWatcher against a small in-test API server that keeps objects, a resourceVersion counter and an
// event log: paged lists, watches resumed from a resourceVersion, dropped connections, 410 Gone (as
// an HTTP status and as an ERROR event), bookmarks. The watcher must end with the server's state and
// its signals must describe every change exactly once.

#include "fakeapiserver.h"
#include "testpki.h"

#include "kube/kubeclient.h"
#include "kube/kubeinformer.h"
#include "kube/kubeinformerfactory.h"
#include "kube/kuberequestrecord.h"
#include "kube/kubewatcher.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>

namespace {
struct LoggedEvent {
    qint64 rv;
    QByteArray type;
    QJsonObject object;
};

QString keyOf(const QJsonObject &object)
{
    const QJsonObject metadata = object.value(QLatin1String("metadata")).toObject();
    return metadata.value(QLatin1String("namespace")).toString() + QLatin1Char('/')
        + metadata.value(QLatin1String("name")).toString();
}

QString rvOf(const QJsonObject &object)
{
    return object.value(QLatin1String("metadata")).toObject().value(QLatin1String("resourceVersion")).toString();
}

QByteArray eventLine(const QByteArray &type, const QJsonObject &object)
{
    return QJsonDocument(
               QJsonObject {{QStringLiteral("type"), QString::fromLatin1(type)}, {QStringLiteral("object"), object}})
               .toJson(QJsonDocument::Compact)
        + '\n';
}

/// The server's side: objects, versions, the event log and the open watches.
class FakeCluster : public QObject
{
public:
    explicit FakeCluster(FakeApiServer *server)
        : mServer(server)
    {
        server->handler = [this](FakeExchange *exchange) { handle(exchange); };
    }

    void create(int count)
    {
        for (int i = 0; i < count; ++i)
            createOne();
    }

    void mutateRandomly()
    {
        const int choice = int(mRandom.bounded(10));
        if (choice < 2 || mObjects.size() < 10)
            createOne();
        else if (choice < 4)
            removeOne();
        else
            modifyOne();
    }

    /// Forget the log up to now: older resourceVersions get 410.
    void compact() { mCompactedRv = mRv; }
    void setSplitChunks(bool split) { mSplitChunks = split; }

    QMap<QString, QJsonObject> objects() const { return mObjects; }
    int goneAnswers = 0;
    int watchRequests = 0;
    int listRequests = 0;

private:
    QJsonObject make(const QString &ns, const QString &name, int value)
    {
        return QJsonObject {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
            {QStringLiteral("kind"), QStringLiteral("Pod")},
            {QStringLiteral("metadata"),
                QJsonObject {{QStringLiteral("name"), name}, {QStringLiteral("namespace"), ns},
                    {QStringLiteral("resourceVersion"), QString::number(++mRv)}}},
            {QStringLiteral("spec"), QJsonObject {{QStringLiteral("value"), value}}}};
    }

    void record(const QByteArray &type, const QJsonObject &object)
    {
        mLog.append(LoggedEvent {mRv, type, object});
        const QByteArray line = eventLine(type, object);
        for (const QPointer<FakeExchange> &watch : std::as_const(mWatches)) {
            if (!watch || !watch->isConnected())
                continue;
            if (mSplitChunks && line.size() > 8) {
                watch->sendChunk(line.left(line.size() / 3));
                watch->sendChunk(line.mid(line.size() / 3));
            } else {
                watch->sendChunk(line);
            }
        }
    }

    void createOne()
    {
        const QString ns = QStringLiteral("ns-%1").arg(mRandom.bounded(3));
        const QString name = QStringLiteral("obj-%1").arg(++mNameCounter);
        const QJsonObject object = make(ns, name, 0);
        mObjects.insert(keyOf(object), object);
        record("ADDED", object);
    }

    void modifyOne()
    {
        const QString key = mObjects.keys().at(mRandom.bounded(int(mObjects.size())));
        const QJsonObject old = mObjects.value(key);
        const QJsonObject metadata = old.value(QLatin1String("metadata")).toObject();
        const QJsonObject object = make(metadata.value(QLatin1String("namespace")).toString(),
            metadata.value(QLatin1String("name")).toString(),
            old.value(QLatin1String("spec")).toObject().value(QLatin1String("value")).toInt() + 1);
        mObjects.insert(key, object);
        record("MODIFIED", object);
    }

    void removeOne()
    {
        const QString key = mObjects.keys().at(mRandom.bounded(int(mObjects.size())));
        QJsonObject object = mObjects.take(key);
        QJsonObject metadata = object.value(QLatin1String("metadata")).toObject();
        metadata.insert(QStringLiteral("resourceVersion"), QString::number(++mRv));
        object.insert(QStringLiteral("metadata"), metadata);
        record("DELETED", object);
    }

    void handle(FakeExchange *exchange)
    {
        const FakeRequest &request = exchange->request;
        if (request.path != QLatin1String("/api/v1/pods"))
            return exchange->respondJson(404, R"({"kind":"Status","code":404,"reason":"NotFound","message":"no"})");
        if (request.query.queryItemValue(QStringLiteral("watch")) == QLatin1String("true"))
            return watch(exchange);
        ++listRequests;
        const int limit = request.query.queryItemValue(QStringLiteral("limit")).toInt();
        const QString token = request.query.queryItemValue(QStringLiteral("continue"), QUrl::FullyDecoded);
        QList<QJsonObject> snapshot;
        qint64 snapshotRv = mRv;
        int offset = 0;
        if (!token.isEmpty()) {
            const auto it = mSnapshots.constFind(token.section(QLatin1Char(':'), 0, 0));
            if (it == mSnapshots.constEnd())
                return exchange->respondJson(
                    410, R"({"kind":"Status","code":410,"reason":"Expired","message":"continue expired"})");
            snapshot = it->second;
            snapshotRv = it->first;
            offset = token.section(QLatin1Char(':'), 1).toInt();
        } else {
            snapshot = mObjects.values();
        }
        const int end = limit > 0 ? std::min(int(snapshot.size()), offset + limit) : int(snapshot.size());
        QJsonArray items;
        for (int i = offset; i < end; ++i)
            items.append(snapshot.at(i));
        QString next;
        if (end < snapshot.size()) {
            const QString id = QString::number(++mSnapshotCounter);
            mSnapshots.insert(id, {snapshotRv, snapshot});
            next = id + QLatin1Char(':') + QString::number(end);
        }
        const QJsonObject list {{QStringLiteral("kind"), QStringLiteral("PodList")},
            {QStringLiteral("apiVersion"), QStringLiteral("v1")},
            {QStringLiteral("metadata"),
                QJsonObject {{QStringLiteral("resourceVersion"), QString::number(snapshotRv)},
                    {QStringLiteral("continue"), next}}},
            {QStringLiteral("items"), items}};
        exchange->respondJson(200, QJsonDocument(list).toJson(QJsonDocument::Compact));
    }

    void watch(FakeExchange *exchange)
    {
        ++watchRequests;
        const qint64 since = exchange->request.query.queryItemValue(QStringLiteral("resourceVersion")).toLongLong();
        if (since < mCompactedRv) {
            ++goneAnswers;
            const QByteArray status
                = R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version","reason":"Expired","code":410})";
            if (goneAnswers % 2) {
                exchange->startChunked(200);
                exchange->sendChunk(R"({"type":"ERROR","object":)" + status + "}\n");
                exchange->endChunks();
            } else {
                exchange->respondJson(410, status);
            }
            return;
        }
        exchange->startChunked(200);
        QByteArray backlog;
        for (const LoggedEvent &event : std::as_const(mLog)) {
            if (event.rv > since)
                backlog += eventLine(event.type, event.object);
        }
        backlog += eventLine("BOOKMARK",
            QJsonObject {{QStringLiteral("kind"), QStringLiteral("Pod")},
                {QStringLiteral("metadata"), QJsonObject {{QStringLiteral("resourceVersion"), QString::number(mRv)}}}});
        // Deliver the backlog in odd-sized pieces.
        for (qsizetype at = 0; at < backlog.size(); at += 977)
            exchange->sendChunk(backlog.mid(at, 977));
        mWatches.append(exchange);
    }

    FakeApiServer *mServer;
    QMap<QString, QJsonObject> mObjects;
    QList<LoggedEvent> mLog;
    QList<QPointer<FakeExchange>> mWatches;
    QHash<QString, std::pair<qint64, QList<QJsonObject>>> mSnapshots;
    qint64 mRv = 100;
    qint64 mCompactedRv = 0;
    int mNameCounter = 0;
    int mSnapshotCounter = 0;
    bool mSplitChunks = false;
    QRandomGenerator mRandom {12345};
};

/// Changes the cluster for four seconds while cutting connections and compacting the log (410s), then checks that
/// `source` (a KubeWatcher or a KubeInformer: the same signals) ends with the server's state and that its signals
/// described every change exactly once.
template<typename Source>
void convergeThroughDropsAndGone(FakeApiServer &server, FakeCluster &cluster, Source &source,
    const std::function<void()> &start, const std::function<int()> &listCount)
{
    // A mirror built only from the signals: every change must arrive once, in a possible order.
    QMap<QString, QString> mirror; // key -> resourceVersion
    QStringList problems;
    QObject context;
    QObject::connect(&source, &Source::added, &context, [&](const QJsonObject &object) {
        if (mirror.contains(keyOf(object)))
            problems.append(QStringLiteral("added twice: ") + keyOf(object));
        mirror.insert(keyOf(object), rvOf(object));
    });
    QObject::connect(&source, &Source::modified, &context, [&](const QJsonObject &object, const QJsonObject &previous) {
        if (mirror.value(keyOf(object)) != rvOf(previous))
            problems.append(QStringLiteral("modified without the previous version: ") + keyOf(object));
        if (rvOf(object) == rvOf(previous))
            problems.append(QStringLiteral("modified to the same version: ") + keyOf(object));
        mirror.insert(keyOf(object), rvOf(object));
    });
    QObject::connect(&source, &Source::deleted, &context, [&](const QJsonObject &object) {
        if (!mirror.remove(keyOf(object)))
            problems.append(QStringLiteral("deleted but unknown: ") + keyOf(object));
    });
    QSignalSpy synced(&source, &Source::synced);
    start();
    QVERIFY(synced.wait(10000));
    QCOMPARE(source.cache().size(), 1000);
    QVERIFY(cluster.listRequests >= 4); // 1000 objects in pages of 300

    // Four seconds of changes; connections cut every 300 ms, the log compacted every second (410s).
    cluster.setSplitChunks(true);
    QTimer mutator;
    QObject::connect(&mutator, &QTimer::timeout, &context, [&cluster] {
        for (int i = 0; i < 5; ++i)
            cluster.mutateRandomly();
    });
    mutator.start(5);
    QTimer cutter;
    QObject::connect(&cutter, &QTimer::timeout, &server, &FakeApiServer::dropAll);
    cutter.start(300);
    QTimer compactor;
    QObject::connect(&compactor, &QTimer::timeout, &context, [&cluster, &server] {
        // Cut the watch, change things it cannot see, and forget them: its resourceVersion is now too old.
        server.dropAll();
        for (int i = 0; i < 5; ++i)
            cluster.mutateRandomly();
        cluster.compact();
    });
    compactor.start(1000);
    QTest::qWait(4000);
    mutator.stop();
    cutter.stop();
    compactor.stop();

    const QMap<QString, QJsonObject> expected = cluster.objects();
    const auto converged = [&] {
        if (source.cache().size() != expected.size() || mirror.size() != expected.size())
            return false;
        for (auto it = expected.constBegin(); it != expected.constEnd(); ++it) {
            const QString ns = it.key().section(QLatin1Char('/'), 0, 0);
            const QString name = it.key().section(QLatin1Char('/'), 1);
            const auto cached = source.object(ns, name);
            if (!cached || *cached != it.value() || mirror.value(it.key()) != rvOf(it.value()))
                return false;
        }
        return true;
    };
    QTRY_VERIFY_WITH_TIMEOUT(converged(), 15000);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.mid(0, 5).join(QLatin1Char('\n'))));
    QVERIFY2(cluster.goneAnswers > 0, "the test never produced a 410");
    QVERIFY(cluster.watchRequests > 5);
    QVERIFY(listCount() > 4); // relisted after 410s
}

} // namespace

class TestKubeWatcher : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void convergesThroughDropsAndGone();
    void sharedInformerConvergesThroughDropsAndGone();

private:
    /// A TLS FakeApiServer serving a FakeCluster of 1000 pods, and a client of it without a rate limit.
    struct PodServer {
        FakeApiServer server;
        FakeCluster cluster {&server};
        std::unique_ptr<KubeClient> client;
    };
    [[nodiscard]] bool start(PodServer &pods) const;

    QTemporaryDir mDir;
    TestPki mPki;
};

void TestKubeWatcher::initTestCase()
{
    QVERIFY(mDir.isValid());
    mPki = TestPki::create(mDir.path());
    if (!mPki.error.isEmpty())
        QSKIP(qPrintable(mPki.error));
}

bool TestKubeWatcher::start(PodServer &pods) const
{
    pods.server.setTls(mPki.serverCertificate(), mPki.serverKey());
    if (!pods.server.listenLoopback())
        return false;
    pods.cluster.create(1000);
    KubeConfig::LoadOptions options;
    options.explicitPath = mPki.writeKubeconfig(pods.server.url(), QStringLiteral("watch-token"));
    pods.client = std::make_unique<KubeClient>(KubeConfig::load(options));
    pods.client->setRateLimit(0, 1);
    return true;
}

void TestKubeWatcher::convergesThroughDropsAndGone()
{
    PodServer pods;
    QVERIFY(start(pods));
    KubeClient &client = *pods.client;
    KubeWatcher watcher(&client, KubeResource::pods());
    watcher.setBackoff(10, 100);
    watcher.setPageSize(300);
    watcher.setWatchTimeoutSeconds(60);
    convergeThroughDropsAndGone(
        pods.server, pods.cluster, watcher, [&watcher] { watcher.start(); },
        [&watcher] { return watcher.listCount(); });
    if (QTest::currentTestFailed())
        return;
    watcher.stop();
    QVERIFY(!watcher.isRunning());
}

// The same through a shared informer with three consumers: they never have more than one watch open between them.
void TestKubeWatcher::sharedInformerConvergesThroughDropsAndGone()
{
    PodServer pods;
    QVERIFY(start(pods));
    KubeClient &client = *pods.client;
    int openWatches = 0;
    int mostOpenWatches = 0;
    connect(&client, &KubeClient::requestObserved, this, [&](const KubeRequestRecord &record) {
        // A watch answered with an error status (410) ends without having started.
        if (!record.isWatch() || (record.event == KubeRequestRecord::Event::Finished && record.httpStatus != 200))
            return;
        openWatches += record.event == KubeRequestRecord::Event::WatchStarted ? 1 : -1;
        mostOpenWatches = std::max(mostOpenWatches, openWatches);
    });
    KubeInformerFactory factory;
    factory.setWatcherSetup([](KubeWatcher *watcher) {
        watcher->setBackoff(10, 100);
        watcher->setPageSize(300);
        watcher->setWatchTimeoutSeconds(60);
    });
    KubeInformer *informer = factory.acquire(&client, KubeResource::pods());
    QVERIFY(informer);
    convergeThroughDropsAndGone(
        pods.server, pods.cluster, *informer,
        [&] {
            QCOMPARE(factory.acquire(&client, KubeResource::pods()), informer);
            QCOMPARE(factory.acquire(&client, KubeResource::pods()), informer);
        },
        [informer] { return informer->listCount(); });
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(informer->consumerCount(), 3);
    QCOMPARE(mostOpenWatches, 1);
    for (int i = 0; i < 3; ++i)
        factory.release(informer);
    QTRY_VERIFY(factory.informers().isEmpty());
    QTRY_COMPARE(openWatches, 0);
}

QTEST_GUILESS_MAIN(TestKubeWatcher)
#include "test_kubewatcher.moc"
