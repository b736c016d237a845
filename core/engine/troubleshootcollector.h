// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "troubleshootsnapshot.h"

#include <QObject>
#include <QPointer>

class KubeReply;
class KubeSession;
struct ReplicationRelationship;

/// One RS or RD to read, and which side of the replication it is.
struct TroubleshootTarget {
    QString role; ///< "source" or "destination"
    QString context;
    QString namespaceName;
    QString kind; ///< "ReplicationSource" or "ReplicationDestination"
    QString name;
};

/// Reads what the troubleshooter needs of each target, from every cluster in parallel: the RS/RD, its
/// namespace, the mover Jobs and Pods it owns (named as VolSyncNames says, and owned by controller reference;
/// the Job controller owns the pods and labels them job-name), the PVCs and
/// Services it uses or owns, its VolumeSnapshots, the Events about all of them, a digest of its key Secret and
/// the tail of its newest mover pod's log (and of the previous run after a restart in place). Emits finished()
/// once, with what could be read (what could not is in each side's readErrors).
class TroubleshootCollector : public QObject
{
    Q_OBJECT
public:
    TroubleshootCollector(KubeSession *session, const QList<TroubleshootTarget> &targets, QObject *parent = nullptr);

    /// The targets of both sides of a relationship (those that are defined).
    [[nodiscard]] static QList<TroubleshootTarget> targetsFor(const ReplicationRelationship &relationship);

    /// The relationship the snapshot is of (its fixes then apply it again), and its schedule.
    void setRelationship(const QString &name, const QString &schedule);
    /// Lines of mover log read from the end (default 200), and the byte bound of each log read (64 KiB).
    void setLogBounds(qint64 tailLines, qint64 limitBytes);

    void start();
    [[nodiscard]] const TroubleshootSnapshot &snapshot() const { return mSnapshot; }

Q_SIGNALS:
    void finished();

private:
    struct Pending;
    void readSide(int index, const TroubleshootTarget &target);
    void onSideListed(int index);
    void readLogs(int index);
    void readLog(int index, const QString &pod, const QString &container, bool previous);
    void track(KubeReply *reply);
    void done();
    TroubleshootSide &side(int index);

    QPointer<KubeSession> mSession;
    QList<TroubleshootTarget> mTargets;
    TroubleshootSnapshot mSnapshot;
    QList<QHash<QString, QList<QJsonObject>>> mListed; ///< per target: resource -> objects of the namespace
    int mPending = 0;
    qint64 mTailLines = 200;
    qint64 mLimitBytes = 64 * 1024;
    bool mStarted = false;
    bool mFinished = false;
};
