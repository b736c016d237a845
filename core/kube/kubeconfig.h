// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "kubecluster.h"
#include "kubecontext.h"
#include "kubeuser.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

/// Where to look for kubeconfig files. The defaults read the process environment.
struct KubeConfigLoadOptions {
    QString explicitPath; ///< `--kubeconfig`: this file only
    std::optional<QString> kubeconfigEnv; ///< overrides $KUBECONFIG (tests)
    std::optional<QString> homeDir; ///< overrides the home folder (tests)
};

/// A merged kubeconfig, loaded with kubectl's (client-go clientcmd) rules:
/// - file selection: `--kubeconfig` alone (missing = error, no merging), else the `KUBECONFIG`
///   list (split on ':', de-duplicated, empty and missing entries skipped), else ~/.kube/config;
/// - merging: for clusters, users and contexts the first file that defines a name wins with its whole
///   entry; `current-context` comes from the first file that sets it;
/// - a file that cannot be parsed becomes a file error, a broken entry becomes an entry error,
///   and everything else still loads.
/// A plain value type: cheap to copy, no I/O after loading.
class KubeConfig
{
public:
    using LoadOptions = KubeConfigLoadOptions;

    /// A file that could not be read or parsed (its entries are missing from the result).
    struct FileError {
        QString file;
        QString message;
    };

    /// Everything needed to talk to one context, or why that is impossible.
    struct Resolved {
        KubeContext context;
        KubeCluster cluster;
        KubeUser user;
        QString error; ///< empty when usable
        [[nodiscard]] bool isValid() const { return error.isEmpty(); }
    };

    KubeConfig() = default;

    /// Loads with kubectl's file selection and merging. Never throws; problems become errors.
    [[nodiscard]] static KubeConfig load(const LoadOptions &options = {});
    /// The files kubectl would read, in precedence order (missing ones included for the KUBECONFIG list).
    [[nodiscard]] static QStringList precedence(const LoadOptions &options = {});
    /// Parses and merges these files in order, skipping missing ones unless `explicitFile`.
    [[nodiscard]] static KubeConfig loadFiles(const QStringList &files, bool explicitFile = false);
    /// Parses one document as if it were the file `fileName` (relative paths resolve against its folder).
    [[nodiscard]] static KubeConfig parse(const QByteArray &yaml, const QString &fileName);

    /// Contexts sorted by name (the order of `kubectl config get-contexts`).
    [[nodiscard]] QList<KubeContext> contexts() const;
    [[nodiscard]] QStringList contextNames() const;
    [[nodiscard]] std::optional<KubeContext> context(const QString &name) const;
    [[nodiscard]] std::optional<KubeCluster> cluster(const QString &name) const;
    [[nodiscard]] std::optional<KubeUser> user(const QString &name) const;
    [[nodiscard]] QList<KubeCluster> clusters() const;
    [[nodiscard]] QList<KubeUser> users() const;

    [[nodiscard]] QString currentContext() const { return mCurrentContext; }
    /// The files that were read (existing ones), in precedence order.
    [[nodiscard]] QStringList files() const { return mFiles; }
    /// Unreadable or unparsable files, and a missing explicit file.
    [[nodiscard]] QList<FileError> fileErrors() const { return mFileErrors; }
    /// Non-fatal notes (insecure-skip-tls-verify, ...), meant to be shown to the user.
    [[nodiscard]] QStringList warnings() const { return mWarnings; }
    /// Whether `--kubeconfig` was used.
    [[nodiscard]] bool isExplicit() const { return mExplicit; }
    /// The file `kubectl config use-context` would write to.
    [[nodiscard]] QString writeTarget() const { return mWriteTarget; }

    /// The context `name` (empty = current-context) with its cluster and user, or an error
    /// that names what is missing and where to look.
    [[nodiscard]] Resolved resolve(const QString &contextName = {}) const;

    /// Reads and decodes every cluster's certificate authority now (see KubeCluster::decodedAuthority), once per
    /// distinct authority: for a worker thread, so that clients made later on the GUI thread find them ready.
    void decodeCertificateAuthorities();

    /// Switches current-context in writeTarget(), atomically, leaving the rest of the file unchanged.
    /// Returns an error text, empty on success. Updates this object too.
    [[nodiscard]] QString writeCurrentContext(const QString &contextName);

private:
    void mergeFrom(const KubeConfig &other);

    QMap<QString, KubeCluster> mClusters;
    QMap<QString, KubeUser> mUsers;
    QMap<QString, KubeContext> mContexts;
    QString mCurrentContext;
    bool mCurrentContextSet = false;
    QStringList mFiles;
    QList<FileError> mFileErrors;
    QStringList mWarnings;
    bool mExplicit = false;
    QString mWriteTarget;
};
