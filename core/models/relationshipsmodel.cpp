// SPDX-License-Identifier: GPL-3.0-or-later
#include "relationshipsmodel.h"

#include "common/laterturn.h"

#include "engine/operationtracker.h"

#include "engine/relationshipmonitor.h"
#include "engine/relationshipstore.h"
#include "engine/replicationengine.h"
#include "kube/kubesession.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QSet>
#include <QTimer>

#include <algorithm>

RelationshipsModel::RelationshipsModel(ReplicationEngine *engine, QObject *parent)
    : QAbstractTableModel(parent)
    , mEngine(engine)
    , mWatcher(new QFileSystemWatcher(this))
    , mReloadTimer(new QTimer(this))
    , mLoader(new RelationshipListingLoader(this))
{
    mReloadTimer->setSingleShot(true);
    mReloadTimer->setInterval(150);
    connect(mReloadTimer, &QTimer::timeout, this, &RelationshipsModel::reload);
    connect(mWatcher, &QFileSystemWatcher::directoryChanged, this, &RelationshipsModel::scheduleReload);
    connect(mWatcher, &QFileSystemWatcher::fileChanged, this, &RelationshipsModel::scheduleReload);
    connect(mLoader, &RelationshipListingLoader::loaded, this, [this](const RelationshipListingLoader::Result &result) {
        watchFolder();
        apply(result);
    });
    reload();
}

RelationshipsModel::RelationshipsModel(ReplicationEngine *engine, const SyncHistory &history,
    const RelationshipListingLoader::Result &preloaded, QObject *parent)
    : QAbstractTableModel(parent)
    , mEngine(engine)
    , mWatcher(new QFileSystemWatcher(this))
    , mReloadTimer(new QTimer(this))
    , mHistory(history)
    , mLoader(new RelationshipListingLoader(this))
{
    mReloadTimer->setSingleShot(true);
    mReloadTimer->setInterval(150);
    connect(mReloadTimer, &QTimer::timeout, this, &RelationshipsModel::reload);
    connect(mWatcher, &QFileSystemWatcher::directoryChanged, this, &RelationshipsModel::scheduleReload);
    connect(mWatcher, &QFileSystemWatcher::fileChanged, this, &RelationshipsModel::scheduleReload);
    connect(mLoader, &RelationshipListingLoader::loaded, this, [this](const RelationshipListingLoader::Result &result) {
        watchFolder();
        apply(result);
    });
    if (!mEngine) {
        return;
    }
    watchFolder();
    apply(preloaded);
}

RelationshipsModel::~RelationshipsModel()
{
    for (Row &row : mRows) {
        stopMonitor(row);
    }
}

void RelationshipsModel::stopMonitor(Row &row)
{
    delete row.monitor.data();
}

void RelationshipsModel::scheduleReload()
{
    mReloadTimer->start();
}

void RelationshipsModel::setMonitoring(bool monitoring)
{
    if (mMonitoring == monitoring) {
        return;
    }
    mMonitoring = monitoring;
    for (Row &row : mRows) {
        if (!mMonitoring) {
            stopMonitor(row);
        } else {
            startMonitor(row);
        }
    }
    scheduleQueuedMonitors();
}

void RelationshipsModel::setHistory(const SyncHistory &history)
{
    mHistory = history;
    for (Row &row : mRows) {
        if (row.monitor) {
            row.monitor->setHistory(history);
        }
    }
}

void RelationshipsModel::reload()
{
    mReloadTimer->stop();
    if (!mEngine) {
        return;
    }
    // The histories of the relationships shown already are kept up to date by their monitors: not read again.
    QSet<QString> known;
    for (const Row &row : std::as_const(mRows)) {
        if (!row.relationship.id.isEmpty())
            known.insert(row.relationship.id);
    }
    mLoader->start(mEngine->store(), mHistory, known);
}

bool RelationshipsModel::isReloading() const
{
    return mLoader->isLoading();
}

QString RelationshipsModel::fileError(const QString &name) const
{
    const int r = rowOf(name);
    return r < 0 ? QString() : mRows.at(r).fileError;
}

void RelationshipsModel::watchFolder()
{
    const QString dir = mEngine->store().configDir();
    if (QFileInfo(dir).isDir()) {
        if (!mWatcher->directories().contains(dir)) {
            mWatcher->addPath(dir);
        }
    } else {
        // Watch the parent until the folder exists.
        const QString parentDir = QFileInfo(dir).absolutePath();
        if (QFileInfo(parentDir).isDir() && !mWatcher->directories().contains(parentDir)) {
            mWatcher->addPath(parentDir);
        }
    }
}

void RelationshipsModel::apply(const RelationshipListingLoader::Result &result)
{
    const RelationshipStore::Listing &listing = result.listing;
    const QHash<QString, QList<SyncRecord>> &histories = result.histories;
    // What a monitor starts from, read on the worker: its history, or the one its predecessor kept.
    const auto recordsFor = [&histories](const QString &id, const RelationshipMonitor *previous) {
        std::optional<QList<SyncRecord>> records;
        if (previous && previous->relationship().id == id)
            records = previous->history();
        else if (const auto it = histories.constFind(id); it != histories.constEnd())
            records = it.value();
        return records;
    };
    QList<Row> fresh;
    fresh.reserve(listing.relationships.size() + listing.problems.size());
    // The digests come from the worker (serializing 500 relationships here took tens of ms of the GUI thread).
    const bool digested = result.digests.size() == listing.relationships.size();
    for (qsizetype i = 0; i < listing.relationships.size(); ++i) {
        const ReplicationRelationship &rel = listing.relationships.at(i);
        Row row;
        row.name = rel.name;
        row.relationship = rel;
        row.digests = digested ? result.digests.at(i) : RelationshipListingLoader::digestsOf(rel);
        fresh.append(row);
    }
    for (const QString &problem : listing.problems) {
        Row row;
        // "path: reason": name the row after the file.
        const int colon = problem.indexOf(QLatin1String(": "));
        const QString path = colon > 0 ? problem.left(colon) : problem;
        row.name = QFileInfo(path).completeBaseName();
        row.fileError = problem;
        fresh.append(row);
    }

    // Rows whose file went away are removed; rows whose file changed are updated in place (a selection stays),
    // with a new monitor only when what it watches changed (not for a trigger change).
    QHash<QString, const Row *> freshByName;
    for (const Row &row : std::as_const(fresh)) {
        if (!freshByName.contains(row.name))
            freshByName.insert(row.name, &row);
    }
    // Removed rows go in runs (one signal per run of neighbours), from the end so that indexes stay valid.
    for (int end = int(mRows.size()) - 1; end >= 0;) {
        if (freshByName.contains(mRows.at(end).name)) {
            --end;
            continue;
        }
        int first = end;
        while (first > 0 && !freshByName.contains(mRows.at(first - 1).name))
            --first;
        beginRemoveRows(QModelIndex(), first, end);
        for (int i = end; i >= first; --i) {
            stopMonitor(mRows[i]);
            mRows.removeAt(i);
        }
        reindex();
        endRemoveRows();
        end = first - 1;
    }
    for (int i = 0; i < mRows.size(); ++i) {
        Row &old = mRows[i];
        const Row *match = freshByName.value(old.name);
        if (match->digests.whole == old.digests.whole && match->fileError == old.fileError) {
            continue;
        }
        const bool restart = match->fileError != old.fileError || match->digests.watched != old.digests.watched;
        old.relationship = match->relationship;
        old.digests = match->digests;
        old.fileError = match->fileError;
        if (restart) {
            const auto records = recordsFor(old.relationship.id, old.monitor.data());
            stopMonitor(old);
            old.status = ReplicationStatus();
            old.ready = false;
            if (!old.fileError.isEmpty()) {
                old.status.problems.append(ReplicationFinding::fileUnreadable(old.fileError));
            }
            startMonitor(old, records);
        }
        Q_EMIT dataChanged(index(i, 0), index(i, ColumnCount - 1));
    }
    // New rows, sorted by name, go in as runs: one insert for all the rows that land between the same two old
    // rows (at start-up, one insert for the whole list; 500 single inserts each cost the views a pass).
    QList<Row> added;
    QSet<QString> addedNames;
    for (Row &row : fresh) {
        if (rowOf(row.name) >= 0 || addedNames.contains(row.name)) {
            continue;
        }
        addedNames.insert(row.name);
        if (!row.fileError.isEmpty()) {
            row.status.problems.append(ReplicationFinding::fileUnreadable(row.fileError));
        } else {
            row.status.schedule = row.relationship.source && row.relationship.source->trigger.schedule
                ? *row.relationship.source->trigger.schedule
                : QString();
        }
        added.append(row);
    }
    const auto byName = [](const Row &a, const Row &b) { return a.name.compare(b.name, Qt::CaseInsensitive) < 0; };
    std::stable_sort(added.begin(), added.end(), byName);
    mRows.reserve(mRows.size() + added.size());
    int offset = 0; // rows inserted so far, all before the old rows still to pass
    for (qsizetype next = 0; next < added.size();) {
        // Where the next new row goes among the old rows (those after the rows inserted so far).
        const auto oldBegin = mRows.cbegin() + offset;
        const int at = int(std::lower_bound(oldBegin, mRows.cend(), added.at(next), byName) - mRows.cbegin());
        qsizetype last = next;
        while (last + 1 < added.size() && (at == mRows.size() || !byName(mRows.at(at), added.at(last + 1)))) {
            ++last;
        }
        const int count = int(last - next + 1);
        beginInsertRows(QModelIndex(), at, at + count - 1);
        for (int i = 0; i < count; ++i) {
            mRows.insert(at + i, added.at(next + i));
        }
        reindex();
        endInsertRows();
        offset = at + count;
        next = last + 1;
    }
    for (const Row &row : std::as_const(added)) {
        const int r = rowOf(row.name);
        startMonitor(mRows[r], recordsFor(row.relationship.id, nullptr));
    }
    scheduleQueuedMonitors();
    Q_EMIT reloaded();
}

void RelationshipsModel::startMonitor(Row &row, const std::optional<QList<SyncRecord>> &preloaded)
{
    if (!mMonitoring || !mEngine || !row.fileError.isEmpty() || row.monitor) {
        return;
    }
    // All monitors share the engine's session (KubeClient gives watches connections of their own).
    auto *monitor = new RelationshipMonitor(mEngine->session(), mEngine->store(), row.name, this);
    monitor->setHistory(mHistory);
    if (preloaded) {
        monitor->setPreloaded(row.relationship, *preloaded); // no file read on this (the GUI) thread
    }
    row.monitor = monitor;
    connect(monitor, &RelationshipMonitor::statusChanged, this, [this, monitor]() { onStatus(monitor); });
    connect(monitor, &RelationshipMonitor::ready, this, [this, monitor]() { onStatus(monitor); });
    connect(monitor, &RelationshipMonitor::syncObserved, this,
        [this, monitor](const SyncRecord &record) { Q_EMIT syncObserved(monitor->name(), record); });
    connect(monitor, &RelationshipMonitor::errorOccurred, this,
        [this, monitor](const QString &message) { Q_EMIT monitorError(monitor->name(), message); });
    mQueuedStarts.append(monitor);
}

void RelationshipsModel::scheduleQueuedMonitors()
{
    if (mQueuedStarts.isEmpty() || std::exchange(mQueuedStartsPosted, true))
        return;
    // In later turns, not in the one that made the rows (at start-up the session's longest), and with the paints,
    // timers and input that arrived meanwhile between them.
    runInLaterTurn(this, [this] {
        mQueuedStartsPosted = false;
        startQueuedMonitors();
    });
}

void RelationshipsModel::startQueuedMonitors()
{
    QElapsedTimer clock;
    clock.start();
    while (!mQueuedStarts.isEmpty()) {
        const QPointer<RelationshipMonitor> monitor = mQueuedStarts.takeFirst();
        if (monitor && !monitor->isRunning()) // (a monitor stopped meanwhile is gone)
            monitor->start();
        if (clock.elapsed() >= mStartSliceMs)
            break;
    }
    scheduleQueuedMonitors(); // the rest
}

void RelationshipsModel::onStatus(RelationshipMonitor *monitor)
{
    const int r = rowOf(monitor->name());
    if (r < 0 || mRows.at(r).monitor != monitor) {
        return;
    }
    Row &row = mRows[r];
    row.status = monitor->status();
    row.ready = monitor->isReady();
    Q_EMIT dataChanged(index(r, 0), index(r, ColumnCount - 1));
    Q_EMIT statusChanged(row.name, row.status);
}

int RelationshipsModel::rowOf(const QString &name) const
{
    return mRowOf.value(name, -1);
}

void RelationshipsModel::reindex()
{
    mRowOf.clear();
    mRowOf.reserve(mRows.size());
    for (int i = 0; i < mRows.size(); ++i)
        mRowOf.insert(mRows.at(i).name, i);
}

QString RelationshipsModel::nameAt(int row) const
{
    return row >= 0 && row < mRows.size() ? mRows.at(row).name : QString();
}

ReplicationRelationship RelationshipsModel::relationship(const QString &name) const
{
    const int r = rowOf(name);
    return r >= 0 ? mRows.at(r).relationship : ReplicationRelationship();
}

QList<ReplicationRelationship> RelationshipsModel::relationships() const
{
    QList<ReplicationRelationship> relationships;
    for (const Row &row : mRows) {
        if (row.fileError.isEmpty())
            relationships.append(row.relationship);
    }
    return relationships;
}

ReplicationStatus RelationshipsModel::status(const QString &name) const
{
    const int r = rowOf(name);
    return r >= 0 ? mRows.at(r).status : ReplicationStatus();
}

RelationshipMonitor *RelationshipsModel::monitor(const QString &name) const
{
    const int r = rowOf(name);
    return r >= 0 ? mRows.at(r).monitor.data() : nullptr;
}

RelationshipsModel::Badge RelationshipsModel::badgeFor(const ReplicationStatus &status, bool ready, bool settingUp)
{
    if (settingUp
        && (status.phase == ReplicationStatus::Phase::NotApplied
            || status.phase == ReplicationStatus::Phase::WaitingForDestination))
        return Badge::SettingUp;
    if (!ready)
        return Badge::Checking;
    return badgeFor(status);
}

void RelationshipsModel::setOperationTracker(OperationTracker *tracker)
{
    if (mTracker)
        mTracker->disconnect(this);
    mTracker = tracker;
    if (!tracker)
        return;
    const auto changed = [this](int id) {
        const int row = rowOf(mTracker->relationshipOf(id));
        if (row >= 0)
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    };
    connect(tracker, &OperationTracker::started, this, changed);
    connect(tracker, &OperationTracker::finished, this, changed);
}

bool RelationshipsModel::isSettingUp(const Row &row) const
{
    if (!mTracker)
        return false;
    for (const auto kind :
        {OperationTracker::Kind::Setup, OperationTracker::Kind::Create, OperationTracker::Kind::SetSource,
            OperationTracker::Kind::SetDestination, OperationTracker::Kind::Schedule, OperationTracker::Kind::Sync,
            OperationTracker::Kind::SyncNow, OperationTracker::Kind::Fix}) {
        if (mTracker->runningOperation(row.name, kind) != 0)
            return true;
    }
    return false;
}

RelationshipsModel::Badge RelationshipsModel::badgeFor(const ReplicationStatus &status)
{
    // A failover pauses both sides on purpose: that is the state to show, not the pause or an old result.
    if (status.failover() == ReplicationStatus::Failover::FailedOver)
        return Badge::FailedOver;
    if (status.failover() == ReplicationStatus::Failover::FailedOverOutside)
        return Badge::FailedOverOutside;
    if (status.testingSince.isValid() && status.problems.isEmpty()
        && (status.phase == ReplicationStatus::Phase::Idle || status.phase == ReplicationStatus::Phase::Syncing))
        return Badge::Testing;
    switch (status.phase) {
    case ReplicationStatus::Phase::Syncing:
        return Badge::Syncing;
    case ReplicationStatus::Phase::Failed:
        return Badge::Failed;
    case ReplicationStatus::Phase::NotApplied:
        return status.problems.isEmpty() ? Badge::NotApplied : Badge::Problem;
    case ReplicationStatus::Phase::WaitingForDestination:
        return status.problems.isEmpty() ? Badge::Waiting : Badge::Problem;
    case ReplicationStatus::Phase::Idle:
        // Paused by the user: nothing syncs any more, which "Idle" would hide.
        if (!status.problems.isEmpty())
            return Badge::Problem;
        return status.paused ? Badge::Paused : Badge::Idle;
    }
    return Badge::Problem;
}

QString RelationshipsModel::badgeText(Badge badge)
{
    switch (badge) {
    case Badge::Idle:
        return tr("Idle");
    case Badge::Syncing:
        return tr("Syncing");
    case Badge::Failed:
        return tr("Failed");
    case Badge::NotApplied:
        return tr("Not applied");
    case Badge::Waiting:
        return tr("Waiting for destination");
    case Badge::Problem:
        return tr("Problem");
    case Badge::Checking:
        return tr("Checking…");
    case Badge::SettingUp:
        return tr("Setting up…");
    case Badge::FailedOver:
        return tr("Failed over");
    case Badge::FailedOverOutside:
        return tr("Failed over (outside VolSync Desktop)");
    case Badge::Testing:
        return tr("Testing failover");
    case Badge::Paused:
        return tr("Paused");
    }
    return QString();
}

namespace {
QString onContext(const QString &context)
{
    return context.isEmpty() ? RelationshipsModel::tr("current context") : context;
}
} // namespace

QString RelationshipsModel::describeSource(const ReplicationRelationship &relationship)
{
    if (!relationship.source) {
        return tr("not set");
    }
    const ReplicationSourceSide &s = *relationship.source;
    return tr("%1/%2 on %3").arg(s.namespaceName, s.pvcName, onContext(s.cluster));
}

QString RelationshipsModel::describeDestination(const ReplicationRelationship &relationship)
{
    if (!relationship.destination) {
        return tr("not set");
    }
    const ReplicationDestinationSide &d = *relationship.destination;
    return tr("%1/%2 on %3").arg(d.namespaceName, d.rdName, onContext(d.cluster));
}

int RelationshipsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(mRows.size());
}

int RelationshipsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RelationshipsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return QVariant();
    }
    const Row &row = mRows.at(index.row());
    // Only for the roles that show it (the tracker is asked for every kind of operation).
    const auto badgeOf = [this, &row] {
        return row.fileError.isEmpty() ? badgeFor(row.status, row.ready || !mMonitoring, isSettingUp(row))
                                       : Badge::Problem;
    };
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return row.name;
        case StatusColumn:
            return row.fileError.isEmpty() ? badgeText(badgeOf()) : tr("Cannot read file");
        case SourceColumn:
            return row.fileError.isEmpty() ? describeSource(row.relationship) : QString();
        case DestinationColumn:
            return row.fileError.isEmpty() ? describeDestination(row.relationship) : QString();
        case ScheduleColumn:
            return row.status.schedule.isEmpty() ? tr("manual only") : row.status.schedule;
        }
        break;
    case Qt::ToolTipRole:
        if (!row.fileError.isEmpty()) {
            return row.fileError;
        }
        if (index.column() == SourceColumn || index.column() == DestinationColumn) {
            return tr("From %1\nto %2").arg(describeSource(row.relationship), describeDestination(row.relationship));
        }
        if (!row.status.problems.isEmpty()) {
            return row.status.problemTexts().join(QLatin1Char('\n'));
        }
        // A narrow list hides the source and schedule columns: the name's tip tells them.
        if (index.column() == NameColumn && row.relationship.isComplete()) {
            return tr("%1\nFrom %2\nto %3\nSchedule: %4")
                .arg(badgeText(badgeOf()), describeSource(row.relationship), describeDestination(row.relationship),
                    row.status.schedule.isEmpty() ? tr("manual only") : row.status.schedule);
        }
        return badgeText(badgeOf());
    case NameRole:
        return row.name;
    case BadgeRole:
        return int(badgeOf());
    case BadgeTextRole:
        return badgeText(badgeOf());
    case StatusRole:
        return QVariant::fromValue(row.status);
    case ProblemsRole:
        return row.status.problemTexts();
    case FileErrorRole:
        return row.fileError;
    case ReadyRole:
        return row.ready;
    }
    return QVariant();
}

QVariant RelationshipsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case NameColumn:
        return tr("Relationship");
    case StatusColumn:
        return tr("Status");
    case SourceColumn:
        return tr("Source");
    case DestinationColumn:
        return tr("Destination");
    case ScheduleColumn:
        return tr("Schedule");
    }
    return QVariant();
}
