// SPDX-License-Identifier: GPL-3.0-or-later
#include "replicationflags.h"

namespace {

struct Entry {
    ReplicationFlags::Flag flag;
    const char *name;
    const char *shortName; ///< nullptr when none
    const char *description;
    bool value;
};

// The table.
constexpr Entry kFlags[] = {
    {ReplicationFlags::Flag::Relationship, "relationship", "r", "relationship name", true},
    {ReplicationFlags::Flag::RsyncTls, "rsynctls", nullptr, "use rsync-TLS", false},
    {ReplicationFlags::Flag::PvcName, "pvcname", nullptr, "[context/]namespace/name", true},
    {ReplicationFlags::Flag::CopyMethod, "copymethod", nullptr, "copy method", true},
    {ReplicationFlags::Flag::AccessModes, "accessmodes", nullptr, "access modes", true},
    {ReplicationFlags::Flag::StorageClass, "storageclass", nullptr, "StorageClass", true},
    {ReplicationFlags::Flag::VolumeSnapshotClass, "volumesnapshotclass", nullptr, "VolumeSnapshotClass", true},
    {ReplicationFlags::Flag::Destination, "destination", nullptr, "[context/]namespace/name", true},
    {ReplicationFlags::Flag::Capacity, "capacity", nullptr, "capacity", true},
    {ReplicationFlags::Flag::ServiceType, "servicetype", nullptr, "service type", true},
    {ReplicationFlags::Flag::RunAsUser, "runasuser", nullptr, "rsync-TLS mover: runAsUser", true},
    {ReplicationFlags::Flag::RunAsGroup, "runasgroup", nullptr, "rsync-TLS mover: runAsGroup", true},
    {ReplicationFlags::Flag::FsGroup, "fsgroup", nullptr, "rsync-TLS mover: fsGroup", true},
    {ReplicationFlags::Flag::RunAsNonRoot, "runasnonroot", nullptr, "rsync-TLS mover: runAsNonRoot", false},
    {ReplicationFlags::Flag::SeccompProfileType, "seccompprofiletype", nullptr,
        "rsync-TLS mover: RuntimeDefault, Localhost or Unconfined", true},
    {ReplicationFlags::Flag::CronSpec, "cronspec", nullptr, "cron spec", true},
    {ReplicationFlags::Flag::KeepSchedule, "keep-schedule", nullptr, "keep the schedule", false},
    {ReplicationFlags::Flag::Timeout, "timeout", nullptr, "sync timeout", true},
    {ReplicationFlags::Flag::AllowPrivilegedMovers, "allow-privileged-movers", nullptr, "annotate the namespaces",
        false},
    {ReplicationFlags::Flag::AddressTimeout, "address-timeout", nullptr, "address timeout", true},
    {ReplicationFlags::Flag::KeepSnapshot, "keep-snapshot", nullptr, "keep the snapshot", false},
    {ReplicationFlags::Flag::DryRun, "dry-run", nullptr, "only show", false},
    {ReplicationFlags::Flag::Force, "force", nullptr, "remove the file anyway", false},
    {ReplicationFlags::Flag::Output, "output", "o", "format", true},
    {ReplicationFlags::Flag::Watch, "watch", nullptr, "print changes", false},
    {ReplicationFlags::Flag::For, "for", nullptr, "synced or healthy", true},
    {ReplicationFlags::Flag::RpoTarget, "rpo-target", nullptr, "duration or none", true},
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
    const QList<Flag> security {
        Flag::RunAsUser, Flag::RunAsGroup, Flag::FsGroup, Flag::RunAsNonRoot, Flag::SeccompProfileType};
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
    return {};
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
