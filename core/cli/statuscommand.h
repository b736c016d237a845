// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clicommand.h"

#include "engine/fleetentry.h"
#include "engine/fleettransition.h"

#include <QList>
#include <QPointer>

class FleetMonitor;
class KubeSession;
class QTimer;

/// `volsyncctl status --all [-o table|json] [--context NAME...] [--timeout SECONDS] [-w|--watch]`: the fleet table,
/// one row per relationship and per ReplicationSource/Destination no relationship file describes, in every context
/// (or the named ones), with its RPO health (FleetMonitor). Exit code 0 when nothing is late, critical or failing, 1
/// otherwise (for cron jobs and CI); contexts that cannot be reached are reported on stderr. With --watch, the
/// monitor's transitions follow, one line each, until the command is interrupted.
class StatusCommand : public CliCommand
{
    Q_OBJECT
public:
    using CliCommand::CliCommand;

    [[nodiscard]] QString name() const override { return QStringLiteral("status"); }
    [[nodiscard]] QString summary() const override
    {
        return QStringLiteral("The RPO health of every replication in every context (--all)");
    }
    void start(const CliGlobals &globals, const QStringList &arguments) override;

    /// The table (also used by tests): NAME, MOVER, SOURCE → DESTINATION, HEALTH, LAG, INTERVAL, LAST RESULT,
    /// NEXT SYNC.
    [[nodiscard]] static QString table(const QList<FleetEntry> &entries);
    /// One transition as --watch prints it: "TIME  late → critical  orders is critical: …", or a JSON object (time,
    /// name, kind, clusters, from, to, recovered, message, lagSeconds) on one line.
    [[nodiscard]] static QString transitionLine(const FleetTransition &transition, const QDateTime &at, bool json);
    /// The exit code for these entries: CliFailed when any is late, critical or failing.
    [[nodiscard]] static int exitCodeFor(const QList<FleetEntry> &entries);

private:
    void finish();

    QPointer<KubeSession> mSession;
    QPointer<FleetMonitor> mMonitor;
    QTimer *mTimeout = nullptr;
    bool mJson = false;
    bool mWatch = false;
};
