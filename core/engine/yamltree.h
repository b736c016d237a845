// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QString>
#include <QVariant>

/// A YAML document as a QVariant tree (maps with lowercased keys, lists, strings, integers,
/// booleans), read with yaml-cpp and written the way Go's yaml.v3 writes a viper config:
/// 4-space indent, sorted keys, empty lists as `[]`, empty maps and nulls dropped.
class YamlTree
{
public:
    /// Parses `text`. On failure returns false and sets `error` to a message with the line number.
    /// `lines` receives the 1-based line of each key, by dotted path ("data.source.pvcname").
    /// A document that expands (aliases included) to more than MaxValues values is refused.
    static bool parse(const QByteArray &text, QVariant *tree, QString *error, QHash<QString, int> *lines = nullptr);

    /// Real relationship files hold about 30 values; this leaves room for any hand-written one.
    static constexpr qint64 MaxValues = 20000;

    /// Writes a map in yaml.v3 style.
    [[nodiscard]] static QByteArray write(const QVariantMap &tree);

    /// How yaml.v3 writes one string scalar: plain, 'single' or "double" quoted.
    [[nodiscard]] static QString quoteScalar(const QString &value);
};
