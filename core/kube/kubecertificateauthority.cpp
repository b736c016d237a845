// SPDX-License-Identifier: GPL-3.0-or-later
#include "kubecertificateauthority.h"

#include "kubecluster.h"

#include "common/regularfile.h"

KubeCertificateAuthority KubeCertificateAuthority::read(const KubeCluster &cluster)
{
    KubeCertificateAuthority authority;
    QByteArray pem = cluster.certificateAuthorityData;
    if (pem.isEmpty() && !cluster.certificateAuthority.isEmpty()) {
        QString readError;
        if (!readRegularFile(cluster.certificateAuthority, MaxCredentialFileBytes, &pem, &readError)) {
            authority.error = QStringLiteral("cannot read certificate-authority %1 of cluster \"%2\": %3")
                                  .arg(cluster.certificateAuthority, cluster.name, readError);
            return authority;
        }
    }
    if (pem.isEmpty())
        return authority;
    authority.certificates = QSslCertificate::fromData(pem, QSsl::Pem);
    if (authority.certificates.isEmpty())
        authority.error
            = QStringLiteral("the certificate authority of cluster \"%1\" holds no PEM certificate").arg(cluster.name);
    return authority;
}
