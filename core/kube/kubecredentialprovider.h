// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "kubecluster.h"
#include "kubecredentials.h"
#include "kubeerror.h"
#include "kubeuser.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

class QProcess;
class QNetworkAccessManager;
class QTimer;

/// Obtains the credentials of one kubeconfig user entry: static ones (certificate, token, basic),
/// a token file (re-read when it changes), an exec plugin (cached until it expires, one run at a
/// time, rerun once after a 401) or an oidc auth-provider (refreshed and written back).
/// One provider per user entry and thread is shared by every client (see forUser()).
/// Files are read and client keys decoded on a worker thread, those of the user entry and those of an exec
/// plugin's credential (OpenSSL takes milliseconds per key, and the fleet starts a client per cluster at once):
/// requests wait for them without blocking the thread of the provider.
class KubeCredentialProvider : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const KubeCredentials &credentials, const KubeError &error)>;

    KubeCredentialProvider(const KubeUser &user, const KubeCluster &cluster, QObject *parent = nullptr);
    ~KubeCredentialProvider() override;

    /// The provider shared by all clients of this thread for `user` (keyed by file, name and content).
    [[nodiscard]] static std::shared_ptr<KubeCredentialProvider> forUser(
        const KubeUser &user, const KubeCluster &cluster);

    /// Calls `callback` (possibly right away) with the current credentials or an error.
    /// The callback is dropped when `receiver` is destroyed first.
    void request(QObject *receiver, Callback callback);
    /// After a 401 with `used`: forget them (unless newer ones are cached already). Returns true when asking
    /// again may give other credentials.
    bool invalidate(const KubeCredentials &used);

    void setExecTimeoutMs(int timeoutMs) { mExecTimeoutMs = timeoutMs; }
    void setDesktopLaunched(bool desktopLaunched) { mDesktopLaunched = desktopLaunched; }
    /// Overrides the tool folders searched for a bare exec command (tests).
    void setExtraSearchDirs(const QStringList &dirs)
    {
        mExtraSearchDirs = dirs;
        mExtraSearchDirsSet = true;
    }
    /// How many times the exec plugin or the oidc refresh ran.
    [[nodiscard]] int runCount() const { return mRunCount; }
    /// How many times the static credentials (certificate and key, token file) were read and decoded.
    [[nodiscard]] int staticLoadCount() const { return mStaticLoadCount; }
    [[nodiscard]] const KubeUser &user() const { return mUser; }

    /// Guess: started from a desktop launcher (no terminal, launcher variables set).
    [[nodiscard]] static bool guessDesktopLaunched();
    /// Exec plugins may talk to the user: stdin and stderr are terminals and this is not a GUI program.
    [[nodiscard]] static bool canRunInteractively();
    /// The folders searched for exec plugins besides PATH when desktop-launched.
    [[nodiscard]] static QStringList toolDirs();

    /// Loads a PEM certificate chain and key (RSA or EC). Returns an error text, empty on success.
    [[nodiscard]] static QString loadClientCertificate(
        const QByteArray &certificatePem, const QByteArray &keyPem, KubeCredentials *credentials);

Q_SIGNALS:
    /// Notes for the user (where an exec plugin was found, ...).
    void notice(const QString &text);

private:
    struct Waiter {
        QPointer<QObject> receiver;
        Callback callback;
    };
    void deliver(const KubeCredentials &credentials, const KubeError &error);
    /// Reads and decodes what `user` names (any thread: it touches no provider state).
    static KubeError loadStatic(const KubeUser &user, KubeCredentials *credentials);
    /// loadStatic() on a worker thread; delivers to the waiters.
    void startStaticLoad();
    void startExec();
    /// Lets the next interactive plugin waiting for the terminal run.
    void releaseTerminal();
    /// Reads and checks a plugin's ExecCredential and decodes its client certificate and key (any thread: it
    /// touches no provider state).
    static KubeError readExecCredential(const QByteArray &output, const KubeUser &user, KubeCredentials *credentials);
    /// Judges the plugin's end; its credential is read on a worker thread and delivered to the waiters.
    void finishExec(int exitCode, bool crashed);
    void startOidcRefresh();
    QString findExecutable(const QString &command, QString *foundWhere) const;

    KubeUser mUser;
    KubeCluster mCluster;
    KubeCredentials mCached;
    bool mHaveCached = false;
    QDateTime mTokenFileModified;
    QList<Waiter> mWaiters;
    bool mRunning = false;
    int mRunCount = 0;
    int mStaticLoadCount = 0;
    int mExecTimeoutMs = 60000;
    bool mDesktopLaunched = false;
    QStringList mExtraSearchDirs;
    bool mExtraSearchDirsSet = false;
    QProcess *mProcess = nullptr;
    QTimer *mExecTimer = nullptr;
    QByteArray mExecStdout;
    QByteArray mExecStderr;
    bool mExecTimedOut = false;
    bool mExecFlooded = false; ///< the plugin printed more than MaxExecOutputBytes and was stopped
    static constexpr qsizetype MaxExecOutputBytes = qsizetype(1) * 1024 * 1024;
    bool mForceRefresh = false;
    QNetworkAccessManager *mNam = nullptr;
};
