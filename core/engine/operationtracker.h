// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "replicationjob.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QElapsedTimer>
#include <QList>
#include <QPointer>

/// Every relationship operation the GUI or the CLI starts, running and finished, as a table model.
/// run() takes a job from the engine, starts it and is the one place that turns its progress, object
/// changes and result into log lines (logged(); the activity log and the CLI listen to that). Whether the
/// session is in use is isBusy(); a dialog that closes leaves its operation here, running and visible.
class OperationTracker : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { RelationshipColumn, OperationColumn, StateColumn, StepColumn, ElapsedColumn, ColumnCount };
    Q_ENUM(Column)
    enum class State { Running, Succeeded, Failed, Cancelled };
    Q_ENUM(State)
    enum class Kind {
        Create,
        SetSource,
        SetDestination,
        Schedule,
        Sync,
        SyncNow,
        Fix,
        RestoreSchedule,
        Pause,
        Resume,
        Delete,
        Plan,
        Setup, ///< the wizard's whole apply (ReplicationSetupJob)
        Check, ///< a dry run of a draft's objects
        Read, ///< reading live objects for display
        Other
    };
    Q_ENUM(Kind)
    /// The level of a log line (the activity log maps it onto its own).
    enum class LogLevel { Info, Success, Warning, Error };
    Q_ENUM(LogLevel)
    enum Role {
        IdRole = Qt::UserRole + 1, ///< int
        StateRole, ///< int (State)
        KindRole, ///< int (Kind)
        RelationshipRole, ///< QString
        ErrorRole, ///< QString: the result's error (empty while running or when it succeeded)
    };
    Q_ENUM(Role)

    /// Options of one run.
    struct RunOptions {
        /// Quiet operations (a delete's plan) log only failures.
        bool quiet = false;
    };

    explicit OperationTracker(QObject *parent = nullptr);
    ~OperationTracker() override;

    /// Starts `job` (from the engine, not started yet) and tracks it; returns the operation's id (> 0).
    /// `description` names it in the log and the table ("Sync now of webshop-db"). The job is deleted
    /// (later) once it has finished; keep the id, not the job.
    int run(ReplicationJob *job, Kind kind, const QString &relationship, const QString &description);
    int run(ReplicationJob *job, Kind kind, const QString &relationship, const QString &description,
        const RunOptions &options);

    /// The running job of an operation (nullptr once finished).
    [[nodiscard]] ReplicationJob *job(int id) const;
    [[nodiscard]] State state(int id) const;
    /// The result of a finished operation (default-constructed while running or unknown).
    [[nodiscard]] ReplicationResult result(int id) const;
    /// When the operation started (for elapsed times).
    [[nodiscard]] qint64 elapsedMs(int id) const;
    /// For a finished sync: the mover's run as VolSync reported it (-1: not known).
    [[nodiscard]] qint64 moverDurationMs(int id) const;
    /// The relationship an operation works on.
    [[nodiscard]] QString relationshipOf(int id) const;
    [[nodiscard]] Kind kindOf(int id) const;
    /// The last progress line of an operation.
    [[nodiscard]] QString lastStep(int id) const;
    /// The id of a running operation on `relationship` (of `kind` when given), or 0.
    [[nodiscard]] int runningOperation(const QString &relationship, std::optional<Kind> kind = std::nullopt) const;
    /// The id of a running operation on `relationship` that may change something (not changesNothing()), or 0:
    /// what keeps another change (Sync now, schedule, pause, delete) from starting. A dialog's plan does not.
    [[nodiscard]] int runningChange(const QString &relationship) const;
    /// Whether operations of `kind` only read (a plan or dry run, a check of a draft, a read for display).
    [[nodiscard]] static bool changesNothing(Kind kind);
    /// Whether any operation runs (then the session's clients must stay).
    [[nodiscard]] bool isBusy() const;
    [[nodiscard]] int runningCount() const;
    /// Cancels one running operation (what was done stays consistent; a sync puts its schedule back).
    void cancel(int id);
    void cancelAll();

    /// How many finished operations stay listed (the oldest go first).
    [[nodiscard]] int maxFinished() const { return mMaxFinished; }
    void setMaxFinished(int count);

    [[nodiscard]] static QString kindText(Kind kind);
    [[nodiscard]] static QString stateText(State state);

    [[nodiscard]] int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void started(int id);
    /// A step of an operation began (the same line is logged).
    void progress(int id, ReplicationJob::Step step, const QString &message);
    /// A mover failed while an operation waits for a sync; VolSync retries.
    void moverFailed(int id, int attempt, const QString &lastLogLines);
    /// An operation ended; `result` is also kept (result()).
    void finished(int id, const ReplicationResult &result);
    void busyChanged(bool busy);
    /// One line for the activity log (or the terminal): `where` is the cluster or the relationship.
    void logged(OperationTracker::LogLevel level, const QString &where, const QString &message);

private:
    struct Operation {
        int id = 0;
        Kind kind = Kind::Other;
        QString relationship;
        QString description;
        QPointer<ReplicationJob> job;
        State state = State::Running;
        QString step;
        QDateTime started;
        QElapsedTimer timer;
        qint64 elapsedMs = -1; ///< set when finished
        qint64 moverDurationMs = -1; ///< a sync's mover run (VolSync's lastSyncDuration)
        ReplicationResult result;
        RunOptions options;
    };
    [[nodiscard]] int rowOfId(int id) const;
    void onFinished(int id);
    void changed(int row);
    void trim();

    QList<Operation> mOperations;
    int mNextId = 1;
    int mMaxFinished = 100;
};
