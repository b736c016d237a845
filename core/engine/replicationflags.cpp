// SPDX-License-Identifier: GPL-3.0-or-later
#include "replicationflags.h"

namespace {

struct Entry {
    ReplicationFlags::Flag flag;
    const char *name;
    const char *shortName; ///< nullptr when none
    const char *description;
    bool value;
    const char *valueHint; ///< what usage shows as the value ("C", "[context/]namespace/name"); nullptr: none
};

// The table.
constexpr Entry kFlags[] = {
    {ReplicationFlags::Flag::Relationship, "relationship", "r", "relationship name", true, "NAME"},
    {ReplicationFlags::Flag::RsyncTls, "rsynctls", nullptr, "use rsync-TLS", false, nullptr},
    {ReplicationFlags::Flag::PvcName, "pvcname", nullptr, "[context/]namespace/name", true, "[context/]namespace/name"},
    {ReplicationFlags::Flag::CopyMethod, "copymethod", nullptr, "copy method", true, nullptr},
    {ReplicationFlags::Flag::AccessModes, "accessmodes", nullptr, "access modes", true, "M[,M]"},
    {ReplicationFlags::Flag::StorageClass, "storageclass", nullptr, "StorageClass", true, "C"},
    {ReplicationFlags::Flag::VolumeSnapshotClass, "volumesnapshotclass", nullptr, "VolumeSnapshotClass", true, "C"},
    {ReplicationFlags::Flag::Destination, "destination", nullptr, "[context/]namespace/name", true,
        "[context/]namespace/name"},
    {ReplicationFlags::Flag::Capacity, "capacity", nullptr, "capacity", true, "Q"},
    {ReplicationFlags::Flag::ServiceType, "servicetype", nullptr, "service type", true, "ClusterIP|LoadBalancer"},
    {ReplicationFlags::Flag::RunAsUser, "runasuser", nullptr, "rsync-TLS mover: runAsUser", true, "N"},
    {ReplicationFlags::Flag::RunAsGroup, "runasgroup", nullptr, "rsync-TLS mover: runAsGroup", true, "N"},
    {ReplicationFlags::Flag::FsGroup, "fsgroup", nullptr, "rsync-TLS mover: fsGroup", true, "N"},
    {ReplicationFlags::Flag::RunAsNonRoot, "runasnonroot", nullptr, "rsync-TLS mover: runAsNonRoot", false, nullptr},
    {ReplicationFlags::Flag::SeccompProfileType, "seccompprofiletype", nullptr,
        "rsync-TLS mover: RuntimeDefault, Localhost or Unconfined", true, "T"},
    {ReplicationFlags::Flag::CronSpec, "cronspec", nullptr, "cron spec", true, "'*/5 * * * *'"},
    {ReplicationFlags::Flag::KeepSchedule, "keep-schedule", nullptr, "keep the schedule", false, nullptr},
    {ReplicationFlags::Flag::Timeout, "timeout", nullptr, "sync timeout", true, "30m"},
    {ReplicationFlags::Flag::AllowPrivilegedMovers, "allow-privileged-movers", nullptr, "annotate the namespaces",
        false, nullptr},
    {ReplicationFlags::Flag::AddressTimeout, "address-timeout", nullptr, "address timeout", true, "D"},
    {ReplicationFlags::Flag::KeepSnapshot, "keep-snapshot", nullptr, "keep the snapshot", false, nullptr},
    {ReplicationFlags::Flag::DryRun, "dry-run", nullptr, "only show", false, nullptr},
    {ReplicationFlags::Flag::Force, "force", nullptr, "remove the file anyway", false, nullptr},
    {ReplicationFlags::Flag::Output, "output", "o", "format", true, nullptr},
    {ReplicationFlags::Flag::Watch, "watch", "w", "print changes", false, nullptr},
    {ReplicationFlags::Flag::For, "for", nullptr, "synced or healthy", true, "synced|healthy"},
    {ReplicationFlags::Flag::RpoTarget, "rpo-target", nullptr, "duration or none", true, "4h|none"},
    {ReplicationFlags::Flag::Planned, "planned", nullptr, "sync one last time, then promote", false, nullptr},
    {ReplicationFlags::Flag::Unplanned, "unplanned", nullptr, "promote what the destination has", false, nullptr},
    {ReplicationFlags::Flag::To, "to", nullptr, "the PVC to restore into", true, "[context/]namespace/pvc"},
    {ReplicationFlags::Flag::RestorePoint, "restore-point", nullptr, "the VolumeSnapshot to restore", true, "SNAPSHOT"},
    {ReplicationFlags::Flag::KeepRestorePoint, "keep-restore-point", nullptr, "keep the snapshot labelled afterwards",
        false, nullptr},
    {ReplicationFlags::Flag::CreateNamespace, "create-namespace", nullptr, "create the target namespace when missing",
        false, nullptr},
    {ReplicationFlags::Flag::ReverseName, "reverse-name", nullptr, "the reverse relationship", true, "NAME"},
    {ReplicationFlags::Flag::Object, "object", nullptr, "an RS or RD instead of -r", true,
        "[CONTEXT/]NAMESPACE/KIND/NAME"},
    {ReplicationFlags::Flag::Side, "side", nullptr, "which side: its mover log, or its debug mover", true,
        "source|destination"},
    {ReplicationFlags::Flag::Follow, "follow", "f", "follow the log", false, nullptr},
    {ReplicationFlags::Flag::Previous, "previous", nullptr, "the run before the last restart", false, nullptr},
    {ReplicationFlags::Flag::Tail, "tail", nullptr, "the last lines only", true, "N"},
};

const Entry &entry(ReplicationFlags::Flag flag)
{
    for (const Entry &e : kFlags) {
        if (e.flag == flag)
            return e;
    }
    Q_UNREACHABLE();
}

} // namespace

QString ReplicationFlags::name(Flag flag)
{
    return QLatin1String(entry(flag).name);
}

bool ReplicationFlags::takesValue(Flag flag)
{
    return entry(flag).value;
}

QList<ReplicationFlags::Flag> ReplicationFlags::flagsOf(const QString &subcommand)
{
    const QList<Flag> security = moverSecurityFlags();
    if (subcommand == QLatin1String("create"))
        return {Flag::RsyncTls};
    if (subcommand == QLatin1String("set-source"))
        return QList<Flag> {
                   Flag::PvcName, Flag::CopyMethod, Flag::AccessModes, Flag::StorageClass, Flag::VolumeSnapshotClass}
        + security;
    if (subcommand == QLatin1String("set-destination"))
        return QList<Flag> {Flag::Destination, Flag::CopyMethod, Flag::Capacity, Flag::AccessModes, Flag::ServiceType,
                   Flag::StorageClass, Flag::VolumeSnapshotClass}
        + security;
    if (subcommand == QLatin1String("schedule"))
        return {Flag::CronSpec, Flag::AllowPrivilegedMovers, Flag::AddressTimeout};
    if (subcommand == QLatin1String("sync"))
        return {Flag::KeepSchedule, Flag::Timeout, Flag::AllowPrivilegedMovers, Flag::AddressTimeout};
    if (subcommand == QLatin1String("delete"))
        return {Flag::KeepSnapshot, Flag::DryRun, Flag::Force};
    if (subcommand == QLatin1String("status"))
        return {Flag::Output, Flag::Watch};
    if (subcommand == QLatin1String("list"))
        return {Flag::Output};
    if (subcommand == QLatin1String("wait"))
        return {Flag::For, Flag::Timeout};
    if (subcommand == QLatin1String("set-rpo-target"))
        return {Flag::RpoTarget};
    if (subcommand == QLatin1String("failover"))
        return {Flag::Planned, Flag::Unplanned, Flag::To, Flag::RestorePoint, Flag::KeepRestorePoint,
            Flag::CreateNamespace, Flag::DryRun, Flag::Timeout};
    if (subcommand == QLatin1String("test-failover"))
        return {
            Flag::To, Flag::RestorePoint, Flag::KeepRestorePoint, Flag::CreateNamespace, Flag::DryRun, Flag::Timeout};
    if (subcommand == QLatin1String("end-test"))
        return {Flag::To, Flag::DryRun};
    if (subcommand == QLatin1String("failback"))
        return {Flag::ReverseName};
    if (subcommand == QLatin1String("restore-points"))
        return {Flag::Output};
    if (subcommand == QLatin1String("logs"))
        return {Flag::Object, Flag::Side, Flag::Follow, Flag::Previous, Flag::Tail};
    if (subcommand == QLatin1String("debug-mover"))
        return {Flag::Object, Flag::Side};
    if (subcommand == QLatin1String("events") || subcommand == QLatin1String("timeline"))
        return {Flag::Object, Flag::Watch};
    if (subcommand == QLatin1String("diagnose") || subcommand == QLatin1String("bundle"))
        return {Flag::Object, Flag::Output};
    return {};
}

QList<ReplicationFlags::Flag> ReplicationFlags::flagsOfAny(const QStringList &subcommands)
{
    QList<Flag> flags {Flag::Relationship};
    for (const QString &subcommand : subcommands) {
        const QList<Flag> own = flagsOf(subcommand);
        for (const Flag flag : own) {
            if (!flags.contains(flag))
                flags.append(flag);
        }
    }
    return flags;
}

bool ReplicationFlags::isRequired(Flag flag, const QString &subcommand)
{
    return flag == Flag::Relationship || (flag == Flag::PvcName && subcommand == QLatin1String("set-source"))
        || (flag == Flag::Destination && subcommand == QLatin1String("set-destination"))
        || (flag == Flag::CronSpec && subcommand == QLatin1String("schedule"))
        || (flag == Flag::For && subcommand == QLatin1String("wait"))
        || (flag == Flag::RpoTarget && subcommand == QLatin1String("set-rpo-target"));
}

QList<ReplicationFlags::Flag> ReplicationFlags::moverSecurityFlags()
{
    return {Flag::RunAsUser, Flag::RunAsGroup, Flag::FsGroup, Flag::RunAsNonRoot, Flag::SeccompProfileType};
}

QString ReplicationFlags::valueHint(Flag flag, const QString &subcommand)
{
    if (flag == Flag::CopyMethod)
        return subcommand == QLatin1String("set-source") ? QStringLiteral("Clone|Snapshot|Direct|None")
                                                         : QStringLiteral("Snapshot|Direct|None");
    if (flag == Flag::Output) {
        if (subcommand == QLatin1String("status"))
            return QStringLiteral("json|yaml");
        return subcommand == QLatin1String("bundle") ? QStringLiteral("FILE") : QStringLiteral("json");
    }
    const char *hint = entry(flag).valueHint;
    return hint ? QLatin1String(hint) : QString();
}

QString ReplicationFlags::usageOf(Flag flag, const QString &subcommand)
{
    const Entry &e = entry(flag);
    // -r and -o are written short, as kubectl's users know them; other short names go with their long one.
    QString text = option(flag);
    if (flag == Flag::Relationship || flag == Flag::Output)
        text = QLatin1Char('-') + QLatin1String(e.shortName);
    else if (e.shortName)
        text = QLatin1Char('-') + QLatin1String(e.shortName) + QLatin1Char('|') + text;
    const QString hint = valueHint(flag, subcommand);
    if (e.value && !hint.isEmpty())
        text += QLatin1Char(' ') + hint;
    return isRequired(flag, subcommand) ? text : QLatin1Char('[') + text + QLatin1Char(']');
}

QStringList ReplicationFlags::usageOf(const QString &subcommand)
{
    // The mover security flags and the address timeout are told once, in a note (usageNotes()).
    QList<Flag> told = moverSecurityFlags();
    told.append(Flag::AddressTimeout);
    QStringList items;
    const QList<Flag> flags = flagsOf(subcommand);
    for (const Flag flag : flags) {
        if (!told.contains(flag))
            items.append(usageOf(flag, subcommand));
    }
    return items;
}

QStringList ReplicationFlags::usageNotes()
{
    QStringList security;
    const QList<Flag> flags = moverSecurityFlags();
    for (const Flag flag : flags)
        security.append(option(flag));
    const QString last = security.takeLast();
    return {QStringLiteral("rsync-TLS relationships (create %1) also take %2 and %3 on set-source and set-destination.")
                .arg(option(Flag::RsyncTls), security.join(QStringLiteral(", ")), last),
        QStringLiteral("schedule and sync also take %1 %2 (default 10m).")
            .arg(option(Flag::AddressTimeout), valueHint(Flag::AddressTimeout, QStringLiteral("schedule")))};
}

QCommandLineOption ReplicationFlags::commandLineOption(Flag flag, const QString &subcommand)
{
    const Entry &e = entry(flag);
    QStringList names;
    if (e.shortName)
        names.append(QLatin1String(e.shortName));
    names.append(QLatin1String(e.name));
    if (!e.value)
        return QCommandLineOption(names, QLatin1String(e.description));
    QCommandLineOption option(names, QLatin1String(e.description), QLatin1String(e.name));
    if (flag == Flag::CopyMethod)
        option.setDefaultValue(
            subcommand == QLatin1String("set-source") ? QStringLiteral("Clone") : QStringLiteral("Snapshot"));
    else if (flag == Flag::ServiceType)
        option.setDefaultValue(QStringLiteral("ClusterIP"));
    return option;
}
