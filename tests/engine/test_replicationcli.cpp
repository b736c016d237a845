// SPDX-License-Identifier: GPL-3.0-or-later
// volsyncctl replication without clusters: flag validation, usage errors, exit codes, create and list.
#include "engine/replicationflags.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

} // namespace

class TestReplicationCli : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir mDir;

    Run volsyncctl(const QStringList &arguments)
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        // No cluster is needed: point at a kubeconfig that does not exist.
        env.insert(QStringLiteral("KUBECONFIG"), mDir.filePath(QStringLiteral("no-kubeconfig")));
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(VOLSYNC_BIN_DIR "/volsyncctl"),
            QStringList {QStringLiteral("--config-dir"), mDir.filePath(QStringLiteral("cfg"))} + arguments);
        if (!process.waitForFinished(30000))
            return {};
        return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
    }

private Q_SLOTS:
    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("error");
        const auto args = [](const char *text) { return QString::fromLatin1(text).split(QLatin1Char(' ')); };
        QTest::newRow("no relationship") << args("replication create")
                                         << QStringLiteral("Error: Required flag(s) \"relationship\" not set.");
        QTest::newRow("no subcommand") << args("replication -r x") << QStringLiteral("Error: Missing command");
        QTest::newRow("unknown subcommand")
            << args("replication -r x promote") << QStringLiteral("Error: Unknown command \"promote\"");
        QTest::newRow("bad relationship name")
            << args("replication -r ../x create") << QStringLiteral("Error: Invalid relationship name");
        QTest::newRow("unknown flag") << args("replication -r x create --bogus") << QStringLiteral("bogus");
        QTest::newRow("pvcname missing") << args("replication -r x set-source")
                                         << QStringLiteral("Error: Required flag(s) \"pvcname\" not set.");
        QTest::newRow("pvcname 1 part")
            << args("replication -r x set-source --pvcname datavol")
            << QStringLiteral("Error: Name is not in the format [context/]namespace/objname: datavol.");
        QTest::newRow("pvcname empty namespace") << args("replication -r x set-source --pvcname kind//datavol")
                                                 << QStringLiteral("Error: Empty namespace in kind//datavol");
        QTest::newRow("pvcname not DNS-1123") << args("replication -r x set-source --pvcname ns/Data_Vol")
                                              << QStringLiteral("Error: Invalid object name \"Data_Vol\"");
        QTest::newRow("source copymethod") << args("replication -r x set-source --pvcname ns/p --copymethod copy")
                                           << QStringLiteral("Error: Invalid CopyMethod: copy");
        QTest::newRow("source empty copymethod") << (args("replication -r x set-source --pvcname ns/p --copymethod")
            << QString()) << QStringLiteral("Error: Invalid CopyMethod: the value is empty");
        QTest::newRow("access mode") << args(
            "replication -r x set-source --pvcname ns/p --accessmodes ReadWriteOnce,RWX")
                                     << QStringLiteral("Error: Invalid access mode: RWX");
        QTest::newRow("destination missing") << args("replication -r x set-destination")
                                             << QStringLiteral("Error: Required flag(s) \"destination\" not set.");
        QTest::newRow("destination Clone")
            << args("replication -r x set-destination --destination ns/d --copymethod Clone")
            << QStringLiteral("Error: Invalid CopyMethod: Clone");
        QTest::newRow("capacity 2GB") << args("replication -r x set-destination --destination ns/d --capacity 2GB")
                                      << QStringLiteral("Error: Invalid capacity \"2GB\"");
        QTest::newRow("service type") << args(
            "replication -r x set-destination --destination ns/d --servicetype NodePort")
                                      << QStringLiteral("Error: Servicetype must be LoadBalancer or ClusterIP");
        QTest::newRow("seccomp") << args("replication -r x set-destination --destination ns/d --seccompprofiletype x")
                                 << QStringLiteral("Error: Invalid seccomp profile type");
        QTest::newRow("cronspec missing")
            << args("replication -r x schedule") << QStringLiteral("Error: Required flag(s) \"cronspec\" not set.");
        QTest::newRow("cron @every") << (args("replication -r x schedule --cronspec") << QStringLiteral("@every 5m"))
                                     << QStringLiteral("Error: Invalid cronspec \"@every 5m\"");
        QTest::newRow("cron TZ") << (args("replication -r x schedule --cronspec") << QStringLiteral("TZ=UTC 0 0 * * *"))
                                 << QStringLiteral("time zone");
        QTest::newRow("sync timeout") << args("replication -r x sync --timeout soon")
                                      << QStringLiteral("Error: Invalid --timeout");
        QTest::newRow("status format") << args("replication -r x status -o xml")
                                       << QStringLiteral("Error: Unknown output format \"xml\"");
        QTest::newRow("list format") << args("replication list -o yaml")
                                     << QStringLiteral("Error: Unknown output format");
        // The troubleshooting verbs take their flags from the same table, each only its own.
        QTest::newRow("logs --watch") << args("replication -r x logs --watch")
                                      << QStringLiteral("Error: Unknown flag: --watch (logs does not take it)");
        QTest::newRow("events --tail") << args("replication -r x events --tail 3")
                                       << QStringLiteral("Error: Unknown flag: --tail (events does not take it)");
        QTest::newRow("diagnose -o yaml") << args("replication -r x diagnose -o yaml")
                                          << QStringLiteral("Error: Diagnose prints text, or JSON with -o json");
        QTest::newRow("logs --side") << args("replication -r x logs --side both")
                                     << QStringLiteral("Error: --side is source or destination, not \"both\"");
        QTest::newRow("logs without target")
            << args("replication logs") << QStringLiteral("Error: Name a relationship (-r NAME) or an object");
        QTest::newRow("logs -r and --object") << args("replication -r x logs --object ns/rs/x")
                                              << QStringLiteral("Error: Name a relationship (-r NAME) or an object");
        QTest::newRow("--object kind") << args("replication logs --object ns/pod/x")
                                       << QStringLiteral("Error: Unknown kind \"pod\" in --object");
        QTest::newRow("troubleshoot verb twice")
            << args("replication -r x logs logs") << QStringLiteral("Error: Unexpected arguments \"logs logs\"");
    }

    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, error);
        const Run run = volsyncctl(args);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(error), qPrintable(run.err));
        // One error, printed once, as a sentence (issue 13 item 15): a capital after "Error: ", a full stop at
        // the end of its line.
        QCOMPARE(run.err.count(QLatin1String("Error:")), 1);
        QVERIFY(!QFile::exists(mDir.filePath(QStringLiteral("cfg/x.yaml"))));
        const QString line = run.err.section(QLatin1String("Error: "), 1).section(QLatin1Char('\n'), 0, 0);
        QVERIFY2(!line.isEmpty() && !line.at(0).isLower(), qPrintable(run.err));
        QVERIFY2(line.endsWith(QLatin1Char('.')) || line.endsWith(QLatin1Char(')')), qPrintable(run.err));
    }

    void createListAndFileErrors()
    {
        Run run = volsyncctl(
            {QStringLiteral("replication"), QStringLiteral("-r"), QStringLiteral("one"), QStringLiteral("create")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(QFile::exists(mDir.filePath(QStringLiteral("cfg/one.yaml"))));
        // Quiet like upstream: create prints nothing.
        QVERIFY2(run.out.isEmpty() && run.err.isEmpty(), qPrintable(run.out + run.err));
        run = volsyncctl({QStringLiteral("replication"), QStringLiteral("create"), QStringLiteral("--relationship"),
            QStringLiteral("one")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QLatin1String("Error: Unable to create relationship: relationship exists.")),
            qPrintable(run.err));
        QCOMPARE(run.err.count(QLatin1String("Error:")), 1);

        run = volsyncctl({QStringLiteral("replication"), QStringLiteral("-r"), QStringLiteral("two"),
            QStringLiteral("create"), QStringLiteral("--rsynctls")});
        QCOMPARE(run.exitCode, 0);
        // Upgrading a version 1 file in place.
        run = volsyncctl({QStringLiteral("replication"), QStringLiteral("-r"), QStringLiteral("one"),
            QStringLiteral("create"), QStringLiteral("--rsynctls")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(QLatin1String("Upgraded relationship one to rsync-TLS")), qPrintable(run.out));

        run = volsyncctl(
            {QStringLiteral("replication"), QStringLiteral("list"), QStringLiteral("-o"), QStringLiteral("json")});
        QCOMPARE(run.exitCode, 0);
        const QJsonArray list = QJsonDocument::fromJson(run.out.toUtf8()).array();
        QCOMPARE(list.size(), 2);
        QCOMPARE(list.at(0).toObject().value(QLatin1String("name")).toString(), QStringLiteral("one"));
        QCOMPARE(list.at(0).toObject().value(QLatin1String("rsyncTLS")).toBool(), true);
        QCOMPARE(list.at(1).toObject().value(QLatin1String("version")).toInt(), 2);

        run = volsyncctl(
            {QStringLiteral("replication"), QStringLiteral("-r"), QStringLiteral("one"), QStringLiteral("sync")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QLatin1String(
                     "Error: Please use \"replication set-source\" before triggering a synchronization.")),
            qPrintable(run.err));
        run = volsyncctl({QStringLiteral("replication"), QStringLiteral("-r"), QStringLiteral("one"),
            QStringLiteral("schedule"), QStringLiteral("--cronspec"), QStringLiteral("*/5 * * * *")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QLatin1String("prior to setting the replication schedule")), qPrintable(run.err));
        run = volsyncctl(
            {QStringLiteral("replication"), QStringLiteral("-r"), QStringLiteral("missing"), QStringLiteral("status")});
        QCOMPARE(run.exitCode, 1);
        // Issue 13: the error names the relationship and the folder searched.
        QVERIFY2(run.err.contains(QStringLiteral("Error: Relationship \"missing\" not found in %1")
                                      .arg(QDir::toNativeSeparators(mDir.filePath(QStringLiteral("cfg"))))),
            qPrintable(run.err));

        run = volsyncctl({QStringLiteral("replication"), QStringLiteral("-r"), QStringLiteral("one"),
            QStringLiteral("status"), QStringLiteral("-o"), QStringLiteral("json")});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject status = QJsonDocument::fromJson(run.out.toUtf8()).object();
        QCOMPARE(status.value(QLatin1String("phase")).toString(), QStringLiteral("not applied"));

        run = volsyncctl(
            {QStringLiteral("replication"), QStringLiteral("-r"), QStringLiteral("two"), QStringLiteral("delete")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(!QFile::exists(mDir.filePath(QStringLiteral("cfg/two.yaml"))));
    }

    void deleteWithUnusableContext()
    {
        QDir().mkpath(mDir.filePath(QStringLiteral("cfg")));
        QFile file(mDir.filePath(QStringLiteral("cfg/gone.yaml")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("data:\n"
                   "    source:\n"
                   "        cluster: decommissioned\n"
                   "        namespace: source\n"
                   "        pvcname: datavol\n"
                   "        rsname: datavol-abcde\n"
                   "        source:\n"
                   "            replicationsourcevolumeoptions:\n"
                   "                accessmodes: []\n"
                   "                copymethod: Clone\n"
                   "        trigger:\n"
                   "            manual: \"\"\n"
                   "    version: 1\n"
                   "id: 11111111-2222-4333-8444-555555555555\n"
                   "type: replication\n");
        file.close();
        Run run = volsyncctl(
            {QStringLiteral("replication"), QStringLiteral("-r"), QStringLiteral("gone"), QStringLiteral("delete")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QLatin1String("decommissioned")), qPrintable(run.err));
        QVERIFY(run.err.contains(QLatin1String("--force")));
        QCOMPARE(run.err.count(QLatin1String("Error:")), 1);
        QVERIFY(QFile::exists(file.fileName()));
        run = volsyncctl({QStringLiteral("replication"), QStringLiteral("-r"), QStringLiteral("gone"),
            QStringLiteral("delete"), QStringLiteral("--force")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(QLatin1String("Warning: --force")), qPrintable(run.out));
        QVERIFY(!QFile::exists(file.fileName()));
    }

    // Issue 13 items 6 and 7: one name rule for new relationships (files upstream allowed stay usable), and a
    // schedule that never runs is said.
    void nameRuleAndNeverRunningSchedule()
    {
        Run run = volsyncctl({QStringLiteral("replication"), QStringLiteral("-r"), QStringLiteral("Legacy_DB"),
            QStringLiteral("create")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QLatin1String("use lower-case letters, digits and '-'")), qPrintable(run.err));
        QVERIFY(!QFile::exists(mDir.filePath(QStringLiteral("cfg/Legacy_DB.yaml"))));
        run = volsyncctl({QStringLiteral("replication"), QStringLiteral("-r"), QStringLiteral("legacy-db"),
            QStringLiteral("create")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(QDir(mDir.filePath(QStringLiteral("cfg")))
                    .rename(QStringLiteral("legacy-db.yaml"), QStringLiteral("Legacy_DB.yaml")));
        run = volsyncctl({QStringLiteral("replication"), QStringLiteral("-r"), QStringLiteral("Legacy_DB"),
            QStringLiteral("status"), QStringLiteral("-o"), QStringLiteral("json")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        run = volsyncctl({QStringLiteral("replication"), QStringLiteral("-r"), QStringLiteral("Legacy_DB"),
            QStringLiteral("schedule"), QStringLiteral("--cronspec"), QStringLiteral("0 0 31 2 *")});
        QVERIFY2(
            run.err.contains(QLatin1String("Warning: The schedule \"0 0 31 2 *\" never runs")), qPrintable(run.err));
        run = volsyncctl({QStringLiteral("replication"), QStringLiteral("-r"), QStringLiteral("Legacy_DB"),
            QStringLiteral("schedule"), QStringLiteral("--cronspec"), QStringLiteral("0 0 29 2 *")});
        QVERIFY2(!run.err.contains(QLatin1String("never runs")), qPrintable(run.err));
    }

    void help()
    {
        const Run run = volsyncctl({QStringLiteral("replication"), QStringLiteral("--help")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains(QLatin1String("set-destination")));
        // The usage is written from the flag table the parser uses: every flag of every command is in it, as the
        // table spells it, and on the command's lines unless a note covers it.
        const QStringList lines = run.out.split(QLatin1Char('\n'));
        for (const QString &command : {QStringLiteral("create"), QStringLiteral("set-source"),
                 QStringLiteral("set-destination"), QStringLiteral("schedule"), QStringLiteral("sync"),
                 QStringLiteral("delete"), QStringLiteral("status"), QStringLiteral("list"), QStringLiteral("failover"),
                 QStringLiteral("test-failover"), QStringLiteral("end-test"), QStringLiteral("failback"),
                 QStringLiteral("restore-points"), QStringLiteral("logs"), QStringLiteral("events"),
                 QStringLiteral("diagnose"), QStringLiteral("bundle")}) {
            const qsizetype first = lines.indexOf(QRegularExpression(QStringLiteral("  %1 .*").arg(command)));
            QVERIFY2(first >= 0, qPrintable(command));
            QString commandLines = lines.at(first);
            for (qsizetype i = first + 1; i < lines.size() && lines.at(i).startsWith(QLatin1String("      ")); ++i)
                commandLines += QLatin1Char(' ') + lines.at(i).trimmed();
            const QStringList shown = ReplicationFlags::usageOf(command);
            QVERIFY(!shown.isEmpty());
            for (const QString &flag : shown)
                QVERIFY2(commandLines.contains(flag), qPrintable(command + QStringLiteral(": ") + flag));
            for (const ReplicationFlags::Flag flag : ReplicationFlags::flagsOf(command))
                QVERIFY2(run.out.contains(ReplicationFlags::option(flag)) || flag == ReplicationFlags::Flag::Output,
                    qPrintable(ReplicationFlags::option(flag)));
        }
    }
};

QTEST_GUILESS_MAIN(TestReplicationCli)
#include "test_replicationcli.moc"
