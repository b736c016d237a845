// SPDX-License-Identifier: GPL-3.0-or-later
// The Simulator itself: start-up failures with messages for a person, restart with --state-dir keeping the
// objects (and the ports), and the certificates it makes.
#include "simapitestclient.h"

#include "sim/simcertificates.h"
#include "sim/simcluster.h"
#include "sim/simstore.h"
#include "sim/simtokenfile.h"
#include "sim/simulator.h"

#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QTemporaryDir>
#include <QTest>

namespace {

QString startAndExpectFailure(const SimulatorOptions &options)
{
    Simulator simulator(options);
    QSignalSpy failed(&simulator, &Simulator::failed);
    QSignalSpy ready(&simulator, &Simulator::ready);
    simulator.start();
    if (!QTest::qWaitFor([&] { return !failed.isEmpty() || !ready.isEmpty(); }, 30000) || failed.isEmpty())
        return {};
    return failed.constFirst().constFirst().toString();
}

} // namespace

class TestSimApiSimulator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void failuresExplainThemselves()
    {
        SimulatorOptions badName;
        badName.clusters = {QStringLiteral("Kind_Cluster")};
        QVERIFY(startAndExpectFailure(badName).contains(QStringLiteral("not a usable cluster name")));

        SimulatorOptions duplicate;
        duplicate.clusters = {QStringLiteral("kind"), QStringLiteral("kind")};
        QVERIFY(startAndExpectFailure(duplicate).contains(QStringLiteral("more than once")));

        SimulatorOptions missingTokens;
        missingTokens.tokenAuthFile = QStringLiteral("/nonexistent/tokens.csv");
        QVERIFY(startAndExpectFailure(missingTokens).contains(QStringLiteral("token file")));

        qputenv("OPENSSL", "/nonexistent/openssl");
        SimulatorOptions noOpenssl;
        const QString message = startAndExpectFailure(noOpenssl);
        qunsetenv("OPENSSL");
        QVERIFY2(message.contains(QStringLiteral("install OpenSSL")), qPrintable(message));
    }

    void tokenFileFormat()
    {
        QString error;
        const auto tokens = SimTokenFile::parse(
            QStringLiteral("# comment\nt1,alice,1001,\"dev,ops\"\nt2,bob,1002\n\nt3,carol,1003,admins\n"), &error);
        QVERIFY(tokens);
        QCOMPARE(tokens->size(), 3);
        QCOMPARE(tokens->value(QStringLiteral("t1")).name, QStringLiteral("alice"));
        QCOMPARE(
            tokens->value(QStringLiteral("t1")).groups, QStringList({QStringLiteral("dev"), QStringLiteral("ops")}));
        QCOMPARE(tokens->value(QStringLiteral("t2")).groups, QStringList());
        QCOMPARE(tokens->value(QStringLiteral("t3")).groups, QStringList({QStringLiteral("admins")}));
        QVERIFY(!SimTokenFile::parse(QStringLiteral("secret-token-value\n"), &error));
        QVERIFY(error.contains(QStringLiteral("line 1")));
        QVERIFY(!error.contains(QStringLiteral("secret-token-value"))); // tokens never appear in messages
    }

    void restartKeepsObjectsAndPorts()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        SimulatorOptions options;
        options.clusters = {QStringLiteral("kind"), QStringLiteral("gcp")};
        options.stateDir = dir.filePath(QStringLiteral("state"));
        options.persist = true;
        options.kubeconfigOut = dir.filePath(QStringLiteral("out/kubeconfig"));
        quint16 port = 0;
        QByteArray ca;
        {
            Simulator simulator(options);
            QSignalSpy created(&simulator, &Simulator::clusterCreated);
            QSignalSpy ready(&simulator, &Simulator::ready);
            simulator.start();
            QCOMPARE(created.count(), 2); // synchronously, before ready
            QVERIFY(simulator.cluster(QStringLiteral("kind"))->store()->isEmpty());
            QVERIFY(ready.wait(30000));
            QCOMPARE(simulator.kubeconfigPath(), options.kubeconfigOut);
            QVERIFY(QFile::exists(options.kubeconfigOut));
            SimStore *store = simulator.cluster(QStringLiteral("kind"))->store();
            QVERIFY(store
                        ->create(QStringLiteral("namespaces"), QString(),
                            QJsonDocument::fromJson(R"({"metadata":{"name":"kept"}})").object())
                        .ok());
            port = simulator.cluster(QStringLiteral("kind"))->port();
            ca = simulator.cluster(QStringLiteral("kind"))->caCertificatePem();
            // the serving certificate names 127.0.0.1 and localhost
            QFile serverCert(QDir(options.stateDir).filePath(QStringLiteral("kind/server.crt")));
            QVERIFY(serverCert.open(QIODevice::ReadOnly));
            const QSslCertificate certificate(serverCert.readAll(), QSsl::Pem);
            const auto names = certificate.subjectAlternativeNames();
            QVERIFY(names.values(QSsl::IpAddressEntry).contains(QStringLiteral("127.0.0.1")));
            QVERIFY(names.values(QSsl::DnsEntry).contains(QStringLiteral("localhost")));
            QVERIFY(QSslCertificate(ca, QSsl::Pem).isSelfSigned());
            // the client certificate says who we are
            QFile clientCert(QDir(options.stateDir).filePath(QStringLiteral("kind/client.crt")));
            QVERIFY(clientCert.open(QIODevice::ReadOnly));
            const QSslCertificate client(clientCert.readAll(), QSsl::Pem);
            QCOMPARE(client.subjectInfo(QSslCertificate::CommonName), QStringList({QStringLiteral("volsync-admin")}));
            QCOMPARE(
                client.subjectInfo(QSslCertificate::Organization), QStringList({QStringLiteral("system:masters")}));
            simulator.stop();
        }
        Simulator again(options);
        bool wasRestored = false;
        connect(&again, &Simulator::clusterCreated, this, [&](SimCluster *cluster) {
            if (cluster->name() == QLatin1String("kind"))
                wasRestored = !cluster->store()->isEmpty();
        });
        QSignalSpy ready(&again, &Simulator::ready);
        again.start();
        QVERIFY(wasRestored);
        QVERIFY(ready.wait(30000));
        QVERIFY(again.cluster(QStringLiteral("kind"))
                    ->store()
                    ->get(QStringLiteral("namespaces"), QString(), QStringLiteral("kept")));
        QCOMPARE(again.cluster(QStringLiteral("kind"))->port(), port);
        QCOMPARE(again.cluster(QStringLiteral("kind"))->caCertificatePem(), ca);
        SimApiTestClient client(again, QStringLiteral("kind"));
        QCOMPARE(client.send("GET", QStringLiteral("/api/v1/namespaces/kept")).code, 200);
    }

    void withoutStateDirEveryStartIsFresh()
    {
        QString stateDir;
        {
            std::unique_ptr<SimFixture> simulator = SimApiTestClient::startSimulator({QStringLiteral("kind")});
            QVERIFY(simulator);
            stateDir = simulator->simulator()->stateDir();
            QVERIFY(QFile::exists(simulator->kubeconfigPath()));
        }
        QVERIFY(!QFile::exists(stateDir)); // the temporary state folder goes with the simulator
    }
};

QTEST_GUILESS_MAIN(TestSimApiSimulator)
#include "test_simapi_simulator.moc"
