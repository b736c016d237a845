// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace volsync {

/// The text shown instead of a secret value in logs, errors and the GUI.
[[nodiscard]] QString redactedMarker();

/// A header value safe to log: credentials (Authorization, Proxy-Authorization, Cookie) are masked,
/// keeping only the scheme ("Bearer <redacted>").
[[nodiscard]] QByteArray redactHeaderValue(const QByteArray &headerName, const QByteArray &value);

/// Masks every occurrence of `secret` (when it is at least 4 characters long) in `text`.
[[nodiscard]] QString redactSecret(QString text, const QString &secret);

} // namespace volsync
