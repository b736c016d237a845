// SPDX-License-Identifier: GPL-3.0-or-later
#include "alertscommand.h"

#include "engine/relationshiprpotarget.h"
#include "engine/relationshipstore.h"
#include "engine/rpohealth.h"
#include "kube/kubeconfig.h"

#include <QMap>
#include <QTimer>

#include <algorithm>
#include <tuple>

namespace {

QString usage()
{
    return QStringLiteral("Usage: volsyncctl alerts export [--format prometheus]\n"
                          "Prints a PrometheusRule per source context (apply it where that cluster's Prometheus "
                          "reads rules, e.g. kubectl --context CONTEXT apply -f -).\n");
}

/// Prometheus durations: whole minutes ("90m"), at least one.
QString promDuration(qint64 seconds)
{
    return QStringLiteral("%1m").arg(std::max<qint64>(1, (seconds + 59) / 60));
}

QString quoted(const QString &text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

/// The expected interval of a relationship: its RPO target, else its schedule's (as RpoHealth judges it now).
qint64 intervalOf(const ReplicationRelationship &rel)
{
    if (const qint64 target = RelationshipRpoTarget::of(rel))
        return target;
    RpoInput input;
    input.schedule = rel.source && rel.source->trigger.schedule ? *rel.source->trigger.schedule : QString();
    input.lastSyncTime = QDateTime::currentDateTimeUtc();
    return RpoHealth::evaluate(input, input.lastSyncTime).intervalSeconds;
}

} // namespace

QString AlertsCommand::prometheusRules(
    const QList<ReplicationRelationship> &relationships, const QString &currentContext)
{
    QMap<QString, QString> rulesByContext; // source context -> rule lines
    QMap<QString, QStringList> skippedByContext;
    for (const ReplicationRelationship &rel : relationships) {
        if (!rel.source)
            continue;
        const QString context = rel.source->cluster.isEmpty() ? currentContext : rel.source->cluster;
        const bool scheduled = rel.source->trigger.schedule && !rel.source->trigger.schedule->isEmpty();
        const qint64 interval = intervalOf(rel);
        if (!scheduled || interval <= 0) {
            skippedByContext[context].append(rel.name);
            continue;
        }
        const QString selector
            = QStringLiteral("volsync_volume_out_of_sync{obj_namespace=%1,obj_name=%2,role=\"source\"}")
                  .arg(quoted(rel.source->namespaceName), quoted(rel.source->rsName));
        const QString missed
            = QStringLiteral("volsync_missed_intervals_total{obj_namespace=%1,obj_name=%2,role=\"source\"}")
                  .arg(quoted(rel.source->namespaceName), quoted(rel.source->rsName));
        QString &lines = rulesByContext[context];
        // VolSync raises out-of-sync when a scheduled sync did not finish before the next: held for one more
        // interval the copy is more than twice the interval old (late), for two more, three times (critical).
        for (const auto &[severity, holdIntervals, times] :
            {std::tuple {QStringLiteral("warning"), 1, QStringLiteral("twice")},
                std::tuple {QStringLiteral("critical"), 2, QStringLiteral("three times")}}) {
            const QString alert = severity == QLatin1String("warning") ? QStringLiteral("VolSyncRelationshipLate")
                                                                       : QStringLiteral("VolSyncRelationshipCritical");
            lines += QStringLiteral("        - alert: %1\n").arg(alert);
            lines += QStringLiteral("          expr: '%1 == 1'\n").arg(selector);
            lines += QStringLiteral("          for: %1\n").arg(promDuration(holdIntervals * interval));
            lines += QStringLiteral("          labels:\n            severity: %1\n            relationship: %2\n")
                         .arg(severity, quoted(rel.name));
            lines += QStringLiteral("          annotations:\n");
            lines
                += QStringLiteral("            summary: %1\n")
                       .arg(quoted(QStringLiteral("VolSync relationship %1 is more than %2 as old as its interval (%3)")
                                       .arg(rel.name, times, RpoHealth::formatSeconds(interval))));
            lines += QStringLiteral("            description: %1\n")
                         .arg(quoted(QStringLiteral("ReplicationSource %1/%2 has missed {{ $value }} interval(s); see "
                                                    "volsyncctl replication -r %3 status")
                                         .arg(rel.source->namespaceName, rel.source->rsName, rel.name)));
        }
        lines += QStringLiteral("        - alert: VolSyncRelationshipMissedIntervals\n");
        lines += QStringLiteral("          expr: 'increase(%1[%2]) >= 2'\n").arg(missed, promDuration(3 * interval));
        lines += QStringLiteral("          labels:\n            severity: warning\n            relationship: %1\n")
                     .arg(quoted(rel.name));
        lines += QStringLiteral("          annotations:\n            summary: %1\n")
                     .arg(quoted(QStringLiteral("VolSync relationship %1 missed two scheduled syncs within three "
                                                "intervals")
                                     .arg(rel.name)));
    }
    QString text;
    QStringList contexts = rulesByContext.keys() + skippedByContext.keys();
    contexts.removeDuplicates();
    contexts.sort();
    for (const QString &context : std::as_const(contexts)) {
        if (!text.isEmpty())
            text += QStringLiteral("---\n");
        text += QStringLiteral("# For context %1: kubectl --context %1 apply -f -\n").arg(context);
        for (const QString &name : skippedByContext.value(context))
            text += QStringLiteral("# %1: no schedule, so VolSync exports no out-of-sync metric for it (no rule)\n")
                        .arg(name);
        if (!rulesByContext.contains(context))
            continue;
        text += QStringLiteral("apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n"
                               "  name: volsync-relationships\n  labels:\n"
                               "    app.kubernetes.io/managed-by: volsyncctl\n"
                               "spec:\n  groups:\n    - name: volsync-relationships\n      rules:\n");
        text += rulesByContext.value(context);
    }
    return text;
}

void AlertsCommand::start(const CliGlobals &globals, const QStringList &arguments)
{
    const auto finishWith = [this](int code) { QTimer::singleShot(0, this, [this, code] { Q_EMIT finished(code); }); };
    if (arguments.contains(QStringLiteral("-h")) || arguments.contains(QStringLiteral("--help"))) {
        printOut(usage());
        return finishWith(CliOk);
    }
    if (arguments.value(0) != QLatin1String("export")) {
        printError(QStringLiteral("missing command: alerts export"));
        printOut(usage());
        return finishWith(CliUsage);
    }
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        QString format;
        if (arg == QLatin1String("--format") && i + 1 < arguments.size())
            format = arguments.at(++i);
        else if (arg.startsWith(QLatin1String("--format=")))
            format = arg.section(QLatin1Char('='), 1);
        else {
            printError(QStringLiteral("unknown argument %1").arg(arg));
            printOut(usage());
            return finishWith(CliUsage);
        }
        if (format != QLatin1String("prometheus")) {
            printError(QStringLiteral("unknown format \"%1\": only prometheus is supported").arg(format));
            return finishWith(CliUsage);
        }
    }
    const RelationshipStore store(globals.configDir);
    const RelationshipStore::Listing listing = store.list();
    for (const QString &problem : listing.problems)
        printError(problem);
    KubeConfig::LoadOptions options;
    options.explicitPath = globals.kubeconfig;
    const KubeConfig config = KubeConfig::load(options);
    const QString text = prometheusRules(listing.relationships, config.currentContext());
    printOut(text.isEmpty() ? QStringLiteral("# No relationships: nothing to alert on.\n") : text);
    finishWith(listing.problems.isEmpty() ? CliOk : CliFailed);
}
