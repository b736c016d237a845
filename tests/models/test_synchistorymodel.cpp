// SPDX-License-Identifier: GPL-3.0-or-later
// The sync history table beside the sparkline, and its CSV export. No simulator.
#include "models/synchistorymodel.h"

#include <QAbstractItemModelTester>
#include <QTest>

class TestSyncHistoryModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void newestFirstAndCsv()
    {
        SyncHistoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.toCsv(), QStringLiteral("start,end,duration_s,result,trigger\r\n"));
        SyncRecord first;
        first.start = QDateTime(QDate(2026, 12, 1), QTime(10, 0, 0), Qt::UTC);
        first.end = first.start.addMSecs(6500);
        first.durationMs = 6500;
        first.result = QStringLiteral("Successful");
        SyncRecord second = first;
        second.start = first.start.addSecs(900);
        second.end = second.start.addMSecs(7300);
        second.durationMs = 7300;
        second.result = QStringLiteral("Failed");
        second.manual = true;
        model.setRecords({first, second});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(SyncHistoryModel::ColumnCount));
        // Newest first.
        QCOMPARE(model.index(0, SyncHistoryModel::StartColumn).data(Qt::UserRole).toDateTime(), second.start);
        QCOMPARE(model.index(0, SyncHistoryModel::ResultColumn).data().toString(), QStringLiteral("failed"));
        QCOMPARE(
            model.index(0, SyncHistoryModel::TriggerColumn).data().toString(), QStringLiteral("by hand (Sync now)"));
        QCOMPARE(model.index(1, SyncHistoryModel::DurationColumn).data(Qt::UserRole).toLongLong(), qint64(6500));
        QCOMPARE(model.toCsv(),
            QStringLiteral("start,end,duration_s,result,trigger\r\n"
                           "2026-12-01T10:15:00Z,2026-12-01T10:15:07Z,7.3,Failed,manual\r\n"
                           "2026-12-01T10:00:00Z,2026-12-01T10:00:06Z,6.5,Successful,schedule\r\n"));
        // A field with a comma or a quote is quoted.
        SyncRecord odd = first;
        odd.result = QStringLiteral("Failed, \"odd\"");
        model.setRecords({odd});
        QVERIFY(model.toCsv().contains(QLatin1String(",\"Failed, \"\"odd\"\"\",")));
    }
};

QTEST_GUILESS_MAIN(TestSyncHistoryModel)
#include "test_synchistorymodel.moc"
