// SPDX-License-Identifier: GPL-3.0-or-later
#include "kubeuser.h"

bool KubeUser::hasClientCertificate() const
{
    return (!clientCertificate.isEmpty() || !clientCertificateData.isEmpty())
        && (!clientKey.isEmpty() || !clientKeyData.isEmpty());
}

KubeUser::AuthKind KubeUser::authKind() const
{
    if (exec)
        return AuthKind::Exec;
    if (authProvider)
        return AuthKind::AuthProvider;
    if (!token.isEmpty())
        return AuthKind::Token;
    if (!tokenFile.isEmpty())
        return AuthKind::TokenFile;
    if (!username.isEmpty() || !password.isEmpty())
        return AuthKind::Basic;
    if (hasClientCertificate())
        return AuthKind::ClientCertificate;
    return AuthKind::None;
}

QString KubeUser::authKindName() const
{
    switch (authKind()) {
    case AuthKind::None:
        return QStringLiteral("none");
    case AuthKind::ClientCertificate:
        return QStringLiteral("client-certificate");
    case AuthKind::Token:
        return QStringLiteral("token");
    case AuthKind::TokenFile:
        return QStringLiteral("token-file");
    case AuthKind::Basic:
        return QStringLiteral("basic");
    case AuthKind::Exec:
        return QStringLiteral("exec");
    case AuthKind::AuthProvider:
        return authProvider->name.isEmpty() ? QStringLiteral("auth-provider") : authProvider->name;
    }
    return {};
}
