// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/godurations.h"

#include <QTest>

class TestGoDurations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data();
    void parse();
    void format_data();
    void format();
};

void TestGoDurations::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("nanoseconds");
    const qint64 s = 1000000000LL;
    QTest::newRow("zero") << QStringLiteral("0") << true << qint64(0);
    QTest::newRow("milliseconds") << QStringLiteral("500ms") << true << qint64(500000000);
    QTest::newRow("seconds") << QStringLiteral("2s") << true << 2 * s;
    QTest::newRow("minute") << QStringLiteral("1m") << true << 60 * s;
    QTest::newRow("compound") << QStringLiteral("1h2m3s") << true << 3723 * s;
    QTest::newRow("fraction") << QStringLiteral("28.732770544s") << true << qint64(28732770544);
    QTest::newRow("fraction minutes") << QStringLiteral("1m50.2s") << true << qint64(110200000000);
    QTest::newRow("microseconds") << QStringLiteral("3us") << true << qint64(3000);
    QTest::newRow("micro sign") << QStringLiteral("3\u00b5s") << true << qint64(3000);
    QTest::newRow("negative") << QStringLiteral("-1.5h") << true << qint64(-5400) * s;
    QTest::newRow("empty") << QString() << false << qint64(0);
    QTest::newRow("no unit") << QStringLiteral("5") << false << qint64(0);
    QTest::newRow("bad unit") << QStringLiteral("5d") << false << qint64(0);
    QTest::newRow("dot only") << QStringLiteral(".s") << false << qint64(0);
    QTest::newRow("space") << QStringLiteral("5 s") << false << qint64(0);
}

void TestGoDurations::parse()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(qint64, nanoseconds);
    const auto parsed = parseGoDuration(text);
    QCOMPARE(parsed.has_value(), valid);
    if (valid)
        QCOMPARE(*parsed, nanoseconds);
}

void TestGoDurations::format_data()
{
    QTest::addColumn<qint64>("nanoseconds");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << qint64(0) << QStringLiteral("0s");
    QTest::newRow("ns") << qint64(12) << QStringLiteral("12ns");
    QTest::newRow("us") << qint64(1500) << QStringLiteral("1.5\u00b5s");
    QTest::newRow("ms") << qint64(500000000) << QStringLiteral("500ms");
    QTest::newRow("seconds") << qint64(28732770544) << QStringLiteral("28.732770544s");
    QTest::newRow("minutes") << qint64(110200000000) << QStringLiteral("1m50.2s");
    QTest::newRow("hours") << qint64(3723000000000) << QStringLiteral("1h2m3s");
    QTest::newRow("whole minute") << qint64(60000000000) << QStringLiteral("1m0s");
    QTest::newRow("negative") << qint64(-2000000000) << QStringLiteral("-2s");
}

void TestGoDurations::format()
{
    QFETCH(qint64, nanoseconds);
    QFETCH(QString, text);
    QCOMPARE(formatGoDuration(nanoseconds), text);
    QCOMPARE(parseGoDuration(text), std::optional<qint64>(nanoseconds));
}

QTEST_GUILESS_MAIN(TestGoDurations)
#include "test_godurations.moc"
