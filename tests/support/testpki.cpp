// SPDX-License-Identifier: GPL-3.0-or-later
#include "testpki.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>

namespace {
bool run(const QString &dir, const QStringList &arguments, QString *error)
{
    QProcess process;
    process.setWorkingDirectory(dir);
    process.start(QStringLiteral("openssl"), arguments);
    if (!process.waitForFinished(30000) || process.exitCode() != 0) {
        *error = QStringLiteral("openssl %1 failed: %2")
                     .arg(arguments.join(QLatin1Char(' ')), QString::fromLocal8Bit(process.readAllStandardError()));
        return false;
    }
    return true;
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}
} // namespace

QByteArray TestPki::read(const QString &name) const
{
    QFile file(path(name));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

TestPki TestPki::create(const QString &dir)
{
    TestPki pki;
    pki.dir = dir;
    if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty()) {
        pki.error = QStringLiteral("openssl is not installed");
        return pki;
    }
    const auto s = [](const char *text) { return QString::fromLatin1(text); };
    writeFile(dir + s("/server.ext"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:api.internal\n"
        "extendedKeyUsage=serverAuth\n");
    writeFile(dir + s("/client.ext"), "extendedKeyUsage=clientAuth\n");
    const QList<QStringList> steps {
        {s("ecparam"), s("-name"), s("prime256v1"), s("-genkey"), s("-noout"), s("-out"), s("ca.key")},
        {s("req"), s("-x509"), s("-new"), s("-key"), s("ca.key"), s("-subj"), s("/CN=test-ca"), s("-days"), s("2"),
            s("-out"), s("ca.crt")},
        {s("ecparam"), s("-name"), s("prime256v1"), s("-genkey"), s("-noout"), s("-out"), s("other-ca.key")},
        {s("req"), s("-x509"), s("-new"), s("-key"), s("other-ca.key"), s("-subj"), s("/CN=other-ca"), s("-days"),
            s("2"), s("-out"), s("other-ca.crt")},
        {s("ecparam"), s("-name"), s("prime256v1"), s("-genkey"), s("-noout"), s("-out"), s("server.key")},
        {s("req"), s("-new"), s("-key"), s("server.key"), s("-subj"), s("/CN=localhost"), s("-out"), s("server.csr")},
        {s("x509"), s("-req"), s("-in"), s("server.csr"), s("-CA"), s("ca.crt"), s("-CAkey"), s("ca.key"),
            s("-CAcreateserial"), s("-days"), s("2"), s("-extfile"), s("server.ext"), s("-out"), s("server.crt")},
        {s("ecparam"), s("-name"), s("prime256v1"), s("-genkey"), s("-noout"), s("-out"), s("client.key")},
        {s("req"), s("-new"), s("-key"), s("client.key"), s("-subj"), s("/O=testers/CN=tester"), s("-out"),
            s("client.csr")},
        {s("x509"), s("-req"), s("-in"), s("client.csr"), s("-CA"), s("ca.crt"), s("-CAkey"), s("ca.key"),
            s("-CAcreateserial"), s("-days"), s("2"), s("-extfile"), s("client.ext"), s("-out"), s("client.crt")},
        {s("genrsa"), s("-out"), s("client-rsa.key"), s("2048")},
        {s("req"), s("-new"), s("-key"), s("client-rsa.key"), s("-subj"), s("/O=testers/CN=rsa-tester"), s("-out"),
            s("client-rsa.csr")},
        {s("x509"), s("-req"), s("-in"), s("client-rsa.csr"), s("-CA"), s("ca.crt"), s("-CAkey"), s("ca.key"),
            s("-CAcreateserial"), s("-days"), s("2"), s("-extfile"), s("client.ext"), s("-out"), s("client-rsa.crt")},
    };
    for (const QStringList &step : steps) {
        if (!run(dir, step, &pki.error))
            return pki;
    }
    return pki;
}

QSslCertificate TestPki::serverCertificate() const
{
    return QSslCertificate(read(QStringLiteral("server.crt")));
}

QSslKey TestPki::serverKey() const
{
    return QSslKey(read(QStringLiteral("server.key")), QSsl::Ec);
}

QString TestPki::writeKubeconfig(const QUrl &server, const QString &token) const
{
    const QString file = path(QStringLiteral("config"));
    QFile out(file);
    if (!out.open(QIODevice::WriteOnly))
        return {};
    out.write(QStringLiteral("clusters:\n- name: c\n  cluster: {server: \"%1\", certificate-authority: ca.crt}\n"
                             "users:\n- name: u\n  user: {token: %2}\n"
                             "contexts:\n- name: c\n  context: {cluster: c, user: u}\ncurrent-context: c\n")
                  .arg(server.toString(), token)
                  .toUtf8());
    return out.error() == QFileDevice::NoError ? file : QString();
}
