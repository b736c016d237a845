// SPDX-License-Identifier: GPL-3.0-or-later
// The real kubectl (1.32 here, Debian's 1.20 on a fresh CI) against the in-process simulator, through the
// kubeconfig it writes. kubectl runs as an asynchronous QProcess while the test's event loop serves it.
#include "simapitestclient.h"

#include "sim/simapiserver.h"
#include "sim/simcluster.h"
#include "sim/simstore.h"
#include "sim/simulator.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

const QString kRS = QStringLiteral("replicationsources");

QString sourceYaml(const QString &name, const QString &schedule, const QString &extra = {},
    const QString &relationship = QStringLiteral("rel-1"))
{
    return QStringLiteral("apiVersion: volsync.backube/v1alpha1\n"
                          "kind: ReplicationSource\n"
                          "metadata:\n"
                          "  name: %1\n"
                          "  namespace: source\n"
                          "  labels:\n"
                          "    volsync.backube/relationship: %4\n"
                          "spec:\n"
                          "  sourcePVC: datavol\n"
                          "  trigger:\n"
                          "    schedule: \"%2\"\n"
                          "  rsync:\n"
                          "    copyMethod: Clone\n"
                          "    address: 10.96.0.42\n"
                          "    sshKeys: sample\n"
                          "%3")
        .arg(name, schedule, extra, relationship);
}

} // namespace

class TestSimKubectl : public QObject
{
    Q_OBJECT

private:
    QString mKubectl;
    int mMinor = 0;
    std::unique_ptr<SimFixture> mSim;
    QTemporaryDir mDir;

    SimStore *store() const { return mSim->cluster(QStringLiteral("kind"))->store(); }

    QProcess *launch(const QStringList &arguments, const QString &kubeconfig = {})
    {
        auto *process = new QProcess(this);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("KUBECONFIG"), kubeconfig.isEmpty() ? mSim->kubeconfigPath() : kubeconfig);
        env.insert(QStringLiteral("KUBECACHEDIR"), mDir.filePath(QStringLiteral("cache")));
        process->setProcessEnvironment(env);
        process->start(mKubectl, arguments);
        return process;
    }

    Run finish(QProcess *process, int timeoutMs = 60000)
    {
        Run run;
        const bool done = QTest::qWaitFor([process] { return process->state() == QProcess::NotRunning; }, timeoutMs);
        if (!done) {
            process->kill();
            (void)QTest::qWaitFor([process] { return process->state() == QProcess::NotRunning; }, 5000);
        }
        run.exitCode = done && process->exitStatus() == QProcess::NormalExit ? process->exitCode() : -1;
        run.out = QString::fromUtf8(process->readAllStandardOutput());
        run.err = QString::fromUtf8(process->readAllStandardError());
        process->deleteLater();
        return run;
    }

    Run kubectl(const QStringList &arguments, const QByteArray &stdinData = {}, const QString &kubeconfig = {})
    {
        QProcess *process = launch(arguments, kubeconfig);
        if (!stdinData.isEmpty() || arguments.contains(QStringLiteral("-"))) {
            (void)QTest::qWaitFor([process] { return process->state() == QProcess::Running; }, 10000);
            process->write(stdinData);
            process->closeWriteChannel();
        }
        return finish(process);
    }

    QString writeFile(const QString &name, const QString &text)
    {
        QFile file(mDir.filePath(name));
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(text.toUtf8());
        return file.fileName();
    }

private Q_SLOTS:
    void initTestCase()
    {
        // VOLSYNC_KUBECTL picks another kubectl (e.g. an older release) for a compatibility run.
        mKubectl = qEnvironmentVariableIsSet("VOLSYNC_KUBECTL")
            ? qEnvironmentVariable("VOLSYNC_KUBECTL")
            : QStandardPaths::findExecutable(QStringLiteral("kubectl"));
        if (mKubectl.isEmpty())
            QSKIP("kubectl is not installed (Debian package kubernetes-client)");
        QVERIFY(mDir.isValid());
        mSim = SimApiTestClient::startSimulator(
            {QStringLiteral("kind"), QStringLiteral("gcp")}, "good-token,bob,1002,\"system:masters\"\n");
        QVERIFY(mSim);
        const Run version = kubectl(
            {QStringLiteral("version"), QStringLiteral("--client"), QStringLiteral("-o"), QStringLiteral("json")});
        QCOMPARE(version.exitCode, 0);
        const QJsonObject client
            = QJsonDocument::fromJson(version.out.toUtf8()).object().value(QStringLiteral("clientVersion")).toObject();
        mMinor = client.value(QStringLiteral("minor")).toString().remove(QLatin1Char('+')).toInt();
        qInfo("kubectl %s", qPrintable(client.value(QStringLiteral("gitVersion")).toString()));
        QVERIFY(mMinor >= 20);
    }

    void cleanupTestCase() { mSim.reset(); }

    void getNamespacesInEveryContext()
    {
        const Run run
            = kubectl({QStringLiteral("get"), QStringLiteral("ns"), QStringLiteral("-o"), QStringLiteral("name")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const QStringList names = run.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(names,
            QStringList({QStringLiteral("namespace/default"), QStringLiteral("namespace/destns"),
                QStringLiteral("namespace/source")}));
        const Run table = kubectl(
            {QStringLiteral("--context"), QStringLiteral("gcp"), QStringLiteral("get"), QStringLiteral("namespaces")});
        QVERIFY2(table.exitCode == 0, qPrintable(table.err));
        QVERIFY(table.out.startsWith(QStringLiteral("NAME")));
        QVERIFY(table.out.contains(QStringLiteral("destns")));
        const Run contexts = kubectl(
            {QStringLiteral("config"), QStringLiteral("get-contexts"), QStringLiteral("-o"), QStringLiteral("name")});
        QCOMPARE(contexts.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts),
            QStringList({QStringLiteral("gcp"), QStringLiteral("kind")}));
    }

    void apiResources()
    {
        const Run run = kubectl({QStringLiteral("api-resources"), QStringLiteral("-o"), QStringLiteral("name")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QStringList names = run.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        names.sort();
        QCOMPARE(names,
            QStringList({QStringLiteral("events"), QStringLiteral("events.events.k8s.io"), QStringLiteral("jobs.batch"),
                QStringLiteral("namespaces"), QStringLiteral("persistentvolumeclaims"), QStringLiteral("pods"),
                QStringLiteral("replicationdestinations.volsync.backube"),
                QStringLiteral("replicationsources.volsync.backube"), QStringLiteral("secrets"),
                QStringLiteral("services"), QStringLiteral("storageclasses.storage.k8s.io"),
                QStringLiteral("volumesnapshotclasses.snapshot.storage.k8s.io"),
                QStringLiteral("volumesnapshots.snapshot.storage.k8s.io")}));
    }

    void createApplyPatchReplace()
    {
        const QString file
            = writeFile(QStringLiteral("rs.yaml"), sourceYaml(QStringLiteral("sample"), QStringLiteral("*/5 * * * *")));
        const Run created = kubectl({QStringLiteral("create"), QStringLiteral("-f"), file});
        QVERIFY2(created.exitCode == 0, qPrintable(created.err));
        QCOMPARE(created.out.trimmed(), QStringLiteral("replicationsource.volsync.backube/sample created"));
        QVERIFY(store()->get(kRS, QStringLiteral("source"), QStringLiteral("sample")));

        const QString applied
            = writeFile(QStringLiteral("rs2.yaml"), sourceYaml(QStringLiteral("sample"), QStringLiteral("0 * * * *")));
        const Run apply = kubectl({QStringLiteral("apply"), QStringLiteral("-f"), applied});
        QVERIFY2(apply.exitCode == 0, qPrintable(apply.err));
        QVERIFY(apply.out.contains(QStringLiteral("replicationsource.volsync.backube/sample configured")));
        auto schedule = [this] {
            return store()
                ->get(kRS, QStringLiteral("source"), QStringLiteral("sample"))
                ->value(QStringLiteral("spec"))
                .toObject()
                .value(QStringLiteral("trigger"))
                .toObject()
                .value(QStringLiteral("schedule"))
                .toString();
        };
        QCOMPARE(schedule(), QStringLiteral("0 * * * *"));
        // apply of a new object creates it
        const QString fresh
            = writeFile(QStringLiteral("rs3.yaml"), sourceYaml(QStringLiteral("applied"), QStringLiteral("@hourly")));
        const Run applyNew = kubectl({QStringLiteral("apply"), QStringLiteral("-f"), fresh});
        QVERIFY2(applyNew.exitCode == 0, qPrintable(applyNew.err));
        QVERIFY(applyNew.out.contains(QStringLiteral("created")));

        const Run patched = kubectl({QStringLiteral("patch"), QStringLiteral("replicationsource"),
            QStringLiteral("sample"), QStringLiteral("-n"), QStringLiteral("source"), QStringLiteral("--type=merge"),
            QStringLiteral("-p"), QStringLiteral(R"({"spec":{"trigger":{"manual":"now"}}})")});
        QVERIFY2(patched.exitCode == 0, qPrintable(patched.err));
        QCOMPARE(store()
                     ->get(kRS, QStringLiteral("source"), QStringLiteral("sample"))
                     ->value(QStringLiteral("spec"))
                     .toObject()
                     .value(QStringLiteral("trigger"))
                     .toObject()
                     .value(QStringLiteral("manual"))
                     .toString(),
            QStringLiteral("now"));

        // replace what we got; then the same (now stale) document again: 409 Conflict
        const Run got = kubectl({QStringLiteral("get"), QStringLiteral("replicationsource"), QStringLiteral("sample"),
            QStringLiteral("-n"), QStringLiteral("source"), QStringLiteral("-o"), QStringLiteral("json")});
        QVERIFY2(got.exitCode == 0, qPrintable(got.err));
        QJsonObject object = QJsonDocument::fromJson(got.out.toUtf8()).object();
        QJsonObject spec = object.value(QStringLiteral("spec")).toObject();
        spec.insert(QStringLiteral("paused"), true);
        object.insert(QStringLiteral("spec"), spec);
        const QByteArray document = QJsonDocument(object).toJson();
        const Run replaced = kubectl({QStringLiteral("replace"), QStringLiteral("-f"), QStringLiteral("-")}, document);
        QVERIFY2(replaced.exitCode == 0, qPrintable(replaced.err));
        QVERIFY(store()
                    ->get(kRS, QStringLiteral("source"), QStringLiteral("sample"))
                    ->value(QStringLiteral("spec"))
                    .toObject()
                    .value(QStringLiteral("paused"))
                    .toBool());
        spec.insert(QStringLiteral("paused"), false);
        object.insert(QStringLiteral("spec"), spec);
        const Run stale = kubectl(
            {QStringLiteral("replace"), QStringLiteral("-f"), QStringLiteral("-")}, QJsonDocument(object).toJson());
        QVERIFY(stale.exitCode != 0);
        QVERIFY2(stale.err.contains(QStringLiteral("Conflict")), qPrintable(stale.err));
        QVERIFY(stale.err.contains(QStringLiteral("the object has been modified")));
    }

    void diffUsesServerDryRun()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("diff")).isEmpty())
            QSKIP("kubectl diff needs the diff program");
        if (mMinor < 27) // older kubectl checks dry-run support in OpenAPI v2, which the simulator serves empty
            QSKIP("kubectl diff before 1.27 needs the OpenAPI v2 document");
        const qint64 version = store()->resourceVersion();
        const QString file
            = writeFile(QStringLiteral("diff.yaml"), sourceYaml(QStringLiteral("sample"), QStringLiteral("7 * * * *")));
        const Run run = kubectl({QStringLiteral("diff"), QStringLiteral("-f"), file});
        QCOMPARE(run.exitCode, 1); // 1: there are differences
        QVERIFY2(run.out.contains(QStringLiteral("+    schedule: 7 * * * *")), qPrintable(run.out + run.err));
        QCOMPARE(store()->resourceVersion(), version); // nothing was written
    }

    void getJsonRoundTrip()
    {
        QStringList arguments = {QStringLiteral("get"), QStringLiteral("replicationsource"), QStringLiteral("sample"),
            QStringLiteral("-n"), QStringLiteral("source"), QStringLiteral("-o"), QStringLiteral("json")};
        if (mMinor >= 21) // kubectl 1.21 started hiding managedFields
            arguments.append(QStringLiteral("--show-managed-fields"));
        const Run got = kubectl(arguments);
        QVERIFY2(got.exitCode == 0, qPrintable(got.err));
        QCOMPARE(QJsonDocument::fromJson(got.out.toUtf8()).object(),
            *store()->get(kRS, QStringLiteral("source"), QStringLiteral("sample")));
        // server-side printing: the CRD's printer columns
        const Run table = kubectl({QStringLiteral("get"), QStringLiteral("replicationsources"), QStringLiteral("-n"),
            QStringLiteral("source")});
        QVERIFY2(table.exitCode == 0, qPrintable(table.err));
        QVERIFY2(table.out.section(QLatin1Char('\n'), 0, 0).simplified()
                == QStringLiteral("NAME SOURCE LAST SYNC DURATION NEXT SYNC AGE"),
            qPrintable(table.out));
        QVERIFY(table.out.contains(QStringLiteral("datavol")));
        // the list form too
        const Run list = kubectl({QStringLiteral("get"), QStringLiteral("replicationsources"), QStringLiteral("-A"),
            QStringLiteral("-o"), QStringLiteral("json")});
        QVERIFY2(list.exitCode == 0, qPrintable(list.err));
        QCOMPARE(QJsonDocument::fromJson(list.out.toUtf8()).object().value(QStringLiteral("items")).toArray().size(),
            store()->list(kRS).size());
    }

    void watchSeesAddedModifiedDeleted()
    {
        QProcess *watch = launch({QStringLiteral("get"), QStringLiteral("replicationsources"), QStringLiteral("-n"),
            QStringLiteral("source"), QStringLiteral("-w"), QStringLiteral("--output-watch-events")});
        QByteArray output;
        auto lines = [&] {
            output += watch->readAllStandardOutput();
            return QString::fromUtf8(output);
        };
        // the existing objects come first as ADDED
        QVERIFY(QTest::qWaitFor([&] { return lines().contains(QStringLiteral("sample")); }, 30000));
        QVERIFY(store()
                    ->create(kRS, QStringLiteral("source"),
                        QJsonDocument::fromJson(R"({"metadata":{"name":"watched"},"spec":{"sourcePVC":"x"}})").object())
                    .ok());
        QVERIFY(QTest::qWaitFor([&] { return lines().contains(QStringLiteral("watched")); }, 20000));
        QVERIFY(store()
                    ->patchStatus(kRS, QStringLiteral("source"), QStringLiteral("watched"),
                        QJsonObject {{QStringLiteral("lastManualSync"), QStringLiteral("x")}})
                    .ok());
        QVERIFY(store()->remove(kRS, QStringLiteral("source"), QStringLiteral("watched")).ok());
        QVERIFY(QTest::qWaitFor([&] { return lines().contains(QStringLiteral("DELETED")); }, 20000));
        QStringList events;
        for (const QString &line : lines().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            if (line.contains(QStringLiteral("watched")))
                events.append(line.section(QLatin1Char(' '), 0, 0));
        }
        QCOMPARE(events, QStringList({QStringLiteral("ADDED"), QStringLiteral("MODIFIED"), QStringLiteral("DELETED")}));
        watch->kill();
        finish(watch, 5000);
    }

    void deleteByLabel()
    {
        for (const char *name : {"la", "lb", "lc"}) {
            const QString file = writeFile(QStringLiteral("%1.yaml").arg(QLatin1String(name)),
                sourceYaml(QLatin1String(name), QStringLiteral("0 * * * *"), {},
                    name[1] == 'c' ? QStringLiteral("keep") : QStringLiteral("drop")));
            QCOMPARE(kubectl({QStringLiteral("create"), QStringLiteral("-f"), file}).exitCode, 0);
        }
        const Run run = kubectl({QStringLiteral("delete"), QStringLiteral("replicationsources"), QStringLiteral("-n"),
            QStringLiteral("source"), QStringLiteral("-l"), QStringLiteral("volsync.backube/relationship=drop")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY(run.out.contains(QStringLiteral("\"la\" deleted")));
        QVERIFY(run.out.contains(QStringLiteral("\"lb\" deleted")));
        QVERIFY(!store()->get(kRS, QStringLiteral("source"), QStringLiteral("la")));
        QVERIFY(!store()->get(kRS, QStringLiteral("source"), QStringLiteral("lb")));
        QVERIFY(store()->get(kRS, QStringLiteral("source"), QStringLiteral("lc")));
    }

    void waitForDeletion()
    {
        SimApiServer *server = mSim->cluster(QStringLiteral("kind"))->server();
        const int watchesBefore = server->watchesStarted(kRS);
        QProcess *wait
            = launch({QStringLiteral("wait"), QStringLiteral("--for=delete"), QStringLiteral("replicationsource/lc"),
                QStringLiteral("-n"), QStringLiteral("source"), QStringLiteral("--timeout=30s")});
        // Delete only once kubectl watches (it lists first: an object gone by then is not waited for at all).
        QTRY_VERIFY_WITH_TIMEOUT(server->watchesStarted(kRS) > watchesBefore, 30000);
        QVERIFY(store()->remove(kRS, QStringLiteral("source"), QStringLiteral("lc")).ok());
        const Run run = finish(wait);
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    }

    void validationThroughKubectl()
    {
        // our validation rules answer 422 through kubectl (every version)
        const QString invalid = writeFile(
            QStringLiteral("invalid.yaml"), sourceYaml(QStringLiteral("invalid"), QStringLiteral("@every 5m")));
        const Run rejected = kubectl({QStringLiteral("apply"), QStringLiteral("-f"), invalid});
        QVERIFY(rejected.exitCode != 0);
        QVERIFY2(rejected.err.contains(QStringLiteral("spec.trigger.schedule in body should match")),
            qPrintable(rejected.err));
        QVERIFY(!store()->get(kRS, QStringLiteral("source"), QStringLiteral("invalid")));

        if (mMinor < 25)
            QSKIP("kubectl before 1.25 has no --validate=strict");
        const QString file = writeFile(QStringLiteral("bogus.yaml"),
            sourceYaml(QStringLiteral("bogus"), QStringLiteral("0 * * * *"), QStringLiteral("  bogusField: 1\n")));
        const Run run
            = kubectl({QStringLiteral("apply"), QStringLiteral("--validate=strict"), QStringLiteral("-f"), file});
        QVERIFY(run.exitCode != 0);
        QVERIFY2(run.err.contains(QStringLiteral("unknown field \"spec.bogusField\"")), qPrintable(run.err));
        QVERIFY(!store()->get(kRS, QStringLiteral("source"), QStringLiteral("bogus")));
    }

    void typedCreatesAndNamespaceDeletion()
    {
        // kubectl sends protobuf for these typed creates
        const Run ns = kubectl({QStringLiteral("create"), QStringLiteral("namespace"), QStringLiteral("extra")});
        QVERIFY2(ns.exitCode == 0, qPrintable(ns.err));
        const std::optional<QJsonObject> created
            = store()->get(QStringLiteral("namespaces"), QString(), QStringLiteral("extra"));
        QVERIFY(created);
        QCOMPARE(created->value(QStringLiteral("status")).toObject().value(QStringLiteral("phase")).toString(),
            QStringLiteral("Active"));
        const Run secret = kubectl(
            {QStringLiteral("create"), QStringLiteral("secret"), QStringLiteral("generic"), QStringLiteral("s1"),
                QStringLiteral("-n"), QStringLiteral("extra"), QStringLiteral("--from-literal=key=value")});
        QVERIFY2(secret.exitCode == 0, qPrintable(secret.err));
        const std::optional<QJsonObject> stored
            = store()->get(QStringLiteral("secrets"), QStringLiteral("extra"), QStringLiteral("s1"));
        QVERIFY(stored);
        QCOMPARE(stored->value(QStringLiteral("data")).toObject().value(QStringLiteral("key")).toString(),
            QStringLiteral("dmFsdWU="));
        QCOMPARE(stored->value(QStringLiteral("type")).toString(), QStringLiteral("Opaque"));
        // delete waits until the namespace and its objects are gone
        const Run deleted = kubectl({QStringLiteral("delete"), QStringLiteral("namespace"), QStringLiteral("extra")});
        QVERIFY2(deleted.exitCode == 0, qPrintable(deleted.err));
        QVERIFY(!store()->get(QStringLiteral("namespaces"), QString(), QStringLiteral("extra")));
        QVERIFY(!store()->get(QStringLiteral("secrets"), QStringLiteral("extra"), QStringLiteral("s1")));
    }

    void wrongTokenIsUnauthorized()
    {
        const quint16 port = mSim->cluster(QStringLiteral("kind"))->port();
        auto config = [&](const QString &token) {
            return writeFile(QStringLiteral("token-%1.yaml").arg(token),
                QStringLiteral("apiVersion: v1\nkind: Config\nclusters:\n- name: kind\n  cluster:\n"
                               "    server: https://127.0.0.1:%1\n    certificate-authority-data: %2\n"
                               "contexts:\n- name: kind\n  context:\n    cluster: kind\n    user: t\n"
                               "users:\n- name: t\n  user:\n    token: %3\ncurrent-context: kind\n")
                    .arg(port)
                    .arg(QString::fromLatin1(mSim->cluster(QStringLiteral("kind"))->caCertificatePem().toBase64()),
                        token));
        };
        const Run wrong
            = kubectl({QStringLiteral("get"), QStringLiteral("ns")}, {}, config(QStringLiteral("wrong-token")));
        QVERIFY(wrong.exitCode != 0);
        QVERIFY2(wrong.err.contains(QStringLiteral("Unauthorized")), qPrintable(wrong.err));
        const Run good
            = kubectl({QStringLiteral("get"), QStringLiteral("ns")}, {}, config(QStringLiteral("good-token")));
        QVERIFY2(good.exitCode == 0, qPrintable(good.err));
    }
};

QTEST_GUILESS_MAIN(TestSimKubectl)
#include "test_simkubectl.moc"
