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

    /// What reading a flag of a hand-parsed command (contexts, status) found.
    enum class FlagRead {
        NotThisFlag, ///< the argument is another one
        Read, ///< read; the index is on its last word
        Invalid, ///< the flag is there but its value is missing or wrong: `error` says which
    };
    /// kubectl's output flag at arguments[*index] in any spelling (-o F, -o=F, -oF, --output F, --output=F): json
    /// sets `json`, table or wide clears it.
    static FlagRead readOutputFlag(const QStringList &arguments, qsizetype *index, bool *json, QString *error);
    /// "--timeout SECONDS" at arguments[*index] (a positive number, fractions allowed), in milliseconds.
    static FlagRead readTimeoutFlag(const QStringList &arguments, qsizetype *index, int *timeoutMs, QString *error);

Q_SIGNALS:
    void finished(int exitCode);

protected:
    /// Helpers for writing to the terminal; errors go to stderr as one "Error: ..." line, written as a sentence
    /// (sentenceText) whatever the case of the engine message.
    static void printOut(const QString &text);
    static void printError(const QString &text);

    /// Ends the command: from the event loop, releaseClients() and then finished(exitCode). Only the first call
    /// counts.
    void finishLater(int exitCode);
    /// Whether the command has ended (finishLater() was called).
    [[nodiscard]] bool isFinishing() const { return mFinishing; }
    /// Prints `message` and where to read the usage ("Run 'volsyncctl NAME --help' for usage."), then ends with
    /// CliUsage.
    void usageError(const QString &message);
    /// Deletes what talks to clusters, just before finished(): once finished() has been delivered the event loop
    /// ends, and watches or replies only scheduled for deletion would never be freed. Does nothing by default.
    virtual void releaseClients();

private:
    bool mFinishing = false;
};
