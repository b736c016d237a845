// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>
#include <QModelIndexList>

/// The activity log: every API call and step the app makes, with time, cluster and result.
/// Texts are scrubbed on the way in (bearer tokens, PEM blocks, `token:`/`password:` values, Secret
/// `data:` values), so nothing secret can be shown or copied from here.
class ActivityLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, LevelColumn, ClusterColumn, MessageColumn, ColumnCount };
    Q_ENUM(Column)
    enum class Level { Info, Success, Warning, Error };
    Q_ENUM(Level)
    enum Role {
        LevelRole = Qt::UserRole + 1, ///< int (Level)
        TimeRole, ///< QDateTime (UTC)
        ClusterRole,
        MessageRole,
    };

    struct Entry {
        QDateTime time;
        Level level = Level::Info;
        QString cluster;
        QString message;
    };

    explicit ActivityLogModel(QObject *parent = nullptr);

    /// Adds an entry (scrubbed). Oldest entries are dropped beyond maxEntries().
    void append(Level level, const QString &cluster, const QString &message);
    void clear();
    [[nodiscard]] const QList<Entry> &entries() const { return mEntries; }
    [[nodiscard]] int maxEntries() const { return mMaxEntries; }
    void setMaxEntries(int maxEntries);

    /// Plain text of the given rows (one line each: time, level, cluster, message), for the clipboard.
    [[nodiscard]] QString toText(const QList<int> &rows) const;

    /// Removes tokens, keys, passwords and Secret data values from a text.
    [[nodiscard]] static QString scrub(const QString &text);
    [[nodiscard]] static QString levelText(Level level);

    [[nodiscard]] int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<Entry> mEntries;
    int mMaxEntries = 5000;
};
