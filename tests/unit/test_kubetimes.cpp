// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/kubetimes.h"

#include <QRandomGenerator>
#include <QTest>

class TestKubeTimes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sameAsQt_data();
    void sameAsQt();
    void manyTimesSameAsQt();
};

namespace {
QDateTime qtReading(const QString &text)
{
    const QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    return time.isValid() ? time.toUTC() : QDateTime();
}
} // namespace

void TestKubeTimes::sameAsQt_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::newRow("metav1.Time") << QStringLiteral("2026-12-07T05:30:09Z") << true;
    QTest::newRow("new year") << QStringLiteral("2027-01-01T00:00:00Z") << true;
    QTest::newRow("end of day") << QStringLiteral("2026-12-31T23:59:59Z") << true;
    QTest::newRow("leap day") << QStringLiteral("2028-02-29T12:00:00Z") << true;
    QTest::newRow("no leap day") << QStringLiteral("2027-02-29T12:00:00Z") << false;
    QTest::newRow("31 April") << QStringLiteral("2026-04-31T12:00:00Z") << false;
    QTest::newRow("month 13") << QStringLiteral("2026-13-01T12:00:00Z") << false;
    QTest::newRow("hour 25") << QStringLiteral("2026-12-07T25:00:00Z") << false;
    QTest::newRow("minute 60") << QStringLiteral("2026-12-07T05:60:00Z") << false;
    QTest::newRow("letters") << QStringLiteral("2026-1x-07T05:30:09Z") << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("garbage") << QStringLiteral("yesterday") << false;
    // The other forms go through Qt's reader: the same by construction, checked all the same.
    QTest::newRow("24:00") << QStringLiteral("2026-12-07T24:00:00Z")
                           << qtReading(QStringLiteral("2026-12-07T24:00:00Z")).isValid();
    QTest::newRow("leap second") << QStringLiteral("2026-12-31T23:59:60Z")
                                 << qtReading(QStringLiteral("2026-12-31T23:59:60Z")).isValid();
    QTest::newRow("milliseconds") << QStringLiteral("2026-12-07T05:30:09.250Z") << true;
    QTest::newRow("microseconds") << QStringLiteral("2026-12-07T05:30:09.123456Z") << true;
    QTest::newRow("offset") << QStringLiteral("2026-12-07T07:30:09+02:00") << true;
    QTest::newRow("no zone") << QStringLiteral("2026-12-07T05:30:09") << true;
}

void TestKubeTimes::sameAsQt()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    const QDateTime parsed = parseKubeTime(text);
    QCOMPARE(parsed.isValid(), valid);
    QCOMPARE(parsed, qtReading(text));
    if (valid)
        QCOMPARE(parsed.timeSpec(), Qt::UTC);
}

void TestKubeTimes::manyTimesSameAsQt()
{
    // Every field at and around its bounds, in the usual form.
    QRandomGenerator random(11);
    for (int i = 0; i < 20000; ++i) {
        const QString text = QStringLiteral("%1-%2-%3T%4:%5:%6Z")
                                 .arg(random.bounded(1, 10000), 4, 10, QLatin1Char('0'))
                                 .arg(random.bounded(0, 14), 2, 10, QLatin1Char('0'))
                                 .arg(random.bounded(0, 33), 2, 10, QLatin1Char('0'))
                                 .arg(random.bounded(0, 26), 2, 10, QLatin1Char('0'))
                                 .arg(random.bounded(0, 62), 2, 10, QLatin1Char('0'))
                                 .arg(random.bounded(0, 62), 2, 10, QLatin1Char('0'));
        const QDateTime expected = qtReading(text);
        const QDateTime parsed = parseKubeTime(text);
        if (parsed != expected || parsed.isValid() != expected.isValid())
            QFAIL(qPrintable(QStringLiteral("%1: %2, Qt reads %3")
                                 .arg(text, parsed.toString(Qt::ISODateWithMs), expected.toString(Qt::ISODateWithMs))));
    }
}

QTEST_GUILESS_MAIN(TestKubeTimes)
#include "test_kubetimes.moc"
