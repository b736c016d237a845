// SPDX-License-Identifier: GPL-3.0-or-later
#include "sentencetext.h"

QString sentenceText(const QString &text)
{
    QString out = text.trimmed();
    if (out.isEmpty())
        return out;
    out[0] = out.at(0).toUpper();
    qsizetype firstLineEnd = out.indexOf(QLatin1Char('\n'));
    if (firstLineEnd < 0)
        firstLineEnd = out.size();
    while (firstLineEnd > 0 && out.at(firstLineEnd - 1).isSpace())
        out.remove(--firstLineEnd, 1);
    static const QString kEnds = QStringLiteral(".?!:)…");
    if (firstLineEnd > 0 && !kEnds.contains(out.at(firstLineEnd - 1)))
        out.insert(firstLineEnd, QLatin1Char('.'));
    return out;
}
