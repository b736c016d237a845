// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

/// A support bundle as a person gets it: unpacked with tar, and every file its manifest lists read and checked
/// against the manifest's SHA-256. The troubleshooting tests (CLI and GUI) read their bundles with it.
struct ExtractedBundle {
    QString root; ///< the bundle's top folder, unpacked
    QStringList listed; ///< the manifest's paths, in its order
    QMap<QString, QByteArray> files; ///< each listed file's content, by path

    /// All listed files, one after the other (to search the whole bundle for a secret).
    [[nodiscard]] QByteArray everything() const;

    /// Unpacks `bundle` into `folder` (made when missing). Nothing, with the reason in `error`, when tar fails,
    /// the bundle has not exactly one top folder, the manifest is missing, or a file is missing or differs from
    /// its checksum.
    [[nodiscard]] static std::optional<ExtractedBundle> read(
        const QString &bundle, const QString &folder, QString *error);
};
