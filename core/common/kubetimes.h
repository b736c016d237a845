// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QStringView>

/// Parses a Kubernetes timestamp (RFC 3339, as metav1.Time writes it: "2026-12-07T05:30:00Z") into a UTC
/// QDateTime; invalid for anything Qt's ISO 8601 reader (Qt::ISODateWithMs) rejects. The usual form is read
/// directly (Qt's reader costs a few microseconds, and a watch event carries several times); any other form
/// (fractions, offsets) goes through Qt's reader, so the result is always the same as
/// `QDateTime::fromString(text, Qt::ISODateWithMs).toUTC()`.
[[nodiscard]] QDateTime parseKubeTime(QStringView text);
