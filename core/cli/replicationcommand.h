// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clicommand.h"

#include <QPointer>

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
    void finishLater(int exitCode);
    void usageError(const QString &message);
    void runJob(ReplicationJob *job);
    void runList(const QCommandLineParser &parser);
    void runStatus(const QCommandLineParser &parser);

    CliGlobals mGlobals;
    QString mRelationship;
    KubeSession *mSession = nullptr;
    ReplicationEngine *mEngine = nullptr;
    QPointer<RelationshipMonitor> mMonitor;
    bool mDone = false;
};
