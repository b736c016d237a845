// SPDX-License-Identifier: GPL-3.0-or-later
// The fleet monitor judges incrementally: a watch event judges the entries of the changed object alone (counted
// through objectJudgements()), and what it then shows is what a full rebuild shows (a second monitor started
// afterwards on the same shared informers judges everything from scratch). The clock is fixed, so that time plays
// no part in the comparison.
#include "demorelationshipfiles.h"
#include "engine/fleetmonitor.h"
#include "engine/replicationengine.h"
#include "kube/kubeconfig.h"
#include "kube/kubeeventpump.h"
#include "kube/kubesession.h"
#include "models/fleetmodel.h"
#include "sim/simfleetworld.h"
#include "sim/simoperator.h"
#include "sim/simstore.h"
#include "simfixture.h"

#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

namespace {

const QStringList kClusters {QStringLiteral("fa"), QStringLiteral("fb"), QStringLiteral("fc")};
constexpr int kHour = 3600 * 1000;

QList<ReplicationRelationship> fleetRelationships()
{
    QList<ReplicationRelationship> relationships;
    for (const SimDemoRelationship &r : SimFleetWorld::relationships(kClusters))
        relationships.append(DemoRelationshipFiles::toRelationship(r));
    return relationships;
}

/// The fleet world as seeded, without the operator.
SimFixture::Options seededFleet()
{
    SimFixture::Options options;
    options.simulator.clusters = kClusters;
    options.seed = QStringLiteral("fleet");
    return options;
}

/// A monitor of the fleet world judging by `clock`, with no periodic re-judgement or probe during the test.
std::unique_ptr<FleetMonitor> startMonitor(KubeSession *session, const QDateTime *clock)
{
    auto monitor = std::make_unique<FleetMonitor>(session);
    monitor->setClock([clock] { return *clock; });
    monitor->setIntervals(kHour, kHour);
    monitor->setRelationships(fleetRelationships());
    monitor->start();
    return monitor;
}

/// A copy of `object` with `mutate` applied to it.
QJsonObject changed(const QJsonObject &object, const std::function<void(QJsonObject *)> &mutate)
{
    QJsonObject copy = object;
    mutate(&copy);
    return copy;
}

void setField(QJsonObject *object, const char *part, const char *key, const QJsonValue &value)
{
    QJsonObject inner = object->value(QLatin1String(part)).toObject();
    inner.insert(QLatin1String(key), value);
    object->insert(QLatin1String(part), inner);
}

std::optional<FleetEntry> entryOf(const FleetMonitor &monitor, const QString &key)
{
    return monitor.entry(key);
}

/// The full rebuild of a second monitor on the same informers shows the same entries.
void compareWithFullRebuild(KubeSession *session, const FleetMonitor &incremental, const QDateTime *clock)
{
    const std::unique_ptr<FleetMonitor> full = startMonitor(session, clock);
    QTRY_VERIFY_WITH_TIMEOUT(full->isReady(), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(!full->entries().isEmpty(), 30000);
    QTRY_COMPARE_WITH_TIMEOUT(incremental.entries(), full->entries(), 30000);
}

} // namespace

class TestFleetMonitorIncremental : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aChangeJudgesOnlyTheEntriesOfItsObject()
    {
        SimFixture sim(seededFleet()); // nothing changes but what the test changes
        QString error;
        QVERIFY2(sim.start(&error), qPrintable(error));
        KubeSession session(KubeConfig::LoadOptions {sim.kubeconfigPath(), std::nullopt, std::nullopt});
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const std::unique_ptr<FleetMonitor> monitor = startMonitor(&session, &now);
        QTRY_VERIFY_WITH_TIMEOUT(monitor->isReady(), 30000);
        const int all = 3 * (SimFleetWorld::kRelationshipsPerCluster + SimFleetWorld::kUnmanagedPerCluster);
        QTRY_COMPARE_WITH_TIMEOUT(monitor->entries().size(), all, 30000);
        // The first judgement read every entry once.
        QCOMPARE(monitor->objectJudgements(), qint64(all));
        QSignalSpy changes(monitor.get(), &FleetMonitor::entriesChanged);
        QSignalSpy updated(monitor.get(), &FleetMonitor::entriesUpdated);
        // A model following the monitor updates the rows of a change alone, and stays equal to its entries.
        FleetModel model;
        model.setMonitor(monitor.get());
        QSignalSpy modelChanged(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy modelReset(&model, &QAbstractItemModel::modelReset);

        // A relationship's source is paused: that relationship alone is judged again.
        const ReplicationRelationship rel = fleetRelationships().constFirst();
        SimStore *source = sim.store(rel.source->cluster);
        const QString rs = QStringLiteral("replicationsources");
        const QJsonObject paused = changed(*source->get(rs, rel.source->namespaceName, rel.source->rsName),
            [](QJsonObject *o) { setField(o, "spec", "paused", true); });
        QVERIFY(source->update(rs, rel.source->namespaceName, paused).ok());
        QTRY_COMPARE_WITH_TIMEOUT(entryOf(*monitor, rel.name)->health.state, RpoState::Paused, 30000);
        QCOMPARE(monitor->objectJudgements(), qint64(all + 1));
        // Told as that entry changed in its row: the model changed that row alone.
        QCOMPARE(updated.size(), 1);
        QCOMPARE(updated.first().first().toStringList(), QStringList {rel.name});
        QCOMPARE(modelChanged.size(), 1);
        QCOMPARE(modelChanged.first().first().value<QModelIndex>().row(), model.rowOf(rel.name));
        QCOMPARE(model.entries().at(model.rowOf(rel.name)).health.state, RpoState::Paused);

        // An unmanaged object is deleted: its entry goes, nothing is judged.
        const SimFleetObject gone = SimFleetWorld::unmanagedObjects(kClusters).at(1);
        const QString goneKey
            = QStringLiteral("%1/%2/%3/%4")
                  .arg(gone.cluster, gone.resource == rs ? QStringLiteral("source") : QStringLiteral("destination"),
                      gone.namespaceName, gone.name);
        QVERIFY(entryOf(*monitor, goneKey));
        QVERIFY(sim.store(gone.cluster)->remove(gone.resource, gone.namespaceName, gone.name).ok());
        QTRY_VERIFY_WITH_TIMEOUT(!entryOf(*monitor, goneKey), 30000);
        QCOMPARE(monitor->entries().size(), all - 1);
        QCOMPARE(monitor->objectJudgements(), qint64(all + 1));

        // A new unmanaged source: one judgement, one more entry.
        const QJsonObject created
            = changed(*source->get(rs, rel.source->namespaceName, rel.source->rsName), [](QJsonObject *o) {
                  QJsonObject metadata;
                  metadata.insert(QStringLiteral("name"), QStringLiteral("extra-backup"));
                  metadata.insert(QStringLiteral("namespace"), QStringLiteral("backups"));
                  o->insert(QStringLiteral("metadata"), metadata);
                  o->remove(QStringLiteral("status"));
              });
        const QString createdKey = QStringLiteral("%1/source/backups/extra-backup").arg(gone.cluster);
        const SimStoreResult result = sim.store(gone.cluster)->create(rs, QStringLiteral("backups"), created);
        QVERIFY2(result.ok(), qPrintable(result.message()));
        QTRY_VERIFY_WITH_TIMEOUT(entryOf(*monitor, createdKey), 30000);
        QCOMPARE(monitor->entries().size(), all);
        QCOMPARE(monitor->objectJudgements(), qint64(all + 2));

        // It gets the label of a known relationship: a relationship's object, no longer unmanaged.
        const QJsonObject labelled
            = changed(*sim.store(gone.cluster)->get(rs, QStringLiteral("backups"), QStringLiteral("extra-backup")),
                [&rel](QJsonObject *o) {
                    setField(o, "metadata", "labels", QJsonObject {{ReplicationEngine::relationshipLabel(), rel.id}});
                });
        QVERIFY(sim.store(gone.cluster)->update(rs, QStringLiteral("backups"), labelled).ok());
        QTRY_VERIFY_WITH_TIMEOUT(!entryOf(*monitor, createdKey), 30000);
        QCOMPARE(monitor->objectJudgements(), qint64(all + 2));

        // A relationship's destination is deleted: that relationship is judged again, without it.
        const ReplicationRelationship other = fleetRelationships().at(1);
        QVERIFY(sim.store(other.destination->cluster)
                    ->remove(QStringLiteral("replicationdestinations"), other.destination->namespaceName,
                        other.destination->rdName)
                    .ok());
        QTRY_VERIFY_WITH_TIMEOUT(!entryOf(*monitor, other.name)->destinationFound, 30000);
        QCOMPARE(monitor->objectJudgements(), qint64(all + 3));
        QVERIFY(entryOf(*monitor, other.name)->sourceFound);

        QVERIFY(!changes.isEmpty());
        QCOMPARE(model.entries(), monitor->entries());
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.rowOf(model.entries().at(row).key), row);
        QCOMPARE(modelReset.size(), 0);
        compareWithFullRebuild(&session, *monitor, &now);
    }

    // The first judgement of the whole fleet runs in steps on the event pump (timers run between them), and the
    // entries are published once, all of them, when every step has run.
    void theFirstJudgementRunsInStepsAndIsPublishedWhole()
    {
        SimFixture sim(seededFleet());
        QString error;
        QVERIFY2(sim.start(&error), qPrintable(error));
        KubeEventPump *pump = KubeEventPump::forCurrentThread();
        const std::chrono::microseconds budget = pump->sliceBudget();
        auto restore = qScopeGuard([pump, budget] { pump->setSliceBudget(budget); });
        pump->setSliceBudget(std::chrono::microseconds(1)); // one step (or one watch event) per turn
        KubeSession session(KubeConfig::LoadOptions {sim.kubeconfigPath(), std::nullopt, std::nullopt});
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const int all = 3 * (SimFleetWorld::kRelationshipsPerCluster + SimFleetWorld::kUnmanagedPerCluster);
        auto monitor = std::make_unique<FleetMonitor>(&session);
        QList<qsizetype> published; // the entries at each entriesChanged()
        connect(monitor.get(), &FleetMonitor::entriesChanged, this,
            [&published, &monitor] { published.append(monitor->entries().size()); });
        // Between turns: seen judging (some entries judged, none published yet)?
        bool seenJudging = false;
        QTimer between;
        between.setInterval(0);
        connect(&between, &QTimer::timeout, this, [&seenJudging, &monitor, all] {
            seenJudging = seenJudging
                || (monitor->objectJudgements() > 0 && monitor->objectJudgements() < all
                    && monitor->entries().isEmpty());
        });
        between.start();
        QSignalSpy ready(monitor.get(), &FleetMonitor::ready);
        monitor->setClock([&now] { return now; });
        monitor->setIntervals(kHour, kHour);
        monitor->setRelationships(fleetRelationships());
        monitor->start();
        QVERIFY(ready.wait(30000));
        QCOMPARE(monitor->entries().size(), all); // ready() after the entries, not before
        QCOMPARE(published.value(0), qsizetype(all));
        QVERIFY(seenJudging);
        QCOMPARE(monitor->objectJudgements(), qint64(all));
    }

    void followsARunningFleetAsAFullRebuildWould()
    {
        // The operator and the fleet's movers at 60x: schedules fire, runs start and end, some fail.
        SimFixture::Options options;
        options.simulator.clusters = kClusters;
        options.operatorOptions = SimFixture::fastOperator();
        options.operatorOptions->timeScale = 60;
        options.seed = QStringLiteral("fleet");
        SimFixture sim(options);
        QString error;
        QVERIFY2(sim.start(&error), qPrintable(error));
        KubeSession session(KubeConfig::LoadOptions {sim.kubeconfigPath(), std::nullopt, std::nullopt});
        const QDateTime now = sim.op()->now();
        const std::unique_ptr<FleetMonitor> monitor = startMonitor(&session, &now);
        QTRY_VERIFY_WITH_TIMEOUT(monitor->isReady(), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!monitor->entries().isEmpty(), 30000);
        const qint64 first = monitor->objectJudgements();
        // Enough watch events for every kind of change: wait for a hundred entries judged after the first list.
        QTRY_VERIFY_WITH_TIMEOUT(monitor->objectJudgements() >= first + 100, 60000);
        // And an unmanaged object removed meanwhile.
        const SimFleetObject gone = SimFleetWorld::unmanagedObjects(kClusters).constLast();
        QVERIFY(sim.store(gone.cluster)->remove(gone.resource, gone.namespaceName, gone.name).ok());
        compareWithFullRebuild(&session, *monitor, &now);
    }
};

QTEST_GUILESS_MAIN(TestFleetMonitorIncremental)
#include "test_fleetmonitorincremental.moc"
