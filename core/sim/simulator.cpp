// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simulator.h"

#include "common/logging.h"
#include "sim/simapiserver.h"
#include "sim/simcertificates.h"
#include "sim/simcluster.h"
#include "sim/simstore.h"
#include "sim/simtokenfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSslCertificate>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTimer>

namespace {

QByteArray yamlString(const QString &value)
{
    // A JSON string is a valid YAML scalar and needs no further thought about special characters.
    QByteArray quoted = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
    return quoted.mid(1, quoted.size() - 2);
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

Simulator::Simulator(const SimulatorOptions &options, QObject *parent)
    : QObject(parent)
    , mOptions(options)
{ }

Simulator::~Simulator()
{
    stop();
}

SimCluster *Simulator::cluster(const QString &name) const
{
    for (SimCluster *cluster : mClusters) {
        if (cluster->name() == name)
            return cluster;
    }
    return nullptr;
}

QString Simulator::stateDir() const
{
    return mStateDir;
}

QString Simulator::clusterDir(const QString &name) const
{
    return QDir(mStateDir).filePath(name);
}

QString Simulator::kubeconfigPath() const
{
    if (!mOptions.kubeconfigOut.isEmpty())
        return mOptions.kubeconfigOut;
    return mStateDir.isEmpty() ? QString() : QDir(mStateDir).filePath(QStringLiteral("kubeconfig"));
}

void Simulator::start()
{
    if (mStarted)
        return;
    mStarted = true;
    if (mOptions.clusters.isEmpty()) {
        fail(QStringLiteral("The simulator needs at least one cluster name (--clusters kind,gcp)."));
        return;
    }
    for (const QString &name : std::as_const(mOptions.clusters)) {
        static const QRegularExpression valid(QStringLiteral("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$"));
        if (mOptions.clusters.count(name) > 1) {
            fail(QStringLiteral("The cluster name \"%1\" is given more than once: cluster names must be distinct.")
                     .arg(name));
            return;
        }
        if (!valid.match(name).hasMatch()) {
            fail(QStringLiteral("\"%1\" is not a usable cluster name: use lower-case names of letters, digits, "
                                "'-' and '.'.")
                     .arg(name));
            return;
        }
    }
    if (mOptions.stateDir.isEmpty()) {
        mTempDir = std::make_unique<QTemporaryDir>();
        if (!mTempDir->isValid()) {
            fail(QStringLiteral("Cannot create a temporary state folder for the simulator: %1")
                     .arg(mTempDir->errorString()));
            return;
        }
        mStateDir = mTempDir->path();
    } else {
        mStateDir = QDir(mOptions.stateDir).absolutePath();
        if (!QDir().mkpath(mStateDir)) {
            fail(QStringLiteral("Cannot create the simulator state folder %1: check the path and its permissions.")
                     .arg(mStateDir));
            return;
        }
    }
    QHash<QString, SimUser> tokens;
    if (!mOptions.tokenAuthFile.isEmpty()) {
        QString error;
        const std::optional<QHash<QString, SimUser>> read = SimTokenFile::read(mOptions.tokenAuthFile, &error);
        if (!read) {
            fail(QStringLiteral("Cannot use the token file: %1").arg(error));
            return;
        }
        tokens = *read;
    }
    mSaveTimer = new QTimer(this);
    mSaveTimer->setSingleShot(true);
    mSaveTimer->setInterval(200);
    connect(mSaveTimer, &QTimer::timeout, this, &Simulator::saveState);
    for (const QString &name : std::as_const(mOptions.clusters)) {
        auto *cluster = new SimCluster(name, this);
        cluster->setFaults(mOptions.clusterFaults.value(name, mOptions.faults));
        cluster->setTokens(tokens);
        mClusters.append(cluster);
        if (mOptions.persist) {
            const QString path = QDir(clusterDir(name)).filePath(QStringLiteral("objects.json"));
            if (QFile::exists(path)) {
                const QJsonDocument document = QJsonDocument::fromJson(readAll(path));
                if (!cluster->store()->fromJson(document.object())) {
                    fail(QStringLiteral("The saved objects of cluster %1 in %2 are unreadable: remove the file to "
                                        "start that cluster empty.")
                             .arg(name, path));
                    return;
                }
            }
            connect(cluster->store(), &SimStore::changed, mSaveTimer, qOverload<>(&QTimer::start));
        }
    }
    for (SimCluster *cluster : std::as_const(mClusters))
        Q_EMIT clusterCreated(cluster);
    mCertificates = new SimCertificates(this);
    connect(mCertificates, &SimCertificates::finished, this, &Simulator::onCertificatesReady);
    mCertificates->generate(mStateDir, mOptions.clusters, mOptions.clientUser, mOptions.clientGroups);
}

void Simulator::onCertificatesReady(const QString &error)
{
    if (!error.isEmpty()) {
        fail(QStringLiteral("Cannot make the certificates of the simulated clusters: %1").arg(error));
        return;
    }
    for (SimCluster *cluster : std::as_const(mClusters)) {
        const SimClusterCertificates certs = mCertificates->certificates(cluster->name());
        const QList<QSslCertificate> ca = QSslCertificate::fromData(certs.caCertificate, QSsl::Pem);
        const QSslCertificate serverCert(certs.serverCertificate, QSsl::Pem);
        const QSslKey serverKey(certs.serverKey, QSsl::Ec, QSsl::Pem);
        if (ca.isEmpty() || serverCert.isNull() || serverKey.isNull()) {
            fail(QStringLiteral("The certificates of simulated cluster %1 in %2 cannot be loaded: remove that folder "
                                "to have them made again.")
                     .arg(cluster->name(), clusterDir(cluster->name())));
            return;
        }
        cluster->setCaCertificatePem(certs.caCertificate);
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setLocalCertificateChain({serverCert});
        configuration.setPrivateKey(serverKey);
        configuration.setCaCertificates(ca);
        configuration.setProtocol(QSsl::TlsV1_2OrLater);
        auto *server = new SimApiServer(cluster, cluster);
        cluster->setServer(server);
        // Keep the port of the previous run when persisting, so that old kubeconfigs keep working.
        quint16 port = 0;
        const QString portFile = QDir(clusterDir(cluster->name())).filePath(QStringLiteral("port"));
        if (mOptions.persist)
            port = quint16(readAll(portFile).trimmed().toUInt());
        QString listenError;
        if (!server->listen(configuration, port, &listenError)
            && (port == 0 || !server->listen(configuration, 0, &listenError))) {
            fail(listenError);
            return;
        }
        // As after a kube-apiserver start: watches resume only from versions written from now on.
        cluster->store()->startWatchCache();
        if (mOptions.persist) {
            QSaveFile file(portFile);
            if (file.open(QIODevice::WriteOnly)) {
                file.write(QByteArray::number(server->port()) + '\n');
                file.commit();
            }
        }
        qCInfo(lcSim).noquote() << QStringLiteral("Simulated cluster %1 serves on %2")
                                       .arg(cluster->name(), cluster->serverUrl().toString());
    }
    QString kubeconfigError;
    if (!writeKubeconfig(&kubeconfigError)) {
        fail(kubeconfigError);
        return;
    }
    mReady = true;
    Q_EMIT ready();
}

bool Simulator::writeKubeconfig(QString *error)
{
    const QString path = kubeconfigPath();
    QByteArray yaml = "apiVersion: v1\nkind: Config\npreferences: {}\nclusters:\n";
    for (SimCluster *cluster : std::as_const(mClusters)) {
        yaml += "- name: " + yamlString(cluster->name()) + "\n  cluster:\n";
        yaml += "    server: " + yamlString(cluster->serverUrl().toString()) + '\n';
        yaml += "    certificate-authority-data: " + cluster->caCertificatePem().toBase64() + '\n';
    }
    yaml += "contexts:\n";
    for (SimCluster *cluster : std::as_const(mClusters)) {
        yaml += "- name: " + yamlString(cluster->name()) + "\n  context:\n";
        yaml += "    cluster: " + yamlString(cluster->name()) + '\n';
        yaml += "    user: " + yamlString(cluster->name()) + '\n';
    }
    yaml += "users:\n";
    for (SimCluster *cluster : std::as_const(mClusters)) {
        const SimClusterCertificates certs = mCertificates->certificates(cluster->name());
        yaml += "- name: " + yamlString(cluster->name()) + "\n  user:\n";
        yaml += "    client-certificate-data: " + certs.clientCertificate.toBase64() + '\n';
        yaml += "    client-key-data: " + certs.clientKey.toBase64() + '\n';
    }
    yaml += "current-context: " + yamlString(mClusters.constFirst()->name()) + '\n';

    const QFileInfo info(path);
    QDir().mkpath(info.absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("Cannot write the kubeconfig %1: %2").arg(path, file.errorString());
        return false;
    }
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(yaml);
    if (!file.commit()) {
        *error = QStringLiteral("Cannot write the kubeconfig %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

void Simulator::stop()
{
    if (mSaveTimer && mSaveTimer->isActive()) {
        mSaveTimer->stop();
        saveState();
    }
    for (SimCluster *cluster : std::as_const(mClusters)) {
        if (cluster->server())
            cluster->server()->close();
    }
    mReady = false;
}

void Simulator::saveState()
{
    if (!mOptions.persist)
        return;
    for (SimCluster *cluster : std::as_const(mClusters)) {
        const QString dir = clusterDir(cluster->name());
        QDir().mkpath(dir);
        QSaveFile file(QDir(dir).filePath(QStringLiteral("objects.json")));
        if (!file.open(QIODevice::WriteOnly)) {
            qCWarning(lcSim).noquote()
                << QStringLiteral("Cannot save the objects of cluster %1: %2").arg(cluster->name(), file.errorString());
            continue;
        }
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        file.write(QJsonDocument(cluster->store()->toJson()).toJson(QJsonDocument::Indented));
        if (!file.commit()) {
            qCWarning(lcSim).noquote()
                << QStringLiteral("Cannot save the objects of cluster %1: %2").arg(cluster->name(), file.errorString());
        }
    }
}

void Simulator::fail(const QString &message)
{
    qCWarning(lcSim).noquote() << message;
    QTimer::singleShot(0, this, [this, message] { Q_EMIT failed(message); });
}
