// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QVariantMap>

#include <optional>

/// One disaster-recovery operation on a relationship, as the dashboard and `status` show it ("failed over at
/// 14:12 to cloud/shop/postgres-data, data as of 14:05").
struct DisasterRecoveryRecord {
    enum class Kind { Failover, TestFailover, EndTest, Failback };
    Kind kind = Kind::Failover;
    QDateTime time; ///< when it ended (UTC)
    QString mode; ///< failover: "planned" or "unplanned"
    QString restorePoint; ///< the VolumeSnapshot restored from (empty: Direct, the destination PVC itself)
    QDateTime dataTime; ///< what the restored data is as of (UTC): the sync that made the restore point
    QString target; ///< [context/]namespace/pvc that holds the data now (failback: the reverse relationship)
    /// failover: the source's cron schedule before it (a planned failover's final sync replaces it with a
    /// manual trigger); fail back puts it back. Empty: it had none.
    QString schedule;
    bool succeeded = false;
    QString message; ///< the result for a person (the error when it failed)

    /// Seconds between the data and the operation (-1 when the data time is unknown).
    [[nodiscard]] qint64 dataAgeSeconds() const;
    [[nodiscard]] static QString kindName(Kind kind); ///< "failover", "test-failover", "end-test", "failback"
    [[nodiscard]] QVariantMap toVariantMap() const;
    [[nodiscard]] static DisasterRecoveryRecord fromVariantMap(const QVariantMap &map, bool *ok = nullptr);
    bool operator==(const DisasterRecoveryRecord &) const = default;
};

Q_DECLARE_METATYPE(DisasterRecoveryRecord)

/// The disaster-recovery history of each relationship (keyed by its id): one JSON file per relationship in
/// `<config dir>/dr-history/`, written atomically, the newest 200 records kept.
class DisasterRecoveryHistory
{
public:
    explicit DisasterRecoveryHistory(const QString &configDir);

    /// Oldest first; empty when there is none (or the file cannot be read).
    [[nodiscard]] QList<DisasterRecoveryRecord> records(const QString &relationshipId) const;
    bool append(const QString &relationshipId, const DisasterRecoveryRecord &record, QString *error = nullptr) const;
    /// The successful failover the relationship is in now (none after a failback, or when it never failed over).
    [[nodiscard]] std::optional<DisasterRecoveryRecord> activeFailover(const QString &relationshipId) const;
    /// The same, of records already read (oldest first).
    [[nodiscard]] static std::optional<DisasterRecoveryRecord> activeFailover(
        const QList<DisasterRecoveryRecord> &records);

    /// How many times records() has run on the application's main thread, the GUI's (a test checks that the
    /// dashboard's panel reads none there: RestorePointsJob reads the history on a worker).
    [[nodiscard]] static int mainThreadReads();

    static constexpr int maxRecords = 200;

private:
    [[nodiscard]] QString filePath(const QString &relationshipId) const;
    QString mDirectory;
};
