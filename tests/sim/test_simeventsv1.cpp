// SPDX-License-Identifier: GPL-3.0-or-later
// events.k8s.io/v1 in the simulator: the core/v1 Events its controllers record, shown, selected, watched and written
// in the events.k8s.io/v1 shape (the differential tier compares the same requests with kube-apiserver).

#include "simapitestclient.h"

#include "sim/simcluster.h"
#include "sim/simevents.h"
#include "sim/simstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QTest>

namespace {

const QString kCoreEvents = QStringLiteral("/api/v1/namespaces/source/events");
const QString kEvents = QStringLiteral("/apis/events.k8s.io/v1/namespaces/source/events");

QByteArray newEvent(const QString &name, const QString &regarding = QStringLiteral("sample"))
{
    const QJsonObject event {{QStringLiteral("apiVersion"), QStringLiteral("events.k8s.io/v1")},
        {QStringLiteral("kind"), QStringLiteral("Event")},
        {QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), name}}},
        {QStringLiteral("eventTime"), QStringLiteral("2026-12-06T13:35:29.000000Z")},
        {QStringLiteral("reportingController"), QStringLiteral("volsync")},
        {QStringLiteral("reportingInstance"), QStringLiteral("volsync-0")},
        {QStringLiteral("action"), QStringLiteral("Sync")}, {QStringLiteral("reason"), QStringLiteral("Started")},
        {QStringLiteral("type"), QStringLiteral("Normal")}, {QStringLiteral("note"), QStringLiteral("hello")},
        {QStringLiteral("regarding"),
            QJsonObject {{QStringLiteral("kind"), QStringLiteral("ReplicationSource")},
                {QStringLiteral("namespace"), QStringLiteral("source")}, {QStringLiteral("name"), regarding}}}};
    return QJsonDocument(event).toJson(QJsonDocument::Compact);
}

QStringList causeFields(const QJsonObject &status)
{
    QStringList fields;
    const QJsonArray causes
        = status.value(QStringLiteral("details")).toObject().value(QStringLiteral("causes")).toArray();
    for (const QJsonValue &cause : causes)
        fields.append(cause.toObject().value(QStringLiteral("field")).toString());
    return fields;
}

QStringList names(const QJsonObject &list)
{
    QStringList result;
    for (const QJsonValue &item : list.value(QStringLiteral("items")).toArray())
        result.append(
            item.toObject().value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString());
    return result;
}

} // namespace

class TestSimEventsV1 : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SimFixture> mSim;
    std::unique_ptr<SimApiTestClient> mClient;

    SimStore *store() const { return mSim->store(QStringLiteral("kind")); }

private Q_SLOTS:
    void initTestCase()
    {
        mSim = SimApiTestClient::startSimulator({QStringLiteral("kind")});
        QVERIFY(mSim);
        mClient = std::make_unique<SimApiTestClient>(*mSim->simulator(), QStringLiteral("kind"));
        const SimApiTestClient::Reply ns = mClient->send("POST", QStringLiteral("/api/v1/namespaces"),
            R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"source"}})");
        QVERIFY(ns.code == 201 || ns.code == 409); // the simulator may make it itself
    }

    void cleanupTestCase()
    {
        mClient.reset();
        mSim.reset();
    }

    void discoveryAnnouncesTheGroup()
    {
        const SimApiTestClient::Reply groups = mClient->send("GET", QStringLiteral("/apis"));
        QVERIFY(groups.body.contains("\"events.k8s.io\""));
        const SimApiTestClient::Reply resources = mClient->send("GET", QStringLiteral("/apis/events.k8s.io/v1"));
        QCOMPARE(resources.code, 200);
        const QJsonObject events = resources.json.value(QStringLiteral("resources")).toArray().at(0).toObject();
        QCOMPARE(events.value(QStringLiteral("name")).toString(), QStringLiteral("events"));
        QCOMPARE(events.value(QStringLiteral("kind")).toString(), QStringLiteral("Event"));
        // Only events live in this group.
        QCOMPARE(mClient->send("GET", QStringLiteral("/apis/events.k8s.io/v1/namespaces/source/pods")).code, 404);
    }

    void recordedEventsInTheNewShape()
    {
        // What the simulated controllers record (core/v1), as events.k8s.io/v1 shows it.
        const SimStoreResult source = store()->create(QStringLiteral("replicationsources"), QStringLiteral("source"),
            QJsonObject {{QStringLiteral("apiVersion"), QStringLiteral("volsync.backube/v1alpha1")},
                {QStringLiteral("kind"), QStringLiteral("ReplicationSource")},
                {QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), QStringLiteral("recorded")}}}});
        QVERIFY(source.ok());
        SimEvents::record(store(), source.object, SimEvents::Type::Warning, QStringLiteral("TransferFailed"),
            QStringLiteral("mover failed"), QStringLiteral("volsync"));
        const SimApiTestClient::Reply list = mClient->send(
            "GET", kEvents + QStringLiteral("?fieldSelector=regarding.name%3Drecorded%2Ctype%3DWarning"));
        QCOMPARE(list.code, 200);
        QCOMPARE(list.json.value(QStringLiteral("apiVersion")).toString(), QStringLiteral("events.k8s.io/v1"));
        QCOMPARE(list.json.value(QStringLiteral("kind")).toString(), QStringLiteral("EventList"));
        const QJsonArray items = list.json.value(QStringLiteral("items")).toArray();
        QCOMPARE(items.size(), 1);
        const QJsonObject event = items.at(0).toObject();
        QCOMPARE(event.value(QStringLiteral("regarding")).toObject().value(QStringLiteral("name")).toString(),
            QStringLiteral("recorded"));
        QCOMPARE(event.value(QStringLiteral("note")).toString(), QStringLiteral("mover failed"));
        QCOMPARE(event.value(QStringLiteral("reportingController")).toString(), QStringLiteral("volsync"));
        QCOMPARE(event.value(QStringLiteral("deprecatedCount")).toInt(), 1);
        QCOMPARE(event.value(QStringLiteral("deprecatedSource")).toObject().value(QStringLiteral("component")),
            QJsonValue(QStringLiteral("volsync")));
        for (const char *core : {"involvedObject", "message", "count", "source", "reportingComponent"})
            QVERIFY2(!event.contains(QLatin1String(core)), core);
        // The core/v1 names are not field labels of events.k8s.io/v1, and the v1 names not of core/v1.
        const SimApiTestClient::Reply wrongLabel
            = mClient->send("GET", kEvents + QStringLiteral("?fieldSelector=involvedObject.name%3Drecorded"));
        QCOMPARE(wrongLabel.code, 400);
        QCOMPARE(wrongLabel.json.value(QStringLiteral("message")).toString(),
            QStringLiteral("field label not supported: involvedObject.name"));
        QCOMPARE(
            mClient->send("GET", kCoreEvents + QStringLiteral("?fieldSelector=regarding.name%3Drecorded")).code, 400);
        // Every namespace.
        const SimApiTestClient::Reply all = mClient->send(
            "GET", QStringLiteral("/apis/events.k8s.io/v1/events?fieldSelector=reportingController%3Dvolsync"));
        QCOMPARE(all.code, 200);
        QVERIFY(!all.json.value(QStringLiteral("items")).toArray().isEmpty());
    }

    void createdThroughV1ReadThroughCore()
    {
        const SimApiTestClient::Reply created = mClient->send("POST", kEvents, newEvent(QStringLiteral("made")));
        QCOMPARE(created.code, 201);
        QCOMPARE(created.json.value(QStringLiteral("apiVersion")).toString(), QStringLiteral("events.k8s.io/v1"));
        QCOMPARE(created.json.value(QStringLiteral("note")).toString(), QStringLiteral("hello"));
        QVERIFY(created.json.value(QStringLiteral("deprecatedFirstTimestamp")).isNull());
        QVERIFY(!created.json.contains(QStringLiteral("deprecatedCount")));
        const SimApiTestClient::Reply core = mClient->send("GET", kCoreEvents + QStringLiteral("/made"));
        QCOMPARE(core.code, 200);
        QCOMPARE(core.json.value(QStringLiteral("apiVersion")).toString(), QStringLiteral("v1"));
        QCOMPARE(core.json.value(QStringLiteral("message")).toString(), QStringLiteral("hello"));
        QCOMPARE(core.json.value(QStringLiteral("reportingComponent")).toString(), QStringLiteral("volsync"));
        QCOMPARE(core.json.value(QStringLiteral("involvedObject")).toObject().value(QStringLiteral("kind")).toString(),
            QStringLiteral("ReplicationSource"));
        const SimApiTestClient::Reply exists = mClient->send("POST", kEvents, newEvent(QStringLiteral("made")));
        QCOMPARE(exists.code, 409);
        QCOMPARE(exists.json.value(QStringLiteral("message")).toString(),
            QStringLiteral("events.events.k8s.io \"made\" already exists"));
        QCOMPARE(exists.json.value(QStringLiteral("details")).toObject().value(QStringLiteral("group")).toString(),
            QStringLiteral("events.k8s.io"));
    }

    void validatedAsV1()
    {
        // What core/v1 accepts, events.k8s.io/v1 refuses: no eventTime, no type, deprecated fields set.
        const SimApiTestClient::Reply legacy = mClient->send("POST", kEvents,
            R"({"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"legacy"},"deprecatedCount":2,
                "regarding":{"kind":"Pod","namespace":"source","name":"p"},"series":{"count":1}})");
        QCOMPARE(legacy.code, 422);
        QCOMPARE(causeFields(legacy.json),
            QStringList({QStringLiteral("series.count"), QStringLiteral("series.lastObservedTime"),
                QStringLiteral("eventTime"), QStringLiteral("type"), QStringLiteral("count")}));
        // The reporting controller is named by its v1 field; names are DNS subdomains.
        QByteArray bad = newEvent(QStringLiteral("Bad_Name"));
        bad.replace("\"volsync\"", "\"Bad Controller\"");
        const SimApiTestClient::Reply invalid = mClient->send("POST", kEvents, bad);
        QCOMPARE(invalid.code, 422);
        QCOMPARE(causeFields(invalid.json),
            QStringList({QStringLiteral("reportingController"), QStringLiteral("metadata.name")}));
        // eventTime is a MicroTime: six decimals.
        QByteArray seconds = newEvent(QStringLiteral("seconds"));
        seconds.replace("29.000000Z", "29Z");
        QCOMPARE(mClient->send("POST", kEvents, seconds).code, 400);
        // Unknown fields of v1 (core/v1's names among them) are dropped, or refused when strict.
        QByteArray unknown = newEvent(QStringLiteral("unknown"));
        unknown.replace("\"note\"", "\"message\"");
        const SimApiTestClient::Reply strict
            = mClient->send("POST", kEvents + QStringLiteral("?fieldValidation=Strict"), unknown);
        QCOMPARE(strict.code, 400);
        QVERIFY2(strict.json.value(QStringLiteral("message"))
                     .toString()
                     .contains(QStringLiteral("unknown field \"message\"")),
            strict.body.constData());
        const SimApiTestClient::Reply pruned = mClient->send("POST", kEvents, unknown);
        QCOMPARE(pruned.code, 201);
        QVERIFY(!pruned.json.contains(QStringLiteral("note")));
        QVERIFY(pruned.headers.value("warning").contains("unknown field \\\"message\\\""));
    }

    void patchAndUpdate()
    {
        QCOMPARE(mClient->send("POST", kEvents, newEvent(QStringLiteral("patched"))).code, 201);
        // The events.k8s.io recorder counts a repeated Event up in its series.
        const SimApiTestClient::Reply series = mClient->send("PATCH", kEvents + QStringLiteral("/patched"),
            R"({"series":{"count":2,"lastObservedTime":"2026-12-06T13:36:29.000000Z"}})",
            "application/merge-patch+json");
        QCOMPARE(series.code, 200);
        QCOMPARE(series.json.value(QStringLiteral("series")).toObject().value(QStringLiteral("count")).toInt(), 2);
        // What it says does not change.
        const SimApiTestClient::Reply note = mClient->send(
            "PATCH", kEvents + QStringLiteral("/patched"), R"({"note":"changed"})", "application/merge-patch+json");
        QCOMPARE(note.code, 422);
        QCOMPARE(causeFields(note.json), QStringList({QStringLiteral("message")}));
        const SimApiTestClient::Reply json = mClient->send("PATCH", kEvents + QStringLiteral("/patched"),
            R"([{"op":"test","path":"/note","value":"hello"},{"op":"replace","path":"/series/count","value":3}])",
            "application/json-patch+json");
        QCOMPARE(json.code, 200);
        QCOMPARE(json.json.value(QStringLiteral("series")).toObject().value(QStringLiteral("count")).toInt(), 3);
        // A core/v1 update of the same Event is not held to the v1 rules.
        const SimApiTestClient::Reply core = mClient->send("PATCH", kCoreEvents + QStringLiteral("/patched"),
            R"({"message":"changed"})", "application/merge-patch+json");
        QCOMPARE(core.code, 200);
        const SimApiTestClient::Reply missing = mClient->send(
            "PATCH", kEvents + QStringLiteral("/nope"), R"({"note":"x"})", "application/merge-patch+json");
        QCOMPARE(missing.code, 404);
        QCOMPARE(missing.json.value(QStringLiteral("message")).toString(),
            QStringLiteral("events.events.k8s.io \"nope\" not found"));
        const SimApiTestClient::Reply removed = mClient->send("DELETE", kEvents + QStringLiteral("/patched"));
        QCOMPARE(removed.code, 200);
        QCOMPARE(removed.json.value(QStringLiteral("details")).toObject().value(QStringLiteral("group")).toString(),
            QStringLiteral("events.k8s.io"));
    }

    void watchInTheNewShape()
    {
        const SimApiTestClient::Reply list = mClient->send("GET", kEvents);
        const QString version = list.json.value(QStringLiteral("metadata"))
                                    .toObject()
                                    .value(QStringLiteral("resourceVersion"))
                                    .toString();
        std::unique_ptr<QNetworkReply> watch(mClient->start("GET",
            kEvents + QStringLiteral("?watch=1&fieldSelector=regarding.name%3Dwatched&resourceVersion=") + version));
        QByteArray received;
        connect(watch.get(), &QNetworkReply::readyRead, this, [&] { received += watch->readAll(); });
        QCOMPARE(
            mClient->send("POST", kEvents, newEvent(QStringLiteral("other"), QStringLiteral("elsewhere"))).code, 201);
        QCOMPARE(
            mClient->send("POST", kEvents, newEvent(QStringLiteral("watched.1"), QStringLiteral("watched"))).code, 201);
        QTRY_VERIFY(received.contains('\n'));
        const QJsonObject event = QJsonDocument::fromJson(received.left(received.indexOf('\n'))).object();
        QCOMPARE(event.value(QStringLiteral("type")).toString(), QStringLiteral("ADDED"));
        const QJsonObject object = event.value(QStringLiteral("object")).toObject();
        QCOMPARE(object.value(QStringLiteral("apiVersion")).toString(), QStringLiteral("events.k8s.io/v1"));
        QCOMPARE(object.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString(),
            QStringLiteral("watched.1"));
        QCOMPARE(object.value(QStringLiteral("note")).toString(), QStringLiteral("hello"));
        QVERIFY(!object.contains(QStringLiteral("involvedObject")));
        QCOMPARE(names(mClient->send("GET", kEvents + QStringLiteral("?fieldSelector=regarding.name%3Dwatched")).json),
            QStringList({QStringLiteral("watched.1")}));
        watch->abort();
    }
};

QTEST_GUILESS_MAIN(TestSimEventsV1)
#include "test_simeventsv1.moc"
