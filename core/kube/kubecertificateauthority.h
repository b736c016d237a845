// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QSslCertificate>
#include <QString>

struct KubeCluster;

/// A cluster's certificate authority, read and decoded. Decoding takes OpenSSL a while (and the first use loads
/// Qt's TLS backend), so the GUI does it on the kubeconfig loader's worker thread
/// (KubeConfig::decodeCertificateAuthorities()) and a client made on the GUI thread finds it ready.
struct KubeCertificateAuthority {
    QList<QSslCertificate> certificates; ///< empty when the cluster names none (or on error)
    QString error; ///< why the configured authority cannot be used (names the file and the cluster)

    /// Reads `cluster`'s certificate-authority-data, else its certificate-authority file. Any thread.
    [[nodiscard]] static KubeCertificateAuthority read(const KubeCluster &cluster);
};
