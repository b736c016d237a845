// SPDX-License-Identifier: GPL-3.0-or-later
// ReplicationObjectBuilder and ReplicationDryRunJob against the in-process simulator (clusters "kind" and
// "gcp") and its operator: the objects previewed and dry-run are the objects apply creates; a dry run changes
// nothing and reports the server's answer per object (accepted, forbidden, schema validation, missing or
// to-be-created namespace); it can be cancelled.
#include "engine/replicationdryrunjob.h"
#include "engine/replicationengine.h"
#include "engine/replicationjob.h"
#include "engine/replicationobjectbuilder.h"
#include "enginefixture.h"
#include "kube/kubesession.h"
#include "runjob.h"
#include "sim/simcluster.h"
#include "sim/simoperator.h"
#include "sim/simstore.h"
#include "sim/simulator.h"
#include "simfixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kLabel = QStringLiteral("volsync.backube/relationship");

QJsonObject metadata(const QJsonObject &o)
{
    return o.value(QLatin1String("metadata")).toObject();
}

/// What apply owns in an object: name, namespace, labels and spec (data keys for Secrets).
QJsonObject owned(const QJsonObject &o)
{
    const QJsonObject md = metadata(o);
    QJsonObject out {{QStringLiteral("kind"), o.value(QLatin1String("kind"))},
        {QStringLiteral("name"), md.value(QLatin1String("name"))},
        {QStringLiteral("namespace"), md.value(QLatin1String("namespace"))},
        {QStringLiteral("labels"), md.value(QLatin1String("labels"))},
        {QStringLiteral("spec"), o.value(QLatin1String("spec"))}};
    if (o.contains(QLatin1String("data")))
        out.insert(
            QStringLiteral("dataKeys"), QJsonArray::fromStringList(o.value(QLatin1String("data")).toObject().keys()));
    return out;
}

QJsonObject withoutAddress(QJsonObject rs)
{
    QJsonObject spec = rs.value(QLatin1String("spec")).toObject();
    for (const char *key : {"rsync", "rsyncTLS"}) {
        QJsonObject mover = spec.value(QLatin1String(key)).toObject();
        if (mover.isEmpty())
            continue;
        mover.remove(QStringLiteral("address"));
        spec.insert(QLatin1String(key), mover);
    }
    rs.insert(QStringLiteral("spec"), spec);
    return rs;
}

} // namespace

class TestReplicationDryRun : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<EngineFixture> mEnv;
    SimOperator *mOperator = nullptr;
    SimCluster *mGcpCluster = nullptr;
    SimCluster *mKindCluster = nullptr;
    SimStore *mKind = nullptr;
    SimStore *mGcp = nullptr;

    /// A relationship as the wizard drafts it: not in any file, not in any cluster.
    ReplicationRelationship draft(const QString &destNs, const QString &destMethod = QStringLiteral("Snapshot"),
        const QString &rdName = QStringLiteral("datavol"))
    {
        ReplicationRelationship rel;
        rel.name = QStringLiteral("draft");
        rel.id = QStringLiteral("0b7d3f4e-8a47-4a59-9d1e-5c2b8e6f9a10");
        SourceSettings s;
        s.pvc = ObjectName {QStringLiteral("kind"), QStringLiteral("source"), QStringLiteral("datavol")};
        s.rsName = QStringLiteral("datavol-dryrn");
        rel.source = ReplicationObjectBuilder::sourceSide(s, std::nullopt);
        rel.source->trigger.schedule = QStringLiteral("*/5 * * * *");
        DestinationSettings d;
        d.destination = ObjectName {QStringLiteral("gcp"), destNs, rdName};
        d.copyMethod = destMethod;
        d.serviceType = QStringLiteral("LoadBalancer");
        rel.destination = ReplicationObjectBuilder::destinationSide(d);
        return rel;
    }

    struct DryRun {
        ReplicationResult result;
        QList<DryRunCheck> checks;
        bool allPassed = false;
        int checkedSignals = 0;
    };

    DryRun dryRun(const ReplicationRelationship &rel, const DryRunOptions &options = {})
    {
        auto *job = new ReplicationDryRunJob(mEnv->session(), rel, options, this);
        QSignalSpy checked(job, &ReplicationDryRunJob::checked);
        DryRun out;
        out.result = runJob(job);
        out.checks = job->checks();
        out.allPassed = job->allPassed();
        out.checkedSignals = int(checked.size());
        return out;
    }

    static DryRunCheck find(const DryRun &run, const QString &kind)
    {
        for (const DryRunCheck &c : run.checks) {
            if (c.kind == kind)
                return c;
        }
        return {};
    }

    int labelled(SimStore *store, const QString &resource, const QString &id)
    {
        return int(store->list(resource, QString(), kLabel + QLatin1Char('=') + id).size());
    }

private Q_SLOTS:
    void initTestCase()
    {
        SimFixture::Options options = SimFixture::engineWorld(QStringLiteral("3Gi"));
        // Not system:masters, so that the simulator's namespace allow-list applies to our client.
        options.simulator.clientGroups = {};
        SimOperatorOptions operatorOptions;
        operatorOptions.syncDurationMs = 100;
        operatorOptions.loadBalancerDelayMs = 20;
        operatorOptions.realSshKeys = false;
        options.operatorOptions = operatorOptions;
        const auto addObjects = options.setUpCluster;
        options.setUpCluster = [this, addObjects](SimCluster *cluster) {
            addObjects(cluster);
            if (cluster->name() == QLatin1String("kind")) {
                mKindCluster = cluster;
                mKind = cluster->store();
            } else {
                mGcpCluster = cluster;
                mGcp = cluster->store();
            }
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

    void cleanup()
    {
        mGcpCluster->clearAccessRules();
        mKindCluster->clearAccessRules();
    }

    void masking()
    {
        const ReplicationRelationship rel = draft(QStringLiteral("destns"));
        const QJsonObject secret = ReplicationObjectBuilder::keySecret(rel,
            QJsonObject {{QStringLiteral("source"), QStringLiteral("c2VjcmV0LWtleQ==")},
                {QStringLiteral("source.pub"), QStringLiteral("cHVibGlj")}});
        const QJsonObject masked = ReplicationObjectBuilder::masked(secret);
        const QJsonObject data = masked.value(QLatin1String("data")).toObject();
        QCOMPARE(data.keys(), (QStringList {QStringLiteral("source"), QStringLiteral("source.pub")}));
        for (const QJsonValue &v : data)
            QCOMPARE(v.toString(), ReplicationObjectBuilder::maskedValue());
        QCOMPARE(metadata(masked), metadata(secret));
        QVERIFY(!QJsonDocument(masked).toJson().contains("c2VjcmV0LWtleQ"));
        // The keys VolSync makes, with empty (valid base64) values before the first apply.
        const QJsonObject preview = ReplicationObjectBuilder::keySecretPreview(rel);
        QCOMPARE(preview.value(QLatin1String("data")).toObject().keys(),
            (QStringList {QStringLiteral("destination.pub"), QStringLiteral("source"), QStringLiteral("source.pub")}));
        ReplicationRelationship tls = rel;
        tls.rsyncTls = true;
        QCOMPARE(ReplicationObjectBuilder::keySecretPreview(tls).value(QLatin1String("data")).toObject().keys(),
            QStringList {QStringLiteral("psk.txt")});
    }

    // The dry run's objects (= the wizard's preview) are what schedule then creates.
    void dryRunObjectsAreWhatApplyCreates_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("copyMethod");
        QTest::addColumn<QString>("rdName");
        QTest::addColumn<bool>("tls");
        QTest::newRow("snapshot, capacity from the source") << "same"
                                                            << "Snapshot"
                                                            << "samevol" << false;
        QTest::newRow("direct into an existing PVC") << "direct"
                                                     << "Direct"
                                                     << "premade" << false;
        QTest::newRow("rsync-TLS, new PVC") << "tls"
                                            << "None"
                                            << "tlsvol" << true;
    }

    void dryRunObjectsAreWhatApplyCreates()
    {
        QFETCH(QString, name);
        QFETCH(QString, copyMethod);
        QFETCH(QString, rdName);
        QFETCH(bool, tls);
        QVERIFY(runJob(mEnv->engine()->createRelationship(name, tls)).ok());
        SourceSettings s;
        s.pvc = ObjectName {QStringLiteral("kind"), QStringLiteral("source"), QStringLiteral("datavol")};
        ReplicationResult r = runJob(mEnv->engine()->setSource(name, s));
        QVERIFY2(r.ok(), qPrintable(r.error));
        DestinationSettings d;
        d.destination = ObjectName {QStringLiteral("gcp"), QStringLiteral("destns"), rdName};
        d.copyMethod = copyMethod;
        d.serviceType = QStringLiteral("LoadBalancer");
        r = runJob(mEnv->engine()->setDestination(name, d));
        QVERIFY2(r.ok(), qPrintable(r.error));

        QString error;
        ReplicationRelationship rel = *mEnv->engine()->store().load(name, &error);
        rel.source->trigger = ReplicationTrigger {QStringLiteral("0 3 * * *"), QString()}; // what schedule sets
        const DryRun preview = dryRun(rel);
        QVERIFY2(preview.result.ok(), qPrintable(preview.result.error));
        QVERIFY(preview.allPassed);
        QCOMPARE(preview.checkedSignals, int(preview.checks.size()));
        // The objects of the dry run: the PVC for Direct/None, then RD, Secret, RS.
        QStringList kinds;
        for (const DryRunCheck &c : preview.checks)
            kinds.append(c.kind);
        QStringList expected {
            QStringLiteral("ReplicationDestination"), QStringLiteral("Secret"), QStringLiteral("ReplicationSource")};
        if (copyMethod != QLatin1String("Snapshot"))
            expected.prepend(QStringLiteral("PersistentVolumeClaim"));
        QCOMPARE(kinds, expected);
        QCOMPARE(labelled(mGcp, QStringLiteral("replicationdestinations"), rel.id), 0);

        r = runJob(mEnv->engine()->schedule(name, QStringLiteral("0 3 * * *")));
        QVERIFY2(r.ok(), qPrintable(r.error));
        const ReplicationRelationship applied = *mEnv->engine()->store().load(name, &error);

        const auto rd = mGcp->get(QStringLiteral("replicationdestinations"), QStringLiteral("destns"), rdName);
        QVERIFY(rd);
        QCOMPARE(owned(*rd), owned(find(preview, QStringLiteral("ReplicationDestination")).object));
        const auto secret = mKind->get(QStringLiteral("secrets"), QStringLiteral("source"), rel.source->rsName);
        QVERIFY(secret);
        QCOMPARE(owned(*secret), owned(find(preview, QStringLiteral("Secret")).object));
        const auto rs = mKind->get(QStringLiteral("replicationsources"), QStringLiteral("source"), rel.source->rsName);
        QVERIFY(rs);
        const QJsonObject previewRs = find(preview, QStringLiteral("ReplicationSource")).object;
        const QString mover = tls ? QStringLiteral("rsyncTLS") : QStringLiteral("rsync");
        QCOMPARE(
            previewRs.value(QLatin1String("spec")).toObject().value(mover).toObject().value(QLatin1String("address")),
            QJsonValue(ReplicationObjectBuilder::addressPlaceholder()));
        if (tls) {
            QCOMPARE(owned(*rs)
                         .value(QLatin1String("spec"))
                         .toObject()
                         .value(mover)
                         .toObject()
                         .value(QLatin1String("keySecret")),
                QJsonValue(rel.source->rsName));
        }
        // Equal but for the address, which the builder fills in from the RD's status on apply.
        const QString address = rd->value(QLatin1String("status"))
                                    .toObject()
                                    .value(mover)
                                    .toObject()
                                    .value(QLatin1String("address"))
                                    .toString();
        QVERIFY(!address.isEmpty());
        QCOMPARE(owned(*rs), owned(ReplicationObjectBuilder::replicationSource(rel, address)));
        QCOMPARE(owned(withoutAddress(*rs)), owned(withoutAddress(previewRs)));
        if (copyMethod != QLatin1String("Snapshot")) {
            QCOMPARE(applied.destination->destinationPvc, rdName);
            QVERIFY(mGcp->get(QStringLiteral("persistentvolumeclaims"), QStringLiteral("destns"), rdName));
        } else {
            QCOMPARE(applied.destination->capacity, QStringLiteral("3Gi"));
        }

        // Once applied, a dry run of the same sees existing objects that need no change.
        ReplicationRelationship again = applied;
        const DryRun second = dryRun(again);
        for (const DryRunCheck &c : second.checks)
            QVERIFY2(c.outcome == DryRunCheck::Outcome::Passed,
                qPrintable(c.objectText() + QLatin1String(": ") + c.message));
        QVERIFY(second.allPassed);
        QVERIFY2(find(second, QStringLiteral("ReplicationDestination")).message.contains(QLatin1String("unchanged")),
            qPrintable(find(second, QStringLiteral("ReplicationDestination")).message));
        // What the review shows when editing an applied relationship: no object that exists is said not to.
        for (const DryRunCheck &c : second.checks)
            QVERIFY2(!c.message.contains(QLatin1String("does not exist")), qPrintable(c.message));
        ReplicationRelationship edited = applied;
        edited.source->trigger.schedule = QStringLiteral("15 4 * * *");
        const DryRun edit = dryRun(edited);
        QVERIFY(edit.allPassed);
        const DryRunCheck rsEdit = find(edit, QStringLiteral("ReplicationSource"));
        QVERIFY2(rsEdit.message.startsWith(QLatin1String("It exists already; the server accepts the update")),
            qPrintable(rsEdit.message));
        QVERIFY2(!rsEdit.message.contains(QLatin1String("does not exist")), qPrintable(rsEdit.message));
        QVERIFY2(!rsEdit.message.contains(QLatin1String("not known yet")), qPrintable(rsEdit.message));
        // Half applied (the RS gone, its Secret still there): the RS is new, its Secret is not.
        QVERIFY(mKind->remove(QStringLiteral("replicationsources"), QStringLiteral("source"), rel.source->rsName).ok());
        const DryRun half = dryRun(applied);
        const DryRunCheck rsHalf = find(half, QStringLiteral("ReplicationSource"));
        QVERIFY2(rsHalf.message.contains(QLatin1String("Apply will create it")), qPrintable(rsHalf.message));
        QVERIFY2(rsHalf.message.contains(QLatin1String("Its key Secret exists already")), qPrintable(rsHalf.message));
        QVERIFY2(!rsHalf.message.contains(QLatin1String("does not exist")), qPrintable(rsHalf.message));
        QVERIFY(runJob(mEnv->engine()->remove(name)).ok());
    }

    void dryRunChangesNothing()
    {
        const ReplicationRelationship rel
            = draft(QStringLiteral("destns"), QStringLiteral("Direct"), QStringLiteral("fresh"));
        const auto before = std::make_pair(mKind->list(QStringLiteral("secrets"), QString(), QString()).size(),
            mGcp->list(QStringLiteral("persistentvolumeclaims"), QString(), QString()).size());
        const DryRun result = dryRun(rel);
        QVERIFY(result.result.ok());
        QVERIFY(result.allPassed);
        for (const DryRunCheck &c : result.checks)
            QVERIFY2(c.outcome == DryRunCheck::Outcome::Passed,
                qPrintable(c.objectText() + QLatin1String(": ") + c.message));
        QVERIFY(find(result, QStringLiteral("ReplicationDestination")).message.contains(QLatin1String("will create")));
        QVERIFY(find(result, QStringLiteral("Secret")).message.contains(QLatin1String("VolSync generates")));
        QVERIFY(find(result, QStringLiteral("ReplicationSource")).message.contains(QLatin1String("key Secret")));
        // The RD's capacity came from the source PVC, as apply takes it.
        QCOMPARE(find(result, QStringLiteral("PersistentVolumeClaim"))
                     .object.value(QLatin1String("spec"))
                     .toObject()
                     .value(QLatin1String("resources"))
                     .toObject()
                     .value(QLatin1String("requests"))
                     .toObject()
                     .value(QLatin1String("storage"))
                     .toString(),
            QStringLiteral("3Gi"));
        QCOMPARE(labelled(mGcp, QStringLiteral("replicationdestinations"), rel.id), 0);
        QCOMPARE(labelled(mKind, QStringLiteral("replicationsources"), rel.id), 0);
        QCOMPARE(labelled(mKind, QStringLiteral("secrets"), rel.id), 0);
        QVERIFY(
            !mGcp->get(QStringLiteral("persistentvolumeclaims"), QStringLiteral("destns"), QStringLiteral("fresh")));
        QCOMPARE(mKind->list(QStringLiteral("secrets"), QString(), QString()).size(), before.first);
        QCOMPARE(mGcp->list(QStringLiteral("persistentvolumeclaims"), QString(), QString()).size(), before.second);
    }

    void forbiddenNamespace()
    {
        // Our user may only write in "other" on gcp: the RD is refused, the source side is not affected.
        mGcpCluster->setAllowedNamespaces(QStringLiteral("volsync-admin"), {QStringLiteral("other")});
        const DryRun result = dryRun(draft(QStringLiteral("destns")));
        QVERIFY(result.result.ok());
        QVERIFY(!result.allPassed);
        const DryRunCheck rd = find(result, QStringLiteral("ReplicationDestination"));
        QCOMPARE(rd.outcome, DryRunCheck::Outcome::Failed);
        QVERIFY2(rd.message.contains(QLatin1String("forbidden")), qPrintable(rd.message));
        QVERIFY2(rd.message.contains(QLatin1String("destns")), qPrintable(rd.message));
        QVERIFY2(rd.message.contains(QLatin1String("gcp")), qPrintable(rd.message));
        QCOMPARE(find(result, QStringLiteral("Secret")).outcome, DryRunCheck::Outcome::Passed);
        QCOMPARE(find(result, QStringLiteral("ReplicationSource")).outcome, DryRunCheck::Outcome::Passed);
    }

    void schemaValidation()
    {
        // Something the CLI's checks would catch earlier, sent anyway: the CRD schema refuses it.
        ReplicationRelationship rel = draft(QStringLiteral("destns"));
        rel.source->trigger.schedule = QStringLiteral("@every 5m");
        const DryRun result = dryRun(rel);
        const DryRunCheck rs = find(result, QStringLiteral("ReplicationSource"));
        QCOMPARE(rs.outcome, DryRunCheck::Outcome::Failed);
        QVERIFY2(rs.message.contains(QLatin1String("spec.trigger.schedule")), qPrintable(rs.message));
        QVERIFY2(rs.message.contains(QLatin1String("Invalid")), qPrintable(rs.message));
        QCOMPARE(find(result, QStringLiteral("ReplicationDestination")).outcome, DryRunCheck::Outcome::Passed);
        QCOMPARE(labelled(mKind, QStringLiteral("replicationsources"), rel.id), 0);
    }

    void missingNamespace()
    {
        const DryRun result = dryRun(draft(QStringLiteral("nowhere")));
        const DryRunCheck rd = find(result, QStringLiteral("ReplicationDestination"));
        QCOMPARE(rd.outcome, DryRunCheck::Outcome::Failed);
        QVERIFY2(rd.message.contains(QLatin1String("namespaces \"nowhere\" not found")), qPrintable(rd.message));
        QVERIFY(!result.allPassed);
    }

    void namespaceCreatedFirst()
    {
        DryRunOptions options;
        options.createDestinationNamespace = true;
        const DryRun result = dryRun(draft(QStringLiteral("brand-new")), options);
        QVERIFY(result.result.ok());
        QVERIFY(result.allPassed);
        QCOMPARE(result.checks.first().kind, QStringLiteral("Namespace"));
        QCOMPARE(result.checks.first().outcome, DryRunCheck::Outcome::Passed);
        const DryRunCheck rd = find(result, QStringLiteral("ReplicationDestination"));
        QCOMPARE(rd.outcome, DryRunCheck::Outcome::NotChecked);
        QVERIFY2(rd.message.contains(QLatin1String("creates the namespace first")), qPrintable(rd.message));
        QVERIFY(!mGcp->get(QStringLiteral("namespaces"), QString(), QStringLiteral("brand-new")));
    }

    void privilegedMoversAnnotation()
    {
        ReplicationRelationship rel = draft(QStringLiteral("destns"));
        rel.source->namespaceName = QStringLiteral("plain");
        DryRunOptions options;
        options.allowPrivilegedMovers = true;
        DryRun result = dryRun(rel, options);
        QVERIFY(result.allPassed);
        DryRunCheck annotation = find(result, QStringLiteral("Namespace"));
        QCOMPARE(annotation.name, QStringLiteral("plain"));
        QCOMPARE(annotation.outcome, DryRunCheck::Outcome::Passed);
        QVERIFY2(annotation.message.contains(QLatin1String("privileged-movers=true")), qPrintable(annotation.message));
        // destns has the annotation: nothing to change there.
        QCOMPARE(result.checks.size(), 4);
        QVERIFY(!metadata(*mKind->get(QStringLiteral("namespaces"), QString(), QStringLiteral("plain")))
                     .contains(QLatin1String("annotations")));
        // Without permission to patch namespaces (a user limited to some namespaces), Apply would stop there.
        mKindCluster->setAllowedNamespaces(QStringLiteral("volsync-admin"), {QStringLiteral("plain")});
        result = dryRun(rel, options);
        annotation = find(result, QStringLiteral("Namespace"));
        QCOMPARE(annotation.outcome, DryRunCheck::Outcome::Failed);
        QVERIFY2(annotation.message.contains(QLatin1String("forbidden")), qPrintable(annotation.message));
        QVERIFY(!result.allPassed);
        // rsync-TLS movers run unprivileged: no annotation.
        rel.rsyncTls = true;
        mKindCluster->clearAccessRules();
        result = dryRun(rel, options);
        QVERIFY(result.allPassed);
        QCOMPARE(result.checks.size(), 3);
    }

    void cancel()
    {
        auto *job = new ReplicationDryRunJob(mEnv->session(), draft(QStringLiteral("destns")), {}, this);
        QSignalSpy finished(job, &ReplicationJob::finished);
        job->start();
        job->cancel();
        QVERIFY(finished.wait(5000));
        QCOMPARE(job->result().status, ReplicationResult::Status::Cancelled);
        QTest::qWait(200); // answers still arriving are dropped
        QCOMPARE(finished.size(), 1);
        delete job;
    }
};

QTEST_MAIN(TestReplicationDryRun)
#include "test_replicationdryrun.moc"
