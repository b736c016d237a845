// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/replicationstatus.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QModelIndexList>

class OperationTracker;
class RelationshipsModel;
class QTimer;
struct KubeRequestRecord;

/// The activity log: every API call and step the app makes, with time, cluster and result.
/// Texts are scrubbed on the way in (bearer tokens, PEM blocks, `token:`/`password:` values, Secret
/// `data:` values), so nothing secret can be shown or copied from here.
/// API calls (appendRequest) and the relationships' reports (appendInBatch) arrive in floods and are added in
/// batches on a short timer, so that a busy session costs the views one insert per batch; steps (append) are added
/// at once, after any waiting entries.
class ActivityLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, LevelColumn, ClusterColumn, MessageColumn, ColumnCount };
    Q_ENUM(Column)
    enum class Level { Info, Success, Warning, Error };
    Q_ENUM(Level)
    /// Steps and object changes the app reports, or raw API calls of the Kubernetes client.
    enum class Category { Step, Request };
    Q_ENUM(Category)
    enum Role {
        LevelRole = Qt::UserRole + 1, ///< int (Level)
        TimeRole, ///< QDateTime (UTC)
        ClusterRole,
        MessageRole,
        CategoryRole, ///< int (Category)
    };

    struct Entry {
        QDateTime time;
        Level level = Level::Info;
        QString cluster;
        QString message;
        Category category = Category::Step;
    };

    explicit ActivityLogModel(QObject *parent = nullptr);

    /// Adds an entry (scrubbed), at once. Oldest entries are dropped beyond maxEntries().
    void append(Level level, const QString &cluster, const QString &message);
    /// Adds an entry (scrubbed) in the next batch, in order with the API calls and steps around it: for steps
    /// that come in floods (hundreds of relationships reporting their syncs), which then cost the views one
    /// insert per batch instead of one per line.
    void appendInBatch(Level level, const QString &cluster, const QString &message);
    /// Logs every line of the tracker's operations (the one place jobs reach the log).
    void follow(OperationTracker *tracker);
    /// Logs the relationships' transitions to failed and problem states (StatusTransition), once each.
    /// Only statuses that reflect the clusters count; the last one per relationship is remembered across
    /// models (a session reload does not repeat them).
    void follow(RelationshipsModel *relationships);
    /// Adds an API call (or a watch starting/ending), in the next batch.
    void appendRequest(const KubeRequestRecord &record);
    /// Adds the waiting API calls now (also done by a timer, batchIntervalMs() after the first one).
    void flush();
    [[nodiscard]] int pendingCount() const { return int(mPending.size()); }
    [[nodiscard]] int batchIntervalMs() const;
    void setBatchIntervalMs(int intervalMs);
    void clear();
    [[nodiscard]] const QList<Entry> &entries() const { return mEntries; }
    [[nodiscard]] int maxEntries() const { return mMaxEntries; }
    void setMaxEntries(int maxEntries);

    /// Plain text of the given rows (one line each: time, level, cluster, message), for the clipboard.
    [[nodiscard]] QString toText(const QList<int> &rows) const;

    /// Removes tokens, keys, passwords and Secret data values from a text.
    [[nodiscard]] static QString scrub(const QString &text);
    [[nodiscard]] static QString levelText(Level level);
    /// The entry for an API call: level and text in plain words.
    [[nodiscard]] static Entry requestEntry(const KubeRequestRecord &record);
    /// "12 ms", "3.4 s", "2 min 5 s".
    [[nodiscard]] static QString durationText(qint64 ms);

    [[nodiscard]] int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void insertBatch(QList<Entry> batch);

    QList<Entry> mEntries;
    QHash<QString, ReplicationStatus> mLastStatus; ///< per relationship, for follow(RelationshipsModel *)
    QList<Entry> mPending;
    QTimer *mFlushTimer = nullptr;
    int mMaxEntries = 5000;
};
