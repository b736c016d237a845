// SPDX-License-Identifier: GPL-3.0-or-later
// Parsing and writing relationship files: the relationships panel reads every file in ~/.volsync.
#include "engine/relationshipstore.h"

#include <QFile>
#include <QTest>

class BenchRelationshipFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parseUpstreamFile();
    void serialize();
};

static QByteArray upstreamExample()
{
    QFile file(QStringLiteral(VOLSYNC_TEST_DATA_DIR "/engine/upstream-spec-example.yaml"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read the test file");
    return file.readAll();
}

void BenchRelationshipFile::parseUpstreamFile()
{
    const QByteArray text = upstreamExample();
    QBENCHMARK
    {
        QString error;
        const auto relationship = RelationshipStore::parse(text, QStringLiteral("example.yaml"), &error);
        QVERIFY2(relationship.has_value(), qPrintable(error));
    }
}

void BenchRelationshipFile::serialize()
{
    QString error;
    const auto relationship = RelationshipStore::parse(upstreamExample(), QStringLiteral("example.yaml"), &error);
    QVERIFY2(relationship.has_value(), qPrintable(error));
    QBENCHMARK
    {
        QVERIFY(!RelationshipStore::serialize(*relationship).isEmpty());
    }
}

QTEST_GUILESS_MAIN(BenchRelationshipFile)
#include "bench_relationshipfile.moc"
