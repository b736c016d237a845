// SPDX-License-Identifier: GPL-3.0-or-later
#include "replicationfinding.h"

#include "common/volsyncnames.h"

namespace {

/// Quotes a shell word when it needs it ('*/15 * * * *').
QString shellWord(const QString &word)
{
    static const QString safe = QStringLiteral("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=@");
    bool plain = !word.isEmpty();
    for (const QChar c : word)
        plain = plain && safe.contains(c);
    if (plain)
        return word;
    QString quoted = word;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

} // namespace

QString ReplicationFix::commandLine() const
{
    const QString base = QStringLiteral("volsyncctl replication -r ") + shellWord(relationship);
    switch (action) {
    case Action::None:
        return QString();
    case Action::SetUp:
        return base + QLatin1Char(' ')
            + QString(missingSide == QLatin1String("set-destination")
                    ? QStringLiteral("set-destination --destination [context/]namespace/name")
                    : QStringLiteral("set-source --pvcname [context/]namespace/pvc"));
    case Action::Apply:
    case Action::AnnotateAndApply: {
        QString command = base;
        command += schedule.isEmpty() ? QStringLiteral(" sync")
                                      : QStringLiteral(" schedule --cronspec ") + shellWord(schedule);
        if (action == Action::AnnotateAndApply)
            command += QStringLiteral(" --allow-privileged-movers");
        return command;
    }
    case Action::UnlockRestic:
        return QStringLiteral("kubectl%1 -n %2 patch replicationsource %3 --type merge -p "
                              "'{\"spec\":{\"restic\":{\"unlock\":\"'\"$(date +%s)\"'\"}}}'")
            .arg(object.context.isEmpty() ? QString() : QStringLiteral(" --context ") + shellWord(object.context),
                shellWord(object.namespaceName), shellWord(object.name));
    case Action::SetDebugMover: {
        const QString onOff = enable ? QStringLiteral(" debug-mover on") : QStringLiteral(" debug-mover off");
        const bool source = objectKind == QLatin1String("ReplicationSource");
        if (!relationship.isEmpty())
            return base + onOff + (source ? QStringLiteral(" --side source") : QStringLiteral(" --side destination"));
        return QStringLiteral("volsyncctl replication") + onOff + QStringLiteral(" --object ")
            + shellWord((object.context.isEmpty() ? QString() : object.context + QLatin1Char('/'))
                + QStringList {object.namespaceName, source ? QStringLiteral("rs") : QStringLiteral("rd"), object.name}
                      .join(QLatin1Char('/')));
    }
    }
    return QString();
}

QString ReplicationFix::description() const
{
    const QString keeps = schedule.isEmpty()
        ? QStringLiteral("Then one sync runs now (the relationship has no schedule).")
        : QStringLiteral("The schedule stays %1.").arg(schedule);
    switch (action) {
    case Action::None:
        return QString();
    case Action::SetUp:
        return QStringLiteral("Defines the missing side of %1 (%2).").arg(relationship, missingSide);
    case Action::Apply:
        return QStringLiteral("Applies %1 again: creates what is missing, copies the destination's current keys to "
                              "the source and points the source at the destination's address. %2")
            .arg(relationship, keeps);
    case Action::AnnotateAndApply:
        return QStringLiteral("Annotates both namespaces with volsync.backube/privileged-movers=true, then applies %1 "
                              "again. %2")
            .arg(relationship, keeps);
    case Action::UnlockRestic:
        return QStringLiteral("Sets spec.restic.unlock of ReplicationSource %1 to a new value: VolSync removes the "
                              "repository's locks (restic unlock) before its next backup. Make sure no other backup "
                              "uses the repository now.")
            .arg(object.toString());
    case Action::SetDebugMover:
        return enable
            ? QStringLiteral("Annotates %1 %2 with volsync.backube/enable-debug-mover: VolSync replaces its mover "
                             "Job with one whose pod sleeps instead of moving data, so that you can open a shell in "
                             "it and run the mover's script by hand. No sync happens until it is turned off.")
                  .arg(objectKind, object.toString())
            : QStringLiteral("Removes the volsync.backube/enable-debug-mover annotation from %1 %2: VolSync replaces "
                             "the sleeping debug mover with one that moves data again.")
                  .arg(objectKind, object.toString());
    }
    return QString();
}

QString ReplicationFinding::text() const
{
    QString out = message;
    if (!evidence.isEmpty() && !message.contains(evidence))
        out += QStringLiteral(" (") + evidence + QLatin1Char(')');
    const QString command = fix.commandLine();
    if (!command.isEmpty())
        out += QStringLiteral("; run: ") + command;
    else if (!fix.manualStep.isEmpty())
        out += QStringLiteral("; fix: ") + fix.manualStep;
    return out;
}

QString ReplicationFinding::kindName(Kind kind)
{
    switch (kind) {
    case Kind::NoSource:
        return QStringLiteral("no-source");
    case Kind::NoDestination:
        return QStringLiteral("no-destination");
    case Kind::DestinationMissing:
        return QStringLiteral("destination-missing");
    case Kind::DestinationNotPublished:
        return QStringLiteral("destination-not-published");
    case Kind::SourceMissing:
        return QStringLiteral("source-missing");
    case Kind::AddressChanged:
        return QStringLiteral("address-changed");
    case Kind::MoverMismatch:
        return QStringLiteral("mover-mismatch");
    case Kind::KeySecretMissing:
        return QStringLiteral("key-secret-missing");
    case Kind::KeysStale:
        return QStringLiteral("keys-stale");
    case Kind::PrivilegedMoversMissing:
        return QStringLiteral("privileged-movers-missing");
    case Kind::SourceError:
        return QStringLiteral("source-error");
    case Kind::DestinationError:
        return QStringLiteral("destination-error");
    case Kind::FileUnreadable:
        return QStringLiteral("file-unreadable");
    case Kind::PvcPending:
        return QStringLiteral("pvc-pending");
    case Kind::ServiceNoAddress:
        return QStringLiteral("service-no-address");
    case Kind::ImagePullBackOff:
        return QStringLiteral("image-pull-back-off");
    case Kind::CrashLoopBackOff:
        return QStringLiteral("crash-loop-back-off");
    case Kind::ResticLocked:
        return QStringLiteral("restic-locked");
    case Kind::ConnectionFailed:
        return QStringLiteral("connection-failed");
    case Kind::MoverJobFailed:
        return QStringLiteral("mover-job-failed");
    case Kind::ClockSkew:
        return QStringLiteral("clock-skew");
    case Kind::DebugMoverOn:
        return QStringLiteral("debug-mover-on");
    case Kind::SyncInProgress:
        return QStringLiteral("sync-in-progress");
    case Kind::NoImage:
        return QStringLiteral("no-image");
    case Kind::RestorePointMissing:
        return QStringLiteral("restore-point-missing");
    case Kind::RestorePointNotReady:
        return QStringLiteral("restore-point-not-ready");
    case Kind::TargetExists:
        return QStringLiteral("target-exists");
    case Kind::TargetNamespaceMissing:
        return QStringLiteral("target-namespace-missing");
    case Kind::TargetUnsupported:
        return QStringLiteral("target-unsupported");
    case Kind::SourceUnreachable:
        return QStringLiteral("source-unreachable");
    case Kind::NotFailedOver:
        return QStringLiteral("not-failed-over");
    }
    return QString();
}

QString ReplicationFinding::severityName(Severity severity)
{
    switch (severity) {
    case Severity::Info:
        return QStringLiteral("info");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Error:
        return QStringLiteral("error");
    }
    return QString();
}

QVariantMap ReplicationFinding::toVariantMap() const
{
    QVariantMap m {{QStringLiteral("kind"), kindName(kind)}, {QStringLiteral("severity"), severityName(severity)},
        {QStringLiteral("message"), message}};
    if (!evidence.isEmpty())
        m.insert(QStringLiteral("evidence"), evidence);
    const QString command = fix.commandLine();
    if (!command.isEmpty())
        m.insert(QStringLiteral("fix"), command);
    if (!fix.manualStep.isEmpty())
        m.insert(QStringLiteral("manualStep"), fix.manualStep);
    return m;
}

ReplicationFinding ReplicationFinding::fileUnreadable(const QString &reason)
{
    return {Kind::FileUnreadable, Severity::Error, reason, QString(), ReplicationFix {}};
}
