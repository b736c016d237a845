// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

/// One synchronization observed by the app or the CLI.
struct SyncRecord {
    QDateTime start; ///< UTC
    QDateTime end; ///< UTC
    qint64 durationMs = 0;
    QString result; ///< "Successful" or "Failed" (the mover's result)
    bool manual = false;
    /// What the rsync mover sent ("sent N bytes" in the mover status VolSync keeps of that run); -1 when the
    /// mover did not report it (a failed run, a sync seen only after a later one replaced its status).
    qint64 bytesSent = -1;

    bool operator==(const SyncRecord &) const = default;
};

Q_DECLARE_METATYPE(SyncRecord)

/// A small local store of observed syncs per relationship (keyed by the relationship id), so that the
/// GUI can chart them across restarts. One JSON file per relationship, written atomically, capped in size.
/// Default folder: the app data location's `sync-history` (`~/.local/share/...`).
class SyncHistory
{
public:
    explicit SyncHistory(const QString &directory = QString());

    [[nodiscard]] static QString defaultDirectory();
    [[nodiscard]] QString directory() const { return mDirectory; }

    /// Records, oldest first. A missing or unreadable file gives an empty list.
    [[nodiscard]] QList<SyncRecord> records(const QString &relationshipId) const;

    /// Appends a record unless one with the same end time is there already (several watchers may see the
    /// same sync). Keeps the newest `maxRecords`.
    bool append(const QString &relationshipId, const SyncRecord &record, QString *error = nullptr) const;

    /// Forgets a relationship's history (after delete).
    void remove(const QString &relationshipId) const;

    static constexpr int maxRecords = 500;

    /// The median duration of `records` (the mean of the two middle ones for an even count); -1 when empty.
    [[nodiscard]] static qint64 medianDurationMs(const QList<SyncRecord> &records);

    /// The bytes an rsync mover sent, from its status logs (VolSync keeps rsync's "sent N bytes  received M
    /// bytes" line of a successful run); -1 when the logs have no such line.
    [[nodiscard]] static qint64 bytesSentIn(const QString &moverLogs);

private:
    [[nodiscard]] QString filePath(const QString &relationshipId) const;
    QString mDirectory;
};
