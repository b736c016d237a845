// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QtGlobal>

#include <optional>

/// Parses a Go duration string ("500ms", "2s", "1m30s", "28.732770544s", "-1.5h")
/// into nanoseconds. Returns nothing for anything Go's time.ParseDuration rejects.
[[nodiscard]] std::optional<qint64> parseGoDuration(const QString &text);

/// Formats nanoseconds the way Go's time.Duration.String() does ("1m50.2s", "28.732770544s", "0s").
[[nodiscard]] QString formatGoDuration(qint64 nanoseconds);
