// SPDX-License-Identifier: GPL-3.0-or-later
#include "kubetimes.h"

namespace {

/// The number of `count` decimal digits at `at`, or -1.
int digits(QStringView text, qsizetype at, int count)
{
    int value = 0;
    for (int i = 0; i < count; ++i) {
        const char16_t c = text.at(at + i).unicode();
        if (c < u'0' || c > u'9')
            return -1;
        value = value * 10 + (c - u'0');
    }
    return value;
}

} // namespace

QDateTime parseKubeTime(QStringView text)
{
    // "YYYY-MM-DDTHH:MM:SSZ"
    if (text.size() == 20 && text.at(4) == u'-' && text.at(7) == u'-' && text.at(10) == u'T' && text.at(13) == u':'
        && text.at(16) == u':' && text.at(19) == u'Z') {
        const int year = digits(text, 0, 4);
        const int month = digits(text, 5, 2);
        const int day = digits(text, 8, 2);
        const int hour = digits(text, 11, 2);
        const int minute = digits(text, 14, 2);
        const int second = digits(text, 17, 2);
        // Out of the usual ranges (24:00:00, a leap second, a bad date): Qt's reader decides.
        if (year >= 0 && month >= 0 && day >= 0 && hour >= 0 && hour < 24 && minute >= 0 && minute < 60 && second >= 0
            && second < 60 && QDate::isValid(year, month, day))
            return QDateTime(QDate(year, month, day), QTime(hour, minute, second), Qt::UTC);
    }
    if (text.isEmpty())
        return {};
    const QDateTime time = QDateTime::fromString(text.toString(), Qt::ISODateWithMs);
    return time.isValid() ? time.toUTC() : QDateTime();
}
