// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QJsonValue>
#include <QString>
#include <QStringList>

/// Makes two answers comparable and lists where they differ. Values that differ by nature between two servers
/// (uids, resourceVersions, timestamps, generated name suffixes, allocated IPs and node ports, continue tokens)
/// become placeholders that keep their presence; managedFields are dropped.
class DiffNormalizer
{
public:
    [[nodiscard]] static QJsonValue normalize(const QJsonValue &value);
    /// "path: simulator X, kube-apiserver Y" for every difference not covered by `skips` (path prefix -> reason).
    [[nodiscard]] static QStringList differences(
        const QJsonValue &simulator, const QJsonValue &real, const QHash<QString, QString> &skips);
    /// Whether `path` is covered by a skip entry (exact, or a prefix ending before "." or "["; "[*]" matches any
    /// index).
    [[nodiscard]] static bool skipped(const QString &path, const QHash<QString, QString> &skips);
};
