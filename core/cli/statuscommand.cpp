// SPDX-License-Identifier: GPL-3.0-or-later
#include "statuscommand.h"

#include "clitable.h"
#include "engine/fleetmonitor.h"
#include "engine/relationshipstore.h"
#include "kube/kubesession.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <algorithm>

namespace {

QString usage()
{
    return QStringLiteral(
        "Usage: volsyncctl status --all [-o table|json] [--context NAME]... [--timeout SECONDS] [-w|--watch]\n"
        "Exit code: 0 when no replication is late, critical or failing, 1 otherwise.\n"
        "-w, --watch: after the table, one line per change of health (late, critical, failing, recovered) as it\n"
        "happens, until interrupted (with -o json: one JSON object per line).\n"
        "One relationship's details: volsyncctl replication -r NAME status\n");
}

QString side(const QString &context, const QString &ns, const QString &name)
{
    return name.isEmpty() ? QStringLiteral("-") : QStringLiteral("%1/%2/%3").arg(context, ns, name);
}

} // namespace

QString StatusCommand::table(const QList<FleetEntry> &entries)
{
    QList<QStringList> rows {{QStringLiteral("NAME"), QStringLiteral("KIND"), QStringLiteral("MOVER"),
        QStringLiteral("SOURCE → DESTINATION"), QStringLiteral("HEALTH"), QStringLiteral("LAG"),
        QStringLiteral("INTERVAL"), QStringLiteral("LAST RESULT"), QStringLiteral("NEXT SYNC")}};
    for (const FleetEntry &e : entries) {
        QString health = RpoHealth::stateName(e.health.state);
        if (e.health.state == RpoState::Unknown && e.lastKnownState != RpoState::Unknown)
            health += QStringLiteral(" (was %1)").arg(RpoHealth::stateName(e.lastKnownState));
        if (e.health.missedIntervals > 0 && RpoHealth::isAlarming(e.health.state))
            health += QStringLiteral(", %1 missed").arg(e.health.missedIntervals);
        rows.append({e.name, e.kindName(), e.mover.isEmpty() ? QStringLiteral("-") : e.mover,
            QStringLiteral("%1 → %2").arg(side(e.sourceContext, e.sourceNamespace, e.sourceName),
                side(e.destinationContext, e.destinationNamespace, e.destinationName)),
            health, RpoHealth::formatSeconds(e.health.lagSeconds),
            e.health.intervalSeconds > 0 ? RpoHealth::formatSeconds(e.health.intervalSeconds) : QStringLiteral("-"),
            e.lastResult.isEmpty() ? QStringLiteral("-") : e.lastResult,
            e.nextSyncTime.isValid() ? e.nextSyncTime.toUTC().toString(Qt::ISODate) : QStringLiteral("-")});
    }
    return CliTable::format(rows);
}

QString StatusCommand::transitionLine(const FleetTransition &transition, const QDateTime &at, bool json)
{
    const QString time = at.toUTC().toString(Qt::ISODate);
    if (!json)
        return QStringLiteral("%1  %2 → %3  %4\n")
            .arg(time, RpoHealth::stateName(transition.from), RpoHealth::stateName(transition.to), transition.message);
    const FleetEntry &e = transition.entry;
    QJsonObject object {{QStringLiteral("time"), time}, {QStringLiteral("name"), e.name},
        {QStringLiteral("kind"), e.kindName()}, {QStringLiteral("clusters"), e.clusterPair()},
        {QStringLiteral("from"), RpoHealth::stateName(transition.from)},
        {QStringLiteral("to"), RpoHealth::stateName(transition.to)},
        {QStringLiteral("recovered"), transition.isRecovery()}, {QStringLiteral("message"), transition.message}};
    if (e.health.lagSeconds >= 0)
        object.insert(QStringLiteral("lagSeconds"), e.health.lagSeconds);
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)) + QLatin1Char('\n');
}

int StatusCommand::exitCodeFor(const QList<FleetEntry> &entries)
{
    const bool alarming = std::any_of(
        entries.cbegin(), entries.cend(), [](const FleetEntry &e) { return RpoHealth::isAlarming(e.health.state); });
    return alarming ? CliFailed : CliOk;
}

void StatusCommand::start(const CliGlobals &globals, const QStringList &arguments)
{
    bool all = false;
    int timeoutMs = 30000;
    QStringList contexts;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if (arg == QLatin1String("--all") || arg == QLatin1String("-A")) {
            all = true;
            continue;
        }
        if (arg == QLatin1String("--watch") || arg == QLatin1String("-w")) {
            mWatch = true;
            continue;
        }
        if (arg == QLatin1String("-h") || arg == QLatin1String("--help")) {
            printOut(usage());
            QTimer::singleShot(0, this, [this] { Q_EMIT finished(CliOk); });
            return;
        }
        if (arg == QLatin1String("--context")) {
            if (i + 1 >= arguments.size())
                return usageError(QStringLiteral("--context needs a context name"));
            contexts.append(arguments.at(++i));
            continue;
        }
        if (arg.startsWith(QLatin1String("--context="))) {
            contexts.append(arg.section(QLatin1Char('='), 1));
            continue;
        }
        QString error;
        const FlagRead output = readOutputFlag(arguments, &i, &mJson, &error);
        const FlagRead timeout
            = output == FlagRead::NotThisFlag ? readTimeoutFlag(arguments, &i, &timeoutMs, &error) : output;
        if (output == FlagRead::Invalid || timeout == FlagRead::Invalid)
            return usageError(error);
        if (output == FlagRead::NotThisFlag && timeout == FlagRead::NotThisFlag)
            return usageError(QStringLiteral("unknown argument %1").arg(arg));
    }
    if (!all)
        return usageError(
            QStringLiteral("status needs --all (the fleet); one relationship: replication -r NAME status"));

    const RelationshipStore store(globals.configDir);
    const RelationshipStore::Listing listing = store.list();
    for (const QString &problem : listing.problems)
        printError(problem);
    mSession = new KubeSession(KubeConfig::LoadOptions {globals.kubeconfig, std::nullopt, std::nullopt}, this);
    if (!globals.context.isEmpty() && contexts.isEmpty())
        contexts.append(globals.context);
    for (const QString &context : std::as_const(contexts)) {
        if (!mSession->config().contextNames().contains(context)) {
            printError(QStringLiteral("context \"%1\" is not in the kubeconfig").arg(context));
            QTimer::singleShot(0, this, [this] { Q_EMIT finished(CliUsage); });
            return;
        }
    }
    mMonitor = new FleetMonitor(mSession, this);
    mMonitor->setRelationships(listing.relationships);
    // One look: contexts are probed at once, and an unreachable one is not waited for longer than the timeout.
    mMonitor->setIntervals(1000, 2000);
    connect(mMonitor, &FleetMonitor::ready, this, &StatusCommand::finish);
    mTimeout = new QTimer(this);
    mTimeout->setSingleShot(true);
    connect(mTimeout, &QTimer::timeout, this, [this] {
        printError(QStringLiteral("not every context answered within the timeout: %1")
                       .arg(mMonitor->contexts().join(QStringLiteral(", "))));
        Q_EMIT finished(CliFailed);
    });
    mTimeout->start(timeoutMs);
    mMonitor->start(contexts);
}

void StatusCommand::finish()
{
    mTimeout->stop();
    mMonitor->disconnect(this);
    const QList<FleetEntry> entries = mMonitor->entries();
    for (const QString &note : mMonitor->notes())
        printError(note);
    if (mJson) {
        QJsonArray array;
        for (const FleetEntry &entry : entries)
            array.append(QJsonObject::fromVariantMap(entry.toVariantMap()));
        printOut(QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented)));
    } else if (entries.isEmpty()) {
        printOut(QStringLiteral("No VolSync replications found.\n"));
    } else {
        printOut(table(entries));
    }
    const int code = exitCodeFor(entries);
    if (mWatch) {
        // The monitor's transitions from now on, as they happen (judged again every 10 s as time passes, contexts
        // probed every 15 s, as in the desktop).
        mMonitor->setIntervals(10000, 15000);
        connect(mMonitor, &FleetMonitor::transitioned, this, [this](const FleetTransition &transition) {
            printOut(transitionLine(transition, QDateTime::currentDateTimeUtc(), mJson));
        });
        return;
    }
    QTimer::singleShot(0, this, [this, code] {
        mMonitor->stop();
        Q_EMIT finished(code);
    });
}
