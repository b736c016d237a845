// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/appinfo.h"
#include "common/logging.h"
#include "common/redaction.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QTest>

class TestAppInfo : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void versionStartsWithProjectVersion();
    void userAgentNamesProgramAndPlatform();
    void verboseTogglesDebugCategories();
    void authorizationHeadersAreRedacted_data();
    void authorizationHeadersAreRedacted();
    void secretsAreMaskedInText();
};

void TestAppInfo::versionStartsWithProjectVersion()
{
    QVERIFY(QRegularExpression(QStringLiteral("^\\d+\\.\\d+\\.\\d+( \\(.+\\))?$")).match(versionString()).hasMatch());
}

void TestAppInfo::userAgentNamesProgramAndPlatform()
{
    QCoreApplication::setApplicationName(QStringLiteral("volsync-desktop"));
    const QString agent = userAgent();
    QVERIFY2(QRegularExpression(QStringLiteral("^volsync-desktop/\\d+\\.\\d+\\.\\d+ \\(linux/[a-z0-9_]+\\)$"))
                 .match(agent)
                 .hasMatch(),
        qPrintable(agent));
}

void TestAppInfo::verboseTogglesDebugCategories()
{
    setVerboseLogging(true);
    QVERIFY(lcKube().isDebugEnabled());
    QVERIFY(lcUi().isDebugEnabled());
    setVerboseLogging(false);
    QVERIFY(!lcEngine().isDebugEnabled());
    QVERIFY(lcSim().isInfoEnabled());
}

void TestAppInfo::authorizationHeadersAreRedacted_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("bearer") << QByteArray("Authorization") << QByteArray("Bearer abc.def.ghi")
                            << QByteArray("Bearer <redacted>");
    QTest::newRow("basic lower") << QByteArray("authorization") << QByteArray("Basic dXNlcjpwYXNz")
                                 << QByteArray("Basic <redacted>");
    QTest::newRow("proxy") << QByteArray("Proxy-Authorization") << QByteArray("secret") << QByteArray("<redacted>");
    QTest::newRow("other header kept") << QByteArray("Accept") << QByteArray("application/json")
                                       << QByteArray("application/json");
}

void TestAppInfo::authorizationHeadersAreRedacted()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, expected);
    QCOMPARE(redactHeaderValue(name, value), expected);
}

void TestAppInfo::secretsAreMaskedInText()
{
    QCOMPARE(redactSecret(QStringLiteral("token s3cr3t-token failed"), QStringLiteral("s3cr3t-token")),
        QStringLiteral("token <redacted> failed"));
    // Very short values are not masked: they would blank out ordinary words.
    QCOMPARE(redactSecret(QStringLiteral("a b"), QStringLiteral("a")), QStringLiteral("a b"));
}

QTEST_GUILESS_MAIN(TestAppInfo)
#include "test_appinfo.moc"
