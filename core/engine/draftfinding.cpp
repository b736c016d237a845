// SPDX-License-Identifier: GPL-3.0-or-later
#include "draftfinding.h"

QString DraftFinding::sentence(const QString &text)
{
    QString out = text.trimmed();
    if (out.isEmpty())
        return out;
    out[0] = out.at(0).toUpper();
    if (!out.endsWith(QLatin1Char('.')) && !out.endsWith(QLatin1Char('?')) && !out.endsWith(QLatin1Char(')')))
        out += QLatin1Char('.');
    return out;
}

QList<DraftFinding> DraftFinding::about(const QList<DraftFinding> &findings, const QList<Field> &fields)
{
    QList<DraftFinding> out;
    for (const DraftFinding &f : findings) {
        if (fields.contains(f.field))
            out.append(f);
    }
    return out;
}

bool DraftFinding::hasError(const QList<DraftFinding> &findings)
{
    for (const DraftFinding &f : findings) {
        if (f.isError())
            return true;
    }
    return false;
}
