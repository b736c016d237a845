// SPDX-License-Identifier: GPL-3.0-or-later
#include "replicationcommand.h"

#include "disasterrecoverycommand.h"
#include "engine/replicationflags.h"
#include "troubleshootcommand.h"

#include "common/godurations.h"
#include "common/redaction.h"
#include "common/sentencetext.h"
#include "common/terminaltext.h"
#include "engine/objectname.h"
#include "engine/operationtracker.h"
#include "engine/relationshipmonitor.h"
#include "engine/relationshippreflight.h"
#include "engine/relationshiprpotarget.h"
#include "engine/replicationapplyjob.h"
#include "engine/replicationdeletejob.h"
#include "engine/replicationengine.h"
#include "engine/replicationjob.h"
#include "engine/replicationvalidation.h"
#include "engine/replicationwaiter.h"
#include "engine/yamltree.h"
#include "kube/kubesession.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <cstdio>

namespace {

using Flag = ReplicationFlags::Flag;

const QStringList kSubcommands {QStringLiteral("create"), QStringLiteral("set-source"),
    QStringLiteral("set-destination"), QStringLiteral("schedule"), QStringLiteral("sync"), QStringLiteral("delete"),
    QStringLiteral("status"), QStringLiteral("list"), QStringLiteral("pause"), QStringLiteral("resume"),
    QStringLiteral("wait"), QStringLiteral("set-rpo-target")};

/// `line` and then `items`, each after a space, in lines of at most `width` (continued at `indent`), ending with a
/// new line.
QString wrapped(QString line, const QStringList &items, int indent, int width)
{
    QString text;
    for (const QString &item : items) {
        if (!line.trimmed().isEmpty() && line.size() + 1 + item.size() > width) {
            text += line + QLatin1Char('\n');
            line = QString(indent, QLatin1Char(' '));
        }
        line += (line.trimmed().isEmpty() ? QString() : QStringLiteral(" ")) + item;
    }
    return text + line + QLatin1Char('\n');
}

// Progress and warnings on stderr, each a sentence (engine step texts are lower-case phrases).
void printProgress(const QString &text)
{
    const QByteArray bytes = terminalSafeText(redactUrlsInText(sentenceText(text))).toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

bool readSecurityContext(const QCommandLineParser &parser, MoverSecurityContext *context, QString *error)
{
    const auto number = [&](ReplicationFlags::Flag flag, std::optional<qint64> *target) {
        const QString key = ReplicationFlags::name(flag);
        if (!parser.isSet(key))
            return true;
        bool ok = false;
        const qint64 v = parser.value(key).toLongLong(&ok);
        if (!ok || v < 0) {
            *error = QStringLiteral("invalid --%1: %2 (a non-negative number)").arg(key, parser.value(key));
            return false;
        }
        *target = v;
        return true;
    };
    if (!number(ReplicationFlags::Flag::RunAsUser, &context->runAsUser)
        || !number(ReplicationFlags::Flag::RunAsGroup, &context->runAsGroup)
        || !number(ReplicationFlags::Flag::FsGroup, &context->fsGroup))
        return false;
    if (parser.isSet(ReplicationFlags::name(Flag::RunAsNonRoot)))
        context->runAsNonRoot = true;
    if (parser.isSet(ReplicationFlags::name(Flag::SeccompProfileType))) {
        const auto type = ReplicationValidation::seccompProfileType(
            parser.value(ReplicationFlags::name(Flag::SeccompProfileType)), error);
        if (!type)
            return false;
        context->seccompProfileType = *type;
    }
    return true;
}

std::optional<QString> optionalValue(const QCommandLineParser &parser, const QString &name)
{
    if (!parser.isSet(name) || parser.value(name).isEmpty())
        return std::nullopt;
    return parser.value(name);
}

bool readDuration(const QCommandLineParser &parser, const QString &name, int *ms, QString *error)
{
    if (!parser.isSet(name))
        return true;
    const auto ns = parseGoDuration(parser.value(name));
    if (!ns || *ns <= 0 || *ns / 1000000 > std::numeric_limits<int>::max()) {
        *error = QStringLiteral("invalid --%1 \"%2\": use a duration such as 90s, 10m or 1h30m")
                     .arg(name, parser.value(name));
        return false;
    }
    *ms = int(*ns / 1000000);
    return true;
}

QString sideText(const QString &cluster, const QString &ns, const QString &name)
{
    return (cluster.isEmpty() ? QString() : cluster + QLatin1Char('/')) + ns + QLatin1Char('/') + name;
}

QString triggerText(const ReplicationRelationship &rel)
{
    if (!rel.source)
        return QStringLiteral("-");
    if (rel.source->trigger.schedule)
        return QStringLiteral("schedule ") + *rel.source->trigger.schedule;
    if (!rel.source->trigger.manual.isEmpty())
        return QStringLiteral("manual ") + rel.source->trigger.manual;
    return QStringLiteral("none");
}

QString statusText(const ReplicationRelationship &rel, const ReplicationStatus &s)
{
    QString out;
    const auto line = [&out](const QString &label, const QString &value) {
        if (!value.isEmpty())
            out += QString(label + QLatin1Char(':')).leftJustified(15) + value + QLatin1Char('\n');
    };
    line(QStringLiteral("Relationship"), rel.name + QStringLiteral(" (") + rel.id + QLatin1Char(')'));
    line(QStringLiteral("Mover"), rel.rsyncTls ? QStringLiteral("rsync-TLS") : QStringLiteral("rsync over SSH"));
    if (rel.source)
        line(QStringLiteral("Source"),
            QStringLiteral("%1 (ReplicationSource %2, copy method %3)")
                .arg(sideText(rel.source->cluster, rel.source->namespaceName, rel.source->pvcName), rel.source->rsName,
                    rel.source->copyMethod));
    if (rel.destination)
        line(QStringLiteral("Destination"),
            QStringLiteral("%1 (ReplicationDestination, copy method %2, %3)")
                .arg(sideText(rel.destination->cluster, rel.destination->namespaceName, rel.destination->rdName),
                    rel.destination->copyMethod, rel.destination->serviceType.value_or(QStringLiteral("ClusterIP"))));
    line(QStringLiteral("Phase"), s.phaseName());
    line(QStringLiteral("Failover"), s.failoverText());
    line(QStringLiteral("Schedule"), s.schedule);
    if (s.paused)
        line(QStringLiteral("Paused"), QStringLiteral("yes (no syncs start; resume to continue)"));
    line(QStringLiteral("Manual"), s.manualTrigger);
    const auto time = [](const QDateTime &t) { return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString(); };
    QString last = time(s.lastSyncTime);
    if (!last.isEmpty() && !s.lastSyncDuration.isEmpty())
        last += QStringLiteral(" (took ") + s.lastSyncDuration + QLatin1Char(')');
    line(QStringLiteral("Last sync"), last);
    line(QStringLiteral("Sync started"), time(s.lastSyncStartTime));
    line(QStringLiteral("Next sync"), time(s.nextSyncTime));
    line(QStringLiteral("Last manual"), s.lastManualSync);
    if (s.moverStatus)
        line(QStringLiteral("Mover result"), s.moverStatus->result);
    if (!s.latestImageName.isEmpty())
        line(QStringLiteral("Latest image"), s.latestImageKind + QLatin1Char(' ') + s.latestImageName);
    line(QStringLiteral("Address"), s.address);
    for (const ReplicationCondition &c : s.sourceConditions)
        line(QStringLiteral("Source cond."),
            QStringLiteral("%1=%2 %3 %4").arg(c.type, c.status, c.reason, c.message).trimmed());
    for (const ReplicationCondition &c : s.destinationConditions)
        line(QStringLiteral("Dest. cond."),
            QStringLiteral("%1=%2 %3 %4").arg(c.type, c.status, c.reason, c.message).trimmed());
    if (s.moverStatus && !s.moverStatus->logs.trimmed().isEmpty()) {
        out += QStringLiteral("Mover log:\n");
        const QStringList logLines = s.moverStatus->logs.trimmed().split(QLatin1Char('\n'));
        for (const QString &l : logLines)
            out += QStringLiteral("  ") + l + QLatin1Char('\n');
    }
    if (!s.problems.isEmpty()) {
        out += QStringLiteral("Problems:\n");
        for (const ReplicationFinding &p : s.problems)
            out += QStringLiteral("  - ") + p.text() + QLatin1Char('\n');
    }
    return out;
}

} // namespace

ReplicationCommand::ReplicationCommand(QObject *parent)
    : CliCommand(parent)
{ }

ReplicationCommand::~ReplicationCommand() = default;

QString ReplicationCommand::name() const
{
    return QStringLiteral("replication");
}

QString ReplicationCommand::summary() const
{
    return QStringLiteral("Set up, run and remove a replication relationship (kubectl volsync replication)");
}

QString ReplicationCommand::usage()
{
    // What each command does; its flags come from the flag table the parser uses.
    const QList<std::pair<const char *, const char *>> commands {{"create", "Create a new relationship file"},
        {"set-source", "Set the source"}, {"set-destination", "Set the destination"},
        {"schedule", "Replicate on a schedule"}, {"sync", "Replicate once now and wait"},
        {"pause", "Stop starting syncs (ReplicationSource spec.paused); the schedule stays"},
        {"resume", "Start syncing again on the same schedule"},
        {"delete", "Remove the relationship's objects and file"}, {"status", "Show the live status"},
        {"wait", "Return as soon as a condition holds (watched, not polled)"},
        {"set-rpo-target", "The lag the fleet judges by instead of the schedule"},
        {"list", "List the relationships in the config dir"},
        // Disaster recovery (disasterrecoverycommand.cpp).
        {"failover", "Make the replicated data usable on the destination's cluster (planned: a final sync first)"},
        {"test-failover", "Restore into a new PVC while replication goes on"},
        {"end-test", "Remove what test failovers created, and nothing else"},
        {"failback", "After a failover: set up and sync the reverse relationship (default NAME-reverse)"},
        {"restore-points", "List the destination's snapshots; restore-points keep|release|delete SNAPSHOT"},
        // Troubleshooting (troubleshootcommand.cpp); --object names an RS or RD (KIND rs or rd) instead of -r.
        {"logs", "The mover's log"}, {"events", "The Events of both sides' objects, oldest first"},
        {"timeline", "One timeline of both sides: Events, status transitions and mover runs, oldest first"},
        {"debug-mover", "on|off: VolSync's debug mover (its pod sleeps, so you can run the mover by hand)"},
        {"diagnose", "What is wrong and how to fix it; exits 1 when a finding is an error"},
        {"bundle", "A support bundle (.tar.gz, no Secret data)"}};
    constexpr int kIndent = 20;
    constexpr int kWidth = 104;
    const QString relationship = ReplicationFlags::usageOf(Flag::Relationship, QString());
    QString text
        = QStringLiteral("Usage: volsyncctl [--kubeconfig P] [--config-dir D] replication %1 <command> [flags]\n"
                         "       volsyncctl replication list %2\n\nCommands:\n")
              .arg(relationship, ReplicationFlags::usageOf(Flag::Output, QStringLiteral("list")));
    for (const auto &[name, summary] : commands) {
        const QString command = QLatin1String(name);
        const QStringList flags = ReplicationFlags::usageOf(command);
        const QString line = QStringLiteral("  ") + command.leftJustified(kIndent - 2) + QLatin1String(summary)
            + (flags.isEmpty() ? QString() : QStringLiteral(":"));
        text += wrapped(line, flags, kIndent, kWidth);
    }
    text += QLatin1Char('\n');
    const QStringList notes = ReplicationFlags::usageNotes();
    for (const QString &note : notes)
        text += wrapped(QString(), note.split(QLatin1Char(' ')), 0, kWidth);
    return text;
}

void ReplicationCommand::releaseClients()
{
    delete mMonitor;
    delete mEngine;
    mEngine = nullptr;
    delete mSession;
    mSession = nullptr;
}

QString ReplicationCommand::findSubcommand(const QStringList &arguments, QStringList *rest, bool *help)
{
    // The subcommand is the first argument that is neither an option nor the value of -r.
    QString sub;
    rest->append(QStringLiteral("volsyncctl replication"));
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if (arg == QLatin1String("-h") || arg == QLatin1String("--help"))
            *help = true;
        if (sub.isEmpty() && !arg.startsWith(QLatin1Char('-'))) {
            sub = arg;
            continue;
        }
        rest->append(arg);
        if (sub.isEmpty() && (arg == QLatin1String("-r") || arg == QLatin1String("--relationship"))
            && i + 1 < arguments.size())
            rest->append(arguments.at(++i));
    }
    return sub;
}

void ReplicationCommand::addOptions(const QString &sub, QCommandLineParser &parser)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    // Every flag comes from the one table that also writes the GUI's equivalent commands.
    parser.addOption(ReplicationFlags::commandLineOption(Flag::Relationship, sub));
    for (const Flag flag : ReplicationFlags::flagsOf(sub))
        parser.addOption(ReplicationFlags::commandLineOption(flag, sub));
}

void ReplicationCommand::start(const CliGlobals &globals, const QStringList &arguments)
{
    mGlobals = globals;
    QStringList rest;
    bool help = false;
    const QString sub = findSubcommand(arguments, &rest, &help);
    if (help) {
        printOut(usage());
        finishLater(CliOk);
        return;
    }
    if (sub.isEmpty()) {
        usageError(QStringLiteral("missing command: one of %1").arg(kSubcommands.join(QStringLiteral(", "))));
        return;
    }
    // The troubleshooting verbs (troubleshootcommand.h) and disaster recovery (disasterrecoverycommand.h) are
    // commands of their own.
    if (TroubleshootCommand::verbs().contains(sub)) {
        delegateTo(new TroubleshootCommand(this), arguments);
        return;
    }
    if (DisasterRecoveryCommand::handles(sub)) {
        delegateTo(new DisasterRecoveryCommand(this), arguments);
        return;
    }
    if (!kSubcommands.contains(sub)) {
        usageError(QStringLiteral("unknown command \"%1\" for \"volsyncctl replication\"").arg(sub));
        return;
    }
    if (!parseFlags(sub, rest))
        return;
    run(sub);
}

void ReplicationCommand::delegateTo(CliCommand *command, const QStringList &arguments)
{
    connect(command, &CliCommand::finished, this, [this](int exitCode) { finishLater(exitCode); });
    command->start(mGlobals, arguments);
}

bool ReplicationCommand::parseFlags(const QString &sub, const QStringList &arguments)
{
    mParser = std::make_unique<QCommandLineParser>();
    QCommandLineParser &parser = *mParser;
    addOptions(sub, parser);
    if (!parser.parse(arguments)) {
        usageError(parser.errorText());
        return false;
    }
    if (!parser.positionalArguments().isEmpty()) {
        usageError(QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().constFirst()));
        return false;
    }
    return true;
}

void ReplicationCommand::run(const QString &sub)
{
    const QCommandLineParser &parser = *mParser;
    const CliGlobals &globals = mGlobals;
    mSession = new KubeSession(KubeConfig::LoadOptions {globals.kubeconfig, std::nullopt, std::nullopt}, this);
    mSession->setExecTimeoutMs(globals.execTimeoutMs);
    mEngine = new ReplicationEngine(mSession, globals.configDir, this);
    mTracker = new OperationTracker(this);
    connect(mTracker, &OperationTracker::progress, this, [](int, ReplicationJob::Step step, const QString &message) {
        // The first steps are quick local checks; only show the ones that talk to clusters or wait.
        if (step != ReplicationJob::Step::Validate && step != ReplicationJob::Step::SaveFile)
            printProgress(message);
    });

    if (sub == QLatin1String("list")) {
        runList(parser);
        return;
    }
    mRelationship = parser.value(ReplicationFlags::name(Flag::Relationship));
    if (mRelationship.isEmpty()) {
        usageError(QStringLiteral("required flag(s) \"relationship\" not set"));
        return;
    }
    if (const auto problem = RelationshipStore::validateName(mRelationship)) {
        usageError(*problem);
        return;
    }
    if (sub == QLatin1String("create")) {
        runJob(mEngine->createRelationship(mRelationship, parser.isSet(ReplicationFlags::name(Flag::RsyncTls))),
            OperationTracker::Kind::Create);
    } else if (sub == QLatin1String("delete")) {
        DeleteOptions options;
        options.keepSnapshot = parser.isSet(ReplicationFlags::name(Flag::KeepSnapshot));
        options.dryRun = parser.isSet(ReplicationFlags::name(Flag::DryRun));
        options.force = parser.isSet(ReplicationFlags::name(Flag::Force));
        runJob(mEngine->remove(mRelationship, options), OperationTracker::Kind::Delete);
    } else {
        // A Sync now that was interrupted (the process died) left a schedule to put back: finish that first.
        finishInterruptedSync([this, sub] {
            const QCommandLineParser &parser = *mParser;
            if (sub == QLatin1String("set-source"))
                runSetSource(parser);
            else if (sub == QLatin1String("set-destination"))
                runSetDestination(parser);
            else if (sub == QLatin1String("schedule") || sub == QLatin1String("sync"))
                runApply(sub, parser);
            else if (sub == QLatin1String("status"))
                runStatus(parser);
            else if (sub == QLatin1String("wait"))
                runWait(parser);
            else if (sub == QLatin1String("set-rpo-target"))
                runSetRpoTarget(parser);
            else if (sub == QLatin1String("pause") || sub == QLatin1String("resume"))
                runJob(mEngine->setPaused(mRelationship, sub == QLatin1String("pause")),
                    sub == QLatin1String("pause") ? OperationTracker::Kind::Pause : OperationTracker::Kind::Resume);
        });
    }
}

bool ReplicationCommand::require(const QCommandLineParser &parser, const QString &flag)
{
    if (parser.isSet(flag) && !parser.value(flag).isEmpty())
        return true;
    usageError(QStringLiteral("required flag(s) \"%1\" not set").arg(flag));
    return false;
}

ObjectName ReplicationCommand::withGlobalContext(ObjectName name) const
{
    if (name.context.isEmpty())
        name.context = mGlobals.context;
    return name;
}

void ReplicationCommand::runSetSource(const QCommandLineParser &parser)
{
    if (!require(parser, ReplicationFlags::name(Flag::PvcName)))
        return;
    QString error;
    SourceSettings s;
    const auto pvc = ObjectName::parse(parser.value(ReplicationFlags::name(Flag::PvcName)), &error);
    const auto method = pvc ? ReplicationValidation::copyMethod(parser.value(ReplicationFlags::name(Flag::CopyMethod)),
                            ReplicationValidation::sourceCopyMethods(), &error)
                            : std::nullopt;
    const auto modes = method
        ? ReplicationValidation::accessModes(parser.values(ReplicationFlags::name(Flag::AccessModes)), &error)
        : std::nullopt;
    if (!pvc || !method || !modes || !readSecurityContext(parser, &s.moverSecurityContext, &error)) {
        usageError(error);
        return;
    }
    s.pvc = withGlobalContext(*pvc);
    s.copyMethod = *method;
    s.accessModes = *modes;
    s.storageClassName = optionalValue(parser, ReplicationFlags::name(Flag::StorageClass));
    s.volumeSnapshotClassName = optionalValue(parser, ReplicationFlags::name(Flag::VolumeSnapshotClass));
    runJob(mEngine->setSource(mRelationship, s), OperationTracker::Kind::SetSource);
}

void ReplicationCommand::runSetDestination(const QCommandLineParser &parser)
{
    if (!require(parser, ReplicationFlags::name(Flag::Destination)))
        return;
    QString error;
    DestinationSettings d;
    const auto dest = ObjectName::parse(parser.value(ReplicationFlags::name(Flag::Destination)), &error);
    const auto method = dest ? ReplicationValidation::copyMethod(parser.value(ReplicationFlags::name(Flag::CopyMethod)),
                            ReplicationValidation::destinationCopyMethods(), &error)
                             : std::nullopt;
    const auto modes = method
        ? ReplicationValidation::accessModes(parser.values(ReplicationFlags::name(Flag::AccessModes)), &error)
        : std::nullopt;
    const auto service = modes
        ? ReplicationValidation::serviceType(parser.value(ReplicationFlags::name(Flag::ServiceType)), &error)
        : std::nullopt;
    std::optional<QString> capacity;
    if (service && parser.isSet(ReplicationFlags::name(Flag::Capacity))) {
        capacity = ReplicationValidation::capacity(parser.value(ReplicationFlags::name(Flag::Capacity)), &error);
        if (!capacity) {
            usageError(error);
            return;
        }
    }
    if (!dest || !method || !modes || !service || !readSecurityContext(parser, &d.moverSecurityContext, &error)) {
        usageError(error);
        return;
    }
    d.destination = withGlobalContext(*dest);
    d.copyMethod = *method;
    d.accessModes = *modes;
    d.serviceType = *service;
    d.capacity = capacity;
    d.storageClassName = optionalValue(parser, ReplicationFlags::name(Flag::StorageClass));
    d.volumeSnapshotClassName = optionalValue(parser, ReplicationFlags::name(Flag::VolumeSnapshotClass));
    runJob(mEngine->setDestination(mRelationship, d), OperationTracker::Kind::SetDestination);
}

void ReplicationCommand::runApply(const QString &sub, const QCommandLineParser &parser)
{
    QString error;
    ApplyOptions apply;
    apply.allowPrivilegedMovers = parser.isSet(ReplicationFlags::name(Flag::AllowPrivilegedMovers));
    if (!readDuration(parser, ReplicationFlags::name(Flag::AddressTimeout), &apply.addressTimeoutMs, &error)) {
        usageError(error);
        return;
    }
    if (sub == QLatin1String("schedule")) {
        if (!require(parser, ReplicationFlags::name(Flag::CronSpec)))
            return;
        const QString cron = parser.value(ReplicationFlags::name(Flag::CronSpec));
        if (!ReplicationValidation::cronSpec(cron, &error)) {
            usageError(error);
            return;
        }
        // Valid but never due (such as February 31): allowed, as upstream does, but said.
        if (const auto never = RelationshipPreflight::neverRuns(cron))
            printProgress(QStringLiteral("Warning: ") + sentenceText(*never));
        runJob(mEngine->schedule(mRelationship, cron, apply), OperationTracker::Kind::Schedule);
        return;
    }
    SyncOptions options;
    options.apply = apply;
    options.keepSchedule = parser.isSet(ReplicationFlags::name(Flag::KeepSchedule));
    if (!readDuration(parser, ReplicationFlags::name(Flag::Timeout), &options.timeoutMs, &error)) {
        usageError(error);
        return;
    }
    runJob(mEngine->sync(mRelationship, options), OperationTracker::Kind::Sync);
}

void ReplicationCommand::finishInterruptedSync(const std::function<void()> &next)
{
    ReplicationJob *restore = mEngine->restoreInterruptedSync(mRelationship);
    if (!restore) {
        next();
        return;
    }
    printProgress(QStringLiteral("An interrupted Sync now left the schedule of %1 to put back; restoring it first")
                      .arg(mRelationship));
    const int id = mTracker->run(restore, OperationTracker::Kind::RestoreSchedule, mRelationship,
        QStringLiteral("restore the schedule of %1").arg(mRelationship));
    connect(mTracker, &OperationTracker::finished, this, [this, id, next](int finishedId, const ReplicationResult &r) {
        if (finishedId != id)
            return;
        if (!r.ok()) {
            printError(QStringLiteral("Could not restore the schedule: ") + r.error);
            finishLater(r.exitCode());
            return;
        }
        next();
    });
}

void ReplicationCommand::runJob(ReplicationJob *job, OperationTracker::Kind kind)
{
    const int id = mTracker->run(job, kind, mRelationship, OperationTracker::kindText(kind));
    connect(
        mTracker, &OperationTracker::finished, this, [this, id, kind](int finishedId, const ReplicationResult &result) {
            if (finishedId != id)
                return;
            QString report;
            for (const ObjectResult &o : result.objects) {
                // Quiet like upstream: a new file is not announced (-v says it).
                if (kind == OperationTracker::Kind::Create && o.kind == QLatin1String("file")
                    && o.action == ObjectResult::Action::Created && !mGlobals.verbose)
                    continue;
                if (o.kind != QLatin1String("file") || o.action == ObjectResult::Action::Deleted
                    || o.action == ObjectResult::Action::Created)
                    report += o.toString() + QLatin1Char('\n');
            }
            for (const QString &note : result.notes)
                report += note + QLatin1Char('\n');
            if (!report.isEmpty())
                printOut(report);
            if (!result.ok())
                printError(result.error);
            finishLater(result.exitCode());
        });
}

void ReplicationCommand::runList(const QCommandLineParser &parser)
{
    const QString format = parser.value(ReplicationFlags::name(Flag::Output));
    if (!format.isEmpty() && format != QLatin1String("json")) {
        usageError(QStringLiteral("unknown output format \"%1\": use json").arg(format));
        return;
    }
    const RelationshipStore::Listing listing = mEngine->store().list();
    if (format == QLatin1String("json")) {
        QJsonArray array;
        for (const ReplicationRelationship &rel : listing.relationships) {
            QJsonObject o {{QStringLiteral("name"), rel.name}, {QStringLiteral("id"), rel.id},
                {QStringLiteral("version"), rel.version}, {QStringLiteral("rsyncTLS"), rel.rsyncTls},
                {QStringLiteral("trigger"), triggerText(rel)}};
            if (rel.source)
                o.insert(QStringLiteral("source"),
                    QJsonObject {{QStringLiteral("cluster"), rel.source->cluster},
                        {QStringLiteral("namespace"), rel.source->namespaceName},
                        {QStringLiteral("pvcName"), rel.source->pvcName},
                        {QStringLiteral("rsName"), rel.source->rsName},
                        {QStringLiteral("copyMethod"), rel.source->copyMethod}});
            if (rel.destination)
                o.insert(QStringLiteral("destination"),
                    QJsonObject {{QStringLiteral("cluster"), rel.destination->cluster},
                        {QStringLiteral("namespace"), rel.destination->namespaceName},
                        {QStringLiteral("rdName"), rel.destination->rdName},
                        {QStringLiteral("copyMethod"), rel.destination->copyMethod}});
            array.append(o);
        }
        printOut(QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented)));
    } else {
        QString out = QStringLiteral("%1 %2 %3 %4\n")
                          .arg(QStringLiteral("NAME").leftJustified(20), QStringLiteral("SOURCE").leftJustified(32),
                              QStringLiteral("DESTINATION").leftJustified(32), QStringLiteral("TRIGGER"));
        for (const ReplicationRelationship &rel : listing.relationships) {
            const QString src = rel.source
                ? sideText(rel.source->cluster, rel.source->namespaceName, rel.source->pvcName)
                : QStringLiteral("-");
            const QString dst = rel.destination
                ? sideText(rel.destination->cluster, rel.destination->namespaceName, rel.destination->rdName)
                : QStringLiteral("-");
            out += QStringLiteral("%1 %2 %3 %4\n")
                       .arg(rel.name.leftJustified(20), src.leftJustified(32), dst.leftJustified(32), triggerText(rel));
        }
        printOut(out);
    }
    for (const QString &problem : listing.problems)
        printError(problem);
    finishLater(listing.problems.isEmpty() ? CliOk : CliFailed);
}

void ReplicationCommand::runSetRpoTarget(const QCommandLineParser &parser)
{
    const QString value = parser.value(ReplicationFlags::name(Flag::RpoTarget));
    QString error;
    std::optional<qint64> seconds = qint64(0);
    if (value.isEmpty()) {
        usageError(QStringLiteral("set-rpo-target needs --rpo-target DURATION (or none)"));
        return;
    }
    if (value != QLatin1String("none"))
        seconds = RelationshipRpoTarget::parse(value, &error);
    if (!seconds) {
        usageError(error);
        return;
    }
    if (!RelationshipRpoTarget::set(mEngine->store(), mRelationship, *seconds, &error)) {
        printError(error);
        finishLater(CliFailed);
        return;
    }
    finishLater(CliOk);
}

void ReplicationCommand::runWait(const QCommandLineParser &parser)
{
    const auto condition = ReplicationWaiter::parseCondition(parser.value(ReplicationFlags::name(Flag::For)));
    if (!condition) {
        usageError(QStringLiteral("wait needs --for synced or --for healthy"));
        return;
    }
    int timeoutMs = 0;
    QString error;
    if (!readDuration(parser, ReplicationFlags::name(Flag::Timeout), &timeoutMs, &error)) {
        usageError(error);
        return;
    }
    mMonitor = mEngine->monitor(mRelationship, this);
    // The file is read and the clusters listed in the background: a missing file is an error at once, a cluster
    // that does not answer within the timeout as well.
    connect(mMonitor, &RelationshipMonitor::errorOccurred, this, [this](const QString &message) {
        if (mMonitor->relationship().id.isEmpty()) {
            printError(message);
            finishLater(CliFailed);
        }
    });
    if (timeoutMs > 0) {
        QTimer::singleShot(timeoutMs, this, [this] {
            if (mMonitor && !mMonitor->isReady()) {
                printError(QStringLiteral("timed out: the clusters of %1 did not answer").arg(mRelationship));
                finishLater(CliFailed);
            }
        });
    }
    const auto startWaiting = [this, condition, timeoutMs] {
        auto *waiter = new ReplicationWaiter(
            mMonitor, *condition, RelationshipRpoTarget::of(mMonitor->relationship()), timeoutMs, this);
        connect(waiter, &ReplicationWaiter::finished, this, [this](bool met, const QString &message) {
            if (!met)
                printError(message);
            finishLater(met ? CliOk : CliFailed);
        });
        connect(waiter, &ReplicationWaiter::waiting, this, [this, condition](const QString &why) {
            printProgress(QStringLiteral("waiting for %1 to be %2: %3")
                              .arg(mRelationship,
                                  *condition == ReplicationWaiter::Condition::Synced ? QStringLiteral("synced")
                                                                                     : QStringLiteral("healthy"),
                                  why));
        });
        waiter->start();
    };
    // Ready only once the watches have listed: connect first, then start the watches.
    connect(mMonitor, &RelationshipMonitor::ready, this, startWaiting, Qt::SingleShotConnection);
    mMonitor->start();
}

void ReplicationCommand::runStatus(const QCommandLineParser &parser)
{
    const QString format = parser.value(ReplicationFlags::name(Flag::Output));
    if (!format.isEmpty() && format != QLatin1String("json") && format != QLatin1String("yaml")) {
        usageError(QStringLiteral("unknown output format \"%1\": use json or yaml").arg(format));
        return;
    }
    const bool watch = parser.isSet(ReplicationFlags::name(Flag::Watch));
    mMonitor = mEngine->monitor(mRelationship, this);
    const auto print = [this, format] {
        const ReplicationStatus s = mMonitor->status();
        // The last syncs seen by this machine (the local history), newest last.
        QList<SyncRecord> history = mMonitor->history();
        if (history.size() > 10)
            history = history.mid(history.size() - 10);
        if (format == QLatin1String("json") || format == QLatin1String("yaml")) {
            QVariantMap m = s.toVariantMap();
            m.insert(QStringLiteral("name"), mRelationship);
            QVariantList records;
            for (const SyncRecord &r : std::as_const(history))
                records.append(QVariantMap {{QStringLiteral("start"), r.start.toString(Qt::ISODateWithMs)},
                    {QStringLiteral("end"), r.end.toString(Qt::ISODateWithMs)},
                    {QStringLiteral("durationMs"), r.durationMs}, {QStringLiteral("result"), r.result},
                    {QStringLiteral("manual"), r.manual}});
            if (!records.isEmpty())
                m.insert(QStringLiteral("history"), records);
            if (format == QLatin1String("json"))
                printOut(
                    QString::fromUtf8(QJsonDocument(QJsonObject::fromVariantMap(m)).toJson(QJsonDocument::Indented)));
            else
                printOut(QString::fromUtf8(YamlTree::write(m)) + QStringLiteral("---\n"));
        } else {
            QString text = statusText(mMonitor->relationship(), s);
            if (!history.isEmpty()) {
                text += QStringLiteral("Recent syncs:\n");
                for (const SyncRecord &r : std::as_const(history))
                    text += QStringLiteral("  %1  %2  %3%4\n")
                                .arg(r.end.toString(Qt::ISODate), formatGoDuration(r.durationMs * 1000000), r.result,
                                    r.manual ? QStringLiteral(" (manual)") : QString());
            }
            printOut(text + QLatin1Char('\n'));
        }
    };
    auto *failTimer = new QTimer(this);
    failTimer->setSingleShot(true);
    connect(mMonitor, &RelationshipMonitor::errorOccurred, this, [this, watch, failTimer](const QString &message) {
        if (!mMonitor->relationship().id.isEmpty() && watch) {
            printProgress(QStringLiteral("Warning: ") + sentenceText(message));
            return;
        }
        if (mMonitor->relationship().id.isEmpty()) {
            printError(message);
            finishLater(CliFailed);
            return;
        }
        // Keep the first error; fail if the clusters stay unreachable.
        if (!failTimer->isActive()) {
            connect(failTimer, &QTimer::timeout, this, [this, message] {
                printError(message);
                finishLater(CliFailed);
            });
            failTimer->start(5000);
        }
    });
    connect(mMonitor, &RelationshipMonitor::ready, this, [this, watch, print, failTimer] {
        failTimer->stop();
        print();
        if (!watch)
            finishLater(CliOk);
    });
    if (watch) {
        connect(mMonitor, &RelationshipMonitor::statusChanged, this, [this, print] {
            if (mMonitor->isReady())
                print();
        });
    }
    mMonitor->start();
}
