// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <memory>

struct KubeCertificateAuthority;

/// One `clusters:` entry of a kubeconfig, with relative paths already resolved against the
/// directory of the file that defined it.
struct KubeCluster {
    QString name;
    QString server;
    QString certificateAuthority; ///< absolute path, empty when unset
    QByteArray certificateAuthorityData; ///< decoded PEM; wins over certificateAuthority
    bool insecureSkipTlsVerify = false; ///< warn loudly when set
    QString tlsServerName; ///< name used for SNI and certificate verification
    QString proxyUrl; ///< http://, https:// or socks5://
    bool disableCompression = false;
    /// `extensions:` by name, each extension as JSON (exec plugins get "client.authentication.k8s.io/exec").
    QJsonObject extensions;
    QString sourceFile; ///< the kubeconfig file that defined this entry
    QString error; ///< non-empty when the entry is unusable (shown per context)
    /// The certificate authority read and decoded ahead (KubeConfig::decodeCertificateAuthorities(), on a worker
    /// thread); unset: a client reads and decodes it when it is made.
    std::shared_ptr<const KubeCertificateAuthority> decodedAuthority;
};
