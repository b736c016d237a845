// SPDX-License-Identifier: GPL-3.0-or-later
// The README's example, verbatim, with volsyncctl processes against `volsync-sim --clusters kind,gcp
// --seed seed-example` (plus short sync and load-balancer delays), checking every object it creates
// with its labels and spec fields.
#include "engine/volsyncresources.h"
#include "kube/kubeclient.h"
#include "kube/kubereply.h"
#include "kube/kubesession.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

// Splits a command line the way sh does for what the README uses: spaces, '...' and "..." quoting.
QStringList shellSplit(const QString &line)
{
    QStringList out;
    QString current;
    bool inWord = false;
    QChar quote;
    for (const QChar c : line) {
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
            else
                current += c;
        } else if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            quote = c;
            inWord = true;
        } else if (c.isSpace()) {
            if (inWord)
                out.append(current);
            current.clear();
            inWord = false;
        } else {
            current += c;
            inWord = true;
        }
    }
    if (inWord)
        out.append(current);
    return out;
}

QJsonObject field(const QJsonObject &o, const char *a, const char *b = nullptr)
{
    QJsonObject r = o.value(QLatin1String(a)).toObject();
    return b ? r.value(QLatin1String(b)).toObject() : r;
}

} // namespace

class TestSeedExample : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir mDir;
    QProcess mSim;
    KubeSession *mSession = nullptr;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("KUBECONFIG"), mDir.filePath(QStringLiteral("sim.kubeconfig")));
        env.insert(QStringLiteral("HOME"), mDir.filePath(QStringLiteral("home")));
        return env;
    }

    Run volsyncctl(const QString &commandLine, int timeoutMs = 60000)
    {
        QProcess process;
        process.setProcessEnvironment(environment());
        QStringList args = shellSplit(commandLine);
        args.removeFirst(); // "volsyncctl"
        QSignalSpy finished(&process, &QProcess::finished);
        process.start(QStringLiteral(VOLSYNC_BIN_DIR "/volsyncctl"), args);
        if (!finished.wait(timeoutMs)) {
            process.kill();
            process.waitForFinished(2000);
            return {};
        }
        const Run run {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
        qInfo("$ %s\n%s%s(exit code %d)", qPrintable(commandLine), qPrintable(run.err), qPrintable(run.out),
            run.exitCode);
        return run;
    }

    QJsonObject get(const QString &context, const KubeResource &resource, const QString &ns, const QString &name)
    {
        KubeReply *reply = mSession->client(context)->get(resource, ns, name);
        reply->setAutoDelete(false);
        QSignalSpy finished(reply, &KubeReply::finished);
        if (!reply->isFinished() && !finished.wait(10000)) {
            delete reply;
            return {};
        }
        const QJsonObject object = reply->isOk() ? reply->json() : QJsonObject();
        delete reply;
        return object;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(mDir.isValid());
        const QString kubeconfig = mDir.filePath(QStringLiteral("sim.kubeconfig"));
        mSim.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        mSim.start(QStringLiteral(VOLSYNC_BIN_DIR "/volsync-sim"),
            {QStringLiteral("--clusters"), QStringLiteral("kind,gcp"), QStringLiteral("--seed"),
                QStringLiteral("seed-example"), QStringLiteral("--kubeconfig-out"), kubeconfig,
                QStringLiteral("--sync-duration"), QStringLiteral("300ms"), QStringLiteral("--lb-delay"),
                QStringLiteral("100ms")});
        QVERIFY(mSim.waitForStarted(10000));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(kubeconfig), 30000);
        mSession = new KubeSession(KubeConfig::LoadOptions {kubeconfig, std::nullopt, std::nullopt}, this);
        QTRY_VERIFY_WITH_TIMEOUT(
            !get(QStringLiteral("kind"), KubeResource::namespaces(), QString(), QStringLiteral("source")).isEmpty(),
            20000);
    }

    void cleanupTestCase()
    {
        delete mSession;
        mSim.terminate();
        if (!mSim.waitForFinished(5000))
            mSim.kill();
        mSim.waitForFinished(2000);
    }

    void example()
    {
        Run r = volsyncctl(QStringLiteral("volsyncctl replication -r example create"));
        QCOMPARE(r.exitCode, 0);
        r = volsyncctl(QStringLiteral(
            "volsyncctl replication -r example set-source --pvcname kind/source/datavol --copymethod Clone"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = volsyncctl(QStringLiteral(
            "volsyncctl replication -r example set-destination --destination gcp/destns/datavol --copymethod Snapshot "
            "--storageclass standard-csi --volumesnapshotclass csi-gce-pd-vsc --servicetype LoadBalancer"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = volsyncctl(QStringLiteral("volsyncctl replication -r example schedule --cronspec '*/5 * * * *'"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("Waiting for keys & address of destination to be available.")),
            qPrintable(r.err));
        QVERIFY(r.err.contains(QLatin1String("Creating resources on Source.")));

        // The file, as upstream writes it.
        QFile file(mDir.filePath(QStringLiteral("home/.volsync/example.yaml")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString yaml = QString::fromUtf8(file.readAll());
        QVERIFY2(yaml.contains(QLatin1String("            schedule: '*/5 * * * *'\n")), qPrintable(yaml));
        QVERIFY(yaml.contains(QLatin1String("                volumesnapshotclassname: csi-gce-pd-vsc\n")));
        QVERIFY(yaml.contains(QLatin1String("            servicetype: LoadBalancer\n")));
        const QString id = yaml.section(QStringLiteral("\nid: "), 1).section(QLatin1Char('\n'), 0, 0);
        QCOMPARE(id.size(), 36);
        const QString rsName = yaml.section(QStringLiteral("rsname: "), 1).section(QLatin1Char('\n'), 0, 0);
        QVERIFY(rsName.startsWith(QLatin1String("datavol-")));

        const QString label = QStringLiteral("volsync.backube/relationship");
        const QJsonObject rd = get(QStringLiteral("gcp"), VolSyncResources::replicationDestinations(),
            QStringLiteral("destns"), QStringLiteral("datavol"));
        QCOMPARE(field(rd, "metadata", "labels").value(label).toString(), id);
        const QJsonObject rdRsync = field(rd, "spec", "rsync");
        QCOMPARE(rdRsync.value(QLatin1String("copyMethod")).toString(), QStringLiteral("Snapshot"));
        QCOMPARE(rdRsync.value(QLatin1String("storageClassName")).toString(), QStringLiteral("standard-csi"));
        QCOMPARE(rdRsync.value(QLatin1String("volumeSnapshotClassName")).toString(), QStringLiteral("csi-gce-pd-vsc"));
        QCOMPARE(rdRsync.value(QLatin1String("serviceType")).toString(), QStringLiteral("LoadBalancer"));
        QVERIFY(!rdRsync.value(QLatin1String("capacity")).toString().isEmpty());
        QVERIFY(!rdRsync.value(QLatin1String("accessModes")).toArray().isEmpty());

        const QJsonObject secret
            = get(QStringLiteral("kind"), KubeResource::secrets(), QStringLiteral("source"), rsName);
        QCOMPARE(field(secret, "metadata", "labels").value(label).toString(), id);
        QVERIFY(field(secret, "data").contains(QLatin1String("source")));

        const QJsonObject rs
            = get(QStringLiteral("kind"), VolSyncResources::replicationSources(), QStringLiteral("source"), rsName);
        QCOMPARE(field(rs, "metadata", "labels").value(label).toString(), id);
        QCOMPARE(field(rs, "spec").value(QLatin1String("sourcePVC")).toString(), QStringLiteral("datavol"));
        QCOMPARE(
            field(rs, "spec", "trigger").value(QLatin1String("schedule")).toString(), QStringLiteral("*/5 * * * *"));
        const QJsonObject rsRsync = field(rs, "spec", "rsync");
        QCOMPARE(rsRsync.value(QLatin1String("copyMethod")).toString(), QStringLiteral("Clone"));
        QCOMPARE(rsRsync.value(QLatin1String("sshKeys")).toString(), rsName);
        QCOMPARE(rsRsync.value(QLatin1String("address")).toString(),
            field(rd, "status", "rsync").value(QLatin1String("address")).toString());

        // status --watch prints each change while the sync runs.
        QProcess watch;
        watch.setProcessEnvironment(environment());
        watch.start(QStringLiteral(VOLSYNC_BIN_DIR "/volsyncctl"),
            {QStringLiteral("replication"), QStringLiteral("-r"), QStringLiteral("example"), QStringLiteral("status"),
                QStringLiteral("--watch"), QStringLiteral("-o"), QStringLiteral("yaml")});
        QVERIFY(watch.waitForStarted(10000));
        QString watched;
        QTRY_VERIFY_WITH_TIMEOUT(
            (watched += QString::fromUtf8(watch.readAllStandardOutput())).contains(QLatin1String("phase:")), 20000);

        r = volsyncctl(QStringLiteral("volsyncctl replication -r example sync"), 120000);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.err.contains(QLatin1String("Waiting for synchronization to complete.")));
        const QJsonObject synced
            = get(QStringLiteral("kind"), VolSyncResources::replicationSources(), QStringLiteral("source"), rsName);
        QCOMPARE(field(synced, "status").value(QLatin1String("lastManualSync")).toString(),
            field(synced, "spec", "trigger").value(QLatin1String("manual")).toString());

        QTRY_VERIFY_WITH_TIMEOUT((watched += QString::fromUtf8(watch.readAllStandardOutput()))
                                     .contains(QLatin1String("lastManualSync: \"")
                                         + field(synced, "status").value(QLatin1String("lastManualSync")).toString()),
            10000);
        QVERIFY2(watched.contains(QLatin1String("phase: syncing")), qPrintable(watched));
        QVERIFY(watched.count(QLatin1String("---\n")) >= 3);
        watch.terminate();
        QVERIFY(watch.waitForFinished(5000));

        r = volsyncctl(QStringLiteral("volsyncctl replication -r example status -o json"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject status = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QVERIFY2(status.value(QLatin1String("phase")).toString() == QLatin1String("idle")
                || status.value(QLatin1String("phase")).toString() == QLatin1String("syncing"),
            qPrintable(r.out));
        QVERIFY2(!status.value(QLatin1String("history")).toArray().isEmpty(), qPrintable(r.out));
        r = volsyncctl(QStringLiteral("volsyncctl replication -r example status"));
        QVERIFY2(r.out.contains(QLatin1String("Phase:         idle")), qPrintable(r.out));
        QVERIFY(r.out.contains(QLatin1String("Recent syncs:")));
        r = volsyncctl(QStringLiteral("volsyncctl replication list"));
        QVERIFY(r.out.contains(QLatin1String("kind/source/datavol")));

        r = volsyncctl(QStringLiteral("volsyncctl replication -r example delete"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(
            r.out.contains(QLatin1String("ReplicationSource source/") + rsName + QLatin1String(" on kind: deleted")),
            qPrintable(r.out));
        QVERIFY(r.out.contains(QLatin1String("ReplicationDestination destns/datavol on gcp: deleted")));
        QVERIFY(!QFile::exists(mDir.filePath(QStringLiteral("home/.volsync/example.yaml"))));
        QTRY_VERIFY_WITH_TIMEOUT(
            get(QStringLiteral("kind"), VolSyncResources::replicationSources(), QStringLiteral("source"), rsName)
                .isEmpty(),
            5000);
        QVERIFY(get(QStringLiteral("gcp"), VolSyncResources::replicationDestinations(), QStringLiteral("destns"),
            QStringLiteral("datavol"))
                    .isEmpty());
    }

    // Pause and resume on their own (spec.paused): the schedule stays, Sync now is refused while paused with the
    // command that resumes, and resume clears the field as if it had never been set.
    void pauseAndResume()
    {
        Run r = volsyncctl(QStringLiteral("volsyncctl replication -r pausable create"));
        QCOMPARE(r.exitCode, 0);
        r = volsyncctl(QStringLiteral("volsyncctl replication -r pausable pause"));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QLatin1String("Error: Relationship pausable has no source yet: there is nothing to "
                                              "pause.")),
            qPrintable(r.err));
        r = volsyncctl(
            QStringLiteral("volsyncctl replication -r pausable set-source --pvcname kind/source/datavol --copymethod "
                           "Snapshot"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = volsyncctl(QStringLiteral("volsyncctl replication -r pausable set-destination --destination "
                                      "gcp/destns/pausable --copymethod Snapshot"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = volsyncctl(QStringLiteral("volsyncctl replication -r pausable schedule --cronspec '0 3 * * *'"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QFile file(mDir.filePath(QStringLiteral("home/.volsync/pausable.yaml")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString rsName
            = QString::fromUtf8(file.readAll()).section(QStringLiteral("rsname: "), 1).section(QLatin1Char('\n'), 0, 0);
        file.close();
        const auto rsSpec = [&]() {
            return field(
                get(QStringLiteral("kind"), VolSyncResources::replicationSources(), QStringLiteral("source"), rsName),
                "spec");
        };
        QVERIFY(!rsSpec().contains(QLatin1String("paused")));

        r = volsyncctl(QStringLiteral("volsyncctl replication -r pausable pause"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QLatin1String("ReplicationSource source/") + rsName + QLatin1String(" on kind: ")),
            qPrintable(r.out));
        QCOMPARE(rsSpec().value(QLatin1String("paused")).toBool(), true);
        QCOMPARE(field(rsSpec(), "trigger").value(QLatin1String("schedule")).toString(), QStringLiteral("0 3 * * *"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(QString::fromUtf8(file.readAll()).contains(QLatin1String("paused: true")));
        file.close();
        r = volsyncctl(QStringLiteral("volsyncctl replication -r pausable status -o json"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object().value(QLatin1String("paused")).toBool(), true);
        r = volsyncctl(QStringLiteral("volsyncctl replication -r pausable status"));
        QVERIFY2(r.out.contains(QLatin1String("Paused:        yes")), qPrintable(r.out));
        // Pausing again changes nothing and says so by succeeding.
        r = volsyncctl(QStringLiteral("volsyncctl replication -r pausable pause"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        // No Sync now while paused: a usage error that names the way out.
        r = volsyncctl(QStringLiteral("volsyncctl replication -r pausable sync"));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("Error: Relationship pausable is paused")), qPrintable(r.err));
        QVERIFY(r.err.contains(QLatin1String("volsyncctl replication -r pausable resume")));
        QVERIFY(!rsSpec().contains(QLatin1String("manual")));

        r = volsyncctl(QStringLiteral("volsyncctl replication -r pausable resume"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(!rsSpec().contains(QLatin1String("paused")));
        QCOMPARE(field(rsSpec(), "trigger").value(QLatin1String("schedule")).toString(), QStringLiteral("0 3 * * *"));
        r = volsyncctl(QStringLiteral("volsyncctl replication -r pausable status -o json"));
        QVERIFY(!QJsonDocument::fromJson(r.out.toUtf8()).object().contains(QLatin1String("paused")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!QString::fromUtf8(file.readAll()).contains(QLatin1String("paused: true")));
        file.close();

        r = volsyncctl(QStringLiteral("volsyncctl replication -r pausable delete"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestSeedExample)
#include "test_seedexample.moc"
