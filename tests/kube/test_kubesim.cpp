// SPDX-License-Identifier: GPL-3.0-or-later
// The Kubernetes client against the in-process simulator (core/sim) over TLS: client-certificate, token and
// exec-plugin logins, every verb, retries under injected 429/503, timeouts, and a watch over many objects that
// survives dropped streams and 410s and ends with the server's state.

#include "kube/kubeclient.h"
#include "kube/kuberequestrecord.h"
#include "kube/kubesession.h"
#include "kube/kubewatcher.h"
#include "simfixture.h"
#include "waitfor.h"

#include "sim/simcluster.h"
#include "sim/simstore.h"
#include "sim/simulator.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <QTimer>
#include <memory>

namespace {
QString pluginPath()
{
    return QStringLiteral(VOLSYNC_TEST_DATA_DIR "/kube/plugins/counting-plugin.sh");
}

QJsonObject secret(const QString &name, const QString &value)
{
    return QJsonObject {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("kind"), QStringLiteral("Secret")},
        {QStringLiteral("metadata"),
            QJsonObject {{QStringLiteral("name"), name},
                {QStringLiteral("labels"), QJsonObject {{QStringLiteral("app"), QStringLiteral("kube-test")}}}}},
        {QStringLiteral("stringData"), QJsonObject {{QStringLiteral("v"), value}}}};
}

QJsonObject namespaceObject(const QString &name)
{
    return QJsonObject {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("kind"), QStringLiteral("Namespace")},
        {QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), name}}}};
}

int readCount(const QString &dir)
{
    QFile file(dir + QStringLiteral("/count"));
    return file.open(QIODevice::ReadOnly) ? file.readAll().trimmed().toInt() : 0;
}
} // namespace

class TestKubeSim : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void clientCertificateVerbs();
    void tokenLogin();
    void execPluginLogin();
    void retriesUnderFaults();
    void timeoutUnderLatency();
    void watchConverges();
    void manyWatchesDoNotStarveRequests();
    void requestsObserved();

private:
    KubeConfig userConfig(const QString &userYaml);

    QTemporaryDir mDir;
    std::unique_ptr<SimFixture> mSim;
    SimCluster *mCluster = nullptr;
    QString mExecState;
};

void TestKubeSim::initTestCase()
{
    QVERIFY(mDir.isValid());
    QVERIFY(QDir().mkpath(mDir.filePath(QStringLiteral("exec"))));
    mExecState = mDir.filePath(QStringLiteral("exec"));
    SimFixture::Options options;
    options.tokens
        = "sim-token,alice,uid-alice,\"system:masters\"\ntoken-2,plugin-user,uid-plugin,\"system:masters\"\n";
    options.simulator.clusters = {QStringLiteral("kube-test")};
    options.simulator.stateDir = mDir.filePath(QStringLiteral("sim"));
    mSim = std::make_unique<SimFixture>(options);
    QString error;
    if (!mSim->start(&error))
        QSKIP(qPrintable(error));
    mCluster = mSim->cluster(QStringLiteral("kube-test"));
    QVERIFY(mCluster);
}

void TestKubeSim::cleanupTestCase()
{
    mCluster = nullptr;
    mSim.reset();
}

void TestKubeSim::init()
{
    if (mCluster)
        mCluster->setFaults(SimFaults {});
}

KubeConfig TestKubeSim::userConfig(const QString &userYaml)
{
    static int counter = 0;
    const QString path = mDir.filePath(QStringLiteral("user-%1.yaml").arg(++counter));
    QFile file(path);
    file.open(QIODevice::WriteOnly);
    file.write(QStringLiteral("clusters:\n- name: sim\n  cluster:\n    server: %1\n    certificate-authority-data: %2\n"
                              "users:\n- name: u\n  user:\n%3"
                              "contexts:\n- name: sim\n  context: {cluster: sim, user: u, namespace: default}\n"
                              "current-context: sim\n")
                   .arg(mCluster->serverUrl().toString(), QString::fromLatin1(mCluster->caCertificatePem().toBase64()),
                       userYaml)
                   .toUtf8());
    file.close();
    KubeConfig::LoadOptions options;
    options.explicitPath = path;
    return KubeConfig::load(options);
}

void TestKubeSim::clientCertificateVerbs()
{
    KubeConfig::LoadOptions options;
    options.explicitPath = mSim->kubeconfigPath();
    KubeSession session(options);
    KubeClient *client = session.client(QStringLiteral("kube-test"));
    QVERIFY2(client->isValid(), qPrintable(client->configError().personMessage()));
    QCOMPARE(session.client(), client); // "" is the current context

    KubeReply *reply = waitFor(client->version());
    QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    QVERIFY(!reply->usedHttp2()); // the simulator speaks HTTP/1.1 only
    QCOMPARE(reply->httpVersion(), QStringLiteral("HTTP/1.1"));
    delete reply;

    const KubeResource ns = KubeResource::namespaces();
    const KubeResource secrets = KubeResource::secrets();
    reply = waitFor(client->create(ns, {}, namespaceObject(QStringLiteral("verbs"))));
    QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    delete reply;

    reply
        = waitFor(client->create(secrets, QStringLiteral("verbs"), secret(QStringLiteral("one"), QStringLiteral("1"))));
    QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    QCOMPARE(reply->httpStatus(), 201);
    delete reply;
    reply
        = waitFor(client->create(secrets, QStringLiteral("verbs"), secret(QStringLiteral("one"), QStringLiteral("1"))));
    QVERIFY(reply->error().isAlreadyExists());
    delete reply;

    KubeWriteOptions dryRun;
    dryRun.dryRun = true;
    reply = waitFor(
        client->create(secrets, QStringLiteral("verbs"), secret(QStringLiteral("dry"), QStringLiteral("1")), dryRun));
    QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    delete reply;
    reply = waitFor(client->get(secrets, QStringLiteral("verbs"), QStringLiteral("dry")));
    QVERIFY(reply->error().isNotFound());
    delete reply;
    // The dry run checks what a create checks: the name is taken, the namespace is missing.
    reply = waitFor(
        client->create(secrets, QStringLiteral("verbs"), secret(QStringLiteral("one"), QStringLiteral("1")), dryRun));
    QVERIFY2(reply->error().isAlreadyExists(), qPrintable(reply->error().personMessage()));
    delete reply;
    reply = waitFor(client->create(
        secrets, QStringLiteral("no-such-namespace"), secret(QStringLiteral("dry"), QStringLiteral("1")), dryRun));
    QVERIFY(reply->error().isNotFound());
    QVERIFY2(reply->error().message().contains(QLatin1String("namespaces \"no-such-namespace\" not found")),
        qPrintable(reply->error().message()));
    delete reply;

    reply = waitFor(client->mergePatch(secrets, QStringLiteral("verbs"), QStringLiteral("one"),
        QJsonObject {{QStringLiteral("metadata"),
            QJsonObject {{QStringLiteral("annotations"), QJsonObject {{QStringLiteral("a"), QStringLiteral("b")}}}}}}));
    QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    delete reply;
    reply = waitFor(client->jsonPatch(secrets, QStringLiteral("verbs"), QStringLiteral("one"),
        QJsonArray {QJsonObject {{QStringLiteral("op"), QStringLiteral("add")},
            {QStringLiteral("path"), QStringLiteral("/metadata/annotations/c")},
            {QStringLiteral("value"), QStringLiteral("d")}}}));
    QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    delete reply;
    reply = waitFor(client->get(secrets, QStringLiteral("verbs"), QStringLiteral("one")));
    QVERIFY(reply->isOk());
    const QJsonObject annotations
        = reply->json().value(QLatin1String("metadata")).toObject().value(QLatin1String("annotations")).toObject();
    QCOMPARE(annotations.value(QLatin1String("a")).toString(), QStringLiteral("b"));
    QCOMPARE(annotations.value(QLatin1String("c")).toString(), QStringLiteral("d"));
    QJsonObject stale = reply->json();
    delete reply;

    // Replace with an old resourceVersion: Conflict.
    QJsonObject metadata = stale.value(QLatin1String("metadata")).toObject();
    metadata.insert(QStringLiteral("resourceVersion"), QStringLiteral("1"));
    stale.insert(QStringLiteral("metadata"), metadata);
    reply = waitFor(client->replace(secrets, QStringLiteral("verbs"), QStringLiteral("one"), stale));
    QVERIFY2(reply->error().isConflict(), qPrintable(reply->error().personMessage()));
    delete reply;

    for (int i = 0; i < 5; ++i)
        delete waitFor(client->create(
            secrets, QStringLiteral("verbs"), secret(QStringLiteral("page-%1").arg(i), QStringLiteral("x"))));
    KubeListOptions page;
    page.limit = 2;
    page.labelSelector = QStringLiteral("app=kube-test");
    QStringList names;
    do {
        reply = waitFor(client->list(secrets, QStringLiteral("verbs"), page));
        QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
        QVERIFY(reply->items().size() <= 2);
        for (const QJsonObject &item : reply->items())
            names.append(item.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString());
        page.continueToken = reply->continueToken();
        delete reply;
    } while (!page.continueToken.isEmpty());
    QCOMPARE(names.size(), 6);

    KubeListOptions selection;
    selection.labelSelector = QStringLiteral("app=kube-test");
    reply = waitFor(client->deleteCollection(secrets, QStringLiteral("verbs"), selection));
    QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    delete reply;
    reply = waitFor(client->list(secrets, QStringLiteral("verbs"), selection));
    QVERIFY(reply->isOk());
    QCOMPARE(reply->items().size(), 0);
    delete reply;
    reply = waitFor(client->remove(ns, {}, QStringLiteral("verbs")));
    QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    delete reply;
}

void TestKubeSim::tokenLogin()
{
    {
        KubeClient client(userConfig(QStringLiteral("    token: sim-token\n")));
        KubeReply *reply = waitFor(client.list(KubeResource::namespaces(), {}));
        QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
        delete reply;
    }
    {
        KubeClient client(userConfig(QStringLiteral("    token: wrong-token\n")));
        KubeReply *reply = waitFor(client.list(KubeResource::namespaces(), {}));
        QVERIFY(reply->error().isUnauthorized());
        QVERIFY(!reply->error().personMessage().contains(QStringLiteral("wrong-token")));
        delete reply;
    }
}

void TestKubeSim::execPluginLogin()
{
    // The plugin's first token is unknown to the server: one rerun after the 401, then cached.
    KubeClient client(userConfig(QStringLiteral("    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                                                "      command: %1\n      interactiveMode: Never\n"
                                                "      env:\n      - {name: PLUGIN_STATE_DIR, value: \"%2\"}\n")
                                     .arg(pluginPath(), mExecState)));
    KubeReply *reply = waitFor(client.list(KubeResource::namespaces(), {}));
    QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    QCOMPARE(readCount(mExecState), 2);
    delete reply;
    for (int i = 0; i < 3; ++i)
        delete waitFor(client.list(KubeResource::namespaces(), {}));
    QCOMPARE(readCount(mExecState), 2);
}

void TestKubeSim::retriesUnderFaults()
{
    SimFaults faults;
    faults.throttleRate = 0.3;
    faults.retryAfterSeconds = 0;
    faults.unavailableRate = 0.2;
    mCluster->setFaults(faults);
    KubeConfig::LoadOptions options;
    options.explicitPath = mSim->kubeconfigPath();
    KubeClient client(KubeConfig::load(options));
    client.setRetryPolicy({12, 5, 50});
    client.setRateLimit(0, 1);
    int attempts = 0;
    for (int i = 0; i < 20; ++i) {
        KubeReply *reply = waitFor(client.list(KubeResource::namespaces(), {}));
        QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
        attempts += reply->attempts();
        delete reply;
    }
    QVERIFY2(attempts > 20, "no request was retried: the faults did not apply");
}

void TestKubeSim::timeoutUnderLatency()
{
    SimFaults faults;
    faults.latencyMs = 2000;
    mCluster->setFaults(faults);
    KubeConfig::LoadOptions options;
    options.explicitPath = mSim->kubeconfigPath();
    KubeClient client(KubeConfig::load(options));
    KubeReply *reply = waitFor(client.send(KubeRequest::raw(QStringLiteral("/version")).setTimeoutMs(300)));
    QCOMPARE(reply->error().kind(), KubeError::Kind::Timeout);
    QVERIFY(reply->error().personMessage().contains(mCluster->serverUrl().toString()));
    delete reply;
}

void TestKubeSim::manyWatchesDoNotStarveRequests()
{
    // A dashboard opens many watches on one cluster; ordinary requests must still get through
    // (HTTP/1.1 allows only a few connections per server and manager).
    KubeConfig::LoadOptions options;
    options.explicitPath = mSim->kubeconfigPath();
    KubeClient client(KubeConfig::load(options));
    client.setRateLimit(0, 1);
    QList<KubeReply *> watches;
    for (int i = 0; i < 12; ++i) {
        KubeRequest::ListOptions watchOptions;
        watchOptions.timeoutSeconds = 60;
        KubeReply *watch = client.watch(KubeResource::secrets(), QStringLiteral("starve-%1").arg(i), watchOptions);
        watch->setAutoDelete(false);
        watches.append(watch);
    }
    // Let every watch connect, then an ordinary request must answer promptly.
    QTest::qWait(300);
    KubeReply *reply = waitFor(client.send(KubeRequest::raw(QStringLiteral("/version")).setTimeoutMs(5000)), 10000);
    QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    delete reply;
    for (KubeReply *watch : std::as_const(watches)) {
        watch->abort();
        delete watch;
    }
}

void TestKubeSim::watchConverges()
{
    SimStore *store = mCluster->store();
    QVERIFY(store->create(QStringLiteral("namespaces"), {}, namespaceObject(QStringLiteral("watched"))).ok());
    for (int i = 0; i < 1000; ++i)
        QVERIFY(store
                    ->create(QStringLiteral("secrets"), QStringLiteral("watched"),
                        secret(QStringLiteral("s-%1").arg(i), QStringLiteral("0")))
                    .ok());

    KubeConfig::LoadOptions options;
    options.explicitPath = mSim->kubeconfigPath();
    KubeClient client(KubeConfig::load(options));
    client.setRateLimit(0, 1);
    KubeWatcher watcher(&client, KubeResource::secrets(), QStringLiteral("watched"));
    watcher.setBackoff(10, 200);
    watcher.setPageSize(250);
    // A mirror built only from the signals: every change must arrive once.
    QHash<QString, QString> mirror; // name -> resourceVersion
    QStringList problems;
    const auto nameOf = [](const QJsonObject &object) {
        return object.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString();
    };
    const auto rvOf = [](const QJsonObject &object) {
        return object.value(QLatin1String("metadata")).toObject().value(QLatin1String("resourceVersion")).toString();
    };
    connect(&watcher, &KubeWatcher::added, this, [&](const QJsonObject &object) {
        if (mirror.contains(nameOf(object)))
            problems.append(QStringLiteral("added twice: ") + nameOf(object));
        mirror.insert(nameOf(object), rvOf(object));
    });
    connect(&watcher, &KubeWatcher::modified, this, [&](const QJsonObject &object, const QJsonObject &previous) {
        if (mirror.value(nameOf(object)) != rvOf(previous))
            problems.append(QStringLiteral("modified from an unknown version: ") + nameOf(object));
        mirror.insert(nameOf(object), rvOf(object));
    });
    connect(&watcher, &KubeWatcher::deleted, this, [&](const QJsonObject &object) {
        if (!mirror.remove(nameOf(object)))
            problems.append(QStringLiteral("deleted but unknown: ") + nameOf(object));
    });
    QSignalSpy synced(&watcher, &KubeWatcher::synced);
    watcher.start();
    QVERIFY(synced.wait(20000));
    QCOMPARE(watcher.cache().size(), 1000);

    // Streams cut every second, a short history (410s), and changes all the time.
    SimFaults faults;
    faults.dropWatchSeconds = 1;
    faults.historyWindow = 20;
    mCluster->setFaults(faults);
    QRandomGenerator random(99);
    int created = 1000;
    QTimer mutator;
    // Changes come in bursts (0.3 s of every second): each burst overruns the short history (410, relist),
    // and the quiet part lets even a slow (sanitizer) build list again and watch before the next cut.
    QElapsedTimer clock;
    clock.start();
    connect(&mutator, &QTimer::timeout, this, [&] {
        if (clock.elapsed() % 1000 >= 300)
            return;
        for (int i = 0; i < 5; ++i) {
            const QList<QJsonObject> existing = store->list(QStringLiteral("secrets"), QStringLiteral("watched"));
            const int choice = int(random.bounded(10));
            if (choice < 2 || existing.size() < 10) {
                store->create(QStringLiteral("secrets"), QStringLiteral("watched"),
                    secret(QStringLiteral("s-%1").arg(created++), QStringLiteral("0")));
            } else if (choice < 4) {
                const QJsonObject victim = existing.at(random.bounded(int(existing.size())));
                store->remove(QStringLiteral("secrets"), QStringLiteral("watched"),
                    victim.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString());
            } else {
                QJsonObject object = existing.at(random.bounded(int(existing.size())));
                object.insert(QStringLiteral("stringData"),
                    QJsonObject {{QStringLiteral("v"), QString::number(random.generate())}});
                store->update(QStringLiteral("secrets"), QStringLiteral("watched"), object);
            }
        }
    });
    mutator.start(10);
    QTest::qWait(3500);
    // Keep changing things until the stream has been cut and resumed a few times, however busy the machine is.
    QVERIFY2(QTest::qWaitFor([&] { return watcher.watchCount() > 2; }, 30000), "the watch was never re-opened");
    mutator.stop();

    const auto converged = [&] {
        const QList<QJsonObject> expected = store->list(QStringLiteral("secrets"), QStringLiteral("watched"));
        if (expected.size() != watcher.cache().size() || expected.size() != mirror.size())
            return false;
        for (const QJsonObject &object : expected) {
            const QJsonObject metadata = object.value(QLatin1String("metadata")).toObject();
            const auto cached
                = watcher.object(QStringLiteral("watched"), metadata.value(QLatin1String("name")).toString());
            if (!cached
                || cached->value(QLatin1String("metadata")).toObject().value(QLatin1String("resourceVersion"))
                    != metadata.value(QLatin1String("resourceVersion"))
                || mirror.value(metadata.value(QLatin1String("name")).toString())
                    != metadata.value(QLatin1String("resourceVersion")).toString())
                return false;
        }
        return true;
    };
    if (!QTest::qWaitFor(converged, 20000)) {
        const QList<QJsonObject> expected = store->list(QStringLiteral("secrets"), QStringLiteral("watched"));
        qWarning() << "expected" << expected.size() << "cached" << watcher.cache().size() << "watcher rv"
                   << watcher.lastResourceVersion() << "store rv" << store->resourceVersion() << "lists"
                   << watcher.listCount() << "watches" << watcher.watchCount();
        QFAIL("the watcher did not converge to the server's state");
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.mid(0, 5).join(QLatin1Char('\n'))));
    QVERIFY(watcher.watchCount() > 2);
    QVERIFY2(watcher.listCount() > 1, "no 410: the short history never expired");
    watcher.stop();
}

void TestKubeSim::requestsObserved()
{
    // What an activity log hears: one record per finished call (retries counted, not reported one by one),
    // the path without its query, the context; for a watch: when it opened and when it ended, no events.
    KubeConfig::LoadOptions options;
    options.explicitPath = mSim->kubeconfigPath();
    KubeSession session(options);
    KubeClient *client = session.client(QStringLiteral("kube-test"));
    KubeReply *made
        = waitFor(client->create(KubeResource::namespaces(), {}, namespaceObject(QStringLiteral("observed-ns"))));
    QVERIFY2(made->isOk(), qPrintable(made->error().personMessage()));
    delete made;
    QList<KubeRequestRecord> records;
    connect(&session, &KubeSession::requestObserved, this,
        [&records](const KubeRequestRecord &record) { records.append(record); });

    KubeRequest::ListOptions selection;
    selection.labelSelector = QStringLiteral("app=kube-test");
    selection.limit = 7;
    KubeReply *reply = waitFor(client->list(KubeResource::secrets(), QStringLiteral("observed-ns"), selection));
    QVERIFY(reply->isOk());
    delete reply;
    QCOMPARE(records.size(), 1);
    KubeRequestRecord r = records.takeFirst();
    QCOMPARE(r.event, KubeRequestRecord::Event::Finished);
    QCOMPARE(r.verb, KubeRequest::Verb::List);
    QCOMPARE(r.method, QByteArray("GET"));
    QCOMPARE(r.path, QStringLiteral("/api/v1/namespaces/observed-ns/secrets"));
    QCOMPARE(r.contextName, QStringLiteral("kube-test"));
    QCOMPARE(r.httpStatus, 200);
    QCOMPARE(r.httpVersion, QStringLiteral("HTTP/1.1"));
    QCOMPARE(r.attempts, 1);
    QCOMPARE(r.retries, 0);
    QVERIFY(!r.error.isError());
    QVERIFY(r.durationMs >= 0);

    // Answered 503 every time: one record for all three attempts, with the error.
    SimFaults faults;
    faults.unavailableRate = 1.0;
    mCluster->setFaults(faults);
    client->setRetryPolicy({2, 5, 20});
    reply = waitFor(client->get(KubeResource::namespaces(), {}, QStringLiteral("observed-ns")));
    mCluster->setFaults(SimFaults {});
    QCOMPARE(reply->httpStatus(), 503);
    delete reply;
    QCOMPARE(records.size(), 1);
    r = records.takeFirst();
    QCOMPARE(r.httpStatus, 503);
    QCOMPARE(r.retries, 2);
    QCOMPARE(r.attempts, 3);
    QCOMPARE(r.error.code(), 503);
    QCOMPARE(r.path, QStringLiteral("/api/v1/namespaces/observed-ns"));

    // A failed call carries its error.
    reply = waitFor(client->get(KubeResource::secrets(), QStringLiteral("observed-ns"), QStringLiteral("absent")));
    QVERIFY(reply->error().isNotFound());
    delete reply;
    QCOMPARE(records.size(), 1);
    r = records.takeFirst();
    QCOMPARE(r.httpStatus, 404);
    QVERIFY(r.error.isNotFound());
    QVERIFY(r.error.personMessage().contains(QLatin1String("absent")));

    // A watch: opened (once), events not reported, then stopped.
    KubeReply *watch = client->watch(KubeResource::secrets(), QStringLiteral("observed-ns"));
    watch->setAutoDelete(false);
    QTRY_COMPARE_WITH_TIMEOUT(records.size(), 1, 10000);
    QCOMPARE(records.first().event, KubeRequestRecord::Event::WatchStarted);
    QVERIFY(records.first().isWatch());
    QCOMPARE(records.first().httpStatus, 200);
    QSignalSpy events(watch, &KubeReply::event);
    reply = waitFor(client->create(KubeResource::secrets(), QStringLiteral("observed-ns"),
        secret(QStringLiteral("observed"), QStringLiteral("1"))));
    QVERIFY(reply->isOk());
    delete reply;
    QTRY_VERIFY_WITH_TIMEOUT(!events.isEmpty(), 10000);
    QCOMPARE(records.size(), 2); // the watch's start and the create, no event
    QCOMPARE(records.at(1).method, QByteArray("POST"));
    watch->abort();
    QCOMPARE(records.size(), 3);
    QCOMPARE(records.at(2).event, KubeRequestRecord::Event::Finished);
    QVERIFY(records.at(2).isWatch());
    QCOMPARE(records.at(2).error.kind(), KubeError::Kind::Canceled);
    delete watch;

    // A watch from a version the server no longer has: the ERROR event's 410 is the reason it ended.
    SimFaults shortHistory;
    shortHistory.historyWindow = 1;
    mCluster->setFaults(shortHistory);
    for (int i = 0; i < 3; ++i) {
        reply = waitFor(client->create(KubeResource::secrets(), QStringLiteral("observed-ns"),
            secret(QStringLiteral("churn-%1").arg(i), QStringLiteral("1"))));
        QVERIFY(reply->isOk());
        delete reply;
    }
    records.clear();
    KubeRequest::ListOptions old;
    old.resourceVersion = QStringLiteral("1");
    watch = waitFor(client->watch(KubeResource::secrets(), QStringLiteral("observed-ns"), old));
    mCluster->setFaults(SimFaults {});
    QVERIFY(watch->isFinished());
    delete watch;
    QVERIFY(!records.isEmpty());
    r = records.last();
    QCOMPARE(r.event, KubeRequestRecord::Event::Finished);
    QVERIFY(r.isWatch());
    QVERIFY2(r.error.isGone(), qPrintable(r.error.personMessage()));
    QCOMPARE(r.error.contextName(), QStringLiteral("kube-test"));
}

QTEST_GUILESS_MAIN(TestKubeSim)
#include "test_kubesim.moc"
