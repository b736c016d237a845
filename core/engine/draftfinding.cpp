// SPDX-License-Identifier: GPL-3.0-or-later
#include "draftfinding.h"

#include "common/sentencetext.h"

QString DraftFinding::sentence(const QString &text)
{
    return sentenceText(text);
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
