// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "replicationfinding.h"
#include "troubleshootsnapshot.h"

#include <QByteArray>
#include <QString>

/// What goes into a support bundle besides the troubleshooter's snapshot.
struct SupportBundleContent {
    TroubleshootSnapshot snapshot;
    ReplicationFindings findings;
    QByteArray relationshipFile; ///< the relationship's YAML file as stored (empty for an unmanaged object)
    QByteArray activityLog; ///< the app's activity log (text)
    QString appVersion;
};

/// A support bundle: one .tar.gz with the relationship file, every object of both sides (RS/RD, Jobs, Pods,
/// PVCs, Services, VolumeSnapshots, the namespace) as JSON, their Events, the mover logs, the diagnosis and the
/// activity log, and manifest.json listing each file with its size and SHA-256. Nothing secret goes in: the
/// snapshot holds no Secret (names only), managedFields and environment values that look like credentials are
/// dropped, and logs and the activity log pass through redaction (tokens, passwords in URLs, private keys).
/// Written atomically (QSaveFile): the file is complete or not there.
class SupportBundle
{
public:
    /// Writes the bundle to `path`; false with a message naming the file and the problem.
    [[nodiscard]] static bool write(const QString &path, const SupportBundleContent &content, QString *error);
    /// Text with secrets masked: PEM private key blocks, bearer tokens, passwords in URLs, "token=" values.
    [[nodiscard]] static QString redacted(const QString &text);
    /// A gzip stream (RFC 1952) of `data`.
    [[nodiscard]] static QByteArray gzip(const QByteArray &data);
    /// A ustar archive of (path, contents) pairs, in order.
    [[nodiscard]] static QByteArray tar(const QList<QPair<QString, QByteArray>> &files, const QDateTime &mtime);
};
