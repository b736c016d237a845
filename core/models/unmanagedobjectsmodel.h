// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QJsonObject>
#include <QPointer>
#include <QSet>
#include <QStringList>

class KubeSession;
class ReplicationEngine;

/// VolSync ReplicationSources and ReplicationDestinations in the reachable contexts that no relationship file
/// describes (other tools, other movers: restic, rclone, syncthing, ...). Status only, plus a manual sync of a
/// ReplicationSource (spec.trigger.manual). Scans on request (scan()), never by itself.
class UnmanagedObjectsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        KindColumn,
        ContextColumn,
        NamespaceColumn,
        NameColumn,
        MoverColumn,
        LastSyncColumn,
        ResultColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role {
        ObjectRole = Qt::UserRole + 1, ///< QJsonObject
        ContextRole,
        IsSourceRole, ///< bool
    };

    /// Reads and patches through the clusters of `engine`'s session.
    explicit UnmanagedObjectsModel(ReplicationEngine *engine, QObject *parent = nullptr);

    /// Lists both kinds in every namespace of `contexts`, leaving out objects labelled with one of
    /// `knownRelationshipIds` (volsync.backube/relationship). scanFinished() follows.
    void scan(const QStringList &contexts, const QSet<QString> &knownRelationshipIds);
    [[nodiscard]] bool isScanning() const { return mPending > 0; }
    /// Problems met while scanning (one line per context that could not be listed).
    [[nodiscard]] QStringList problems() const { return mProblems; }
    /// The row of the ReplicationSource (`source`) or ReplicationDestination `ns`/`name` on `context`; -1 when none.
    [[nodiscard]] int rowOf(const QString &context, bool source, const QString &ns, const QString &name) const;

    /// Sets spec.trigger.manual of the ReplicationSource in `row` to a new unique value (a merge patch, so
    /// nothing else changes). syncRequested() follows.
    void requestSync(int row);

    /// "rsync", "rsyncTLS", "restic", "rclone", "syncthing", "external" or "" from the spec.
    [[nodiscard]] static QString moverOf(const QJsonObject &object);

    [[nodiscard]] int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void scanFinished();
    /// The manual trigger was written (`error` empty) or not.
    void syncRequested(const QString &context, const QString &namespaceName, const QString &name, const QString &error);

private:
    struct Row {
        QString context;
        QJsonObject object;
        bool source = false;
    };
    void finishOne();

    QPointer<KubeSession> mSession;
    QList<Row> mRows;
    QList<Row> mIncoming;
    QStringList mProblems;
    int mPending = 0;
    quint64 mGeneration = 0;
};
