// SPDX-License-Identifier: GPL-3.0-or-later
// KubeEventPump: work runs at once while the turn's slice has room, in order, and a burst larger than the
// budget is spread over several turns of the event loop (with other events in between), never nested.

#include "kube/kubeeventpump.h"

#include <QElapsedTimer>
#include <QTest>
#include <QTimer>

using namespace std::chrono_literals;

class TestKubeEventPump : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void idleWorkRunsAtOnce();
    void burstIsSpreadOverTurnsInOrder();
    void workPostedByWorkWaitsItsTurn();
    void workOfDeletedContextIsDropped();
    void sliceEndsAfterTheBudget();

private:
    /// Lets the pump close any slice a previous test opened.
    void settle();
};

void TestKubeEventPump::settle()
{
    KubeEventPump *pump = KubeEventPump::forCurrentThread();
    QTRY_COMPARE(pump->pendingCount(), qsizetype(0));
    // The slice opened by the last item closes in the next turn.
    bool turned = false;
    QTimer::singleShot(1, this, [&turned] { turned = true; });
    QTRY_VERIFY(turned);
}

void TestKubeEventPump::init()
{
    KubeEventPump::forCurrentThread()->setSliceBudget(5ms);
    settle();
}

void TestKubeEventPump::idleWorkRunsAtOnce()
{
    KubeEventPump *pump = KubeEventPump::forCurrentThread();
    bool ran = false;
    pump->post(this, [&ran] { ran = true; });
    QVERIFY(ran);
    QCOMPARE(pump->pendingCount(), qsizetype(0));
}

void TestKubeEventPump::burstIsSpreadOverTurnsInOrder()
{
    KubeEventPump *pump = KubeEventPump::forCurrentThread();
    pump->setSliceBudget(0us); // one item per slice
    QList<int> order;
    int markerSeenAfter = -1; // how many items had run when an event posted after the burst was delivered
    const int slicesBefore = pump->sliceCount();
    for (int i = 0; i < 6; ++i)
        pump->post(this, [&order, i] { order.append(i); });
    QCOMPARE(order, QList<int> {0}); // the first at once, the rest later
    QCOMPARE(pump->pendingCount(), qsizetype(5));
    QMetaObject::invokeMethod(
        this, [&] { markerSeenAfter = int(order.size()); }, Qt::QueuedConnection);
    QTRY_COMPARE(order.size(), qsizetype(6));
    QCOMPARE(order, (QList<int> {0, 1, 2, 3, 4, 5}));
    QCOMPARE(pump->sliceCount() - slicesBefore, 5);
    // The event loop turned between the slices: the queued call ran before the burst was done.
    QVERIFY2(markerSeenAfter >= 1 && markerSeenAfter < 6, qPrintable(QString::number(markerSeenAfter)));
}

void TestKubeEventPump::workPostedByWorkWaitsItsTurn()
{
    KubeEventPump *pump = KubeEventPump::forCurrentThread();
    QStringList order;
    pump->post(this, [&] {
        order.append(QStringLiteral("outer begins"));
        pump->post(this, [&] { order.append(QStringLiteral("inner")); });
        order.append(QStringLiteral("outer ends"));
    });
    pump->post(this, [&] { order.append(QStringLiteral("second")); });
    QTRY_COMPARE(order.size(), qsizetype(4));
    QCOMPARE(order,
        (QStringList {QStringLiteral("outer begins"), QStringLiteral("outer ends"), QStringLiteral("inner"),
            QStringLiteral("second")}));
}

void TestKubeEventPump::workOfDeletedContextIsDropped()
{
    KubeEventPump *pump = KubeEventPump::forCurrentThread();
    pump->setSliceBudget(0us);
    auto *context = new QObject;
    QStringList ran;
    pump->post(this, [&ran] { ran.append(QStringLiteral("first")); }); // opens and spends the slice
    pump->post(context, [&ran] { ran.append(QStringLiteral("of the deleted context")); });
    pump->post(this, [&ran] { ran.append(QStringLiteral("last")); });
    delete context;
    QTRY_COMPARE(pump->pendingCount(), qsizetype(0));
    QTRY_COMPARE(ran, (QStringList {QStringLiteral("first"), QStringLiteral("last")}));
}

void TestKubeEventPump::sliceEndsAfterTheBudget()
{
    KubeEventPump *pump = KubeEventPump::forCurrentThread();
    pump->setSliceBudget(3ms);
    // Ten items of at least 1 ms each: the first slice ends after the item that crossed 3 ms (sooner when the
    // machine preempts this thread).
    int ran = 0;
    const auto busy = [&ran] {
        QElapsedTimer clock;
        clock.start();
        while (clock.nsecsElapsed() < 1000000) { }
        ++ran;
    };
    for (int i = 0; i < 10; ++i)
        pump->post(this, busy);
    QVERIFY2(ran >= 1 && ran <= 4, qPrintable(QString::number(ran)));
    QTRY_COMPARE(ran, 10);
}

QTEST_GUILESS_MAIN(TestKubeEventPump)
#include "test_kubeeventpump.moc"
