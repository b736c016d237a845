// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simclock.h"

#include <QElapsedTimer>
#include <QTest>

#include <limits>

class TestSimClock : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void startsAtWallClockInUtc();
    void runsFaster();
    void realIntervals_data();
    void realIntervals();
    void advance();
};

void TestSimClock::startsAtWallClockInUtc()
{
    const QDateTime before = QDateTime::currentDateTimeUtc();
    const SimClock clock(1.0);
    const QDateTime now = clock.now();
    QCOMPARE(now.timeSpec(), Qt::UTC);
    QVERIFY(qAbs(before.msecsTo(now)) < 1000);
}

void TestSimClock::runsFaster()
{
    const SimClock clock(100.0);
    QElapsedTimer real;
    real.start();
    const QDateTime start = clock.now();
    QTest::qWait(50);
    const qint64 simulated = start.msecsTo(clock.now());
    const qint64 elapsed = real.elapsed(); // whatever the machine's load: the bound is the time that really passed
    QVERIFY2(simulated >= 4000 && simulated <= elapsed * 100 + 1000,
        qPrintable(QStringLiteral("%1 simulated ms in %2 real ms").arg(simulated).arg(elapsed)));
}

void TestSimClock::realIntervals_data()
{
    QTest::addColumn<double>("scale");
    QTest::addColumn<qint64>("simMs");
    QTest::addColumn<int>("realMs");
    QTest::newRow("real time") << 1.0 << qint64(1500) << 1500;
    QTest::newRow("x1000") << 1000.0 << qint64(20000) << 20;
    QTest::newRow("rounds up") << 1000.0 << qint64(1) << 1;
    QTest::newRow("negative") << 10.0 << qint64(-5) << 0;
    QTest::newRow("capped") << 0.5 << qint64(std::numeric_limits<int>::max()) << std::numeric_limits<int>::max();
    QTest::newRow("invalid scale is 1") << 0.0 << qint64(700) << 700;
}

void TestSimClock::realIntervals()
{
    QFETCH(double, scale);
    QFETCH(qint64, simMs);
    QFETCH(int, realMs);
    QCOMPARE(SimClock(scale).toRealMs(simMs), realMs);
}

void TestSimClock::advance()
{
    SimClock clock(1.0);
    const QDateTime before = clock.now();
    clock.advance(3600 * 1000);
    QVERIFY(before.msecsTo(clock.now()) >= 3600 * 1000);
    QCOMPARE(clock.realMsUntil(before), 0);
}

QTEST_GUILESS_MAIN(TestSimClock)
#include "test_simclock.moc"
