// SPDX-License-Identifier: GPL-3.0-or-later
// Throughput of the watch stream decoder: how fast a watch of many objects is turned into events,
// with the stream arriving in network-sized chunks that split events.
#include "kube/kubewatchdecoder.h"

#include <QTest>

class BenchWatchDecoder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decodeThousandEventsInChunks();
};

void BenchWatchDecoder::decodeThousandEventsInChunks()
{
    QByteArray stream;
    for (int i = 0; i < 1000; ++i) {
        stream += QByteArray(R"({"type":"MODIFIED","object":{"apiVersion":"volsync.backube/v1alpha1",)"
                             R"("kind":"ReplicationSource","metadata":{"name":"rs-)")
            + QByteArray::number(i) + QByteArray(R"(","namespace":"source","resourceVersion":")")
            + QByteArray::number(1000 + i)
            + QByteArray(R"("},"spec":{"sourcePVC":"datavol","trigger":{"schedule":"*/5 * * * *"}},)"
                         R"("status":{"lastSyncDuration":"28.732770544s"}}})")
            + '\n';
    }
    constexpr qsizetype chunkSize = 16 * 1024;
    QBENCHMARK
    {
        KubeWatchDecoder decoder;
        qsizetype events = 0;
        for (qsizetype offset = 0; offset < stream.size(); offset += chunkSize)
            events += decoder.feed(stream.mid(offset, chunkSize)).size();
        QCOMPARE(events, qsizetype(1000));
    }
}

QTEST_GUILESS_MAIN(BenchWatchDecoder)
#include "bench_watchdecoder.moc"
