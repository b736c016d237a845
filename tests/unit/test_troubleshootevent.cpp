// SPDX-License-Identifier: GPL-3.0-or-later
// The troubleshooter's Events read through core/v1 and events.k8s.io/v1: one list in core/v1's shape, each
// Event once. No simulator: built from the JSON each API gives.
#include "engine/troubleshootevent.h"

#include <QJsonDocument>
#include <QTest>

namespace {

QJsonObject parsed(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

} // namespace

class TestTroubleshootEvent : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void anEventReadThroughBothApisIsKeptOnceAsCoreV1()
    {
        const QJsonObject core
            = parsed("{\"apiVersion\":\"v1\",\"kind\":\"Event\",\"metadata\":{\"name\":\"data.1\",\"namespace\":"
                     "\"app\",\"uid\":\"u1\"},\"involvedObject\":{\"kind\":\"ReplicationDestination\",\"name\":\""
                     "data\"},\"reason\":\"NoServiceAddressAssigned\",\"message\":\"waiting\",\"type\":\"Warning"
                     "\",\"count\":4,\"lastTimestamp\":\"2026-12-06T10:00:04Z\"}");
        const QJsonObject v1
            = parsed("{\"apiVersion\":\"events.k8s.io/v1\",\"kind\":\"Event\",\"metadata\":{\"name\":\"data.1\","
                     "\"namespace\":\"app\",\"uid\":\"u1\"},\"regarding\":{\"kind\":\"ReplicationDestination\",\""
                     "name\":\"data\"},\"reason\":\"NoServiceAddressAssigned\",\"note\":\"waiting\",\"type\":\"W"
                     "arning\",\"deprecatedCount\":4,\"deprecatedLastTimestamp\":\"2026-12-06T10:00:04Z\"}");
        const QList<QJsonObject> merged = TroubleshootEvent::mergeApis({core}, {v1});
        QCOMPARE(merged.size(), 1);
        QCOMPARE(merged.first(), core);
    }

    void anEventOnlyInEventsV1IsRenamedToCoreV1Fields()
    {
        // A role may be allowed events.k8s.io only; a newer reporter writes a series instead of a count.
        const QJsonObject v1
            = parsed("{\"apiVersion\":\"events.k8s.io/v1\",\"kind\":\"Event\",\"metadata\":{\"name\":\"volsync-r"
                     "sync-tls-dst-data-x.2\",\"namespace\":\"app\",\"uid\":\"u2\"},\"regarding\":{\"kind\":\"Po"
                     "d\",\"name\":\"volsync-rsync-tls-dst-data-x\"},\"reason\":\"BackOff\",\"note\":\"Back-off "
                     "restarting failed container\",\"type\":\"Warning\",\"eventTime\":\"2026-12-06T10:00:00.000"
                     "000Z\",\"series\":{\"count\":7,\"lastObservedTime\":\"2026-12-06T10:05:00.000000Z\"}}");
        const QList<QJsonObject> merged = TroubleshootEvent::mergeApis({}, {v1});
        QCOMPARE(merged.size(), 1);
        const QJsonObject event = merged.first();
        QCOMPARE(event.value(QStringLiteral("apiVersion")).toString(), QStringLiteral("v1"));
        QCOMPARE(event.value(QStringLiteral("involvedObject")).toObject().value(QStringLiteral("name")).toString(),
            QStringLiteral("volsync-rsync-tls-dst-data-x"));
        QCOMPARE(
            event.value(QStringLiteral("message")).toString(), QStringLiteral("Back-off restarting failed container"));
        QCOMPARE(event.value(QStringLiteral("count")).toInt(), 7);
        QVERIFY(!event.contains(QStringLiteral("regarding")));
        QVERIFY(!event.contains(QStringLiteral("note")));

        const TroubleshootEvent line
            = TroubleshootEvent::fromJson(event, QStringLiteral("destination"), QStringLiteral("gcp"));
        QCOMPARE(line.objectKind, QStringLiteral("Pod"));
        QCOMPARE(line.count, 7);
        QCOMPARE(line.time, QDateTime(QDate(2026, 12, 6), QTime(10, 5, 0), Qt::UTC));
    }

    void withoutUidTheNameIdentifiesTheEvent()
    {
        const QJsonObject core = parsed("{\"metadata\":{\"name\":\"e.1\",\"namespace\":\"app\"},\"reason\":\"A\"}");
        const QJsonObject v1same = parsed("{\"metadata\":{\"name\":\"e.1\",\"namespace\":\"app\"},\"reason\":\"A\"}");
        const QJsonObject v1other = parsed("{\"metadata\":{\"name\":\"e.2\",\"namespace\":\"app\"},\"reason\":\"B\"}");
        const QList<QJsonObject> merged = TroubleshootEvent::mergeApis({core}, {v1same, v1other, v1other});
        QCOMPARE(merged.size(), 2);
        QCOMPARE(merged.at(1).value(QStringLiteral("reason")).toString(), QStringLiteral("B"));
    }
};

QTEST_GUILESS_MAIN(TestTroubleshootEvent)
#include "test_troubleshootevent.moc"
