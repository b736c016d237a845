// SPDX-License-Identifier: GPL-3.0-or-later
#include "contextsmodel.h"

#include "common/redaction.h"

#include "common/logging.h"
#include "engine/clustersession.h"
#include "kube/kubeclient.h"
#include "kube/kubeconfigloader.h"
#include "kube/kubereply.h"

#include <QDir>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QTimer>

#include <utility>

ContextsModel::ContextsModel(QObject *parent)
    : QAbstractTableModel(parent)
    , mWatcher(new QFileSystemWatcher(this))
    , mReloadTimer(new QTimer(this))
    , mLoader(new KubeConfigLoader(this))
{
    mReloadTimer->setSingleShot(true);
    mReloadTimer->setInterval(150);
    // A changed file is read on a worker thread: a big kubeconfig does not stall the GUI.
    connect(mReloadTimer, &QTimer::timeout, this, [this] { mLoader->start(mOptions); });
    connect(mLoader, &KubeConfigLoader::loaded, this, &ContextsModel::apply);
    // What it reads may become the session's (reconnect()): its clients then find the authorities decoded.
    mLoader->setDecodeCertificateAuthorities(true);
    connect(mWatcher, &QFileSystemWatcher::fileChanged, this, &ContextsModel::scheduleReload);
    connect(mWatcher, &QFileSystemWatcher::directoryChanged, this, &ContextsModel::scheduleReload);
}

ContextsModel::~ContextsModel() = default;

void ContextsModel::setLoadOptions(const KubeConfig::LoadOptions &options)
{
    mOptions = options;
    const KubeConfig config = KubeConfig::load(mOptions);
    apply(config, KubeConfigLoader::digestOf(config.files()));
}

void ContextsModel::scheduleReload()
{
    mReloadTimer->start();
}

void ContextsModel::setConfig(
    const KubeConfig::LoadOptions &options, const KubeConfig &config, const QByteArray &filesDigest)
{
    mOptions = options;
    apply(config, filesDigest);
}

void ContextsModel::setConfig(const ClusterSession &session)
{
    setConfig(session.loadOptions(), session.config(), session.filesDigest());
}

void ContextsModel::reconnect(ClusterSession *session) const
{
    session->reload(mConfig, mFilesDigest);
}

QStringList ContextsModel::searchedFiles() const
{
    return KubeConfig::precedence(mOptions);
}

QList<ContextsModel::LoadProblem> ContextsModel::loadProblems() const
{
    QList<LoadProblem> problems;
    const QList<KubeConfig::FileError> fileErrors = mConfig.fileErrors();
    for (const KubeConfig::FileError &error : fileErrors)
        problems.append({QString(), error.file + QStringLiteral(": ") + error.message, true});
    const QList<KubeContext> contexts = mConfig.contexts();
    for (const KubeContext &context : contexts) {
        const KubeConfig::Resolved resolved = mConfig.resolve(context.name);
        if (!resolved.isValid())
            problems.append({context.name, resolved.error, false});
    }
    return problems;
}

void ContextsModel::reload()
{
    mReloadTimer->stop();
    mRecheckOnLoad = true;
    mLoader->start(mOptions);
}

bool ContextsModel::isLoading() const
{
    return mLoader->isLoading();
}

void ContextsModel::apply(const KubeConfig &config, const QByteArray &filesDigest)
{
    mReloadTimer->stop();
    mConfig = config;
    mFilesDigest = filesDigest;
    rebuild();
    updateWatches();
    if (std::exchange(mRecheckOnLoad, false)) {
        recheck();
    }
    Q_EMIT reloaded();
}

QStringList ContextsModel::watchedFiles() const
{
    return mWatcher->files();
}

void ContextsModel::updateWatches()
{
    if (!mWatcher->files().isEmpty()) {
        mWatcher->removePaths(mWatcher->files());
    }
    if (!mWatcher->directories().isEmpty()) {
        mWatcher->removePaths(mWatcher->directories());
    }
    QStringList files;
    QStringList dirs;
    const QStringList candidates = KubeConfig::precedence(mOptions);
    bool appeared = false;
    for (const QString &file : candidates) {
        if (QFileInfo::exists(file)) {
            files.append(file);
            // Created while the files were being read (before this watch): read again.
            appeared = appeared || !mConfig.files().contains(QFileInfo(file).absoluteFilePath());
        }
        // Editors and kubectl replace files by renaming: watching the folder catches that, and a file
        // that appears later.
        const QString dir = QFileInfo(file).absolutePath();
        if (QFileInfo(dir).isDir() && !dirs.contains(dir)) {
            dirs.append(dir);
        }
    }
    if (!files.isEmpty()) {
        mWatcher->addPaths(files);
    }
    if (!dirs.isEmpty()) {
        mWatcher->addPaths(dirs);
    }
    if (appeared) {
        scheduleReload();
    }
}

void ContextsModel::stopChecks()
{
    ++mGeneration;
    for (const QPointer<KubeClient> &client : std::as_const(mCheckClients)) {
        if (client) {
            client->deleteLater();
        }
    }
    mCheckClients.clear();
    mCheckQueue.clear();
    mRunningChecks = 0;
}

void ContextsModel::rebuild()
{
    stopChecks();

    // Keep what is known about unchanged contexts so that a reload does not flash "checking".
    QHash<QString, Row> previous;
    for (const Row &row : std::as_const(mRows)) {
        if (!row.fileError) {
            previous.insert(row.context, row);
        }
    }

    beginResetModel();
    mRows.clear();
    const QList<KubeContext> contexts = mConfig.contexts();
    for (const KubeContext &context : contexts) {
        Row row;
        row.context = context.name;
        row.cluster = context.cluster;
        row.user = context.user;
        row.namespaceName = context.effectiveNamespace();
        row.sourceFile = context.sourceFile;
        row.current = context.name == mConfig.currentContext();
        const KubeConfig::Resolved resolved = mConfig.resolve(context.name);
        row.server = resolved.cluster.server;
        if (!resolved.isValid()) {
            row.error = resolved.error;
            row.reachability = Reachability::Broken;
        } else if (previous.contains(context.name) && previous.value(context.name).server == row.server) {
            // A check that was running or waiting starts again below if asked for again.
            const Reachability known = previous.value(context.name).reachability;
            row.reachability = known == Reachability::Checking ? Reachability::Unknown : known;
            row.serverVersion = previous.value(context.name).serverVersion;
            row.error = previous.value(context.name).error;
        }
        mRows.append(row);
    }
    const QList<KubeConfig::FileError> fileErrors = mConfig.fileErrors();
    for (const KubeConfig::FileError &fileError : fileErrors) {
        Row row;
        row.context = QString();
        row.sourceFile = fileError.file;
        row.error = fileError.message;
        row.fileError = true;
        row.reachability = Reachability::Broken;
        mRows.append(row);
    }
    endResetModel();

    if (mCheck) {
        const int current = rowOf(mConfig.currentContext());
        if (current >= 0 && mRows.at(current).reachability == Reachability::Unknown) {
            checkRow(current);
        }
    }
}

void ContextsModel::setCheckReachability(bool check)
{
    if (mCheck == check) {
        return;
    }
    mCheck = check;
    if (!mCheck) {
        // Nothing runs or waits any more; what is not known yet says so.
        stopChecks();
        for (int i = 0; i < mRows.size(); ++i) {
            if (mRows.at(i).reachability == Reachability::Checking) {
                mRows[i].reachability = Reachability::Unknown;
                Q_EMIT dataChanged(index(i, 0), index(i, ColumnCount - 1));
            }
        }
        return;
    }
    const int current = rowOf(mConfig.currentContext());
    if (current >= 0 && mRows.at(current).reachability == Reachability::Unknown) {
        checkRow(current);
    }
}

void ContextsModel::requestCheck(const QStringList &contextNames)
{
    if (!mCheck) {
        return;
    }
    for (const QString &name : contextNames) {
        const int r = rowOf(name);
        if (r >= 0 && mRows.at(r).reachability == Reachability::Unknown) {
            checkRow(r);
        }
    }
}

void ContextsModel::recheck()
{
    if (!mCheck) {
        return;
    }
    const QString current = mConfig.currentContext();
    for (int i = 0; i < mRows.size(); ++i) {
        const Reachability known = mRows.at(i).reachability;
        if (known == Reachability::Reachable || known == Reachability::Unreachable
            || (known == Reachability::Unknown && !mRows.at(i).fileError && mRows.at(i).context == current)) {
            checkRow(i);
        }
    }
}

void ContextsModel::checkRow(int rowIndex)
{
    Row &row = mRows[rowIndex];
    if (row.fileError || row.reachability == Reachability::Broken || row.reachability == Reachability::Checking) {
        return;
    }
    row.reachability = Reachability::Checking; // also while it waits for its turn
    Q_EMIT dataChanged(index(rowIndex, 0), index(rowIndex, ColumnCount - 1));
    mCheckQueue.append(row.context);
    startChecks();
}

void ContextsModel::startChecks()
{
    while (mRunningChecks < MaxParallelChecks && !mCheckQueue.isEmpty()) {
        const QString contextName = mCheckQueue.takeFirst();
        if (rowOf(contextName) < 0) {
            continue;
        }
        // A client for this check only: it goes with its connection when the check ends.
        auto *client = new KubeClient(mConfig, contextName, this);
        KubeClient::RetryPolicy policy;
        policy.maxRetries = 0;
        client->setRetryPolicy(policy);
        client->setDefaultTimeoutMs(mCheckTimeoutMs);
        connect(client, &KubeClient::requestObserved, this, &ContextsModel::requestObserved);
        mCheckClients.append(client);
        ++mRunningChecks;
        const quint64 generation = mGeneration;
        KubeReply *reply = client->version();
        connect(reply, &KubeReply::finished, this, [this, reply, client, contextName, generation]() {
            if (generation != mGeneration) {
                return;
            }
            --mRunningChecks;
            mCheckClients.removeAll(QPointer<KubeClient>(client));
            client->deleteLater();
            const int r = rowOf(contextName);
            if (r >= 0) {
                finishCheck(r, reply);
            }
            startChecks();
        });
    }
}

void ContextsModel::finishCheck(int r, const KubeReply *reply)
{
    Row &target = mRows[r];
    if (reply->isOk()) {
        target.reachability = Reachability::Reachable;
        target.serverVersion = reply->json().value(QLatin1String("gitVersion")).toString();
        target.error.clear();
    } else {
        target.reachability = Reachability::Unreachable;
        target.serverVersion.clear();
        target.error = reply->error().personMessage();
        qCDebug(lcUi) << "context" << target.context << "unreachable:" << target.error;
    }
    Q_EMIT dataChanged(index(r, 0), index(r, ColumnCount - 1));
    Q_EMIT reachabilityChanged(target.context, target.reachability);
}

int ContextsModel::rowOf(const QString &contextName) const
{
    for (int i = 0; i < mRows.size(); ++i) {
        if (!mRows.at(i).fileError && mRows.at(i).context == contextName) {
            return i;
        }
    }
    return -1;
}

int ContextsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(mRows.size());
}

int ContextsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ContextsModel::reachabilityText(Reachability reachability)
{
    switch (reachability) {
    case Reachability::Unknown:
        return tr("not checked");
    case Reachability::Checking:
        return tr("checking…");
    case Reachability::Reachable:
        return tr("reachable");
    case Reachability::Unreachable:
        return tr("unreachable");
    case Reachability::Broken:
        return tr("broken entry");
    }
    return QString();
}

QVariant ContextsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return QVariant();
    }
    const Row &row = mRows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            if (row.fileError) {
                return QFileInfo(row.sourceFile).fileName();
            }
            return row.current ? row.context + QStringLiteral(" ") + tr("(current)") : row.context;
        case ClusterColumn:
            return row.cluster;
        case ServerColumn:
            return redactUrl(row.server); // never show a password from the server URL
        case UserColumn:
            return row.user;
        case NamespaceColumn:
            return row.namespaceName;
        case StatusColumn:
            if (row.reachability == Reachability::Reachable && !row.serverVersion.isEmpty()) {
                return tr("reachable (%1)").arg(row.serverVersion.section(QLatin1Char('-'), 0, 0));
            }
            if (row.fileError) {
                return tr("file cannot be read");
            }
            return reachabilityText(row.reachability);
        }
        break;
    case Qt::ToolTipRole:
        if (!row.error.isEmpty()) {
            return row.error;
        }
        return tr("Defined in %1").arg(row.sourceFile);
    case Qt::FontRole:
        break;
    case ContextNameRole:
        return row.context;
    case IsCurrentRole:
        return row.current;
    case ErrorRole:
        return row.error;
    case ReachabilityRole:
        return int(row.reachability);
    case ServerVersionRole:
        return row.serverVersion;
    case SourceFileRole:
        return row.sourceFile;
    case IsFileErrorRow:
        return row.fileError;
    }
    return QVariant();
}

QVariant ContextsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case NameColumn:
        return tr("Context");
    case ClusterColumn:
        return tr("Cluster");
    case ServerColumn:
        return tr("Server");
    case UserColumn:
        return tr("User");
    case NamespaceColumn:
        return tr("Namespace");
    case StatusColumn:
        return tr("Status");
    }
    return QVariant();
}
