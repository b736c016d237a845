// SPDX-License-Identifier: GPL-3.0-or-later
#include "draftcommandline.h"

#include "replicationflags.h"

#include "relationshipdraft.h"

namespace {

using Flag = ReplicationFlags::Flag;

/// A value as the shell needs it: quoted when it has spaces or shell characters.
QString quoted(const QString &value)
{
    static const QString kSpecial = QStringLiteral(" *?$\"'\\|&;<>()[]{}#~");
    for (const QChar c : value) {
        if (kSpecial.contains(c))
            return QLatin1Char('"') + value + QLatin1Char('"');
    }
    return value;
}

QString flag(Flag f, const QString &value = QString())
{
    const QString name = QLatin1Char(' ') + ReplicationFlags::option(f);
    return ReplicationFlags::takesValue(f) ? name + QLatin1Char(' ') + quoted(value) : name;
}

QString security(const MoverSecurityContext &context)
{
    QString out;
    if (context.runAsUser)
        out += flag(Flag::RunAsUser, QString::number(*context.runAsUser));
    if (context.runAsGroup)
        out += flag(Flag::RunAsGroup, QString::number(*context.runAsGroup));
    if (context.fsGroup)
        out += flag(Flag::FsGroup, QString::number(*context.fsGroup));
    if (context.runAsNonRoot.value_or(false))
        out += flag(Flag::RunAsNonRoot);
    if (context.seccompProfileType)
        out += flag(Flag::SeccompProfileType, *context.seccompProfileType);
    return out;
}

} // namespace

QStringList commandLine(const RelationshipDraft &draft)
{
    const QString base = QStringLiteral("volsyncctl replication -r ") + quoted(draft.name());
    QStringList commands;
    if (draft.createDestinationNamespace())
        commands.append(QStringLiteral("kubectl --context %1 create namespace %2")
                            .arg(draft.destinationContext(), draft.destinationNamespace()));
    const auto &original = draft.original();
    if (!original || (draft.rsyncTls() && !original->rsyncTls))
        commands.append(base + QStringLiteral(" create") + (draft.rsyncTls() ? flag(Flag::RsyncTls) : QString()));
    if (draft.sourceDiffers()) {
        const SourceSettings s = draft.sourceSettings();
        QString source = base + QStringLiteral(" set-source") + flag(Flag::PvcName, s.pvc.toString())
            + flag(Flag::CopyMethod, s.copyMethod);
        if (!s.accessModes.isEmpty())
            source += flag(Flag::AccessModes, s.accessModes.join(QLatin1Char(',')));
        if (s.storageClassName)
            source += flag(Flag::StorageClass, *s.storageClassName);
        if (s.volumeSnapshotClassName)
            source += flag(Flag::VolumeSnapshotClass, *s.volumeSnapshotClassName);
        commands.append(source + security(s.moverSecurityContext));
    }
    if (draft.destinationDiffers()) {
        const DestinationSettings d = draft.destinationSettings();
        QString destination = base + QStringLiteral(" set-destination")
            + flag(Flag::Destination, d.destination.toString()) + flag(Flag::CopyMethod, d.copyMethod);
        if (d.capacity)
            destination += flag(Flag::Capacity, *d.capacity);
        if (!d.accessModes.isEmpty())
            destination += flag(Flag::AccessModes, d.accessModes.join(QLatin1Char(',')));
        if (d.storageClassName)
            destination += flag(Flag::StorageClass, *d.storageClassName);
        if (d.volumeSnapshotClassName)
            destination += flag(Flag::VolumeSnapshotClass, *d.volumeSnapshotClassName);
        destination += flag(Flag::ServiceType, d.serviceType);
        commands.append(destination + security(d.moverSecurityContext));
    }
    const QString privileged = draft.allowPrivilegedMovers() ? flag(Flag::AllowPrivilegedMovers) : QString();
    if (draft.cronSpec().isEmpty())
        commands.append(base + QStringLiteral(" sync") + privileged);
    else
        commands.append(base + QStringLiteral(" schedule") + flag(Flag::CronSpec, draft.cronSpec()) + privileged);
    return commands;
}
