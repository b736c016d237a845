// SPDX-License-Identifier: GPL-3.0-or-later
// One timeline of both sides of a replication: Events, status transitions and mover runs, oldest first, each line
// once across reads. No simulator: built from the JSON the API gives.
#include "engine/troubleshoottimeline.h"

#include "engine/troubleshootsnapshot.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace {

QJsonObject parsed(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonObject object = QJsonDocument::fromJson(json, &error).object();
    if (error.error != QJsonParseError::NoError) {
        qFatal("bad test JSON: %s", qPrintable(error.errorString()));
    }
    return object;
}

QJsonObject eventJson(const char *kind, const char *name, const char *type, const char *reason, const char *message,
    const char *time, int count = 1)
{
    return parsed(QStringLiteral("{\"metadata\":{\"name\":\"%1.%2\",\"uid\":\"%1-%4-%6\"},\"involvedObject\":{"
                                 "\"kind\":\"%3\",\"name\":\"%1\"},\"type\":\"%5\",\"reason\":\"%4\",\"message\":\"%"
                                 "7\",\"lastTimestamp\":\"%6\",\"count\":%8}")
                      .arg(QLatin1String(name), QString::number(qHash(QLatin1String(time))), QLatin1String(kind),
                          QLatin1String(reason), QLatin1String(type), QLatin1String(time), QLatin1String(message))
                      .arg(count)
                      .toUtf8());
}

TroubleshootSide side(const char *role, const char *context, const char *kind, const char *name)
{
    TroubleshootSide s;
    s.role = QLatin1String(role);
    s.context = QLatin1String(context);
    s.kind = QLatin1String(kind);
    s.name = QLatin1String(name);
    s.namespaceName = QStringLiteral("app");
    return s;
}

// The source as it is when its second attempt failed: Synchronizing turned False (Error), a sync started; its
// pod ran and exited 1; its Job's Events.
TroubleshootSide failingSource()
{
    TroubleshootSide s = side("source", "kind", "ReplicationSource", "web");
    s.object = parsed("{\"metadata\":{\"name\":\"web\"},\"status\":{\"lastSyncStartTime\":\"2026-12-06T10:00:00Z\","
                      "\"conditions\":[{\"type\":\"Synchronizing\",\"status\":\"False\",\"reason\":\"Error\","
                      "\"message\":\"mover Job backoff limit reached\",\"lastTransitionTime\":"
                      "\"2026-12-06T10:00:40Z\"}]}}");
    s.pods.append(parsed("{\"metadata\":{\"name\":\"volsync-rsync-tls-src-web-abcde\"},\"status\":{"
                         "\"containerStatuses\":[{\"name\":\"rsync-tls\",\"restartCount\":0,\"state\":{\"terminated\":{"
                         "\"exitCode\":1,\"reason\":\"Error\",\"startedAt\":\"2026-12-06T10:00:05Z\",\"finishedAt\":"
                         "\"2026-12-06T10:00:30Z\"}}}]}}"));
    s.moverPod = QStringLiteral("volsync-rsync-tls-src-web-abcde");
    s.moverLog = QStringLiteral("VolSync rsync-tls container version: v0.11.0\nSyncing data to 10.0.0.1 ...\n"
                                "connect to 10.0.0.1 port 8000: Connection refused\n"
                                "rsync error: error in socket IO (code 10) at clientserver.c(139)\n"
                                "Synchronization failed. Retrying in 2 seconds.\n");
    s.events = {eventJson("ReplicationSource", "web", "Normal", "TransferStarted",
                    "starting Job/volsync-rsync-tls-src-web to transmit data", "2026-12-06T10:00:01Z"),
        eventJson("ReplicationSource", "web", "Warning", "TransferFailed", "mover Job backoff limit reached",
            "2026-12-06T10:00:39Z")};
    return s;
}

TroubleshootSide listeningDestination()
{
    TroubleshootSide d = side("destination", "gcp", "ReplicationDestination", "data");
    d.object = parsed("{\"metadata\":{\"name\":\"data\"},\"status\":{\"lastSyncTime\":\"2026-12-06T09:00:00Z\","
                      "\"lastSyncDuration\":\"1m2s\",\"latestImage\":{\"name\":\"volsync-data-dst-20261206090000\"}}}");
    d.events = {eventJson("ReplicationDestination", "data", "Warning", "NoServiceAddressAssigned",
                    "waiting for an address", "2026-12-06T10:00:20Z", 3),
        eventJson("ReplicationDestination", "data", "Normal", "TransferStarted",
            "starting Job/volsync-rsync-tls-dst-data to receive data", "2026-12-06T09:59:58Z")};
    return d;
}

QStringList reasons(const QList<TroubleshootTimelineEntry> &entries)
{
    QStringList out;
    for (const TroubleshootTimelineEntry &entry : entries) {
        out.append(entry.role.left(3) + QLatin1Char(':') + entry.reason);
    }
    return out;
}

} // namespace

class TestTroubleshootTimeline : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bothSidesAndAllThreeSourcesInterleaveByTime()
    {
        TroubleshootSnapshot snapshot;
        snapshot.source = failingSource();
        snapshot.destination = listeningDestination();
        const QList<TroubleshootTimelineEntry> timeline = TroubleshootTimeline::fromSnapshot(snapshot);
        QCOMPARE(reasons(timeline),
            QStringList({QStringLiteral("des:SyncCompleted"), QStringLiteral("des:TransferStarted"),
                QStringLiteral("sou:SyncStarted"), QStringLiteral("sou:TransferStarted"),
                QStringLiteral("sou:MoverStarted"), QStringLiteral("des:NoServiceAddressAssigned"),
                QStringLiteral("sou:MoverFailed"), QStringLiteral("sou:TransferFailed"), QStringLiteral("sou:Error")}));

        const TroubleshootTimelineEntry &failed = timeline.at(6);
        QCOMPARE(failed.source, TroubleshootTimelineEntry::Source::Log);
        QVERIFY(failed.warning);
        QCOMPARE(failed.objectKind, QStringLiteral("Pod"));
        QCOMPARE(failed.objectName, QStringLiteral("volsync-rsync-tls-src-web-abcde"));
        // The line that says why, not the summaries and the retry notice after it.
        QCOMPARE(
            failed.message, QStringLiteral("connect to 10.0.0.1 port 8000: Connection refused (exit code 1, Error)"));
        QCOMPARE(timeline.at(4).message,
            QStringLiteral("container rsync-tls started: VolSync rsync-tls container version: v0.11.0"));

        const TroubleshootTimelineEntry &condition = timeline.at(8);
        QCOMPARE(condition.source, TroubleshootTimelineEntry::Source::Status);
        QVERIFY(condition.warning);
        QCOMPARE(condition.objectKind, QStringLiteral("ReplicationSource"));
        QCOMPARE(condition.message, QStringLiteral("Synchronizing is False: mover Job backoff limit reached"));
        QCOMPARE(
            timeline.at(0).message, QStringLiteral("a sync completed in 1m2s (image volsync-data-dst-20261206090000)"));
        QCOMPARE(timeline.at(0).context, QStringLiteral("gcp"));
        QCOMPARE(timeline.at(5).count, 3);
        QCOMPARE(timeline.at(5).source, TroubleshootTimelineEntry::Source::Event);
        QCOMPARE(timeline.at(5).text(),
            QStringLiteral("2026-12-06T10:00:20Z  gcp  event  Warning  NoServiceAddressAssigned  "
                           "ReplicationDestination/data  waiting for an address (x3)"));
    }

    void aRestartedContainersEarlierRunEndsWithItsPreviousLog()
    {
        TroubleshootSide s = side("source", "kind", "ReplicationSource", "web");
        s.pods.append(parsed("{\"metadata\":{\"name\":\"p\"},\"status\":{\"containerStatuses\":[{\"name\":\"rsync\","
                             "\"restartCount\":1,\"state\":{\"running\":{\"startedAt\":\"2026-12-06T10:01:00Z\"}},"
                             "\"lastState\":{\"terminated\":{\"exitCode\":1,\"finishedAt\":\"2026-12-06T10:00:50Z\"}}}"
                             "]}}"));
        s.moverPod = QStringLiteral("p");
        s.moverLog = QStringLiteral("second run\n");
        s.previousMoverLog = QStringLiteral("ssh: connect to host 10.0.0.1 port 22: Connection timed out\nbye\n");
        const QList<TroubleshootTimelineEntry> runs = TroubleshootTimeline::moverRunsOf(s);
        QCOMPARE(runs.size(), 2);
        QCOMPARE(runs.at(0).reason, QStringLiteral("MoverStarted"));
        QCOMPARE(runs.at(1).reason, QStringLiteral("MoverFailed"));
        QCOMPARE(runs.at(1).message,
            QStringLiteral("ssh: connect to host 10.0.0.1 port 22: Connection timed out (exit code 1)"));
        // A pod whose log was not read: its end says only how it exited.
        s.moverPod = QStringLiteral("another");
        QCOMPARE(TroubleshootTimeline::moverRunsOf(s).at(1).message, QStringLiteral("the mover ended (exit code 1)"));
    }

    void aLineReadAgainIsKeptOnceInItsNewestForm()
    {
        TroubleshootSnapshot first;
        first.source = failingSource();
        first.destination = listeningDestination();
        const QList<TroubleshootTimelineEntry> known = TroubleshootTimeline::fromSnapshot(first);

        // The next read: the address Event repeated (count 5, later), the failed pod is gone (VolSync deleted the
        // Job), the condition moved on (SyncInProgress), and a new run started.
        TroubleshootSnapshot second = first;
        second.destination->events[0] = eventJson("ReplicationDestination", "data", "Warning",
            "NoServiceAddressAssigned", "waiting for an address", "2026-12-06T10:01:20Z", 5);
        second.source->pods = {parsed("{\"metadata\":{\"name\":\"volsync-rsync-tls-src-web-fghij\"},\"status\":{"
                                      "\"containerStatuses\":[{\"name\":\"rsync-tls\",\"state\":{\"running\":{"
                                      "\"startedAt\":\"2026-12-06T10:01:10Z\"}}}]}}")};
        second.source->moverPod = QStringLiteral("volsync-rsync-tls-src-web-fghij");
        second.source->moverLog.clear();
        second.source->object
            = parsed("{\"metadata\":{\"name\":\"web\"},\"status\":{\"lastSyncStartTime\":\"2026-12-06T10:01:05Z\","
                     "\"conditions\":[{\"type\":\"Synchronizing\",\"status\":\"True\",\"reason\":\"SyncInProgress\","
                     "\"message\":\"Synchronization in-progress\",\"lastTransitionTime\":\"2026-12-06T10:01:05Z\"}]}}");

        QList<TroubleshootTimelineEntry> added;
        const QList<TroubleshootTimelineEntry> merged
            = TroubleshootTimeline::merge(known, TroubleshootTimeline::fromSnapshot(second), &added);
        // What went before stays (the failed run, the Error transition), each line once; the repeated Event moves
        // to its new time with its new count.
        QCOMPARE(reasons(merged),
            QStringList({QStringLiteral("des:SyncCompleted"), QStringLiteral("des:TransferStarted"),
                QStringLiteral("sou:SyncStarted"), QStringLiteral("sou:TransferStarted"),
                QStringLiteral("sou:MoverStarted"), QStringLiteral("sou:MoverFailed"),
                QStringLiteral("sou:TransferFailed"), QStringLiteral("sou:Error"), QStringLiteral("sou:SyncStarted"),
                QStringLiteral("sou:SyncInProgress"), QStringLiteral("sou:MoverStarted"),
                QStringLiteral("des:NoServiceAddressAssigned")}));
        QCOMPARE(merged.constLast().count, 5);
        QCOMPARE(reasons(added),
            QStringList({QStringLiteral("sou:SyncStarted"), QStringLiteral("sou:SyncInProgress"),
                QStringLiteral("sou:MoverStarted"), QStringLiteral("des:NoServiceAddressAssigned")}));

        // Reading the same again adds nothing.
        QList<TroubleshootTimelineEntry> none;
        QCOMPARE(TroubleshootTimeline::merge(merged, TroubleshootTimeline::fromSnapshot(second), &none), merged);
        QVERIFY(none.isEmpty());

        // An older read of a line (the log of a run not read this time) does not replace the better one.
        TroubleshootSnapshot third = first;
        third.source->moverPod.clear();
        third.source->moverLog.clear();
        QCOMPARE(TroubleshootTimeline::merge(merged, TroubleshootTimeline::fromSnapshot(third), &none), merged);
        QVERIFY(none.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestTroubleshootTimeline)
#include "test_troubleshoottimeline.moc"
