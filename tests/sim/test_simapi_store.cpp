// SPDX-License-Identifier: GPL-3.0-or-later
// The simulator's object store: metadata as the apiserver sets it, status separation, conflicts,
// garbage collection, namespace deletion, watch history and persistence.
#include "sim/simlabelselector.h"
#include "sim/simserviceaddresses.h"
#include "sim/simstore.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

namespace {

QJsonObject meta(const QString &name, const QJsonObject &labels = {})
{
    QJsonObject m;
    m.insert(QStringLiteral("name"), name);
    if (!labels.isEmpty())
        m.insert(QStringLiteral("labels"), labels);
    return m;
}

QJsonObject source(const QString &name, const QString &schedule = QStringLiteral("*/5 * * * *"))
{
    QJsonObject trigger {{QStringLiteral("schedule"), schedule}};
    QJsonObject spec {{QStringLiteral("sourcePVC"), QStringLiteral("datavol")}, {QStringLiteral("trigger"), trigger}};
    return QJsonObject {{QStringLiteral("metadata"), meta(name)}, {QStringLiteral("spec"), spec}};
}

QString rv(const QJsonObject &object)
{
    return object.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("resourceVersion")).toString();
}

qint64 generation(const QJsonObject &object)
{
    return object.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("generation")).toInteger();
}

const QString kRS = QStringLiteral("replicationsources");
const QString kNS = QStringLiteral("namespaces");

} // namespace

class TestSimApiStore : public QObject
{
    Q_OBJECT

private:
    void makeNamespace(SimStore &store, const QString &name)
    {
        QVERIFY(store.create(kNS, QString(), QJsonObject {{QStringLiteral("metadata"), meta(name)}}).ok());
    }

private Q_SLOTS:
    void createFillsMetadata()
    {
        SimStore store(QStringLiteral("kind"));
        store.setClock([] { return QDateTime(QDate(2026, 11, 23), QTime(20, 36, 49), Qt::UTC); });
        makeNamespace(store, QStringLiteral("source"));
        const SimStoreResult result = store.create(kRS, QStringLiteral("source"), source(QStringLiteral("sample")));
        QCOMPARE(result.code, 201);
        const QJsonObject m = result.object.value(QStringLiteral("metadata")).toObject();
        QCOMPARE(m.value(QStringLiteral("creationTimestamp")).toString(), QStringLiteral("2026-11-23T20:36:49Z"));
        QCOMPARE(m.value(QStringLiteral("namespace")).toString(), QStringLiteral("source"));
        QCOMPARE(m.value(QStringLiteral("uid")).toString().size(), 36);
        QCOMPARE(generation(result.object), 1);
        QCOMPARE(rv(result.object), QString::number(store.resourceVersion()));
        QCOMPARE(
            result.object.value(QStringLiteral("apiVersion")).toString(), QStringLiteral("volsync.backube/v1alpha1"));
        QCOMPARE(result.object.value(QStringLiteral("kind")).toString(), QStringLiteral("ReplicationSource"));
        QCOMPARE(store.get(kRS, QStringLiteral("source"), QStringLiteral("sample")), result.object);
    }

    void createErrors()
    {
        SimStore store(QStringLiteral("kind"));
        QCOMPARE(store.create(kRS, QStringLiteral("nope"), source(QStringLiteral("a"))).code, 404);
        makeNamespace(store, QStringLiteral("source"));
        QVERIFY(store.create(kRS, QStringLiteral("source"), source(QStringLiteral("a"))).ok());
        const SimStoreResult again = store.create(kRS, QStringLiteral("source"), source(QStringLiteral("a")));
        QCOMPARE(again.code, 409);
        QCOMPARE(again.object.value(QStringLiteral("reason")).toString(), QStringLiteral("AlreadyExists"));
        QCOMPARE(again.message(), QStringLiteral("replicationsources.volsync.backube \"a\" already exists"));
        QCOMPARE(store.create(kRS, QStringLiteral("source"), QJsonObject()).code, 422);
    }

    void generateName()
    {
        SimStore store(QStringLiteral("kind"));
        makeNamespace(store, QStringLiteral("source"));
        QJsonObject object = source(QString());
        object.insert(
            QStringLiteral("metadata"), QJsonObject {{QStringLiteral("generateName"), QStringLiteral("job-")}});
        const SimStoreResult a = store.create(kRS, QStringLiteral("source"), object);
        const SimStoreResult b = store.create(kRS, QStringLiteral("source"), object);
        QVERIFY(a.ok() && b.ok());
        const QString nameA
            = a.object.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString();
        const QString nameB
            = b.object.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString();
        QVERIFY(nameA.startsWith(QStringLiteral("job-")));
        QCOMPARE(nameA.size(), 9);
        QVERIFY(nameA != nameB);
    }

    void generationOnlyOnSpecChange()
    {
        SimStore store(QStringLiteral("kind"));
        makeNamespace(store, QStringLiteral("source"));
        QJsonObject object = store.create(kRS, QStringLiteral("source"), source(QStringLiteral("a"))).object;
        // labels change: new resourceVersion, same generation
        QJsonObject m = object.value(QStringLiteral("metadata")).toObject();
        m.insert(QStringLiteral("labels"), QJsonObject {{QStringLiteral("x"), QStringLiteral("y")}});
        object.insert(QStringLiteral("metadata"), m);
        const SimStoreResult labelled = store.update(kRS, QStringLiteral("source"), object);
        QVERIFY(labelled.ok());
        QCOMPARE(generation(labelled.object), 1);
        QVERIFY(rv(labelled.object).toLongLong() > rv(object).toLongLong());
        // spec change: generation 2
        QJsonObject changed = labelled.object;
        changed.insert(QStringLiteral("spec"),
            source(QStringLiteral("a"), QStringLiteral("0 * * * *")).value(QStringLiteral("spec")));
        const SimStoreResult respecced = store.update(kRS, QStringLiteral("source"), changed);
        QCOMPARE(generation(respecced.object), 2);
        // status change: generation unchanged
        QJsonObject withStatus = respecced.object;
        withStatus.insert(
            QStringLiteral("status"), QJsonObject {{QStringLiteral("lastManualSync"), QStringLiteral("x")}});
        const SimStoreResult statusWritten = store.updateStatus(kRS, QStringLiteral("source"), withStatus);
        QCOMPARE(generation(statusWritten.object), 2);
        // a write that changes nothing: no new version, no signal
        QSignalSpy changedSpy(&store, &SimStore::changed);
        const qint64 before = store.resourceVersion();
        QVERIFY(store.update(kRS, QStringLiteral("source"), statusWritten.object).ok());
        QCOMPARE(store.resourceVersion(), before);
        QCOMPARE(changedSpy.count(), 0);
    }

    void statusIsSeparate()
    {
        SimStore store(QStringLiteral("kind"));
        makeNamespace(store, QStringLiteral("source"));
        QJsonObject object = source(QStringLiteral("a"));
        object.insert(
            QStringLiteral("status"), QJsonObject {{QStringLiteral("lastManualSync"), QStringLiteral("dropped")}});
        const QJsonObject created = store.create(kRS, QStringLiteral("source"), object).object;
        QVERIFY(!created.contains(QStringLiteral("status")));
        const SimStoreResult patched = store.patchStatus(kRS, QStringLiteral("source"), QStringLiteral("a"),
            QJsonObject {{QStringLiteral("lastManualSync"), QStringLiteral("m1")}});
        QVERIFY(patched.ok());
        // a main-resource write carrying another status keeps the stored status
        QJsonObject update = patched.object;
        update.insert(
            QStringLiteral("status"), QJsonObject {{QStringLiteral("lastManualSync"), QStringLiteral("hacked")}});
        QJsonObject spec = update.value(QStringLiteral("spec")).toObject();
        spec.insert(QStringLiteral("paused"), true);
        update.insert(QStringLiteral("spec"), spec);
        const SimStoreResult updated = store.update(kRS, QStringLiteral("source"), update);
        QVERIFY(updated.ok());
        QCOMPARE(updated.object.value(QStringLiteral("status"))
                     .toObject()
                     .value(QStringLiteral("lastManualSync"))
                     .toString(),
            QStringLiteral("m1"));
        QCOMPARE(
            updated.object.value(QStringLiteral("spec")).toObject().value(QStringLiteral("paused")).toBool(), true);
        // a status write carrying another spec keeps the stored spec
        QJsonObject statusWrite = updated.object;
        statusWrite.insert(QStringLiteral("spec"), QJsonObject());
        statusWrite.insert(
            QStringLiteral("status"), QJsonObject {{QStringLiteral("lastManualSync"), QStringLiteral("m2")}});
        const SimStoreResult statusUpdated = store.updateStatus(kRS, QStringLiteral("source"), statusWrite);
        QCOMPARE(statusUpdated.object.value(QStringLiteral("spec")), updated.object.value(QStringLiteral("spec")));
        // merge patch semantics of patchStatus: null deletes
        const SimStoreResult removed = store.patchStatus(kRS, QStringLiteral("source"), QStringLiteral("a"),
            QJsonObject {{QStringLiteral("lastManualSync"), QJsonValue::Null}});
        QVERIFY(!removed.object.value(QStringLiteral("status")).toObject().contains(QStringLiteral("lastManualSync")));
    }

    void conflictOnStaleVersion()
    {
        SimStore store(QStringLiteral("kind"));
        makeNamespace(store, QStringLiteral("source"));
        const QJsonObject created
            = store.create(kRS, QStringLiteral("source"), source(QStringLiteral("sample"))).object;
        QJsonObject first = created;
        first.insert(
            QStringLiteral("spec"), source(QString(), QStringLiteral("0 * * * *")).value(QStringLiteral("spec")));
        QVERIFY(store.update(kRS, QStringLiteral("source"), first).ok());
        QJsonObject stale = created;
        stale.insert(
            QStringLiteral("spec"), source(QString(), QStringLiteral("1 * * * *")).value(QStringLiteral("spec")));
        const SimStoreResult conflict = store.update(kRS, QStringLiteral("source"), stale);
        QCOMPARE(conflict.code, 409);
        QCOMPARE(conflict.object.value(QStringLiteral("reason")).toString(), QStringLiteral("Conflict"));
        QCOMPARE(conflict.message(),
            QStringLiteral("Operation cannot be fulfilled on replicationsources.volsync.backube "
                           "\"sample\": the object has been modified; please apply your changes "
                           "to the latest version and try again"));
    }

    void resourceVersionIsOneCounterPerCluster()
    {
        SimStore store(QStringLiteral("kind"));
        makeNamespace(store, QStringLiteral("source"));
        qint64 last = store.resourceVersion();
        const QStringList kinds = {QStringLiteral("secrets"), QStringLiteral("services"), kRS};
        for (const QString &kind : kinds) {
            const SimStoreResult r = store.create(kind, QStringLiteral("source"), source(QStringLiteral("x")));
            QVERIFY(r.ok());
            QCOMPARE(rv(r.object).toLongLong(), last + 1);
            last = rv(r.object).toLongLong();
        }
        QSignalSpy changed(&store, &SimStore::changed);
        const SimStoreResult removed = store.remove(kRS, QStringLiteral("source"), QStringLiteral("x"));
        QVERIFY(removed.ok());
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(1).value<SimEventType>(), SimEventType::Deleted);
        QCOMPARE(rv(changed.at(0).at(2).toJsonObject()).toLongLong(), last + 1);
        QCOMPARE(store.remove(kRS, QStringLiteral("source"), QStringLiteral("x")).code, 404);
    }

    void ownerReferencesAreCollected()
    {
        SimStore store(QStringLiteral("kind"));
        makeNamespace(store, QStringLiteral("dst"));
        const QJsonObject owner = store
                                      .create(QStringLiteral("replicationdestinations"), QStringLiteral("dst"),
                                          source(QStringLiteral("rd")))
                                      .object;
        const QString uid = owner.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("uid")).toString();
        QJsonObject secretMeta = meta(QStringLiteral("volsync-rsync-dst-src-rd"));
        secretMeta.insert(QStringLiteral("ownerReferences"),
            QJsonArray {QJsonObject {
                {QStringLiteral("uid"), uid}, {QStringLiteral("kind"), QStringLiteral("ReplicationDestination")}}});
        QVERIFY(store
                    .create(QStringLiteral("secrets"), QStringLiteral("dst"),
                        QJsonObject {{QStringLiteral("metadata"), secretMeta}})
                    .ok());
        QVERIFY(store
                    .create(QStringLiteral("secrets"), QStringLiteral("dst"),
                        QJsonObject {{QStringLiteral("metadata"), meta(QStringLiteral("other"))}})
                    .ok());
        QVERIFY(
            store.remove(QStringLiteral("replicationdestinations"), QStringLiteral("dst"), QStringLiteral("rd")).ok());
        QVERIFY(
            !store.get(QStringLiteral("secrets"), QStringLiteral("dst"), QStringLiteral("volsync-rsync-dst-src-rd")));
        QVERIFY(store.get(QStringLiteral("secrets"), QStringLiteral("dst"), QStringLiteral("other")));
    }

    // The collector's owner index follows every write: references added or dropped by an update, chains of owners,
    // and objects restored from a saved state.
    void ownerIndexFollowsWrites()
    {
        SimStore store(QStringLiteral("kind"));
        makeNamespace(store, QStringLiteral("dst"));
        const auto uidOf = [](const QJsonObject &object) {
            return object.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("uid")).toString();
        };
        const auto owned = [](const QString &name, const QString &uid) {
            QJsonObject m = meta(name);
            m.insert(QStringLiteral("ownerReferences"), QJsonArray {QJsonObject {{QStringLiteral("uid"), uid}}});
            return QJsonObject {{QStringLiteral("metadata"), m}};
        };
        const QString kSecrets = QStringLiteral("secrets");
        const QString kPods = QStringLiteral("pods");
        const QString rd = uidOf(
            store.create(QStringLiteral("replicationdestinations"), QStringLiteral("dst"), source(QStringLiteral("rd")))
                .object);
        // A chain: rd owns the secret "a", "a" owns the pod "b"; "c" gains rd as owner by an update, "d" loses it.
        const QString a = uidOf(store.create(kSecrets, QStringLiteral("dst"), owned(QStringLiteral("a"), rd)).object);
        QVERIFY(store.create(QStringLiteral("pods"), QStringLiteral("dst"), owned(QStringLiteral("b"), a)).ok());
        QVERIFY(store
                    .create(kSecrets, QStringLiteral("dst"),
                        QJsonObject {{QStringLiteral("metadata"), meta(QStringLiteral("c"))}})
                    .ok());
        QVERIFY(store.update(kSecrets, QStringLiteral("dst"), owned(QStringLiteral("c"), rd)).ok());
        QVERIFY(store.create(kSecrets, QStringLiteral("dst"), owned(QStringLiteral("d"), rd)).ok());
        QVERIFY(store
                    .update(kSecrets, QStringLiteral("dst"),
                        QJsonObject {{QStringLiteral("metadata"), meta(QStringLiteral("d"))}})
                    .ok());
        // Saved and restored: the restored store collects as the first would.
        SimStore restored(QStringLiteral("kind"));
        QVERIFY(restored.fromJson(store.toJson()));
        for (SimStore *s : {&store, &restored}) {
            QSignalSpy changed(s, &SimStore::changed);
            QVERIFY(
                s->remove(QStringLiteral("replicationdestinations"), QStringLiteral("dst"), QStringLiteral("rd")).ok());
            QVERIFY(!s->get(kSecrets, QStringLiteral("dst"), QStringLiteral("a")));
            QVERIFY(!s->get(kPods, QStringLiteral("dst"), QStringLiteral("b")));
            QVERIFY(!s->get(kSecrets, QStringLiteral("dst"), QStringLiteral("c")));
            QVERIFY(s->get(kSecrets, QStringLiteral("dst"), QStringLiteral("d")));
            // Deleted in the order of a full scan: the owner, then by type and name, each owner's dependents at once.
            QStringList order;
            for (const QList<QVariant> &event : std::as_const(changed))
                order.append(event.at(0).toString() + QLatin1Char('/')
                    + event.at(2)
                          .toJsonObject()
                          .value(QStringLiteral("metadata"))
                          .toObject()
                          .value(QStringLiteral("name"))
                          .toString());
            QCOMPARE(order,
                QStringList({QStringLiteral("replicationdestinations/rd"), QStringLiteral("secrets/a"),
                    QStringLiteral("pods/b"), QStringLiteral("secrets/c")}));
        }
    }

    // A namespace's objects are a range of the ordered keys: names that start like it are not in it.
    void serviceAddressesFollowTheServices()
    {
        const QString services = QStringLiteral("services");
        SimStore store(QStringLiteral("kind"));
        makeNamespace(store, QStringLiteral("b"));
        makeNamespace(store, QStringLiteral("a"));
        const auto service = [](const QString &name, const QString &clusterIp) {
            return QJsonObject {{QStringLiteral("metadata"), meta(name)},
                {QStringLiteral("spec"), QJsonObject {{QStringLiteral("clusterIP"), clusterIp}}}};
        };
        QVERIFY(store.create(services, QStringLiteral("b"), service(QStringLiteral("rd"), QStringLiteral("10.96.1.1")))
                    .ok());
        QVERIFY(store.create(services, QStringLiteral("a"), service(QStringLiteral("rd"), QStringLiteral("10.96.1.1")))
                    .ok());
        SimServiceAddresses addresses;
        addresses.refresh(store);
        // Every Service at an address, in list order (namespace, then name).
        QCOMPARE(addresses.withClusterIp(QStringLiteral("10.96.1.1")),
            QStringList({QStringLiteral("a/rd"), QStringLiteral("b/rd")}));
        QCOMPARE(addresses.withDnsName(QStringLiteral("rd.b")), QStringList({QStringLiteral("b/rd")}));
        QCOMPARE(addresses.withDnsName(QStringLiteral("rd.b.svc")), QStringList({QStringLiteral("b/rd")}));
        QCOMPARE(
            addresses.withDnsName(QStringLiteral("rd.a.svc.cluster.local")), QStringList({QStringLiteral("a/rd")}));
        QVERIFY(addresses.withDnsName(QStringLiteral("rd")).isEmpty());
        QVERIFY(addresses.isAllocated(QStringLiteral("10.96.1.1")));
        QVERIFY(!addresses.isAllocated(QStringLiteral("172.18.255.1")));

        // A load balancer's address appears once the Service's status has it.
        QJsonObject withIngress = *store.get(services, QStringLiteral("b"), QStringLiteral("rd"));
        withIngress.insert(QStringLiteral("status"),
            QJsonObject {{QStringLiteral("loadBalancer"),
                QJsonObject {{QStringLiteral("ingress"),
                    QJsonArray {QJsonObject {{QStringLiteral("ip"), QStringLiteral("172.18.255.1")}},
                        QJsonObject {{QStringLiteral("hostname"), QStringLiteral("rd.example.com")}}}}}}});
        QVERIFY(store.updateStatus(services, QStringLiteral("b"), withIngress).ok());
        addresses.refresh(store);
        QCOMPARE(addresses.withExternalAddress(QStringLiteral("172.18.255.1")), QStringList({QStringLiteral("b/rd")}));
        QCOMPARE(
            addresses.withExternalAddress(QStringLiteral("rd.example.com")), QStringList({QStringLiteral("b/rd")}));
        QVERIFY(addresses.isAllocated(QStringLiteral("172.18.255.1")));
        QVERIFY(!addresses.isAllocated(QStringLiteral("rd.example.com"))); // a host name is not an IP to allocate

        // Deleted: gone from every address.
        QVERIFY(store.remove(services, QStringLiteral("a"), QStringLiteral("rd")).ok());
        addresses.refresh(store);
        QCOMPARE(addresses.withClusterIp(QStringLiteral("10.96.1.1")), QStringList({QStringLiteral("b/rd")}));
        QVERIFY(addresses.withDnsName(QStringLiteral("rd.a")).isEmpty());

        // Writes to other types leave the Services' revision alone; a restore moves it.
        const quint64 revision = store.revision(services);
        makeNamespace(store, QStringLiteral("c"));
        QCOMPARE(store.revision(services), revision);
        SimStore empty(QStringLiteral("kind"));
        QVERIFY(store.fromJson(empty.toJson()));
        QVERIFY(store.revision(services) != revision);
        addresses.refresh(store);
        QVERIFY(addresses.withClusterIp(QStringLiteral("10.96.1.1")).isEmpty());
        QVERIFY(!addresses.isAllocated(QStringLiteral("172.18.255.1")));
    }

    void listOneNamespace()
    {
        SimStore store(QStringLiteral("kind"));
        for (const QString &ns :
            {QStringLiteral("a"), QStringLiteral("a-b"), QStringLiteral("ab"), QStringLiteral("b")}) {
            makeNamespace(store, ns);
            for (const QString &name : {QStringLiteral("y"), QStringLiteral("x")})
                QVERIFY(store.create(kRS, ns, source(name)).ok());
        }
        const auto names = [](const QList<QJsonObject> &objects) {
            QStringList result;
            for (const QJsonObject &object : objects) {
                const QJsonObject m = object.value(QStringLiteral("metadata")).toObject();
                result.append(m.value(QStringLiteral("namespace")).toString() + QLatin1Char('/')
                    + m.value(QStringLiteral("name")).toString());
            }
            return result;
        };
        QCOMPARE(
            names(store.list(kRS, QStringLiteral("a"))), QStringList({QStringLiteral("a/x"), QStringLiteral("a/y")}));
        QCOMPARE(names(store.list(kRS, QStringLiteral("c"))), QStringList());
        QCOMPARE(names(store.list(kRS)),
            QStringList({QStringLiteral("a-b/x"), QStringLiteral("a-b/y"), QStringLiteral("a/x"), QStringLiteral("a/y"),
                QStringLiteral("ab/x"), QStringLiteral("ab/y"), QStringLiteral("b/x"), QStringLiteral("b/y")}));
    }

    void namespaceDeletion()
    {
        SimStore store(QStringLiteral("kind"));
        store.setNamespaceTerminationDelay(50);
        makeNamespace(store, QStringLiteral("doomed"));
        QVERIFY(store.create(kRS, QStringLiteral("doomed"), source(QStringLiteral("a"))).ok());
        const SimStoreResult deleting = store.remove(kNS, QString(), QStringLiteral("doomed"));
        QVERIFY(deleting.ok());
        QCOMPARE(deleting.object.value(QStringLiteral("status")).toObject().value(QStringLiteral("phase")).toString(),
            QStringLiteral("Terminating"));
        const SimStoreResult refused = store.create(kRS, QStringLiteral("doomed"), source(QStringLiteral("b")));
        QCOMPARE(refused.code, 403);
        QVERIFY(refused.message().contains(QStringLiteral("being terminated")));
        QVERIFY(store.get(kRS, QStringLiteral("doomed"), QStringLiteral("a")));
        QTRY_VERIFY(!store.get(kNS, QString(), QStringLiteral("doomed")));
        QVERIFY(!store.get(kRS, QStringLiteral("doomed"), QStringLiteral("a")));
    }

    void listWithSelectors()
    {
        SimStore store(QStringLiteral("kind"));
        makeNamespace(store, QStringLiteral("a"));
        makeNamespace(store, QStringLiteral("b"));
        auto add = [&](const QString &ns, const QString &name, const QString &tier) {
            QJsonObject object = source(name);
            object.insert(QStringLiteral("metadata"), meta(name, QJsonObject {{QStringLiteral("tier"), tier}}));
            QVERIFY(store.create(kRS, ns, object).ok());
        };
        add(QStringLiteral("a"), QStringLiteral("x"), QStringLiteral("gold"));
        add(QStringLiteral("a"), QStringLiteral("y"), QStringLiteral("silver"));
        add(QStringLiteral("b"), QStringLiteral("z"), QStringLiteral("gold"));
        QCOMPARE(store.list(kRS).size(), 3);
        QCOMPARE(store.list(kRS, QStringLiteral("a")).size(), 2);
        QCOMPARE(store.list(kRS, QString(), QStringLiteral("tier=gold")).size(), 2);
        QCOMPARE(store.list(kRS, QString(), QStringLiteral("tier!=gold")).size(), 1);
        QCOMPARE(store.list(kRS, QString(), QStringLiteral("tier in (gold, silver)")).size(), 3);
        QCOMPARE(store.list(kRS, QString(), QStringLiteral("tier notin (gold)")).size(), 1);
        QCOMPARE(store.list(kRS, QString(), QStringLiteral("!tier")).size(), 0);
        QCOMPARE(store.list(kRS, QStringLiteral("a"), QStringLiteral("tier,tier==silver")).size(), 1);
        QVERIFY(!SimLabelSelector::parse(QStringLiteral("tier in (gold")));
        QVERIFY(!SimLabelSelector::parse(QStringLiteral("a b")));
    }

    void historyWindow()
    {
        SimStore store(QStringLiteral("kind"));
        store.setHistoryWindow(3);
        makeNamespace(store, QStringLiteral("a"));
        const qint64 start = store.resourceVersion();
        for (int i = 0; i < 5; ++i)
            QVERIFY(store.create(kRS, QStringLiteral("a"), source(QStringLiteral("n%1").arg(i))).ok());
        QVERIFY(!store.eventsSince(kRS, start));
        const std::optional<QList<SimWatchEvent>> recent = store.eventsSince(kRS, store.resourceVersion() - 2);
        QVERIFY(recent);
        QCOMPARE(recent->size(), 2);
        QCOMPARE(recent->at(0).type, SimEventType::Added);
        QCOMPARE(store.oldestResumableVersion(), store.resourceVersion() - 3);
    }

    void watchCacheLikeKubeApiserver()
    {
        SimStore store(QStringLiteral("kind"));
        makeNamespace(store, QStringLiteral("a"));
        QVERIFY(store.create(kRS, QStringLiteral("a"), source(QStringLiteral("before"))).ok());
        const qint64 beforeStart = store.resourceVersion() - 1;
        // The API server starts: what was written before cannot be replayed (410), as after a restart.
        store.startWatchCache();
        const qint64 start = store.resourceVersion();
        QVERIFY(!store.eventsSince(kRS, beforeStart));
        QCOMPARE(store.oldestResumableVersion(kRS), start);
        // Fresh events are all kept (the window grows past its 100 events while they are younger than 75 s), and
        // other types' events take no room from this one's.
        for (int i = 0; i < 150; ++i)
            QVERIFY(store.create(kRS, QStringLiteral("a"), source(QStringLiteral("n%1").arg(i))).ok());
        for (int i = 0; i < 50; ++i)
            makeNamespace(store, QStringLiteral("ns%1").arg(i));
        const std::optional<QList<SimWatchEvent>> events = store.eventsSince(kRS, start);
        QVERIFY(events);
        QCOMPARE(events->size(), 150);
    }

    void persistence()
    {
        SimStore store(QStringLiteral("kind"));
        makeNamespace(store, QStringLiteral("a"));
        QVERIFY(store.create(kRS, QStringLiteral("a"), source(QStringLiteral("x"))).ok());
        SimStore restored(QStringLiteral("kind"));
        QVERIFY(restored.fromJson(store.toJson()));
        QCOMPARE(restored.resourceVersion(), store.resourceVersion());
        QCOMPARE(restored.get(kRS, QStringLiteral("a"), QStringLiteral("x")),
            store.get(kRS, QStringLiteral("a"), QStringLiteral("x")));
        QVERIFY(!restored.fromJson(QJsonObject {{QStringLiteral("objects"), 3}}));
        // the next write continues the counter
        QVERIFY(restored.create(kRS, QStringLiteral("a"), source(QStringLiteral("y"))).ok());
        QCOMPARE(restored.resourceVersion(), store.resourceVersion() + 1);
    }
};

QTEST_GUILESS_MAIN(TestSimApiStore)
#include "test_simapi_store.moc"
