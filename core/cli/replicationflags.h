// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCommandLineOption>
#include <QList>
#include <QString>

/// The one table of `volsyncctl replication` flags: the CLI parser builds its options from it and
/// commandLine(draft) writes the commands the GUI shows with it, so a flag is named in one place.
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
    };

    /// The long name, without dashes ("pvcname").
    [[nodiscard]] static QString name(Flag flag);
    /// "--pvcname".
    [[nodiscard]] static QString option(Flag flag) { return QStringLiteral("--") + name(flag); }
    /// Whether the flag takes a value.
    [[nodiscard]] static bool takesValue(Flag flag);
    /// The flags a subcommand accepts (besides -r), in the order usage lists them.
    [[nodiscard]] static QList<Flag> flagsOf(const QString &subcommand);
    /// The parser option of `flag` for `subcommand` (defaults differ: copymethod is Clone for set-source,
    /// Snapshot for set-destination).
    [[nodiscard]] static QCommandLineOption commandLineOption(Flag flag, const QString &subcommand);
};
