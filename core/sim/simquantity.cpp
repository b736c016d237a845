// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simquantity.h"

qint64 SimQuantity::bytes(const QString &quantity)
{
    static const struct {
        const char *suffix;
        double factor;
    } units[] = {{"Ki", 1024.0}, {"Mi", 1024.0 * 1024}, {"Gi", 1024.0 * 1024 * 1024},
        {"Ti", 1024.0 * 1024 * 1024 * 1024}, {"k", 1e3}, {"M", 1e6}, {"G", 1e9}, {"T", 1e12}};
    for (const auto &unit : units) {
        if (quantity.endsWith(QLatin1String(unit.suffix))) {
            bool ok = false;
            const double value = quantity.chopped(int(qstrlen(unit.suffix))).toDouble(&ok);
            return ok ? qint64(value * unit.factor) : 0;
        }
    }
    bool ok = false;
    const double value = quantity.toDouble(&ok);
    return ok ? qint64(value) : 0;
}
