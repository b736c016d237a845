// SPDX-License-Identifier: GPL-3.0-or-later
// The one HTTP/1.1 request head parser (simulator, TLS proxy relay, test servers).

#include "common/httprequesthead.h"
#include "common/httpstatusline.h"

#include <QTest>

class TestHttpRequestHead : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void complete()
    {
        const QByteArray bytes = "POST /api/v1/namespaces?limit=5 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                 "Content-Type: application/json\r\ncontent-length: 2\r\nAccept: a\r\n"
                                 "accept:  b \r\n\r\n{}next";
        HttpRequestHead head;
        QCOMPARE(HttpRequestHead::parse(bytes, &head), HttpRequestHead::Parse::Complete);
        QCOMPARE(head.method(), QByteArray("POST"));
        QCOMPARE(head.target(), QByteArray("/api/v1/namespaces?limit=5"));
        QCOMPARE(head.version(), QByteArray("HTTP/1.1"));
        QCOMPARE(head.size(), bytes.indexOf("{}"));
        QCOMPARE(head.value("CONTENT-TYPE"), QByteArray("application/json"));
        QCOMPARE(head.values("accept"), (QList<QByteArray> {"a", "b"}));
        QCOMPARE(head.combinedValue("Accept"), QByteArray("a, b"));
        QCOMPARE(head.fields().at(1).first, QByteArray("Content-Type")); // names as sent
        QCOMPARE(head.contentLength(), std::optional<qint64>(2));
        QVERIFY(!head.isChunked());
        QVERIFY(!head.wantsClose());
        QVERIFY(!head.hasField("authorization"));
    }

    void incompleteAndTooLarge()
    {
        HttpRequestHead head;
        QCOMPARE(HttpRequestHead::parse("GET / HTTP/1.1\r\nHost: x\r\n", &head), HttpRequestHead::Parse::Incomplete);
        QCOMPARE(HttpRequestHead::parse(QByteArray(), &head), HttpRequestHead::Parse::Incomplete);
        const QByteArray big = "GET / HTTP/1.1\r\nX: " + QByteArray(100, 'a');
        QCOMPARE(HttpRequestHead::parse(big, &head, 64), HttpRequestHead::Parse::TooLarge);
        QCOMPARE(HttpRequestHead::parse(big + "\r\n\r\n", &head, 64), HttpRequestHead::Parse::TooLarge);
        QCOMPARE(HttpRequestHead::parse(big + "\r\n\r\n", &head, 1024), HttpRequestHead::Parse::Complete);
    }

    void malformed()
    {
        HttpRequestHead head;
        QCOMPARE(HttpRequestHead::parse("GARBAGE\r\n\r\n", &head), HttpRequestHead::Parse::Malformed);
        QCOMPARE(head.size(), 11);
        QCOMPARE(HttpRequestHead::parse("GET / SPDY/3\r\n\r\n", &head), HttpRequestHead::Parse::Malformed);
        QCOMPARE(HttpRequestHead::parse("GET  HTTP/1.1\r\n\r\n", &head), HttpRequestHead::Parse::Malformed);
    }

    void lenientLines()
    {
        // LF-only lines inside the head, a line without a colon (skipped), values trimmed.
        HttpRequestHead head;
        QCOMPARE(HttpRequestHead::parse("CONNECT kind.sim.test:443 HTTP/1.0\nno colon here\n"
                                        "Proxy-Authorization:   Basic eA==  \r\n\r\n",
                     &head),
            HttpRequestHead::Parse::Complete);
        QCOMPARE(head.method(), QByteArray("CONNECT"));
        QCOMPARE(head.target(), QByteArray("kind.sim.test:443"));
        QCOMPARE(head.fields().size(), 1);
        QCOMPARE(head.value("proxy-authorization"), QByteArray("Basic eA=="));
        QVERIFY(head.wantsClose()); // HTTP/1.0
    }

    void bodyFraming()
    {
        HttpRequestHead head;
        QVERIFY(HttpRequestHead::parse("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n", &head)
            == HttpRequestHead::Parse::Complete);
        QVERIFY(head.isChunked());
        QCOMPARE(head.contentLength(), std::optional<qint64>(0));
        QVERIFY(HttpRequestHead::parse("POST / HTTP/1.1\r\nContent-Length: -3\r\nConnection: Close\r\n\r\n", &head)
            == HttpRequestHead::Parse::Complete);
        QCOMPARE(head.contentLength(), std::nullopt);
        QVERIFY(head.wantsClose());
        QVERIFY(HttpRequestHead::parse("POST / HTTP/1.1\r\nContent-Length: 12x\r\n\r\n", &head)
            == HttpRequestHead::Parse::Complete);
        QCOMPARE(head.contentLength(), std::nullopt);
    }

    void statusLine()
    {
        QCOMPARE(HttpStatusLine::line(404), QByteArray("HTTP/1.1 404 Not Found\r\n"));
        QCOMPARE(HttpStatusLine::reasonPhrase(429), QByteArray("Too Many Requests"));
        QCOMPARE(HttpStatusLine::reasonPhrase(299), QByteArray("Unknown"));
    }
};

QTEST_GUILESS_MAIN(TestHttpRequestHead)
#include "test_httprequesthead.moc"
