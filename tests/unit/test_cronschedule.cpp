// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/cronschedule.h"

#include <QFile>
#include <QTest>

class TestCronSchedule : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void crdPatternIsTheCrds();
    void validity_data();
    void validity();
    void next_data();
    void next();
    void nextRuns();
    void nextKeepsTimeSpec();
    void matches();
    void timeZonePrefix();
    void description_data();
    void description();
};

static QDateTime utc(const char *text)
{
    QDateTime t = QDateTime::fromString(QLatin1String(text), Qt::ISODate);
    t.setTimeSpec(Qt::UTC);
    return t;
}

void TestCronSchedule::crdPatternIsTheCrds()
{
    QFile crd(QStringLiteral(VOLSYNC_SHARED_DIR "/reference/crds/volsync.backube_replicationsources.yaml"));
    if (!crd.open(QIODevice::ReadOnly)) {
        QSKIP("the shared CRDs are not available");
    }
    const QString text = QString::fromUtf8(crd.readAll());
    const qsizetype at = text.indexOf(QLatin1String("schedule:"));
    QVERIFY(at >= 0);
    const qsizetype patternAt = text.indexOf(QLatin1String("pattern: "), at);
    QVERIFY(patternAt > at);
    const qsizetype lineEnd = text.indexOf(QLatin1Char('\n'), patternAt);
    const QString pattern = text.mid(patternAt + 9, lineEnd - patternAt - 9).trimmed();
    QCOMPARE(CronSchedule::crdPattern(), pattern);
}

void TestCronSchedule::validity_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<bool>("crd");

    QTest::newRow("every 5 minutes") << QStringLiteral("*/5 * * * *") << true << true;
    QTest::newRow("every minute") << QStringLiteral("* * * * *") << true << true;
    QTest::newRow("daily") << QStringLiteral("30 2 * * *") << true << true;
    QTest::newRow("list") << QStringLiteral("0,15,30,45 * * * *") << true << true;
    QTest::newRow("range") << QStringLiteral("0 9 * * 1-5") << true << true;
    QTest::newRow("range with step") << QStringLiteral("0 1-23/2 * * *") << true << true;
    QTest::newRow("single with step") << QStringLiteral("5/15 * * * *") << true << true;
    QTest::newRow("no spaces between") << QStringLiteral("*****") << false << true;
    QTest::newRow("hourly") << QStringLiteral("@hourly") << true << true;
    QTest::newRow("daily descriptor") << QStringLiteral("@daily") << true << true;
    QTest::newRow("weekly") << QStringLiteral("@weekly") << true << true;
    QTest::newRow("monthly") << QStringLiteral("@monthly") << true << true;
    QTest::newRow("yearly") << QStringLiteral("@yearly") << true << true;
    QTest::newRow("annually") << QStringLiteral("@annually") << true << true;
    QTest::newRow("midnight") << QStringLiteral("@midnight") << true << false;
    QTest::newRow("every") << QStringLiteral("@every 5m") << true << false;
    QTest::newRow("every bad") << QStringLiteral("@every soon") << false << false;
    QTest::newRow("unknown descriptor") << QStringLiteral("@reboot") << false << false;
    QTest::newRow("descriptor with junk") << QStringLiteral("@hourly junk") << false << true;
    QTest::newRow("junk before fields") << QStringLiteral("x 1 2 3 4 5") << false << true;
    QTest::newRow("names") << QStringLiteral("0 0 * jan mon") << true << false;
    QTest::newRow("name range") << QStringLiteral("0 0 * * Mon-Fri") << true << false;
    QTest::newRow("question mark") << QStringLiteral("0 0 ? * *") << true << false;
    QTest::newRow("four fields") << QStringLiteral("* * * *") << false << false;
    QTest::newRow("six fields") << QStringLiteral("0 * * * * *") << false << true;
    QTest::newRow("minute 60") << QStringLiteral("60 * * * *") << false << true;
    QTest::newRow("hour 24") << QStringLiteral("0 24 * * *") << false << true;
    QTest::newRow("day 0") << QStringLiteral("0 0 0 * *") << false << true;
    QTest::newRow("month 13") << QStringLiteral("0 0 1 13 *") << false << true;
    QTest::newRow("dow 7") << QStringLiteral("0 0 * * 7") << false << true;
    QTest::newRow("reversed range") << QStringLiteral("0 5-1 * * *") << false << true;
    QTest::newRow("step zero") << QStringLiteral("*/0 * * * *") << false << true;
    QTest::newRow("empty") << QString() << false << false;
    // robfig accepts a time zone prefix, and the CRD's pattern (anchored only at the end) lets it through.
    QTest::newRow("time zone") << QStringLiteral("TZ=UTC 0 0 * * *") << true << true;
    QTest::newRow("cron time zone") << QStringLiteral("CRON_TZ=UTC @daily") << true << false;
    QTest::newRow("unknown time zone") << QStringLiteral("TZ=Nowhere/Atlantis 0 0 * * *") << false << true;
    QTest::newRow("time zone only") << QStringLiteral("TZ=UTC") << false << false;
}

void TestCronSchedule::validity()
{
    QFETCH(QString, spec);
    QFETCH(bool, valid);
    QFETCH(bool, crd);
    const CronSchedule schedule = CronSchedule::parse(spec);
    QCOMPARE(schedule.isValid(), valid);
    QCOMPARE(schedule.errorString().isEmpty(), valid);
    QCOMPARE(CronSchedule::matchesCrdPattern(spec), crd);
    QCOMPARE(schedule.acceptedByCrd(), crd);
    QCOMPARE(schedule.isUsableByVolSync(), valid && crd);
    QCOMPARE(schedule.spec(), spec);
}

void TestCronSchedule::next_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QDateTime>("after");
    QTest::addColumn<QDateTime>("expected");

    QTest::newRow("every 5 min") << QStringLiteral("*/5 * * * *") << utc("2024-03-01T10:02:30")
                                 << utc("2024-03-01T10:05:00");
    QTest::newRow("strictly after") << QStringLiteral("*/5 * * * *") << utc("2024-03-01T10:05:00")
                                    << utc("2024-03-01T10:10:00");
    QTest::newRow("every minute") << QStringLiteral("* * * * *") << utc("2024-03-01T10:02:59")
                                  << utc("2024-03-01T10:03:00");
    QTest::newRow("hour rollover") << QStringLiteral("*/5 * * * *") << utc("2024-03-01T10:58:00")
                                   << utc("2024-03-01T11:00:00");
    QTest::newRow("daily later today") << QStringLiteral("30 2 * * *") << utc("2024-03-01T01:00:00")
                                       << utc("2024-03-01T02:30:00");
    QTest::newRow("daily tomorrow") << QStringLiteral("30 2 * * *") << utc("2024-03-01T02:30:00")
                                    << utc("2024-03-02T02:30:00");
    QTest::newRow("year rollover") << QStringLiteral("@daily") << utc("2024-12-31T23:59:00")
                                   << utc("2025-01-01T00:00:00");
    QTest::newRow("hourly") << QStringLiteral("@hourly") << utc("2024-03-01T10:00:00") << utc("2024-03-01T11:00:00");
    // 2024-03-01 is a Friday.
    QTest::newRow("weekly sunday") << QStringLiteral("@weekly") << utc("2024-03-01T10:00:00")
                                   << utc("2024-03-03T00:00:00");
    QTest::newRow("weekdays") << QStringLiteral("0 9 * * 1-5") << utc("2024-03-01T10:00:00")
                              << utc("2024-03-04T09:00:00");
    QTest::newRow("monthly") << QStringLiteral("@monthly") << utc("2024-03-01T00:00:00") << utc("2024-04-01T00:00:00");
    QTest::newRow("yearly") << QStringLiteral("@yearly") << utc("2024-03-01T00:00:00") << utc("2025-01-01T00:00:00");
    QTest::newRow("leap day") << QStringLiteral("0 0 29 2 *") << utc("2024-03-01T00:00:00")
                              << utc("2028-02-29T00:00:00");
    QTest::newRow("31st skips short months")
        << QStringLiteral("0 0 31 * *") << utc("2024-04-01T00:00:00") << utc("2024-05-31T00:00:00");
    // Both day fields restricted: either matches (the 15th, or a Monday).
    QTest::newRow("dom or dow") << QStringLiteral("0 0 15 * 1") << utc("2024-03-01T00:00:00")
                                << utc("2024-03-04T00:00:00");
    // A day-of-week "*" makes day-of-month alone decide.
    QTest::newRow("dom and star") << QStringLiteral("0 0 15 * *") << utc("2024-03-01T00:00:00")
                                  << utc("2024-03-15T00:00:00");
    // "*/2" in day-of-week is not a star: either day field matches (3rd is a Sunday = 0).
    QTest::newRow("dom or stepped dow") << QStringLiteral("0 0 20 * */2") << utc("2024-03-01T00:00:00")
                                        << utc("2024-03-02T00:00:00");
    QTest::newRow("names") << QStringLiteral("0 0 1 jun *") << utc("2024-03-01T00:00:00") << utc("2024-06-01T00:00:00");
    QTest::newRow("never") << QStringLiteral("0 0 30 2 *") << utc("2024-03-01T00:00:00") << QDateTime();
    QTest::newRow("every duration") << QStringLiteral("@every 90s") << utc("2024-03-01T10:00:00")
                                    << utc("2024-03-01T10:01:30");
    QTest::newRow("invalid") << QStringLiteral("nope") << utc("2024-03-01T10:00:00") << QDateTime();
}

void TestCronSchedule::next()
{
    QFETCH(QString, spec);
    QFETCH(QDateTime, after);
    QFETCH(QDateTime, expected);
    const QDateTime got = CronSchedule::parse(spec).next(after);
    QCOMPARE(got.isValid(), expected.isValid());
    if (expected.isValid()) {
        QCOMPARE(got.toUTC(), expected);
    }
}

void TestCronSchedule::nextRuns()
{
    const CronSchedule schedule = CronSchedule::parse(QStringLiteral("0,30 1 * * *"));
    const QList<QDateTime> runs = schedule.nextRuns(utc("2024-03-01T01:10:00"), 4);
    const QList<QDateTime> expected {
        utc("2024-03-01T01:30:00"), utc("2024-03-02T01:00:00"), utc("2024-03-02T01:30:00"), utc("2024-03-03T01:00:00")};
    QCOMPARE(runs, expected);
    QVERIFY(CronSchedule::parse(QStringLiteral("0 0 30 2 *")).nextRuns(utc("2024-03-01T01:10:00"), 3).isEmpty());
    QVERIFY(schedule.nextRuns(utc("2024-03-01T01:10:00"), 0).isEmpty());
}

void TestCronSchedule::nextKeepsTimeSpec()
{
    const QDateTime after = utc("2024-03-01T10:02:00");
    const QDateTime got = CronSchedule::parse(QStringLiteral("*/5 * * * *")).next(after);
    QCOMPARE(got.timeSpec(), Qt::UTC);
    QCOMPARE(got.time().second(), 0);
}

void TestCronSchedule::matches()
{
    const CronSchedule schedule = CronSchedule::parse(QStringLiteral("*/15 2 * * *"));
    QVERIFY(schedule.matches(utc("2024-03-01T02:15:00")));
    QVERIFY(schedule.matches(utc("2024-03-01T02:45:59")));
    QVERIFY(!schedule.matches(utc("2024-03-01T02:16:00")));
    QVERIFY(!schedule.matches(utc("2024-03-01T03:15:00")));
    QVERIFY(!CronSchedule().matches(utc("2024-03-01T02:15:00")));
}

void TestCronSchedule::timeZonePrefix()
{
    const CronSchedule utcSchedule = CronSchedule::parse(QStringLiteral("TZ=UTC 30 2 * * *"));
    QCOMPARE(utcSchedule.next(utc("2024-03-01T01:00:00")), utc("2024-03-01T02:30:00"));
    QCOMPARE(utcSchedule.description(), QStringLiteral("daily at 02:30 (UTC time)"));
    const QTimeZone tokyo("Asia/Tokyo");
    if (!tokyo.isValid()) {
        QSKIP("no time zone database");
    }
    // 09:00 in Tokyo (UTC+9, no daylight saving) is 00:00 UTC.
    const CronSchedule schedule = CronSchedule::parse(QStringLiteral("TZ=Asia/Tokyo 0 9 * * *"));
    QVERIFY(schedule.isValid());
    const QDateTime next = schedule.next(utc("2024-03-01T00:30:00"));
    QCOMPARE(next, utc("2024-03-02T00:00:00"));
    QCOMPARE(next.timeSpec(), Qt::UTC);
    QVERIFY(schedule.matches(utc("2024-03-05T00:00:00")));
    QVERIFY(!schedule.matches(utc("2024-03-05T09:00:00")));
}

void TestCronSchedule::description_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("description");

    QTest::newRow("every minute") << QStringLiteral("* * * * *") << QStringLiteral("every minute");
    QTest::newRow("every 5 minutes") << QStringLiteral("*/5 * * * *") << QStringLiteral("every 5 minutes");
    QTest::newRow("hourly") << QStringLiteral("@hourly") << QStringLiteral("every hour at minute 0");
    QTest::newRow("hourly at 15 and 45") << QStringLiteral("15,45 * * * *")
                                         << QStringLiteral("every hour at minutes 15 and 45");
    QTest::newRow("daily") << QStringLiteral("30 2 * * *") << QStringLiteral("daily at 02:30");
    QTest::newRow("midnight") << QStringLiteral("@midnight") << QStringLiteral("daily at 00:00");
    QTest::newRow("twice a day") << QStringLiteral("0 6,18 * * *") << QStringLiteral("at 06:00 and 18:00");
    QTest::newRow("every 2 hours") << QStringLiteral("0 */2 * * *") << QStringLiteral("every 2 hours at minute 0");
    QTest::newRow("weekly") << QStringLiteral("@weekly") << QStringLiteral("weekly on Sunday at 00:00");
    QTest::newRow("weekdays") << QStringLiteral("0 9 * * 1-5") << QStringLiteral("at 09:00 on Monday to Friday");
    QTest::newRow("monthly") << QStringLiteral("@monthly") << QStringLiteral("monthly on day 1 of the month at 00:00");
    QTest::newRow("yearly") << QStringLiteral("@yearly") << QStringLiteral("yearly on January 1 at 00:00");
    QTest::newRow("in months") << QStringLiteral("0 3 * 1,7 *") << QStringLiteral("daily at 03:00 in January and July");
    QTest::newRow("every") << QStringLiteral("@every 5m") << QStringLiteral("every 5m0s");
    QTest::newRow("invalid") << QStringLiteral("x") << QStringLiteral("invalid schedule");
}

void TestCronSchedule::description()
{
    QFETCH(QString, spec);
    QFETCH(QString, description);
    QCOMPARE(CronSchedule::parse(spec).description(), description);
}

QTEST_GUILESS_MAIN(TestCronSchedule)
#include "test_cronschedule.moc"
