// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/// A message for a person written as a sentence: a capital first letter and a final full stop on its first
/// line (later lines, such as causes and hints, stay as they are). Engine messages are written in the lower
/// case of upstream's CLI so they can be joined ("unable to create relationship: " + reason); the GUI and
/// volsyncctl show them through this. Messages never start with a name, so the capital is always safe.
[[nodiscard]] QString sentenceText(const QString &text);
