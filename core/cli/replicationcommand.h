// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clicommand.h"

#include "engine/objectname.h"
#include "engine/operationtracker.h"

#include <QPointer>

#include <functional>
#include <memory>

class KubeSession;
class QCommandLineParser;
class ReplicationEngine;
class ReplicationJob;
class RelationshipMonitor;

/// `volsyncctl replication`: the subcommands of `kubectl volsync replication` (create, set-source,
/// set-destination, schedule, sync, delete) with upstream's flags and defaults, plus list and status.
class ReplicationCommand : public CliCommand
{
    Q_OBJECT
public:
    explicit ReplicationCommand(QObject *parent = nullptr);
    ~ReplicationCommand() override;

    [[nodiscard]] QString name() const override;
    [[nodiscard]] QString summary() const override;
    void start(const CliGlobals &globals, const QStringList &arguments) override;

    /// The usage text of `replication` (all subcommands).
    [[nodiscard]] static QString usage();

private:
    void releaseClients() override;
    static QString findSubcommand(const QStringList &arguments, QStringList *rest, bool *help);
    static void addOptions(const QString &sub, QCommandLineParser &parser);
    /// Hands the whole command line to `command` (troubleshooting, disaster recovery), whose end is this one's.
    void delegateTo(CliCommand *command, const QStringList &arguments);
    /// Parses the flags of `sub` into mParser; false (a usage error given) when they are wrong.
    bool parseFlags(const QString &sub, const QStringList &arguments);
    /// Runs `sub` with the flags parsed.
    void run(const QString &sub);
    bool require(const QCommandLineParser &parser, const QString &flag);
    [[nodiscard]] ObjectName withGlobalContext(ObjectName name) const;
    void runSetSource(const QCommandLineParser &parser);
    void runSetDestination(const QCommandLineParser &parser);
    void runApply(const QString &sub, const QCommandLineParser &parser);
    /// Runs `next` after putting back a schedule that an interrupted Sync now left (at once when none).
    void finishInterruptedSync(const std::function<void()> &next);
    void runJob(ReplicationJob *job, OperationTracker::Kind kind);
    void runList(const QCommandLineParser &parser);
    void runStatus(const QCommandLineParser &parser);
    void runWait(const QCommandLineParser &parser);
    void runSetRpoTarget(const QCommandLineParser &parser);

    CliGlobals mGlobals;
    QString mRelationship;
    KubeSession *mSession = nullptr;
    ReplicationEngine *mEngine = nullptr;
    OperationTracker *mTracker = nullptr;
    std::unique_ptr<QCommandLineParser> mParser; ///< kept: a command may start after a restore
    QPointer<RelationshipMonitor> mMonitor;
};
