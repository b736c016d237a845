// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

/// Tables on the terminal, laid out as kubectl's Go tabwriter lays them out (minimum width 6, padding 3, the last
/// column unpadded, no trailing blanks), so that scripts written for `kubectl get` output read ours too.
class CliTable
{
public:
    /// `rows` holds the header first; every row has the header's number of cells.
    [[nodiscard]] static QString format(const QList<QStringList> &rows);
};
