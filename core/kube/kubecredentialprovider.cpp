// SPDX-License-Identifier: GPL-3.0-or-later
#include "kubecredentialprovider.h"

#include "common/logging.h"
#include "common/regularfile.h"
#include "common/workertask.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTimer>
#include <QUrlQuery>

#include <yaml-cpp/yaml.h>

#include <unistd.h>

namespace {
// The terminal is one: interactive plugins of different users (volsyncctl checks contexts in parallel)
// take turns, or their prompts and the typed answers would mix. Per thread like the providers themselves.
thread_local KubeCredentialProvider *gTerminalOwner = nullptr;
thread_local QList<QPointer<KubeCredentialProvider>> gTerminalQueue;
} // namespace

namespace {

QString providerKey(const KubeUser &user, const KubeCluster &cluster)
{
    // The whole entry goes into the key: an edited kubeconfig gets a fresh provider.
    QCryptographicHash hash(QCryptographicHash::Sha256);
    const auto add = [&hash](const QString &text) {
        hash.addData(text.toUtf8());
        hash.addData(QByteArrayView("\0", 1));
    };
    add(user.sourceFile);
    add(user.name);
    add(user.token);
    add(user.tokenFile);
    add(user.username);
    add(user.password);
    add(user.clientCertificate);
    add(user.clientKey);
    hash.addData(user.clientCertificateData);
    hash.addData(user.clientKeyData);
    if (user.exec) {
        add(user.exec->command);
        add(user.exec->args.join(QChar(0)));
        for (const auto &pair : user.exec->env)
            add(pair.first + QLatin1Char('=') + pair.second);
        add(user.exec->apiVersion);
        add(user.exec->interactiveMode);
        if (user.exec->provideClusterInfo)
            add(cluster.server); // the plugin sees the cluster: one provider per cluster then
    }
    if (user.authProvider) {
        add(user.authProvider->name);
        for (auto it = user.authProvider->config.cbegin(); it != user.authProvider->config.cend(); ++it)
            add(it.key() + QLatin1Char('=') + it.value());
    }
    return QString::fromLatin1(hash.result().toHex());
}

QString stripControlCharacters(const QString &text)
{
    QString result;
    result.reserve(text.size());
    for (const QChar c : text) {
        if (c == QLatin1Char('\n') || c == QLatin1Char('\t') || (c.category() != QChar::Other_Control))
            result.append(c);
    }
    return result.trimmed();
}

QString shortOutput(const QByteArray &bytes)
{
    QString text = stripControlCharacters(QString::fromUtf8(bytes));
    if (text.size() > 500)
        text = text.right(500);
    return text;
}

/// `exp` of a JWT, invalid when unreadable.
QDateTime jwtExpiry(const QString &token)
{
    const QStringList parts = token.split(QLatin1Char('.'));
    if (parts.size() < 2)
        return {};
    const auto payload = QByteArray::fromBase64Encoding(
        parts.at(1).toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    if (!payload)
        return {};
    const QJsonObject claims = QJsonDocument::fromJson(*payload).object();
    if (!claims.contains(QLatin1String("exp")))
        return {};
    return QDateTime::fromSecsSinceEpoch(qint64(claims.value(QLatin1String("exp")).toDouble()), Qt::UTC);
}

QString execPluginName(const KubeUser &user)
{
    return QStringLiteral("the exec plugin \"%1\" of user \"%2\"").arg(user.exec->command, user.name);
}

} // namespace

KubeCredentialProvider::KubeCredentialProvider(const KubeUser &user, const KubeCluster &cluster, QObject *parent)
    : QObject(parent)
    , mUser(user)
    , mCluster(cluster)
    , mDesktopLaunched(guessDesktopLaunched())
{ }

KubeCredentialProvider::~KubeCredentialProvider()
{
    releaseTerminal();
    if (mProcess) {
        // QProcess's destructor kills the plugin and reaps it.
        mProcess->disconnect(this);
        delete mProcess;
    }
}

std::shared_ptr<KubeCredentialProvider> KubeCredentialProvider::forUser(
    const KubeUser &user, const KubeCluster &cluster)
{
    thread_local QHash<QString, std::weak_ptr<KubeCredentialProvider>> registry;
    const QString key = providerKey(user, cluster);
    if (auto existing = registry.value(key).lock())
        return existing;
    auto provider = std::make_shared<KubeCredentialProvider>(user, cluster);
    registry.insert(key, provider);
    // Drop dead entries now and then.
    if (registry.size() > 64) {
        for (auto it = registry.begin(); it != registry.end();) {
            if (it.value().expired())
                it = registry.erase(it);
            else
                ++it;
        }
    }
    return provider;
}

bool KubeCredentialProvider::guessDesktopLaunched()
{
    if (::isatty(STDIN_FILENO) || ::isatty(STDERR_FILENO))
        return false;
    return !qEnvironmentVariableIsEmpty("DESKTOP_STARTUP_ID") || !qEnvironmentVariableIsEmpty("XDG_ACTIVATION_TOKEN")
        || !qEnvironmentVariableIsEmpty("GIO_LAUNCHED_DESKTOP_FILE")
        || !qEnvironmentVariableIsEmpty("XDG_SESSION_TYPE");
}

bool KubeCredentialProvider::canRunInteractively()
{
    const QCoreApplication *app = QCoreApplication::instance();
    return ::isatty(STDIN_FILENO) && ::isatty(STDERR_FILENO) && app && !app->inherits("QGuiApplication");
}

QStringList KubeCredentialProvider::toolDirs()
{
    const QString home = QDir::homePath();
    QString krewRoot = qEnvironmentVariable("KREW_ROOT");
    if (krewRoot.isEmpty())
        krewRoot = home + QStringLiteral("/.krew");
    return {home + QStringLiteral("/.local/bin"), QStringLiteral("/usr/local/bin"), home + QStringLiteral("/go/bin"),
        krewRoot + QStringLiteral("/bin"), home + QStringLiteral("/bin"), QStringLiteral("/snap/bin"),
        QStringLiteral("/opt/homebrew/bin"), QStringLiteral("/home/linuxbrew/.linuxbrew/bin")};
}

QString KubeCredentialProvider::loadClientCertificate(
    const QByteArray &certificatePem, const QByteArray &keyPem, KubeCredentials *credentials)
{
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certificatePem, QSsl::Pem);
    if (chain.isEmpty() || chain.constFirst().isNull())
        return QStringLiteral("the client certificate is not a PEM certificate");
    QSslKey key;
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        key = QSslKey(keyPem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            break;
    }
    if (key.isNull())
        return QStringLiteral("the client key is not a PEM RSA or EC private key (or it is encrypted)");
    credentials->clientCertificateChain = chain;
    credentials->clientKey = key;
    return {};
}

KubeError KubeCredentialProvider::loadStatic(const KubeUser &user, KubeCredentials *credentials)
{
    const auto authError = [&user](const QString &text) {
        return KubeError(KubeError::Kind::Auth, QStringLiteral("user \"%1\": %2").arg(user.name, text));
    };
    if (user.hasClientCertificate()) {
        QByteArray certificate = user.clientCertificateData;
        if (certificate.isEmpty()) {
            QString readError;
            if (!readRegularFile(user.clientCertificate, MaxCredentialFileBytes, &certificate, &readError))
                return authError(
                    QStringLiteral("cannot read client-certificate %1: %2").arg(user.clientCertificate, readError));
        }
        QByteArray key = user.clientKeyData;
        if (key.isEmpty()) {
            QString readError;
            if (!readRegularFile(user.clientKey, MaxCredentialFileBytes, &key, &readError))
                return authError(QStringLiteral("cannot read client-key %1: %2").arg(user.clientKey, readError));
        }
        const QString problem = loadClientCertificate(certificate, key, credentials);
        if (!problem.isEmpty())
            return authError(problem);
    }
    if (!user.token.isEmpty()) {
        credentials->bearerToken = user.token;
    } else if (!user.tokenFile.isEmpty()) {
        QByteArray token;
        QString readError;
        if (!readRegularFile(user.tokenFile, MaxCredentialFileBytes, &token, &readError))
            return authError(QStringLiteral("cannot read tokenFile %1: %2").arg(user.tokenFile, readError));
        credentials->bearerToken = QString::fromUtf8(token).trimmed();
        if (credentials->bearerToken.isEmpty())
            return authError(QStringLiteral("tokenFile %1 is empty").arg(user.tokenFile));
    }
    if (!user.username.isEmpty() || !user.password.isEmpty()) {
        credentials->username = user.username;
        credentials->password = user.password;
    }
    return {};
}

void KubeCredentialProvider::request(QObject *receiver, Callback callback)
{
    if (!mUser.error.isEmpty()) {
        callback(
            {}, KubeError(KubeError::Kind::Config, QStringLiteral("user \"%1\": %2").arg(mUser.name, mUser.error)));
        return;
    }
    const KubeUser::AuthKind kind = mUser.authKind();
    if (kind == KubeUser::AuthKind::TokenFile && mHaveCached) {
        // Re-read the token file when it changed (projected service-account tokens rotate).
        const QDateTime modified = QFileInfo(mUser.tokenFile).lastModified();
        if (modified != mTokenFileModified)
            mHaveCached = false;
    }
    if (mHaveCached && !mCached.isExpired(QDateTime::currentDateTimeUtc())) {
        callback(mCached, {});
        return;
    }
    if (kind == KubeUser::AuthKind::Exec || kind == KubeUser::AuthKind::AuthProvider) {
        mWaiters.append(Waiter {receiver, std::move(callback)});
        if (mRunning)
            return;
        if (kind == KubeUser::AuthKind::Exec)
            startExec();
        else
            startOidcRefresh();
        return;
    }
    if (mUser.hasClientCertificate() || kind == KubeUser::AuthKind::TokenFile) {
        // Files to read, a key to decode: on a worker; requests meanwhile wait with the first.
        mWaiters.append(Waiter {receiver, std::move(callback)});
        if (!mRunning)
            startStaticLoad();
        return;
    }
    KubeCredentials credentials;
    const KubeError error = loadStatic(mUser, &credentials);
    if (error) {
        callback({}, error);
        return;
    }
    mCached = credentials;
    mHaveCached = true;
    callback(mCached, {});
}

void KubeCredentialProvider::startStaticLoad()
{
    struct Loaded {
        KubeCredentials credentials;
        KubeError error;
        QDateTime tokenFileModified;
    };
    mRunning = true;
    ++mStaticLoadCount;
    WorkerTask::run<Loaded>(
        this,
        [user = mUser] {
            Loaded loaded;
            // Looked at before the read: a token file replaced meanwhile is read again on the next request.
            if (user.authKind() == KubeUser::AuthKind::TokenFile)
                loaded.tokenFileModified = QFileInfo(user.tokenFile).lastModified();
            loaded.error = loadStatic(user, &loaded.credentials);
            return loaded;
        },
        [this](const Loaded &loaded) {
            mRunning = false;
            if (loaded.error) {
                deliver({}, loaded.error);
                return;
            }
            mCached = loaded.credentials;
            mHaveCached = true;
            mTokenFileModified = loaded.tokenFileModified;
            deliver(mCached, {});
        });
}

bool KubeCredentialProvider::invalidate(const KubeCredentials &used)
{
    const auto same = [](const KubeCredentials &a, const KubeCredentials &b) {
        return a.bearerToken == b.bearerToken && a.clientCertificateChain == b.clientCertificateChain;
    };
    const KubeUser::AuthKind kind = mUser.authKind();
    const bool refreshable = kind == KubeUser::AuthKind::Exec || kind == KubeUser::AuthKind::TokenFile
        || kind == KubeUser::AuthKind::AuthProvider;
    if (refreshable && (mRunning || (mHaveCached && !same(mCached, used))))
        return true; // another request got new credentials meanwhile: just use them
    switch (kind) {
    case KubeUser::AuthKind::Exec:
    case KubeUser::AuthKind::TokenFile:
        mHaveCached = false;
        return true;
    case KubeUser::AuthKind::AuthProvider:
        mHaveCached = false;
        mForceRefresh = mUser.authProvider && mUser.authProvider->name == QLatin1String("oidc")
            && !mUser.authProvider->config.value(QStringLiteral("refresh-token")).isEmpty();
        return mForceRefresh;
    default:
        return false;
    }
}

void KubeCredentialProvider::releaseTerminal()
{
    gTerminalQueue.removeAll(this);
    if (gTerminalOwner != this)
        return;
    gTerminalOwner = nullptr;
    while (!gTerminalQueue.isEmpty()) {
        const QPointer<KubeCredentialProvider> next = gTerminalQueue.takeFirst();
        if (next) {
            QTimer::singleShot(0, next, [next] { next->startExec(); });
            return;
        }
    }
}

void KubeCredentialProvider::deliver(const KubeCredentials &credentials, const KubeError &error)
{
    releaseTerminal();
    const QList<Waiter> waiters = std::exchange(mWaiters, {});
    for (const Waiter &waiter : waiters) {
        if (waiter.receiver)
            waiter.callback(credentials, error);
    }
}

QString KubeCredentialProvider::findExecutable(const QString &command, QString *foundWhere) const
{
    if (command.contains(QLatin1Char('/'))) {
        const QFileInfo info(command);
        if (info.isFile() && info.isExecutable())
            return info.absoluteFilePath();
        return {};
    }
    QStringList pathDirs;
    if (mUser.exec) {
        // exec.env may set PATH for the plugin; the lookup itself uses the parent's PATH like client-go.
    }
    const QString onPath = QStandardPaths::findExecutable(command);
    if (!onPath.isEmpty())
        return onPath;
    if (!mDesktopLaunched && !mExtraSearchDirsSet)
        return {};
    const QStringList dirs = mExtraSearchDirsSet ? mExtraSearchDirs : toolDirs();
    const QString found = QStandardPaths::findExecutable(command, dirs);
    if (!found.isEmpty() && foundWhere)
        *foundWhere = QFileInfo(found).absolutePath();
    return found;
}

void KubeCredentialProvider::startExec()
{
    const KubeUser::Exec &exec = *mUser.exec;
    const auto fail = [this](KubeError::Kind kind, const QString &text) {
        mRunning = false;
        KubeError error(kind, text);
        deliver({}, error);
    };
    // Interactive only on a terminal in a non-GUI program (volsyncctl); the GUI never is.
    const bool interactive = exec.interactiveMode != QLatin1String("Never") && canRunInteractively();
    if (exec.interactiveMode == QLatin1String("Always") && !interactive) {
        fail(KubeError::Kind::Auth,
            QStringLiteral("the exec plugin \"%1\" of user \"%2\" needs an interactive terminal (interactiveMode: "
                           "Always). Log in once with kubectl or volsyncctl in a terminal, or change the user entry.")
                .arg(exec.command, mUser.name));
        return;
    }
    if (interactive) {
        if (gTerminalOwner && gTerminalOwner != this) {
            mRunning = true; // waiting for the terminal: later requests wait with the first
            if (!gTerminalQueue.contains(this))
                gTerminalQueue.append(this);
            return;
        }
        gTerminalOwner = this;
    }
    QString foundWhere;
    const QString program = findExecutable(exec.command, &foundWhere);
    if (program.isEmpty()) {
        QString text
            = QStringLiteral("the exec plugin \"%1\" of user \"%2\" was not found").arg(exec.command, mUser.name);
        if (!exec.command.contains(QLatin1Char('/')))
            text += mDesktopLaunched || mExtraSearchDirsSet
                ? QStringLiteral(" on PATH or in %1")
                      .arg((mExtraSearchDirsSet ? mExtraSearchDirs : toolDirs()).join(QStringLiteral(", ")))
                : QStringLiteral(" on PATH");
        if (!exec.installHint.isEmpty())
            text += QStringLiteral(".\n") + stripControlCharacters(exec.installHint);
        fail(KubeError::Kind::Auth, text);
        return;
    }
    if (!foundWhere.isEmpty())
        Q_EMIT notice(
            QStringLiteral("Using the exec plugin \"%1\" found in %2 (not on PATH).").arg(exec.command, foundWhere));

    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const auto &pair : exec.env)
        environment.insert(pair.first, pair.second);
    QJsonObject spec {{QStringLiteral("interactive"), interactive}};
    if (exec.provideClusterInfo) {
        QJsonObject cluster {{QStringLiteral("server"), mCluster.server}};
        if (!mCluster.tlsServerName.isEmpty())
            cluster.insert(QStringLiteral("tls-server-name"), mCluster.tlsServerName);
        if (mCluster.insecureSkipTlsVerify)
            cluster.insert(QStringLiteral("insecure-skip-tls-verify"), true);
        QByteArray ca = mCluster.certificateAuthorityData;
        if (ca.isEmpty() && !mCluster.certificateAuthority.isEmpty()) {
            QFile file(mCluster.certificateAuthority);
            if (file.open(QIODevice::ReadOnly))
                ca = file.readAll();
        }
        if (!ca.isEmpty())
            cluster.insert(QStringLiteral("certificate-authority-data"), QString::fromLatin1(ca.toBase64()));
        if (!mCluster.proxyUrl.isEmpty())
            cluster.insert(QStringLiteral("proxy-url"), mCluster.proxyUrl);
        if (mCluster.disableCompression)
            cluster.insert(QStringLiteral("disable-compression"), true);
        // Like client-go: the cluster's extension of this name is handed to the plugin as spec.cluster.config.
        const QJsonValue config = mCluster.extensions.value(QLatin1String("client.authentication.k8s.io/exec"));
        if (!config.isUndefined() && !config.isNull())
            cluster.insert(QStringLiteral("config"), config);
        spec.insert(QStringLiteral("cluster"), cluster);
    }
    const QJsonObject info {{QStringLiteral("apiVersion"), exec.apiVersion},
        {QStringLiteral("kind"), QStringLiteral("ExecCredential")}, {QStringLiteral("spec"), spec}};
    environment.insert(
        QStringLiteral("KUBERNETES_EXEC_INFO"), QString::fromUtf8(QJsonDocument(info).toJson(QJsonDocument::Compact)));

    mRunning = true;
    ++mRunCount;
    mExecStdout.clear();
    mExecStderr.clear();
    mExecTimedOut = false;
    mExecFlooded = false;
    mProcess = new QProcess(this);
    mProcess->setProgram(program); // an argument list, never a shell
    mProcess->setArguments(exec.args);
    mProcess->setProcessEnvironment(environment);
    if (interactive) {
        // The plugin talks to the user on the terminal; only its stdout (the credential) is ours.
        mProcess->setInputChannelMode(QProcess::ForwardedInputChannel);
        mProcess->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    } else {
        mProcess->setStandardInputFile(QProcess::nullDevice());
    }
    connect(mProcess, &QProcess::readyReadStandardOutput, this, [this] {
        mExecStdout += mProcess->readAllStandardOutput();
        // An ExecCredential is a few KB: a plugin that floods its output is stopped, not buffered without end.
        if (mExecStdout.size() > MaxExecOutputBytes && !mExecFlooded) {
            mExecFlooded = true;
            mProcess->kill();
        }
    });
    connect(mProcess, &QProcess::readyReadStandardError, this, [this] {
        mExecStderr += mProcess->readAllStandardError();
        if (mExecStderr.size() > 65536)
            mExecStderr = mExecStderr.right(65536);
    });
    connect(mProcess, &QProcess::finished, this,
        [this](int exitCode, QProcess::ExitStatus status) { finishExec(exitCode, status == QProcess::CrashExit); });
    connect(mProcess, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            finishExec(-1, true);
    });
    mExecTimer = new QTimer(mProcess);
    mExecTimer->setSingleShot(true);
    connect(mExecTimer, &QTimer::timeout, this, [this] {
        mExecTimedOut = true;
        mProcess->kill();
    });
    mExecTimer->start(mExecTimeoutMs);
    qCDebug(lcKube) << "running exec plugin" << program << "for user" << mUser.name;
    mProcess->start();
}

void KubeCredentialProvider::finishExec(int exitCode, bool crashed)
{
    if (!mProcess)
        return;
    QProcess *process = std::exchange(mProcess, nullptr);
    mExecTimer = nullptr;
    process->disconnect(this);
    if (!mExecFlooded)
        mExecStdout += process->readAllStandardOutput();
    mExecStderr += process->readAllStandardError();
    const bool failedToStart = process->error() == QProcess::FailedToStart && exitCode == -1;
    const QString startError = process->errorString();
    process->deleteLater();

    const QString plugin = execPluginName(mUser);
    const auto fail = [&](KubeError::Kind kind, const QString &text) {
        mRunning = false;
        deliver({}, KubeError(kind, text));
    };
    if (mExecFlooded) {
        mExecStdout.clear();
        fail(KubeError::Kind::Auth,
            QStringLiteral("%1 printed more than %2 MiB, far more than an ExecCredential; it was stopped")
                .arg(plugin)
                .arg(MaxExecOutputBytes / (1024 * 1024)));
        return;
    }
    if (mExecTimedOut) {
        KubeError error(KubeError::Kind::Timeout,
            QStringLiteral("%1 did not finish within %2 s and was stopped; it may be waiting for a login in a browser "
                           "or a terminal")
                .arg(plugin)
                .arg(mExecTimeoutMs / 1000.0));
        error.setReason(QStringLiteral("ExecPluginTimeout"));
        // Not the server's fault: the way forward is to see what the plugin waits for. (Its arguments are not
        // quoted: some plugins take secrets there.)
        error.setHint(QStringLiteral("Run \"%1\" with the arguments of user \"%2\" in the kubeconfig in a terminal "
                                     "to see what it waits for, log in if it asks, then try again; if it is only "
                                     "slow, allow it more time (volsyncctl: --exec-timeout).")
                          .arg(stripControlCharacters(mUser.exec->command), mUser.name));
        mRunning = false;
        deliver({}, error);
        return;
    }
    if (failedToStart) {
        fail(KubeError::Kind::Auth, QStringLiteral("%1 could not be started: %2").arg(plugin, startError));
        return;
    }
    if (crashed || exitCode != 0) {
        QString text = crashed ? QStringLiteral("%1 crashed").arg(plugin)
                               : QStringLiteral("%1 failed with exit code %2").arg(plugin).arg(exitCode);
        const QString err = shortOutput(mExecStderr);
        if (!err.isEmpty())
            text += QStringLiteral(": ") + err;
        fail(KubeError::Kind::Auth, text);
        return;
    }
    // The credential may hold a client certificate and key (OpenSSL takes ms per key): read it on a worker, still
    // running, so that requests meanwhile wait for it.
    struct Read {
        KubeCredentials credentials;
        KubeError error;
    };
    WorkerTask::run<Read>(
        this,
        [output = std::exchange(mExecStdout, {}), user = mUser]() mutable {
            Read read;
            read.error = readExecCredential(output, user, &read.credentials);
            output.fill('\0');
            return read;
        },
        [this](const Read &read) {
            mRunning = false;
            if (read.error) {
                deliver({}, read.error);
                return;
            }
            mCached = read.credentials;
            mHaveCached = true;
            deliver(mCached, {});
        });
}

KubeError KubeCredentialProvider::readExecCredential(
    const QByteArray &output, const KubeUser &user, KubeCredentials *credentials)
{
    const QString plugin = execPluginName(user);
    const auto authError = [](const QString &text) { return KubeError(KubeError::Kind::Auth, text); };
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(output, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return authError(QStringLiteral("%1 printed something that is not an ExecCredential (JSON): %2")
                             .arg(plugin, parseError.errorString()));
    const QJsonObject credential = document.object();
    if (credential.value(QLatin1String("kind")).toString() != QLatin1String("ExecCredential"))
        return authError(QStringLiteral("%1 printed a %2, not an ExecCredential")
                             .arg(plugin, credential.value(QLatin1String("kind")).toString()));
    if (credential.value(QLatin1String("apiVersion")).toString() != user.exec->apiVersion)
        return authError(
            QStringLiteral("%1 answered with apiVersion \"%2\" instead of \"%3\"")
                .arg(plugin, credential.value(QLatin1String("apiVersion")).toString(), user.exec->apiVersion));
    const QJsonObject status = credential.value(QLatin1String("status")).toObject();
    KubeCredentials read;
    read.bearerToken = status.value(QLatin1String("token")).toString();
    const QString certificate = status.value(QLatin1String("clientCertificateData")).toString();
    const QString key = status.value(QLatin1String("clientKeyData")).toString();
    if (!certificate.isEmpty() || !key.isEmpty()) {
        if (certificate.isEmpty() || key.isEmpty())
            return authError(
                QStringLiteral("%1 returned only one of clientCertificateData and clientKeyData").arg(plugin));
        const QString problem = loadClientCertificate(certificate.toUtf8(), key.toUtf8(), &read);
        if (!problem.isEmpty())
            return authError(QStringLiteral("%1: %2").arg(plugin, problem));
    }
    if (read.bearerToken.isEmpty() && !read.hasClientCertificate())
        return authError(QStringLiteral("%1 returned neither a token nor a client certificate").arg(plugin));
    const QString expiration = status.value(QLatin1String("expirationTimestamp")).toString();
    if (!expiration.isEmpty()) {
        read.expiry = QDateTime::fromString(expiration, Qt::ISODate);
        if (!read.expiry.isValid())
            return authError(
                QStringLiteral("%1 returned an unreadable expirationTimestamp \"%2\"").arg(plugin, expiration));
    }
    *credentials = read;
    return {};
}

void KubeCredentialProvider::startOidcRefresh()
{
    const KubeUser::AuthProvider &provider = *mUser.authProvider;
    const auto fail = [this](const QString &text) {
        mRunning = false;
        deliver({}, KubeError(KubeError::Kind::Auth, QStringLiteral("user \"%1\": %2").arg(mUser.name, text)));
    };
    if (provider.name == QLatin1String("gcp")) {
        fail(QStringLiteral("the gcp auth-provider was removed from Kubernetes clients. Install "
                            "gke-gcloud-auth-plugin and run `gcloud container clusters get-credentials` again, "
                            "which writes an exec entry instead."));
        return;
    }
    if (provider.name == QLatin1String("azure")) {
        fail(QStringLiteral("the azure auth-provider was removed from Kubernetes clients. Install kubelogin and run "
                            "`kubelogin convert-kubeconfig -l azurecli`, which writes an exec entry instead."));
        return;
    }
    if (provider.name != QLatin1String("oidc")) {
        fail(QStringLiteral("the auth-provider \"%1\" is not supported; use an exec credential plugin")
                 .arg(provider.name));
        return;
    }
    const QString idToken = provider.config.value(QStringLiteral("id-token"));
    const QDateTime expiry = jwtExpiry(idToken);
    // client-go's margin: treat tokens that expire within 10 s as expired.
    const bool valid
        = !idToken.isEmpty() && (!expiry.isValid() || expiry > QDateTime::currentDateTimeUtc().addSecs(10));
    if (valid && !mForceRefresh) {
        KubeCredentials credentials;
        credentials.bearerToken = idToken;
        credentials.expiry = expiry.isValid() ? expiry.addSecs(-10) : QDateTime();
        mCached = credentials;
        mHaveCached = true;
        deliver(mCached, {});
        return;
    }
    const QString refreshToken = provider.config.value(QStringLiteral("refresh-token"));
    const QString issuer = provider.config.value(QStringLiteral("idp-issuer-url"));
    if (refreshToken.isEmpty() || issuer.isEmpty()) {
        fail(idToken.isEmpty() ? QStringLiteral("the oidc auth-provider has no id-token; log in again with your oidc "
                                                "helper (e.g. kubelogin)")
                               : QStringLiteral("the oidc id-token has expired and there is no refresh-token; log in "
                                                "again with your oidc helper (e.g. kubelogin)"));
        return;
    }
    mRunning = true;
    mForceRefresh = false;
    ++mRunCount;
    if (!mNam)
        mNam = new QNetworkAccessManager(this);
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    QByteArray ca
        = QByteArray::fromBase64(provider.config.value(QStringLiteral("idp-certificate-authority-data")).toLatin1());
    if (ca.isEmpty() && !provider.config.value(QStringLiteral("idp-certificate-authority")).isEmpty()) {
        QFile file(provider.config.value(QStringLiteral("idp-certificate-authority")));
        if (file.open(QIODevice::ReadOnly))
            ca = file.readAll();
    }
    if (!ca.isEmpty())
        ssl.setCaCertificates(QSslCertificate::fromData(ca, QSsl::Pem));
    QString base = issuer;
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    QNetworkRequest discovery(QUrl(base + QStringLiteral("/.well-known/openid-configuration")));
    discovery.setSslConfiguration(ssl);
    discovery.setTransferTimeout(30000);
    QNetworkReply *reply = mNam->get(discovery);
    connect(reply, &QNetworkReply::finished, this, [this, reply, ssl, refreshToken, fail] {
        reply->deleteLater();
        const QJsonObject document = QJsonDocument::fromJson(reply->readAll()).object();
        const QString endpoint = document.value(QLatin1String("token_endpoint")).toString();
        if (reply->error() != QNetworkReply::NoError || endpoint.isEmpty()) {
            fail(QStringLiteral("cannot read the oidc discovery document of %1: %2")
                     .arg(reply->url().toString(), reply->errorString()));
            return;
        }
        const KubeUser::AuthProvider &provider = *mUser.authProvider;
        QUrlQuery form;
        form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
        form.addQueryItem(QStringLiteral("refresh_token"), refreshToken);
        form.addQueryItem(QStringLiteral("client_id"), provider.config.value(QStringLiteral("client-id")));
        if (!provider.config.value(QStringLiteral("client-secret")).isEmpty())
            form.addQueryItem(QStringLiteral("client_secret"), provider.config.value(QStringLiteral("client-secret")));
        QNetworkRequest tokenRequest {QUrl(endpoint)};
        tokenRequest.setSslConfiguration(ssl);
        tokenRequest.setTransferTimeout(30000);
        tokenRequest.setHeader(
            QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
        QNetworkReply *tokenReply = mNam->post(tokenRequest, form.query(QUrl::FullyEncoded).toLatin1());
        connect(tokenReply, &QNetworkReply::finished, this, [this, tokenReply, fail] {
            tokenReply->deleteLater();
            const QJsonObject answer = QJsonDocument::fromJson(tokenReply->readAll()).object();
            const QString newIdToken = answer.value(QLatin1String("id_token")).toString();
            if (tokenReply->error() != QNetworkReply::NoError || newIdToken.isEmpty()) {
                QString why = answer.value(QLatin1String("error_description")).toString();
                if (why.isEmpty())
                    why = answer.value(QLatin1String("error")).toString();
                if (why.isEmpty())
                    why = tokenReply->errorString();
                fail(QStringLiteral("refreshing the oidc token failed: %1; log in again").arg(why));
                return;
            }
            QString newRefresh = answer.value(QLatin1String("refresh_token")).toString();
            if (newRefresh.isEmpty())
                newRefresh = mUser.authProvider->config.value(QStringLiteral("refresh-token"));
            mUser.authProvider->config.insert(QStringLiteral("id-token"), newIdToken);
            mUser.authProvider->config.insert(QStringLiteral("refresh-token"), newRefresh);
            // Persist like client-go: the user entry in the file that defined it, written atomically.
            try {
                QFile in(mUser.sourceFile);
                if (in.open(QIODevice::ReadOnly)) {
                    YAML::Node root = YAML::Load(in.readAll().toStdString());
                    in.close();
                    for (YAML::Node entry : root["users"]) {
                        if (entry["name"].as<std::string>() != mUser.name.toStdString())
                            continue;
                        YAML::Node config = entry["user"]["auth-provider"]["config"];
                        config["id-token"] = newIdToken.toStdString();
                        config["refresh-token"] = newRefresh.toStdString();
                    }
                    YAML::Emitter emitter;
                    emitter << root;
                    QSaveFile out(mUser.sourceFile);
                    if (out.open(QIODevice::WriteOnly)) {
                        out.write(emitter.c_str());
                        out.write("\n");
                        if (!out.commit())
                            Q_EMIT notice(
                                QStringLiteral("Could not save the refreshed oidc token to %1").arg(mUser.sourceFile));
                    }
                }
            } catch (const std::exception &) {
                Q_EMIT notice(QStringLiteral("Could not save the refreshed oidc token to %1").arg(mUser.sourceFile));
            }
            mRunning = false;
            KubeCredentials credentials;
            credentials.bearerToken = newIdToken;
            const QDateTime expiry = jwtExpiry(newIdToken);
            credentials.expiry = expiry.isValid() ? expiry.addSecs(-10) : QDateTime();
            mCached = credentials;
            mHaveCached = true;
            deliver(mCached, {});
        });
    });
}
