// SPDX-License-Identifier: GPL-3.0-or-later
// The sync history table beside the sparkline, and its CSV export. No simulator.
#include "models/synchistorymodel.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QTemporaryDir>
#include <QTest>

class TestSyncHistoryModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void newestFirstAndCsv()
    {
        SyncHistoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.toCsv(), QStringLiteral("start,end,duration_s,sent_bytes,result,trigger\r\n"));
        SyncRecord first;
        first.start = QDateTime(QDate(2026, 12, 1), QTime(10, 0, 0), Qt::UTC);
        first.end = first.start.addMSecs(6500);
        first.durationMs = 6500;
        first.result = QStringLiteral("Successful");
        first.bytesSent = 41708720;
        SyncRecord second = first;
        second.bytesSent = -1; // a failed run reports nothing
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
        // Bytes where the mover reported them.
        QCOMPARE(model.headerData(SyncHistoryModel::SentColumn, Qt::Horizontal).toString(), QStringLiteral("Sent"));
        QCOMPARE(model.index(1, SyncHistoryModel::SentColumn).data(Qt::UserRole).toLongLong(), qint64(41708720));
        QCOMPARE(model.index(1, SyncHistoryModel::SentColumn).data().toString(), QLocale().formattedDataSize(41708720));
        QCOMPARE(model.index(0, SyncHistoryModel::SentColumn).data().toString(), QStringLiteral("—"));
        QCOMPARE(model.toCsv(),
            QStringLiteral("start,end,duration_s,sent_bytes,result,trigger\r\n"
                           "2026-12-01T10:15:00Z,2026-12-01T10:15:07Z,7.3,,Failed,manual\r\n"
                           "2026-12-01T10:00:00Z,2026-12-01T10:00:06Z,6.5,41708720,Successful,schedule\r\n"));
        // A field with a comma or a quote is quoted.
        SyncRecord odd = first;
        odd.result = QStringLiteral("Failed, \"odd\"");
        model.setRecords({odd});
        QVERIFY(model.toCsv().contains(QLatin1String(",\"Failed, \"\"odd\"\"\",")));
    }

    // "Bytes where the mover reports them" (issue 13): VolSync keeps the rsync mover's summary line of a
    // successful run in latestMoverStatus.logs; the history reads the bytes sent from it and keeps them.
    void bytesSentFromTheMoverLogs()
    {
        QCOMPARE(SyncHistory::bytesSentIn(
                     QStringLiteral("sent 41,708,720 bytes  received 3,001 bytes  6,756,028.67 bytes/sec\n"
                                    "total size is 10,737,418,240  speedup is 257.42\nrsync completed in 7s\n")),
            qint64(41708720));
        QCOMPARE(SyncHistory::bytesSentIn(QStringLiteral("sent 1024 bytes  received 20 bytes  512.00 bytes/sec")),
            qint64(1024));
        QCOMPARE(
            SyncHistory::bytesSentIn(QStringLiteral("rsync: connection refused (111)\nrsync error: ...")), qint64(-1));
        QCOMPARE(SyncHistory::bytesSentIn(QString()), qint64(-1));

        QTemporaryDir dir;
        SyncHistory history(dir.path());
        SyncRecord reported;
        reported.end = QDateTime(QDate(2026, 12, 1), QTime(10, 0, 6), Qt::UTC);
        reported.start = reported.end.addMSecs(-6500);
        reported.durationMs = 6500;
        reported.result = QStringLiteral("Successful");
        reported.bytesSent = 41708720;
        SyncRecord unknown = reported;
        unknown.end = reported.end.addSecs(900);
        unknown.bytesSent = -1;
        const QString id = QStringLiteral("5b0c0e3e-0000-4000-8000-000000000001");
        QVERIFY(history.append(id, reported));
        QVERIFY(history.append(id, unknown));
        const QList<SyncRecord> read = history.records(id);
        QCOMPARE(read.size(), 2);
        QCOMPARE(read.at(0).bytesSent, qint64(41708720));
        QCOMPARE(read.at(1).bytesSent, qint64(-1));
    }
};

QTEST_GUILESS_MAIN(TestSyncHistoryModel)
#include "test_synchistorymodel.moc"
