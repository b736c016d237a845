// SPDX-License-Identifier: GPL-3.0-or-later
// The engine's jobs against the in-process simulator (clusters "kind" and "gcp") and its simulated
// VolSync operator: every object and field they create, validation before changes, resuming after a fault,
// mover failures, sync latency, unique triggers, --keep-schedule, delete (--keep-snapshot), status.
#include "engine/disasterrecovery.h"
#include "engine/relationshipmonitor.h"
#include "engine/replicationapplyjob.h"
#include "engine/replicationdeletejob.h"
#include "engine/replicationengine.h"
#include "engine/replicationfailbackjob.h"
#include "engine/replicationjob.h"
#include "engine/restorepointsjob.h"
#include "enginefixture.h"
#include "kube/kubeclient.h"
#include "kube/kuberequestrecord.h"
#include "kube/kubesession.h"
#include "runjob.h"
#include "sim/simcluster.h"
#include "sim/simoperator.h"
#include "sim/simstore.h"
#include "sim/simulator.h"
#include "simfixture.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kLabel = QStringLiteral("volsync.backube/relationship");

QJsonObject spec(const QJsonObject &o)
{
    return o.value(QLatin1String("spec")).toObject();
}

QJsonObject labels(const QJsonObject &o)
{
    return o.value(QLatin1String("metadata")).toObject().value(QLatin1String("labels")).toObject();
}

} // namespace

class TestReplicationEngine : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<EngineFixture> mEnv;
    SimOperator *mOperator = nullptr;
    SimStore *mKind = nullptr;
    SimStore *mGcp = nullptr;

    // create + set-source + set-destination, as the seed example does.
    void define(const QString &name, const QString &dest, const QString &destMethod = QStringLiteral("Snapshot"),
        const QString &sourceNs = QStringLiteral("source"), bool tls = false)
    {
        QVERIFY(runJob(mEnv->engine()->createRelationship(name, tls)).ok());
        SourceSettings s;
        s.pvc = ObjectName {QStringLiteral("kind"), sourceNs, QStringLiteral("datavol")};
        s.copyMethod = QStringLiteral("Clone");
        auto r = runJob(mEnv->engine()->setSource(name, s));
        QVERIFY2(r.ok(), qPrintable(r.error));
        DestinationSettings d;
        d.destination = ObjectName {QStringLiteral("gcp"), QStringLiteral("destns"), dest};
        d.copyMethod = destMethod;
        d.serviceType = QStringLiteral("LoadBalancer");
        if (destMethod == QLatin1String("Snapshot")) {
            d.storageClassName = QStringLiteral("standard-csi");
            d.volumeSnapshotClassName = QStringLiteral("csi-gce-pd-vsc");
        }
        r = runJob(mEnv->engine()->setDestination(name, d));
        QVERIFY2(r.ok(), qPrintable(r.error));
    }

    ReplicationRelationship load(const QString &name)
    {
        QString error;
        return mEnv->engine()->store().load(name, &error).value_or(ReplicationRelationship());
    }

    int labelled(SimStore *store, const QString &resource, const QString &id)
    {
        return int(store->list(resource, QString(), kLabel + QLatin1Char('=') + id).size());
    }

private Q_SLOTS:
    void initTestCase()
    {
        SimFixture::Options options = SimFixture::engineWorld(QStringLiteral("1Gi"));
        const auto addObjects = options.setUpCluster;
        options.setUpCluster = [this, addObjects](SimCluster *cluster) {
            addObjects(cluster);
            cluster->store()->setNamespaceTerminationDelay(10);
            (cluster->name() == QLatin1String("kind") ? mKind : mGcp) = cluster->store();
        };
        mEnv = std::make_unique<EngineFixture>(options);
        QString error;
        QVERIFY2(mEnv->start(&error), qPrintable(error));
        mOperator = mEnv->sim()->op();
    }

    void cleanupTestCase()
    {
        mOperator = nullptr;
        mEnv.reset();
    }

    void seedExampleFlow()
    {
        define(QStringLiteral("example"), QStringLiteral("datavol"));
        if (QTest::currentTestFailed())
            return;
        const QString id = load(QStringLiteral("example")).id;
        // Nothing in any cluster yet.
        QCOMPARE(labelled(mGcp, QStringLiteral("replicationdestinations"), id), 0);

        auto r = runJob(mEnv->engine()->schedule(QStringLiteral("example"), QStringLiteral("*/5 * * * *")));
        QVERIFY2(r.ok(), qPrintable(r.error));
        ReplicationRelationship rel = load(QStringLiteral("example"));
        const QString rsName = rel.source->rsName;
        QVERIFY(
            QRegularExpression(QStringLiteral("^datavol-[bcdfghjklmnpqrstvwxz2456789]{5}$")).match(rsName).hasMatch());

        // The RD: label, whole spec from the file, capacity and modes taken from the source PVC.
        const auto rd
            = mGcp->get(QStringLiteral("replicationdestinations"), QStringLiteral("destns"), QStringLiteral("datavol"));
        QVERIFY(rd);
        QCOMPARE(labels(*rd).value(kLabel).toString(), id);
        const QJsonObject rdRsync = spec(*rd).value(QLatin1String("rsync")).toObject();
        QCOMPARE(rdRsync.value(QLatin1String("copyMethod")).toString(), QStringLiteral("Snapshot"));
        QCOMPARE(rdRsync.value(QLatin1String("capacity")).toString(), QStringLiteral("1Gi"));
        QCOMPARE(rdRsync.value(QLatin1String("accessModes")).toArray(), QJsonArray {QStringLiteral("ReadWriteOnce")});
        QCOMPARE(rdRsync.value(QLatin1String("storageClassName")).toString(), QStringLiteral("standard-csi"));
        QCOMPARE(rdRsync.value(QLatin1String("volumeSnapshotClassName")).toString(), QStringLiteral("csi-gce-pd-vsc"));
        QCOMPARE(rdRsync.value(QLatin1String("serviceType")).toString(), QStringLiteral("LoadBalancer"));
        QVERIFY(!rdRsync.contains(QLatin1String("destinationPVC")));
        QVERIFY(!spec(*rd).contains(QLatin1String("trigger")));

        // The key Secret copied to the source namespace, labelled, same data.
        const auto secret = mKind->get(QStringLiteral("secrets"), QStringLiteral("source"), rsName);
        QVERIFY(secret);
        QCOMPARE(labels(*secret).value(kLabel).toString(), id);
        const auto dstSecret = mGcp->get(
            QStringLiteral("secrets"), QStringLiteral("destns"), QStringLiteral("volsync-rsync-dst-src-datavol"));
        QVERIFY(dstSecret);
        QCOMPARE(secret->value(QLatin1String("data")), dstSecret->value(QLatin1String("data")));

        // The RS.
        const auto rs = mKind->get(QStringLiteral("replicationsources"), QStringLiteral("source"), rsName);
        QVERIFY(rs);
        QCOMPARE(labels(*rs).value(kLabel).toString(), id);
        QCOMPARE(spec(*rs).value(QLatin1String("sourcePVC")).toString(), QStringLiteral("datavol"));
        QCOMPARE(spec(*rs).value(QLatin1String("trigger")).toObject(),
            (QJsonObject {{QStringLiteral("schedule"), QStringLiteral("*/5 * * * *")}}));
        const QJsonObject rsRsync = spec(*rs).value(QLatin1String("rsync")).toObject();
        QCOMPARE(rsRsync.value(QLatin1String("copyMethod")).toString(), QStringLiteral("Clone"));
        const QString address = rd->value(QLatin1String("status"))
                                    .toObject()
                                    .value(QLatin1String("rsync"))
                                    .toObject()
                                    .value(QLatin1String("address"))
                                    .toString();
        QVERIFY(!address.isEmpty());
        QCOMPARE(rsRsync.value(QLatin1String("address")).toString(), address);
        QCOMPARE(rsRsync.value(QLatin1String("sshKeys")).toString(), rsName);
        QVERIFY(!rsRsync.contains(QLatin1String("port")));

        // Written back to the file.
        QCOMPARE(rel.source->address, address);
        QCOMPARE(rel.source->sshKeys, rsName);
        QCOMPARE(rel.source->trigger.schedule, QStringLiteral("*/5 * * * *"));
        QCOMPARE(rel.destination->capacity, QStringLiteral("1Gi"));
        QCOMPARE(rel.destination->accessModes, QStringList {QStringLiteral("ReadWriteOnce")});

        // Applying again changes nothing.
        r = runJob(mEnv->engine()->schedule(QStringLiteral("example"), QStringLiteral("*/5 * * * *")));
        QVERIFY2(r.ok(), qPrintable(r.error));
        for (const ObjectResult &o : std::as_const(r.objects)) {
            if (o.kind != QLatin1String("file"))
                QVERIFY2(o.action == ObjectResult::Action::Unchanged, qPrintable(o.toString()));
        }

        // sync: waits for its own trigger, reports success, leaves the manual trigger (upstream behaviour).
        auto *sync = qobject_cast<ReplicationApplyJob *>(mEnv->engine()->sync(QStringLiteral("example")));
        QVERIFY(sync);
        QPointer<ReplicationApplyJob> guard(sync);
        QSignalSpy finished(sync, &ReplicationJob::finished);
        sync->start();
        QVERIFY(finished.wait(20000));
        QVERIFY2(sync->result().ok(), qPrintable(sync->result().error));
        const QString tag = sync->manualTrigger();
        QVERIFY(QRegularExpression(QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(Z|[+-]\d\d:\d\d)$)"))
                    .match(tag)
                    .hasMatch());
        QVERIFY(sync->result().notes.join(QLatin1Char('\n')).contains(QLatin1String("rsync completed")));
        sync->deleteLater();
        const auto rsAfter = mKind->get(QStringLiteral("replicationsources"), QStringLiteral("source"), rsName);
        QCOMPARE(
            rsAfter->value(QLatin1String("status")).toObject().value(QLatin1String("lastManualSync")).toString(), tag);
        QCOMPARE(
            spec(*rsAfter).value(QLatin1String("trigger")).toObject(), (QJsonObject {{QStringLiteral("manual"), tag}}));
        rel = load(QStringLiteral("example"));
        QCOMPARE(rel.source->trigger.manual, tag);
        QVERIFY(!rel.source->trigger.schedule);

        // Status.
        RelationshipMonitor *monitor = mEnv->engine()->monitor(QStringLiteral("example"));
        QSignalSpy readySpy(monitor, &RelationshipMonitor::ready);
        monitor->start();
        QVERIFY(readySpy.wait(10000));
        const ReplicationStatus status = monitor->status();
        QCOMPARE(status.phase, ReplicationStatus::Phase::Idle);
        QCOMPARE(status.address, address);
        QCOMPARE(status.lastManualSync, tag);
        QCOMPARE(status.latestImageKind, QStringLiteral("VolumeSnapshot"));
        QVERIFY(status.problems.isEmpty());
        QVERIFY(!monitor->history().isEmpty());
        delete monitor;

        // delete: per-object report, everything labelled is gone, the file too.
        r = runJob(mEnv->engine()->remove(QStringLiteral("example")));
        QVERIFY2(r.ok(), qPrintable(r.error));
        QStringList deleted;
        for (const ObjectResult &o : std::as_const(r.objects)) {
            if (o.action == ObjectResult::Action::Deleted)
                deleted.append(o.kind + QLatin1Char(' ') + o.name);
        }
        QVERIFY2(deleted.contains(QStringLiteral("ReplicationSource ") + rsName), qPrintable(deleted.join(u',')));
        QVERIFY(deleted.contains(QStringLiteral("Secret ") + rsName));
        QVERIFY(deleted.contains(QStringLiteral("ReplicationDestination datavol")));
        QCOMPARE(labelled(mKind, QStringLiteral("replicationsources"), id), 0);
        QCOMPARE(labelled(mKind, QStringLiteral("secrets"), id), 0);
        QCOMPARE(labelled(mGcp, QStringLiteral("replicationdestinations"), id), 0);
        QVERIFY(!mEnv->engine()->store().exists(QStringLiteral("example")));
    }

    void directFlowWithPremadePvc()
    {
        define(QStringLiteral("direct"), QStringLiteral("premade"), QStringLiteral("Direct"));
        if (QTest::currentTestFailed())
            return;
        const QJsonObject before
            = *mGcp->get(QStringLiteral("persistentvolumeclaims"), QStringLiteral("destns"), QStringLiteral("premade"));
        const auto r = runJob(mEnv->engine()->sync(QStringLiteral("direct")));
        QVERIFY2(r.ok(), qPrintable(r.error));
        const auto rd
            = mGcp->get(QStringLiteral("replicationdestinations"), QStringLiteral("destns"), QStringLiteral("premade"));
        QVERIFY(rd);
        const QJsonObject rsync = spec(*rd).value(QLatin1String("rsync")).toObject();
        QCOMPARE(rsync.value(QLatin1String("copyMethod")).toString(), QStringLiteral("Direct"));
        QCOMPARE(rsync.value(QLatin1String("destinationPVC")).toString(), QStringLiteral("premade"));
        QVERIFY(!rsync.contains(QLatin1String("capacity")));
        // The existing PVC is never modified.
        QCOMPARE(
            *mGcp->get(QStringLiteral("persistentvolumeclaims"), QStringLiteral("destns"), QStringLiteral("premade")),
            before);
        QCOMPARE(load(QStringLiteral("direct")).destination->destinationPvc, QStringLiteral("premade"));

        const auto d = runJob(mEnv->engine()->remove(QStringLiteral("direct")));
        QVERIFY2(d.ok(), qPrintable(d.error));
        bool kept = false;
        for (const ObjectResult &o : d.objects)
            kept = kept || (o.kind == QLatin1String("PersistentVolumeClaim") && o.action == ObjectResult::Action::Kept);
        QVERIFY(kept);
        QVERIFY(
            mGcp->get(QStringLiteral("persistentvolumeclaims"), QStringLiteral("destns"), QStringLiteral("premade")));
    }

    void directFlowCreatesPvc()
    {
        define(QStringLiteral("direct2"), QStringLiteral("newpvc"), QStringLiteral("Direct"));
        if (QTest::currentTestFailed())
            return;
        const auto r = runJob(mEnv->engine()->schedule(QStringLiteral("direct2"), QStringLiteral("0 0 1 1 *")));
        QVERIFY2(r.ok(), qPrintable(r.error));
        const auto created
            = mGcp->get(QStringLiteral("persistentvolumeclaims"), QStringLiteral("destns"), QStringLiteral("newpvc"));
        QVERIFY(created);
        QCOMPARE(spec(*created)
                     .value(QLatin1String("resources"))
                     .toObject()
                     .value(QLatin1String("requests"))
                     .toObject()
                     .value(QLatin1String("storage"))
                     .toString(),
            QStringLiteral("1Gi"));
        QCOMPARE(
            spec(*created).value(QLatin1String("accessModes")).toArray(), QJsonArray {QStringLiteral("ReadWriteOnce")});
        QVERIFY(runJob(mEnv->engine()->remove(QStringLiteral("direct2"))).ok());
    }

    void validationBeforeChanges()
    {
        QVERIFY(runJob(mEnv->engine()->createRelationship(QStringLiteral("bad"), false)).ok());
        SourceSettings s;
        s.pvc = ObjectName {QStringLiteral("kind"), QStringLiteral("source"), QStringLiteral("nosuchpvc")};
        auto r = runJob(mEnv->engine()->setSource(QStringLiteral("bad"), s));
        QVERIFY(!r.ok());
        QVERIFY2(r.error.contains(QLatin1String("source PVC source/nosuchpvc does not exist")), qPrintable(r.error));
        s.pvc = ObjectName {QStringLiteral("kind"), QStringLiteral("nosuchns"), QStringLiteral("datavol")};
        r = runJob(mEnv->engine()->setSource(QStringLiteral("bad"), s));
        QVERIFY2(r.error.contains(QLatin1String("namespace nosuchns does not exist")), qPrintable(r.error));
        s.pvc = ObjectName {QStringLiteral("nosuchcontext"), QStringLiteral("source"), QStringLiteral("datavol")};
        r = runJob(mEnv->engine()->setSource(QStringLiteral("bad"), s));
        QVERIFY2(r.error.contains(QLatin1String("nosuchcontext")), qPrintable(r.error));
        QVERIFY(!load(QStringLiteral("bad")).source);

        DestinationSettings d;
        d.destination = ObjectName {QStringLiteral("gcp"), QStringLiteral("nosuchns"), QStringLiteral("x")};
        r = runJob(mEnv->engine()->setDestination(QStringLiteral("bad"), d));
        QVERIFY2(r.error.contains(QLatin1String("namespace nosuchns does not exist")), qPrintable(r.error));

        // A source but no destination.
        s.pvc = ObjectName {QStringLiteral("kind"), QStringLiteral("source"), QStringLiteral("datavol")};
        QVERIFY(runJob(mEnv->engine()->setSource(QStringLiteral("bad"), s)).ok());
        r = runJob(mEnv->engine()->sync(QStringLiteral("bad")));
        QCOMPARE(r.error, QStringLiteral("please define a replication destination with \"set-destination\""));
        // Issue 13 item 3: a destination smaller than the 1Gi source is refused by set-destination (for the CLI
        // too), before the file changes; apply refuses a hand-edited one.
        d.destination = ObjectName {QStringLiteral("gcp"), QStringLiteral("destns"), QStringLiteral("small")};
        d.capacity = QStringLiteral("100Mi");
        r = runJob(mEnv->engine()->setDestination(QStringLiteral("bad"), d));
        QCOMPARE(r.status, ReplicationResult::Status::Invalid);
        QVERIFY2(
            r.error.contains(QLatin1String("the destination capacity 100Mi is smaller than the source volume (1Gi)")),
            qPrintable(r.error));
        QVERIFY(!load(QStringLiteral("bad")).destination);
        d.capacity = QStringLiteral("1Gi");
        QVERIFY(runJob(mEnv->engine()->setDestination(QStringLiteral("bad"), d)).ok());
        QString smallError;
        ReplicationRelationship small = load(QStringLiteral("bad"));
        small.destination->capacity = QStringLiteral("500Mi");
        QVERIFY(mEnv->engine()->store().save(small, &smallError));
        r = runJob(mEnv->engine()->schedule(QStringLiteral("bad"), QStringLiteral("*/5 * * * *"), {true}));
        QCOMPARE(r.status, ReplicationResult::Status::Invalid);
        QVERIFY2(r.error.contains(QLatin1String("smaller than the source")), qPrintable(r.error));
        QCOMPARE(labelled(mGcp, QStringLiteral("replicationdestinations"), small.id), 0);

        // Values in a hand-edited file are checked too, before any cluster call.
        ReplicationRelationship edited = load(QStringLiteral("bad"));
        edited.source->copyMethod = QStringLiteral("Copy");
        edited.destination = ReplicationDestinationSide {};
        edited.destination->namespaceName = QStringLiteral("destns");
        edited.destination->rdName = QStringLiteral("x");
        edited.destination->copyMethod = QStringLiteral("Snapshot");
        QString error;
        QVERIFY(mEnv->engine()->store().save(edited, &error));
        r = runJob(mEnv->engine()->sync(QStringLiteral("bad")));
        QCOMPARE(r.status, ReplicationResult::Status::Invalid);
        QVERIFY2(r.error.contains(QLatin1String("bad.yaml: invalid CopyMethod: Copy")), qPrintable(r.error));
        QCOMPARE(labelled(mGcp, QStringLiteral("replicationdestinations"), edited.id), 0);

        // Cron specs that upstream lets through and the CRD rejects: refused before any cluster call.
        r = runJob(mEnv->engine()->schedule(QStringLiteral("bad"), QStringLiteral("@every 5m")));
        QCOMPARE(r.status, ReplicationResult::Status::Invalid);
        QCOMPARE(r.exitCode(), 2);
        QVERIFY(runJob(mEnv->engine()->remove(QStringLiteral("bad"))).ok());
    }

    void privilegedMovers()
    {
        define(QStringLiteral("priv"), QStringLiteral("privdest"), QStringLiteral("Snapshot"), QStringLiteral("plain"));
        if (QTest::currentTestFailed())
            return;
        const QString id = load(QStringLiteral("priv")).id;
        auto r = runJob(mEnv->engine()->schedule(QStringLiteral("priv"), QStringLiteral("0 0 1 1 *")));
        QVERIFY(!r.ok());
        QVERIFY2(r.error.contains(QLatin1String(
                     "kubectl --context kind annotate namespace plain volsync.backube/privileged-movers=true")),
            qPrintable(r.error));
        QVERIFY(r.error.contains(QLatin1String("--allow-privileged-movers")));
        QVERIFY(!r.error.contains(QLatin1String("namespace destns")));
        // Nothing was created.
        QCOMPARE(labelled(mGcp, QStringLiteral("replicationdestinations"), id), 0);
        // The status says so too.
        RelationshipMonitor *monitor = mEnv->engine()->monitor(QStringLiteral("priv"));
        QSignalSpy readySpy(monitor, &RelationshipMonitor::ready);
        monitor->start();
        QVERIFY(readySpy.wait(10000));
        QCOMPARE(monitor->status().phase, ReplicationStatus::Phase::NotApplied);
        QVERIFY2(monitor->status()
                     .problemTexts()
                     .join(QLatin1Char('\n'))
                     .contains(QLatin1String("Namespace plain lacks the annotation")),
            qPrintable(monitor->status().problemTexts().join(QLatin1Char('\n'))));
        delete monitor;

        ApplyOptions allow;
        allow.allowPrivilegedMovers = true;
        r = runJob(mEnv->engine()->schedule(QStringLiteral("priv"), QStringLiteral("0 0 1 1 *"), allow));
        QVERIFY2(r.ok(), qPrintable(r.error));
        const auto plain = mKind->get(QStringLiteral("namespaces"), QString(), QStringLiteral("plain"));
        QCOMPARE(plain->value(QLatin1String("metadata"))
                     .toObject()
                     .value(QLatin1String("annotations"))
                     .toObject()
                     .value(QLatin1String("volsync.backube/privileged-movers"))
                     .toString(),
            QStringLiteral("true"));
        QVERIFY(runJob(mEnv->engine()->remove(QStringLiteral("priv"))).ok());
    }

    // A stale copy of the destination's keys in the source namespace (the mover's login is refused) is
    // reported as a problem with its fix, and applying again copies the current keys.
    void staleKeysAreReported()
    {
        define(QStringLiteral("stale"), QStringLiteral("staledest"));
        if (QTest::currentTestFailed())
            return;
        auto r = runJob(mEnv->engine()->schedule(QStringLiteral("stale"), QStringLiteral("0 0 1 1 *")));
        QVERIFY2(r.ok(), qPrintable(r.error));
        const ReplicationRelationship rel = load(QStringLiteral("stale"));
        const QString rsName = rel.source->rsName;

        RelationshipMonitor *monitor = mEnv->engine()->monitor(QStringLiteral("stale"));
        auto cleanup = qScopeGuard([monitor] { delete monitor; });
        QSignalSpy readySpy(monitor, &RelationshipMonitor::ready);
        monitor->start();
        QVERIFY(readySpy.wait(10000));
        const auto problemsText = [monitor] { return monitor->status().problemTexts().join(QLatin1Char('\n')); };
        // The keys are compared (one more request) before the monitor says it is ready.
        QVERIFY(monitor->keysMatch().has_value());
        QVERIFY(*monitor->keysMatch());
        QVERIFY2(!problemsText().contains(QLatin1String("current keys")), qPrintable(problemsText()));

        // Replace the copied keys with other ones, as an old copy would be.
        auto secret = mKind->get(QStringLiteral("secrets"), QStringLiteral("source"), rsName);
        QVERIFY(secret);
        QJsonObject data = secret->value(QLatin1String("data")).toObject();
        QVERIFY(data.contains(QLatin1String("source")));
        const QString originalKey = data.value(QLatin1String("source")).toString();
        data.insert(QStringLiteral("source"), QString::fromLatin1(QByteArray("stale key").toBase64()));
        secret->insert(QStringLiteral("data"), data);
        QVERIFY(mKind->update(QStringLiteral("secrets"), QStringLiteral("source"), *secret).ok());
        QTRY_VERIFY2_WITH_TIMEOUT(
            problemsText().contains(QLatin1String("does not hold the destination's current keys")),
            qPrintable(problemsText()), 10000);
        QVERIFY(monitor->status().hasProblem(ReplicationFinding::Kind::KeysStale));
        for (const ReplicationFinding &finding : monitor->status().problems) {
            if (finding.kind == ReplicationFinding::Kind::KeysStale) {
                QCOMPARE(finding.fix.action, ReplicationFix::Action::Apply);
                QVERIFY2(
                    finding.text().contains(QLatin1String("volsyncctl replication -r ")), qPrintable(finding.text()));
            }
        }
        // Never the key material itself.
        QVERIFY(!problemsText().contains(originalKey));
        QVERIFY(!problemsText().contains(QLatin1String("stale key")));

        // The offered fix: apply again.
        r = runJob(mEnv->engine()->schedule(QStringLiteral("stale"), QStringLiteral("0 0 1 1 *")));
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(mKind->get(QStringLiteral("secrets"), QStringLiteral("source"), rsName)
                     ->value(QLatin1String("data"))
                     .toObject()
                     .value(QLatin1String("source"))
                     .toString(),
            originalKey);
        QTRY_VERIFY_WITH_TIMEOUT(monitor->keysMatch() == true, 10000);
        QVERIFY2(!problemsText().contains(QLatin1String("current keys")), qPrintable(problemsText()));
        cleanup.dismiss();
        delete monitor;
        QVERIFY(runJob(mEnv->engine()->remove(QStringLiteral("stale"))).ok());
    }

    // The monitors that start together (at start-up, every one) compare their keys through one LIST of VolSync's
    // Secrets per destination namespace, not one GET each (25 relationships of a cluster used to cost 25 requests
    // and 3 s of the client's rate limit before their rows were ready).
    void keyChecksStartingTogetherShareOneList()
    {
        const QStringList names {QStringLiteral("keys-a"), QStringLiteral("keys-b"), QStringLiteral("keys-c")};
        for (const QString &name : names) {
            define(name, name + QStringLiteral("-dest"));
            if (QTest::currentTestFailed())
                return;
            const auto r = runJob(mEnv->engine()->schedule(name, QStringLiteral("0 0 1 1 *")));
            QVERIFY2(r.ok(), qPrintable(r.error));
        }
        int secretGets = 0;
        QStringList secretLists;
        const auto counting
            = connect(mEnv->session(), &KubeSession::requestObserved, this, [&](const KubeRequestRecord &record) {
                  if (record.contextName != QLatin1String("gcp") || record.event != KubeRequestRecord::Event::Finished
                      || !record.path.contains(QLatin1String("/secrets")))
                      return;
                  if (record.verb == KubeRequest::Verb::Get)
                      ++secretGets;
                  else if (record.verb == KubeRequest::Verb::List)
                      secretLists.append(record.path);
              });
        auto disconnect = qScopeGuard([counting] { QObject::disconnect(counting); });
        std::vector<std::unique_ptr<RelationshipMonitor>> monitors;
        for (const QString &name : names)
            monitors.emplace_back(mEnv->engine()->monitor(name));
        for (const auto &monitor : monitors)
            monitor->start();
        for (const auto &monitor : monitors)
            QTRY_VERIFY_WITH_TIMEOUT(monitor->isReady() && monitor->keysMatch().has_value(), 20000);
        for (const auto &monitor : monitors)
            QVERIFY2(*monitor->keysMatch(), qPrintable(monitor->name()));
        QCOMPARE(secretGets, 0);
        QCOMPARE(secretLists, QStringList {QStringLiteral("/api/v1/namespaces/destns/secrets")});
        monitors.clear();
        for (const QString &name : names)
            QVERIFY(runJob(mEnv->engine()->remove(name)).ok());
    }

    void resumeAfterSourceClusterFault()
    {
        define(QStringLiteral("resume"), QStringLiteral("resumedest"));
        if (QTest::currentTestFailed())
            return;
        const QByteArray fileBefore = [this] {
            QFile f(mEnv->engine()->store().filePath(QStringLiteral("resume")));
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        const QString id = load(QStringLiteral("resume")).id;
        KubeClient *kindClient = mEnv->session()->client(QStringLiteral("kind"));
        const KubeClient::RetryPolicy policy = kindClient->retryPolicy();
        kindClient->setRetryPolicy({0, 10, 10});
        SimCluster *kind = mEnv->sim()->cluster(QStringLiteral("kind"));
        ReplicationJob *job = mEnv->engine()->schedule(QStringLiteral("resume"), QStringLiteral("0 0 1 1 *"));
        // The source cluster goes down once the RD exists.
        connect(job, &ReplicationJob::progress, this, [kind](ReplicationJob::Step step) {
            if (step == ReplicationJob::Step::WaitForDestination) {
                SimFaults faults = kind->faults();
                faults.refuseUntil = QDateTime::currentDateTimeUtc().addSecs(60);
                kind->setFaults(faults);
            }
        });
        const auto r = runJob(job);
        kind->setFaults({});
        kindClient->setRetryPolicy(policy);
        QVERIFY(!r.ok());
        QCOMPARE(labelled(mGcp, QStringLiteral("replicationdestinations"), id), 1);
        QCOMPARE(labelled(mKind, QStringLiteral("replicationsources"), id), 0);
        QFile f(mEnv->engine()->store().filePath(QStringLiteral("resume")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), fileBefore); // the file is unchanged

        // Running it again completes the work, with nothing duplicated.
        const auto again = runJob(mEnv->engine()->schedule(QStringLiteral("resume"), QStringLiteral("0 0 1 1 *")));
        QVERIFY2(again.ok(), qPrintable(again.error));
        QCOMPARE(labelled(mGcp, QStringLiteral("replicationdestinations"), id), 1);
        QCOMPARE(labelled(mKind, QStringLiteral("replicationsources"), id), 1);
        QCOMPARE(labelled(mKind, QStringLiteral("secrets"), id), 1);
        QCOMPARE(load(QStringLiteral("resume")).source->trigger.schedule, QStringLiteral("0 0 1 1 *"));
        QVERIFY(runJob(mEnv->engine()->remove(QStringLiteral("resume"))).ok());
        QCOMPARE(labelled(mGcp, QStringLiteral("replicationdestinations"), id), 0);
    }

    void moverFailsTwiceThenSucceeds()
    {
        define(QStringLiteral("flaky"), QStringLiteral("flakydest"));
        if (QTest::currentTestFailed())
            return;
        QVERIFY(runJob(mEnv->engine()->schedule(QStringLiteral("flaky"), QStringLiteral("0 0 1 1 *"))).ok());
        QTRY_VERIFY_WITH_TIMEOUT(!load(QStringLiteral("flaky")).source->rsName.isEmpty()
                && mKind
                       ->get(QStringLiteral("replicationsources"), QStringLiteral("source"),
                           load(QStringLiteral("flaky")).source->rsName)
                       ->value(QLatin1String("status"))
                       .toObject()
                       .contains(QLatin1String("lastSyncTime")),
            10000);
        mOperator->failNextSyncs(2);
        auto *job = qobject_cast<ReplicationApplyJob *>(mEnv->engine()->sync(QStringLiteral("flaky")));
        QSignalSpy failures(job, &ReplicationApplyJob::moverFailed);
        QSignalSpy finished(job, &ReplicationJob::finished);
        job->start();
        QVERIFY(finished.wait(20000));
        QVERIFY2(job->result().ok(), qPrintable(job->result().error));
        QCOMPARE(failures.size(), 2);
        QCOMPARE(failures.at(0).at(0).toInt(), 1);
        QVERIFY(failures.at(1).at(1).toString().contains(QLatin1String("rsync error")));
        QCOMPARE(job->failedAttempts(), 2);
        QCOMPARE(job->moverStatus()->result, QStringLiteral("Successful"));
        delete job;
        QVERIFY(runJob(mEnv->engine()->remove(QStringLiteral("flaky"))).ok());
    }

    void syncLatencyUniqueTriggersAndKeepSchedule()
    {
        define(QStringLiteral("fast"), QStringLiteral("fastdest"));
        if (QTest::currentTestFailed())
            return;
        QVERIFY(runJob(mEnv->engine()->schedule(QStringLiteral("fast"), QStringLiteral("0 0 1 1 *"))).ok());
        const QString rsName = load(QStringLiteral("fast")).source->rsName;
        QTRY_VERIFY_WITH_TIMEOUT(mKind->get(QStringLiteral("replicationsources"), QStringLiteral("source"), rsName)
                                     ->value(QLatin1String("status"))
                                     .toObject()
                                     .contains(QLatin1String("lastSyncTime")),
            10000);
        // The mover takes D; the sync must return right after the status says it is done (watch, not poll).
        const int d = int(mOperator->options().syncDurationMs);
        QElapsedTimer done;
        // Started when the operator writes lastManualSync == the trigger (the sync is done).
        const QMetaObject::Connection doneWatch = connect(mKind, &SimStore::changed, this,
            [&done, rsName](const QString &resource, SimEventType, const QJsonObject &o) {
                const QString manual
                    = spec(o).value(QLatin1String("trigger")).toObject().value(QLatin1String("manual")).toString();
                if (resource == QLatin1String("replicationsources")
                    && o.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString() == rsName
                    && !manual.isEmpty()
                    && o.value(QLatin1String("status")).toObject().value(QLatin1String("lastManualSync")).toString()
                        == manual
                    && !done.isValid())
                    done.start();
            });
        const auto disconnectDoneWatch = qScopeGuard([&doneWatch] { QObject::disconnect(doneWatch); });
        QElapsedTimer total;
        total.start();
        auto *first = qobject_cast<ReplicationApplyJob *>(mEnv->engine()->sync(QStringLiteral("fast")));
        QSignalSpy firstFinished(first, &ReplicationJob::finished);
        done.invalidate();
        first->start();
        QVERIFY(firstFinished.wait(20000));
        const qint64 afterDone = done.isValid() ? done.elapsed() : -1;
        const qint64 elapsed = total.elapsed();
        QVERIFY2(first->result().ok(), qPrintable(first->result().error));
        QVERIFY(afterDone >= 0);
        // How fast it returns is a goal for tests/bench (a busy machine delays any event loop); here only the
        // order: the mover's time first, then the return, which follows the status change (a watch, not a poll
        // of many seconds).
        qInfo("sync took %lld ms with D = %d ms; returned %lld ms after the status change", elapsed, d, afterDone);
        QVERIFY(elapsed >= d * 9 / 10);
        QVERIFY2(afterDone < 15000, qPrintable(QString::number(afterDone)));
        const QString tag1 = first->manualTrigger();
        delete first;

        // --keep-schedule puts the schedule back in the RS and the file (upstream leaves the manual trigger).
        QVERIFY(runJob(mEnv->engine()->schedule(QStringLiteral("fast"), QStringLiteral("0 0 1 1 *"))).ok());
        SyncOptions keep;
        keep.keepSchedule = true;
        const auto kept = runJob(mEnv->engine()->sync(QStringLiteral("fast"), keep));
        QVERIFY2(kept.ok(), qPrintable(kept.error));
        auto rs = mKind->get(QStringLiteral("replicationsources"), QStringLiteral("source"), rsName);
        QCOMPARE(spec(*rs).value(QLatin1String("trigger")).toObject(),
            (QJsonObject {{QStringLiteral("schedule"), QStringLiteral("0 0 1 1 *")}}));
        QCOMPARE(load(QStringLiteral("fast")).source->trigger.schedule, QStringLiteral("0 0 1 1 *"));

        // Two syncs right after each other (same second): different, valid tags; each waits for its own sync.
        const int runsBefore = mOperator->moverRuns();
        auto *a = qobject_cast<ReplicationApplyJob *>(mEnv->engine()->sync(QStringLiteral("fast")));
        QVERIFY(runJob(a).ok());
        const QString tagA = a->manualTrigger(); // runJob() deletes the job later, at the next event loop
        auto *b = qobject_cast<ReplicationApplyJob *>(mEnv->engine()->sync(QStringLiteral("fast")));
        QVERIFY(runJob(b).ok());
        const QString tagB = b->manualTrigger();
        QVERIFY(tagA != tagB);
        QVERIFY(tagA != tag1);
        // Both ended in the same second or not, each waited for its own sync.
        QCOMPARE(mKind->get(QStringLiteral("replicationsources"), QStringLiteral("source"), rsName)
                     ->value(QLatin1String("status"))
                     .toObject()
                     .value(QLatin1String("lastManualSync"))
                     .toString(),
            tagB);
        QCOMPARE(mOperator->moverRuns(), runsBefore + 2);
        QCOMPARE(
            ReplicationApplyJob::uniqueManualTrigger(QStringLiteral("x")) == ReplicationApplyJob::uniqueManualTrigger(),
            false);
        QVERIFY(runJob(mEnv->engine()->remove(QStringLiteral("fast"))).ok());
    }

    void deleteKeepsSnapshot()
    {
        define(QStringLiteral("keep"), QStringLiteral("keepdest"));
        if (QTest::currentTestFailed())
            return;
        QVERIFY(runJob(mEnv->engine()->sync(QStringLiteral("keep"))).ok());
        const auto rd = mGcp->get(
            QStringLiteral("replicationdestinations"), QStringLiteral("destns"), QStringLiteral("keepdest"));
        const QString snapshot = rd->value(QLatin1String("status"))
                                     .toObject()
                                     .value(QLatin1String("latestImage"))
                                     .toObject()
                                     .value(QLatin1String("name"))
                                     .toString();
        QVERIFY(!snapshot.isEmpty());
        DeleteOptions dry;
        dry.dryRun = true;
        // Issue 13: a dry run reports each object once (its result), not also as a "will delete" step.
        ReplicationJob *dryJob = mEnv->engine()->remove(QStringLiteral("keep"), dry);
        QStringList dryLines;
        connect(dryJob, &ReplicationJob::progress, this,
            [&dryLines](ReplicationJob::Step, const QString &line) { dryLines.append(line); });
        auto r = runJob(dryJob);
        QVERIFY(r.ok());
        QVERIFY2(!dryLines.join(QLatin1Char('\n')).contains(QLatin1String("keepdest")),
            qPrintable(dryLines.join(QLatin1Char('\n'))));
        QVERIFY(r.notes.join(QLatin1Char('\n'))
                    .contains(QLatin1String("Would delete ReplicationDestination destns/keepdest")));
        QVERIFY(mEnv->engine()->store().exists(QStringLiteral("keep")));
        DeleteOptions keep;
        keep.keepSnapshot = true;
        r = runJob(mEnv->engine()->remove(QStringLiteral("keep"), keep));
        QVERIFY2(r.ok(), qPrintable(r.error));
        QTRY_VERIFY_WITH_TIMEOUT(
            !mGcp->get(QStringLiteral("replicationdestinations"), QStringLiteral("destns"), QStringLiteral("keepdest")),
            5000);
        const auto kept = mGcp->get(QStringLiteral("volumesnapshots"), QStringLiteral("destns"), snapshot);
        QVERIFY(kept);
        QCOMPARE(
            labels(*kept).value(QLatin1String("volsync.backube/do-not-delete")).toString(), QStringLiteral("true"));
    }

    void jobsReadTheirFileOffTheGuiThread()
    {
        // A relationship file is read under a lock that another writer may hold for seconds: a job reads it on a
        // worker thread before it runs, never on the thread of the event loop (the GUI's).
        define(QStringLiteral("offthread"), QStringLiteral("offthreaddest"));
        if (QTest::currentTestFailed())
            return;
        const QString name = QStringLiteral("offthread");
        ReplicationEngine *engine = mEnv->engine();
        const ReplicationResult scheduled = runJob(engine->schedule(name, QStringLiteral("0 3 * * *")));
        QVERIFY2(scheduled.ok(), qPrintable(scheduled.error));
        DeleteOptions dry;
        dry.dryRun = true;
        using MakeJob = std::function<ReplicationJob *()>;
        const QList<std::pair<QString, MakeJob>> jobs {
            {QStringLiteral("pause"), MakeJob([&] { return engine->setPaused(name, true); })},
            {QStringLiteral("resume"), MakeJob([&] { return engine->setPaused(name, false); })},
            {QStringLiteral("delete --dry-run"), MakeJob([&] { return engine->remove(name, dry); })},
            {QStringLiteral("restore-points"), MakeJob([&] { return DisasterRecovery::restorePoints(engine, name); })},
            {QStringLiteral("failback"), MakeJob([&] { return DisasterRecovery::failback(engine, name, QString()); })},
        };
        for (const auto &[what, make] : jobs) {
            const int before = RelationshipStore::mainThreadLoads();
            ReplicationJob *job = make();
            const ReplicationResult result = runJob(job);
            // Failback refuses a relationship that has not failed over, from what it read.
            QVERIFY2(result.ok() || what == QLatin1String("failback"),
                qPrintable(what + QStringLiteral(": ") + result.error));
            if (what == QLatin1String("failback"))
                QVERIFY2(result.error.contains(QLatin1String("fail")), qPrintable(result.error));
            QVERIFY2(RelationshipStore::mainThreadLoads() == before, qPrintable(what));
        }
        // A file that cannot be read fails the job with the store's message, read on the worker too.
        const int before = RelationshipStore::mainThreadLoads();
        const ReplicationResult missing = runJob(engine->setPaused(QStringLiteral("nosuchrelationship"), true));
        QVERIFY(!missing.ok());
        QVERIFY2(missing.error.contains(QLatin1String("not found")), qPrintable(missing.error));
        QCOMPARE(RelationshipStore::mainThreadLoads(), before);
    }

    void upstreamFileUsed()
    {
        // A file as `kubectl volsync` writes it, edited by hand: capitals in keys, an unknown key.
        const QByteArray text = "data:\n"
                                "    Destination:\n"
                                "        Cluster: gcp\n"
                                "        Destination:\n"
                                "            ReplicationDestinationVolumeOptions:\n"
                                "                AccessModes: []\n"
                                "                CleanupTempPVC: false\n"
                                "                CopyMethod: Snapshot\n"
                                "            ServiceType: LoadBalancer\n"
                                "        Namespace: destns\n"
                                "        RDName: upstreamdest\n"
                                "    Source:\n"
                                "        Cluster: kind\n"
                                "        Namespace: source\n"
                                "        PVCName: datavol\n"
                                "        RSName: datavol-up234\n"
                                "        Source:\n"
                                "            ReplicationSourceVolumeOptions:\n"
                                "                AccessModes: []\n"
                                "                CopyMethod: Snapshot\n"
                                "        Trigger:\n"
                                "            Manual: \"\"\n"
                                "    Version: 1\n"
                                "    note: written by hand\n"
                                "ID: 7d3c2b1a-0f9e-4d8c-b7a6-5e4d3c2b1a09\n"
                                "Type: replication\n";
        QFile file(mEnv->engine()->store().filePath(QStringLiteral("upstream")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text);
        file.close();
        const auto r = runJob(mEnv->engine()->schedule(QStringLiteral("upstream"), QStringLiteral("0 0 1 1 *")));
        QVERIFY2(r.ok(), qPrintable(r.error));
        const auto rs = mKind->get(
            QStringLiteral("replicationsources"), QStringLiteral("source"), QStringLiteral("datavol-up234"));
        QVERIFY(rs);
        QCOMPARE(labels(*rs).value(kLabel).toString(), QStringLiteral("7d3c2b1a-0f9e-4d8c-b7a6-5e4d3c2b1a09"));
        QCOMPARE(spec(*rs).value(QLatin1String("rsync")).toObject().value(QLatin1String("copyMethod")).toString(),
            QStringLiteral("Snapshot"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray written = file.readAll();
        QVERIFY2(written.contains("    note: written by hand\n"), written.constData());
        QVERIFY(written.contains("            schedule: 0 0 1 1 *\n"));
        QVERIFY(written.contains("                capacity: 1Gi\n"));
        QVERIFY(runJob(mEnv->engine()->remove(QStringLiteral("upstream"))).ok());
    }

    void addressTimeoutAndCancel()
    {
        define(QStringLiteral("slow"), QStringLiteral("slowdest"));
        if (QTest::currentTestFailed())
            return;
        const QString id = load(QStringLiteral("slow")).id;
        // The LoadBalancer needs 20 ms for its address; 1 ms is too short.
        ApplyOptions impatient;
        impatient.addressTimeoutMs = 1;
        auto r = runJob(mEnv->engine()->schedule(QStringLiteral("slow"), QStringLiteral("0 0 1 1 *"), impatient));
        QCOMPARE(r.status, ReplicationResult::Status::Failed);
        QVERIFY2(r.error.contains(QLatin1String("timed out after 1ms waiting for the address and keys")),
            qPrintable(r.error));
        QVERIFY(!load(QStringLiteral("slow")).source->trigger.schedule);
        // Cancel a sync while it waits: finished with Cancelled; a rerun completes.
        ReplicationJob *job = mEnv->engine()->sync(QStringLiteral("slow"));
        connect(job, &ReplicationJob::progress, job, [job](ReplicationJob::Step step) {
            if (step == ReplicationJob::Step::WaitForSync)
                job->cancel();
        });
        r = runJob(job);
        QCOMPARE(r.status, ReplicationResult::Status::Cancelled);
        QCOMPARE(r.exitCode(), 1);
        QVERIFY(runJob(mEnv->engine()->sync(QStringLiteral("slow"))).ok());
        QCOMPARE(labelled(mKind, QStringLiteral("replicationsources"), id), 1);
        QVERIFY(runJob(mEnv->engine()->remove(QStringLiteral("slow"))).ok());
    }

    void syncDuringARunningSync()
    {
        define(QStringLiteral("busy"), QStringLiteral("busydest"));
        if (QTest::currentTestFailed())
            return;
        // A new RS syncs at once; a sync requested while that run is going on must not be satisfied by it.
        // The first run lasts long enough for the sync's apply to start during it, even on a busy machine.
        const qint64 usualDuration = mOperator->options().syncDurationMs;
        mOperator->setSyncDurationMs(1500);
        auto restore = qScopeGuard([this, usualDuration] { mOperator->setSyncDurationMs(usualDuration); });
        QVERIFY(runJob(mEnv->engine()->schedule(QStringLiteral("busy"), QStringLiteral("0 0 1 1 *"))).ok());
        const QString rsName = load(QStringLiteral("busy")).source->rsName;
        QVERIFY(mOperator->isSyncing(QStringLiteral("kind"), QStringLiteral("source"), rsName));
        QSignalSpy runsFinished(mOperator, &SimOperator::syncFinished);
        ReplicationJob *job = mEnv->engine()->sync(QStringLiteral("busy"));
        QStringList lines;
        connect(job, &ReplicationJob::progress, this,
            [&lines](ReplicationJob::Step, const QString &line) { lines.append(line); });
        const auto r = runJob(job);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QVERIFY2(lines.join(QLatin1Char('\n')).contains(QLatin1String("triggering another one")),
            qPrintable(lines.join(QLatin1Char('\n'))));
        // The run that was going on, then the one for this sync.
        int ours = 0;
        for (const QList<QVariant> &args : std::as_const(runsFinished))
            ours += args.at(2).toString() == rsName && args.at(3).toBool() ? 1 : 0;
        QCOMPARE(ours, 2);
        QVERIFY(runJob(mEnv->engine()->remove(QStringLiteral("busy"))).ok());
    }

    void concurrentSyncsBothEnd()
    {
        define(QStringLiteral("twin"), QStringLiteral("twindest"));
        if (QTest::currentTestFailed())
            return;
        QVERIFY(runJob(mEnv->engine()->schedule(QStringLiteral("twin"), QStringLiteral("0 0 1 1 *"))).ok());
        const QString rsName = load(QStringLiteral("twin")).source->rsName;
        QTRY_VERIFY_WITH_TIMEOUT(
            !mOperator->isSyncing(QStringLiteral("kind"), QStringLiteral("source"), rsName), 20000);
        const qint64 usualDuration = mOperator->options().syncDurationMs;
        mOperator->setSyncDurationMs(3000);
        auto restore = qScopeGuard([this, usualDuration] { mOperator->setSyncDurationMs(usualDuration); });
        // A's trigger starts a run; B replaces the trigger while that run goes on. The run ends with B's tag as
        // lastManualSync: A must see that its request was served (before: it waited for its own tag until the
        // timeout), B triggers once more for its own.
        SyncOptions options;
        options.timeoutMs = 120000;
        auto *a = qobject_cast<ReplicationApplyJob *>(mEnv->engine()->sync(QStringLiteral("twin"), options));
        auto *b = qobject_cast<ReplicationApplyJob *>(mEnv->engine()->sync(QStringLiteral("twin"), options));
        QSignalSpy aFinished(a, &ReplicationJob::finished);
        QSignalSpy bFinished(b, &ReplicationJob::finished);
        // B starts once A waits, while A's run (3 s) goes on.
        connect(a, &ReplicationJob::progress, b, [a, b](ReplicationJob::Step step) {
            if (step == ReplicationJob::Step::WaitForSync && a->property("bStarted").isNull()) {
                a->setProperty("bStarted", true);
                b->start();
            }
        });
        a->start();
        QVERIFY(aFinished.wait(60000) || !aFinished.isEmpty());
        QVERIFY(bFinished.wait(60000) || !bFinished.isEmpty());
        QVERIFY2(a->result().ok(), qPrintable(a->result().error));
        QVERIFY2(b->result().ok(), qPrintable(b->result().error));
        delete a;
        delete b;
        QVERIFY(runJob(mEnv->engine()->remove(QStringLiteral("twin"))).ok());
    }

    /// Issue 12's third defect: a schedule in flight wrote back the destination it had read, losing a
    /// set-destination made meanwhile. It writes, under the file's lock, only the sides nobody else changed.
    void scheduleKeepsAConcurrentChangeOfTheDestination()
    {
        define(QStringLiteral("inflight"), QStringLiteral("inflightdest"));
        if (QTest::currentTestFailed())
            return;
        ReplicationJob *job = mEnv->engine()->schedule(QStringLiteral("inflight"), QStringLiteral("*/30 * * * *"));
        bool changed = false;
        QString changeError;
        // Once the job has read the file and applied the destination it read, another writer changes the
        // destination (as set-destination does, through the store's locked read-modify-write).
        connect(job, &ReplicationJob::progress, this, [&](ReplicationJob::Step step) {
            if (step != ReplicationJob::Step::ApplySource || changed)
                return;
            changed = mEnv->engine()
                          ->store()
                          .update(
                              QStringLiteral("inflight"),
                              [](ReplicationRelationship *rel, QString *) {
                                  rel->destination->capacity = QStringLiteral("7Gi");
                                  return true;
                              },
                              &changeError)
                          .has_value();
        });
        const auto r = runJob(job);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QVERIFY2(changed, qPrintable(changeError));
        const ReplicationRelationship rel = load(QStringLiteral("inflight"));
        QVERIFY(rel.destination && rel.source);
        QCOMPARE(rel.destination->capacity.value_or(QString()), QStringLiteral("7Gi"));
        QCOMPARE(rel.source->trigger.schedule.value_or(QString()), QStringLiteral("*/30 * * * *"));
        QVERIFY(runJob(mEnv->engine()->remove(QStringLiteral("inflight"))).ok());
    }

    void syncEndsWhenTheRelationshipIsDeleted()
    {
        define(QStringLiteral("doomed"), QStringLiteral("doomeddest"));
        if (QTest::currentTestFailed())
            return;
        QVERIFY(runJob(mEnv->engine()->schedule(QStringLiteral("doomed"), QStringLiteral("0 0 1 1 *"))).ok());
        const QString rsName = load(QStringLiteral("doomed")).source->rsName;
        QTRY_VERIFY_WITH_TIMEOUT(
            !mOperator->isSyncing(QStringLiteral("kind"), QStringLiteral("source"), rsName), 20000);
        const qint64 usualDuration = mOperator->options().syncDurationMs;
        mOperator->setSyncDurationMs(600000); // the sync would never end by itself within the test
        auto restore = qScopeGuard([this, usualDuration] { mOperator->setSyncDurationMs(usualDuration); });
        SyncOptions options;
        options.timeoutMs = 600000;
        ReplicationJob *sync = mEnv->engine()->sync(QStringLiteral("doomed"), options);
        QSignalSpy syncFinished(sync, &ReplicationJob::finished);
        ReplicationJob *removal = nullptr;
        connect(sync, &ReplicationJob::progress, this, [this, &removal](ReplicationJob::Step step) {
            if (step == ReplicationJob::Step::WaitForSync && !removal) {
                removal = mEnv->engine()->remove(QStringLiteral("doomed"));
                removal->start();
            }
        });
        sync->start();
        QVERIFY(syncFinished.wait(60000) || !syncFinished.isEmpty());
        QCOMPARE(sync->result().status, ReplicationResult::Status::Failed);
        QVERIFY2(sync->result().error.contains(QLatin1String("was deleted while waiting for the synchronization")),
            qPrintable(sync->result().error));
        delete sync;
        QVERIFY(removal);
        if (!removal->isFinished()) {
            QSignalSpy removed(removal, &ReplicationJob::finished);
            QVERIFY(removed.wait(30000));
        }
        QVERIFY2(removal->result().ok(), qPrintable(removal->result().error));
        removal->deleteLater();
    }

    void rsyncTls()
    {
        define(QStringLiteral("tls"), QStringLiteral("tlsdest"), QStringLiteral("Snapshot"), QStringLiteral("plain"),
            true);
        if (QTest::currentTestFailed())
            return;
        // rsync-TLS needs no privileged movers: the "plain" namespace is fine.
        const auto r = runJob(mEnv->engine()->schedule(QStringLiteral("tls"), QStringLiteral("0 0 1 1 *")));
        QVERIFY2(r.ok(), qPrintable(r.error));
        const ReplicationRelationship rel = load(QStringLiteral("tls"));
        QCOMPARE(rel.version, 2);
        const auto rd
            = mGcp->get(QStringLiteral("replicationdestinations"), QStringLiteral("destns"), QStringLiteral("tlsdest"));
        QVERIFY(spec(*rd).contains(QLatin1String("rsyncTLS")));
        QVERIFY(!spec(*rd).contains(QLatin1String("rsync")));
        const auto secret = mKind->get(QStringLiteral("secrets"), QStringLiteral("plain"), rel.source->rsName);
        QVERIFY(secret && secret->value(QLatin1String("data")).toObject().contains(QLatin1String("psk.txt")));
        const auto rs = mKind->get(QStringLiteral("replicationsources"), QStringLiteral("plain"), rel.source->rsName);
        const QJsonObject tls = spec(*rs).value(QLatin1String("rsyncTLS")).toObject();
        QCOMPARE(tls.value(QLatin1String("keySecret")).toString(), rel.source->rsName);
        QCOMPARE(tls.value(QLatin1String("address")).toString(),
            rd->value(QLatin1String("status"))
                .toObject()
                .value(QLatin1String("rsyncTLS"))
                .toObject()
                .value(QLatin1String("address"))
                .toString());
        QVERIFY(runJob(mEnv->engine()->remove(QStringLiteral("tls"))).ok());
    }
};

QTEST_GUILESS_MAIN(TestReplicationEngine)
#include "test_replicationengine.moc"
