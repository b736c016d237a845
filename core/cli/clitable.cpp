// SPDX-License-Identifier: GPL-3.0-or-later
#include "clitable.h"

#include <algorithm>

QString CliTable::format(const QList<QStringList> &rows)
{
    const qsizetype columns = rows.isEmpty() ? 0 : rows.constFirst().size();
    QList<qsizetype> widths(columns, 0);
    for (const QStringList &cells : rows) {
        for (qsizetype i = 0; i + 1 < columns; ++i)
            widths[i] = std::max(widths[i], std::max<qsizetype>(6, cells.at(i).size() + 3));
    }
    QString text;
    for (const QStringList &cells : rows) {
        QString line;
        for (qsizetype i = 0; i < columns; ++i)
            line += i + 1 < columns ? cells.at(i).leftJustified(widths.at(i)) : cells.at(i);
        while (line.endsWith(QLatin1Char(' ')))
            line.chop(1);
        text += line + QLatin1Char('\n');
    }
    return text;
}
