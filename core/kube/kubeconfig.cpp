// SPDX-License-Identifier: GPL-3.0-or-later
#include "kubeconfig.h"

#include "kubecertificateauthority.h"

#include "common/logging.h"
#include "common/regularfile.h"
#include "kubeyamldocument.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSet>
#include <QUrl>

#include <yaml-cpp/yaml.h>

#include <exception>

namespace {

QString fromStd(const std::string &text)
{
    return QString::fromStdString(text);
}

/// Collects the problems of one entry while reading its fields.
struct EntryReader {
    KubeYamlNode node;
    QStringList problems;

    QString string(const char *key)
    {
        try {
            const KubeYamlNode value = node[key];
            if (!value || value.isNull())
                return {};
            if (!value.isScalar()) {
                problems.append(QStringLiteral("field \"%1\" must be a string").arg(QLatin1String(key)));
                return {};
            }
            return fromStd(value.scalar());
        } catch (const std::exception &) {
            problems.append(QStringLiteral("field \"%1\" cannot be read").arg(QLatin1String(key)));
            return {};
        }
    }

    bool boolean(const char *key)
    {
        try {
            const KubeYamlNode value = node[key];
            if (!value || value.isNull())
                return false;
            bool result = false;
            if (!value.isScalar() || !value.toBool(&result)) {
                problems.append(QStringLiteral("field \"%1\" must be true or false").arg(QLatin1String(key)));
                return false;
            }
            return result;
        } catch (const std::exception &) {
            problems.append(QStringLiteral("field \"%1\" cannot be read").arg(QLatin1String(key)));
            return false;
        }
    }

    QByteArray base64(const char *key)
    {
        const QString text = string(key);
        if (text.isEmpty())
            return {};
        QByteArray compact = text.toLatin1();
        compact.removeIf([](char c) { return c == '\n' || c == '\r' || c == ' '; });
        const auto decoded = QByteArray::fromBase64Encoding(compact, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded) {
            problems.append(QStringLiteral("field \"%1\" is not valid base64").arg(QLatin1String(key)));
            return {};
        }
        return *decoded;
    }

    QStringList stringList(const char *key)
    {
        QStringList result;
        try {
            const KubeYamlNode value = node[key];
            if (!value || value.isNull())
                return result;
            if (!value.isSequence()) {
                problems.append(QStringLiteral("field \"%1\" must be a list of strings").arg(QLatin1String(key)));
                return result;
            }
            for (std::size_t i = 0; i < value.size(); ++i) {
                const KubeYamlNode item = value.item(i);
                if (item.isScalar())
                    result.append(fromStd(item.scalar()));
                else
                    problems.append(QStringLiteral("field \"%1\" must be a list of strings").arg(QLatin1String(key)));
            }
        } catch (const std::exception &) {
            problems.append(QStringLiteral("field \"%1\" cannot be read").arg(QLatin1String(key)));
        }
        return result;
    }

    KubeYamlNode map(const char *key)
    {
        try {
            const KubeYamlNode value = node[key];
            if (!value || value.isNull())
                return {};
            if (!value.isMap()) {
                problems.append(QStringLiteral("field \"%1\" must be a mapping").arg(QLatin1String(key)));
                return {};
            }
            return value;
        } catch (const std::exception &) {
            problems.append(QStringLiteral("field \"%1\" cannot be read").arg(QLatin1String(key)));
            return {};
        }
    }
};

/// A YAML node as JSON, the way sigs.k8s.io/yaml converts a kubeconfig: plain scalars become null, booleans
/// and numbers where they look like them, quoted scalars stay strings.
QJsonValue yamlToJson(const KubeYamlNode &node)
{
    switch (node.type()) {
    case KubeYamlNode::Type::Map: {
        QJsonObject object;
        for (std::size_t i = 0; i < node.size(); ++i) {
            const auto [key, value] = node.entry(i);
            object.insert(fromStd(key.scalar()), yamlToJson(value));
        }
        return object;
    }
    case KubeYamlNode::Type::Sequence: {
        QJsonArray array;
        for (std::size_t i = 0; i < node.size(); ++i)
            array.append(yamlToJson(node.item(i)));
        return array;
    }
    case KubeYamlNode::Type::Scalar: {
        const QString text = fromStd(node.scalar());
        if (node.isQuoted())
            return text; // quoted
        static const QRegularExpression nullRe(QStringLiteral("^(~|null|Null|NULL|)$"));
        static const QRegularExpression intRe(QStringLiteral("^[-+]?[0-9]+$"));
        static const QRegularExpression floatRe(
            QStringLiteral("^[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?$"));
        if (nullRe.match(text).hasMatch())
            return QJsonValue::Null;
        bool flag = false;
        if (node.toBool(&flag))
            return flag;
        if (intRe.match(text).hasMatch() || floatRe.match(text).hasMatch())
            return text.toDouble();
        return text;
    }
    default:
        return QJsonValue::Null;
    }
}

/// A kubeconfig `extensions:` list ({name, extension} entries) as name -> extension.
QJsonObject readExtensions(const KubeYamlNode &node, QStringList *problems)
{
    QJsonObject extensions;
    try {
        const KubeYamlNode list = node["extensions"];
        if (!list || list.isNull())
            return extensions;
        if (!list.isSequence()) {
            problems->append(QStringLiteral("field \"extensions\" must be a list"));
            return extensions;
        }
        for (std::size_t i = 0; i < list.size(); ++i) {
            const KubeYamlNode entry = list.item(i);
            const KubeYamlNode name = entry["name"];
            if (!name || !name.isScalar() || name.scalar().empty()) {
                problems->append(QStringLiteral("an entry of \"extensions\" has no name"));
                continue;
            }
            extensions.insert(fromStd(name.scalar()), yamlToJson(entry["extension"]));
        }
    } catch (const std::exception &) {
        problems->append(QStringLiteral("field \"extensions\" cannot be read"));
    }
    return extensions;
}

QString resolvePath(const QString &path, const QString &baseDir)
{
    if (path.isEmpty() || QDir::isAbsolutePath(path))
        return path;
    return QDir::cleanPath(baseDir + QLatin1Char('/') + path);
}

bool isDns1123Label(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"));
    return text.size() <= 63 && re.match(text).hasMatch();
}

KubeCluster readCluster(const QString &name, const KubeYamlNode &node, const QString &file, const QString &baseDir)
{
    KubeCluster cluster;
    cluster.name = name;
    cluster.sourceFile = file;
    EntryReader reader {node, {}};
    cluster.server = reader.string("server");
    cluster.tlsServerName = reader.string("tls-server-name");
    cluster.insecureSkipTlsVerify = reader.boolean("insecure-skip-tls-verify");
    cluster.certificateAuthority = resolvePath(reader.string("certificate-authority"), baseDir);
    cluster.certificateAuthorityData = reader.base64("certificate-authority-data");
    cluster.proxyUrl = reader.string("proxy-url");
    cluster.disableCompression = reader.boolean("disable-compression");
    cluster.extensions = readExtensions(node, &reader.problems);
    QStringList problems = reader.problems;
    if (cluster.server.isEmpty())
        problems.append(QStringLiteral("no server found for cluster \"%1\"").arg(name));
    if (cluster.insecureSkipTlsVerify
        && (!cluster.certificateAuthority.isEmpty() || !cluster.certificateAuthorityData.isEmpty()))
        problems.append(QStringLiteral("specifying a root certificates file with the insecure flag is not allowed "
                                       "(cluster \"%1\")")
                            .arg(name));
    if (!cluster.proxyUrl.isEmpty()) {
        const QUrl proxy(cluster.proxyUrl);
        const QString scheme = proxy.scheme();
        if (!proxy.isValid() || proxy.host().isEmpty()
            || (scheme != QLatin1String("http") && scheme != QLatin1String("https")
                && scheme != QLatin1String("socks5")))
            problems.append(
                QStringLiteral("proxy-url of cluster \"%1\" must be an http://, https:// or socks5:// URL").arg(name));
    }
    cluster.error = problems.join(QStringLiteral("; "));
    return cluster;
}

KubeUser readUser(const QString &name, const KubeYamlNode &node, const QString &file, const QString &baseDir)
{
    KubeUser user;
    user.name = name;
    user.sourceFile = file;
    EntryReader reader {node, {}};
    user.clientCertificate = resolvePath(reader.string("client-certificate"), baseDir);
    user.clientCertificateData = reader.base64("client-certificate-data");
    user.clientKey = resolvePath(reader.string("client-key"), baseDir);
    user.clientKeyData = reader.base64("client-key-data");
    user.token = reader.string("token");
    user.tokenFile = resolvePath(reader.string("tokenFile"), baseDir);
    user.username = reader.string("username");
    user.password = reader.string("password");
    user.impersonate = reader.string("as");
    user.impersonateUid = reader.string("as-uid");
    user.impersonateGroups = reader.stringList("as-groups");

    const KubeYamlNode extra = reader.map("as-user-extra");
    if (extra.isMap()) {
        for (std::size_t i = 0; i < extra.size(); ++i) {
            const KubeYamlNode itemKey = extra.entry(i).first;
            EntryReader extraReader {extra, {}};
            const QString key = fromStd(itemKey.scalar());
            user.impersonateUserExtra.insert(key, extraReader.stringList(itemKey.scalar().c_str()));
            reader.problems.append(extraReader.problems);
        }
    }

    const KubeYamlNode exec = reader.map("exec");
    if (exec.isMap()) {
        EntryReader execReader {exec, {}};
        KubeUser::Exec config;
        config.command = execReader.string("command");
        if (config.command.contains(QLatin1Char('/')))
            config.command = resolvePath(config.command, baseDir);
        config.args = execReader.stringList("args");
        config.apiVersion = execReader.string("apiVersion");
        config.installHint = execReader.string("installHint");
        config.provideClusterInfo = execReader.boolean("provideClusterInfo");
        config.interactiveMode = execReader.string("interactiveMode");
        try {
            const KubeYamlNode env = exec["env"];
            if (env && !env.isNull()) {
                if (!env.isSequence()) {
                    execReader.problems.append(QStringLiteral("exec env must be a list of name/value pairs"));
                } else {
                    for (std::size_t i = 0; i < env.size(); ++i) {
                        const KubeYamlNode item = env.item(i);
                        EntryReader envReader {item, {}};
                        if (!item.isMap()) {
                            execReader.problems.append(QStringLiteral("exec env must be a list of name/value pairs"));
                            continue;
                        }
                        config.env.append({envReader.string("name"), envReader.string("value")});
                        execReader.problems.append(envReader.problems);
                    }
                }
            }
        } catch (const std::exception &) {
            execReader.problems.append(QStringLiteral("exec env cannot be read"));
        }
        if (config.command.isEmpty())
            execReader.problems.append(QStringLiteral("exec command is missing"));
        const bool v1 = config.apiVersion == QLatin1String("client.authentication.k8s.io/v1");
        const bool v1beta1 = config.apiVersion == QLatin1String("client.authentication.k8s.io/v1beta1");
        if (!v1 && !v1beta1)
            execReader.problems.append(
                QStringLiteral("exec plugin: unsupported apiVersion \"%1\" (use client.authentication.k8s.io/v1 or "
                               "v1beta1)")
                    .arg(config.apiVersion));
        if (config.interactiveMode.isEmpty() && v1beta1)
            config.interactiveMode = QStringLiteral("IfAvailable");
        if (config.interactiveMode.isEmpty() && v1)
            execReader.problems.append(QStringLiteral("interactiveMode must be specified for %1 to use exec "
                                                      "authentication plugin")
                                           .arg(name));
        else if (!config.interactiveMode.isEmpty() && config.interactiveMode != QLatin1String("Never")
            && config.interactiveMode != QLatin1String("IfAvailable")
            && config.interactiveMode != QLatin1String("Always"))
            execReader.problems.append(QStringLiteral("invalid interactiveMode \"%1\"").arg(config.interactiveMode));
        reader.problems.append(execReader.problems);
        user.exec = config;
    }

    const KubeYamlNode provider = reader.map("auth-provider");
    if (provider.isMap()) {
        EntryReader providerReader {provider, {}};
        KubeUser::AuthProvider config;
        config.name = providerReader.string("name");
        const KubeYamlNode providerConfig = providerReader.map("config");
        if (providerConfig.isMap()) {
            for (std::size_t i = 0; i < providerConfig.size(); ++i) {
                const auto [key, value] = providerConfig.entry(i);
                if (value.isScalar())
                    config.config.insert(fromStd(key.scalar()), fromStd(value.scalar()));
            }
        }
        reader.problems.append(providerReader.problems);
        user.authProvider = config;
    }
    QStringList problems = reader.problems;

    // client-go's validation of an AuthInfo.
    const bool hasToken = !user.token.isEmpty() || !user.tokenFile.isEmpty();
    const bool hasBasic = !user.username.isEmpty() || !user.password.isEmpty();
    if (hasToken && hasBasic)
        problems.append(QStringLiteral("more than one authentication method found for %1: token and basic auth; only "
                                       "one is allowed")
                            .arg(name));
    if (user.exec && user.authProvider)
        problems.append(
            QStringLiteral("authProvider cannot be provided in combination with an exec plugin for %1").arg(name));
    const bool hasCert = !user.clientCertificate.isEmpty() || !user.clientCertificateData.isEmpty();
    const bool hasKey = !user.clientKey.isEmpty() || !user.clientKeyData.isEmpty();
    if (hasCert && !hasKey)
        problems.append(QStringLiteral("client-key-data or client-key must be specified for %1 to use the clientCert "
                                       "authentication method")
                            .arg(name));
    if (hasKey && !hasCert)
        problems.append(QStringLiteral("client-cert-data or client-cert must be specified for %1 to use the "
                                       "clientCert authentication method")
                            .arg(name));
    problems.removeDuplicates();
    user.error = problems.join(QStringLiteral("; "));
    return user;
}

KubeContext readContext(const QString &name, const KubeYamlNode &node, const QString &file)
{
    KubeContext context;
    context.name = name;
    context.sourceFile = file;
    EntryReader reader {node, {}};
    context.cluster = reader.string("cluster");
    context.user = reader.string("user");
    context.namespaceName = reader.string("namespace");
    context.error = reader.problems.join(QStringLiteral("; "));
    return context;
}

/// Reads one named list ("clusters", ...): returns false (and sets `error`) when the file is unusable.
template<typename Entry, typename Reader>
bool readNamedList(const KubeYamlNode &root, const char *listKey, const char *entryKey, QMap<QString, Entry> *out,
    QString *error, Reader read)
{
    const KubeYamlNode list = root[listKey];
    if (!list || list.isNull())
        return true;
    if (!list.isSequence()) {
        *error = QStringLiteral("\"%1\" must be a list").arg(QLatin1String(listKey));
        return false;
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
        const KubeYamlNode item = list.item(i);
        if (!item.isMap()) {
            *error = QStringLiteral("an entry of \"%1\" is not a mapping").arg(QLatin1String(listKey));
            return false;
        }
        const KubeYamlNode nameNode = item["name"];
        const QString name = nameNode && nameNode.isScalar() ? fromStd(nameNode.scalar()) : QString();
        if (out->contains(name)) {
            *error = QStringLiteral("duplicate name \"%1\" in \"%2\"").arg(name, QLatin1String(listKey));
            return false;
        }
        const KubeYamlNode body = item[entryKey];
        Entry entry = read(name, body && body.isMap() ? body : KubeYamlNode());
        if (body && !body.isNull() && !body.isMap())
            entry.error = QStringLiteral("\"%1\" of \"%2\" is not a mapping").arg(QLatin1String(entryKey), name);
        out->insert(name, entry);
    }
    return true;
}

} // namespace

KubeConfig KubeConfig::parse(const QByteArray &yaml, const QString &fileName)
{
    KubeConfig config;
    const QString absolute = QFileInfo(fileName).absoluteFilePath();
    const QString baseDir = QFileInfo(absolute).absolutePath();
    config.mFiles.append(absolute);
    const auto fail = [&](const QString &message) {
        KubeConfig broken;
        broken.mFiles.append(absolute);
        broken.mFileErrors.append(FileError {absolute, message});
        return broken;
    };
    if (yaml.trimmed().isEmpty())
        return config;
    // libyaml's event API (KubeYamlDocument): several times faster than yaml-cpp on big kubeconfigs.
    const KubeYamlDocument document(yaml);
    if (document.hasError())
        return fail(QStringLiteral("yaml: line %1: %2").arg(document.errorLine()).arg(document.error()));
    try {
        const KubeYamlNode root = document.root();
        if (!root || root.isNull())
            return config;
        if (!root.isMap())
            return fail(QStringLiteral("the file is not a kubeconfig (expected a mapping at the top)"));
        QString error;
        if (!readNamedList(root, "clusters", "cluster", &config.mClusters, &error,
                [&](const QString &name, const KubeYamlNode &node) {
                    return readCluster(name, node, absolute, baseDir);
                })
            || !readNamedList(root, "users", "user", &config.mUsers, &error,
                [&](const QString &name, const KubeYamlNode &node) { return readUser(name, node, absolute, baseDir); })
            || !readNamedList(root, "contexts", "context", &config.mContexts, &error,
                [&](const QString &name, const KubeYamlNode &node) { return readContext(name, node, absolute); }))
            return fail(error);
        const KubeYamlNode current = root["current-context"];
        if (current && current.isScalar()) {
            config.mCurrentContext = fromStd(current.scalar());
            config.mCurrentContextSet = !config.mCurrentContext.isEmpty();
        } else if (current && !current.isNull()) {
            return fail(QStringLiteral("\"current-context\" must be a string"));
        }
    } catch (const std::exception &e) {
        return fail(fromStd(e.what()));
    }
    for (const KubeCluster &cluster : std::as_const(config.mClusters)) {
        if (cluster.insecureSkipTlsVerify)
            config.mWarnings.append(
                QStringLiteral("Cluster \"%1\" (%2) skips TLS verification (insecure-skip-tls-verify): the server's "
                               "identity is not checked and credentials can be intercepted.")
                    .arg(cluster.name, absolute));
    }
    return config;
}

void KubeConfig::mergeFrom(const KubeConfig &other)
{
    for (auto it = other.mClusters.cbegin(); it != other.mClusters.cend(); ++it) {
        if (!mClusters.contains(it.key()))
            mClusters.insert(it.key(), it.value());
    }
    for (auto it = other.mUsers.cbegin(); it != other.mUsers.cend(); ++it) {
        if (!mUsers.contains(it.key()))
            mUsers.insert(it.key(), it.value());
    }
    for (auto it = other.mContexts.cbegin(); it != other.mContexts.cend(); ++it) {
        if (!mContexts.contains(it.key()))
            mContexts.insert(it.key(), it.value());
    }
    if (!mCurrentContextSet && other.mCurrentContextSet) {
        mCurrentContext = other.mCurrentContext;
        mCurrentContextSet = true;
    }
    mFileErrors.append(other.mFileErrors);
    mWarnings.append(other.mWarnings);
}

QStringList KubeConfig::precedence(const LoadOptions &options)
{
    if (!options.explicitPath.isEmpty())
        return {options.explicitPath};
    const QString env = options.kubeconfigEnv ? *options.kubeconfigEnv : qEnvironmentVariable("KUBECONFIG");
    if (!env.isEmpty()) {
        QStringList result;
        const QStringList parts = env.split(QLatin1Char(':'));
        for (const QString &part : parts) {
            if (!part.isEmpty() && !result.contains(part))
                result.append(part);
        }
        return result;
    }
    QString home = options.homeDir ? *options.homeDir : qEnvironmentVariable("HOME");
    if (home.isEmpty())
        home = QDir::homePath();
    return {home + QStringLiteral("/.kube/config")};
}

KubeConfig KubeConfig::loadFiles(const QStringList &files, bool explicitFile)
{
    KubeConfig merged;
    merged.mExplicit = explicitFile;
    QStringList existing;
    for (const QString &file : files) {
        if (file.isEmpty())
            continue;
        const QString absolute = QFileInfo(file).absoluteFilePath();
        if (!QFileInfo::exists(file)) {
            if (explicitFile)
                merged.mFileErrors.append(
                    FileError {absolute, QStringLiteral("the kubeconfig file \"%1\" does not exist").arg(file)});
            continue;
        }
        existing.append(absolute);
        // Only a regular file of sane size: /dev/zero, a FIFO or a directory must not hang or grow the process.
        QByteArray text;
        QString readError;
        if (!readRegularFile(file, MaxKubeconfigBytes, &text, &readError)) {
            merged.mFileErrors.append(
                FileError {absolute, QStringLiteral("error loading config file \"%1\": %2").arg(file, readError)});
            continue;
        }
        KubeConfig one = parse(text, file);
        for (FileError &error : one.mFileErrors) {
            if (!error.message.startsWith(QLatin1String("error loading config file")))
                error.message = QStringLiteral("error loading config file \"%1\": %2").arg(file, error.message);
        }
        merged.mergeFrom(one);
    }
    merged.mFiles = existing;
    if (explicitFile && !files.isEmpty())
        merged.mWriteTarget = QFileInfo(files.constFirst()).absoluteFilePath();
    else if (!existing.isEmpty())
        merged.mWriteTarget = existing.constFirst();
    else if (!files.isEmpty())
        merged.mWriteTarget = QFileInfo(files.constFirst()).absoluteFilePath();

    // Per-context problems: missing or broken cluster and user entries.
    for (auto it = merged.mContexts.begin(); it != merged.mContexts.end(); ++it) {
        KubeContext &context = it.value();
        QStringList problems;
        if (!context.error.isEmpty())
            problems.append(context.error);
        if (context.name.isEmpty())
            problems.append(QStringLiteral("empty context name is not allowed"));
        if (context.user.isEmpty())
            problems.append(QStringLiteral("user was not specified for context \"%1\"").arg(context.name));
        else if (!merged.mUsers.contains(context.user))
            problems.append(
                QStringLiteral("user \"%1\" was not found for context \"%2\"").arg(context.user, context.name));
        else if (!merged.mUsers.value(context.user).error.isEmpty())
            problems.append(
                QStringLiteral("user \"%1\": %2").arg(context.user, merged.mUsers.value(context.user).error));
        if (context.cluster.isEmpty())
            problems.append(QStringLiteral("cluster was not specified for context \"%1\"").arg(context.name));
        else if (!merged.mClusters.contains(context.cluster))
            problems.append(
                QStringLiteral("cluster \"%1\" was not found for context \"%2\"").arg(context.cluster, context.name));
        else if (!merged.mClusters.value(context.cluster).error.isEmpty())
            problems.append(QStringLiteral("cluster \"%1\": %2")
                                .arg(context.cluster, merged.mClusters.value(context.cluster).error));
        if (!context.namespaceName.isEmpty() && !isDns1123Label(context.namespaceName))
            problems.append(QStringLiteral("namespace \"%1\" for context \"%2\" does not conform to the kubernetes "
                                           "DNS_LABEL rules")
                                .arg(context.namespaceName, context.name));
        problems.removeDuplicates();
        context.error = problems.join(QStringLiteral("; "));
    }
    return merged;
}

KubeConfig KubeConfig::load(const LoadOptions &options)
{
    return loadFiles(precedence(options), !options.explicitPath.isEmpty());
}

QList<KubeContext> KubeConfig::contexts() const
{
    return mContexts.values(); // QMap: sorted by name
}

QStringList KubeConfig::contextNames() const
{
    return mContexts.keys();
}

std::optional<KubeContext> KubeConfig::context(const QString &name) const
{
    const auto it = mContexts.constFind(name);
    if (it == mContexts.constEnd())
        return std::nullopt;
    return it.value();
}

std::optional<KubeCluster> KubeConfig::cluster(const QString &name) const
{
    const auto it = mClusters.constFind(name);
    if (it == mClusters.constEnd())
        return std::nullopt;
    return it.value();
}

std::optional<KubeUser> KubeConfig::user(const QString &name) const
{
    const auto it = mUsers.constFind(name);
    if (it == mUsers.constEnd())
        return std::nullopt;
    return it.value();
}

QList<KubeCluster> KubeConfig::clusters() const
{
    return mClusters.values();
}

QList<KubeUser> KubeConfig::users() const
{
    return mUsers.values();
}

KubeConfig::Resolved KubeConfig::resolve(const QString &contextName) const
{
    Resolved resolved;
    const QString name = contextName.isEmpty() ? mCurrentContext : contextName;
    if (name.isEmpty()) {
        QString where = mFiles.isEmpty() ? QStringLiteral("no kubeconfig file was found")
                                         : QStringLiteral("read: %1").arg(mFiles.join(QStringLiteral(", ")));
        resolved.error = QStringLiteral("No context chosen and the kubeconfig has no current-context (%1). Pass "
                                        "--context or run `kubectl config use-context NAME`.")
                             .arg(where);
        if (!mFileErrors.isEmpty())
            resolved.error += QLatin1Char(' ') + mFileErrors.constFirst().message;
        return resolved;
    }
    const auto context = this->context(name);
    if (!context) {
        resolved.context.name = name;
        resolved.error
            = QStringLiteral("context \"%1\" does not exist in the kubeconfig (%2)")
                  .arg(name, mFiles.isEmpty() ? QStringLiteral("no file found") : mFiles.join(QStringLiteral(", ")));
        if (!mFileErrors.isEmpty())
            resolved.error += QStringLiteral("; also: ") + mFileErrors.constFirst().message;
        return resolved;
    }
    resolved.context = *context;
    if (const auto cluster = this->cluster(context->cluster))
        resolved.cluster = *cluster;
    if (const auto user = this->user(context->user))
        resolved.user = *user;
    if (!context->error.isEmpty())
        resolved.error = QStringLiteral("context \"%1\" (%2): %3").arg(name, context->sourceFile, context->error);
    return resolved;
}

namespace {
QString yamlScalar(const QString &text)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_][A-Za-z0-9_.@/-]*$"));
    static const QRegularExpression special(
        QStringLiteral(
            "^(true|false|yes|no|on|off|null|y|n|~|[-+]?(\\.?[0-9][0-9._:]*([eE][-+]?[0-9]+)?|\\.inf|\\.nan))$"),
        QRegularExpression::CaseInsensitiveOption);
    if (plain.match(text).hasMatch() && !special.match(text).hasMatch())
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}
} // namespace

QString KubeConfig::writeCurrentContext(const QString &contextName)
{
    const QString target = mWriteTarget;
    if (target.isEmpty())
        return QStringLiteral("there is no kubeconfig file to write current-context to");
    QByteArray original;
    QFile file(target);
    if (file.exists()) {
        if (!file.open(QIODevice::ReadOnly))
            return QStringLiteral("cannot read %1: %2").arg(target, file.errorString());
        original = file.readAll();
        file.close();
    }
    QString text = QString::fromUtf8(original);
    const QString line = QStringLiteral("current-context: ") + yamlScalar(contextName);
    static const QRegularExpression existing(
        QStringLiteral("^current-context:[^\\n]*$"), QRegularExpression::MultilineOption);
    const QRegularExpressionMatch match = existing.match(text);
    QByteArray updated;
    if (match.hasMatch()) {
        text.replace(match.capturedStart(), match.capturedLength(), line);
        updated = text.toUtf8();
    } else if (text.trimmed().isEmpty()) {
        updated
            = QStringLiteral("apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\npreferences: {}\n")
                  .toUtf8()
            + line.toUtf8() + '\n';
    } else if (!text.trimmed().startsWith(QLatin1Char('{'))) {
        if (!text.endsWith(QLatin1Char('\n')))
            text += QLatin1Char('\n');
        updated = (text + line + QLatin1Char('\n')).toUtf8();
    } else {
        // A JSON (flow style) kubeconfig: re-emit it; the content stays, the layout does not.
        try {
            YAML::Node root = YAML::Load(original.toStdString());
            root["current-context"] = contextName.toStdString();
            YAML::Emitter emitter;
            emitter << root;
            updated = QByteArray(emitter.c_str()) + '\n';
        } catch (const std::exception &e) {
            return QStringLiteral("cannot update %1: %2").arg(target, fromStd(e.what()));
        }
    }
    // Check the result before replacing the file.
    const KubeConfig check = parse(updated, target);
    if (!check.fileErrors().isEmpty() || check.currentContext() != contextName)
        return QStringLiteral("cannot update current-context in %1 without changing its meaning; edit it by hand")
            .arg(target);
    QSaveFile out(target);
    if (!out.open(QIODevice::WriteOnly))
        return QStringLiteral("cannot write %1: %2").arg(target, out.errorString());
    if (file.exists())
        out.setPermissions(file.permissions());
    else
        out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    out.write(updated);
    if (!out.commit())
        return QStringLiteral("cannot write %1: %2").arg(target, out.errorString());
    mCurrentContext = contextName;
    mCurrentContextSet = !contextName.isEmpty();
    qCInfo(lcKube) << "current-context set to" << contextName << "in" << target;
    return {};
}

void KubeConfig::decodeCertificateAuthorities()
{
    // Contexts of one cluster family often share an authority: decoded once.
    QHash<QByteArray, std::shared_ptr<const KubeCertificateAuthority>> decoded;
    for (KubeCluster &cluster : mClusters) {
        if (cluster.decodedAuthority)
            continue;
        const QByteArray key = cluster.certificateAuthorityData.isEmpty()
            ? QByteArrayLiteral("file:") + cluster.certificateAuthority.toUtf8()
            : QByteArrayLiteral("data:") + cluster.certificateAuthorityData;
        auto &authority = decoded[key];
        if (!authority || !authority->error.isEmpty()) // (errors name the cluster: not shared)
            authority = std::make_shared<const KubeCertificateAuthority>(KubeCertificateAuthority::read(cluster));
        cluster.decodedAuthority = authority;
    }
}
