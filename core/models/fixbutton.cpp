// SPDX-License-Identifier: GPL-3.0-or-later
#include "fixbutton.h"

FixButton FixButton::of(const ReplicationFix &fix, bool relationshipComplete)
{
    FixButton button;
    switch (fix.action) {
    case ReplicationFix::Action::None:
        return button;
    case ReplicationFix::Action::SetUp:
        button.click = Click::OpenSetUp;
        button.text = tr("Set Up…");
        return button;
    case ReplicationFix::Action::Apply:
        button.text = tr("Apply Again");
        break;
    case ReplicationFix::Action::AnnotateAndApply:
        button.text = tr("Annotate Namespaces and Apply");
        break;
    case ReplicationFix::Action::UnlockRestic:
        // Acts on the ReplicationSource itself, so it needs no relationship file at all.
        button.click = Click::RunEngine;
        button.text = tr("Unlock Repository");
        button.operationText = tr("Unlocking the restic repository of %1").arg(fix.object.toString());
        return button;
    case ReplicationFix::Action::SetDebugMover:
        // Annotates the RS/RD itself: no relationship file needed either.
        button.click = Click::RunEngine;
        if (fix.objectKind == QLatin1String("ReplicationDestination")) {
            button.text = fix.enable ? tr("Debug Destination Mover") : tr("Stop Debugging Destination Mover");
        } else {
            button.text = fix.enable ? tr("Debug Source Mover") : tr("Stop Debugging Source Mover");
        }
        button.operationText = fix.enable
            ? tr("Turning on the debug mover of %1 %2").arg(fix.objectKind, fix.object.toString())
            : tr("Turning off the debug mover of %1 %2").arg(fix.objectKind, fix.object.toString());
        return button;
    }
    if (!relationshipComplete) {
        button.click = Click::OpenSetUp;
        return button;
    }
    button.click = Click::RunEngine;
    button.operationText = tr("Applying %1 again to fix its problems").arg(fix.relationship);
    return button;
}
