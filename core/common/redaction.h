// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

/// The text shown instead of a secret value in logs, errors and the GUI.
[[nodiscard]] QString redactedMarker();

/// A header value safe to log: credentials (Authorization, Proxy-Authorization, Cookie) are masked,
/// keeping only the scheme ("Bearer <redacted>").
[[nodiscard]] QByteArray redactHeaderValue(const QByteArray &headerName, const QByteArray &value);

/// Masks every occurrence of `secret` (when it is at least 4 characters long) in `text`.
[[nodiscard]] QString redactSecret(QString text, const QString &secret);

/// A URL safe to show: a password in its userinfo ("https://admin:pw@host") is replaced by the marker
/// ("https://admin:<redacted>@host"). Text that is not a URL comes back unchanged.
[[nodiscard]] QString redactUrl(const QString &url);

/// Redacts the password of every URL with userinfo inside free text (error messages, log lines).
[[nodiscard]] QString redactUrlsInText(const QString &text);
