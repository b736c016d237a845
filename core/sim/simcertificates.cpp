// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simcertificates.h"

#include "common/logging.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QTemporaryFile>
#include <QTimer>

namespace {

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

QString serial()
{
    return QStringLiteral("0x%1").arg(
        QRandomGenerator::global()->generate64() & 0x7fffffffffffffffULL, 16, 16, QLatin1Char('0'));
}

QString subjectEscape(const QString &value)
{
    QString escaped = value;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    escaped.replace(QLatin1Char('/'), QStringLiteral("\\/"));
    escaped.replace(QLatin1Char('+'), QStringLiteral("\\+"));
    escaped.replace(QLatin1Char('='), QStringLiteral("\\="));
    return escaped;
}

} // namespace

SimCertificates::SimCertificates(QObject *parent)
    : QObject(parent)
{ }

SimCertificates::~SimCertificates()
{
    // A running openssl child is killed and reaped by ~QProcess.
    if (mProcess)
        mProcess->disconnect(this);
}

QString SimCertificates::opensslProgram()
{
    const QString fromEnv = QProcessEnvironment::systemEnvironment().value(QStringLiteral("OPENSSL"));
    return fromEnv.isEmpty() ? QStringLiteral("openssl") : fromEnv;
}

QList<SimCertificates::Step> SimCertificates::leafSteps(
    const QString &dir, const QString &baseName, const QString &subject, const QString &extensions)
{
    const QString key = baseName + QStringLiteral(".key");
    const QString csr = baseName + QStringLiteral(".csr");
    const QString crt = baseName + QStringLiteral(".crt");
    return {
        Step {{QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                  QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                  QStringLiteral("-keyout"), key, QStringLiteral("-out"), csr, QStringLiteral("-subj"), subject},
            dir, {}},
        Step {{QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), csr, QStringLiteral("-CA"),
                  QStringLiteral("ca.crt"), QStringLiteral("-CAkey"), QStringLiteral("ca.key"),
                  QStringLiteral("-set_serial"), serial(), QStringLiteral("-days"), QStringLiteral("3650"),
                  QStringLiteral("-sha256"), QStringLiteral("-out"), crt, QStringLiteral("-extfile"),
                  QStringLiteral("@EXT@")},
            dir, extensions},
    };
}

void SimCertificates::generate(
    const QString &directory, const QStringList &clusters, const QString &clientUser, const QStringList &clientGroups)
{
    mDirectory = directory;
    mClusters = clusters;
    Job job;
    for (const QString &cluster : clusters) {
        const QString dir = QDir(directory).filePath(cluster);
        QDir().mkpath(dir);
        QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        const QDir d(dir);
        const bool haveCa = QFile::exists(d.filePath(QStringLiteral("ca.crt")))
            && QFile::exists(d.filePath(QStringLiteral("ca.key")));
        if (!haveCa) {
            job.steps.append(Step {
                {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-new"), QStringLiteral("-newkey"),
                    QStringLiteral("ec"), QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"),
                    QStringLiteral("-nodes"), QStringLiteral("-keyout"), QStringLiteral("ca.key"),
                    QStringLiteral("-out"), QStringLiteral("ca.crt"), QStringLiteral("-days"), QStringLiteral("3650"),
                    QStringLiteral("-sha256"), QStringLiteral("-subj"),
                    QStringLiteral("/CN=volsync-sim-%1-ca").arg(subjectEscape(cluster)), QStringLiteral("-addext"),
                    QStringLiteral("basicConstraints=critical,CA:TRUE"), QStringLiteral("-addext"),
                    QStringLiteral("keyUsage=critical,keyCertSign,cRLSign,digitalSignature")},
                dir, {}});
        }
        if (!haveCa || !QFile::exists(d.filePath(QStringLiteral("server.crt")))
            || !QFile::exists(d.filePath(QStringLiteral("server.key")))) {
            job.steps.append(leafSteps(dir, QStringLiteral("server"), QStringLiteral("/CN=kube-apiserver"),
                QStringLiteral("basicConstraints=CA:FALSE\n"
                               "keyUsage=critical,digitalSignature,keyEncipherment\n"
                               "extendedKeyUsage=serverAuth\n"
                               "subjectAltName=IP:127.0.0.1,DNS:localhost\n")));
        }
        if (!haveCa || !QFile::exists(d.filePath(QStringLiteral("client.crt")))
            || !QFile::exists(d.filePath(QStringLiteral("client.key")))) {
            QString subject = QStringLiteral("/CN=") + subjectEscape(clientUser);
            for (const QString &group : clientGroups)
                subject += QStringLiteral("/O=") + subjectEscape(group);
            job.steps.append(leafSteps(dir, QStringLiteral("client"), subject,
                QStringLiteral("basicConstraints=CA:FALSE\n"
                               "keyUsage=critical,digitalSignature,keyEncipherment\n"
                               "extendedKeyUsage=clientAuth\n")));
        }
    }
    job.done = [this](const QString &error) {
        const QString loadError = error.isEmpty() ? loadAll() : error;
        Q_EMIT finished(loadError);
    };
    enqueue(std::move(job));
}

void SimCertificates::generateClientCertificate(
    const QString &directory, const QString &baseName, const QString &user, const QStringList &groups)
{
    QString subject = QStringLiteral("/CN=") + subjectEscape(user);
    for (const QString &group : groups)
        subject += QStringLiteral("/O=") + subjectEscape(group);
    Job job;
    job.steps = leafSteps(directory, baseName, subject,
        QStringLiteral("basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                       "extendedKeyUsage=clientAuth\n"));
    job.done = [this, baseName](const QString &error) { Q_EMIT clientCertificateReady(baseName, error); };
    enqueue(std::move(job));
}

QString SimCertificates::loadAll()
{
    for (const QString &cluster : std::as_const(mClusters)) {
        const QDir d(QDir(mDirectory).filePath(cluster));
        SimClusterCertificates certs;
        certs.caCertificate = readFile(d.filePath(QStringLiteral("ca.crt")));
        certs.serverCertificate = readFile(d.filePath(QStringLiteral("server.crt")));
        certs.serverKey = readFile(d.filePath(QStringLiteral("server.key")));
        certs.clientCertificate = readFile(d.filePath(QStringLiteral("client.crt")));
        certs.clientKey = readFile(d.filePath(QStringLiteral("client.key")));
        if (certs.caCertificate.isEmpty() || certs.serverCertificate.isEmpty() || certs.serverKey.isEmpty()
            || certs.clientCertificate.isEmpty() || certs.clientKey.isEmpty()) {
            return QStringLiteral("The certificates of simulated cluster %1 in %2 are incomplete or unreadable: "
                                  "remove that folder to have them made again.")
                .arg(cluster, d.path());
        }
        mCertificates.insert(cluster, certs);
    }
    return {};
}

void SimCertificates::enqueue(Job job)
{
    mJobs.append(std::move(job));
    if (mJobs.size() == 1)
        QTimer::singleShot(0, this, &SimCertificates::runNext);
}

void SimCertificates::runNext()
{
    if (mJobs.isEmpty())
        return;
    Job &job = mJobs.first();
    if (job.steps.isEmpty()) {
        finishJob({});
        return;
    }
    const Step step = job.steps.takeFirst();
    QStringList arguments = step.arguments;
    auto extFile = std::make_shared<QTemporaryFile>(QDir(step.workingDirectory).filePath(QStringLiteral("extXXXXXX")));
    if (!step.extensions.isEmpty()) {
        if (!extFile->open() || extFile->write(step.extensions.toUtf8()) < 0 || !extFile->flush()) {
            finishJob(QStringLiteral("Cannot write a temporary file in %1 for the simulator certificates: %2")
                          .arg(step.workingDirectory, extFile->errorString()));
            return;
        }
        arguments.replaceInStrings(QStringLiteral("@EXT@"), extFile->fileName());
    }
    mProcess = new QProcess(this);
    mProcess->setWorkingDirectory(step.workingDirectory);
    mProcess->setProcessChannelMode(QProcess::MergedChannels);
    connect(mProcess, &QProcess::finished, this, [this, extFile, arguments](int exitCode, QProcess::ExitStatus status) {
        const QByteArray output = mProcess->readAll();
        mProcess->deleteLater();
        mProcess = nullptr;
        if (status != QProcess::NormalExit || exitCode != 0) {
            finishJob(QStringLiteral("openssl %1 failed (exit code %2): %3")
                          .arg(arguments.value(0))
                          .arg(exitCode)
                          .arg(QString::fromLocal8Bit(output).trimmed()));
            return;
        }
        runNext();
    });
    connect(mProcess, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        mProcess->deleteLater();
        mProcess = nullptr;
        finishJob(QStringLiteral("Cannot run %1 to make the simulator certificates: install OpenSSL "
                                 "(Debian package openssl) or set OPENSSL to its path.")
                      .arg(opensslProgram()));
    });
    mProcess->start(opensslProgram(), arguments);
}

void SimCertificates::finishJob(const QString &error)
{
    if (mJobs.isEmpty())
        return;
    Job job = mJobs.takeFirst();
    if (!error.isEmpty())
        qCWarning(lcSim).noquote() << error;
    if (job.done)
        job.done(error);
    if (!mJobs.isEmpty())
        QTimer::singleShot(0, this, &SimCertificates::runNext);
}
