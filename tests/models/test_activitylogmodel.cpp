// SPDX-License-Identifier: GPL-3.0-or-later
// The activity log: steps and raw API calls (batched), plain words, never a secret; real calls against the
// in-process simulator appear with method, path, cluster and status.
#include "models/activitylogmodel.h"
#include "simfixture.h"
#include "waitfor.h"

#include "kube/kubeclient.h"
#include "kube/kuberequestrecord.h"
#include "kube/kubesession.h"
#include "kube/kubewatcher.h"
#include "sim/simcluster.h"
#include "sim/simfaults.h"
#include "sim/simulator.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {
KubeRequestRecord record(const QByteArray &method, const QString &path, int status, qint64 ms = 12)
{
    KubeRequestRecord r;
    r.method = method;
    r.verb = method == "GET" ? KubeRequest::Verb::Get : KubeRequest::Verb::Create;
    r.path = path;
    r.description = QStringLiteral("get secrets \"x\" in namespace \"a\"");
    r.contextName = QStringLiteral("home-lab");
    r.clusterName = QStringLiteral("home-lab-cluster");
    r.httpStatus = status;
    r.durationMs = ms;
    r.attempts = 1;
    r.httpVersion = status > 0 ? QStringLiteral("HTTP/1.1") : QString();
    return r;
}

KubeError statusError(int code, const QString &reason, const QString &message)
{
    KubeError error(KubeError::Kind::Status, message);
    error.setCode(code);
    error.setReason(reason);
    error.setContext(QStringLiteral("home-lab"), QStringLiteral("home-lab-cluster"), QStringLiteral("https://h:6443"));
    error.setOperation(QStringLiteral("get secrets \"x\" in namespace \"a\""));
    return error;
}

QString allText(const ActivityLogModel &model)
{
    QList<int> rows;
    for (int r = 0; r < model.rowCount(); ++r) {
        rows.append(r);
    }
    QString text = model.toText(rows);
    for (int r = 0; r < model.rowCount(); ++r) {
        for (int c = 0; c < model.columnCount(); ++c) {
            text += QLatin1Char('\n') + model.index(r, c).data(Qt::ToolTipRole).toString();
        }
    }
    return text;
}

} // namespace

class TestActivityLogModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void appendAndCap();
    void scrub_data();
    void scrub();
    void requestsComeInBatches();
    void batchedStepsKeepTheirOrder();
    void requestTexts_data();
    void requestTexts();
    void realRequestsAgainstSimulator();
};

void TestActivityLogModel::appendAndCap()
{
    ActivityLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMaxEntries(3);
    for (int i = 0; i < 5; ++i) {
        model.append(ActivityLogModel::Level::Info, QStringLiteral("kind"), QStringLiteral("step %1").arg(i));
    }
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0, ActivityLogModel::MessageColumn).data().toString(), QStringLiteral("step 2"));
    QCOMPARE(model.index(2, ActivityLogModel::ClusterColumn).data().toString(), QStringLiteral("kind"));
    model.append(ActivityLogModel::Level::Error, QString(), QStringLiteral("boom"));
    QCOMPARE(ActivityLogModel::Level(model.index(2, 0).data(ActivityLogModel::LevelRole).toInt()),
        ActivityLogModel::Level::Error);
    const QString text = model.toText({1, 2});
    QCOMPARE(text.count(QLatin1Char('\n')), 1);
    QVERIFY(text.contains(QLatin1String("step 4")));
    QVERIFY(text.contains(QLatin1String("\tError\t-\tboom")));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestActivityLogModel::scrub_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("kept");
    QTest::newRow("bearer") << QStringLiteral("Authorization: Bearer abc.def-ghi_jkl") << QStringLiteral("abc.def")
                            << QStringLiteral("Bearer");
    QTest::newRow("token-yaml") << QStringLiteral("token: supersecretvalue1") << QStringLiteral("supersecretvalue1")
                                << QStringLiteral("token:");
    QTest::newRow("json-password") << QStringLiteral("{\"password\": \"hunter22\"}") << QStringLiteral("hunter22")
                                   << QStringLiteral("password");
    QTest::newRow("pem") << QStringLiteral(
        "key -----BEGIN RSA PRIVATE KEY-----\nMIIEabc\n-----END RSA PRIVATE KEY----- ok")
                         << QStringLiteral("MIIEabc") << QStringLiteral("ok");
    QTest::newRow("jwt") << QStringLiteral("got eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.sig here")
                         << QStringLiteral("eyJhbGciOiJSUzI1NiJ9") << QStringLiteral("here");
    QTest::newRow("psk") << QStringLiteral("psk.txt: volsync:0123456789abcdef") << QStringLiteral("0123456789abcdef")
                         << QStringLiteral("psk.txt");
}

void TestActivityLogModel::scrub()
{
    QFETCH(QString, input);
    QFETCH(QString, secret);
    QFETCH(QString, kept);
    ActivityLogModel model;
    model.append(ActivityLogModel::Level::Info, QStringLiteral("kind"), input);
    const QString shown = model.index(0, ActivityLogModel::MessageColumn).data().toString();
    QVERIFY2(!shown.contains(secret), qPrintable(shown));
    QVERIFY2(shown.contains(kept), qPrintable(shown));
    QVERIFY(!model.toText({0}).contains(secret));
    // Plain text passes unchanged.
    QCOMPARE(ActivityLogModel::scrub(QStringLiteral("created ReplicationSource source/datavol on kind")),
        QStringLiteral("created ReplicationSource source/datavol on kind"));
}

void TestActivityLogModel::requestsComeInBatches()
{
    ActivityLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMaxEntries(10);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    for (int i = 0; i < 25; ++i) {
        model.appendRequest(record("GET", QStringLiteral("/api/v1/namespaces/a/secrets/s%1").arg(i), 200));
    }
    // Nothing reaches the views until the batch is added, then in one insert.
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.pendingCount(), 25);
    model.flush();
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(model.pendingCount(), 0);
    QVERIFY(model.index(0, ActivityLogModel::MessageColumn).data().toString().contains(QLatin1String("/s15:")));
    QVERIFY(model.index(9, ActivityLogModel::MessageColumn).data().toString().contains(QLatin1String("/s24:")));
    QCOMPARE(ActivityLogModel::Category(model.index(9, 0).data(ActivityLogModel::CategoryRole).toInt()),
        ActivityLogModel::Category::Request);
    QCOMPARE(model.index(9, ActivityLogModel::ClusterColumn).data().toString(), QStringLiteral("home-lab"));

    // A step comes after the calls that led to it, at once.
    model.appendRequest(record("POST", QStringLiteral("/api/v1/namespaces/a/secrets"), 201));
    model.append(ActivityLogModel::Level::Success, QStringLiteral("home-lab"), QStringLiteral("created the key"));
    QCOMPARE(model.rowCount(), 10);
    QVERIFY(model.index(8, ActivityLogModel::MessageColumn).data().toString().startsWith(QLatin1String("POST ")));
    QCOMPARE(model.index(9, ActivityLogModel::MessageColumn).data().toString(), QStringLiteral("created the key"));
    QCOMPARE(ActivityLogModel::Category(model.index(9, 0).data(ActivityLogModel::CategoryRole).toInt()),
        ActivityLogModel::Category::Step);

    // The timer adds a batch by itself; a batch larger than the log keeps its newest entries.
    model.setBatchIntervalMs(20);
    for (int i = 0; i < 30; ++i) {
        model.appendRequest(record("GET", QStringLiteral("/version/%1").arg(i), 200));
    }
    QTRY_COMPARE_WITH_TIMEOUT(model.pendingCount(), 0, 5000);
    QCOMPARE(model.rowCount(), 10);
    QVERIFY(model.index(9, ActivityLogModel::MessageColumn).data().toString().contains(QLatin1String("/29:")));
    model.appendRequest(record("GET", QStringLiteral("/version"), 200));
    model.clear();
    QCOMPARE(model.pendingCount(), 0);
    QCOMPARE(model.rowCount(), 0);
}

void TestActivityLogModel::batchedStepsKeepTheirOrder()
{
    ActivityLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMaxEntries(1000);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    // A flood of relationships' reports, with API calls among them, reaches the views as one insert.
    QStringList expected;
    for (int i = 0; i < 200; ++i) {
        if (i % 3 == 0) {
            model.appendRequest(record("GET", QStringLiteral("/version/%1").arg(i), 200));
            expected.append(QStringLiteral("/version/%1:").arg(i));
        }
        model.appendInBatch(i % 7 == 0 ? ActivityLogModel::Level::Error : ActivityLogModel::Level::Success,
            QStringLiteral("vol-%1").arg(i), QStringLiteral("Sync of vol-%1 completed token: abc%1").arg(i));
        expected.append(QStringLiteral("Sync of vol-%1 completed").arg(i));
    }
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(model.pendingCount(), int(expected.size()));
    // A step added at once comes after them all.
    model.append(ActivityLogModel::Level::Info, QString(), QStringLiteral("the last step"));
    expected.append(QStringLiteral("the last step"));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(model.pendingCount(), 0);
    QCOMPARE(model.rowCount(), int(expected.size()));
    for (int r = 0; r < model.rowCount(); ++r) {
        const QString message = model.index(r, ActivityLogModel::MessageColumn).data().toString();
        QVERIFY2(message.contains(expected.at(r)), qPrintable(QStringLiteral("row %1: %2").arg(r).arg(message)));
        QVERIFY2(!message.contains(QLatin1String("abc")), qPrintable(message)); // scrubbed on the way in
    }
    QCOMPARE(ActivityLogModel::Category(model.index(1, 0).data(ActivityLogModel::CategoryRole).toInt()),
        ActivityLogModel::Category::Step);
    QCOMPARE(model.index(1, ActivityLogModel::ClusterColumn).data().toString(), QStringLiteral("vol-0"));
    QCOMPARE(ActivityLogModel::Level(model.index(1, 0).data(ActivityLogModel::LevelRole).toInt()),
        ActivityLogModel::Level::Error);
    // The timer adds them by itself, in one insert.
    model.setBatchIntervalMs(20);
    for (int i = 0; i < 50; ++i)
        model.appendInBatch(
            ActivityLogModel::Level::Success, QStringLiteral("vol-%1").arg(i), QStringLiteral("late %1").arg(i));
    QTRY_COMPARE_WITH_TIMEOUT(model.pendingCount(), 0, 5000);
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(model.index(model.rowCount() - 1, ActivityLogModel::MessageColumn).data().toString(),
        QStringLiteral("late 49"));
}

void TestActivityLogModel::requestTexts_data()
{
    QTest::addColumn<KubeRequestRecord>("input");
    QTest::addColumn<int>("level");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("ok") << record("GET", QStringLiteral("/api/v1/namespaces/a/secrets/x"), 200, 12)
                        << int(ActivityLogModel::Level::Info)
                        << QStringList {QStringLiteral("GET /api/v1/namespaces/a/secrets/x: HTTP 200 in 12 ms"),
                               QStringLiteral("HTTP/1.1")};
    KubeRequestRecord retried = record("GET", QStringLiteral("/version"), 500, 2300);
    retried.retries = 2;
    retried.attempts = 3;
    retried.error = statusError(500, QStringLiteral("InternalError"), QStringLiteral("etcd is sad"));
    QTest::newRow("server error") << retried << int(ActivityLogModel::Level::Warning)
                                  << QStringList {QStringLiteral("GET /version: HTTP 500 in 2.3 s after 2 retries"),
                                         QStringLiteral("Could not get secrets \"x\" in namespace \"a\" on cluster "
                                                        "\"home-lab-cluster\""),
                                         QStringLiteral("etcd is sad")};
    KubeRequestRecord missing = record("GET", QStringLiteral("/api/v1/namespaces/a/secrets/x"), 404);
    missing.error = statusError(404, QStringLiteral("NotFound"), QStringLiteral("secrets \"x\" not found"));
    QTest::newRow("lookup") << missing << int(ActivityLogModel::Level::Info)
                            << QStringList {QStringLiteral("HTTP 404"), QStringLiteral("secrets \"x\" not found")};
    KubeRequestRecord refused = record("GET", QStringLiteral("/version"), 0, 3);
    refused.error = KubeError(KubeError::Kind::Transport, QStringLiteral("connection refused by 127.0.0.1:1"));
    QTest::newRow("refused") << refused << int(ActivityLogModel::Level::Warning)
                             << QStringList {QStringLiteral("GET /version: no answer in 3 ms."),
                                    QStringLiteral("connection refused by 127.0.0.1:1")};
    KubeRequestRecord canceled = record("GET", QStringLiteral("/version"), 0, 1500);
    canceled.error = KubeError(KubeError::Kind::Canceled, QStringLiteral("canceled"));
    QTest::newRow("canceled") << canceled << int(ActivityLogModel::Level::Info)
                              << QStringList {QStringLiteral("GET /version: canceled after 1.5 s")};

    KubeRequestRecord watch = record("GET", QStringLiteral("/api/v1/namespaces/a/secrets"), 200, 4);
    watch.verb = KubeRequest::Verb::Watch;
    watch.description = QStringLiteral("watch secrets in namespace \"a\"");
    watch.event = KubeRequestRecord::Event::WatchStarted;
    QTest::newRow("watch started") << watch << int(ActivityLogModel::Level::Info)
                                   << QStringList {QStringLiteral("Watch started: secrets in namespace \"a\""),
                                          QStringLiteral("GET /api/v1/namespaces/a/secrets, HTTP/1.1")};
    watch.event = KubeRequestRecord::Event::Finished;
    watch.durationMs = 125000;
    QTest::newRow("watch closed") << watch << int(ActivityLogModel::Level::Info)
                                  << QStringList {QStringLiteral(
                                         "Watch of secrets in namespace \"a\" closed by the server after 2 min 5 s")};
    KubeRequestRecord gone = watch;
    gone.error = statusError(410, QStringLiteral("Expired"), QStringLiteral("too old resource version"));
    QTest::newRow("watch relists") << gone << int(ActivityLogModel::Level::Info)
                                   << QStringList {QStringLiteral("Watch of secrets in namespace \"a\" ended"),
                                          QStringLiteral("listing again")};
    KubeRequestRecord dropped = watch;
    dropped.error = KubeError(KubeError::Kind::Transport, QStringLiteral("h:6443 closed the connection"));
    QTest::newRow("watch dropped")
        << dropped << int(ActivityLogModel::Level::Warning)
        << QStringList {QStringLiteral("Watch of secrets in namespace \"a\" ended after 2 min 5 s, reconnecting"),
               QStringLiteral("closed the connection")};
}

void TestActivityLogModel::requestTexts()
{
    QFETCH(KubeRequestRecord, input);
    QFETCH(int, level);
    QFETCH(QStringList, expected);
    const ActivityLogModel::Entry entry = ActivityLogModel::requestEntry(input);
    QCOMPARE(int(entry.level), level);
    QCOMPARE(entry.category, ActivityLogModel::Category::Request);
    QCOMPARE(entry.cluster, QStringLiteral("home-lab"));
    QVERIFY2(!entry.message.contains(QLatin1Char('\n')), qPrintable(entry.message));
    for (const QString &part : std::as_const(expected)) {
        QVERIFY2(entry.message.contains(part), qPrintable(entry.message + QStringLiteral(" lacks ") + part));
    }
}

void TestActivityLogModel::realRequestsAgainstSimulator()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QByteArray token = "log-test-token-5d41402abc4b2a76";
    SimFixture::Options options;
    options.tokens = token + ",alice,uid-alice,\"system:masters\"\n";
    options.simulator.clusters = {QStringLiteral("log-test")};
    options.simulator.stateDir = dir.filePath(QStringLiteral("sim"));
    SimFixture sim(options);
    QString error;
    QVERIFY2(sim.start(&error), qPrintable(error));
    SimCluster *cluster = sim.cluster(QStringLiteral("log-test"));
    QVERIFY(cluster);

    // A bearer-token user, and a context whose server refuses connections.
    const QString kubeconfig = dir.filePath(QStringLiteral("kubeconfig"));
    QFile file(kubeconfig);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QStringLiteral("clusters:\n- name: sim\n  cluster:\n    server: %1\n    certificate-authority-data: %2\n"
                              "- name: down\n  cluster:\n    server: https://127.0.0.1:1\n"
                              "users:\n- name: alice\n  user:\n    token: %3\n"
                              "contexts:\n- name: sim-ctx\n  context: {cluster: sim, user: alice}\n"
                              "- name: down-ctx\n  context: {cluster: down, user: alice}\n"
                              "current-context: sim-ctx\n")
                   .arg(cluster->serverUrl().toString(), QString::fromLatin1(cluster->caCertificatePem().toBase64()),
                       QString::fromLatin1(token))
                   .toUtf8());
    file.close();
    KubeConfig::LoadOptions load;
    load.explicitPath = kubeconfig;
    KubeSession session(load);
    ActivityLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    connect(&session, &KubeSession::requestObserved, &model, &ActivityLogModel::appendRequest);
    KubeClient *client = session.client(QStringLiteral("sim-ctx"));
    QVERIFY2(client->isValid(), qPrintable(client->configError().personMessage()));

    const QString value = QStringLiteral("correct-horse-battery-staple");
    const QJsonObject ns {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("kind"), QStringLiteral("Namespace")},
        {QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), QStringLiteral("logged")}}}};
    const QJsonObject secret {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("kind"), QStringLiteral("Secret")},
        {QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), QStringLiteral("key")}}},
        {QStringLiteral("data"),
            QJsonObject {{QStringLiteral("password"), QString::fromLatin1(value.toUtf8().toBase64())}}}};
    std::unique_ptr<KubeReply> reply(waitFor(client->create(KubeResource::namespaces(), {}, ns)));
    QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    reply.reset(waitFor(client->create(KubeResource::secrets(), QStringLiteral("logged"), secret)));
    QVERIFY2(reply->isOk(), qPrintable(reply->error().personMessage()));
    reply.reset(waitFor(client->get(KubeResource::secrets(), QStringLiteral("logged"), QStringLiteral("key"))));
    QVERIFY(reply->isOk());
    QVERIFY(reply->rawBody().contains(value.toUtf8().toBase64())); // the answer did carry the value
    // Errors: already exists, a server error after a retry, a refused connection.
    reply.reset(waitFor(client->create(KubeResource::secrets(), QStringLiteral("logged"), secret)));
    QVERIFY(reply->error().isAlreadyExists());
    KubeClient::RetryPolicy quick;
    quick.maxRetries = 1;
    quick.baseDelayMs = 10;
    client->setRetryPolicy(quick);
    SimFaults faults;
    faults.serverErrorRate = 1.0;
    cluster->setFaults(faults);
    reply.reset(waitFor(client->get(KubeResource::secrets(), QStringLiteral("logged"), QStringLiteral("key"))));
    QCOMPARE(reply->httpStatus(), 500);
    cluster->setFaults(SimFaults {});
    KubeClient *down = session.client(QStringLiteral("down-ctx"));
    down->setRetryPolicy(quick);
    reply.reset(waitFor(down->version()));
    QVERIFY(reply->error().kind() == KubeError::Kind::Transport);
    // A watch: started and stopped, not each event.
    {
        KubeWatcher watcher(client, KubeResource::secrets(), QStringLiteral("logged"));
        QSignalSpy synced(&watcher, &KubeWatcher::synced);
        watcher.start();
        QVERIFY(synced.wait(20000));
        // The stream opens after the list (the batch timer adds it to the log).
        QTRY_VERIFY_WITH_TIMEOUT(
            std::any_of(model.entries().cbegin(), model.entries().cend(),
                [](const ActivityLogModel::Entry &e) { return e.message.startsWith(QLatin1String("Watch started")); }),
            10000);
        watcher.stop();
    }
    model.flush();

    const auto find = [&model](const QString &prefix) -> const ActivityLogModel::Entry * {
        for (const ActivityLogModel::Entry &e : model.entries()) {
            if (e.message.startsWith(prefix)) {
                return &e;
            }
        }
        return nullptr;
    };
    const auto dump = [&model]() { return allText(model); };
    const ActivityLogModel::Entry *created = find(QStringLiteral("POST /api/v1/namespaces/logged/secrets: HTTP 201"));
    QVERIFY2(created, qPrintable(dump()));
    QCOMPARE(created->cluster, QStringLiteral("sim-ctx"));
    QCOMPARE(created->level, ActivityLogModel::Level::Info);
    QVERIFY(created->message.contains(QLatin1String("HTTP/")));
    QVERIFY2(find(QStringLiteral("GET /api/v1/namespaces/logged/secrets/key: HTTP 200")), qPrintable(dump()));
    const ActivityLogModel::Entry *exists = find(QStringLiteral("POST /api/v1/namespaces/logged/secrets: HTTP 409"));
    QVERIFY2(exists, qPrintable(dump()));
    QCOMPARE(exists->level, ActivityLogModel::Level::Warning);
    QVERIFY2(exists->message.contains(QLatin1String("already exists")), qPrintable(exists->message));
    const ActivityLogModel::Entry *serverError
        = find(QStringLiteral("GET /api/v1/namespaces/logged/secrets/key: HTTP 500"));
    QVERIFY2(serverError, qPrintable(dump()));
    QVERIFY2(serverError->message.contains(QLatin1String("after 1 retry")), qPrintable(serverError->message));
    QVERIFY2(serverError->message.contains(QLatin1String("Could not get secrets \"key\" in namespace \"logged\"")),
        qPrintable(serverError->message));
    const ActivityLogModel::Entry *refused = find(QStringLiteral("GET /version: no answer"));
    QVERIFY2(refused, qPrintable(dump()));
    QCOMPARE(refused->cluster, QStringLiteral("down-ctx"));
    QVERIFY2(
        refused->message.contains(QLatin1String("connection refused by 127.0.0.1:1")), qPrintable(refused->message));
    QVERIFY2(find(QStringLiteral("GET /api/v1/namespaces/logged/secrets: HTTP 200")), qPrintable(dump())); // the list
    QVERIFY2(find(QStringLiteral("Watch started: secrets in namespace \"logged\"")), qPrintable(dump()));
    QVERIFY2(find(QStringLiteral("Watch of secrets in namespace \"logged\" stopped after")), qPrintable(dump()));

    // Never the token, nor the Secret's value (plain or base64), anywhere a person can see or copy.
    const QString text = allText(model);
    QVERIFY(!text.contains(QString::fromLatin1(token)));
    QVERIFY(!text.contains(value));
    QVERIFY(!text.contains(QString::fromLatin1(value.toUtf8().toBase64())));
    sim.simulator()->stop();
}

QTEST_GUILESS_MAIN(TestActivityLogModel)
#include "test_activitylogmodel.moc"
