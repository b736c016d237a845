// SPDX-License-Identifier: GPL-3.0-or-later
#include "storagequantity.h"

#include <QRegularExpression>

#include <cmath>

std::optional<double> StorageQuantity::bytes(const QString &text)
{
    static const QRegularExpression kQuantity(
        QStringLiteral("^\\+?([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$"));
    const QRegularExpressionMatch m = kQuantity.match(text.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    bool ok = false;
    const double number = m.captured(1).toDouble(&ok);
    if (!ok)
        return std::nullopt;
    const QString suffix = m.captured(2);
    double factor = 1;
    if (suffix.endsWith(QLatin1Char('i'))) {
        static const QString kBinary = QStringLiteral("KMGTPE");
        factor = std::pow(1024.0, double(kBinary.indexOf(suffix.at(0)) + 1));
    } else if (suffix.startsWith(QLatin1Char('e')) || suffix.startsWith(QLatin1Char('E'))) {
        if (suffix.size() > 1) {
            factor = std::pow(10.0, suffix.mid(1).toDouble());
        } else {
            factor = 1e18; // "E" alone: exa
        }
    } else if (!suffix.isEmpty()) {
        static const QList<std::pair<QChar, double>> kDecimal {{QLatin1Char('n'), 1e-9}, {QLatin1Char('u'), 1e-6},
            {QLatin1Char('m'), 1e-3}, {QLatin1Char('k'), 1e3}, {QLatin1Char('M'), 1e6}, {QLatin1Char('G'), 1e9},
            {QLatin1Char('T'), 1e12}, {QLatin1Char('P'), 1e15}};
        for (const auto &[c, f] : kDecimal) {
            if (suffix.at(0) == c)
                factor = f;
        }
    }
    return number * factor;
}

std::optional<int> StorageQuantity::compare(const QString &left, const QString &right)
{
    const auto l = bytes(left);
    const auto r = bytes(right);
    if (!l || !r)
        return std::nullopt;
    return *l < *r ? -1 : (*l > *r ? 1 : 0);
}
