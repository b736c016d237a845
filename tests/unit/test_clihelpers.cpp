// SPDX-License-Identifier: GPL-3.0-or-later
// volsyncctl's tables are laid out like kubectl's (Go's tabwriter: minimum width 6, padding 3), and its
// hand-parsed flags read as kubectl's do.
#include "cli/clicommand.h"
#include "cli/clitable.h"

#include <QTest>

class TestCliHelpers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void layout_data()
    {
        QTest::addColumn<QList<QStringList>>("rows");
        QTest::addColumn<QString>("text");
        QTest::newRow("nothing") << QList<QStringList> {} << QString();
        QTest::newRow("header only") << QList<QStringList> {{QStringLiteral("NAME"), QStringLiteral("SERVER")}}
                                     << QStringLiteral("NAME   SERVER\n");
        // kubectl config get-contexts with one context: "CURRENT" is 7 wide, so its column is 10.
        QTest::newRow("short cells take six")
            << QList<QStringList> {{QStringLiteral("CURRENT"), QStringLiteral("NAME"), QStringLiteral("CLUSTER")},
                   {QStringLiteral("*"), QStringLiteral("kind"), QStringLiteral("kind-kind")}}
            << QStringLiteral("CURRENT   NAME   CLUSTER\n"
                              "*         kind   kind-kind\n");
        // 16 + 3 = 19 for the first column, 6 for the second.
        QTest::newRow("a long cell widens its column only")
            << QList<QStringList> {{QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C")},
                   {QStringLiteral("a-very-long-name"), QStringLiteral("b"), QStringLiteral("")}}
            << QStringLiteral("A                  B     C\n"
                              "a-very-long-name   b\n");
        QTest::newRow("the last column is not padded")
            << QList<QStringList> {{QStringLiteral("NAME"), QStringLiteral("ERROR")},
                   {QStringLiteral("x"), QStringLiteral("connection refused")}}
            << QStringLiteral("NAME   ERROR\nx      connection refused\n");
    }

    void layout()
    {
        QFETCH(QList<QStringList>, rows);
        QFETCH(QString, text);
        QCOMPARE(CliTable::format(rows), text);
    }

    void outputFlag_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("read");
        QTest::addColumn<bool>("json");
        QTest::addColumn<qsizetype>("nextIndex");
        QTest::addColumn<QString>("error");
        using Read = CliCommand::FlagRead;
        QTest::newRow("-o json") << QStringList {QStringLiteral("-o"), QStringLiteral("json")} << int(Read::Read)
                                 << true << qsizetype(1) << QString();
        QTest::newRow("--output=table") << QStringList {QStringLiteral("--output=table")} << int(Read::Read) << false
                                        << qsizetype(0) << QString();
        QTest::newRow("-ojson") << QStringList {QStringLiteral("-ojson")} << int(Read::Read) << true << qsizetype(0)
                                << QString();
        QTest::newRow("-o=wide") << QStringList {QStringLiteral("-o=wide")} << int(Read::Read) << false << qsizetype(0)
                                 << QString();
        QTest::newRow("-o at the end") << QStringList {QStringLiteral("-o")} << int(Read::Invalid) << false
                                       << qsizetype(0) << QStringLiteral("-o needs a value (table or json)");
        QTest::newRow("yaml") << QStringList {QStringLiteral("--output"), QStringLiteral("yaml")} << int(Read::Invalid)
                              << false << qsizetype(1)
                              << QStringLiteral("unknown output format \"yaml\" (use table or json)");
        QTest::newRow("another flag") << QStringList {QStringLiteral("--other")} << int(Read::NotThisFlag) << false
                                      << qsizetype(0) << QString();
    }

    void outputFlag()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, read);
        QFETCH(bool, json);
        QFETCH(qsizetype, nextIndex);
        QFETCH(QString, error);
        qsizetype index = 0;
        bool isJson = false;
        QString message;
        QCOMPARE(int(CliCommand::readOutputFlag(arguments, &index, &isJson, &message)), read);
        QCOMPARE(isJson, json);
        QCOMPARE(index, nextIndex);
        QCOMPARE(message, error);
    }

    void timeoutFlag()
    {
        using Read = CliCommand::FlagRead;
        qsizetype index = 0;
        int timeoutMs = 0;
        QString error;
        const QStringList half {QStringLiteral("--timeout"), QStringLiteral("0.5")};
        QCOMPARE(CliCommand::readTimeoutFlag(half, &index, &timeoutMs, &error), Read::Read);
        QCOMPARE(timeoutMs, 500);
        QCOMPARE(index, qsizetype(1));
        index = 0;
        const QStringList negative {QStringLiteral("--timeout"), QStringLiteral("-3")};
        QCOMPARE(CliCommand::readTimeoutFlag(negative, &index, &timeoutMs, &error), Read::Invalid);
        QCOMPARE(error, QStringLiteral("--timeout needs a number of seconds"));
        index = 0;
        const QStringList missing {QStringLiteral("--timeout")};
        QCOMPARE(CliCommand::readTimeoutFlag(missing, &index, &timeoutMs, &error), Read::Invalid);
        index = 0;
        const QStringList other {QStringLiteral("--all")};
        QCOMPARE(CliCommand::readTimeoutFlag(other, &index, &timeoutMs, &error), Read::NotThisFlag);
        QCOMPARE(timeoutMs, 500);
    }
};

QTEST_GUILESS_MAIN(TestCliHelpers)
#include "test_clihelpers.moc"
