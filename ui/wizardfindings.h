// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/draftfinding.h"

#include <QPalette>
#include <QString>

/// How the wizard pages show the preflight's findings: one badge line each, errors first.
class WizardFindings
{
public:
    [[nodiscard]] static QString html(const QList<DraftFinding> &findings, const QPalette &palette);
};
