// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/// Text from outside (relationship files, server messages, object names) made safe for a terminal:
/// control characters (C0 but newline and tab, DEL, C1) are dropped, so escape sequences cannot move
/// the cursor, recolour, retitle or hide the output. A lone ESC becomes "^[" so it stays visible.
[[nodiscard]] QString terminalSafeText(const QString &text);
