// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "kube/kubeconfig.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QPointer>
#include <QStringList>

class ClusterSession;
class KubeClient;
class KubeConfigLoader;
class KubeReply;
struct KubeRequestRecord;
class QFileSystemWatcher;
class QTimer;

/// Every context of the merged kubeconfig (kubectl's file rules), one row each, plus one row per file
/// that could not be read. Broken entries keep their row and show their error; the rest stay usable.
/// Reachability and the server version are checked in the background (GET /version, never blocking), on
/// demand: the current context by itself, others when requestCheck() asks (the GUI asks for the rows it shows),
/// at most MaxParallelChecks at once, each with a client that lives only as long as its check. A kubeconfig of
/// 1,000 contexts thus makes a handful of clients, not 1,000. Files are read again on a worker thread when one
/// changes and on reload().
class ContextsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, ClusterColumn, ServerColumn, UserColumn, NamespaceColumn, StatusColumn, ColumnCount };
    Q_ENUM(Column)

    /// What is known about a row's connection.
    enum class Reachability {
        Unknown, ///< not checked (checks off)
        Checking,
        Reachable,
        Unreachable, ///< the server did not answer or refused us
        Broken, ///< the entry (or its file) cannot be used at all
    };
    Q_ENUM(Reachability)

    enum Role {
        ContextNameRole = Qt::UserRole + 1, ///< QString; empty for a file-error row
        IsCurrentRole, ///< bool
        ErrorRole, ///< QString: why the entry cannot be used, or why the server is unreachable
        ReachabilityRole, ///< int (Reachability)
        ServerVersionRole, ///< QString ("v1.29.2"), empty until known
        SourceFileRole, ///< QString
        IsFileErrorRow, ///< bool
    };
    Q_ENUM(Role)

    explicit ContextsModel(QObject *parent = nullptr);
    ~ContextsModel() override;

    /// Which files to read (as `--kubeconfig` / KUBECONFIG); reloads.
    void setLoadOptions(const KubeConfig::LoadOptions &options);
    [[nodiscard]] KubeConfig::LoadOptions loadOptions() const { return mOptions; }
    /// Uses a kubeconfig already loaded with `options` (by KubeConfigLoader, off the GUI thread): no file is read.
    /// `filesDigest`: KubeConfigLoader::digestOf(config.files()), as the loader computed it.
    void setConfig(
        const KubeConfig::LoadOptions &options, const KubeConfig &config, const QByteArray &filesDigest = {});
    /// Uses the kubeconfig `session` read, as it read it (no file is read).
    void setConfig(const ClusterSession &session);
    /// Reads the files again on a worker thread (as when a file changes), then checks again what was checked;
    /// reloaded() follows.
    void reload();
    /// Whether a reload() (or a reload after a file change) is reading the files now.
    [[nodiscard]] bool isLoading() const;
    /// KubeConfigLoader::digestOf(config().files()) as it was read (empty when not known).
    [[nodiscard]] QByteArray filesDigest() const { return mFilesDigest; }
    /// Background reachability checks (on by default). Turning them on checks the current context.
    void setCheckReachability(bool check);
    /// Checks these contexts (those not checked or being checked yet) when checks are on.
    void requestCheck(const QStringList &contextNames);
    /// Checks again every context checked so far, and the current one.
    void recheck();
    /// Reachability checks running at once, at most (the others wait their turn).
    static constexpr int MaxParallelChecks = 4;
    /// Checks on the wire now (diagnostics and tests).
    [[nodiscard]] int runningChecks() const { return mRunningChecks; }
    /// Timeout of one reachability check (default 5 s).
    void setCheckTimeoutMs(int timeoutMs) { mCheckTimeoutMs = timeoutMs; }

    /// The kubeconfig as read (for the engine and tests; the GUI uses the functions below and reconnect(), and
    /// gui_has_no_kube fails when it calls this).
    [[nodiscard]] const KubeConfig &config() const { return mConfig; }
    /// Makes `session`'s clients anew from the kubeconfig as this model read it (on a worker thread, earlier): no
    /// file is read, and the GUI hands it over without holding Kubernetes types.
    void reconnect(ClusterSession *session) const;
    /// The kubeconfig files that were read, in precedence order.
    [[nodiscard]] QStringList files() const { return mConfig.files(); }
    /// The files kubectl would read with these load options (also missing ones: the first-run page lists them).
    [[nodiscard]] QStringList searchedFiles() const;
    /// What the reader warned about (unknown fields, ...).
    [[nodiscard]] QStringList warnings() const { return mConfig.warnings(); }
    [[nodiscard]] int contextCount() const { return int(mConfig.contexts().size()); }
    /// Something wrong in the kubeconfig as read: a file that could not be read (`error`, no context), or a
    /// context that cannot be used.
    struct LoadProblem {
        QString context;
        QString message;
        bool error = false;
    };
    [[nodiscard]] QList<LoadProblem> loadProblems() const;
    /// The files being watched (those kubectl would read).
    [[nodiscard]] QStringList watchedFiles() const;
    /// Row of a context name, -1 when absent.
    [[nodiscard]] int rowOf(const QString &contextName) const;
    /// Whether there is nothing to show at all (no file, no context): the first-run case.
    [[nodiscard]] bool isEmpty() const { return mRows.isEmpty(); }

    [[nodiscard]] int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// A person-readable text for a reachability state.
    [[nodiscard]] static QString reachabilityText(Reachability reachability);

Q_SIGNALS:
    /// The files were (re)read.
    void reloaded();
    /// A reachability check finished (the row's data changed too).
    void reachabilityChanged(const QString &contextName, ContextsModel::Reachability reachability);
    /// KubeClient::requestObserved() of the reachability checks.
    void requestObserved(const KubeRequestRecord &record);

private:
    struct Row {
        QString context;
        QString cluster;
        QString server;
        QString user;
        QString namespaceName;
        QString sourceFile;
        QString error;
        bool current = false;
        bool fileError = false;
        Reachability reachability = Reachability::Unknown;
        QString serverVersion;
    };

    void rebuild();
    void updateWatches();
    void checkRow(int row);
    void startChecks();
    void finishCheck(int row, const KubeReply *reply);
    void stopChecks();
    void scheduleReload();
    void apply(const KubeConfig &config, const QByteArray &filesDigest);

    KubeConfig::LoadOptions mOptions;
    KubeConfig mConfig;
    QList<Row> mRows;
    QFileSystemWatcher *mWatcher = nullptr;
    QTimer *mReloadTimer = nullptr;
    KubeConfigLoader *mLoader = nullptr;
    QByteArray mFilesDigest;
    QStringList mCheckQueue; ///< contexts waiting for a check, in order
    QList<QPointer<KubeClient>> mCheckClients; ///< one per running check, deleted when it ends
    int mRunningChecks = 0;
    bool mRecheckOnLoad = false; ///< reload() asked: what was checked is checked again
    bool mCheck = true;
    int mCheckTimeoutMs = 5000;
    quint64 mGeneration = 0;
};
