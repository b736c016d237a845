// SPDX-License-Identifier: GPL-3.0-or-later
// A cron spec of any text: parsing, describing and computing the next runs must not crash or loop.
#include "common/cronschedule.h"

#include <QTimeZone>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256)
        return 0; // real specs are short; longer inputs only slow the search down
    const QString spec = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const CronSchedule schedule = CronSchedule::parse(spec);
    if (!schedule.isValid()) {
        if (schedule.errorString().isEmpty())
            std::abort(); // a refusal always says why
        return 0;
    }
    (void)schedule.description();
    (void)schedule.acceptedByCrd();
    const QDateTime start(QDate(2026, 3, 29), QTime(0, 30), QTimeZone::utc());
    QDateTime previous = start;
    for (const QDateTime &run : schedule.nextRuns(start, 5)) {
        if (!run.isValid() || run <= previous)
            std::abort(); // runs must come in order, after the start
        previous = run;
    }
    return 0;
}
