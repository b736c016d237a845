// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "kubeconfig.h"

#include <QObject>

#include <functional>

template<typename T> class QFutureWatcher;

/// Reads, parses and merges the kubeconfig files on a worker thread (a big kubeconfig takes a while) and hands the
/// result to the thread that asked, through loaded(). The GUI loads once at start-up this way and gives the result
/// to both the contexts model and the session.
class KubeConfigLoader : public QObject
{
    Q_OBJECT
public:
    using LoadFunction = std::function<KubeConfig(const KubeConfig::LoadOptions &)>;
    /// What the worker hands back.
    struct Result {
        KubeConfig config;
        QByteArray digest;
    };

    explicit KubeConfigLoader(QObject *parent = nullptr);
    ~KubeConfigLoader() override;

    /// Starts loading; a load still running is superseded (its result is dropped).
    void start(const KubeConfig::LoadOptions &options);
    [[nodiscard]] bool isLoading() const;
    [[nodiscard]] KubeConfig::LoadOptions options() const { return mOptions; }
    /// Also reads and decodes the clusters' certificate authorities on the worker (for a config that clients
    /// are made from: KubeConfig::decodeCertificateAuthorities()). Off by default.
    void setDecodeCertificateAuthorities(bool decode) { mDecodeCertificateAuthorities = decode; }

    /// Test hook: every loader calls `load` (on its worker thread) instead of KubeConfig::load; empty restores it.
    /// A test can make the load wait for it (deterministically) to check what happens meanwhile.
    static void setLoadFunctionForTests(LoadFunction load);
    /// SHA-256 over the files' paths and contents (reads them: call it off the GUI thread when they may be big).
    [[nodiscard]] static QByteArray digestOf(const QStringList &files);

Q_SIGNALS:
    /// `filesDigest`: digestOf(config.files()), computed on the worker thread too.
    void loaded(const KubeConfig &config, const QByteArray &filesDigest);

private:
    KubeConfig::LoadOptions mOptions;
    bool mDecodeCertificateAuthorities = false;
    QFutureWatcher<Result> *mWatcher = nullptr;
};
