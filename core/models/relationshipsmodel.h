// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/relationshiplistingloader.h"
#include "engine/replicationrelationship.h"
#include "engine/replicationstatus.h"
#include "engine/synchistory.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QPointer>

class KubeSession;
class OperationTracker;
class QFileSystemWatcher;
class QTimer;
class RelationshipMonitor;
class ReplicationEngine;

/// The relationship files of the engine's config dir, one row each, with the live status of each (one
/// RelationshipMonitor per row, watching its clusters). Unreadable files get a row with their problem.
/// Reloads by itself when files in the folder change. The folder and the histories are read on a worker thread
/// (RelationshipListingLoader), never on the GUI thread: reloaded() tells when a reading has been applied.
class RelationshipsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, StatusColumn, SourceColumn, DestinationColumn, ScheduleColumn, ColumnCount };
    Q_ENUM(Column)

    /// The badge of a row: what a person needs to know at a glance.
    enum class Badge {
        Idle,
        Syncing,
        Failed,
        NotApplied,
        Waiting, ///< waiting for the destination
        Problem, ///< something needs attention (see ProblemsRole), or the file cannot be read
        Checking, ///< the clusters have not answered yet (the status is not known)
        SettingUp, ///< an operation is creating the relationship's objects
        FailedOver, ///< failed over to the destination (both sides paused on purpose; not an error)
        Testing, ///< a test failover's PVC exists beside the destination (replication keeps running)
        /// Failed over by another tool: the destination is paused without our failover's mark (not an error)
        FailedOverOutside,
        Paused, ///< spec.paused: no sync starts until resumed (the schedule stays)
    };
    Q_ENUM(Badge)

    enum Role {
        NameRole = Qt::UserRole + 1, ///< QString
        BadgeRole, ///< int (Badge)
        BadgeTextRole, ///< QString
        StatusRole, ///< ReplicationStatus
        ProblemsRole, ///< QStringList
        FileErrorRole, ///< QString: why the file cannot be read (empty otherwise)
        ReadyRole, ///< bool: the status reflects the clusters
    };
    Q_ENUM(Role)

    /// `engine` must outlive the model. Starts reading the folder (see reload()).
    explicit RelationshipsModel(ReplicationEngine *engine, QObject *parent = nullptr);
    /// Starts from files and histories already read (RelationshipListingLoader, off the GUI thread) with `history`.
    RelationshipsModel(ReplicationEngine *engine, const SyncHistory &history,
        const RelationshipListingLoader::Result &preloaded, QObject *parent = nullptr);
    ~RelationshipsModel() override;

    /// Re-reads the folder on a worker thread (also automatic on change); the rows change, and reloaded() is
    /// emitted, once it has been read. A reload asked for while one runs supersedes it.
    void reload();
    /// A reading of the folder is running.
    [[nodiscard]] bool isReloading() const;
    /// Why the file of `name` cannot be read (empty when it can, or when there is no such row).
    [[nodiscard]] QString fileError(const QString &name) const;
    /// Whether rows get a live monitor (on by default; tests of the file listing may turn it off).
    void setMonitoring(bool monitoring);
    /// How long starting monitors may hold the thread per turn of the event loop (at least one starts per turn;
    /// 0: one per turn). Default 4 ms.
    void setStartSliceMs(int ms) { mStartSliceMs = ms; }
    /// Where monitors record completed syncs (default: SyncHistory's default folder).
    void setHistory(const SyncHistory &history);
    [[nodiscard]] SyncHistory history() const { return mHistory; }

    [[nodiscard]] int rowOf(const QString &name) const;
    [[nodiscard]] QString nameAt(int row) const;
    [[nodiscard]] ReplicationRelationship relationship(const QString &name) const;
    /// Every relationship whose file could be read, in the list's order.
    [[nodiscard]] QList<ReplicationRelationship> relationships() const;
    [[nodiscard]] ReplicationStatus status(const QString &name) const;
    /// The monitor of a row (nullptr when monitoring is off or the file is unreadable).
    [[nodiscard]] RelationshipMonitor *monitor(const QString &name) const;

    /// Relationships with a running setup operation read "Setting up" instead of their (incomplete) state.
    void setOperationTracker(OperationTracker *tracker);

    [[nodiscard]] static Badge badgeFor(const ReplicationStatus &status);
    /// What the list shows: Checking until the clusters answered, SettingUp while `settingUp`, else badgeFor().
    [[nodiscard]] static Badge badgeFor(const ReplicationStatus &status, bool ready, bool settingUp);
    [[nodiscard]] static QString badgeText(Badge badge);
    /// "ns/pvc on context" for a side.
    [[nodiscard]] static QString describeSource(const ReplicationRelationship &relationship);
    [[nodiscard]] static QString describeDestination(const ReplicationRelationship &relationship);

    [[nodiscard]] int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    /// The live status of a relationship changed.
    void statusChanged(const QString &name, const ReplicationStatus &status);
    /// A monitor saw a completed sync.
    void syncObserved(const QString &name, const SyncRecord &record);
    /// A monitor reported a problem (file unreadable, a watch failing).
    void monitorError(const QString &name, const QString &message);
    void reloaded();

private:
    struct Row {
        QString name;
        ReplicationRelationship relationship;
        RelationshipListingLoader::Digests digests;
        QString fileError;
        ReplicationStatus status;
        bool ready = false;
        QPointer<RelationshipMonitor> monitor;
    };
    void stopMonitor(Row &row);

    /// `preloaded`: the relationship's recorded syncs, read already (else the monitor reads them). The monitor is
    /// made at once and started in later turns (scheduleQueuedMonitors()).
    void startMonitor(Row &row, const std::optional<QList<SyncRecord>> &preloaded = std::nullopt);
    /// Starts the monitors made since, a few ms of them per turn of the event loop: 500 relationships' monitors
    /// (their views, namespace checks and first judgements) in one turn held the GUI thread for tens of ms.
    void startQueuedMonitors();
    /// Runs startQueuedMonitors() in a later turn, unless nothing waits or it is due already.
    void scheduleQueuedMonitors();
    void onStatus(RelationshipMonitor *monitor);
    void scheduleReload();
    [[nodiscard]] bool isSettingUp(const Row &row) const;
    void watchFolder();
    void apply(const RelationshipListingLoader::Result &result);
    /// Rebuilds mRowOf after rows moved.
    void reindex();

    QPointer<ReplicationEngine> mEngine;
    QList<Row> mRows;
    QHash<QString, int> mRowOf; ///< row name -> index in mRows (rowOf() without a scan)
    QFileSystemWatcher *mWatcher = nullptr;
    QTimer *mReloadTimer = nullptr;
    SyncHistory mHistory;
    bool mMonitoring = true;
    QPointer<OperationTracker> mTracker;
    RelationshipListingLoader *mLoader = nullptr;
    QList<QPointer<RelationshipMonitor>> mQueuedStarts;
    bool mQueuedStartsPosted = false;
    int mStartSliceMs = 4;
};
