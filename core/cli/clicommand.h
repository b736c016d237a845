// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QStringList>

/// Options that every volsyncctl command understands, parsed before the command name.
struct CliGlobals {
    QString kubeconfig; ///< --kubeconfig: one file, no merging; empty means KUBECONFIG or ~/.kube/config
    QString context; ///< --context: empty means current-context
    QString configDir; ///< --config-dir: relationship files; empty means ~/.volsync
    bool verbose = false;
    /// --exec-timeout: how long a credential plugin may run (0: the client's default, 60 s)
    int execTimeoutMs = 0;
};

/// Exit codes shared by every command.
enum CliExitCode : int {
    CliOk = 0,
    CliFailed = 1,
    CliUsage = 2,
};

/// One volsyncctl subcommand ("contexts", "replication", ...). It runs asynchronously on the
/// event loop and emits finished() exactly once with its exit code.
class CliCommand : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~CliCommand() override;

    [[nodiscard]] virtual QString name() const = 0;
    [[nodiscard]] virtual QString summary() const = 0;

    /// `arguments` holds everything after the command name.
    virtual void start(const CliGlobals &globals, const QStringList &arguments) = 0;

Q_SIGNALS:
    void finished(int exitCode);

protected:
    /// Helpers for writing to the terminal; errors go to stderr as one "Error: ..." line, written as a sentence
    /// (sentenceText) whatever the case of the engine message.
    static void printOut(const QString &text);
    static void printError(const QString &text);
};
