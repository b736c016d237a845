// SPDX-License-Identifier: GPL-3.0-or-later
#include "statustransition.h"

#include <algorithm>

namespace {

bool isFailed(const ReplicationStatus &status)
{
    return status.phase == ReplicationStatus::Phase::Failed;
}

QString reasonOfFailure(const ReplicationStatus &status)
{
    for (const ReplicationFinding &finding : status.problems) {
        if (finding.severity == ReplicationFinding::Severity::Error)
            return finding.message;
    }
    if (status.moverStatus && !status.moverStatus->logs.trimmed().isEmpty())
        return status.moverStatus->logs.trimmed().split(QLatin1Char('\n')).constLast();
    return QStringLiteral("the last mover run failed");
}

} // namespace

QList<StatusTransition> StatusTransition::between(
    const QString &name, const std::optional<ReplicationStatus> &before, const ReplicationStatus &after)
{
    QList<StatusTransition> lines;
    const bool failedNow = isFailed(after) && (!before || !isFailed(*before));
    if (failedNow)
        lines.append(
            {Level::Error, QStringLiteral("%1 is failing: %2 (VolSync retries)").arg(name, reasonOfFailure(after))});
    if (before && isFailed(*before) && !isFailed(after) && after.phase != ReplicationStatus::Phase::NotApplied)
        lines.append({Level::Success, QStringLiteral("%1 works again (%2)").arg(name, after.phaseName())});
    for (const ReplicationFinding &finding : after.problems) {
        if (finding.severity == ReplicationFinding::Severity::Info)
            continue; // transient (an address on its way)
        const bool known = before
            && std::any_of(before->problems.cbegin(), before->problems.cend(),
                [&finding](const ReplicationFinding &f) { return f.kind == finding.kind; });
        if (known)
            continue;
        // The failure line already names VolSync's error.
        if (failedNow && finding.message == reasonOfFailure(after))
            continue;
        lines.append({finding.severity == ReplicationFinding::Severity::Error ? Level::Error : Level::Warning,
            QStringLiteral("%1: %2").arg(name, finding.message)});
    }
    return lines;
}
