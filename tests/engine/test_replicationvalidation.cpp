// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/objectname.h"
#include "engine/replicationvalidation.h"

#include <QRegularExpression>
#include <QTest>

class TestReplicationValidation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void objectNames_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("ns");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("error"); // substring; empty = valid
        const QString format = QStringLiteral("name is not in the format [context/]namespace/objname: ");
        QTest::newRow("3 parts") << QStringLiteral("kind/source/datavol") << QStringLiteral("kind")
                                 << QStringLiteral("source") << QStringLiteral("datavol") << QString();
        QTest::newRow("2 parts") << QStringLiteral("destns/datavol") << QString() << QStringLiteral("destns")
                                 << QStringLiteral("datavol") << QString();
        QTest::newRow("context with odd chars")
            << QStringLiteral("kind-kind@x:1/ns/pvc.v1") << QStringLiteral("kind-kind@x:1") << QStringLiteral("ns")
            << QStringLiteral("pvc.v1") << QString();
        QTest::newRow("1 part") << QStringLiteral("datavol") << QString() << QString() << QString()
                                << format + QStringLiteral("datavol");
        QTest::newRow("5 parts") << QStringLiteral("a/b/c/d/e") << QString() << QString() << QString()
                                 << format + QStringLiteral("a/b/c/d/e");
        QTest::newRow("empty") << QString() << QString() << QString() << QString() << format;
        QTest::newRow("empty context") << QStringLiteral("/ns/pvc") << QString() << QString() << QString()
                                       << QStringLiteral("empty context");
        QTest::newRow("empty namespace") << QStringLiteral("kind//pvc") << QString() << QString() << QString()
                                         << QStringLiteral("empty namespace");
        QTest::newRow("empty name") << QStringLiteral("ns/") << QString() << QString() << QString()
                                    << QStringLiteral("empty object name");
        QTest::newRow("upper-case namespace") << QStringLiteral("Source/pvc") << QString() << QString() << QString()
                                              << QStringLiteral("invalid namespace \"Source\"");
        QTest::newRow("dotted namespace")
            << QStringLiteral("a.b/pvc") << QString() << QString() << QString() << QStringLiteral("invalid namespace");
        QTest::newRow("underscore name") << QStringLiteral("ns/my_pvc") << QString() << QString() << QString()
                                         << QStringLiteral("invalid object name \"my_pvc\"");
        QTest::newRow("name ends in dash") << QStringLiteral("ns/pvc-") << QString() << QString() << QString()
                                           << QStringLiteral("invalid object name");
    }

    void objectNames()
    {
        QFETCH(QString, text);
        QFETCH(QString, context);
        QFETCH(QString, ns);
        QFETCH(QString, name);
        QFETCH(QString, error);
        QString message;
        const auto parsed = ObjectName::parse(text, &message);
        if (error.isEmpty()) {
            QVERIFY2(parsed, qPrintable(message));
            QCOMPARE(parsed->context, context);
            QCOMPARE(parsed->namespaceName, ns);
            QCOMPARE(parsed->name, name);
            QCOMPARE(parsed->toString(), text);
        } else {
            QVERIFY(!parsed);
            QVERIFY2(message.contains(error), qPrintable(message));
        }
    }

    void lenientParsingAcceptsEmptyParts()
    {
        const auto parsed = ObjectName::parseLenient(QStringLiteral("//"));
        QVERIFY(parsed);
        QVERIFY(parsed->namespaceName.isEmpty());
        QVERIFY(!ObjectName::parseLenient(QStringLiteral("a")));
    }

    void copyMethods_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("source");
        QTest::addColumn<QString>("result");
        QTest::addColumn<QString>("error");
        QTest::newRow("clone") << QStringLiteral("Clone") << true << QStringLiteral("Clone") << QString();
        QTest::newRow("lower case") << QStringLiteral("snapshot") << true << QStringLiteral("Snapshot") << QString();
        QTest::newRow("upper case") << QStringLiteral("DIRECT") << false << QStringLiteral("Direct") << QString();
        QTest::newRow("none") << QStringLiteral("none") << false << QStringLiteral("None") << QString();
        QTest::newRow("clone on destination")
            << QStringLiteral("Clone") << false << QString() << QStringLiteral("invalid CopyMethod: Clone");
        QTest::newRow("garbage") << QStringLiteral("copy") << true << QString()
                                 << QStringLiteral("invalid CopyMethod: copy");
        QTest::newRow("empty") << QString() << true << QString()
                               << QStringLiteral("invalid CopyMethod: the value is empty");
    }

    void copyMethods()
    {
        QFETCH(QString, value);
        QFETCH(bool, source);
        QFETCH(QString, result);
        QFETCH(QString, error);
        QString message;
        const auto parsed = ReplicationValidation::copyMethod(value,
            source ? ReplicationValidation::sourceCopyMethods() : ReplicationValidation::destinationCopyMethods(),
            &message);
        if (error.isEmpty()) {
            QVERIFY2(parsed, qPrintable(message));
            QCOMPARE(*parsed, result);
        } else {
            QVERIFY(!parsed);
            QVERIFY2(message.startsWith(error), qPrintable(message));
        }
    }

    void accessModes()
    {
        QString error;
        QCOMPARE(ReplicationValidation::accessModes({}, &error), QStringList());
        QCOMPARE(ReplicationValidation::accessModes(
                     {QStringLiteral("ReadWriteOnce,ReadOnlyMany"), QStringLiteral("ReadWriteOncePod")}, &error),
            (QStringList {
                QStringLiteral("ReadWriteOnce"), QStringLiteral("ReadOnlyMany"), QStringLiteral("ReadWriteOncePod")}));
        QVERIFY(!ReplicationValidation::accessModes({QStringLiteral("ReadWriteOnce,RWX")}, &error));
        QCOMPARE(error, QStringLiteral("invalid access mode: RWX"));
        QVERIFY(!ReplicationValidation::accessModes({QStringLiteral("readwriteonce")}, &error));
        QCOMPARE(error, QStringLiteral("invalid access mode: readwriteonce"));
    }

    void capacity_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("valid");
        QTest::newRow("123Gi") << QStringLiteral("123Gi") << true;
        QTest::newRow("10G") << QStringLiteral("10G") << true;
        QTest::newRow("1.5Ti") << QStringLiteral("1.5Ti") << true;
        QTest::newRow("bytes") << QStringLiteral("1073741824") << true;
        QTest::newRow("exponent") << QStringLiteral("1e9") << true;
        QTest::newRow("2GB") << QStringLiteral("2GB") << false;
        QTest::newRow("garbage") << QStringLiteral("lots") << false;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("zero") << QStringLiteral("0Gi") << false;
        QTest::newRow("negative") << QStringLiteral("-1Gi") << false;
        QTest::newRow("space") << QStringLiteral("1 Gi") << false;
    }

    void capacity()
    {
        QFETCH(QString, value);
        QFETCH(bool, valid);
        QString error;
        QCOMPARE(ReplicationValidation::capacity(value, &error).has_value(), valid);
        if (!valid)
            QVERIFY2(error.startsWith(QLatin1String("invalid capacity")), qPrintable(error));
    }

    void serviceType()
    {
        QString error;
        QCOMPARE(ReplicationValidation::serviceType(QStringLiteral("ClusterIP"), &error), QStringLiteral("ClusterIP"));
        QCOMPARE(
            ReplicationValidation::serviceType(QStringLiteral("LoadBalancer"), &error), QStringLiteral("LoadBalancer"));
        QVERIFY(!ReplicationValidation::serviceType(QStringLiteral("NodePort"), &error));
        QCOMPARE(error, QStringLiteral("servicetype must be LoadBalancer or ClusterIP"));
        QVERIFY(!ReplicationValidation::serviceType(QStringLiteral("clusterip"), &error));
    }

    void cron_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<bool>("crdPattern"); // what the apiserver's (partly anchored) pattern says
        QTest::newRow("every 5 minutes") << QStringLiteral("*/5 * * * *") << true << true;
        QTest::newRow("upstream e2e") << QStringLiteral("0 0 1 1 *") << true << true;
        QTest::newRow("lists and ranges") << QStringLiteral("0,30 8-18 * * 1-5") << true << true;
        QTest::newRow("@hourly") << QStringLiteral("@hourly") << true << true;
        QTest::newRow("@yearly") << QStringLiteral("@yearly") << true << true;
        QTest::newRow("@every 5m") << QStringLiteral("@every 5m") << false << false;
        QTest::newRow("@midnight") << QStringLiteral("@midnight") << false << false;
        QTest::newRow("TZ prefix") << QStringLiteral("TZ=UTC 0 0 * * *") << false << true;
        QTest::newRow("4 fields") << QStringLiteral("* * * *") << false << false;
        QTest::newRow("6 fields") << QStringLiteral("0 * * * * *") << false << true;
        QTest::newRow("minute 60") << QStringLiteral("60 * * * *") << false << true;
        QTest::newRow("month 13") << QStringLiteral("0 0 1 13 *") << false << true;
        QTest::newRow("backwards range") << QStringLiteral("0 18-8 * * *") << false << true;
        QTest::newRow("names") << QStringLiteral("0 0 * * MON") << false << false;
        QTest::newRow("empty") << QString() << false << false;
    }

    void cron()
    {
        QFETCH(QString, spec);
        QFETCH(bool, valid);
        QFETCH(bool, crdPattern);
        QString error;
        QCOMPARE(ReplicationValidation::cronSpec(spec, &error), valid);
        if (!valid)
            QVERIFY2(error.startsWith(QLatin1String("invalid cronspec")), qPrintable(error));
        // Everything we accept, the apiserver accepts too.
        const QRegularExpression pattern(ReplicationValidation::crdSchedulePattern());
        QCOMPARE(pattern.match(spec).hasMatch(), crdPattern);
    }

    void seccomp()
    {
        QString error;
        QCOMPARE(ReplicationValidation::seccompProfileType(QStringLiteral("RuntimeDefault"), &error),
            QStringLiteral("RuntimeDefault"));
        QVERIFY(!ReplicationValidation::seccompProfileType(QStringLiteral("runtimedefault"), &error));
    }
};

QTEST_GUILESS_MAIN(TestReplicationValidation)
#include "test_replicationvalidation.moc"
