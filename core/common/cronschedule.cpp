// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/cronschedule.h"

#include "common/godurations.h"

#include <QRegularExpression>
#include <QStringList>

#include <functional>

namespace {

struct FieldBounds {
    const char *name;
    int min;
    int max;
};

constexpr FieldBounds kMinute {"minute", 0, 59};
constexpr FieldBounds kHour {"hour", 0, 23};
constexpr FieldBounds kDayOfMonth {"day of month", 1, 31};
constexpr FieldBounds kMonth {"month", 1, 12};
constexpr FieldBounds kDayOfWeek {"day of week", 0, 6};

const char *const kMonthNames[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
const char *const kDayNames[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
const char *const kMonthLong[] = {"January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"};
const char *const kDayLong[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

quint64 bitsBetween(int from, int to)
{
    quint64 bits = 0;
    for (int i = from; i <= to; ++i) {
        bits |= quint64(1) << i;
    }
    return bits;
}

bool parseNumber(const QString &text, const FieldBounds &bounds, int *value)
{
    if (text.isEmpty()) {
        return false;
    }
    bool ok = false;
    bool digitsOnly = true;
    for (const QChar c : text) {
        digitsOnly = digitsOnly && c >= QLatin1Char('0') && c <= QLatin1Char('9');
    }
    if (digitsOnly) {
        *value = text.toInt(&ok);
        return ok;
    }
    const QString lower = text.toLower();
    if (&bounds == &kMonth) {
        for (int i = 0; i < 12; ++i) {
            if (lower == QLatin1String(kMonthNames[i])) {
                *value = i + 1;
                return true;
            }
        }
    } else if (&bounds == &kDayOfWeek) {
        for (int i = 0; i < 7; ++i) {
            if (lower == QLatin1String(kDayNames[i])) {
                *value = i;
                return true;
            }
        }
    }
    return false;
}

// Parses one field (a comma-separated list) into a bit set; `star` reports robfig's "star bit":
// the field is "*" or "?" without a step greater than one.
bool parseField(const QString &field, const FieldBounds &bounds, quint64 *bits, bool *star, QString *error)
{
    *bits = 0;
    *star = false;
    const auto fail = [&](const QString &part, const QString &why) {
        *error = QStringLiteral("%1 field \"%2\": %3").arg(QLatin1String(bounds.name), part, why);
        return false;
    };
    const QStringList parts = field.split(QLatin1Char(','));
    for (const QString &part : parts) {
        const QStringList rangeAndStep = part.split(QLatin1Char('/'));
        if (rangeAndStep.size() > 2) {
            return fail(part, QStringLiteral("more than one \"/\""));
        }
        const QStringList lowHigh = rangeAndStep.at(0).split(QLatin1Char('-'));
        if (lowHigh.size() > 2) {
            return fail(part, QStringLiteral("more than one \"-\""));
        }
        int start = 0;
        int end = 0;
        bool partStar = false;
        if (lowHigh.at(0) == QLatin1String("*") || lowHigh.at(0) == QLatin1String("?")) {
            if (lowHigh.size() > 1) {
                return fail(part, QStringLiteral("\"*\" cannot start a range"));
            }
            start = bounds.min;
            end = bounds.max;
            partStar = true;
        } else {
            if (!parseNumber(lowHigh.at(0), bounds, &start)) {
                return fail(part, QStringLiteral("\"%1\" is not a number").arg(lowHigh.at(0)));
            }
            end = start;
            if (lowHigh.size() == 2 && !parseNumber(lowHigh.at(1), bounds, &end)) {
                return fail(part, QStringLiteral("\"%1\" is not a number").arg(lowHigh.at(1)));
            }
        }
        int step = 1;
        if (rangeAndStep.size() == 2) {
            bool ok = false;
            step = rangeAndStep.at(1).toInt(&ok);
            if (!ok || rangeAndStep.at(1).startsWith(QLatin1Char('+'))) {
                return fail(part, QStringLiteral("the step \"%1\" is not a number").arg(rangeAndStep.at(1)));
            }
            if (lowHigh.size() == 1 && !partStar) {
                end = bounds.max; // "N/step" means "N-max/step"
            }
            if (step > 1) {
                partStar = false;
            }
        }
        if (start < bounds.min) {
            return fail(part, QStringLiteral("%1 is below the minimum %2").arg(start).arg(bounds.min));
        }
        if (end > bounds.max) {
            return fail(part, QStringLiteral("%1 is above the maximum %2").arg(end).arg(bounds.max));
        }
        if (start > end) {
            return fail(part, QStringLiteral("the range starts after it ends"));
        }
        if (step <= 0) {
            return fail(part, QStringLiteral("the step must be at least 1"));
        }
        for (int i = start; i <= end; i += step) {
            *bits |= quint64(1) << i;
        }
        *star = *star || partStar;
    }
    return true;
}

QString twoDigits(int value)
{
    return QStringLiteral("%1").arg(value, 2, 10, QLatin1Char('0'));
}

// The set bits of `bits` in [min, max] as a list of values.
QList<int> values(quint64 bits, int min, int max)
{
    QList<int> result;
    for (int i = min; i <= max; ++i) {
        if (bits & (quint64(1) << i)) {
            result.append(i);
        }
    }
    return result;
}

// When the set bits form "from min every `step`" (e.g. 0,5,10,...,55) returns the step, else 0.
int uniformStep(quint64 bits, int min, int max)
{
    const QList<int> v = values(bits, min, max);
    if (v.size() < 2 || v.first() != min) {
        return 0;
    }
    const int step = v.at(1) - v.at(0);
    for (int i = 1; i < v.size(); ++i) {
        if (v.at(i) - v.at(i - 1) != step) {
            return 0;
        }
    }
    return v.last() + step > max ? step : 0;
}

// "1, 2 and 5" / "1 to 5" / "Monday, Wednesday and Friday".
QString joinValues(const QList<int> &v, const std::function<QString(int)> &name)
{
    bool consecutive = v.size() > 2;
    for (int i = 1; i < v.size() && consecutive; ++i) {
        consecutive = v.at(i) == v.at(i - 1) + 1;
    }
    if (consecutive) {
        return QStringLiteral("%1 to %2").arg(name(v.first()), name(v.last()));
    }
    QStringList names;
    for (const int value : v) {
        names.append(name(value));
    }
    if (names.size() == 1) {
        return names.first();
    }
    const QString last = names.takeLast();
    return names.join(QStringLiteral(", ")) + QStringLiteral(" and ") + last;
}

QString plural(int count, const QString &unit)
{
    return count == 1 ? unit : QStringLiteral("%1 %2s").arg(count).arg(unit);
}

} // namespace

CronSchedule CronSchedule::parse(const QString &spec)
{
    CronSchedule schedule;
    schedule.mSpec = spec;
    QString trimmed = spec.trimmed();
    if (trimmed.startsWith(QLatin1String("TZ=")) || trimmed.startsWith(QLatin1String("CRON_TZ="))) {
        const qsizetype space = trimmed.indexOf(QLatin1Char(' '));
        const qsizetype equals = trimmed.indexOf(QLatin1Char('='));
        const QString zone = space < 0 ? trimmed.mid(equals + 1) : trimmed.mid(equals + 1, space - equals - 1);
        schedule.mTimeZone = QTimeZone(zone.toUtf8());
        if (zone.isEmpty() || !schedule.mTimeZone.isValid()) {
            schedule.mError = QStringLiteral("unknown time zone \"%1\"").arg(zone);
            return schedule;
        }
        trimmed = space < 0 ? QString() : trimmed.mid(space + 1).trimmed();
    }
    if (trimmed.isEmpty()) {
        schedule.mError = QStringLiteral("the cron spec is empty");
        return schedule;
    }
    if (trimmed.startsWith(QLatin1Char('@'))) {
        static const struct {
            const char *name;
            const char *fields;
        } descriptors[] = {
            {"@yearly", "0 0 1 1 *"},
            {"@annually", "0 0 1 1 *"},
            {"@monthly", "0 0 1 * *"},
            {"@weekly", "0 0 * * 0"},
            {"@daily", "0 0 * * *"},
            {"@midnight", "0 0 * * *"},
            {"@hourly", "0 * * * *"},
        };
        for (const auto &d : descriptors) {
            if (trimmed == QLatin1String(d.name)) {
                schedule.mValid = schedule.parseFields(QLatin1String(d.fields));
                return schedule;
            }
        }
        if (trimmed.startsWith(QLatin1String("@every "))) {
            const auto ns = parseGoDuration(trimmed.mid(7).trimmed());
            if (!ns || *ns <= 0) {
                schedule.mError = QStringLiteral("\"%1\" has no valid positive duration").arg(trimmed);
                return schedule;
            }
            // robfig rounds the delay to whole seconds, at least one.
            schedule.mEverySeconds = qMax<qint64>(1, *ns / 1000000000LL);
            schedule.mValid = true;
            return schedule;
        }
        schedule.mError = QStringLiteral("unknown descriptor \"%1\"").arg(trimmed);
        return schedule;
    }
    schedule.mValid = schedule.parseFields(trimmed);
    return schedule;
}

bool CronSchedule::parseFields(const QString &text)
{
    static const QRegularExpression whitespace(QStringLiteral("\\s+"));
    const QStringList fields = text.split(whitespace, Qt::SkipEmptyParts);
    if (fields.size() != 5) {
        mError = QStringLiteral("expected exactly 5 fields (minute hour day-of-month month day-of-week), found %1")
                     .arg(fields.size());
        return false;
    }
    bool unusedStar = false;
    if (!parseField(fields.at(0), kMinute, &mMinutes, &unusedStar, &mError)
        || !parseField(fields.at(1), kHour, &mHours, &unusedStar, &mError)
        || !parseField(fields.at(2), kDayOfMonth, &mDaysOfMonth, &mDomStar, &mError)
        || !parseField(fields.at(3), kMonth, &mMonths, &unusedStar, &mError)
        || !parseField(fields.at(4), kDayOfWeek, &mDaysOfWeek, &mDowStar, &mError)) {
        return false;
    }
    mError.clear();
    return true;
}

QString CronSchedule::crdPattern()
{
    return QStringLiteral(
        "^(@(annually|yearly|monthly|weekly|daily|hourly))|((((\\d+,)*\\d+|(\\d+(\\/|-)\\d+)|\\*(\\/\\d+)?)\\s?){5})$");
}

bool CronSchedule::matchesCrdPattern(const QString &spec)
{
    // Kubernetes evaluates the pattern with Go's RE2 (\d and \s are ASCII there; without
    // UseUnicodePropertiesOption PCRE2 agrees for \d; \s additionally matches \v, which no one types).
    static const QRegularExpression pattern(crdPattern());
    return pattern.match(spec).hasMatch();
}

bool CronSchedule::dayMatches(const QDate &date) const
{
    const bool dom = mDaysOfMonth & (quint64(1) << date.day());
    const bool dow = mDaysOfWeek & (quint64(1) << (date.dayOfWeek() % 7));
    if (mDomStar || mDowStar) {
        return dom && dow;
    }
    return dom || dow;
}

bool CronSchedule::matches(const QDateTime &time) const
{
    if (!mValid || mEverySeconds > 0 || !time.isValid()) {
        return false;
    }
    const QDateTime zoned = mTimeZone.isValid() ? time.toTimeZone(mTimeZone) : time;
    const QDate date = zoned.date();
    const QTime t = zoned.time();
    return (mMonths & (quint64(1) << date.month())) && dayMatches(date) && (mHours & (quint64(1) << t.hour()))
        && (mMinutes & (quint64(1) << t.minute()));
}

QDateTime CronSchedule::next(const QDateTime &after) const
{
    if (!mValid || !after.isValid()) {
        return {};
    }
    if (!mTimeZone.isValid() || mEverySeconds > 0) {
        return nextInOwnSpec(after);
    }
    const QDateTime result = nextInOwnSpec(after.toTimeZone(mTimeZone));
    if (!result.isValid()) {
        return {};
    }
    switch (after.timeSpec()) {
    case Qt::UTC:
        return result.toUTC();
    case Qt::LocalTime:
        return result.toLocalTime();
    case Qt::OffsetFromUTC:
        return result.toOffsetFromUtc(after.offsetFromUtc());
    case Qt::TimeZone:
        return result.toTimeZone(after.timeZone());
    }
    return result;
}

QDateTime CronSchedule::nextInOwnSpec(const QDateTime &after) const
{
    if (mEverySeconds > 0) {
        // robfig's ConstantDelaySchedule: after + delay, truncated to the second.
        QDateTime base = after.addSecs(mEverySeconds);
        base.setTime(QTime(base.time().hour(), base.time().minute(), base.time().second()));
        return base;
    }
    // Start at the next whole minute strictly after `after`.
    QDate date = after.date();
    int hour = after.time().hour();
    int minute = after.time().minute() + 1;
    const int yearLimit = date.year() + 5;
    const auto roll = [&]() {
        if (minute > 59) {
            minute = 0;
            ++hour;
        }
        if (hour > 23) {
            hour = 0;
            date = date.addDays(1);
        }
    };
    roll();
    while (date.year() <= yearLimit) {
        if (!(mMonths & (quint64(1) << date.month()))) {
            date = QDate(date.year(), date.month(), 1).addMonths(1);
            hour = 0;
            minute = 0;
            continue;
        }
        if (!dayMatches(date)) {
            date = date.addDays(1);
            hour = 0;
            minute = 0;
            continue;
        }
        if (!(mHours & (quint64(1) << hour))) {
            ++hour;
            minute = 0;
            roll();
            continue;
        }
        if (!(mMinutes & (quint64(1) << minute))) {
            ++minute;
            roll();
            continue;
        }
        QDateTime result = after;
        result.setDate(date);
        result.setTime(QTime(hour, minute));
        if (result <= after) {
            // Only possible around a daylight-saving change in local time: try the next minute.
            ++minute;
            roll();
            continue;
        }
        return result;
    }
    return {};
}

QList<QDateTime> CronSchedule::nextRuns(const QDateTime &after, int count) const
{
    QList<QDateTime> runs;
    QDateTime from = after;
    for (int i = 0; i < count; ++i) {
        from = next(from);
        if (!from.isValid()) {
            break;
        }
        runs.append(from);
    }
    return runs;
}

QString CronSchedule::description() const
{
    if (!mValid) {
        return QStringLiteral("invalid schedule");
    }
    if (mEverySeconds > 0) {
        return QStringLiteral("every %1").arg(formatGoDuration(mEverySeconds * 1000000000LL));
    }
    if (mTimeZone.isValid()) {
        CronSchedule plain = *this;
        plain.mTimeZone = QTimeZone();
        return plain.description() + QStringLiteral(" (%1 time)").arg(QString::fromUtf8(mTimeZone.id()));
    }
    const quint64 allMinutes = bitsBetween(0, 59);
    const quint64 allHours = bitsBetween(0, 23);
    const quint64 allDom = bitsBetween(1, 31);
    const quint64 allMonths = bitsBetween(1, 12);
    const quint64 allDow = bitsBetween(0, 6);
    const bool everyMonth = mMonths == allMonths;
    const QList<int> minutes = values(mMinutes, 0, 59);
    const QList<int> hours = values(mHours, 0, 23);

    // The time-of-day part.
    QString timePart;
    if (mMinutes == allMinutes && mHours == allHours) {
        timePart = QStringLiteral("every minute");
    } else if (mHours == allHours) {
        const int step = uniformStep(mMinutes, 0, 59);
        if (step > 0) {
            timePart = QStringLiteral("every %1").arg(plural(step, QStringLiteral("minute")));
        } else {
            timePart = QStringLiteral("every hour at %1 %2")
                           .arg(minutes.size() == 1 ? QStringLiteral("minute") : QStringLiteral("minutes"),
                               joinValues(minutes, [](int m) { return QString::number(m); }));
        }
    } else if (minutes.size() == 1 && hours.size() <= 4) {
        QStringList times;
        for (const int h : hours) {
            times.append(twoDigits(h) + QLatin1Char(':') + twoDigits(minutes.first()));
        }
        const QString last = times.takeLast();
        timePart = QStringLiteral("at ")
            + (times.isEmpty() ? last : times.join(QStringLiteral(", ")) + QStringLiteral(" and ") + last);
    } else {
        const int hourStep = uniformStep(mHours, 0, 23);
        const QString minutePart = mMinutes == allMinutes
            ? QStringLiteral("every minute")
            : QStringLiteral("at %1 %2")
                  .arg(minutes.size() == 1 ? QStringLiteral("minute") : QStringLiteral("minutes"),
                      joinValues(minutes, [](int m) { return QString::number(m); }));
        if (hourStep > 0) {
            timePart = QStringLiteral("every %1 %2").arg(plural(hourStep, QStringLiteral("hour")), minutePart);
        } else {
            timePart = QStringLiteral("%1 during hours %2").arg(minutePart, joinValues(hours, [](int h) {
                return QString::number(h);
            }));
        }
    }

    // The calendar part.
    const auto dayName = [](int d) { return QLatin1String(kDayLong[d]); };
    const auto monthName = [](int m) { return QLatin1String(kMonthLong[m - 1]); };
    const auto dayNumber = [](int d) { return QString::number(d); };
    QStringList calendar;
    const bool domRestricted = mDaysOfMonth != allDom;
    const bool dowRestricted = mDaysOfWeek != allDow;
    const QList<int> days = values(mDaysOfMonth, 1, 31);
    const QList<int> weekdays = values(mDaysOfWeek, 0, 6);
    const QList<int> months = values(mMonths, 1, 12);
    const bool singleDate = domRestricted && !dowRestricted && days.size() == 1 && months.size() == 1;
    if (singleDate) {
        calendar.append(QStringLiteral("on %1 %2").arg(monthName(months.first())).arg(days.first()));
    } else {
        if (domRestricted && dowRestricted && !mDomStar && !mDowStar) {
            calendar.append(QStringLiteral("on day %1 of the month or on %2")
                                .arg(joinValues(days, dayNumber), joinValues(weekdays, dayName)));
        } else if (domRestricted) {
            calendar.append(QStringLiteral("on %1 %2 of the month")
                                .arg(days.size() == 1 ? QStringLiteral("day") : QStringLiteral("days"),
                                    joinValues(days, dayNumber)));
        } else if (dowRestricted) {
            calendar.append(QStringLiteral("on %1").arg(joinValues(weekdays, dayName)));
        }
        if (!everyMonth) {
            calendar.append(QStringLiteral("in %1").arg(joinValues(months, monthName)));
        }
    }

    const bool onceADay = minutes.size() == 1 && hours.size() == 1;
    if (calendar.isEmpty()) {
        return onceADay ? QStringLiteral("daily ") + timePart : timePart;
    }
    if (onceADay && !domRestricted && !dowRestricted) {
        return QStringLiteral("daily ") + timePart + QLatin1Char(' ') + calendar.join(QLatin1Char(' '));
    }
    if (onceADay && everyMonth && !domRestricted && weekdays.size() == 1) {
        return QStringLiteral("weekly ") + calendar.first() + QLatin1Char(' ') + timePart;
    }
    if (onceADay && everyMonth && !dowRestricted && days.size() == 1) {
        return QStringLiteral("monthly ") + calendar.first() + QLatin1Char(' ') + timePart;
    }
    if (onceADay && singleDate) {
        return QStringLiteral("yearly ") + calendar.first() + QLatin1Char(' ') + timePart;
    }
    return timePart + QLatin1Char(' ') + calendar.join(QLatin1Char(' '));
}
