// SPDX-License-Identifier: GPL-3.0-or-later
#include "terminaltext.h"

QString terminalSafeText(const QString &text)
{
    const auto unsafe = [](char16_t c) { return (c < 0x20 && c != u'\n' && c != u'\t') || (c >= 0x7f && c <= 0x9f); };
    bool clean = true;
    for (const QChar c : text) {
        if (unsafe(c.unicode())) {
            clean = false;
            break;
        }
    }
    if (clean)
        return text;
    QString out;
    out.reserve(text.size() + 8);
    for (const QChar c : text) {
        if (c.unicode() == 0x1b)
            out += QLatin1String("^[");
        else if (c.unicode() == u'\r')
            continue;
        else if (unsafe(c.unicode()))
            out += QChar(0xfffd);
        else
            out += c;
    }
    return out;
}
