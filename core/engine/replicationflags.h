// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCommandLineOption>
#include <QList>
#include <QString>
#include <QStringList>

/// The one table of `volsyncctl replication` flags: the CLI parser builds its options and its usage text from it,
/// and commandLine(draft) writes the commands the GUI shows with it, so a flag is named in one place.
class ReplicationFlags
{
public:
    enum class Flag {
        Relationship,
        RsyncTls,
        PvcName,
        CopyMethod,
        AccessModes,
        StorageClass,
        VolumeSnapshotClass,
        Destination,
        Capacity,
        ServiceType,
        RunAsUser,
        RunAsGroup,
        FsGroup,
        RunAsNonRoot,
        SeccompProfileType,
        CronSpec,
        KeepSchedule,
        Timeout,
        AllowPrivilegedMovers,
        AddressTimeout,
        KeepSnapshot,
        DryRun,
        Force,
        Output,
        Watch,
        For,
        RpoTarget,
        // Disaster recovery (failover, test-failover, end-test, failback, restore-points):
        Planned,
        Unplanned,
        To,
        RestorePoint,
        KeepRestorePoint,
        CreateNamespace,
        ReverseName,
        // Troubleshooting (logs, events, diagnose, bundle):
        Object,
        Side,
        Follow,
        Previous,
        Tail,
    };

    /// The long name, without dashes ("pvcname").
    [[nodiscard]] static QString name(Flag flag);
    /// "--pvcname".
    [[nodiscard]] static QString option(Flag flag) { return QStringLiteral("--") + name(flag); }
    /// Whether the flag takes a value.
    [[nodiscard]] static bool takesValue(Flag flag);
    /// The flags a subcommand accepts (besides -r), in the order usage lists them.
    [[nodiscard]] static QList<Flag> flagsOf(const QString &subcommand);
    /// -r and every flag that one of `subcommands` accepts, each once: what a parser offers before it knows which
    /// of them it runs.
    [[nodiscard]] static QList<Flag> flagsOfAny(const QStringList &subcommands);
    /// Whether `subcommand` needs `flag` (-r; set-source --pvcname, set-destination --destination, schedule
    /// --cronspec).
    [[nodiscard]] static bool isRequired(Flag flag, const QString &subcommand);
    /// The rsync-TLS mover's security flags (set-source and set-destination).
    [[nodiscard]] static QList<Flag> moverSecurityFlags();
    /// What usage shows for the flag's value in `subcommand` ("Clone|Snapshot|Direct|None"); empty when none.
    [[nodiscard]] static QString valueHint(Flag flag, const QString &subcommand);
    /// The flag as usage writes it: "--pvcname [context/]namespace/name", "[--storageclass C]", "[-o json]".
    [[nodiscard]] static QString usageOf(Flag flag, const QString &subcommand);
    /// The flags usage lists for `subcommand`, in flagsOf() order (those of usageNotes() left out).
    [[nodiscard]] static QStringList usageOf(const QString &subcommand);
    /// The usage lines for the flags every such subcommand takes (mover security, address timeout).
    [[nodiscard]] static QStringList usageNotes();
    /// The parser option of `flag` for `subcommand` (defaults differ: copymethod is Clone for set-source,
    /// Snapshot for set-destination).
    [[nodiscard]] static QCommandLineOption commandLineOption(Flag flag, const QString &subcommand);
};
