// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/replicationfinding.h"

#include <QCoreApplication>
#include <QString>

/// How the GUI offers a finding's fix: the one place that maps a ReplicationFix to a button and to what its
/// click does, for the dashboard's problems and the Troubleshoot tab's findings alike. The widget only shows the
/// text and forwards the click (to ReplicationEngine::applyFix or to the set-up wizard).
struct FixButton {
    Q_DECLARE_TR_FUNCTIONS(FixButton)
public:
    enum class Click {
        Nothing, ///< no button: the fix is a step for the user (ReplicationFix::manualStep) or waiting
        OpenSetUp, ///< the wizard opens on the relationship and defines what is missing
        RunEngine, ///< ReplicationEngine::applyFix(fix) runs as an operation
    };

    Click click = Click::Nothing;
    QString text; ///< the button's label ("" for Click::Nothing)
    QString operationText; ///< what the activity log says while the engine runs it ("" unless RunEngine)

    /// `relationshipComplete`: both sides are defined in the file. An unfinished relationship cannot be applied,
    /// so its fixes open the wizard instead.
    [[nodiscard]] static FixButton of(const ReplicationFix &fix, bool relationshipComplete);
};
