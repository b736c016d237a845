// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

/// One `users:` entry (client-go's AuthInfo) of a kubeconfig. Relative paths are resolved
/// against the directory of the file that defined it. Never log the secret fields.
struct KubeUser {
    enum class AuthKind {
        None, ///< anonymous
        ClientCertificate, ///< client certificate and key only
        Token, ///< inline bearer token (possibly together with a client certificate)
        TokenFile, ///< bearer token read from a file, re-read when it changes
        Basic, ///< username and password
        Exec, ///< exec credential plugin
        AuthProvider, ///< auth-provider (oidc; gcp/azure give a clear error)
    };

    /// `exec:` (client.authentication.k8s.io/v1 or v1beta1).
    struct Exec {
        QString command; ///< resolved against the file's folder only when it contains '/'
        QStringList args;
        QList<QPair<QString, QString>> env;
        QString apiVersion;
        QString installHint;
        bool provideClusterInfo = false;
        QString interactiveMode; ///< Never, IfAvailable, Always (empty = IfAvailable for v1beta1)
    };

    /// `auth-provider:` (name plus its string config map).
    struct AuthProvider {
        QString name;
        QMap<QString, QString> config;
    };

    QString name;
    QString clientCertificate; ///< absolute path
    QByteArray clientCertificateData; ///< decoded PEM; wins over clientCertificate
    QString clientKey; ///< absolute path
    QByteArray clientKeyData; ///< decoded PEM; wins over clientKey
    QString token; ///< wins over tokenFile
    QString tokenFile; ///< absolute path
    QString username;
    QString password;
    QString impersonate; ///< `as`
    QString impersonateUid; ///< `as-uid`
    QStringList impersonateGroups; ///< `as-groups`
    QMap<QString, QStringList> impersonateUserExtra; ///< `as-user-extra`
    std::optional<Exec> exec;
    std::optional<AuthProvider> authProvider;
    QString sourceFile; ///< the kubeconfig file that defined this entry
    QString error; ///< conflicts (token + basic, exec + auth-provider) and bad fields

    [[nodiscard]] AuthKind authKind() const;
    [[nodiscard]] bool hasClientCertificate() const;
    /// "token", "client-certificate", "exec", "oidc", ... for display.
    [[nodiscard]] QString authKindName() const;
};
