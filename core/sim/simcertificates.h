// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

class QProcess;

/// The TLS material of one cluster, as PEM.
struct SimClusterCertificates {
    QByteArray caCertificate;
    QByteArray serverCertificate;
    QByteArray serverKey;
    QByteArray clientCertificate;
    QByteArray clientKey;
};

/// Makes (or reuses) a CA, a serving certificate (SANs 127.0.0.1, localhost) and a client certificate
/// (CN = user, O = groups) per cluster with the `openssl` command, asynchronously, with EC P-256 keys.
/// Files: <dir>/<cluster>/{ca,server,client}.{crt,key}.
class SimCertificates : public QObject
{
    Q_OBJECT
public:
    explicit SimCertificates(QObject *parent = nullptr);
    ~SimCertificates() override;

    /// Starts making what is missing; emits finished() once (asynchronously, also when nothing was missing).
    void generate(const QString &directory, const QStringList &clusters, const QString &clientUser,
        const QStringList &clientGroups);
    [[nodiscard]] SimClusterCertificates certificates(const QString &cluster) const
    {
        return mCertificates.value(cluster);
    }
    /// The `openssl` program used (OPENSSL env var, else "openssl" from PATH).
    [[nodiscard]] static QString opensslProgram();

    /// Makes a certificate signed by `caCertificate`/`caKey` for a client (tests: other users, groups).
    /// Files <directory>/<baseName>.{crt,key}. Emits clientCertificateReady(baseName, ok, error) asynchronously.
    void generateClientCertificate(
        const QString &directory, const QString &baseName, const QString &user, const QStringList &groups);

Q_SIGNALS:
    /// error is empty on success: a message for a person otherwise.
    void finished(const QString &error);
    void clientCertificateReady(const QString &baseName, const QString &error);

private:
    struct Step {
        QStringList arguments;
        QString workingDirectory;
        QString extensions; ///< written to a file whose path replaces the argument "@EXT@"
    };
    struct Job {
        QList<Step> steps;
        std::function<void(const QString &error)> done;
    };
    void enqueue(Job job);
    void runNext();
    void finishJob(const QString &error);
    QString loadAll();
    static QList<Step> leafSteps(
        const QString &dir, const QString &baseName, const QString &subject, const QString &extensions);

    QList<Job> mJobs;
    QProcess *mProcess = nullptr;
    QHash<QString, SimClusterCertificates> mCertificates;
    QString mDirectory;
    QStringList mClusters;
};
