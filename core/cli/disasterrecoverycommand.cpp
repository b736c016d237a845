// SPDX-License-Identifier: GPL-3.0-or-later
#include "disasterrecoverycommand.h"

#include "common/godurations.h"
#include "common/redaction.h"
#include "common/terminaltext.h"
#include "engine/disasterrecovery.h"
#include "engine/operationtracker.h"
#include "engine/relationshipstore.h"
#include "engine/replicationendtestjob.h"
#include "engine/replicationengine.h"
#include "engine/replicationfailbackjob.h"
#include "engine/replicationfailoverjob.h"
#include "engine/replicationflags.h"
#include "engine/restorepointsjob.h"
#include "kube/kubesession.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <cstdio>
#include <limits>

namespace {

const QStringList kSubcommands {QStringLiteral("failover"), QStringLiteral("test-failover"), QStringLiteral("end-test"),
    QStringLiteral("restore-points"), QStringLiteral("failback")};

void printProgress(const QString &text)
{
    const QByteArray bytes = terminalSafeText(redactUrlsInText(text)).toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

} // namespace

DisasterRecoveryCommand::DisasterRecoveryCommand(QObject *parent)
    : CliCommand(parent)
{ }

DisasterRecoveryCommand::~DisasterRecoveryCommand() = default;

QString DisasterRecoveryCommand::name() const
{
    return QStringLiteral("replication");
}

QString DisasterRecoveryCommand::summary() const
{
    return QStringLiteral("Fail over, test a failover and manage restore points");
}

bool DisasterRecoveryCommand::handles(const QString &subcommand)
{
    return kSubcommands.contains(subcommand);
}

void DisasterRecoveryCommand::releaseClients()
{
    delete mEngine;
    mEngine = nullptr;
    delete mSession;
    mSession = nullptr;
}

void DisasterRecoveryCommand::start(const CliGlobals &globals, const QStringList &arguments)
{
    mGlobals = globals;
    mParser = std::make_unique<QCommandLineParser>();
    QCommandLineParser &parser = *mParser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    // The flags of every disaster-recovery subcommand, from the one flag table (the subcommand is known only
    // once parsed).
    using Flag = ReplicationFlags::Flag;
    const QList<Flag> flags = ReplicationFlags::flagsOfAny(kSubcommands);
    for (const Flag flag : flags)
        parser.addOption(ReplicationFlags::commandLineOption(flag, QString()));
    QStringList rest {QStringLiteral("volsyncctl replication")};
    rest += arguments;
    if (!parser.parse(rest)) {
        usageError(parser.errorText());
        return;
    }
    QStringList positional = parser.positionalArguments();
    const QString sub = positional.isEmpty() ? QString() : positional.takeFirst();
    mRelationship = parser.value(QStringLiteral("relationship"));
    if (mRelationship.isEmpty()) {
        usageError(QStringLiteral("required flag(s) \"relationship\" not set"));
        return;
    }
    if (const auto problem = RelationshipStore::validateName(mRelationship)) {
        usageError(*problem);
        return;
    }
    if (sub != QLatin1String("restore-points") && !positional.isEmpty()) {
        usageError(QStringLiteral("unexpected argument \"%1\"").arg(positional.constFirst()));
        return;
    }
    // Each subcommand takes the flags the table gives it.
    const QList<Flag> accepted = ReplicationFlags::flagsOf(sub);
    for (const Flag flag : std::as_const(flags)) {
        if (flag != Flag::Relationship && !accepted.contains(flag) && parser.isSet(ReplicationFlags::name(flag))) {
            usageError(
                QStringLiteral("unknown flag: %1 (%2 does not take it)").arg(ReplicationFlags::option(flag), sub));
            return;
        }
    }
    mSession = new KubeSession(KubeConfig::LoadOptions {globals.kubeconfig, std::nullopt, std::nullopt}, this);
    mEngine = new ReplicationEngine(mSession, globals.configDir, this);
    mTracker = new OperationTracker(this);
    connect(mTracker, &OperationTracker::progress, this, [](int, ReplicationJob::Step step, const QString &message) {
        if (step != ReplicationJob::Step::Validate && !message.isEmpty())
            printProgress(message);
    });
    if (sub == QLatin1String("failover") || sub == QLatin1String("test-failover"))
        runFailover(sub);
    else if (sub == QLatin1String("end-test"))
        runEndTest();
    else if (sub == QLatin1String("failback"))
        track(DisasterRecovery::failback(mEngine, mRelationship, parser.value(QStringLiteral("reverse-name"))),
            QStringLiteral("Fail back of %1").arg(mRelationship));
    else
        runRestorePoints(positional);
}

void DisasterRecoveryCommand::runFailover(const QString &sub)
{
    const QCommandLineParser &parser = *mParser;
    FailoverOptions options;
    const bool planned = parser.isSet(QStringLiteral("planned"));
    const bool unplanned = parser.isSet(QStringLiteral("unplanned"));
    if (sub == QLatin1String("test-failover")) {
        if (planned || unplanned) {
            usageError(
                QStringLiteral("test-failover takes neither --planned nor --unplanned: replication keeps running"));
            return;
        }
        options.mode = FailoverOptions::Mode::Test;
    } else if (planned && unplanned) {
        usageError(QStringLiteral("--planned and --unplanned exclude each other"));
        return;
    } else {
        options.mode = unplanned ? FailoverOptions::Mode::Unplanned : FailoverOptions::Mode::Planned;
    }
    if (parser.isSet(QStringLiteral("to"))) {
        QString error;
        const auto target = FailoverOptions::parseTarget(parser.value(QStringLiteral("to")), &error);
        if (!target) {
            usageError(QStringLiteral("invalid --to: %1").arg(error));
            return;
        }
        options.target = target;
    }
    options.restorePoint = parser.value(QStringLiteral("restore-point"));
    options.keepRestorePoint = parser.isSet(QStringLiteral("keep-restore-point"));
    options.createNamespace = parser.isSet(QStringLiteral("create-namespace"));
    options.dryRun = parser.isSet(QStringLiteral("dry-run"));
    if (parser.isSet(QStringLiteral("timeout"))) {
        const auto ns = parseGoDuration(parser.value(QStringLiteral("timeout")));
        if (!ns || *ns <= 0 || *ns / 1000000 > std::numeric_limits<int>::max()) {
            usageError(QStringLiteral("invalid --timeout \"%1\": use a duration such as 90s, 10m or 1h30m")
                           .arg(parser.value(QStringLiteral("timeout"))));
            return;
        }
        options.timeoutMs = int(*ns / 1000000);
    }
    ReplicationFailoverJob *job = DisasterRecovery::failover(mEngine, mRelationship, options);
    track(job,
        sub == QLatin1String("failover") ? QStringLiteral("Failover of %1").arg(mRelationship)
                                         : QStringLiteral("Test failover of %1").arg(mRelationship));
}

void DisasterRecoveryCommand::runEndTest()
{
    const QCommandLineParser &parser = *mParser;
    EndTestOptions options;
    options.dryRun = parser.isSet(QStringLiteral("dry-run"));
    if (parser.isSet(QStringLiteral("to"))) {
        const QString text = parser.value(QStringLiteral("to"));
        QString error;
        std::optional<ObjectName> target = text.contains(QLatin1Char('/'))
            ? ObjectName::parse(text, &error)
            : std::optional<ObjectName>(ObjectName {QString(), QString(), text});
        if (!target) {
            usageError(error);
            return;
        }
        options.target = target;
    }
    track(DisasterRecovery::endTest(mEngine, mRelationship, options),
        QStringLiteral("End test of %1").arg(mRelationship));
}

void DisasterRecoveryCommand::runRestorePoints(const QStringList &positional)
{
    const QCommandLineParser &parser = *mParser;
    if (!positional.isEmpty()) {
        const QString verb = positional.constFirst();
        RestorePointJob::Action action = RestorePointJob::Action::Keep;
        if (verb == QLatin1String("release"))
            action = RestorePointJob::Action::Release;
        else if (verb == QLatin1String("delete"))
            action = RestorePointJob::Action::Delete;
        else if (verb != QLatin1String("keep")) {
            usageError(QStringLiteral("unknown restore-points command \"%1\": keep, release or delete").arg(verb));
            return;
        }
        if (positional.size() != 2) {
            usageError(QStringLiteral("restore-points %1 takes one snapshot name").arg(verb));
            return;
        }
        track(DisasterRecovery::restorePoint(mEngine, mRelationship, positional.at(1), action),
            QStringLiteral("Restore point %1 of %2").arg(verb, mRelationship));
        return;
    }
    const QString format = parser.value(QStringLiteral("output"));
    if (!format.isEmpty() && format != QLatin1String("json")) {
        usageError(QStringLiteral("unknown output format \"%1\": use json").arg(format));
        return;
    }
    QPointer<RestorePointsJob> job = DisasterRecovery::restorePoints(mEngine, mRelationship);
    const int id = mTracker->run(job, OperationTracker::Kind::Other, mRelationship, QStringLiteral("Restore points"));
    connect(mTracker, &OperationTracker::finished, this,
        [this, id, job, format](int finishedId, const ReplicationResult &result) {
            if (finishedId != id)
                return;
            if (!result.ok() || !job) {
                printError(result.error);
                finishLater(result.exitCode());
                return;
            }
            const RestorePoints points = job->restorePoints();
            if (format == QLatin1String("json")) {
                QJsonArray array;
                for (const RestorePoint &point : points)
                    array.append(QJsonObject::fromVariantMap(point.toVariantMap()));
                printOut(QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented)));
            } else {
                QString out
                    = QStringLiteral("%1 %2 %3 %4 %5\n")
                          .arg(QStringLiteral("NAME").leftJustified(40), QStringLiteral("CREATED").leftJustified(21),
                              QStringLiteral("SIZE").leftJustified(8), QStringLiteral("READY").leftJustified(6),
                              QStringLiteral("STATE"));
                for (const RestorePoint &point : points) {
                    out += QStringLiteral("%1 %2 %3 %4 %5\n")
                               .arg(point.name.leftJustified(40),
                                   point.creationTime.toString(Qt::ISODate).leftJustified(21),
                                   point.restoreSize.leftJustified(8),
                                   (point.readyToUse ? QStringLiteral("true") : QStringLiteral("false"))
                                       .leftJustified(6),
                                   point.state());
                }
                if (points.isEmpty())
                    out = QStringLiteral("%1 has no restore points yet\n").arg(mRelationship);
                printOut(out);
            }
            finishLater(CliOk);
        });
}

void DisasterRecoveryCommand::track(ReplicationJob *job, const QString &description)
{
    QPointer<ReplicationJob> guard(job);
    const int id = mTracker->run(job, OperationTracker::Kind::Other, mRelationship, description);
    connect(mTracker, &OperationTracker::finished, this,
        [this, id, guard](int finishedId, const ReplicationResult &result) {
            if (finishedId != id)
                return;
            QString report;
            for (const ObjectResult &o : result.objects)
                report += o.toString() + QLatin1Char('\n');
            for (const QString &note : result.notes)
                report += note + QLatin1Char('\n');
            if (!report.isEmpty())
                printOut(report);
            if (!result.ok()) {
                const auto *failover = qobject_cast<const ReplicationFailoverJob *>(guard.data());
                if (failover && !failover->findings().isEmpty()) {
                    QString lines;
                    for (const ReplicationFinding &finding : failover->findings())
                        lines += QStringLiteral("%1 [%2]\n")
                                     .arg(finding.text(), ReplicationFinding::kindName(finding.kind));
                    printError(QStringLiteral("%1 cannot go ahead; nothing was changed:\n%2")
                                   .arg(mRelationship, lines.trimmed()));
                } else {
                    printError(result.error);
                }
            }
            finishLater(result.exitCode());
        });
}
