// SPDX-License-Identifier: GPL-3.0-or-later
// Messages for people are sentences (issue 13 item 15): the GUI and volsyncctl show engine texts through
// sentenceText.
#include "common/sentencetext.h"

#include <QTest>

class TestSentenceText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sentences_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("sentence");
        QTest::newRow("empty") << QString() << QString();
        QTest::newRow("lower case") << QStringLiteral("invalid capacity \"2GB\"")
                                    << QStringLiteral("Invalid capacity \"2GB\".");
        QTest::newRow("already one") << QStringLiteral("Could not list PVCs.")
                                     << QStringLiteral("Could not list PVCs.");
        QTest::newRow("question") << QStringLiteral("delete it?") << QStringLiteral("Delete it?");
        QTest::newRow("ends in a bracket") << QStringLiteral("relationship exists (already rsync-TLS)")
                                           << QStringLiteral("Relationship exists (already rsync-TLS)");
        QTest::newRow("spaces around") << QStringLiteral("  waiting for the mover \n")
                                       << QStringLiteral("Waiting for the mover.");
        QTest::newRow("a list follows") << QStringLiteral("the server refused:\n  - spec: bad")
                                        << QStringLiteral("The server refused:\n  - spec: bad");
        QTest::newRow("first line only") << QStringLiteral("could not apply\nrun volsyncctl again")
                                         << QStringLiteral("Could not apply.\nrun volsyncctl again");
        QTest::newRow("an option first") << QStringLiteral("--timeout needs a number of seconds")
                                         << QStringLiteral("--timeout needs a number of seconds.");
        QTest::newRow("non-ASCII") << QStringLiteral("élan") << QStringLiteral("Élan.");
    }
    void sentences()
    {
        QFETCH(QString, text);
        QFETCH(QString, sentence);
        QCOMPARE(sentenceText(text), sentence);
    }
};

QTEST_GUILESS_MAIN(TestSentenceText)
#include "test_sentencetext.moc"
