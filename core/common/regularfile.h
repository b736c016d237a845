// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

/// Limits for files that come from other people and other tools.
inline constexpr qint64 MaxKubeconfigBytes = qint64(16) * 1024 * 1024; ///< kubeconfigs embed certificates
inline constexpr qint64 MaxRelationshipFileBytes = qint64(1) * 1024 * 1024; ///< real ones are about 1 KB
inline constexpr qint64 MaxCredentialFileBytes = qint64(4) * 1024 * 1024; ///< CA bundles, keys, token files

/// Reads a whole file, but only a regular one (after following symbolic links) of at most `maxBytes`:
/// /dev/zero, a FIFO, a socket or a directory is refused at once, without blocking or growing.
/// On failure returns false and sets `error` to a reason for a person ("is a FIFO, not a regular file").
bool readRegularFile(const QString &path, qint64 maxBytes, QByteArray *data, QString *error);
