// SPDX-License-Identifier: GPL-3.0-or-later
#include "statuscommand.h"

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
    return QStringLiteral("Usage: volsyncctl status --all [-o table|json] [--context NAME]... [--timeout SECONDS]\n"
                          "Exit code: 0 when no replication is late, critical or failing, 1 otherwise.\n"
                          "One relationship's details: volsyncctl replication -r NAME status\n");
}

QString side(const QString &context, const QString &ns, const QString &name)
{
    return name.isEmpty() ? QStringLiteral("-") : QStringLiteral("%1/%2/%3").arg(context, ns, name);
}

QString formatTable(const QList<QStringList> &rows)
{
    // Like kubectl's tabwriter: minimum width 6, padding 3, last column unpadded.
    const qsizetype columns = rows.isEmpty() ? 0 : rows.constFirst().size();
    QList<qsizetype> widths(columns, 0);
    for (const QStringList &cells : rows) {
        for (qsizetype i = 0; i + 1 < columns; ++i)
            widths[i] = std::max(widths[i], std::max<qsizetype>(6, cells.at(i).size() + 3));
    }
    QString text;
    for (const QStringList &cells : rows) {
        QString line;
        for (qsizetype i = 0; i < columns; ++i)
            line += i + 1 < columns ? cells.at(i).leftJustified(widths.at(i)) : cells.at(i);
        while (line.endsWith(QLatin1Char(' ')))
            line.chop(1);
        text += line + QLatin1Char('\n');
    }
    return text;
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
    return formatTable(rows);
}

int StatusCommand::exitCodeFor(const QList<FleetEntry> &entries)
{
    const bool alarming = std::any_of(
        entries.cbegin(), entries.cend(), [](const FleetEntry &e) { return RpoHealth::isAlarming(e.health.state); });
    return alarming ? CliFailed : CliOk;
}

void StatusCommand::start(const CliGlobals &globals, const QStringList &arguments)
{
    const auto usageError = [this](const QString &text) {
        printError(text);
        printOut(usage());
        QTimer::singleShot(0, this, [this] { Q_EMIT finished(CliUsage); });
    };
    bool all = false;
    int timeoutMs = 30000;
    QStringList contexts;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        QString output;
        if (arg == QLatin1String("--all") || arg == QLatin1String("-A")) {
            all = true;
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
        if (arg == QLatin1String("--timeout")) {
            bool ok = false;
            const double seconds = i + 1 < arguments.size() ? arguments.at(++i).toDouble(&ok) : 0;
            if (!ok || seconds <= 0)
                return usageError(QStringLiteral("--timeout needs a number of seconds"));
            timeoutMs = int(seconds * 1000);
            continue;
        }
        if (arg == QLatin1String("-o") || arg == QLatin1String("--output")) {
            if (i + 1 >= arguments.size())
                return usageError(QStringLiteral("%1 needs a value (table or json)").arg(arg));
            output = arguments.at(++i);
        } else if (arg.startsWith(QLatin1String("-o=")) || arg.startsWith(QLatin1String("--output="))) {
            output = arg.section(QLatin1Char('='), 1);
        } else if (arg.startsWith(QLatin1String("-o")) && arg.size() > 2) {
            output = arg.mid(2);
        } else {
            return usageError(QStringLiteral("unknown argument %1").arg(arg));
        }
        if (output == QLatin1String("json"))
            mJson = true;
        else if (output == QLatin1String("table"))
            mJson = false;
        else
            return usageError(QStringLiteral("unknown output format \"%1\" (use table or json)").arg(output));
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
    QTimer::singleShot(0, this, [this, code] {
        mMonitor->stop();
        Q_EMIT finished(code);
    });
}
