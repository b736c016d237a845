// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sim/simcluster.h"

#include <QHash>
#include <QString>

#include <optional>

/// kube-apiserver's --token-auth-file format: CSV lines `token,user,uid,"group1,group2"` (groups optional).
class SimTokenFile
{
public:
    /// Tokens by value; nothing (with *error for a person, never quoting a token) on a malformed line.
    [[nodiscard]] static std::optional<QHash<QString, SimUser>> parse(const QString &text, QString *error);
    [[nodiscard]] static std::optional<QHash<QString, SimUser>> read(const QString &path, QString *error);
};
