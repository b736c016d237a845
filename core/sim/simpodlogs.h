// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QString>

#include <optional>

class SimStore;

/// What a pods/log request asks for (kube-apiserver's PodLogOptions).
struct SimPodLogOptions {
    QString container;
    bool previous = false;
    bool follow = false;
    std::optional<qint64> tailLines;
    std::optional<qint64> limitBytes;
};

/// A pods/log request with follow=true on a running container: the server streams it (SimPodLogStream).
struct SimPodLogFollow {
    QString ns;
    QString pod;
    SimPodLogOptions options;
};

/// The container logs of one simulated cluster (what the kubelet keeps): the current run of each container and
/// the previous one (after a restart in place), kept beside the store and dropped with their pod. The simulated
/// operator writes here; the API server's pods/log subresource reads here, and follows appended() while the
/// container runs.
class SimPodLogs : public QObject
{
    Q_OBJECT
public:
    /// The logs of `store`'s cluster (created on first use, owned by the store).
    [[nodiscard]] static SimPodLogs *of(SimStore *store);

    /// Appends to the running container's log (text as the container wrote it, any bytes).
    void append(const QString &ns, const QString &pod, const QString &container, const QByteArray &text);
    /// The container stopped (crashed or finished): followers end.
    void terminate(const QString &ns, const QString &pod, const QString &container);
    /// The container restarts in place: the current log becomes the previous one, a new one starts.
    void restart(const QString &ns, const QString &pod, const QString &container);
    /// The pod is gone with its logs.
    void removePod(const QString &ns, const QString &pod);

    [[nodiscard]] bool hasLog(const QString &ns, const QString &pod, const QString &container, bool previous) const;
    [[nodiscard]] bool isRunning(const QString &ns, const QString &pod, const QString &container) const;
    /// The log as the options select it (tailLines, then limitBytes).
    [[nodiscard]] QByteArray read(const QString &ns, const QString &pod, const SimPodLogOptions &options) const;
    /// The last `lines` lines of `text` (all when negative).
    [[nodiscard]] static QByteArray tail(const QByteArray &text, qint64 lines);

Q_SIGNALS:
    void appended(const QString &ns, const QString &pod, const QString &container, const QByteArray &text);
    void terminated(const QString &ns, const QString &pod, const QString &container);
    void podRemoved(const QString &ns, const QString &pod);

private:
    explicit SimPodLogs(QObject *parent);
    struct ContainerLog {
        QByteArray current;
        std::optional<QByteArray> previous;
        bool running = true;
    };
    [[nodiscard]] static QString key(const QString &ns, const QString &pod, const QString &container);

    QHash<QString, ContainerLog> mLogs; ///< "ns/pod/container"
};
