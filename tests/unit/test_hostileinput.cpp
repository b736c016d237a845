// SPDX-License-Identifier: GPL-3.0-or-later
// Input from outside (files, servers) that must neither hang, grow, nor reach the terminal raw.
#include "common/redaction.h"
#include "common/regularfile.h"
#include "common/terminaltext.h"
#include "kube/kubeconfig.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

class TestHostileInput : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void terminalEscapesAreStripped()
    {
        const QString hostile = QStringLiteral("name\x1b]0;pwned\x07 \x1b[2J\x1b[31mred\r\nnext\tcol\x7f\u0085end");
        const QString safe = terminalSafeText(hostile);
        for (const QChar c : safe) {
            const char16_t u = c.unicode();
            QVERIFY2(u >= 0x20 || u == u'\n' || u == u'\t', qPrintable(safe));
            QVERIFY2(u < 0x7f || u > 0x9f, qPrintable(safe));
        }
        QVERIFY(safe.contains(QLatin1String("red")));
        QVERIFY(safe.contains(QLatin1String("\nnext\tcol")));
        QVERIFY(safe.contains(QLatin1String("^[")));
        QCOMPARE(terminalSafeText(QStringLiteral("plain ünïcødé\n")), QStringLiteral("plain ünïcødé\n"));
    }

    void urlPasswordsAreRedacted_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("server") << QStringLiteral("https://admin:s3cret@10.0.0.1:6443")
                                << QStringLiteral("https://admin:<redacted>@10.0.0.1:6443");
        QTest::newRow("in a message") << QStringLiteral("Error transferring https://u:p%40ss@h/api - server replied")
                                      << QStringLiteral(
                                             "Error transferring https://u:<redacted>@h/api - server replied");
        QTest::newRow("no password") << QStringLiteral("https://h:6443/api") << QStringLiteral("https://h:6443/api");
        QTest::newRow("e-mail") << QStringLiteral("user a@b.c") << QStringLiteral("user a@b.c");
        QTest::newRow("empty user") << QStringLiteral("http://:pw@h") << QStringLiteral("http://:<redacted>@h");
    }

    void urlPasswordsAreRedacted()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QCOMPARE(redactUrlsInText(text), expected);
    }

    void onlyRegularFilesAreRead()
    {
        QTemporaryDir dir;
        const QString fifo = dir.filePath(QStringLiteral("fifo"));
        QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
        const QString link = dir.filePath(QStringLiteral("zero"));
        QVERIFY(QFile::link(QStringLiteral("/dev/zero"), link));
        const QString big = dir.filePath(QStringLiteral("big"));
        {
            QFile file(big);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QVERIFY(file.resize(3000));
        }
        const QString small = dir.filePath(QStringLiteral("small"));
        {
            QFile file(small);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("hello");
        }
        QElapsedTimer clock;
        clock.start();
        QByteArray data;
        QString error;
        QVERIFY(!readRegularFile(fifo, 1000, &data, &error));
        QCOMPARE(error, QStringLiteral("it is a FIFO, not a regular file"));
        QVERIFY(!readRegularFile(link, 1000, &data, &error));
        QCOMPARE(error, QStringLiteral("it is a character device, not a regular file"));
        QVERIFY(!readRegularFile(QStringLiteral("/dev/zero"), 1000, &data, &error));
        QVERIFY(!readRegularFile(dir.path(), 1000, &data, &error));
        QCOMPARE(error, QStringLiteral("it is a directory, not a regular file"));
        QVERIFY(!readRegularFile(big, 2048, &data, &error));
        QVERIFY2(error.startsWith(QLatin1String("it is larger than 2 KiB")), qPrintable(error));
        QVERIFY(!readRegularFile(dir.filePath(QStringLiteral("missing")), 1000, &data, &error));
        QVERIFY(readRegularFile(small, 5, &data, &error));
        QCOMPARE(data, QByteArray("hello"));
        QVERIFY(clock.elapsed() < 60000); // nothing waited for a writer (a hang would not return at all)
    }

    void kubeconfigFromSpecialFiles_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("reason");
        QTest::newRow("/dev/zero") << QStringLiteral("/dev/zero") << QStringLiteral("character device");
        QTest::newRow("fifo") << QStringLiteral("fifo") << QStringLiteral("FIFO");
        QTest::newRow("directory") << QStringLiteral(".") << QStringLiteral("directory");
        QTest::newRow("link to /dev/zero") << QStringLiteral("zero") << QStringLiteral("character device");
    }

    void kubeconfigFromSpecialFiles()
    {
        QFETCH(QString, path);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        QVERIFY(::mkfifo(QFile::encodeName(dir.filePath(QStringLiteral("fifo"))).constData(), 0600) == 0);
        QVERIFY(QFile::link(QStringLiteral("/dev/zero"), dir.filePath(QStringLiteral("zero"))));
        KubeConfig::LoadOptions options;
        options.explicitPath = path.startsWith(u'/') ? path : dir.filePath(path);
        const KubeConfig config = KubeConfig::load(options);
        QCOMPARE(config.fileErrors().size(), 1);
        QVERIFY2(config.fileErrors().first().message.contains(reason), qPrintable(config.fileErrors().first().message));
    }
};

QTEST_GUILESS_MAIN(TestHostileInput)
#include "test_hostileinput.moc"
