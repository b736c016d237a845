// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QTimeZone>
#include <QtGlobal>

/// A cron schedule as VolSync evaluates spec.trigger.schedule (robfig/cron v3 with the
/// standard five fields plus descriptors).
///
/// Two separate questions are answered:
/// - isValid(): is the text a cron spec the controller can evaluate? Five fields
///   (minute hour day-of-month month day-of-week) of numbers, ranges "a-b", steps "x/n",
///   lists "a,b", "*" and "?", month names (jan..dec) and day names (sun..sat), or one of
///   the descriptors @yearly @annually @monthly @weekly @daily @midnight @hourly @every <duration>, optionally
///   after a robfig time zone prefix "TZ=<IANA zone> " or "CRON_TZ=<IANA zone> ".
/// - acceptedByCrd(): does the text pass the ReplicationSource CRD pattern for
///   spec.trigger.schedule? The pattern (see crdPattern()) is an alternation whose first branch is
///   anchored only at the start and whose second branch only at the end, so it is looser than it
///   looks in some places ("@hourly junk") and stricter in others: names, "@midnight" and
///   "@every 5m" are rejected by the API server even though the cron library would accept them.
/// A schedule is usable by VolSync only when both hold (isUsableByVolSync()).
///
/// Time zone: next() evaluates the fields in the time spec of the QDateTime it is given (VolSync
/// uses the controller's local time zone), or in the zone of a TZ= prefix, and answers in the given time's
/// spec. The simulator passes UTC times and so schedules in UTC.
/// Like robfig/cron, next() returns the first matching minute strictly after the given time, and when
/// both day-of-month and day-of-week are restricted (neither starts with "*" or "?"), a day matches
/// if either matches.
class CronSchedule
{
public:
    /// An invalid schedule.
    CronSchedule() = default;

    /// Parses a spec; on failure the result is invalid and errorString() says why.
    [[nodiscard]] static CronSchedule parse(const QString &spec);

    /// True when the text matches the CRD's pattern for spec.trigger.schedule.
    [[nodiscard]] static bool matchesCrdPattern(const QString &spec);
    /// The CRD's pattern, verbatim.
    [[nodiscard]] static QString crdPattern();

    [[nodiscard]] bool isValid() const { return mValid; }
    [[nodiscard]] QString spec() const { return mSpec; }
    /// Why the spec is not a valid cron spec (empty when valid).
    [[nodiscard]] QString errorString() const { return mError; }
    [[nodiscard]] bool acceptedByCrd() const { return matchesCrdPattern(mSpec); }
    [[nodiscard]] bool isUsableByVolSync() const { return mValid && acceptedByCrd(); }

    /// The first run strictly after `after`, in after's time spec. Invalid when the schedule is
    /// invalid or never matches within five years (e.g. "0 0 30 2 *").
    [[nodiscard]] QDateTime next(const QDateTime &after) const;
    /// The next `count` runs after `after`.
    [[nodiscard]] QList<QDateTime> nextRuns(const QDateTime &after, int count) const;
    /// True when the minute of `time` is a run time (seconds are ignored; never true for @every).
    [[nodiscard]] bool matches(const QDateTime &time) const;

    /// Plain language: "every 5 minutes", "every hour at minute 0", "daily at 02:30", ...
    [[nodiscard]] QString description() const;
    /// The zone of a TZ= / CRON_TZ= prefix (invalid when there is none).
    [[nodiscard]] QTimeZone timeZone() const { return mTimeZone; }

private:
    bool parseFields(const QString &fields);
    [[nodiscard]] bool dayMatches(const QDate &date) const;
    [[nodiscard]] QDateTime nextInOwnSpec(const QDateTime &after) const;

    QString mSpec;
    QString mError;
    bool mValid = false;
    quint64 mMinutes = 0; // bit n = minute n
    quint64 mHours = 0;
    quint64 mDaysOfMonth = 0; // bits 1..31
    quint64 mMonths = 0; // bits 1..12
    quint64 mDaysOfWeek = 0; // bits 0..6, 0 = Sunday
    bool mDomStar = false;
    bool mDowStar = false;
    qint64 mEverySeconds = 0; // > 0 for "@every <duration>"
    QTimeZone mTimeZone; // from a TZ= prefix
};
