// SPDX-License-Identifier: GPL-3.0-or-later
// runInLaterTurn: after the events posted before it and after the timers due before it (a queued call, which
// QTimer::singleShot(0) is in Qt 6, runs before those timers), and never after its context is gone.
#include "common/laterturn.h"

#include <QSignalSpy>
#include <QTest>

namespace {

/// A zero single shot timer, due at once, that appends "timer" to `order`.
void startDueTimer(QTimer *due, QObject *context, QStringList *order)
{
    due->setSingleShot(true);
    QObject::connect(due, &QTimer::timeout, context, [order] { order->append(QStringLiteral("timer")); });
    due->start(0);
}

} // namespace

class TestLaterTurn : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void runsAfterPostedEventsAndDueTimers()
    {
        QObject context;
        QStringList order;
        QTimer due;
        startDueTimer(&due, &context, &order);
        QMetaObject::invokeMethod(
            &context, [&order] { order.append(QStringLiteral("posted")); }, Qt::QueuedConnection);
        runInLaterTurn(&context, [&order] { order.append(QStringLiteral("later")); });
        QTRY_COMPARE(order.size(), 3);
        QCOMPARE(order, (QStringList {QStringLiteral("posted"), QStringLiteral("timer"), QStringLiteral("later")}));

        // The same with a zero single shot: it runs before the timer (what runInLaterTurn is for).
        order.clear();
        due.start(0);
        QTimer::singleShot(0, &context, [&order] { order.append(QStringLiteral("single shot")); });
        QTRY_COMPARE(order.size(), 2);
        QCOMPARE(order.first(), QStringLiteral("single shot"));
    }

    void aChainOfQueuedCallsLetsDueTimersRunWhenEachLinkIsALaterTurn()
    {
        QObject context;
        QStringList order;
        QTimer due;
        startDueTimer(&due, &context, &order);
        std::function<void(int)> link = [&](int n) {
            order.append(QString::number(n));
            if (n < 3)
                runInLaterTurn(&context, [&link, n] { link(n + 1); });
        };
        runInLaterTurn(&context, [&link] { link(1); });
        QTRY_COMPARE(order.size(), 4);
        QCOMPARE(order.first(), QStringLiteral("timer"));
        QCOMPARE(order.mid(1), (QStringList {QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3")}));
    }

    void nothingRunsOnceTheContextIsGone()
    {
        bool ran = false;
        auto *context = new QObject;
        runInLaterTurn(context, [&ran] { ran = true; });
        delete context;
        // A timer started after the deleted one fires after it would have.
        QObject after;
        bool afterRan = false;
        runInLaterTurn(&after, [&afterRan] { afterRan = true; });
        QTRY_VERIFY(afterRan);
        QVERIFY(!ran);
    }
};

QTEST_GUILESS_MAIN(TestLaterTurn)
#include "test_laterturn.moc"
