// SPDX-License-Identifier: GPL-3.0-or-later
#include "yamlaliasbomb.h"

#include <QStringBuilder>

QByteArray yamlAliasBomb(const QByteArray &head)
{
    QByteArray bomb = head + "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
    char previous = 'a';
    for (char level = 'b'; level <= 'i'; ++level) {
        bomb += QByteArray(1, level) + ": &" + QByteArray(1, level) + " [";
        for (int i = 0; i < 9; ++i)
            bomb += QByteArray(i ? ",*" : "*") + QByteArray(1, previous);
        bomb += "]\n";
        previous = level;
    }
    return bomb;
}
