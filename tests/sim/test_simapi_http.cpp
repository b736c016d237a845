// SPDX-License-Identifier: GPL-3.0-or-later
// The simulated API server over real HTTPS: discovery, every verb, Status errors compared with the recorded
// kube-apiserver answers (../shared/reference/apiserver-samples), authentication, authorisation, watch
// semantics and fault injection.
#include "simapitestclient.h"

#include "sim/simapiserver.h"
#include "sim/simcertificates.h"
#include "sim/simcluster.h"
#include "sim/simstore.h"
#include "sim/simtable.h"
#include "sim/simulator.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

namespace {

struct Sample {
    QByteArray requestBody;
    int code = 0;
    QByteArray body;
};

// Reads one recorded answer: "# body: {...}" is the request body; the answer body follows the first blank line.
Sample readSample(const QString &name)
{
    QFile file(QStringLiteral(VOLSYNC_SHARED_DIR "/reference/apiserver-samples/") + name);
    Sample sample;
    if (!file.open(QIODevice::ReadOnly))
        return sample;
    const QList<QByteArray> lines = file.readAll().split('\n');
    bool inBody = false;
    for (const QByteArray &line : lines) {
        if (inBody) {
            if (!line.trimmed().isEmpty())
                sample.body += line.trimmed();
            continue;
        }
        if (line.startsWith("# body: "))
            sample.requestBody = line.mid(8);
        else if (line.startsWith("HTTP "))
            sample.code = line.split(' ').value(1).toInt();
        else if (line.trimmed().isEmpty() && sample.code != 0)
            inBody = true;
    }
    return sample;
}

const QString kSources = QStringLiteral("/apis/volsync.backube/v1alpha1/namespaces/source/replicationsources");

QByteArray sourceBody(const QString &name, const QString &schedule = QStringLiteral("*/5 * * * *"),
    const QString &relationship = QStringLiteral("3d0c5a52-8f4e-4b1f-9a57-2c6e0d9b7a11"))
{
    QJsonObject labels {{QStringLiteral("volsync.backube/relationship"), relationship}};
    QJsonObject meta {{QStringLiteral("name"), name}, {QStringLiteral("labels"), labels}};
    QJsonObject rsync {{QStringLiteral("copyMethod"), QStringLiteral("Clone")},
        {QStringLiteral("address"), QStringLiteral("10.96.0.42")},
        {QStringLiteral("sshKeys"), QStringLiteral("sample")}};
    QJsonObject spec {{QStringLiteral("sourcePVC"), QStringLiteral("datavol")},
        {QStringLiteral("trigger"), QJsonObject {{QStringLiteral("schedule"), schedule}}},
        {QStringLiteral("rsync"), rsync}};
    QJsonObject object {{QStringLiteral("apiVersion"), QStringLiteral("volsync.backube/v1alpha1")},
        {QStringLiteral("kind"), QStringLiteral("ReplicationSource")}, {QStringLiteral("metadata"), meta},
        {QStringLiteral("spec"), spec}};
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject metadataOf(const QJsonObject &object)
{
    return object.value(QStringLiteral("metadata")).toObject();
}

// Collects watch events from a streaming reply.
class WatchReader : public QObject
{
public:
    explicit WatchReader(QNetworkReply *reply)
        : mReply(reply)
    {
        connect(reply, &QNetworkReply::readyRead, this, [this] {
            mBuffer += mReply->readAll();
            qsizetype newline;
            while ((newline = mBuffer.indexOf('\n')) >= 0) {
                const QByteArray line = mBuffer.left(newline);
                mBuffer.remove(0, newline + 1);
                if (line.trimmed().isEmpty())
                    continue;
                lines.append(line);
                events.append(QJsonDocument::fromJson(line).object());
            }
        });
    }
    ~WatchReader() override { delete mReply; }
    QStringList types() const
    {
        QStringList result;
        for (const QJsonObject &event : events)
            result.append(event.value(QStringLiteral("type")).toString());
        return result;
    }
    QNetworkReply *reply() const { return mReply; }
    QList<QJsonObject> events;
    QList<QByteArray> lines;

private:
    QNetworkReply *mReply;
    QByteArray mBuffer;
};

} // namespace

class TestSimApiHttp : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SimFixture> mSim;
    std::unique_ptr<SimApiTestClient> mClient;
    QTemporaryDir mDir;

    SimCluster *kind() const { return mSim->cluster(QStringLiteral("kind")); }

    void resetFaults() { kind()->setFaults(SimFaults()); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(mDir.isValid());
        mSim = SimApiTestClient::startSimulator({QStringLiteral("kind"), QStringLiteral("gcp")},
            "good-token,alice,1001,\"dev,ops\"\nadmin-token,root,0,system:masters\n");
        QVERIFY(mSim);
        mClient = std::make_unique<SimApiTestClient>(*mSim->simulator(), QStringLiteral("kind"));
        QVERIFY(kind()->port() != mSim->cluster(QStringLiteral("gcp"))->port());
    }

    void cleanupTestCase()
    {
        mClient.reset();
        mSim.reset();
    }

    void init() { resetFaults(); }

    void kubeconfigHasOneContextPerCluster()
    {
        QFile file(mSim->kubeconfigPath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(text.contains("- name: \"kind\""));
        QVERIFY(text.contains("- name: \"gcp\""));
        QVERIFY(text.contains("client-certificate-data: "));
        QVERIFY(text.contains("client-key-data: "));
        QVERIFY(text.contains("certificate-authority-data: "));
        QVERIFY(
            text.contains(QByteArray(QByteArray("server: \"https://127.0.0.1:") + QByteArray::number(kind()->port()))));
        QCOMPARE(file.permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup), QFileDevice::Permissions());
    }

    void discovery()
    {
        const SimApiTestClient::Reply version = mClient->send("GET", QStringLiteral("/version"));
        QCOMPARE(version.code, 200);
        QCOMPARE(version.json.value(QStringLiteral("major")).toString(), QStringLiteral("1"));
        QVERIFY(version.json.value(QStringLiteral("gitVersion")).toString().startsWith(QStringLiteral("v1.")));

        const SimApiTestClient::Reply api = mClient->send("GET", QStringLiteral("/api"));
        QJsonObject expectedApi
            = QJsonDocument::fromJson(readSample(QStringLiteral("02-discovery-api.txt")).body).object();
        QCOMPARE(api.json.value(QStringLiteral("kind")), expectedApi.value(QStringLiteral("kind")));
        QCOMPARE(api.json.value(QStringLiteral("versions")), expectedApi.value(QStringLiteral("versions")));

        // The VolSync group/version answers as the real server does (resources, verbs, subresources).
        const SimApiTestClient::Reply volsync = mClient->send("GET", QStringLiteral("/apis/volsync.backube/v1alpha1"));
        QCOMPARE(volsync.code, 200);
        const QJsonObject expected
            = QJsonDocument::fromJson(readSample(QStringLiteral("03-discovery-volsync.txt")).body).object();
        QCOMPARE(volsync.json.value(QStringLiteral("groupVersion")), expected.value(QStringLiteral("groupVersion")));
        QCOMPARE(volsync.json.value(QStringLiteral("kind")), expected.value(QStringLiteral("kind")));
        const QJsonArray ours = volsync.json.value(QStringLiteral("resources")).toArray();
        const QJsonArray theirs = expected.value(QStringLiteral("resources")).toArray();
        QCOMPARE(ours.size(), theirs.size());
        for (const QJsonValue &value : theirs) {
            const QJsonObject resource = value.toObject();
            bool found = false;
            for (const QJsonValue &mine : ours) {
                const QJsonObject candidate = mine.toObject();
                if (candidate.value(QStringLiteral("name")) != resource.value(QStringLiteral("name")))
                    continue;
                found = true;
                for (const char *key : {"singularName", "namespaced", "kind"})
                    QCOMPARE(candidate.value(QLatin1String(key)), resource.value(QLatin1String(key)));
                QStringList a = candidate.value(QStringLiteral("verbs")).toVariant().toStringList();
                QStringList b = resource.value(QStringLiteral("verbs")).toVariant().toStringList();
                a.sort();
                b.sort();
                QCOMPARE(a, b);
            }
            QVERIFY2(found, qPrintable(resource.value(QStringLiteral("name")).toString()));
        }

        const SimApiTestClient::Reply groups = mClient->send("GET", QStringLiteral("/apis"));
        QStringList names;
        for (const QJsonValue &group : groups.json.value(QStringLiteral("groups")).toArray())
            names.append(group.toObject().value(QStringLiteral("name")).toString());
        QCOMPARE(names,
            QStringList({QStringLiteral("events.k8s.io"), QStringLiteral("batch"), QStringLiteral("storage.k8s.io"),
                QStringLiteral("snapshot.storage.k8s.io"), QStringLiteral("volsync.backube")}));
        const SimApiTestClient::Reply core = mClient->send("GET", QStringLiteral("/api/v1"));
        QCOMPARE(core.json.value(QStringLiteral("groupVersion")).toString(), QStringLiteral("v1"));
        QCOMPARE(mClient->send("GET", QStringLiteral("/apis/nope.example/v1")).code, 404);

        // kubectl learns from OpenAPI v3 that fieldValidation is supported
        const SimApiTestClient::Reply openapi = mClient->send("GET", QStringLiteral("/openapi/v3"));
        const QString url = openapi.json.value(QStringLiteral("paths"))
                                .toObject()
                                .value(QStringLiteral("apis/volsync.backube/v1alpha1"))
                                .toObject()
                                .value(QStringLiteral("serverRelativeURL"))
                                .toString();
        QVERIFY(!url.isEmpty());
        const SimApiTestClient::Reply document = mClient->send("GET", url);
        QCOMPARE(document.code, 200);
        QVERIFY(document.body.contains("fieldValidation"));
    }

    void errorsMatchTheRecordedAnswers()
    {
        // 404 NotFound
        const Sample notFound = readSample(QStringLiteral("10-get-notfound-404.txt"));
        const SimApiTestClient::Reply missing = mClient->send("GET", kSources + QStringLiteral("/nope"));
        QCOMPARE(missing.code, notFound.code);
        QCOMPARE(missing.body, notFound.body);
        QCOMPARE(missing.headers.value("content-type"), QByteArray("application/json"));

        // 201 Created, then 409 AlreadyExists
        const Sample created = readSample(QStringLiteral("11-create-201.txt"));
        const SimApiTestClient::Reply create = mClient->send("POST", kSources, created.requestBody);
        QCOMPARE(create.code, 201);
        const QJsonObject expected = QJsonDocument::fromJson(created.body).object();
        QCOMPARE(create.json.value(QStringLiteral("spec")), expected.value(QStringLiteral("spec")));
        const QJsonObject meta = metadataOf(create.json);
        QCOMPARE(meta.value(QStringLiteral("generation")).toInt(), 1);
        QCOMPARE(meta.value(QStringLiteral("labels")), metadataOf(expected).value(QStringLiteral("labels")));
        QVERIFY(QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$"))
                    .match(meta.value(QStringLiteral("creationTimestamp")).toString())
                    .hasMatch());
        QVERIFY(meta.value(QStringLiteral("resourceVersion")).toString().toLongLong() > 0);
        const QJsonObject managed = meta.value(QStringLiteral("managedFields")).toArray().at(0).toObject();
        QCOMPARE(managed.value(QStringLiteral("fieldsV1")),
            metadataOf(expected)
                .value(QStringLiteral("managedFields"))
                .toArray()
                .at(0)
                .toObject()
                .value(QStringLiteral("fieldsV1")));

        const Sample exists = readSample(QStringLiteral("12-create-alreadyexists-409.txt"));
        const SimApiTestClient::Reply again = mClient->send("POST", kSources, exists.requestBody);
        QCOMPARE(again.code, exists.code);
        QCOMPARE(again.body, exists.body);

        // 422 Invalid with causes, in the apiserver's order and wording
        const Sample invalid = readSample(QStringLiteral("13-create-invalid-422.txt"));
        const SimApiTestClient::Reply bad = mClient->send("POST", kSources, invalid.requestBody);
        QCOMPARE(bad.code, invalid.code);
        QCOMPARE(bad.body, invalid.body);

        // merge patch bumps generation and resourceVersion
        const SimApiTestClient::Reply patched = mClient->send("PATCH", kSources + QStringLiteral("/sample"),
            readSample(QStringLiteral("14-merge-patch-200.txt")).requestBody, "application/merge-patch+json");
        QCOMPARE(patched.code, 200);
        QCOMPARE(metadataOf(patched.json).value(QStringLiteral("generation")).toInt(), 2);
        QCOMPARE(metadataOf(patched.json).value(QStringLiteral("resourceVersion")).toString().toLongLong(),
            meta.value(QStringLiteral("resourceVersion")).toString().toLongLong() + 1);
        QCOMPARE(patched.json.value(QStringLiteral("spec"))
                     .toObject()
                     .value(QStringLiteral("trigger"))
                     .toObject()
                     .value(QStringLiteral("schedule"))
                     .toString(),
            QStringLiteral("0 * * * *"));

        // 409 Conflict on a replace with the old resourceVersion
        QJsonObject stale = create.json;
        QJsonObject spec = stale.value(QStringLiteral("spec")).toObject();
        spec.insert(QStringLiteral("trigger"), QJsonObject {{QStringLiteral("schedule"), QStringLiteral("1 * * * *")}});
        stale.insert(QStringLiteral("spec"), spec);
        const Sample conflict = readSample(QStringLiteral("15-replace-stale-conflict-409.txt"));
        const SimApiTestClient::Reply replaced = mClient->send(
            "PUT", kSources + QStringLiteral("/sample"), QJsonDocument(stale).toJson(QJsonDocument::Compact));
        QCOMPARE(replaced.code, conflict.code);
        QCOMPARE(replaced.body, conflict.body);

        // list: kind, continue and resourceVersion as recorded
        const SimApiTestClient::Reply list = mClient->send("GET", kSources);
        const QJsonObject expectedList
            = QJsonDocument::fromJson(readSample(QStringLiteral("18-list.txt")).body).object();
        QCOMPARE(list.json.value(QStringLiteral("kind")), expectedList.value(QStringLiteral("kind")));
        QCOMPARE(list.json.value(QStringLiteral("apiVersion")), expectedList.value(QStringLiteral("apiVersion")));
        QCOMPARE(metadataOf(list.json).keys(), metadataOf(expectedList).keys());
        QCOMPARE(metadataOf(list.json).value(QStringLiteral("resourceVersion")).toString(),
            QString::number(kind()->store()->resourceVersion()));
        QCOMPARE(list.json.value(QStringLiteral("items")).toArray().size(), 1);

        // deletecollection by label: answers with the deleted objects
        const Sample collection = readSample(QStringLiteral("22-deletecollection.txt"));
        const SimApiTestClient::Reply deleted = mClient->send("DELETE",
            kSources
                + QStringLiteral(
                    "?labelSelector=volsync.backube%2Frelationship%3D3d0c5a52-8f4e-4b1f-9a57-2c6e0d9b7a11"));
        QCOMPARE(deleted.code, collection.code);
        const QJsonObject expectedCollection = QJsonDocument::fromJson(collection.body).object();
        QCOMPARE(deleted.json.value(QStringLiteral("kind")), expectedCollection.value(QStringLiteral("kind")));
        QCOMPARE(deleted.json.value(QStringLiteral("items")).toArray().size(), 1);
        QCOMPARE(mClient->send("GET", kSources + QStringLiteral("/sample")).code, 404);

        // Other errors have the Status shape and the right reasons.
        const SimApiTestClient::Reply badJson = mClient->send("POST", kSources, "{not json");
        QCOMPARE(badJson.code, 400);
        QCOMPARE(badJson.json.value(QStringLiteral("reason")).toString(), QStringLiteral("BadRequest"));
        const SimApiTestClient::Reply notAllowed
            = mClient->send("POST", kSources + QStringLiteral("/x"), sourceBody(QStringLiteral("x")));
        QCOMPARE(notAllowed.code, 405);
        QCOMPARE(notAllowed.json.value(QStringLiteral("reason")).toString(), QStringLiteral("MethodNotAllowed"));
        const SimApiTestClient::Reply smp
            = mClient->send("PATCH", kSources + QStringLiteral("/x"), "{}", "application/strategic-merge-patch+json");
        QCOMPARE(smp.code, 415);
        const SimApiTestClient::Reply noNamespace = mClient->send("POST",
            QStringLiteral("/apis/volsync.backube/v1alpha1/namespaces/nowhere/replicationsources"),
            sourceBody(QStringLiteral("x")));
        QCOMPARE(noNamespace.code, 404);
        QCOMPARE(noNamespace.json.value(QStringLiteral("message")).toString(),
            QStringLiteral("namespaces \"nowhere\" not found"));
    }

    void unauthorized()
    {
        const Sample sample = readSample(QStringLiteral("16-unauthorized-401.txt"));
        // No credentials at all: system:anonymous (kube-apiserver's default --anonymous-auth=true), forbidden.
        const Sample forbidden = readSample(QStringLiteral("17-anonymous-forbidden-403.txt"));
        SimApiTestClient anonymous(*mSim->simulator(), QStringLiteral("kind"));
        anonymous.setUseClientCertificate(false);
        const SimApiTestClient::Reply none = anonymous.send("GET", kSources + QStringLiteral("/sample"));
        QCOMPARE(none.code, forbidden.code);
        QCOMPARE(none.body, forbidden.body);
        QCOMPARE(anonymous.send("GET", QStringLiteral("/version")).code, 200);
        QCOMPARE(anonymous.send("GET", QStringLiteral("/api")).code, 403);
        anonymous.setToken(QStringLiteral("wrong-token"));
        const SimApiTestClient::Reply wrong = anonymous.send("GET", kSources + QStringLiteral("/sample"));
        QCOMPARE(wrong.code, 401);
        QCOMPARE(wrong.body, sample.body);
        anonymous.setToken(QStringLiteral("good-token"));
        QCOMPARE(anonymous.send("GET", QStringLiteral("/api/v1/namespaces")).code, 200);

        // A certificate from another cluster's CA is not accepted.
        SimApiTestClient foreign(*mSim->simulator(), QStringLiteral("kind"));
        const QDir gcp(QDir(mSim->simulator()->stateDir()).filePath(QStringLiteral("gcp")));
        foreign.setClientCertificateFiles(
            gcp.filePath(QStringLiteral("client.crt")), gcp.filePath(QStringLiteral("client.key")));
        QCOMPARE(foreign.send("GET", QStringLiteral("/api/v1/namespaces")).code, 401);
    }

    void forbiddenOutsideTheAllowList()
    {
        kind()->setAllowedNamespaces(QStringLiteral("alice"), {QStringLiteral("destns")});
        SimApiTestClient alice(*mSim->simulator(), QStringLiteral("kind"));
        alice.setUseClientCertificate(false);
        alice.setToken(QStringLiteral("good-token"));
        const SimApiTestClient::Reply denied = alice.send("GET", kSources + QStringLiteral("/sample"));
        QCOMPARE(denied.code, 403);
        QCOMPARE(denied.json.value(QStringLiteral("reason")).toString(), QStringLiteral("Forbidden"));
        QCOMPARE(denied.json.value(QStringLiteral("message")).toString(),
            QStringLiteral(
                "replicationsources.volsync.backube \"sample\" is forbidden: User \"alice\" cannot get "
                "resource \"replicationsources\" in API group \"volsync.backube\" in the namespace \"source\""));
        QCOMPARE(
            alice.send("GET", QStringLiteral("/apis/volsync.backube/v1alpha1/namespaces/destns/replicationsources"))
                .code,
            200);
        QCOMPARE(alice.send("GET", QStringLiteral("/apis/volsync.backube/v1alpha1/replicationsources")).code, 403);
        QCOMPARE(alice.send("GET", QStringLiteral("/_sim/faults")).code, 403);
        kind()->clearAccessRules();
        QCOMPARE(alice.send("GET", kSources).code, 200);
        // the same through the admin endpoint
        QCOMPARE(
            mClient->send("PUT", QStringLiteral("/_sim/access"), R"({"user":"alice","namespaces":["destns"]})").code,
            200);
        QCOMPARE(alice.send("GET", kSources).code, 403);
        QCOMPARE(
            mClient->send("GET", QStringLiteral("/_sim/access")).json.value(QStringLiteral("alice")).toArray().size(),
            1);
        QCOMPARE(mClient->send("DELETE", QStringLiteral("/_sim/access")).code, 200);
        QCOMPARE(alice.send("GET", kSources).code, 200);
        QCOMPARE(mClient->send("PUT", QStringLiteral("/_sim/access"), R"({"namespaces":"x"})").code, 400);
    }

    void verbs()
    {
        // generateName
        QJsonObject generated = QJsonDocument::fromJson(sourceBody(QString())).object();
        generated.insert(
            QStringLiteral("metadata"), QJsonObject {{QStringLiteral("generateName"), QStringLiteral("gen-")}});
        const SimApiTestClient::Reply gen = mClient->send("POST", kSources, QJsonDocument(generated).toJson());
        QCOMPARE(gen.code, 201);
        const QString genName = metadataOf(gen.json).value(QStringLiteral("name")).toString();
        QVERIFY(genName.startsWith(QStringLiteral("gen-")) && genName.size() == 9);

        // replace with the current resourceVersion, then the status subresource
        QJsonObject object = gen.json;
        QJsonObject spec = object.value(QStringLiteral("spec")).toObject();
        spec.insert(QStringLiteral("paused"), true);
        object.insert(QStringLiteral("spec"), spec);
        object.insert(
            QStringLiteral("status"), QJsonObject {{QStringLiteral("lastManualSync"), QStringLiteral("ignored")}});
        const SimApiTestClient::Reply replaced
            = mClient->send("PUT", kSources + QLatin1Char('/') + genName, QJsonDocument(object).toJson());
        QCOMPARE(replaced.code, 200);
        QCOMPARE(metadataOf(replaced.json).value(QStringLiteral("generation")).toInt(), 2);
        QVERIFY(!replaced.json.contains(QStringLiteral("status")));
        const SimApiTestClient::Reply status
            = mClient->send("PATCH", kSources + QLatin1Char('/') + genName + QStringLiteral("/status"),
                R"({"status":{"lastManualSync":"m1"},"spec":{"paused":false}})", "application/merge-patch+json");
        QCOMPARE(status.code, 200);
        QCOMPARE(
            status.json.value(QStringLiteral("status")).toObject().value(QStringLiteral("lastManualSync")).toString(),
            QStringLiteral("m1"));
        QCOMPARE(status.json.value(QStringLiteral("spec")).toObject().value(QStringLiteral("paused")).toBool(), true);
        QCOMPARE(metadataOf(status.json).value(QStringLiteral("generation")).toInt(), 2);
        const SimApiTestClient::Reply badStatus = mClient->send("PATCH",
            kSources + QLatin1Char('/') + genName + QStringLiteral("/status"),
            R"({"status":{"conditions":[{"type":"Synchronizing","status":"Maybe"}]}})", "application/merge-patch+json");
        QCOMPARE(badStatus.code, 422);

        // JSON patch, with a failing test operation
        const SimApiTestClient::Reply jsonPatch = mClient->send("PATCH", kSources + QLatin1Char('/') + genName,
            R"([{"op":"replace","path":"/spec/sourcePVC","value":"other"},{"op":"add","path":"/metadata/labels","value":{"x":"y"}}])",
            "application/json-patch+json");
        QCOMPARE(jsonPatch.code, 200);
        QCOMPARE(jsonPatch.json.value(QStringLiteral("spec")).toObject().value(QStringLiteral("sourcePVC")).toString(),
            QStringLiteral("other"));
        QCOMPARE(mClient
                     ->send("PATCH", kSources + QLatin1Char('/') + genName,
                         R"([{"op":"test","path":"/spec/sourcePVC","value":"no"}])", "application/json-patch+json")
                     .code,
            422);

        // server-side apply creates, then updates
        const SimApiTestClient::Reply applied
            = mClient->send("PATCH", kSources + QStringLiteral("/applied?fieldManager=test"),
                sourceBody(QStringLiteral("applied")), "application/apply-patch+yaml");
        QCOMPARE(applied.code, 201);
        QCOMPARE(mClient
                     ->send("PATCH", kSources + QStringLiteral("/applied"), sourceBody(QStringLiteral("applied")),
                         "application/apply-patch+yaml")
                     .code,
            422); // kube-apiserver: PatchOptions is invalid (fieldManager required)

        // unknown fields: Strict rejects, the default warns and drops them
        QJsonObject unknown = QJsonDocument::fromJson(sourceBody(QStringLiteral("unknown"))).object();
        QJsonObject uspec = unknown.value(QStringLiteral("spec")).toObject();
        uspec.insert(QStringLiteral("bogus"), 1);
        unknown.insert(QStringLiteral("spec"), uspec);
        const SimApiTestClient::Reply strict = mClient->send(
            "POST", kSources + QStringLiteral("?fieldValidation=Strict"), QJsonDocument(unknown).toJson());
        QCOMPARE(strict.code, 400);
        QCOMPARE(strict.json.value(QStringLiteral("message")).toString(),
            QStringLiteral("ReplicationSource in version \"v1alpha1\" cannot be handled as a ReplicationSource: strict "
                           "decoding error: unknown field \"spec.bogus\""));
        const SimApiTestClient::Reply warned = mClient->send("POST", kSources, QJsonDocument(unknown).toJson());
        QCOMPARE(warned.code, 201);
        QVERIFY(warned.headers.value("warning").contains("unknown field"));
        QVERIFY(!warned.json.value(QStringLiteral("spec")).toObject().contains(QStringLiteral("bogus")));

        // list with limit/continue and selectors
        for (int i = 0; i < 5; ++i)
            QCOMPARE(mClient
                         ->send("POST", kSources,
                             sourceBody(
                                 QStringLiteral("page%1").arg(i), QStringLiteral("0 * * * *"), QStringLiteral("pages")))
                         .code,
                201);
        QStringList seen;
        QString token;
        int pages = 0;
        do {
            QUrlQuery query;
            query.addQueryItem(QStringLiteral("limit"), QStringLiteral("2"));
            query.addQueryItem(QStringLiteral("labelSelector"), QStringLiteral("volsync.backube/relationship=pages"));
            if (!token.isEmpty())
                query.addQueryItem(QStringLiteral("continue"), token);
            const SimApiTestClient::Reply page
                = mClient->send("GET", kSources + QLatin1Char('?') + query.toString(QUrl::FullyEncoded));
            QCOMPARE(page.code, 200);
            for (const QJsonValue &item : page.json.value(QStringLiteral("items")).toArray())
                seen.append(metadataOf(item.toObject()).value(QStringLiteral("name")).toString());
            token = metadataOf(page.json).value(QStringLiteral("continue")).toString();
            ++pages;
        } while (!token.isEmpty() && pages < 10);
        QCOMPARE(pages, 3);
        QCOMPARE(seen,
            QStringList({QStringLiteral("page0"), QStringLiteral("page1"), QStringLiteral("page2"),
                QStringLiteral("page3"), QStringLiteral("page4")}));
        const SimApiTestClient::Reply byName = mClient->send("GET",
            QStringLiteral("/apis/volsync.backube/v1alpha1/replicationsources?fieldSelector=metadata.name%3Dpage3"));
        QCOMPARE(byName.json.value(QStringLiteral("items")).toArray().size(), 1);
        QCOMPARE(mClient->send("GET", kSources + QStringLiteral("?fieldSelector=spec.sourcePVC%3Dx")).code, 400);
        // kind-specific field selectors (kubectl describe looks events up by involvedObject)
        QCOMPARE(
            mClient
                ->send("POST", QStringLiteral("/api/v1/namespaces/source/events"),
                    R"({"metadata":{"name":"e1"},"involvedObject":{"kind":"ReplicationSource","name":"page1","namespace":"source"},"reason":"Synced","type":"Normal"})")
                .code,
            201);
        const SimApiTestClient::Reply events = mClient->send("GET",
            QStringLiteral("/api/v1/namespaces/source/"
                           "events?fieldSelector=involvedObject.name%3Dpage1,involvedObject.kind%3DReplicationSource,"
                           "type%3DNormal"));
        QCOMPARE(events.code, 200);
        QCOMPARE(events.json.value(QStringLiteral("items")).toArray().size(), 1);
        QCOMPARE(mClient
                     ->send("GET",
                         QStringLiteral("/api/v1/namespaces/source/events?fieldSelector=involvedObject.name%3Dother"))
                     .json.value(QStringLiteral("items"))
                     .toArray()
                     .size(),
            0);

        // delete with a precondition, then a plain delete
        QCOMPARE(
            mClient->send("DELETE", kSources + QStringLiteral("/page0"), R"({"preconditions":{"uid":"nope"}})").code,
            409);
        const SimApiTestClient::Reply removed = mClient->send("DELETE", kSources + QStringLiteral("/page0"));
        QCOMPARE(removed.code, 200);
        // A custom resource's delete answers a Success Status naming it (kube-apiserver's generic registry).
        QCOMPARE(removed.json.value(QStringLiteral("status")).toString(), QStringLiteral("Success"));
        QCOMPARE(removed.json.value(QStringLiteral("details")).toObject().value(QStringLiteral("name")).toString(),
            QStringLiteral("page0"));
        QCOMPARE(mClient->send("DELETE", kSources + QStringLiteral("/page0")).code, 404);
    }

    void builtInKindsFieldValidation()
    {
        // Current Kubernetes (v1.20, the reference server of tests/realapiserver, has no fieldValidation): unknown
        // fields of built-in kinds are refused with Strict, dropped with a warning by default, dropped silently
        // with Ignore.
        const QString pods = QStringLiteral("/api/v1/namespaces/source/pods");
        const QByteArray pod = R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"NAME","colour":"red"},
            "spec":{"automountServiceAccountToken":false,"nodeSelectorr":{"a":"b"},"containers":[{"name":"a",
            "image":"busybox","imagePullPolicyy":"Always","ports":[{"containerPort":80,"protcol":"TCP"}]}]}})";
        const auto named = [&pod](const char *name) { return QByteArray(pod).replace("NAME", name); };
        const SimApiTestClient::Reply strict
            = mClient->send("POST", pods + QStringLiteral("?fieldValidation=Strict"), named("strict"));
        QCOMPARE(strict.code, 400);
        QCOMPARE(strict.json.value(QStringLiteral("reason")).toString(), QStringLiteral("BadRequest"));
        QCOMPARE(strict.json.value(QStringLiteral("message")).toString(),
            QStringLiteral("Pod in version \"v1\" cannot be handled as a Pod: strict decoding error: unknown field "
                           "\"metadata.colour\", unknown field \"spec.nodeSelectorr\", unknown field "
                           "\"spec.containers[0].imagePullPolicyy\", unknown field "
                           "\"spec.containers[0].ports[0].protcol\"")); // the body's order (SimFieldOrder)
        QCOMPARE(mClient->send("GET", pods + QStringLiteral("/strict")).code, 404);

        const SimApiTestClient::Reply warned = mClient->send("POST", pods, named("warned"));
        QCOMPARE(warned.code, 201);
        QVERIFY2(warned.headers.value("warning").contains("unknown field \\\"spec.nodeSelectorr\\\""),
            warned.headers.value("warning").constData());
        const QJsonObject spec = warned.json.value(QStringLiteral("spec")).toObject();
        QVERIFY(!spec.contains(QStringLiteral("nodeSelectorr")));
        const QJsonObject container = spec.value(QStringLiteral("containers")).toArray().at(0).toObject();
        QVERIFY(!container.contains(QStringLiteral("imagePullPolicyy")));
        QCOMPARE(container.value(QStringLiteral("imagePullPolicy")).toString(), QStringLiteral("Always")); // defaulted
        QVERIFY(
            !container.value(QStringLiteral("ports")).toArray().at(0).toObject().contains(QStringLiteral("protcol")));

        const SimApiTestClient::Reply ignored
            = mClient->send("POST", pods + QStringLiteral("?fieldValidation=Ignore"), named("ignored"));
        QCOMPARE(ignored.code, 201);
        QVERIFY(!ignored.headers.contains("warning"));

        // A Secret and a patch too; known fields pass Strict.
        const QString secrets = QStringLiteral("/api/v1/namespaces/source/secrets");
        QCOMPARE(mClient
                     ->send("POST", secrets + QStringLiteral("?fieldValidation=Strict"),
                         R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"strict"},"type":"Opaque",
                             "immutable":false,"stringData":{"a":"b"}})")
                     .code,
            201);
        const SimApiTestClient::Reply patched
            = mClient->send("PATCH", secrets + QStringLiteral("/strict?fieldValidation=Strict"),
                R"({"strngData":{"a":"c"}})", "application/merge-patch+json");
        QCOMPARE(patched.code, 400);
        QVERIFY2(patched.json.value(QStringLiteral("message"))
                     .toString()
                     .endsWith(QStringLiteral("strict decoding error: unknown field \"strngData\"")),
            qPrintable(patched.json.value(QStringLiteral("message")).toString()));
    }

    void tablePrinting()
    {
        QCOMPARE(mClient->send("POST", kSources, sourceBody(QStringLiteral("printed"))).code, 201);
        // kubectl's Accept header
        QNetworkRequest request(QUrl(mClient->baseUrl() + kSources + QStringLiteral("?includeObject=None")));
        request.setSslConfiguration(mClient->sslConfiguration());
        request.setRawHeader("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
        QNetworkAccessManager nam;
        std::unique_ptr<QNetworkReply> tableReply(nam.get(request));
        QSignalSpy finished(tableReply.get(), &QNetworkReply::finished);
        QVERIFY(finished.wait(10000));
        const QJsonObject table = QJsonDocument::fromJson(tableReply->readAll()).object();
        QCOMPARE(table.value(QStringLiteral("kind")).toString(), QStringLiteral("Table"));
        QStringList columns;
        for (const QJsonValue &column : table.value(QStringLiteral("columnDefinitions")).toArray())
            columns.append(column.toObject().value(QStringLiteral("name")).toString());
        QCOMPARE(columns,
            QStringList({QStringLiteral("Name"), QStringLiteral("Source"), QStringLiteral("Last sync"),
                QStringLiteral("Duration"), QStringLiteral("Next sync"), QStringLiteral("Age")}));
        bool found = false;
        for (const QJsonValue &row : table.value(QStringLiteral("rows")).toArray()) {
            const QJsonArray cells = row.toObject().value(QStringLiteral("cells")).toArray();
            if (cells.at(0).toString() == QLatin1String("printed")) {
                found = true;
                QCOMPARE(cells.at(1).toString(), QStringLiteral("datavol"));
                QVERIFY(cells.at(2).isNull());
                QVERIFY(!row.toObject().contains(QStringLiteral("object")));
            }
        }
        QVERIFY(found);
        // plain JSON for built-in types (kubectl prints those itself)
        request.setUrl(QUrl(mClient->baseUrl() + QStringLiteral("/api/v1/namespaces")));
        std::unique_ptr<QNetworkReply> plain(nam.get(request));
        QSignalSpy plainFinished(plain.get(), &QNetworkReply::finished);
        QVERIFY(plainFinished.wait(10000));
        QCOMPARE(QJsonDocument::fromJson(plain->readAll()).object().value(QStringLiteral("kind")).toString(),
            QStringLiteral("NamespaceList"));
        // ages as kubectl shows them
        QCOMPARE(SimTable::humanDuration(5), QStringLiteral("5s"));
        QCOMPARE(SimTable::humanDuration(119), QStringLiteral("119s"));
        QCOMPARE(SimTable::humanDuration(200), QStringLiteral("3m20s"));
        QCOMPARE(SimTable::humanDuration(3600), QStringLiteral("60m"));
        QCOMPARE(SimTable::humanDuration(5 * 3600 + 60), QStringLiteral("5h1m"));
        QCOMPARE(SimTable::humanDuration(3 * 86400 + 7200), QStringLiteral("3d2h"));
        QCOMPARE(SimTable::humanDuration(400 * 86400), QStringLiteral("400d"));
    }

    void namespaceDeletion()
    {
        kind()->store()->setNamespaceTerminationDelay(200);
        QCOMPARE(
            mClient->send("POST", QStringLiteral("/api/v1/namespaces"), R"({"metadata":{"name":"doomed"}})").code, 201);
        const QString doomed = QStringLiteral("/apis/volsync.backube/v1alpha1/namespaces/doomed/replicationsources");
        QCOMPARE(mClient->send("POST", doomed, sourceBody(QStringLiteral("a"))).code, 201);
        const SimApiTestClient::Reply deleting = mClient->send("DELETE", QStringLiteral("/api/v1/namespaces/doomed"));
        QCOMPARE(deleting.code, 200);
        QCOMPARE(deleting.json.value(QStringLiteral("status")).toObject().value(QStringLiteral("phase")).toString(),
            QStringLiteral("Terminating"));
        const SimApiTestClient::Reply refused = mClient->send("POST", doomed, sourceBody(QStringLiteral("b")));
        QCOMPARE(refused.code, 403);
        QTRY_COMPARE(mClient->send("GET", QStringLiteral("/api/v1/namespaces/doomed")).code, 404);
        QCOMPARE(mClient->send("GET", doomed + QStringLiteral("/a")).code, 404);
    }

    void watchStream()
    {
        const qint64 start = kind()->store()->resourceVersion();
        WatchReader watch(mClient->start("GET",
            kSources
                + QStringLiteral("?watch=true&resourceVersion=%1&allowWatchBookmarks=true&timeoutSeconds=3")
                      .arg(start)));
        QTRY_VERIFY(watch.reply()->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200);
        QCOMPARE(mClient->send("POST", kSources, sourceBody(QStringLiteral("watched"))).code, 201);
        QCOMPARE(mClient
                     ->send("PATCH", kSources + QStringLiteral("/watched"), R"({"spec":{"paused":true}})",
                         "application/merge-patch+json")
                     .code,
            200);
        QCOMPARE(mClient->send("DELETE", kSources + QStringLiteral("/watched")).code, 200);
        QTRY_COMPARE(watch.types().mid(0, 3),
            QStringList({QStringLiteral("ADDED"), QStringLiteral("MODIFIED"), QStringLiteral("DELETED")}));
        QCOMPARE(watch.reply()->rawHeader("Content-Type"), QByteArray("application/json"));
        // the stream ends after timeoutSeconds with a bookmark carrying the latest version
        QSignalSpy finished(watch.reply(), &QNetworkReply::finished);
        QVERIFY(watch.reply()->isFinished() || finished.wait(5000));
        QCOMPARE(watch.reply()->error(), QNetworkReply::NoError);
        QCOMPARE(watch.types().constLast(), QStringLiteral("BOOKMARK"));
        const QJsonObject bookmark = watch.events.constLast().value(QStringLiteral("object")).toObject();
        QCOMPARE(metadataOf(bookmark).value(QStringLiteral("resourceVersion")).toString(),
            QString::number(kind()->store()->resourceVersion()));
        QCOMPARE(bookmark.value(QStringLiteral("kind")).toString(), QStringLiteral("ReplicationSource"));

        // resuming from a version replays what came after it
        WatchReader resumed(mClient->start(
            "GET", kSources + QStringLiteral("?watch=1&resourceVersion=%1&timeoutSeconds=1").arg(start)));
        QTRY_VERIFY(resumed.events.size() >= 3);
        QCOMPARE(resumed.types().mid(0, 3),
            QStringList({QStringLiteral("ADDED"), QStringLiteral("MODIFIED"), QStringLiteral("DELETED")}));
        const qint64 addedVersion = metadataOf(resumed.events.at(0).value(QStringLiteral("object")).toObject())
                                        .value(QStringLiteral("resourceVersion"))
                                        .toString()
                                        .toLongLong();
        QVERIFY(addedVersion > start);

        // resourceVersion=0 starts with the current objects, label selectors filter
        QCOMPARE(mClient
                     ->send("POST", kSources,
                         sourceBody(QStringLiteral("listed"), QStringLiteral("0 * * * *"), QStringLiteral("only-me")))
                     .code,
            201);
        WatchReader initial(mClient->start("GET",
            kSources
                + QStringLiteral("?watch=1&resourceVersion=0&timeoutSeconds=1&labelSelector=volsync.backube%"
                                 "2Frelationship%3Donly-me")));
        QTRY_COMPARE(initial.events.size(), 1);
        QCOMPARE(metadataOf(initial.events.at(0).value(QStringLiteral("object")).toObject())
                     .value(QStringLiteral("name"))
                     .toString(),
            QStringLiteral("listed"));
    }

    void watchTooOldIsExpired()
    {
        // A short history window forces 410 Expired, sent as an ERROR event like the recorded one.
        QCOMPARE(mClient->send("PUT", QStringLiteral("/_sim/faults"), R"({"historyWindow":2})").code, 200);
        const qint64 start = kind()->store()->resourceVersion();
        for (int i = 0; i < 4; ++i)
            QCOMPARE(mClient->send("POST", kSources, sourceBody(QStringLiteral("old%1").arg(i))).code, 201);
        WatchReader watch(mClient->start("GET", kSources + QStringLiteral("?watch=1&resourceVersion=%1").arg(start)));
        QSignalSpy finished(watch.reply(), &QNetworkReply::finished);
        QVERIFY(watch.reply()->isFinished() || finished.wait(5000));
        QCOMPARE(watch.reply()->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QCOMPARE(watch.lines.size(), 1);
        const QByteArray sample = readSample(QStringLiteral("20-watch-too-old-410.txt")).body;
        QRegularExpression shape(QRegularExpression::escape(QString::fromUtf8(sample))
                                     .replace(QStringLiteral("1\\ \\(230\\)"), QStringLiteral("\\d+\\ \\(\\d+\\)")));
        QVERIFY2(shape.match(QString::fromUtf8(watch.lines.at(0))).hasMatch(), watch.lines.at(0).constData());
        QVERIFY(watch.lines.at(0).contains(
            QByteArray(QByteArray("too old resource version: ") + QByteArray::number(start))));
    }

    void pagedListIsConsistent()
    {
        // All pages of one list come from the first page's snapshot, with its resourceVersion.
        for (int i = 0; i < 4; ++i)
            QCOMPARE(mClient
                         ->send("POST", kSources,
                             sourceBody(
                                 QStringLiteral("snap%1").arg(i), QStringLiteral("0 * * * *"), QStringLiteral("snap")))
                         .code,
                201);
        const QString query = QStringLiteral("?limit=2&labelSelector=volsync.backube%2Frelationship%3Dsnap");
        const SimApiTestClient::Reply first = mClient->send("GET", kSources + query);
        const QString version = metadataOf(first.json).value(QStringLiteral("resourceVersion")).toString();
        // With a selector kube-apiserver cannot count what remains and leaves the count out.
        QVERIFY(!metadataOf(first.json).contains(QStringLiteral("remainingItemCount")));
        QVERIFY(!metadataOf(first.json).value(QStringLiteral("continue")).toString().isEmpty());
        // changes between the pages are not seen by this list
        QCOMPARE(mClient->send("DELETE", kSources + QStringLiteral("/snap3")).code, 200);
        QCOMPARE(mClient
                     ->send("POST", kSources,
                         sourceBody(QStringLiteral("snap9"), QStringLiteral("0 * * * *"), QStringLiteral("snap")))
                     .code,
            201);
        const QString token = metadataOf(first.json).value(QStringLiteral("continue")).toString();
        const SimApiTestClient::Reply second = mClient->send("GET",
            kSources + query + QStringLiteral("&continue=") + QString::fromLatin1(QUrl::toPercentEncoding(token)));
        QCOMPARE(second.code, 200);
        QCOMPARE(metadataOf(second.json).value(QStringLiteral("resourceVersion")).toString(), version);
        QStringList names;
        for (const QJsonValue &item : second.json.value(QStringLiteral("items")).toArray())
            names.append(metadataOf(item.toObject()).value(QStringLiteral("name")).toString());
        QCOMPARE(names, QStringList({QStringLiteral("snap2"), QStringLiteral("snap3")}));
        QCOMPARE(metadataOf(second.json).value(QStringLiteral("continue")).toString(), QString());
        // a new list sees the changes
        const SimApiTestClient::Reply fresh
            = mClient->send("GET", kSources + QStringLiteral("?labelSelector=volsync.backube%2Frelationship%3Dsnap"));
        QCOMPARE(fresh.json.value(QStringLiteral("items")).toArray().size(), 4);
        QVERIFY(metadataOf(fresh.json).value(QStringLiteral("resourceVersion")).toString().toLongLong()
            > version.toLongLong());
    }

    void watchFollowsSelectorMembership()
    {
        // An object that stops matching the label selector is DELETED for that watch, one that starts is ADDED.
        QCOMPARE(mClient
                     ->send("POST", kSources,
                         sourceBody(QStringLiteral("member"), QStringLiteral("0 * * * *"), QStringLiteral("in")))
                     .code,
            201);
        WatchReader watch(mClient->start("GET",
            kSources
                + QStringLiteral(
                    "?watch=1&timeoutSeconds=5&resourceVersion=%1&labelSelector=volsync.backube%2Frelationship%3Din")
                      .arg(kind()->store()->resourceVersion())));
        QTRY_VERIFY(watch.reply()->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200);
        const QByteArray out = R"({"metadata":{"labels":{"volsync.backube/relationship":"out"}}})";
        const QByteArray in = R"({"metadata":{"labels":{"volsync.backube/relationship":"in"}}})";
        QCOMPARE(mClient
                     ->send("PATCH", kSources + QStringLiteral("/member"), R"({"spec":{"paused":true}})",
                         "application/merge-patch+json")
                     .code,
            200);
        QCOMPARE(mClient->send("PATCH", kSources + QStringLiteral("/member"), out, "application/merge-patch+json").code,
            200);
        QCOMPARE(mClient
                     ->send("PATCH", kSources + QStringLiteral("/member"), R"({"spec":{"paused":false}})",
                         "application/merge-patch+json")
                     .code,
            200);
        QCOMPARE(
            mClient->send("PATCH", kSources + QStringLiteral("/member"), in, "application/merge-patch+json").code, 200);
        QTRY_COMPARE(watch.types(),
            QStringList({QStringLiteral("MODIFIED"), QStringLiteral("DELETED"), QStringLiteral("ADDED")}));
    }

    void faultLatencyAndErrors()
    {
        QCOMPARE(mClient->send("PUT", QStringLiteral("/_sim/faults"), R"({"latencyMs":300})").code, 200);
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(mClient->send("GET", QStringLiteral("/version")).code, 200);
        QVERIFY(timer.elapsed() >= 290);
        const SimApiTestClient::Reply faults = mClient->send("GET", QStringLiteral("/_sim/faults"));
        QCOMPARE(faults.json.value(QStringLiteral("latencyMs")).toInt(), 300);

        QCOMPARE(mClient
                     ->send("PUT", QStringLiteral("/_sim/faults"),
                         R"({"latencyMs":0,"throttleRate":1,"retryAfterSeconds":3})")
                     .code,
            200);
        const SimApiTestClient::Reply throttled = mClient->send("GET", kSources);
        QCOMPARE(throttled.code, 429);
        QCOMPARE(throttled.headers.value("retry-after"), QByteArray("3"));
        QCOMPARE(throttled.json.value(QStringLiteral("reason")).toString(), QStringLiteral("TooManyRequests"));
        QCOMPARE(throttled.json.value(QStringLiteral("details"))
                     .toObject()
                     .value(QStringLiteral("retryAfterSeconds"))
                     .toInt(),
            3);

        QCOMPARE(mClient->send("PUT", QStringLiteral("/_sim/faults"), R"({"throttleRate":0,"serverErrorRate":1})").code,
            200);
        const SimApiTestClient::Reply internal = mClient->send("GET", kSources);
        QCOMPARE(internal.code, 500);
        QCOMPARE(internal.json.value(QStringLiteral("reason")).toString(), QStringLiteral("InternalError"));
        QCOMPARE(
            mClient->send("PUT", QStringLiteral("/_sim/faults"), R"({"serverErrorRate":0,"unavailableRate":1})").code,
            200);
        const SimApiTestClient::Reply unavailable = mClient->send("GET", kSources);
        QCOMPARE(unavailable.code, 503);
        QCOMPARE(unavailable.json.value(QStringLiteral("reason")).toString(), QStringLiteral("ServiceUnavailable"));

        // a rate between 0 and 1 fails some requests, not all
        QCOMPARE(mClient->send("PUT", QStringLiteral("/_sim/faults"), R"({"unavailableRate":0.5})").code, 200);
        int failures = 0;
        for (int i = 0; i < 40; ++i)
            failures += mClient->send("GET", QStringLiteral("/version")).code == 503 ? 1 : 0;
        QVERIFY2(failures > 5 && failures < 35, qPrintable(QString::number(failures)));
        QCOMPARE(mClient->send("PUT", QStringLiteral("/_sim/faults"), R"({"unavailableRate":0})").code, 200);
        QCOMPARE(mClient->send("GET", kSources).code, 200);
    }

    void faultDropsWatches()
    {
        QCOMPARE(mClient->send("PUT", QStringLiteral("/_sim/faults"), R"({"dropWatchSeconds":1})").code, 200);
        QElapsedTimer timer;
        timer.start();
        WatchReader watch(
            mClient->start("GET", kSources + QStringLiteral("?watch=1&resourceVersion=0&timeoutSeconds=30")));
        QSignalSpy finished(watch.reply(), &QNetworkReply::finished);
        QVERIFY(watch.reply()->isFinished() || finished.wait(5000));
        QVERIFY(timer.elapsed() >= 900);
        QVERIFY(timer.elapsed() < 5000);
    }

    void faultRefusesConnections()
    {
        const quint16 port = kind()->port();
        QCOMPARE(mClient->send("PUT", QStringLiteral("/_sim/faults"), R"({"refuseForMs":1500})").code, 200);
        const SimApiTestClient::Reply refused = mClient->send("GET", QStringLiteral("/version"));
        QCOMPARE(refused.error, QNetworkReply::ConnectionRefusedError);
        QTRY_COMPARE_WITH_TIMEOUT(mClient->send("GET", QStringLiteral("/version")).code, 200, 6000);
        QCOMPARE(kind()->port(), port);
        // the other cluster was never down
        SimApiTestClient gcp(*mSim->simulator(), QStringLiteral("gcp"));
        QCOMPARE(gcp.send("GET", QStringLiteral("/version")).code, 200);
    }

    void manyConcurrentWatches()
    {
        // One thread serves many open watch streams (raw TLS connections) and still answers other requests.
        const int count = 60;
        std::vector<std::unique_ptr<QSslSocket>> sockets;
        QList<QByteArray> received(count);
        int encrypted = 0;
        const QByteArray request = "GET " + kSources.toUtf8()
            + "?watch=1&timeoutSeconds=30&resourceVersion=" + QByteArray::number(kind()->store()->resourceVersion())
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n";
        for (int i = 0; i < count; ++i) {
            auto socket = std::make_unique<QSslSocket>();
            socket->setSslConfiguration(mClient->sslConfiguration());
            QSslSocket *raw = socket.get();
            connect(raw, &QSslSocket::encrypted, this, [raw, request, &encrypted] {
                raw->write(request);
                ++encrypted;
            });
            connect(raw, &QSslSocket::readyRead, this, [raw, i, &received] { received[i] += raw->readAll(); });
            raw->connectToHostEncrypted(QStringLiteral("127.0.0.1"), kind()->port());
            sockets.push_back(std::move(socket));
        }
        QTRY_COMPARE_WITH_TIMEOUT(encrypted, count, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(kind()->server()->connectionCount() >= count, 10000);
        // a plain request is answered at once while the streams are open
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(mClient->send("POST", kSources, sourceBody(QStringLiteral("broadcast"))).code, 201);
        QVERIFY(timer.elapsed() < 2000);
        for (int i = 0; i < count; ++i)
            QTRY_VERIFY_WITH_TIMEOUT(received.at(i).contains("\"name\":\"broadcast\""), 10000);
        for (int i = 0; i < count; ++i)
            QVERIFY(received.at(i).startsWith("HTTP/1.1 200 OK\r\n"));
        QVERIFY(received.at(0).contains("Transfer-Encoding: chunked"));
        sockets.clear();
        QTRY_VERIFY_WITH_TIMEOUT(kind()->server()->connectionCount() < count, 10000);
    }
};

QTEST_GUILESS_MAIN(TestSimApiHttp)
#include "test_simapi_http.moc"
