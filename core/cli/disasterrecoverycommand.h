// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clicommand.h"

#include <QPointer>

#include <memory>

class KubeSession;
class OperationTracker;
class QCommandLineParser;
class ReplicationEngine;
class ReplicationJob;

/// The disaster-recovery verbs of `volsyncctl replication`: failover, test-failover, end-test and
/// restore-points [keep|release|delete SNAPSHOT]. ReplicationCommand hands these subcommands over; the work is
/// the engine's (DisasterRecovery), this prints it: progress on stderr, the objects changed, the pre-check's
/// findings one per line, and `--dry-run` lists every object that would change.
class DisasterRecoveryCommand : public CliCommand
{
    Q_OBJECT
public:
    explicit DisasterRecoveryCommand(QObject *parent = nullptr);
    ~DisasterRecoveryCommand() override;

    [[nodiscard]] QString name() const override;
    [[nodiscard]] QString summary() const override;
    void start(const CliGlobals &globals, const QStringList &arguments) override;

    /// Whether `subcommand` (the word after `replication`) is one of these.
    [[nodiscard]] static bool handles(const QString &subcommand);

private:
    void finishLater(int exitCode);
    void usageError(const QString &message);
    void runFailover(const QString &sub);
    void runEndTest();
    void runRestorePoints(const QStringList &positional);
    void track(ReplicationJob *job, const QString &description);

    CliGlobals mGlobals;
    QString mRelationship;
    std::unique_ptr<QCommandLineParser> mParser;
    KubeSession *mSession = nullptr;
    ReplicationEngine *mEngine = nullptr;
    OperationTracker *mTracker = nullptr;
    bool mDone = false;
};
