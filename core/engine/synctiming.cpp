// SPDX-License-Identifier: GPL-3.0-or-later
#include "synctiming.h"

#include <QLocale>

namespace {

QString seconds(qint64 ms)
{
    return QLocale().toString(ms / 1000.0, 'f', 1);
}

} // namespace

QString SyncTiming::describe(qint64 wallMs, qint64 moverMs)
{
    if (moverMs < 0)
        return QStringLiteral("Sync now finished after %1 s.").arg(seconds(wallMs));
    // Half a second of slack: the two clocks are read at slightly different moments.
    if (moverMs <= wallMs + 500)
        return QStringLiteral("Sync now finished after %1 s; the mover ran %2 s of it, the rest was spent waiting "
                              "for it to start and report.")
            .arg(seconds(wallMs), seconds(qMin(moverMs, wallMs)));
    const double factor = wallMs > 0 ? double(moverMs) / double(wallMs) : 0.0;
    return QStringLiteral("Sync now finished after %1 s by this computer's clock. VolSync reports that the mover took "
                          "%2 s: the cluster's clock runs %3 times as fast as this computer's (a simulator with a "
                          "scaled clock).")
        .arg(seconds(wallMs), seconds(moverMs), QLocale().toString(factor, 'f', 1));
}
