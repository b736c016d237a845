// SPDX-License-Identifier: GPL-3.0-or-later
#include "troubleshootcommand.h"

#include "common/appinfo.h"
#include "common/regularfile.h"
#include "common/terminaltext.h"
#include "engine/moverlogfollower.h"
#include "engine/relationshipstore.h"
#include "engine/replicationdiagnosis.h"
#include "engine/replicationengine.h"
#include "engine/replicationflags.h"
#include "engine/replicationjob.h"
#include "engine/supportbundle.h"
#include "engine/troubleshootevent.h"
#include "engine/troubleshootmonitor.h"
#include "engine/troubleshoottimeline.h"
#include "kube/kubesession.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>

namespace {

// The log as it comes: no line ends added, control characters made harmless.
void writeLog(const QString &text)
{
    const QByteArray bytes = terminalSafeText(text).toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

} // namespace

TroubleshootCommand::TroubleshootCommand(QObject *parent)
    : CliCommand(parent)
{ }

TroubleshootCommand::~TroubleshootCommand() = default;

QString TroubleshootCommand::name() const
{
    return QStringLiteral("replication");
}

QString TroubleshootCommand::summary() const
{
    return QStringLiteral("Why a replication fails: mover logs, events, diagnosis");
}

QStringList TroubleshootCommand::verbs()
{
    return {QStringLiteral("logs"), QStringLiteral("events"), QStringLiteral("timeline"), QStringLiteral("diagnose"),
        QStringLiteral("bundle"), QStringLiteral("debug-mover")};
}

std::optional<TroubleshootTarget> TroubleshootCommand::parseObject(const QString &text, QString *error)
{
    QStringList parts = text.split(QLatin1Char('/'));
    if (parts.size() == 3) {
        parts.prepend(QString());
    }
    if (parts.size() != 4 || parts.at(1).isEmpty() || parts.at(2).isEmpty() || parts.at(3).isEmpty()) {
        *error = QStringLiteral("--object is not in the format [CONTEXT/]NAMESPACE/KIND/NAME: %1").arg(text);
        return std::nullopt;
    }
    const QString kind = parts.at(2).toLower();
    TroubleshootTarget target;
    if (kind == QLatin1String("rs") || kind == QLatin1String("replicationsource")
        || kind == QLatin1String("replicationsources")) {
        target.role = QStringLiteral("source");
        target.kind = QStringLiteral("ReplicationSource");
    } else if (kind == QLatin1String("rd") || kind == QLatin1String("replicationdestination")
        || kind == QLatin1String("replicationdestinations")) {
        target.role = QStringLiteral("destination");
        target.kind = QStringLiteral("ReplicationDestination");
    } else {
        *error = QStringLiteral("unknown kind \"%1\" in --object: use ReplicationSource (rs) or "
                                "ReplicationDestination (rd)")
                     .arg(parts.at(2));
        return std::nullopt;
    }
    target.context = parts.at(0);
    target.namespaceName = parts.at(1);
    target.name = parts.at(3);
    return target;
}

void TroubleshootCommand::fail(int exitCode, const QString &message)
{
    if (!message.isEmpty()) {
        printError(message);
    }
    finishLater(exitCode);
}

void TroubleshootCommand::start(const CliGlobals &globals, const QStringList &arguments)
{
    mGlobals = globals;
    mParser = std::make_unique<QCommandLineParser>();
    QCommandLineParser &parser = *mParser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    // The flags of every troubleshooting verb, from the one flag table (the verb is known only once parsed).
    using Flag = ReplicationFlags::Flag;
    const QList<Flag> flags = ReplicationFlags::flagsOfAny(verbs());
    for (const Flag flag : flags)
        parser.addOption(ReplicationFlags::commandLineOption(flag, QString()));
    QStringList argv = arguments;
    argv.prepend(QStringLiteral("volsyncctl replication"));
    if (!parser.parse(argv)) {
        usageError(parser.errorText());
        return;
    }
    const QStringList positional = parser.positionalArguments();
    mVerb = positional.value(0);
    const bool debugMover = mVerb == QLatin1String("debug-mover");
    if (debugMover
        && (positional.size() != 2
            || !QStringList {QStringLiteral("on"), QStringLiteral("off")}.contains(positional.value(1)))) {
        usageError(QStringLiteral("debug-mover takes on or off"));
        return;
    }
    if (!verbs().contains(mVerb) || positional.size() != (debugMover ? 2 : 1)) {
        usageError(QStringLiteral("unexpected arguments \"%1\"").arg(positional.join(QLatin1Char(' '))));
        return;
    }
    const QList<Flag> accepted = ReplicationFlags::flagsOf(mVerb);
    for (const Flag flag : flags) {
        if (flag != Flag::Relationship && !accepted.contains(flag) && parser.isSet(ReplicationFlags::name(flag))) {
            usageError(
                QStringLiteral("unknown flag: %1 (%2 does not take it)").arg(ReplicationFlags::option(flag), mVerb));
            return;
        }
    }
    const QString format = parser.value(QStringLiteral("output"));
    if (mVerb == QLatin1String("diagnose") && !format.isEmpty() && format != QLatin1String("json")) {
        usageError(QStringLiteral("diagnose prints text, or JSON with -o json; not \"%1\"").arg(format));
        return;
    }
    const QString side = parser.value(QStringLiteral("side"));
    if (!side.isEmpty() && side != QLatin1String("source") && side != QLatin1String("destination")) {
        usageError(QStringLiteral("--side is source or destination, not \"%1\"").arg(side));
        return;
    }
    mSession = new KubeSession(KubeConfig::LoadOptions {globals.kubeconfig, std::nullopt, std::nullopt}, this);
    mEngine = new ReplicationEngine(mSession, globals.configDir, this);
    mRelationship = parser.value(QStringLiteral("relationship"));
    if (parser.isSet(QStringLiteral("object")) == !mRelationship.isEmpty()) {
        usageError(
            QStringLiteral("name a relationship (-r NAME) or an object (--object [CONTEXT/]NAMESPACE/KIND/NAME)"));
        return;
    }
    if (!mRelationship.isEmpty()) {
        QString error;
        const auto relationship = mEngine->store().load(mRelationship, &error);
        if (!relationship) {
            fail(CliFailed, error);
            return;
        }
        mTargets = TroubleshootCollector::targetsFor(*relationship);
        if (relationship->source && relationship->source->trigger.schedule) {
            mSchedule = *relationship->source->trigger.schedule;
        }
        if (mTargets.isEmpty()) {
            fail(CliFailed,
                QStringLiteral("relationship %1 has neither a source nor a destination yet").arg(mRelationship));
            return;
        }
    } else {
        QString error;
        const auto target = parseObject(parser.value(QStringLiteral("object")), &error);
        if (!target) {
            usageError(error);
            return;
        }
        mTargets = {*target};
    }
    for (TroubleshootTarget &target : mTargets) {
        if (target.context.isEmpty()) {
            target.context = globals.context.isEmpty() ? mSession->config().currentContext() : globals.context;
        }
    }
    if (debugMover) {
        // One side: --side, or the one --object names (the source when -r names both).
        const QString role = side.isEmpty() ? mTargets.first().role : side;
        mTargets.removeIf([&role](const TroubleshootTarget &target) { return target.role != role; });
        if (mTargets.isEmpty()) {
            fail(CliFailed, QStringLiteral("relationship %1 has no %2 yet").arg(mRelationship, role));
            return;
        }
        collect([this, enable = positional.value(1) == QLatin1String("on")](
                    const TroubleshootSnapshot &snapshot) { runDebugMover(snapshot, enable); });
        return;
    }
    if (parser.isSet(QStringLiteral("watch"))) {
        watchEvents();
        return;
    }
    collect([this](const TroubleshootSnapshot &snapshot) {
        if (mVerb == QLatin1String("diagnose")) {
            runDiagnose(snapshot);
        } else if (mVerb == QLatin1String("events")) {
            runEvents(snapshot);
        } else if (mVerb == QLatin1String("timeline")) {
            runTimeline(snapshot);
        } else if (mVerb == QLatin1String("bundle")) {
            runBundle(snapshot);
        } else {
            runLogs(snapshot);
        }
    });
}

void TroubleshootCommand::collect(const std::function<void(const TroubleshootSnapshot &)> &next)
{
    mCollector = new TroubleshootCollector(mSession, mTargets, this);
    mCollector->setRelationship(mRelationship, mSchedule);
    connect(mCollector, &TroubleshootCollector::finished, this, [this, next] { next(mCollector->snapshot()); });
    mCollector->start();
}

void TroubleshootCommand::runDiagnose(const TroubleshootSnapshot &snapshot)
{
    const ReplicationFindings findings = ReplicationDiagnosis::diagnose(snapshot, QDateTime::currentDateTimeUtc());
    bool error = false;
    for (const ReplicationFinding &finding : findings) {
        error = error || finding.severity == ReplicationFinding::Severity::Error;
    }
    QStringList unread;
    for (const std::optional<TroubleshootSide> &side : {snapshot.source, snapshot.destination}) {
        if (side) {
            for (const QString &problem : side->readErrors) {
                unread.append(QStringLiteral("%1 (%2): %3").arg(side->describe(), side->role, problem));
            }
        }
    }
    if (mParser->value(QStringLiteral("output")) == QLatin1String("json")) {
        QJsonArray list;
        for (const ReplicationFinding &finding : findings) {
            list.append(QJsonObject::fromVariantMap(finding.toVariantMap()));
        }
        QJsonObject document {
            {QStringLiteral("findings"), list}, {QStringLiteral("unreadable"), QJsonArray::fromStringList(unread)}};
        printOut(QString::fromUtf8(QJsonDocument(document).toJson(QJsonDocument::Indented)));
    } else {
        QString out;
        if (findings.isEmpty()) {
            out += QStringLiteral("No problem found.\n");
        }
        for (const ReplicationFinding &finding : findings) {
            out += QStringLiteral("%1 %2: %3\n")
                       .arg(ReplicationFinding::severityName(finding.severity).toUpper(),
                           ReplicationFinding::kindName(finding.kind), finding.message);
            if (!finding.evidence.isEmpty()) {
                out += QStringLiteral("  evidence: %1\n").arg(finding.evidence);
            }
            const QString command = finding.fix.commandLine();
            if (!command.isEmpty()) {
                out += QStringLiteral("  fix: %1\n").arg(command);
            } else if (!finding.fix.manualStep.isEmpty()) {
                out += QStringLiteral("  fix: %1\n").arg(finding.fix.manualStep);
            }
        }
        for (const QString &problem : std::as_const(unread)) {
            out += QStringLiteral("could not read: %1\n").arg(problem);
        }
        printOut(out);
    }
    fail(error ? CliFailed : CliOk, QString());
}

void TroubleshootCommand::runEvents(const TroubleshootSnapshot &snapshot)
{
    const QList<TroubleshootEvent> events = TroubleshootEvent::timeline(snapshot);
    QString out;
    for (const TroubleshootEvent &event : events) {
        out += event.text() + QLatin1Char('\n');
    }
    if (events.isEmpty()) {
        out = QStringLiteral("No events.\n");
    }
    printOut(out);
    fail(CliOk, QString());
}

void TroubleshootCommand::runTimeline(const TroubleshootSnapshot &snapshot)
{
    QString out;
    for (const TroubleshootTimelineEntry &entry : TroubleshootTimeline::fromSnapshot(snapshot)) {
        out += entry.text() + QLatin1Char('\n');
    }
    printOut(out.isEmpty() ? QStringLiteral("Nothing happened yet.\n") : out);
    fail(CliOk, QString());
}

void TroubleshootCommand::watchEvents()
{
    // Every Event of both sides as it comes (the namespaces' Event watches), until interrupted.
    mMonitor = new TroubleshootMonitor(mSession, mTargets, this);
    mMonitor->setRelationship(mRelationship, mSchedule, QString());
    mMonitor->setFollowLogs(false);
    if (mVerb == QLatin1String("timeline")) {
        connect(
            mMonitor, &TroubleshootMonitor::timelineAdded, this, [](const QList<TroubleshootTimelineEntry> &entries) {
                QString out;
                for (const TroubleshootTimelineEntry &entry : entries) {
                    out += entry.text() + QLatin1Char('\n');
                }
                writeLog(out);
            });
        mMonitor->start();
        return;
    }
    connect(mMonitor, &TroubleshootMonitor::eventsAdded, this, [](const QList<TroubleshootEvent> &events) {
        QString out;
        for (const TroubleshootEvent &event : events) {
            out += event.text() + QLatin1Char('\n');
        }
        writeLog(out);
    });
    mMonitor->start();
}

void TroubleshootCommand::runLogs(const TroubleshootSnapshot &snapshot)
{
    const QString wanted = mParser->value(QStringLiteral("side"));
    const std::optional<TroubleshootSide> &side
        = wanted == QLatin1String("destination") || (wanted.isEmpty() && !snapshot.source) ? snapshot.destination
                                                                                           : snapshot.source;
    if (!side) {
        fail(CliFailed, QStringLiteral("relationship %1 has no %2 side").arg(mRelationship, wanted));
        return;
    }
    const QString job = side->moverJobName();
    KubeClient *client = ReplicationEngine::clientFor(mSession, side->context);
    mFollower = new MoverLogFollower(client, side->namespaceName, job, this);
    mFollower->setFollow(mParser->isSet(QStringLiteral("follow")));
    mFollower->setPrevious(mParser->isSet(QStringLiteral("previous")));
    mFollower->setIdleTimeoutMs(mParser->isSet(QStringLiteral("follow")) ? 60000 : 0);
    if (mParser->isSet(QStringLiteral("tail"))) {
        bool ok = false;
        const qint64 lines = mParser->value(QStringLiteral("tail")).toLongLong(&ok);
        if (!ok || lines < 0) {
            usageError(
                QStringLiteral("--tail is a number of lines, not \"%1\"").arg(mParser->value(QStringLiteral("tail"))));
            return;
        }
        mFollower->setTailLines(lines);
    }
    connect(mFollower, &MoverLogFollower::text, this, &writeLog);
    connect(mFollower, &MoverLogFollower::runStarted, this, [this](const QString &pod, int restarts) {
        if (mFollower->runsFollowed() > 1) {
            writeLog(QStringLiteral("--- %1 (restarts: %2) ---\n").arg(pod).arg(restarts));
        }
    });
    // Without a mover pod (VolSync deletes a finished Job), what VolSync kept of the last one.
    const QString kept = side->keptMoverLog();
    connect(mFollower, &MoverLogFollower::finished, this, [this, kept, job](const QString &error) {
        if (!error.isEmpty() && mFollower->runsFollowed() == 0 && !kept.isEmpty()) {
            writeLog(QStringLiteral("No pod of mover Job %1 now; the last mover status VolSync kept:\n").arg(job));
            writeLog(kept.endsWith(QLatin1Char('\n')) ? kept : kept + QLatin1Char('\n'));
            fail(CliOk, QString());
            return;
        }
        fail(error.isEmpty() ? CliOk : CliFailed, error);
    });
    mFollower->start();
}

void TroubleshootCommand::runDebugMover(const TroubleshootSnapshot &snapshot, bool enable)
{
    const std::optional<TroubleshootSide> &side = snapshot.source ? snapshot.source : snapshot.destination;
    if (!side || !side->object) {
        const TroubleshootTarget &target = mTargets.first();
        fail(CliFailed,
            QStringLiteral("%1 %2/%3 was not found on %4%5")
                .arg(target.kind, target.namespaceName, target.name, target.context,
                    side && !side->readErrors.isEmpty()
                        ? QStringLiteral(": ") + side->readErrors.join(QStringLiteral("; "))
                        : QString()));
        return;
    }
    const ReplicationFix fix = ReplicationDiagnosis::debugMoverFix(snapshot, *side, enable);
    ReplicationFix undo = fix;
    undo.enable = !enable;
    if (ReplicationDiagnosis::debugMoverOn(*side) == enable) {
        printOut(QStringLiteral("The debug mover of %1 is %2 already.\n")
                     .arg(side->describe(), enable ? QStringLiteral("on") : QStringLiteral("off")));
        fail(CliOk, QString());
        return;
    }
    ReplicationJob *job = mEngine->applyFix(fix);
    connect(job, &ReplicationJob::finished, this, [this, job, fix, undo] {
        const ReplicationResult result = job->result();
        job->deleteLater();
        if (!result.ok()) {
            fail(result.exitCode(), result.error);
            return;
        }
        printOut(fix.description() + QLatin1Char('\n'));
        if (fix.enable) {
            printOut(QStringLiteral("Turn it off with: %1\n").arg(undo.commandLine()));
        }
        fail(CliOk, QString());
    });
    job->start();
}

void TroubleshootCommand::runBundle(const TroubleshootSnapshot &snapshot)
{
    SupportBundleContent content;
    content.snapshot = snapshot;
    content.findings = ReplicationDiagnosis::diagnose(snapshot, QDateTime::currentDateTimeUtc());
    content.appVersion = versionString();
    if (!mRelationship.isEmpty()) {
        QString error;
        QByteArray file;
        if (readRegularFile(mEngine->store().filePath(mRelationship), 1024 * 1024, &file, &error)) {
            content.relationshipFile = file;
        }
    }
    QString path = mParser->value(QStringLiteral("output"));
    if (path.isEmpty()) {
        path = QStringLiteral("volsync-support-%1-%2.tar.gz")
                   .arg(mRelationship.isEmpty() ? mTargets.constFirst().name : mRelationship,
                       snapshot.takenAt.toUTC().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    }
    QString error;
    if (!SupportBundle::write(path, content, &error)) {
        fail(CliFailed, error);
        return;
    }
    printOut(QStringLiteral("Support bundle written to %1 (%2 findings)\n").arg(path).arg(content.findings.size()));
    fail(CliOk, QString());
}
