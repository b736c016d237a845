// SPDX-License-Identifier: GPL-3.0-or-later
// The troubleshooter: each diagnosis rule against the simulator's fault scenario that causes it (the finding
// appears with its evidence, and where the engine has a fix, that fix clears it), and the rules the simulator
// cannot cause (restic, clock skew) on snapshots made by hand.
#include "engine/replicationdiagnosis.h"
#include "engine/replicationengine.h"
#include "engine/replicationjob.h"
#include "engine/troubleshootcollector.h"
#include "enginefixture.h"
#include "kube/kubesession.h"
#include "runjob.h"
#include "sim/simcluster.h"
#include "sim/simfleetmovers.h"
#include "sim/simscenarios.h"
#include "sim/simstore.h"
#include "simfixture.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

using Kind = ReplicationFinding::Kind;

QJsonObject namespaceObject(const QString &name, bool privileged)
{
    QJsonObject meta {{QStringLiteral("name"), name}};
    if (privileged) {
        meta.insert(QStringLiteral("annotations"),
            QJsonObject {{QStringLiteral("volsync.backube/privileged-movers"), QStringLiteral("true")}});
    }
    return {{QStringLiteral("metadata"), meta}};
}

QJsonObject pvcObject(const QString &name)
{
    return {{QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), name}}},
        {QStringLiteral("spec"),
            QJsonObject {{QStringLiteral("accessModes"), QJsonArray {QStringLiteral("ReadWriteOnce")}},
                {QStringLiteral("resources"),
                    QJsonObject {{QStringLiteral("requests"),
                        QJsonObject {{QStringLiteral("storage"), QStringLiteral("1Gi")}}}}}}}};
}

std::optional<ReplicationFinding> findingOf(const ReplicationFindings &findings, Kind kind)
{
    for (const ReplicationFinding &finding : findings) {
        if (finding.kind == kind) {
            return finding;
        }
    }
    return std::nullopt;
}

QString kinds(const ReplicationFindings &findings)
{
    QStringList names;
    for (const ReplicationFinding &finding : findings) {
        names.append(ReplicationFinding::kindName(finding.kind) + QStringLiteral(": ") + finding.evidence);
    }
    return names.join(QStringLiteral("; "));
}

TroubleshootSide sideFor(const QString &role)
{
    TroubleshootSide side;
    side.role = role;
    side.context = role == QLatin1String("source") ? QStringLiteral("kind") : QStringLiteral("gcp");
    side.namespaceName = QStringLiteral("app");
    side.kind = role == QLatin1String("source") ? QStringLiteral("ReplicationSource")
                                                : QStringLiteral("ReplicationDestination");
    side.name = QStringLiteral("web");
    side.object = QJsonObject {{QStringLiteral("spec"), QJsonObject {{QStringLiteral("rsyncTLS"), QJsonObject()}}}};
    return side;
}

} // namespace

class TestReplicationDiagnosis : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<EngineFixture> mEnv;
    SimFixture *mSim = nullptr;
    KubeSession *mSession = nullptr;
    ReplicationEngine *mEngine = nullptr;

    SimStore *kind() const { return mSim->store(QStringLiteral("kind")); }
    SimStore *gcp() const { return mSim->store(QStringLiteral("gcp")); }

    // A relationship `name` from kind/src-NAME/datavol to gcp/dst-NAME (LoadBalancer, Direct to a new PVC), in
    // namespaces of its own, with `scenarios` set before it is applied ({cluster, scenario JSON}).
    void applyRelationship(const QString &name, const QList<QPair<QString, QJsonObject>> &scenarios = {},
        const QString &destinationCopyMethod = QStringLiteral("Direct"))
    {
        const QString src = QStringLiteral("src-") + name;
        const QString dst = QStringLiteral("dst-") + name;
        kind()->create(QStringLiteral("namespaces"), QString(), namespaceObject(src, true));
        kind()->create(QStringLiteral("persistentvolumeclaims"), src, pvcObject(QStringLiteral("datavol")));
        gcp()->create(QStringLiteral("namespaces"), QString(), namespaceObject(dst, true));
        for (const auto &[cluster, scenario] : scenarios) {
            QString error;
            QVERIFY2(SimScenarios::of(mSim->store(cluster))->add(scenario, &error), qPrintable(error));
        }
        QVERIFY(runJob(mEngine->createRelationship(name, false)).ok());
        SourceSettings s;
        s.pvc = ObjectName {QStringLiteral("kind"), src, QStringLiteral("datavol")};
        s.copyMethod = QStringLiteral("Direct");
        auto r = runJob(mEngine->setSource(name, s));
        QVERIFY2(r.ok(), qPrintable(r.error));
        DestinationSettings d;
        d.destination = ObjectName {QStringLiteral("gcp"), dst, QStringLiteral("data")};
        d.copyMethod = destinationCopyMethod; // Snapshot: VolSync makes the destination PVC (volsync-NAME-dst)
        d.serviceType = QStringLiteral("LoadBalancer");
        r = runJob(mEngine->setDestination(name, d));
        QVERIFY2(r.ok(), qPrintable(r.error));
        ApplyOptions options;
        options.addressTimeoutMs = 3000;
        r = runJob(mEngine->schedule(name, QStringLiteral("0 0 1 1 *"), options));
        if (scenarios.isEmpty()) {
            QVERIFY2(r.ok(), qPrintable(r.error));
        }
    }

    ReplicationFindings diagnose(const QString &name)
    {
        QString error;
        const auto relationship = mEngine->store().load(name, &error);
        if (!relationship) {
            return {};
        }
        return diagnoseTargets(TroubleshootCollector::targetsFor(*relationship), name);
    }

    ReplicationFindings diagnoseTargets(
        const QList<TroubleshootTarget> &targets, const QString &relationship = {}, KubeSession *session = nullptr)
    {
        TroubleshootCollector collector(session ? session : mSession, targets);
        collector.setRelationship(relationship, relationship.isEmpty() ? QString() : QStringLiteral("0 0 1 1 *"));
        QSignalSpy finished(&collector, &TroubleshootCollector::finished);
        collector.start();
        if (finished.isEmpty() && !finished.wait(10000)) {
            return {};
        }
        return ReplicationDiagnosis::diagnose(collector.snapshot(), QDateTime::currentDateTimeUtc());
    }

    // Waits until diagnosing `name` gives a finding of `kind` (returned), or fails.
    std::optional<ReplicationFinding> waitForFinding(const QString &name, Kind kind, int timeoutMs = 15000)
    {
        return waitForFindingOf([this, name] { return diagnose(name); }, kind, timeoutMs);
    }

    std::optional<ReplicationFinding> waitForFindingOf(
        const std::function<ReplicationFindings()> &diagnosis, Kind kind, int timeoutMs = 15000)
    {
        ReplicationFindings last;
        const bool found = QTest::qWaitFor(
            [&] {
                last = diagnosis();
                return findingOf(last, kind).has_value();
            },
            timeoutMs);
        if (!found) {
            qWarning(
                "no %s finding; findings: %s", qPrintable(ReplicationFinding::kindName(kind)), qPrintable(kinds(last)));
            return std::nullopt;
        }
        return findingOf(last, kind);
    }

    bool waitForNoFinding(const QString &name, Kind kind, int timeoutMs = 15000)
    {
        ReplicationFindings last;
        const bool gone = QTest::qWaitFor(
            [&] {
                last = diagnose(name);
                return !findingOf(last, kind).has_value();
            },
            timeoutMs);
        if (!gone) {
            qWarning("still: %s", qPrintable(kinds(last)));
        }
        return gone;
    }

    void clearScenarios(const QString &name)
    {
        SimScenarios::of(kind())->remove(QString(), QStringLiteral("src-") + name, QString());
        SimScenarios::of(gcp())->remove(QString(), QStringLiteral("dst-") + name, QString());
    }

    QJsonObject scenario(const QString &scenarioName, const QString &ns, const QJsonObject &extra = {})
    {
        QJsonObject s = extra;
        s.insert(QStringLiteral("scenario"), scenarioName);
        s.insert(QStringLiteral("namespace"), ns);
        return s;
    }

private Q_SLOTS:
    void initTestCase()
    {
        SimFixture::Options options;
        options.simulator.clusters = {QStringLiteral("kind"), QStringLiteral("gcp")};
        options.operatorOptions = SimFixture::fastOperator();
        mEnv = std::make_unique<EngineFixture>(options);
        QString error;
        QVERIFY2(mEnv->start(&error), qPrintable(error));
        mSim = mEnv->sim();
        mSession = mEnv->session();
        mEngine = mEnv->engine();
    }

    void cleanupTestCase()
    {
        mSim = nullptr;
        mSession = nullptr;
        mEngine = nullptr;
        mEnv.reset();
    }

    void healthyRelationshipHasNoFindings()
    {
        applyRelationship(QStringLiteral("healthy"));
        ReplicationFindings findings;
        QVERIFY(QTest::qWaitFor(
            [&] {
                findings = diagnose(QStringLiteral("healthy"));
                return findings.isEmpty();
            },
            10000));
        Q_UNUSED(findings)
    }

    void connectionRefusedAndTheFailedJob()
    {
        const QString name = QStringLiteral("refused");
        applyRelationship(name,
            {{QStringLiteral("kind"), scenario(QStringLiteral("connectionRefused"), QStringLiteral("src-refused"))}});
        const auto connection = waitForFinding(name, Kind::ConnectionFailed);
        QVERIFY(connection);
        QVERIFY2(connection->evidence.startsWith(QLatin1String("mover log: \"ssh: connect to host ")),
            qPrintable(connection->evidence));
        QVERIFY(connection->evidence.contains(QLatin1String("Connection refused")));
        QVERIFY(!connection->fix.manualStep.isEmpty());
        const auto job = waitForFinding(name, Kind::MoverJobFailed);
        QVERIFY(job);
        QVERIFY2(job->evidence.contains(QLatin1String("status.failed"))
                || job->evidence.contains(QLatin1String("TransferFailed")),
            qPrintable(job->evidence));
        QCOMPARE(job->fix.action, ReplicationFix::Action::Apply);
        // The cause gone, the fix (apply again: a new sync) clears both.
        clearScenarios(name);
        QVERIFY(runJob(mEngine->applyFix(job->fix)).ok());
        QVERIFY(waitForNoFinding(name, Kind::ConnectionFailed));
        QVERIFY(waitForNoFinding(name, Kind::MoverJobFailed));
    }

    void imagePullBackOff()
    {
        const QString name = QStringLiteral("pull");
        applyRelationship(
            name, {{QStringLiteral("kind"), scenario(QStringLiteral("imagePullBackOff"), QStringLiteral("src-pull"))}});
        const auto finding = waitForFinding(name, Kind::ImagePullBackOff);
        QVERIFY(finding);
        QVERIFY2(finding->evidence.contains(QLatin1String("Failed to pull image \"quay.io/backube/volsync")),
            qPrintable(finding->evidence));
        QVERIFY(finding->message.contains(QLatin1String("quay.io/backube/volsync")));
        clearScenarios(name);
        QVERIFY(waitForNoFinding(name, Kind::ImagePullBackOff));
    }

    void crashLoopBackOff()
    {
        const QString name = QStringLiteral("crash");
        applyRelationship(name,
            {{QStringLiteral("kind"), scenario(QStringLiteral("crashLoopBackOff"), QStringLiteral("src-crash"))}});
        const auto finding = waitForFinding(name, Kind::CrashLoopBackOff);
        QVERIFY(finding);
        QVERIFY2(finding->evidence.contains(QLatin1String("rsync error: error in socket IO")),
            qPrintable(finding->evidence));
        clearScenarios(name);
        QVERIFY(waitForNoFinding(name, Kind::CrashLoopBackOff));
    }

    void pendingPvc()
    {
        const QString name = QStringLiteral("pending");
        applyRelationship(name,
            {{QStringLiteral("gcp"),
                scenario(QStringLiteral("pvcPending"), QStringLiteral("dst-pending"),
                    {{QStringLiteral("reason"), QStringLiteral("noStorageClass")}})}},
            QStringLiteral("Snapshot"));
        const auto finding = waitForFinding(name, Kind::PvcPending);
        QVERIFY(finding);
        QCOMPARE(finding->evidence,
            QStringLiteral("Event FailedBinding on PersistentVolumeClaim/volsync-data-dst: \"no persistent volumes "
                           "available for this claim and no storage class is set\""));
        QVERIFY(finding->message.contains(QLatin1String("no StorageClass is set")));
        QVERIFY(finding->fix.manualStep.contains(QLatin1String("storageClassName")));
        // Nothing listens on the destination: the source says so too.
        QVERIFY(waitForFinding(name, Kind::ConnectionFailed));
        clearScenarios(name);
    }

    void quotaRefusesThePvc()
    {
        const QString name = QStringLiteral("quota");
        applyRelationship(name,
            {{QStringLiteral("gcp"),
                scenario(QStringLiteral("pvcPending"), QStringLiteral("dst-quota"),
                    {{QStringLiteral("reason"), QStringLiteral("quota")}})}},
            QStringLiteral("Snapshot"));
        const auto finding = waitForFinding(name, Kind::PvcPending);
        QVERIFY(finding);
        QVERIFY2(finding->evidence.contains(QLatin1String("exceeded quota")), qPrintable(finding->evidence));
        QVERIFY(finding->fix.manualStep.contains(QLatin1String("ResourceQuota")));
        clearScenarios(name);
    }

    void loadBalancerWithoutAddress()
    {
        const QString name = QStringLiteral("nolb");
        applyRelationship(name,
            {{QStringLiteral("gcp"), scenario(QStringLiteral("loadBalancerPending"), QStringLiteral("dst-nolb"))}});
        const auto finding = waitForFinding(name, Kind::ServiceNoAddress);
        QVERIFY(finding);
        QVERIFY2(finding->evidence.startsWith(
                     QLatin1String("Event NoServiceAddressAssigned on ReplicationDestination/data:")),
            qPrintable(finding->evidence));
        clearScenarios(name);
        QVERIFY(waitForNoFinding(name, Kind::ServiceNoAddress));
    }

    void changedKeysAreCopiedAgain()
    {
        const QString name = QStringLiteral("keys");
        applyRelationship(name);
        QVERIFY(!findingOf(diagnose(name), Kind::KeysStale));
        QString error;
        QVERIFY(SimScenarios::of(gcp())->add({{QStringLiteral("scenario"), QStringLiteral("sshKeysChanged")},
                                                 {QStringLiteral("namespace"), QStringLiteral("dst-keys")},
                                                 {QStringLiteral("name"), QStringLiteral("data")}},
            &error));
        const auto finding = waitForFinding(name, Kind::KeysStale);
        QVERIFY(finding);
        QVERIFY(finding->evidence.startsWith(QLatin1String("SHA-256 of the shared keys: source ")));
        QCOMPARE(finding->fix.action, ReplicationFix::Action::Apply);
        QVERIFY(runJob(mEngine->applyFix(finding->fix)).ok());
        QVERIFY(waitForNoFinding(name, Kind::KeysStale));
    }

    void privilegedMoversAreAnnotatedAgain()
    {
        const QString name = QStringLiteral("priv");
        applyRelationship(name);
        QString error;
        QVERIFY(SimScenarios::of(kind())->add({{QStringLiteral("scenario"), QStringLiteral("privilegedMoversRemoved")},
                                                  {QStringLiteral("namespace"), QStringLiteral("src-priv")}},
            &error));
        const auto finding = waitForFinding(name, Kind::PrivilegedMoversMissing);
        QVERIFY(finding);
        QCOMPARE(finding->evidence,
            QStringLiteral("Namespace/src-priv has no annotation volsync.backube/privileged-movers"));
        QCOMPARE(finding->fix.action, ReplicationFix::Action::AnnotateAndApply);
        QVERIFY(runJob(mEngine->applyFix(finding->fix)).ok());
        QVERIFY(waitForNoFinding(name, Kind::PrivilegedMoversMissing));
    }

    void resticLockedFromTheLog()
    {
        TroubleshootSnapshot snapshot;
        snapshot.source = sideFor(QStringLiteral("source"));
        snapshot.source->moverLog
            = QStringLiteral("Starting backup\nFatal: unable to create lock in backend: repository is already locked "
                             "by PID 27 on volsync-src-web-x7k2q by root\n");
        const auto finding
            = findingOf(ReplicationDiagnosis::diagnose(snapshot, QDateTime::currentDateTimeUtc()), Kind::ResticLocked);
        QVERIFY(finding);
        QCOMPARE(finding->evidence,
            QStringLiteral("mover log: \"Fatal: unable to create lock in backend: repository is already locked by PID "
                           "27 on volsync-src-web-x7k2q by root\""));
        QVERIFY(finding->fix.manualStep.contains(QLatin1String("spec.restic.unlock")));
    }

    void clockSkewBetweenTheClusters()
    {
        TroubleshootSnapshot snapshot;
        snapshot.relationship = QStringLiteral("web");
        snapshot.source = sideFor(QStringLiteral("source"));
        snapshot.destination = sideFor(QStringLiteral("destination"));
        snapshot.source->clockOffsetMs = 1000;
        snapshot.destination->clockOffsetMs = -2000;
        QVERIFY(!findingOf(ReplicationDiagnosis::diagnose(snapshot, QDateTime::currentDateTimeUtc()), Kind::ClockSkew));
        snapshot.destination->clockOffsetMs = -95000;
        const auto finding
            = findingOf(ReplicationDiagnosis::diagnose(snapshot, QDateTime::currentDateTimeUtc()), Kind::ClockSkew);
        QVERIFY(finding);
        QCOMPARE(finding->severity, ReplicationFinding::Severity::Warning);
        QCOMPARE(finding->evidence, QStringLiteral("API server Date headers: kind 1 s, gcp -95 s from this computer"));
    }

    void resticLockedIsUnlocked()
    {
        // An unmanaged restic backup (run by the simulator's SimFleetMovers, 30 simulated seconds a run) whose
        // repository has a stale lock, on a cluster of its own whose clock runs 60 times faster.
        SimFixture::Options options;
        options.simulator.clusters = {QStringLiteral("kind")};
        options.operatorOptions = SimFixture::fastOperator();
        options.operatorOptions->timeScale = 60;
        SimFixture sim(options);
        QString error;
        QVERIFY2(sim.start(&error), qPrintable(error));
        KubeSession session(KubeConfig::LoadOptions {sim.kubeconfigPath(), std::nullopt, std::nullopt});
        ReplicationEngine engine(&session, mEnv->configDir());
        SimStore *store = sim.store(QStringLiteral("kind"));
        const QString ns = QStringLiteral("backups");
        store->create(QStringLiteral("namespaces"), QString(), namespaceObject(ns, true));
        QVERIFY2(SimScenarios::of(store)->add(
                     {{QStringLiteral("scenario"), QStringLiteral("resticLocked")}, {QStringLiteral("namespace"), ns},
                         {QStringLiteral("name"), QStringLiteral("mail")}},
                     &error),
            qPrintable(error));
        const QJsonObject rs {{QStringLiteral("apiVersion"), QStringLiteral("volsync.backube/v1alpha1")},
            {QStringLiteral("kind"), QStringLiteral("ReplicationSource")},
            {QStringLiteral("metadata"),
                QJsonObject {{QStringLiteral("name"), QStringLiteral("mail")},
                    {QStringLiteral("annotations"),
                        QJsonObject {{QLatin1String(SimFleetMovers::kBehaviourAnnotation), QStringLiteral("ok")}}}}},
            {QStringLiteral("spec"),
                QJsonObject {{QStringLiteral("sourcePVC"), QStringLiteral("mail-data")},
                    {QStringLiteral("trigger"), QJsonObject {{QStringLiteral("manual"), QStringLiteral("first")}}},
                    {QStringLiteral("restic"),
                        QJsonObject {{QStringLiteral("repository"), QStringLiteral("restic-config")},
                            {QStringLiteral("copyMethod"), QStringLiteral("Direct")}}}}}};
        const SimStoreResult created = store->create(QStringLiteral("replicationsources"), ns, rs);
        QVERIFY2(created.ok(), qPrintable(created.message()));
        const QList<TroubleshootTarget> targets {{QStringLiteral("source"), QStringLiteral("kind"), ns,
            QStringLiteral("ReplicationSource"), QStringLiteral("mail")}};
        const auto diagnosis = [this, targets, &session] { return diagnoseTargets(targets, QString(), &session); };
        const auto finding = waitForFindingOf(diagnosis, Kind::ResticLocked, 30000);
        QVERIFY(finding);
        QCOMPARE(finding->severity, ReplicationFinding::Severity::Error);
        QVERIFY2(finding->evidence.contains(QLatin1String("repository is already locked by PID 27")),
            qPrintable(finding->evidence));
        QCOMPARE(finding->fix.action, ReplicationFix::Action::UnlockRestic);
        QCOMPARE(finding->fix.object, (ObjectName {QStringLiteral("kind"), ns, QStringLiteral("mail")}));
        QVERIFY(finding->fix.commandLine().contains(QLatin1String("patch replicationsource mail")));
        // The fix sets spec.restic.unlock; VolSync's next run unlocks (status.restic.lastUnlocked) and succeeds.
        const ReplicationResult result = runJob(engine.applyFix(finding->fix));
        QVERIFY2(result.ok(), qPrintable(result.error));
        const QString unlock = store->get(QStringLiteral("replicationsources"), ns, QStringLiteral("mail"))
                                   ->value(QStringLiteral("spec"))
                                   .toObject()
                                   .value(QStringLiteral("restic"))
                                   .toObject()
                                   .value(QStringLiteral("unlock"))
                                   .toString();
        QVERIFY(unlock.startsWith(QLatin1String("volsync-desktop-")));
        ReplicationFindings last;
        QVERIFY(QTest::qWaitFor(
            [&] {
                last = diagnosis();
                return !findingOf(last, Kind::ResticLocked);
            },
            30000));
        QCOMPARE(store->get(QStringLiteral("replicationsources"), ns, QStringLiteral("mail"))
                     ->value(QStringLiteral("status"))
                     .toObject()
                     .value(QStringLiteral("restic"))
                     .toObject()
                     .value(QStringLiteral("lastUnlocked"))
                     .toString(),
            unlock);
    }

    void debugMoverIsTurnedOnAndOff()
    {
        const QString name = QStringLiteral("debugging");
        applyRelationship(name);
        QVERIFY(waitForNoFinding(name, Kind::DebugMoverOn));
        QString error;
        const auto relationship = mEngine->store().load(name, &error);
        QVERIFY2(relationship, qPrintable(error));
        TroubleshootCollector collector(mSession, TroubleshootCollector::targetsFor(*relationship));
        collector.setRelationship(name, QStringLiteral("0 0 1 1 *"));
        QSignalSpy collected(&collector, &TroubleshootCollector::finished);
        collector.start();
        QVERIFY(!collected.isEmpty() || collected.wait(10000));
        // Both sides can be turned on; nothing is on yet.
        const QList<ReplicationFix> toggles = ReplicationDiagnosis::debugMoverToggles(collector.snapshot());
        QCOMPARE(toggles.size(), 2);
        QCOMPARE(toggles.at(0).objectKind, QStringLiteral("ReplicationSource"));
        QCOMPARE(toggles.at(1).objectKind, QStringLiteral("ReplicationDestination"));
        QVERIFY(toggles.at(0).enable && toggles.at(1).enable);
        QCOMPARE(toggles.at(0).object,
            (ObjectName {QStringLiteral("kind"), QStringLiteral("src-debugging"), relationship->source->rsName}));

        // On: the engine annotates the ReplicationSource; its next mover run sleeps instead of syncing.
        ReplicationResult result = runJob(mEngine->applyFix(toggles.at(0)));
        QVERIFY2(result.ok(), qPrintable(result.error));
        const QString rsName = relationship->source->rsName;
        const auto annotations = [&] {
            return kind()
                ->get(QStringLiteral("replicationsources"), QStringLiteral("src-debugging"), rsName)
                ->value(QStringLiteral("metadata"))
                .toObject()
                .value(QStringLiteral("annotations"))
                .toObject();
        };
        QCOMPARE(annotations().value(QStringLiteral("volsync.backube/enable-debug-mover")).toString(),
            QStringLiteral("true"));
        QJsonObject rs = *kind()->get(QStringLiteral("replicationsources"), QStringLiteral("src-debugging"), rsName);
        QJsonObject spec = rs.value(QStringLiteral("spec")).toObject();
        spec.insert(QStringLiteral("trigger"), QJsonObject {{QStringLiteral("manual"), QStringLiteral("debug-1")}});
        rs.insert(QStringLiteral("spec"), spec);
        QVERIFY(kind()->update(QStringLiteral("replicationsources"), QStringLiteral("src-debugging"), rs).ok());
        std::optional<ReplicationFinding> on;
        QVERIFY(QTest::qWaitFor(
            [&] {
                on = findingOf(diagnose(name), Kind::DebugMoverOn);
                return on && on->evidence.contains(QLatin1String("; pod volsync-rsync"));
            },
            15000));
        QCOMPARE(on->severity, ReplicationFinding::Severity::Warning);
        QVERIFY2(
            on->evidence.startsWith(QLatin1String("metadata.annotations: volsync.backube/enable-debug-mover=\"true\"")),
            qPrintable(on->evidence));
        QCOMPARE(on->fix.action, ReplicationFix::Action::SetDebugMover);
        QVERIFY(!on->fix.enable);
        QCOMPARE(on->fix.commandLine(),
            QStringLiteral("volsyncctl replication -r %1 debug-mover off --side source").arg(name));

        // Off: the annotation goes, VolSync replaces the sleeping Job, and the sync completes.
        result = runJob(mEngine->applyFix(on->fix));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QVERIFY(!annotations().contains(QStringLiteral("volsync.backube/enable-debug-mover")));
        QVERIFY(waitForNoFinding(name, Kind::DebugMoverOn));
        QVERIFY(QTest::qWaitFor(
            [&] {
                return kind()
                           ->get(QStringLiteral("replicationsources"), QStringLiteral("src-debugging"), rsName)
                           ->value(QStringLiteral("status"))
                           .toObject()
                           .value(QStringLiteral("lastManualSync"))
                           .toString()
                    == QLatin1String("debug-1");
            },
            15000));
    }

    void clockSkewOfTheDestinationCluster()
    {
        const QString name = QStringLiteral("skew");
        applyRelationship(name);
        QVERIFY(!findingOf(diagnose(name), Kind::ClockSkew));
        QString error;
        QVERIFY2(SimScenarios::of(gcp())->add({{QStringLiteral("scenario"), QStringLiteral("clockSkew")},
                                                  {QStringLiteral("offsetSeconds"), 300}},
                     &error),
            qPrintable(error));
        const auto finding = waitForFinding(name, Kind::ClockSkew);
        QVERIFY(finding);
        // The Date headers have whole seconds: 299 to 301 s apart.
        static const QRegularExpression apart(QStringLiteral("^The clocks of clusters kind and gcp differ by 30[01] s"
                                                             "|^The clocks of clusters kind and gcp differ by 299 s"));
        QVERIFY2(apart.match(finding->message).hasMatch(), qPrintable(finding->message));
        QVERIFY2(finding->evidence.startsWith(QLatin1String("API server Date headers: kind ")),
            qPrintable(finding->evidence));
        QVERIFY(finding->fix.manualStep.contains(QLatin1String("NTP")));
        SimScenarios::of(gcp())->remove(QStringLiteral("clockSkew"), QString(), QString());
        QVERIFY(waitForNoFinding(name, Kind::ClockSkew));
    }

    void serviceWithoutEventAfterTheGrace()
    {
        TroubleshootSnapshot snapshot;
        snapshot.destination = sideFor(QStringLiteral("destination"));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QJsonObject service {{QStringLiteral("metadata"),
                                 QJsonObject {{QStringLiteral("name"), QStringLiteral("volsync-rsync-tls-dst-web")},
                                     {QStringLiteral("creationTimestamp"), now.addSecs(-60).toString(Qt::ISODate)}}},
            {QStringLiteral("spec"), QJsonObject {{QStringLiteral("type"), QStringLiteral("LoadBalancer")}}}};
        snapshot.destination->services = {service};
        QVERIFY(!findingOf(ReplicationDiagnosis::diagnose(snapshot, now), Kind::ServiceNoAddress));
        QVERIFY(findingOf(
            ReplicationDiagnosis::diagnose(snapshot, now.addSecs(ReplicationDiagnosis::kServiceAddressGraceSeconds)),
            Kind::ServiceNoAddress));
    }
};

QTEST_GUILESS_MAIN(TestReplicationDiagnosis)
#include "test_replicationdiagnosis.moc"
