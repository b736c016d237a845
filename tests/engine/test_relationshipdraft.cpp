// SPDX-License-Identifier: GPL-3.0-or-later
// The relationship draft and its preflight checks, the command line written from the flag table, the name rule
// and the setup job's plan: the wizard's logic, tested without a cluster or a widget.
#include "engine/clusterinventory.h"
#include "engine/draftcommandline.h"
#include "engine/relationshipdraft.h"
#include "engine/relationshipname.h"
#include "engine/relationshippreflight.h"
#include "engine/relationshipstore.h"
#include "engine/replicationflags.h"
#include "engine/replicationsetupjob.h"
#include "engine/storagequantity.h"
#include "fakeinventorysource.h"

#include <QDir>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

using Field = DraftFinding::Field;
using Severity = DraftFinding::Severity;

QStringList messagesAbout(const QList<DraftFinding> &findings, Field field)
{
    QStringList out;
    for (const DraftFinding &f : DraftFinding::about(findings, {field})) {
        out.append(f.message);
    }
    return out;
}

void fill(RelationshipDraft &draft)
{
    draft.setName(QStringLiteral("shop-db"));
    draft.setSourceContext(QStringLiteral("home"));
    draft.setSourceNamespace(QStringLiteral("shop"));
    draft.setSourcePvc(QStringLiteral("db"));
    draft.setSourceCopyMethod(QStringLiteral("Snapshot"));
    draft.setDestinationContext(QStringLiteral("cloud"));
    draft.setDestinationNamespace(QStringLiteral("dr-shop"));
    draft.setDestinationName(QStringLiteral("db-copy"));
    draft.setCapacity(QStringLiteral("3Gi"));
    draft.setDestinationAccessModes({QStringLiteral("ReadWriteOnce")});
    draft.setServiceType(QStringLiteral("LoadBalancer"));
    draft.setCronSpec(QStringLiteral("*/10 * * * *"));
}

ReplicationRelationship complete()
{
    ReplicationRelationship rel;
    rel.name = QStringLiteral("shop-db");
    rel.id = QStringLiteral("0a1b2c3d-0000-4000-8000-000000000001");
    rel.source = ReplicationSourceSide();
    rel.source->cluster = QStringLiteral("home");
    rel.source->namespaceName = QStringLiteral("shop");
    rel.source->pvcName = QStringLiteral("db");
    rel.source->rsName = QStringLiteral("db-abcde");
    rel.source->copyMethod = QStringLiteral("Snapshot");
    rel.source->trigger.schedule = QStringLiteral("*/10 * * * *");
    rel.destination = ReplicationDestinationSide();
    rel.destination->cluster = QStringLiteral("cloud");
    rel.destination->namespaceName = QStringLiteral("dr-shop");
    rel.destination->rdName = QStringLiteral("db-copy");
    rel.destination->copyMethod = QStringLiteral("Snapshot");
    rel.destination->capacity = QStringLiteral("3Gi");
    rel.destination->accessModes = {QStringLiteral("ReadWriteOnce")};
    rel.destination->serviceType = QStringLiteral("LoadBalancer");
    return rel;
}

} // namespace

class TestRelationshipDraft : public QObject
{
    Q_OBJECT
private:
    FakeInventorySource mSource;
    ClusterInventory *mHome = nullptr;
    ClusterInventory *mCloud = nullptr;

    RelationshipPreflight::Context context() const
    {
        RelationshipPreflight::Context c;
        c.source = mHome;
        c.destination = mCloud;
        c.currentContext = QStringLiteral("home");
        return c;
    }

private Q_SLOTS:
    void initTestCase()
    {
        using Kind = InventorySource::Kind;
        QJsonObject annotated {{QStringLiteral("metadata"),
            QJsonObject {{QStringLiteral("annotations"),
                QJsonObject {{QStringLiteral("volsync.backube/privileged-movers"), QStringLiteral("true")}}}}}};
        mSource.set(
            QStringLiteral("home"), Kind::Namespaces, QString(), {FakeInventorySource::named(QStringLiteral("shop"))});
        mSource.set(QStringLiteral("home"), Kind::PersistentVolumeClaims, QStringLiteral("shop"),
            {FakeInventorySource::pvc(
                QStringLiteral("shop"), QStringLiteral("db"), QStringLiteral("3Gi"), QStringLiteral("legacy"))});
        mSource.set(QStringLiteral("home"), Kind::Pods, QStringLiteral("shop"),
            {FakeInventorySource::pod(QStringLiteral("postgres-0"), QStringLiteral("db"))});
        mSource.set(QStringLiteral("home"), Kind::StorageClasses, QString(),
            {FakeInventorySource::named(QStringLiteral("legacy"),
                QJsonObject {{QStringLiteral("provisioner"), QStringLiteral("kubernetes.io/aws-ebs")}})});
        mSource.set(QStringLiteral("cloud"), Kind::Namespaces, QString(),
            {FakeInventorySource::named(QStringLiteral("dr-shop"), annotated)});
        mHome = new ClusterInventory(&mSource, QStringLiteral("home"), this);
        mCloud = new ClusterInventory(&mSource, QStringLiteral("cloud"), this);
        mHome->refresh();
        mHome->loadNamespace(QStringLiteral("shop"));
        mCloud->refresh();
        QTRY_VERIFY(mHome->isLoaded() && mCloud->isLoaded());
    }

    void changeSignals()
    {
        RelationshipDraft draft;
        QSignalSpy source(&draft, &RelationshipDraft::sourceChanged);
        QSignalSpy any(&draft, &RelationshipDraft::changed);
        draft.setSourcePvc(QStringLiteral("db"));
        draft.setSourcePvc(QStringLiteral("db"));
        QCOMPARE(source.size(), 1);
        draft.setCronSpec(QStringLiteral("@daily"));
        QCOMPARE(any.size(), 2);
    }

    // Issue 13 item 6: one rule, written once; names upstream allowed stay readable.
    void nameRule()
    {
        QVERIFY(!RelationshipName::problemForNew(QStringLiteral("webshop-db")));
        QVERIFY(RelationshipName::problemForNew(QStringLiteral("Legacy_DB")));
        QVERIFY(RelationshipName::problemForNew(QStringLiteral("a.b")));
        QVERIFY(!RelationshipName::problemForExisting(QStringLiteral("Legacy_DB")));
        QVERIFY(RelationshipName::isLegacy(QStringLiteral("Legacy_DB")));
        QVERIFY(RelationshipName::legacyNote(QStringLiteral("Legacy_DB")).contains(QLatin1String("edited")));

        QTemporaryDir dir;
        RelationshipStore store(dir.path());
        QString error;
        QVERIFY(!store.create(QStringLiteral("Legacy_DB"), false, &error));
        QVERIFY2(error.contains(QLatin1String("lower-case")), qPrintable(error));
        QVERIFY2(store.create(QStringLiteral("legacy"), false, &error), qPrintable(error));
        QVERIFY(QDir(dir.path()).rename(QStringLiteral("legacy.yaml"), QStringLiteral("Legacy_DB.yaml")));
        const auto legacy = store.load(QStringLiteral("Legacy_DB"), &error);
        QVERIFY2(legacy, qPrintable(error));

        // The wizard: a new name follows the rule; an existing legacy name is kept, with a note.
        RelationshipDraft draft;
        draft.setName(QStringLiteral("Legacy_DB"));
        auto findings = RelationshipPreflight::name(draft, {});
        QCOMPARE(findings.size(), 1);
        QVERIFY(findings.first().isError());
        RelationshipDraft existing;
        existing.loadExisting(*legacy, QStringLiteral("home"));
        findings = RelationshipPreflight::name(existing, {});
        QCOMPARE(findings.size(), 1);
        QCOMPARE(findings.first().severity, Severity::Info);
        QVERIFY(!DraftFinding::hasError(findings));

        // A taken name is refused, pointing at Set Up… to finish it.
        RelationshipPreflight::Context c;
        c.relationships = {complete()};
        draft.setName(QStringLiteral("shop-db"));
        findings = RelationshipPreflight::name(draft, c);
        QVERIFY(findings.first().message.contains(QLatin1String("Set Up")));
    }

    void quantities()
    {
        QCOMPARE(StorageQuantity::bytes(QStringLiteral("1Ki")), 1024.0);
        QCOMPARE(StorageQuantity::bytes(QStringLiteral("2G")), 2e9);
        QCOMPARE(StorageQuantity::compare(QStringLiteral("3000Mi"), QStringLiteral("3Gi")), -1);
        QCOMPARE(StorageQuantity::compare(QStringLiteral("5G"), QStringLiteral("3Gi")), 1);
        QCOMPARE(StorageQuantity::compare(QStringLiteral("3072Mi"), QStringLiteral("3Gi")), 0);
        QVERIFY(!StorageQuantity::bytes(QStringLiteral("2GB")));
    }

    // Issue 13 item 3: a destination smaller than its source is refused.
    void capacitySmallerThanSource()
    {
        QVERIFY(RelationshipPreflight::capacityProblem(QStringLiteral("1Gi"), QStringLiteral("3Gi")));
        QVERIFY(!RelationshipPreflight::capacityProblem(QStringLiteral("3Gi"), QStringLiteral("3Gi")));
        QVERIFY(!RelationshipPreflight::capacityProblem(QString(), QStringLiteral("3Gi")));
        RelationshipDraft draft;
        fill(draft);
        QVERIFY(messagesAbout(RelationshipPreflight::destination(draft, context()), Field::Capacity).isEmpty());
        draft.setCapacity(QStringLiteral("1Gi"));
        const QStringList messages
            = messagesAbout(RelationshipPreflight::destination(draft, context()), Field::Capacity);
        QCOMPARE(messages.size(), 1);
        QVERIFY2(messages.first().startsWith(QLatin1String("The destination capacity 1Gi is smaller")),
            qPrintable(messages.first()));
        // The CLI's case: no inventory, the size read from the PVC.
        RelationshipPreflight::Context cli;
        cli.sourceSize = QStringLiteral("3Gi");
        QVERIFY(DraftFinding::hasError(RelationshipPreflight::destination(draft, cli)));
    }

    // Issue 13 item 7: a schedule that never runs is refused.
    void cronThatNeverRuns()
    {
        QVERIFY(RelationshipPreflight::neverRuns(QStringLiteral("0 0 31 2 *")));
        QVERIFY(!RelationshipPreflight::neverRuns(QStringLiteral("0 0 29 2 *"))); // leap years
        QVERIFY(!RelationshipPreflight::neverRuns(QStringLiteral("*/5 * * * *")));
        RelationshipDraft draft;
        draft.setCronSpec(QStringLiteral("0 0 31 2 *"));
        const auto findings = RelationshipPreflight::schedule(draft);
        QCOMPARE(findings.size(), 1);
        QVERIFY(findings.first().isError());
        QVERIFY(findings.first().message.contains(QLatin1String("never runs")));
        draft.setCronSpec(QString());
        QVERIFY(RelationshipPreflight::schedule(draft).isEmpty());
    }

    // Issue 13 item 15: the namespace is checked as typed, in sentences.
    void namespaceCheckedAsTyped()
    {
        RelationshipDraft draft;
        fill(draft);
        draft.setDestinationNamespace(QStringLiteral("Bad_NS"));
        QStringList messages
            = messagesAbout(RelationshipPreflight::destination(draft, context()), Field::DestinationNamespace);
        QCOMPARE(messages.size(), 1);
        QVERIFY2(messages.first().startsWith(QLatin1String("\"Bad_NS\" is not a valid namespace name")),
            qPrintable(messages.first()));
        // A valid one that does not exist: refused until Apply may create it.
        draft.setDestinationNamespace(QStringLiteral("dr-new"));
        auto findings
            = DraftFinding::about(RelationshipPreflight::destination(draft, context()), {Field::DestinationNamespace});
        QVERIFY(DraftFinding::hasError(findings));
        QVERIFY(findings.first().fix.contains(QLatin1String("create namespace dr-new")));
        draft.setCreateDestinationNamespace(true);
        findings
            = DraftFinding::about(RelationshipPreflight::destination(draft, context()), {Field::DestinationNamespace});
        QCOMPARE(findings.size(), 1);
        QCOMPARE(findings.first().severity, Severity::Info);
    }

    void everyMessageIsASentence()
    {
        // A wrong value in each field the checks look at.
        using TextSetter = void (RelationshipDraft::*)(const QString &);
        const QList<std::pair<TextSetter, QString>> wrong {{&RelationshipDraft::setName, QStringLiteral("Bad Name")},
            {&RelationshipDraft::setSourceCopyMethod, QStringLiteral("Teleport")},
            {&RelationshipDraft::setDestinationNamespace, QStringLiteral("Bad_NS")},
            {&RelationshipDraft::setDestinationName, QStringLiteral("Bad Name")},
            {&RelationshipDraft::setDestinationCopyMethod, QStringLiteral("Clone")},
            {&RelationshipDraft::setCapacity, QStringLiteral("2GB")},
            {&RelationshipDraft::setCronSpec, QStringLiteral("@every 5m")}};
        RelationshipDraft draft;
        for (const auto &[set, value] : wrong)
            (draft.*set)(value);
        draft.setDestinationAccessModes({QStringLiteral("ReadSometimes")});
        draft.setServiceType(QStringLiteral("NodePort"));
        const QList<DraftFinding> findings = RelationshipPreflight::all(draft, {});
        QVERIFY(findings.size() >= 10);
        for (const DraftFinding &f : findings) {
            const QChar first = f.message.at(f.message.at(0) == QLatin1Char('"') ? 1 : 0);
            QVERIFY2(first.isUpper() || f.message.startsWith(QLatin1Char('"')), qPrintable(f.message));
            QVERIFY2(
                f.message.endsWith(QLatin1Char('.')) || f.message.endsWith(QLatin1Char(')')), qPrintable(f.message));
        }
    }

    // Source advice: the pages' former domain rules.
    void sourceAdvice()
    {
        RelationshipDraft draft;
        fill(draft);
        draft.setSourceCopyMethod(QStringLiteral("Clone"));
        QStringList messages = messagesAbout(RelationshipPreflight::source(draft, context()), Field::SourceCopyMethod);
        QCOMPARE(messages.size(), 1);
        QVERIFY(messages.first().contains(QLatin1String("cannot clone")));
        draft.setSourceCopyMethod(QStringLiteral("Direct"));
        messages = messagesAbout(RelationshipPreflight::source(draft, context()), Field::SourceCopyMethod);
        QVERIFY(messages.first().contains(QLatin1String("in use")));
        draft.setSourceCopyMethod(QStringLiteral("Snapshot"));
        messages = messagesAbout(RelationshipPreflight::source(draft, context()), Field::SourceCopyMethod);
        QVERIFY(messages.first().contains(QLatin1String("no VolumeSnapshotClass")));
        draft.setSourcePvc(QStringLiteral("gone"));
        QVERIFY(DraftFinding::hasError(RelationshipPreflight::source(draft, context())));
    }

    // The privileged-movers check, once: the same rule for the wizard, apply and the dry run.
    void privilegedMovers()
    {
        RelationshipDraft draft;
        fill(draft);
        const auto missing = RelationshipPreflight::missingPrivilegedMovers(draft, context());
        QCOMPARE(missing.size(), 1); // shop on home lacks it; dr-shop on cloud has it
        QCOMPARE(missing.first().name, QStringLiteral("shop"));
        auto findings = RelationshipPreflight::privilegedMovers(draft, context());
        QVERIFY(DraftFinding::hasError(findings));
        QCOMPARE(findings.first().fix,
            QStringLiteral("kubectl --context home annotate namespace shop volsync.backube/privileged-movers=true"));
        draft.setAllowPrivilegedMovers(true);
        findings = RelationshipPreflight::privilegedMovers(draft, context());
        QCOMPARE(findings.first().severity, Severity::Info);
        // A namespace Apply creates lacks it too.
        draft.setDestinationNamespace(QStringLiteral("dr-new"));
        draft.setCreateDestinationNamespace(true);
        QCOMPARE(RelationshipPreflight::missingPrivilegedMovers(draft, context()).size(), 2);
        draft.setRsyncTls(true);
        QVERIFY(RelationshipPreflight::missingPrivilegedMovers(draft, context()).isEmpty());
        QVERIFY(!draft.allowPrivilegedMovers());
    }

    // The commands come from the flag table the parser uses.
    void commandLineUsesTheFlagTable()
    {
        RelationshipDraft draft;
        fill(draft);
        draft.setAllowPrivilegedMovers(true);
        draft.setCreateDestinationNamespace(true);
        const QStringList commands = commandLine(draft);
        QCOMPARE(commands.size(), 5);
        QCOMPARE(commands.at(0), QStringLiteral("kubectl --context cloud create namespace dr-shop"));
        QCOMPARE(commands.at(1), QStringLiteral("volsyncctl replication -r shop-db create"));
        QCOMPARE(commands.at(2),
            QStringLiteral(
                "volsyncctl replication -r shop-db set-source --pvcname home/shop/db --copymethod Snapshot"));
        QCOMPARE(commands.at(3),
            QStringLiteral("volsyncctl replication -r shop-db set-destination --destination cloud/dr-shop/db-copy "
                           "--copymethod Snapshot --capacity 3Gi --accessmodes ReadWriteOnce --servicetype "
                           "LoadBalancer"));
        QCOMPARE(commands.at(4),
            QStringLiteral(
                "volsyncctl replication -r shop-db schedule --cronspec \"*/10 * * * *\" --allow-privileged-movers"));
        static const QRegularExpression kFlag(QStringLiteral(" --([a-z-]+)"));
        for (const QString &command : commands.mid(1)) {
            const QString sub = command.section(QLatin1Char(' '), 4, 4);
            QStringList accepted;
            for (ReplicationFlags::Flag flag : ReplicationFlags::flagsOf(sub)) {
                accepted.append(ReplicationFlags::name(flag));
            }
            for (auto it = kFlag.globalMatch(command); it.hasNext();) {
                const QString name = it.next().captured(1);
                QVERIFY2(accepted.contains(name), qPrintable(sub + QStringLiteral(": ") + name));
            }
        }
        draft.setRsyncTls(true);
        MoverSecurityContext security;
        security.runAsUser = 1000;
        security.runAsNonRoot = true;
        draft.setSourceMoverSecurityContext(security);
        const QStringList tls = commandLine(draft);
        QVERIFY(tls.at(1).endsWith(QLatin1String("create --rsynctls")));
        QVERIFY2(tls.at(2).endsWith(QLatin1String("--runasuser 1000 --runasnonroot")), qPrintable(tls.at(2)));
        QVERIFY(!tls.last().contains(QLatin1String("privileged")));
    }

    // Issue 13 item 2: an existing relationship is edited through set-source/set-destination, only what changes.
    void editingAppliesOnlyTheChanges()
    {
        RelationshipDraft draft;
        draft.loadExisting(complete(), QStringLiteral("home"));
        QVERIFY(draft.isExisting());
        QCOMPARE(draft.sourcePvc(), QStringLiteral("db"));
        QCOMPARE(draft.capacity(), QStringLiteral("3Gi"));
        draft.setName(QStringLiteral("renamed"));
        QCOMPARE(draft.name(), QStringLiteral("shop-db"));
        QVERIFY(!draft.sourceDiffers());
        QVERIFY(!draft.destinationDiffers());
        QVERIFY(draft.changesByCluster().isEmpty());
        QCOMPARE(draft.sourceSettings().rsName, std::optional<QString>(QStringLiteral("db-abcde")));
        QCOMPARE(commandLine(draft),
            QStringList {QStringLiteral("volsyncctl replication -r shop-db schedule --cronspec \"*/10 * * * *\"")});
        QCOMPARE(ReplicationSetupJob(nullptr, draft).stages(), QList {ReplicationSetupJob::Stage::Apply});

        draft.setCapacity(QStringLiteral("5Gi"));
        draft.setServiceType(QStringLiteral("ClusterIP"));
        QVERIFY(!draft.sourceDiffers());
        QVERIFY(draft.destinationDiffers());
        const auto changes = draft.changesByCluster();
        QCOMPARE(changes.size(), 1);
        QCOMPARE(changes.first().first, QStringLiteral("cloud"));
        QCOMPARE(changes.first().second,
            (QStringList {
                QStringLiteral("capacity: 3Gi → 5Gi"), QStringLiteral("service type: LoadBalancer → ClusterIP")}));
        QCOMPARE(ReplicationSetupJob(nullptr, draft).stages(),
            (QList {ReplicationSetupJob::Stage::SetDestination, ReplicationSetupJob::Stage::Apply}));
        QCOMPARE(commandLine(draft).size(), 2);
        QVERIFY(commandLine(draft).first().contains(QLatin1String("set-destination")));

        // Moving the source to another volume: both clusters are named.
        draft.setSourcePvc(QStringLiteral("orders"));
        QVERIFY(draft.sourceDiffers());
        QCOMPARE(draft.changesByCluster().first().first, QStringLiteral("home"));
        QVERIFY(draft.changesByCluster().first().second.first().startsWith(QLatin1String("source volume: shop/db")));
    }

    // Issue 13 item 2: a relationship created but not completed is finished, not created again.
    void finishingAnUnfinishedRelationship()
    {
        ReplicationRelationship created = complete();
        created.source.reset();
        created.destination.reset();
        RelationshipDraft draft;
        draft.loadExisting(created, QStringLiteral("home"));
        QVERIFY(RelationshipPreflight::name(draft, {}).isEmpty());
        fill(draft);
        QCOMPARE(draft.name(), QStringLiteral("shop-db"));
        QCOMPARE(draft.relationshipId(), created.id);
        QCOMPARE(ReplicationSetupJob(nullptr, draft).stages(),
            (QList {ReplicationSetupJob::Stage::SetSource, ReplicationSetupJob::Stage::SetDestination,
                ReplicationSetupJob::Stage::Apply}));
        QVERIFY(!commandLine(draft).join(QLatin1Char('\n')).contains(QLatin1String(" create")));
        // A new relationship runs every stage.
        RelationshipDraft fresh;
        fill(fresh);
        fresh.setCreateDestinationNamespace(true);
        QCOMPARE(ReplicationSetupJob(nullptr, fresh).stages().size(), 5);
    }
};

QTEST_GUILESS_MAIN(TestRelationshipDraft)
#include "test_relationshipdraft.moc"
