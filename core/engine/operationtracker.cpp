// SPDX-License-Identifier: GPL-3.0-or-later
#include "operationtracker.h"

#include "replicationapplyjob.h"

#include <QLocale>

namespace {

QString seconds(qint64 ms)
{
    return QLocale::c().toString(ms / 1000.0, 'f', 1) + QStringLiteral(" s");
}

} // namespace

OperationTracker::OperationTracker(QObject *parent)
    : QAbstractTableModel(parent)
{ }

OperationTracker::~OperationTracker()
{
    // The jobs belong to the engine; only stop listening.
    for (const Operation &op : std::as_const(mOperations)) {
        if (op.job)
            op.job->disconnect(this);
    }
}

int OperationTracker::run(ReplicationJob *job, Kind kind, const QString &relationship, const QString &description)
{
    return run(job, kind, relationship, description, RunOptions {});
}

int OperationTracker::run(
    ReplicationJob *job, Kind kind, const QString &relationship, const QString &description, const RunOptions &options)
{
    Q_ASSERT(job);
    const bool wasBusy = isBusy();
    Operation op;
    op.id = mNextId++;
    op.kind = kind;
    op.relationship = relationship;
    op.description = description;
    op.job = job;
    op.started = QDateTime::currentDateTimeUtc();
    op.timer.start();
    op.options = options;
    const int id = op.id;
    beginInsertRows(QModelIndex(), int(mOperations.size()), int(mOperations.size()));
    mOperations.append(op);
    endInsertRows();

    if (!options.quiet)
        Q_EMIT logged(LogLevel::Info, relationship, description);
    connect(job, &ReplicationJob::progress, this, [this, id](ReplicationJob::Step step, const QString &message) {
        const int row = rowOfId(id);
        if (row < 0)
            return;
        mOperations[row].step = message;
        changed(row);
        if (!mOperations.at(row).options.quiet)
            Q_EMIT logged(LogLevel::Info, mOperations.at(row).relationship, message);
        Q_EMIT progress(id, step, message);
    });
    connect(job, &ReplicationJob::objectChanged, this, [this, id](const ObjectResult &object) {
        const int row = rowOfId(id);
        if (row < 0 || mOperations.at(row).options.quiet)
            return;
        const bool failed = object.action == ObjectResult::Action::Failed;
        Q_EMIT logged(failed ? LogLevel::Error : LogLevel::Info,
            object.cluster.isEmpty() ? mOperations.at(row).relationship : object.cluster, object.toString());
    });
    if (auto *apply = qobject_cast<ReplicationApplyJob *>(job)) {
        connect(apply, &ReplicationApplyJob::moverFailed, this, [this, id](int attempt, const QString &lines) {
            const int row = rowOfId(id);
            if (row < 0)
                return;
            Q_EMIT logged(LogLevel::Warning, mOperations.at(row).relationship,
                tr("The mover failed (attempt %1); VolSync retries. Last log lines: %2").arg(attempt).arg(lines));
            Q_EMIT moverFailed(id, attempt, lines);
        });
    }
    connect(job, &ReplicationJob::finished, this, [this, id] { onFinished(id); });
    // The engine deletes its jobs with itself: a job that goes away unfinished counts as cancelled.
    connect(job, &QObject::destroyed, this, [this, id] {
        const int row = rowOfId(id);
        if (row >= 0 && mOperations.at(row).state == State::Running) {
            Operation &o = mOperations[row];
            o.state = State::Cancelled;
            o.elapsedMs = o.timer.elapsed();
            o.result.status = ReplicationResult::Status::Cancelled;
            o.result.error = tr("stopped: the session was closed");
            changed(row);
            Q_EMIT finished(id, o.result);
            if (!isBusy())
                Q_EMIT busyChanged(false);
        }
    });
    job->start();
    Q_EMIT started(id);
    if (!wasBusy)
        Q_EMIT busyChanged(true);
    return id;
}

void OperationTracker::onFinished(int id)
{
    const int row = rowOfId(id);
    if (row < 0)
        return;
    Operation &op = mOperations[row];
    if (op.state != State::Running || !op.job)
        return;
    ReplicationJob *job = op.job;
    op.result = job->result();
    op.elapsedMs = op.timer.elapsed();
    switch (op.result.status) {
    case ReplicationResult::Status::Succeeded:
        op.state = State::Succeeded;
        break;
    case ReplicationResult::Status::Cancelled:
        op.state = State::Cancelled;
        break;
    case ReplicationResult::Status::Failed:
    case ReplicationResult::Status::Invalid:
        op.state = State::Failed;
        break;
    }
    if (const auto *apply = qobject_cast<const ReplicationApplyJob *>(job))
        op.moverDurationMs = apply->moverDurationMs();
    op.job = nullptr;
    job->disconnect(this);
    job->deleteLater();
    const QString where = op.relationship;
    const ReplicationResult result = op.result;
    const bool quiet = op.options.quiet;
    const QString took = seconds(op.elapsedMs);
    if (op.state == State::Succeeded) {
        if (!quiet)
            Q_EMIT logged(LogLevel::Success, where, tr("%1: done after %2").arg(op.description, took));
    } else if (op.state == State::Cancelled) {
        if (!quiet)
            Q_EMIT logged(LogLevel::Warning, where,
                result.error.isEmpty() || result.error == QLatin1String("cancelled")
                    ? tr("%1: cancelled after %2").arg(op.description, took)
                    : tr("%1: cancelled after %2: %3").arg(op.description, took, result.error));
    } else {
        Q_EMIT logged(LogLevel::Error, where, tr("%1: failed after %2: %3").arg(op.description, took, result.error));
    }
    if (!quiet) {
        for (const QString &note : result.notes)
            Q_EMIT logged(LogLevel::Info, where, note);
    }
    changed(row);
    Q_EMIT finished(id, result);
    trim();
    if (!isBusy())
        Q_EMIT busyChanged(false);
}

ReplicationJob *OperationTracker::job(int id) const
{
    const int row = rowOfId(id);
    return row >= 0 ? mOperations.at(row).job.data() : nullptr;
}

OperationTracker::State OperationTracker::state(int id) const
{
    const int row = rowOfId(id);
    return row >= 0 ? mOperations.at(row).state : State::Cancelled;
}

ReplicationResult OperationTracker::result(int id) const
{
    const int row = rowOfId(id);
    return row >= 0 ? mOperations.at(row).result : ReplicationResult();
}

qint64 OperationTracker::elapsedMs(int id) const
{
    const int row = rowOfId(id);
    if (row < 0)
        return -1;
    const Operation &op = mOperations.at(row);
    return op.state == State::Running ? op.timer.elapsed() : op.elapsedMs;
}

qint64 OperationTracker::moverDurationMs(int id) const
{
    const int row = rowOfId(id);
    return row >= 0 ? mOperations.at(row).moverDurationMs : -1;
}

QString OperationTracker::relationshipOf(int id) const
{
    const int row = rowOfId(id);
    return row >= 0 ? mOperations.at(row).relationship : QString();
}

OperationTracker::Kind OperationTracker::kindOf(int id) const
{
    const int row = rowOfId(id);
    return row >= 0 ? mOperations.at(row).kind : Kind::Other;
}

QString OperationTracker::lastStep(int id) const
{
    const int row = rowOfId(id);
    return row >= 0 ? mOperations.at(row).step : QString();
}

int OperationTracker::runningOperation(const QString &relationship, std::optional<Kind> kind) const
{
    for (const Operation &op : mOperations) {
        if (op.state == State::Running && op.relationship == relationship && (!kind || *kind == op.kind))
            return op.id;
    }
    return 0;
}

int OperationTracker::runningChange(const QString &relationship) const
{
    for (const Operation &op : mOperations) {
        if (op.state == State::Running && op.relationship == relationship && !changesNothing(op.kind))
            return op.id;
    }
    return 0;
}

bool OperationTracker::changesNothing(Kind kind)
{
    return kind == Kind::Plan || kind == Kind::Check || kind == Kind::Read;
}

bool OperationTracker::isBusy() const
{
    return runningCount() > 0;
}

int OperationTracker::runningCount() const
{
    return int(std::count_if(
        mOperations.cbegin(), mOperations.cend(), [](const Operation &op) { return op.state == State::Running; }));
}

void OperationTracker::cancel(int id)
{
    if (ReplicationJob *j = job(id))
        j->cancel();
}

void OperationTracker::cancelAll()
{
    QList<QPointer<ReplicationJob>> jobs;
    for (const Operation &op : std::as_const(mOperations)) {
        if (op.state == State::Running && op.job)
            jobs.append(op.job);
    }
    for (const QPointer<ReplicationJob> &j : std::as_const(jobs)) {
        if (j)
            j->cancel();
    }
}

void OperationTracker::setMaxFinished(int count)
{
    mMaxFinished = qMax(0, count);
    trim();
}

void OperationTracker::trim()
{
    int finished = 0;
    for (const Operation &op : std::as_const(mOperations))
        finished += op.state == State::Running ? 0 : 1;
    for (int row = 0; row < mOperations.size() && finished > mMaxFinished;) {
        if (mOperations.at(row).state == State::Running) {
            ++row;
            continue;
        }
        beginRemoveRows(QModelIndex(), row, row);
        mOperations.removeAt(row);
        endRemoveRows();
        --finished;
    }
}

int OperationTracker::rowOfId(int id) const
{
    for (int i = 0; i < mOperations.size(); ++i) {
        if (mOperations.at(i).id == id)
            return i;
    }
    return -1;
}

void OperationTracker::changed(int row)
{
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

QString OperationTracker::kindText(Kind kind)
{
    switch (kind) {
    case Kind::Create:
        return tr("Create");
    case Kind::SetSource:
        return tr("Set source");
    case Kind::SetDestination:
        return tr("Set destination");
    case Kind::Schedule:
        return tr("Schedule");
    case Kind::Sync:
        return tr("Sync");
    case Kind::SyncNow:
        return tr("Sync now");
    case Kind::Fix:
        return tr("Fix");
    case Kind::RestoreSchedule:
        return tr("Restore schedule");
    case Kind::Pause:
        return tr("Pause");
    case Kind::Resume:
        return tr("Resume");
    case Kind::Delete:
        return tr("Delete");
    case Kind::Plan:
        return tr("Plan");
    case Kind::Setup:
        return tr("Set up");
    case Kind::Check:
        return tr("Check");
    case Kind::Read:
        return tr("Read");
    case Kind::Other:
        return tr("Operation");
    }
    return QString();
}

QString OperationTracker::stateText(State state)
{
    switch (state) {
    case State::Running:
        return tr("running");
    case State::Succeeded:
        return tr("done");
    case State::Failed:
        return tr("failed");
    case State::Cancelled:
        return tr("cancelled");
    }
    return QString();
}

int OperationTracker::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(mOperations.size());
}

int OperationTracker::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OperationTracker::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const Operation &op = mOperations.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case RelationshipColumn:
            return op.relationship;
        case OperationColumn:
            return op.description.isEmpty() ? kindText(op.kind) : op.description;
        case StateColumn:
            return stateText(op.state);
        case StepColumn:
            return op.state == State::Running || op.result.error.isEmpty() ? op.step : op.result.error;
        case ElapsedColumn:
            return seconds(op.state == State::Running ? op.timer.elapsed() : op.elapsedMs);
        }
        break;
    case Qt::ToolTipRole:
        return op.result.error.isEmpty() ? op.step : op.result.error;
    case IdRole:
        return op.id;
    case StateRole:
        return int(op.state);
    case KindRole:
        return int(op.kind);
    case RelationshipRole:
        return op.relationship;
    case ErrorRole:
        return op.result.error;
    }
    return QVariant();
}

QVariant OperationTracker::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case RelationshipColumn:
        return tr("Relationship");
    case OperationColumn:
        return tr("Operation");
    case StateColumn:
        return tr("State");
    case StepColumn:
        return tr("Step");
    case ElapsedColumn:
        return tr("Elapsed");
    }
    return QVariant();
}
