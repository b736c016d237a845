// SPDX-License-Identifier: GPL-3.0-or-later
// Request building (no network), resources, error and list parsing against the recorded apiserver
// answers, the watch stream decoder, the rate limiter and the object cache.

#include "kube/kubeerror.h"
#include "kube/kubeobjectcache.h"
#include "kube/kuberatelimiter.h"
#include "kube/kubereply.h"
#include "kube/kuberequest.h"
#include "kube/kuberesource.h"
#include "kube/kubewatchdecoder.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

namespace {
// A custom resource: the recorded answers are VolSync's (the client itself knows no VolSync type).
KubeResource replicationSources()
{
    return {QStringLiteral("volsync.backube"), QStringLiteral("v1alpha1"), QStringLiteral("replicationsources"),
        QStringLiteral("ReplicationSource"), true};
}

struct Sample {
    QByteArray requestLine;
    int status = 0;
    QByteArray body;
};

/// Reads one file of ../shared/reference/apiserver-samples (comment lines, status line, headers, body).
Sample readSample(const QString &name)
{
    Sample sample;
    QFile file(QStringLiteral(VOLSYNC_SHARED_DIR "/reference/apiserver-samples/") + name);
    if (!file.open(QIODevice::ReadOnly))
        return sample;
    const QByteArray all = file.readAll();
    const qsizetype blank = all.indexOf("\n\n");
    const QList<QByteArray> head = all.left(blank).split('\n');
    for (const QByteArray &line : head) {
        if (line.startsWith("# ") && sample.requestLine.isEmpty())
            sample.requestLine = line.mid(2);
        if (line.startsWith("HTTP "))
            sample.status = line.split(' ').value(1).toInt();
    }
    sample.body = all.mid(blank + 2);
    return sample;
}

bool haveSamples()
{
    return QFile::exists(QStringLiteral(VOLSYNC_SHARED_DIR "/reference/apiserver-samples/README.md"));
}

const QUrl server(QStringLiteral("https://127.0.0.1:6443"));
} // namespace

class TestKubeRequest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void resourcePaths_data();
    void resourcePaths();
    void requestUrls_data();
    void requestUrls();
    void requestBodies();
    void serverPrefixAndEncoding();
    void idempotency();
    void statusSamples_data();
    void statusSamples();
    void nonStatusBody();
    void personMessage();
    void listSample();
    void watchSampleInChunks_data();
    void watchSampleInChunks();
    void watchErrorEvent();
    void decoderBadLines();
    void fuzzParsers();
    void rateLimiter();
    void objectCache();
};

void TestKubeRequest::resourcePaths_data()
{
    QTest::addColumn<KubeResource>("resource");
    QTest::addColumn<QString>("ns");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("path");
    QTest::newRow("core collection") << KubeResource::persistentVolumeClaims() << QStringLiteral("src") << QString()
                                     << QStringLiteral("/api/v1/namespaces/src/persistentvolumeclaims");
    QTest::newRow("core all namespaces") << KubeResource::pods() << QString() << QString()
                                         << QStringLiteral("/api/v1/pods");
    QTest::newRow("cluster scoped ignores namespace")
        << KubeResource::namespaces() << QStringLiteral("x") << QStringLiteral("source")
        << QStringLiteral("/api/v1/namespaces/source");
    QTest::newRow("group object") << replicationSources() << QStringLiteral("source") << QStringLiteral("sample")
                                  << QStringLiteral(
                                         "/apis/volsync.backube/v1alpha1/namespaces/source/replicationsources/sample");
    QTest::newRow("storage classes") << KubeResource::storageClasses() << QString() << QStringLiteral("fast")
                                     << QStringLiteral("/apis/storage.k8s.io/v1/storageclasses/fast");
    QTest::newRow("snapshots") << KubeResource::volumeSnapshots() << QStringLiteral("n") << QString()
                               << QStringLiteral("/apis/snapshot.storage.k8s.io/v1/namespaces/n/volumesnapshots");
    QTest::newRow("snapshot classes") << KubeResource::volumeSnapshotClasses() << QString() << QString()
                                      << QStringLiteral("/apis/snapshot.storage.k8s.io/v1/volumesnapshotclasses");
    QTest::newRow("segments encoded") << KubeResource::secrets() << QStringLiteral("a b") << QStringLiteral("x/../y?z")
                                      << QStringLiteral("/api/v1/namespaces/a%20b/secrets/x%2F..%2Fy%3Fz");
}

void TestKubeRequest::resourcePaths()
{
    QFETCH(KubeResource, resource);
    QFETCH(QString, ns);
    QFETCH(QString, name);
    QFETCH(QString, path);
    QCOMPARE(resource.path(resource.namespaced ? ns : QString(), name), path);
    QVERIFY(resource.isValid());
}

void TestKubeRequest::requestUrls_data()
{
    QTest::addColumn<KubeRequest>("request");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("url");
    const KubeResource rs = replicationSources();
    const QString base
        = QStringLiteral("https://127.0.0.1:6443/apis/volsync.backube/v1alpha1/namespaces/source/replicationsources");
    QTest::newRow("get") << KubeRequest::get(rs, QStringLiteral("source"), QStringLiteral("sample"))
                         << QByteArray("GET") << base + QStringLiteral("/sample");
    KubeListOptions list;
    list.labelSelector = QStringLiteral("volsync.backube/relationship=3d0c5a52-8f4e-4b1f-9a57-2c6e0d9b7a11");
    list.fieldSelector = QStringLiteral("metadata.name=sample");
    list.limit = 50;
    list.continueToken = QStringLiteral("abc+/=");
    QTest::newRow("list") << KubeRequest::list(rs, QStringLiteral("source"), list) << QByteArray("GET")
                          << base
            + QStringLiteral("?labelSelector=volsync.backube%2Frelationship%3D3d0c5a52-8f4e-4b1f-9a57-2c6e0d9b7a11"
                             "&fieldSelector=metadata.name%3Dsample&limit=50&continue=abc%2B%2F%3D");
    KubeListOptions watch;
    watch.resourceVersion = QStringLiteral("240");
    watch.allowWatchBookmarks = true;
    watch.timeoutSeconds = 4;
    QTest::newRow("watch") << KubeRequest::watch(rs, QStringLiteral("source"), watch) << QByteArray("GET")
                           << base
            + QStringLiteral("?watch=true&resourceVersion=240&allowWatchBookmarks=true&timeoutSeconds=4");
    KubeWriteOptions write;
    write.dryRun = true;
    write.strictFieldValidation = true;
    write.fieldManager = QStringLiteral("volsync-desktop");
    QTest::newRow("create") << KubeRequest::create(rs, QStringLiteral("source"), {}, write) << QByteArray("POST")
                            << base + QStringLiteral("?dryRun=All&fieldManager=volsync-desktop&fieldValidation=Strict");
    QTest::newRow("replace") << KubeRequest::replace(rs, QStringLiteral("source"), QStringLiteral("sample"), {})
                             << QByteArray("PUT") << base + QStringLiteral("/sample");
    QTest::newRow("status subresource") << KubeRequest::mergePatch(
        rs, QStringLiteral("source"), QStringLiteral("sample"), {})
                                               .setSubresource(QStringLiteral("status"))
                                        << QByteArray("PATCH") << base + QStringLiteral("/sample/status");
    KubeWriteOptions apply;
    apply.force = true;
    QTest::newRow("apply") << KubeRequest::apply(rs, QStringLiteral("source"), QStringLiteral("sample"), {}, apply)
                           << QByteArray("PATCH")
                           << base + QStringLiteral("/sample?fieldManager=volsync-desktop&force=true");
    KubeDeleteOptions remove;
    remove.dryRun = true;
    QTest::newRow("delete") << KubeRequest::remove(rs, QStringLiteral("source"), QStringLiteral("sample"), remove)
                            << QByteArray("DELETE") << base + QStringLiteral("/sample?dryRun=All");
    KubeListOptions selection;
    selection.labelSelector = QStringLiteral("a=b");
    QTest::newRow("deletecollection") << KubeRequest::deleteCollection(rs, QStringLiteral("source"), selection)
                                      << QByteArray("DELETE") << base + QStringLiteral("?labelSelector=a%3Db");
    QTest::newRow("raw") << KubeRequest::raw(QStringLiteral("/version")) << QByteArray("GET")
                         << QStringLiteral("https://127.0.0.1:6443/version");
}

void TestKubeRequest::requestUrls()
{
    QFETCH(KubeRequest, request);
    QFETCH(QByteArray, method);
    QFETCH(QString, url);
    QCOMPARE(request.method(), method);
    QCOMPARE(request.url(server).toString(QUrl::FullyEncoded), url);
}

void TestKubeRequest::requestBodies()
{
    const KubeResource rs = replicationSources();
    const QJsonObject object {{QStringLiteral("kind"), QStringLiteral("ReplicationSource")},
        {QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), QStringLiteral("sample")}}}};
    const auto headerValue = [](const KubeRequest &request, const QByteArray &name) {
        for (const auto &header : request.headers()) {
            if (header.first == name)
                return header.second;
        }
        return QByteArray();
    };
    KubeRequest create = KubeRequest::create(rs, QStringLiteral("source"), object);
    QCOMPARE(QJsonDocument::fromJson(create.body()).object(), object);
    QCOMPARE(headerValue(create, "Content-Type"), QByteArray("application/json"));
    QCOMPARE(headerValue(create, "Accept"), QByteArray("application/json"));
    QCOMPARE(create.describe(),
        QStringLiteral("create replicationsources.volsync.backube \"sample\" in namespace \"source\""));

    const KubeRequest merge = KubeRequest::mergePatch(
        rs, QStringLiteral("source"), QStringLiteral("sample"), QJsonObject {{QStringLiteral("spec"), QJsonObject {}}});
    QCOMPARE(headerValue(merge, "Content-Type"), QByteArray("application/merge-patch+json"));
    QCOMPARE(merge.body(), QByteArray(R"({"spec":{}})"));

    const QJsonArray operations {QJsonObject {{QStringLiteral("op"), QStringLiteral("remove")},
        {QStringLiteral("path"), QStringLiteral("/spec/trigger/manual")}}};
    const KubeRequest patch
        = KubeRequest::jsonPatch(rs, QStringLiteral("source"), QStringLiteral("sample"), operations);
    QCOMPARE(headerValue(patch, "Content-Type"), QByteArray("application/json-patch+json"));
    QCOMPARE(QJsonDocument::fromJson(patch.body()).array(), operations);

    const KubeRequest apply = KubeRequest::apply(rs, QStringLiteral("source"), QStringLiteral("sample"), object);
    QCOMPARE(headerValue(apply, "Content-Type"), QByteArray("application/apply-patch+yaml"));
    QCOMPARE(apply.queryItemValue(QStringLiteral("fieldManager")), KubeRequest::defaultFieldManager());

    KubeDeleteOptions options;
    options.propagationPolicy = QStringLiteral("Foreground");
    options.preconditionUid = QStringLiteral("ba7140c0");
    const KubeRequest remove = KubeRequest::remove(rs, QStringLiteral("source"), QStringLiteral("sample"), options);
    const QJsonObject body = QJsonDocument::fromJson(remove.body()).object();
    QCOMPARE(body.value(QLatin1String("kind")).toString(), QStringLiteral("DeleteOptions"));
    QCOMPARE(body.value(QLatin1String("propagationPolicy")).toString(), QStringLiteral("Foreground"));
    QCOMPARE(body.value(QLatin1String("preconditions")).toObject().value(QLatin1String("uid")).toString(),
        QStringLiteral("ba7140c0"));
    QVERIFY(KubeRequest::get(rs, QStringLiteral("s"), QStringLiteral("x")).body().isEmpty());
    QVERIFY(KubeRequest::remove(rs, QStringLiteral("s"), QStringLiteral("x")).body().isEmpty());

    KubeRequest custom = KubeRequest::get(rs, QStringLiteral("s"), QStringLiteral("x"));
    custom.addHeader("X-Test", "1").setTimeoutMs(1234);
    QCOMPARE(headerValue(custom, "X-Test"), QByteArray("1"));
    QCOMPARE(custom.timeoutMs(), 1234);
}

void TestKubeRequest::serverPrefixAndEncoding()
{
    const QUrl prefixed(QStringLiteral("https://rancher.example.com/k8s/clusters/c-1/"));
    const KubeRequest request = KubeRequest::get(KubeResource::pods(), QStringLiteral("ns"), QStringLiteral("a%b"));
    QCOMPARE(request.url(prefixed).toString(QUrl::FullyEncoded),
        QStringLiteral("https://rancher.example.com/k8s/clusters/c-1/api/v1/namespaces/ns/pods/a%25b"));
    const KubeRequest raw = KubeRequest::raw(QStringLiteral("/apis/x?a=1"));
    QCOMPARE(raw.url(prefixed).toString(QUrl::FullyEncoded),
        QStringLiteral("https://rancher.example.com/k8s/clusters/c-1/apis/x?a=1"));
}

void TestKubeRequest::idempotency()
{
    const KubeResource rs = replicationSources();
    QVERIFY(KubeRequest::get(rs, {}, QStringLiteral("x")).isIdempotent());
    QVERIFY(KubeRequest::list(rs, {}).isIdempotent());
    QVERIFY(KubeRequest::replace(rs, {}, QStringLiteral("x"), {}).isIdempotent());
    QVERIFY(KubeRequest::remove(rs, {}, QStringLiteral("x")).isIdempotent());
    QVERIFY(!KubeRequest::create(rs, {}, {}).isIdempotent());
    QVERIFY(!KubeRequest::mergePatch(rs, {}, QStringLiteral("x"), {}).isIdempotent());
    QVERIFY(!KubeRequest::raw(QStringLiteral("/x"), "POST").isIdempotent());
}

void TestKubeRequest::statusSamples_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<int>("causes");
    QTest::newRow("404") << QStringLiteral("10-get-notfound-404.txt") << 404 << QStringLiteral("NotFound") << 0;
    QTest::newRow("409 exists") << QStringLiteral("12-create-alreadyexists-409.txt") << 409
                                << QStringLiteral("AlreadyExists") << 0;
    QTest::newRow("422") << QStringLiteral("13-create-invalid-422.txt") << 422 << QStringLiteral("Invalid") << 2;
    QTest::newRow("409 conflict") << QStringLiteral("15-replace-stale-conflict-409.txt") << 409
                                  << QStringLiteral("Conflict") << 0;
    QTest::newRow("401") << QStringLiteral("16-unauthorized-401.txt") << 401 << QStringLiteral("Unauthorized") << 0;
    QTest::newRow("403") << QStringLiteral("17-anonymous-forbidden-403.txt") << 403 << QStringLiteral("Forbidden") << 0;
}

void TestKubeRequest::statusSamples()
{
    if (!haveSamples())
        QSKIP("../shared/reference/apiserver-samples is not there");
    QFETCH(QString, file);
    QFETCH(int, code);
    QFETCH(QString, reason);
    QFETCH(int, causes);
    const Sample sample = readSample(file);
    QCOMPARE(sample.status, code);
    const KubeError error = KubeError::fromHttp(sample.status, sample.body);
    QCOMPARE(error.kind(), KubeError::Kind::Status);
    QCOMPARE(error.code(), code);
    QCOMPARE(error.reason(), reason);
    QCOMPARE(error.causes().size(), causes);
    QVERIFY(!error.message().isEmpty());
    QCOMPARE(error.isNotFound(), code == 404);
    QCOMPARE(error.isAlreadyExists(), reason == QLatin1String("AlreadyExists"));
    QCOMPARE(error.isConflict(), reason == QLatin1String("Conflict"));
    QCOMPARE(error.isInvalid(), code == 422);
    QCOMPARE(error.isUnauthorized(), code == 401);
    QCOMPARE(error.isForbidden(), code == 403);
    QVERIFY(!error.isRetryable());
    if (causes > 0) {
        QCOMPARE(error.causes().at(0).field, QStringLiteral("spec.trigger.schedule"));
        QCOMPARE(error.causes().at(1).reason, QStringLiteral("FieldValueNotSupported"));
        QVERIFY(error.personMessage().contains(QStringLiteral("spec.rsync.copyMethod")));
    }
    // Round trip through the Status form.
    const KubeError again = KubeError::fromStatus(error.toStatus());
    QCOMPARE(again.code(), error.code());
    QCOMPARE(again.reason(), error.reason());
    QCOMPARE(again.causes().size(), error.causes().size());
}

void TestKubeRequest::nonStatusBody()
{
    const KubeError error = KubeError::fromHttp(503, "<html>upstream connect error</html>");
    QCOMPARE(error.code(), 503);
    QCOMPARE(error.reason(), QStringLiteral("ServiceUnavailable"));
    QVERIFY(error.isRetryable());
    QVERIFY(error.message().contains(QStringLiteral("upstream connect error")));
    QVERIFY(KubeError::fromHttp(429, {}).isRetryable());
    QVERIFY(!KubeError::fromHttp(501, {}).isRetryable());
    QVERIFY(KubeError::fromHttp(410, {}).isGone());
}

void TestKubeRequest::personMessage()
{
    KubeError error = KubeError::fromHttp(404, readSample(QStringLiteral("10-get-notfound-404.txt")).body);
    error.setContext(QStringLiteral("kind-a"), QStringLiteral("kind-a"), QStringLiteral("https://127.0.0.1:6443"));
    error.setOperation(
        KubeRequest::get(replicationSources(), QStringLiteral("source"), QStringLiteral("nope")).describe());
    const QString text = error.personMessage();
    QVERIFY2(text.startsWith(QStringLiteral("Could not get replicationsources.volsync.backube \"nope\" in namespace "
                                            "\"source\" on cluster \"kind-a\" at https://127.0.0.1:6443")),
        qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("HTTP 404")));
    QVERIFY2(text.contains(QStringLiteral("CRD installed")), qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("VolSync")), qPrintable(text));

    KubeError refused(KubeError::Kind::Transport, QStringLiteral("connection refused by 127.0.0.1:1"));
    refused.setReason(QStringLiteral("ConnectionRefused"));
    refused.setContext(QStringLiteral("ctx"), QStringLiteral("cl"), QStringLiteral("https://127.0.0.1:1"));
    QVERIFY(refused.personMessage().contains(QStringLiteral("cluster \"cl\" (context \"ctx\")")));
    QVERIFY(refused.personMessage().contains(QStringLiteral("reachable")));
    QVERIFY(!refused.isRetryable());
    QVERIFY(KubeError().personMessage().isEmpty());
    QVERIFY(!KubeError().isError());
}

void TestKubeRequest::listSample()
{
    if (!haveSamples())
        QSKIP("../shared/reference/apiserver-samples is not there");
    for (const char *name : {"18-list.txt", "22-deletecollection.txt"}) {
        const Sample sample = readSample(QString::fromLatin1(name));
        QCOMPARE(sample.status, 200);
        const QJsonObject list = QJsonDocument::fromJson(sample.body).object();
        QVERIFY(!list.isEmpty());
        QCOMPARE(list.value(QLatin1String("items")).toArray().size(), 1);
        KubeObjectCache cache;
        for (const QJsonValue &item : list.value(QLatin1String("items")).toArray())
            QVERIFY(!cache.upsert(item.toObject()));
        QCOMPARE(cache.keys(), QStringList {QStringLiteral("source/sample")});
    }
}

void TestKubeRequest::watchSampleInChunks_data()
{
    QTest::addColumn<int>("chunkSize");
    for (int size : {1, 2, 7, 64, 1000, 100000})
        QTest::newRow(qPrintable(QString::number(size))) << size;
}

void TestKubeRequest::watchSampleInChunks()
{
    if (!haveSamples())
        QSKIP("../shared/reference/apiserver-samples is not there");
    QFETCH(int, chunkSize);
    const Sample sample = readSample(QStringLiteral("21-watch-stream.txt"));
    QCOMPARE(sample.status, 200);
    KubeWatchDecoder decoder;
    QList<KubeWatchEvent> events;
    for (qsizetype at = 0; at < sample.body.size(); at += chunkSize)
        events += decoder.feed(sample.body.mid(at, chunkSize));
    events += decoder.finish();
    QCOMPARE(decoder.error(), QString());
    QCOMPARE(events.size(), 4);
    QCOMPARE(events.at(0).type, KubeWatchEvent::Type::Modified);
    QCOMPARE(events.at(0).resourceVersion(), QStringLiteral("241"));
    QCOMPARE(events.at(1).type, KubeWatchEvent::Type::Deleted);
    QCOMPARE(events.at(1).resourceVersion(), QStringLiteral("242"));
    QCOMPARE(events.at(2).type, KubeWatchEvent::Type::Bookmark);
    QCOMPARE(events.at(3).type, KubeWatchEvent::Type::Bookmark);
    QCOMPARE(events.at(0)
                 .object.value(QLatin1String("spec"))
                 .toObject()
                 .value(QLatin1String("trigger"))
                 .toObject()
                 .value(QLatin1String("manual"))
                 .toString(),
        QStringLiteral("now"));
}

void TestKubeRequest::watchErrorEvent()
{
    if (!haveSamples())
        QSKIP("../shared/reference/apiserver-samples is not there");
    const Sample sample = readSample(QStringLiteral("20-watch-too-old-410.txt"));
    KubeWatchDecoder decoder;
    // No trailing newline needed at the end of the stream.
    QList<KubeWatchEvent> events = decoder.feed(sample.body.trimmed());
    QCOMPARE(events.size(), 0);
    events = decoder.finish();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.at(0).type, KubeWatchEvent::Type::Error);
    const KubeError error = KubeError::fromStatus(events.at(0).object);
    QCOMPARE(error.code(), 410);
    QVERIFY(error.isGone());
    QCOMPARE(error.reason(), QStringLiteral("Expired"));
}

void TestKubeRequest::decoderBadLines()
{
    KubeWatchDecoder decoder;
    const QList<KubeWatchEvent> events
        = decoder.feed("{\"type\":\"ADDED\",\"object\":{\"a\":1}}\r\n\nnot json\n"
                       "{\"type\":\"WHAT\",\"object\":{}}\n{\"type\":\"DELETED\",\"object\":{}}\n{\"ty");
    QCOMPARE(events.size(), 2);
    QCOMPARE(events.at(0).type, KubeWatchEvent::Type::Added);
    QCOMPARE(events.at(1).type, KubeWatchEvent::Type::Deleted);
    QVERIFY(!decoder.error().isEmpty());
    QCOMPARE(decoder.pendingBytes(), 4);
    QVERIFY(decoder.finish().isEmpty());
    // Many events in one chunk, then random splits of a long stream.
    QByteArray stream;
    for (int i = 0; i < 500; ++i)
        stream += "{\"type\":\"MODIFIED\",\"object\":{\"metadata\":{\"resourceVersion\":\"" + QByteArray::number(i)
            + "\"}}}\n";
    QRandomGenerator random(7);
    KubeWatchDecoder second;
    QList<KubeWatchEvent> all;
    for (qsizetype at = 0; at < stream.size();) {
        const qsizetype size = 1 + random.bounded(300);
        all += second.feed(stream.mid(at, size));
        at += size;
    }
    QCOMPARE(all.size(), 500);
    for (int i = 0; i < 500; ++i)
        QCOMPARE(all.at(i).resourceVersion(), QString::number(i));
}

void TestKubeRequest::fuzzParsers()
{
    // Random bytes and mangled samples into the stream decoder and the error parser: no crash, only errors.
    QList<QByteArray> seeds {R"({"kind":"Status","code":410,"reason":"Expired","details":{"causes":[{"field":1}]}})",
        R"({"type":"ADDED","object":{"metadata":{"name":"x"}}})"};
    if (haveSamples()) {
        for (const char *name : {"13-create-invalid-422.txt", "21-watch-stream.txt", "20-watch-too-old-410.txt"})
            seeds.append(readSample(QString::fromLatin1(name)).body);
    }
    QRandomGenerator random(31337);
    for (int round = 0; round < 2000; ++round) {
        QByteArray bytes = seeds.at(random.bounded(int(seeds.size())));
        if (round % 3 == 0) {
            bytes.resize(random.bounded(300));
            for (char &c : bytes)
                c = char(random.bounded(256));
        } else {
            for (int m = 0; m < 4 && !bytes.isEmpty(); ++m)
                bytes[random.bounded(int(bytes.size()))] = "{}[]\":,\n0a"[random.bounded(11)];
        }
        const KubeError error = KubeError::fromHttp(400 + random.bounded(200), bytes);
        QVERIFY(error.isError());
        (void)error.personMessage();
        KubeWatchDecoder decoder;
        qsizetype at = 0;
        while (at < bytes.size()) {
            const qsizetype size = 1 + random.bounded(64);
            for (const KubeWatchEvent &event : decoder.feed(bytes.mid(at, size)))
                (void)KubeError::fromStatus(event.object).personMessage();
            at += size;
        }
        (void)decoder.finish();
    }
}

void TestKubeRequest::rateLimiter()
{
    KubeRateLimiter limiter; // 5 qps, burst 10
    QCOMPARE(limiter.qps(), 5.0);
    QCOMPARE(limiter.burst(), 10);
    for (int i = 0; i < 10; ++i)
        QCOMPARE(limiter.reserveAt(1000), 0);
    QCOMPARE(limiter.reserveAt(1000), 200);
    QCOMPARE(limiter.reserveAt(1000), 400);
    // After 2 s, 10 tokens have come back; two were owed.
    QCOMPARE(limiter.reserveAt(3000), 0);
    KubeRateLimiter off(0, 1);
    for (int i = 0; i < 100; ++i)
        QCOMPARE(off.reserveAt(0), 0);
    KubeRateLimiter fast;
    fast.configure(100, 1);
    QCOMPARE(fast.reserveAt(0), 0);
    QCOMPARE(fast.reserveAt(0), 10);
}

void TestKubeRequest::objectCache()
{
    KubeObjectCache cache;
    const auto object = [](const QString &ns, const QString &name, const QString &rv) {
        return QJsonObject {{QStringLiteral("metadata"),
            QJsonObject {{QStringLiteral("namespace"), ns}, {QStringLiteral("name"), name},
                {QStringLiteral("resourceVersion"), rv}}}};
    };
    QVERIFY(!cache.upsert(object(QStringLiteral("b"), QStringLiteral("x"), QStringLiteral("1"))));
    QVERIFY(!cache.upsert(object(QStringLiteral("a"), QStringLiteral("y"), QStringLiteral("2"))));
    QVERIFY(!cache.upsert(object(QStringLiteral("a"), QStringLiteral("x"), QStringLiteral("3"))));
    const auto previous = cache.upsert(object(QStringLiteral("a"), QStringLiteral("x"), QStringLiteral("4")));
    QVERIFY(previous);
    QCOMPARE(previous->value(QLatin1String("metadata")).toObject().value(QLatin1String("resourceVersion")).toString(),
        QStringLiteral("3"));
    QCOMPARE(cache.size(), 3);
    QCOMPARE(cache.keys(), (QStringList {QStringLiteral("a/x"), QStringLiteral("a/y"), QStringLiteral("b/x")}));
    QCOMPARE(cache.objectsInNamespace(QStringLiteral("a")).size(), 2);
    QVERIFY(cache.contains(QStringLiteral("b"), QStringLiteral("x")));
    QVERIFY(cache.remove(object(QStringLiteral("b"), QStringLiteral("x"), {})));
    QVERIFY(!cache.remove(object(QStringLiteral("b"), QStringLiteral("x"), {})));
    QVERIFY(cache.objectsInNamespace(QStringLiteral("b")).isEmpty());
    QVERIFY(!cache.get(QStringLiteral("b"), QStringLiteral("x")));
    QCOMPARE(cache.get(QStringLiteral("a"), QStringLiteral("y"))
                 ->value(QLatin1String("metadata"))
                 .toObject()
                 .value(QLatin1String("name"))
                 .toString(),
        QStringLiteral("y"));
}

QTEST_GUILESS_MAIN(TestKubeRequest)
#include "test_kuberequest.moc"
