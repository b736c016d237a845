// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clicommand.h"

#include "engine/replicationrelationship.h"

#include <QList>

/// `volsyncctl alerts export [--format prometheus]`: a PrometheusRule per source context with alerting rules for
/// the relationships, on the metrics the VolSync operator exports (volsync_volume_out_of_sync,
/// volsync_missed_intervals_total; labels obj_name, obj_namespace, role), for teams that monitor with Prometheus.
/// Late after twice the expected interval, critical after three times, as the fleet view judges; relationships
/// without a schedule get no rule (VolSync exports no out-of-sync metric for them) and a comment saying so.
class AlertsCommand : public CliCommand
{
    Q_OBJECT
public:
    using CliCommand::CliCommand;

    [[nodiscard]] QString name() const override { return QStringLiteral("alerts"); }
    [[nodiscard]] QString summary() const override
    {
        return QStringLiteral("Export Prometheus alerting rules for the relationships (alerts export)");
    }
    void start(const CliGlobals &globals, const QStringList &arguments) override;

    /// The YAML documents (also used by tests). `currentContext` resolves files that name no cluster.
    [[nodiscard]] static QString prometheusRules(
        const QList<ReplicationRelationship> &relationships, const QString &currentContext);
};
