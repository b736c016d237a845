// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clicommand.h"

#include "engine/troubleshootcollector.h"

#include <QPointer>

class KubeSession;
class MoverLogFollower;
class QCommandLineParser;
class ReplicationEngine;
class TroubleshootMonitor;

/// The troubleshooting verbs of `volsyncctl replication` (run by ReplicationCommand):
///   logs [--side source|destination] [-f] [--previous] [--tail N]
///   events [-w|--watch]
///   timeline [-w|--watch]     Events, status transitions and mover runs of both sides, oldest first
///   diagnose [-o json]        exit 0 when no finding is an error, 1 otherwise
///   bundle [-o FILE]          a support bundle (SupportBundle)
/// for a relationship (-r NAME) or for any RS/RD (--object [CONTEXT/]NAMESPACE/KIND/NAME, KIND
/// ReplicationSource|rs or ReplicationDestination|rd).
class TroubleshootCommand : public CliCommand
{
    Q_OBJECT
public:
    explicit TroubleshootCommand(QObject *parent = nullptr);
    ~TroubleshootCommand() override;

    [[nodiscard]] QString name() const override;
    [[nodiscard]] QString summary() const override;
    /// `arguments`: what follows `replication` (the verb among them).
    void start(const CliGlobals &globals, const QStringList &arguments) override;

    [[nodiscard]] static QStringList verbs();
    /// `[CONTEXT/]NAMESPACE/KIND/NAME` as a target (role from the kind); nothing and `error` when malformed.
    [[nodiscard]] static std::optional<TroubleshootTarget> parseObject(const QString &text, QString *error);

private:
    void fail(int exitCode, const QString &message);
    void collect(const std::function<void(const TroubleshootSnapshot &)> &next);
    void runDiagnose(const TroubleshootSnapshot &snapshot);
    void runEvents(const TroubleshootSnapshot &snapshot);
    void runTimeline(const TroubleshootSnapshot &snapshot);
    /// Events (or, for `timeline`, the timeline's lines) as they come, until interrupted.
    void watchEvents();
    void runLogs(const TroubleshootSnapshot &snapshot);
    void runBundle(const TroubleshootSnapshot &snapshot);
    /// debug-mover on|off: the one side's annotation, through the engine's fix.
    void runDebugMover(const TroubleshootSnapshot &snapshot, bool enable);

    CliGlobals mGlobals;
    QString mVerb;
    QString mRelationship;
    QString mSchedule;
    QList<TroubleshootTarget> mTargets;
    std::unique_ptr<QCommandLineParser> mParser;
    KubeSession *mSession = nullptr;
    ReplicationEngine *mEngine = nullptr;
    QPointer<TroubleshootCollector> mCollector;
    QPointer<MoverLogFollower> mFollower;
    QPointer<TroubleshootMonitor> mMonitor;
};
