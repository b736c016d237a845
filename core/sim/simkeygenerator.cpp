// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simkeygenerator.h"

#include "common/logging.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>

#include <memory>

SimKeyGenerator::SimKeyGenerator(QObject *parent)
    : QObject(parent)
{ }

SimKeyGenerator::~SimKeyGenerator() = default;

SimKeyPair SimKeyGenerator::fakeKeyPair(const QString &comment)
{
    QByteArray random(24, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(random.data()), random.size() / 4);
    const QByteArray tag = random.toHex();
    SimKeyPair pair;
    pair.fake = true;
    pair.privateKey = QByteArrayLiteral("-----BEGIN OPENSSH PRIVATE KEY-----\n")
        + QByteArrayLiteral("FAKE-KEY-FOR-THE-VOLSYNC-SIMULATOR-ONLY-NOT-A-REAL-KEY\n") + tag
        + QByteArrayLiteral("\n-----END OPENSSH PRIVATE KEY-----\n");
    pair.publicKey
        = QByteArrayLiteral("ssh-ed25519 FAKE-SIMULATED-KEY-") + tag + ' ' + comment.toUtf8() + QByteArrayLiteral("\n");
    return pair;
}

void SimKeyGenerator::generate(const QString &comment, Callback done)
{
    const QString program = QStandardPaths::findExecutable(QStringLiteral("ssh-keygen"));
    if (!mUseRealKeys || mSshKeygenMissing || program.isEmpty()) {
        if (mUseRealKeys && !mSshKeygenMissing) {
            qCInfo(lcSim) << "ssh-keygen is not installed: the simulated operator uses fake SSH key placeholders";
            mSshKeygenMissing = true;
        }
        QTimer::singleShot(0, this, [comment, done = std::move(done)] { done(fakeKeyPair(comment)); });
        return;
    }
    auto dir = std::make_shared<QTemporaryDir>();
    if (!dir->isValid()) {
        QTimer::singleShot(0, this, [comment, done = std::move(done)] { done(fakeKeyPair(comment)); });
        return;
    }
    const QString keyPath = dir->filePath(QStringLiteral("key"));
    auto *process = new QProcess(this);
    process->setProgram(program);
    process->setArguments({QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"), QStringLiteral("-N"),
        QString(), QStringLiteral("-C"), comment, QStringLiteral("-f"), keyPath});
    process->setStandardInputFile(QProcess::nullDevice());
    auto finished = std::make_shared<bool>(false);
    const auto finish = [this, process, dir, keyPath, comment, done, finished](bool ok) {
        if (*finished) {
            return;
        }
        *finished = true;
        SimKeyPair pair;
        QFile privateFile(keyPath);
        QFile publicFile(keyPath + QStringLiteral(".pub"));
        if (ok && privateFile.open(QIODevice::ReadOnly) && publicFile.open(QIODevice::ReadOnly)) {
            pair.privateKey = privateFile.readAll();
            pair.publicKey = publicFile.readAll();
        }
        if (pair.privateKey.isEmpty() || pair.publicKey.isEmpty()) {
            qCWarning(lcSim) << "ssh-keygen did not make a key pair: using a fake placeholder";
            pair = fakeKeyPair(comment);
        }
        process->deleteLater();
        done(pair);
    };
    connect(process, &QProcess::finished, this, [finish](int exitCode, QProcess::ExitStatus status) {
        finish(status == QProcess::NormalExit && exitCode == 0);
    });
    connect(process, &QProcess::errorOccurred, this, [this, finish](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart) {
            mSshKeygenMissing = true;
            finish(false);
        }
    });
    process->start();
}
