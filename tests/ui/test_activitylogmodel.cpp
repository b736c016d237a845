// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/activitylogmodel.h"

#include <QAbstractItemModelTester>
#include <QTest>

class TestActivityLogModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void appendAndCap();
    void scrub_data();
    void scrub();
};

void TestActivityLogModel::appendAndCap()
{
    ActivityLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMaxEntries(3);
    for (int i = 0; i < 5; ++i) {
        model.append(ActivityLogModel::Level::Info, QStringLiteral("kind"), QStringLiteral("step %1").arg(i));
    }
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0, ActivityLogModel::MessageColumn).data().toString(), QStringLiteral("step 2"));
    QCOMPARE(model.index(2, ActivityLogModel::ClusterColumn).data().toString(), QStringLiteral("kind"));
    model.append(ActivityLogModel::Level::Error, QString(), QStringLiteral("boom"));
    QCOMPARE(ActivityLogModel::Level(model.index(2, 0).data(ActivityLogModel::LevelRole).toInt()),
        ActivityLogModel::Level::Error);
    const QString text = model.toText({1, 2});
    QCOMPARE(text.count(QLatin1Char('\n')), 1);
    QVERIFY(text.contains(QLatin1String("step 4")));
    QVERIFY(text.contains(QLatin1String("\tError\t-\tboom")));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestActivityLogModel::scrub_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("kept");
    QTest::newRow("bearer") << QStringLiteral("Authorization: Bearer abc.def-ghi_jkl") << QStringLiteral("abc.def")
                            << QStringLiteral("Bearer");
    QTest::newRow("token-yaml") << QStringLiteral("token: supersecretvalue1") << QStringLiteral("supersecretvalue1")
                                << QStringLiteral("token:");
    QTest::newRow("json-password") << QStringLiteral("{\"password\": \"hunter22\"}") << QStringLiteral("hunter22")
                                   << QStringLiteral("password");
    QTest::newRow("pem") << QStringLiteral(
        "key -----BEGIN RSA PRIVATE KEY-----\nMIIEabc\n-----END RSA PRIVATE KEY----- ok")
                         << QStringLiteral("MIIEabc") << QStringLiteral("ok");
    QTest::newRow("jwt") << QStringLiteral("got eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.sig here")
                         << QStringLiteral("eyJhbGciOiJSUzI1NiJ9") << QStringLiteral("here");
    QTest::newRow("psk") << QStringLiteral("psk.txt: volsync:0123456789abcdef") << QStringLiteral("0123456789abcdef")
                         << QStringLiteral("psk.txt");
}

void TestActivityLogModel::scrub()
{
    QFETCH(QString, input);
    QFETCH(QString, secret);
    QFETCH(QString, kept);
    ActivityLogModel model;
    model.append(ActivityLogModel::Level::Info, QStringLiteral("kind"), input);
    const QString shown = model.index(0, ActivityLogModel::MessageColumn).data().toString();
    QVERIFY2(!shown.contains(secret), qPrintable(shown));
    QVERIFY2(shown.contains(kept), qPrintable(shown));
    QVERIFY(!model.toText({0}).contains(secret));
    // Plain text passes unchanged.
    QCOMPARE(ActivityLogModel::scrub(QStringLiteral("created ReplicationSource source/datavol on kind")),
        QStringLiteral("created ReplicationSource source/datavol on kind"));
}

QTEST_GUILESS_MAIN(TestActivityLogModel)
#include "test_activitylogmodel.moc"
