// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

/// What the troubleshooter read of one side of a replication: a ReplicationSource or ReplicationDestination
/// and the objects of its mover (Jobs, Pods, PVCs, Services, VolumeSnapshots, Events), the names of the Secrets
/// in its namespace, a digest of the keys it uses (never the keys), the tail of its mover's log, and how far
/// the cluster's clock is from this computer's.
struct TroubleshootSide {
    QString role; ///< "source" or "destination"
    QString context;
    QString namespaceName;
    QString kind; ///< "ReplicationSource" or "ReplicationDestination"
    QString name;
    std::optional<QJsonObject> object; ///< the RS/RD (none: it does not exist)
    QJsonObject namespaceObject;
    QList<QJsonObject> jobs;
    QList<QJsonObject> pods;
    QList<QJsonObject> pvcs;
    QList<QJsonObject> services;
    QList<QJsonObject> snapshots;
    QList<QJsonObject> events; ///< about any object above
    QStringList secretNames; ///< the namespace's Secrets (names only)
    QString keySecretName; ///< the key Secret this side uses
    /// SHA-256 over the keys both sides must share (source.pub and destination.pub, or psk.txt); empty when the
    /// Secret or a key is missing.
    QByteArray keyDigest;
    QString moverLog; ///< the newest mover pod's log (its last lines)
    QString previousMoverLog; ///< the run before the last restart in place
    QString moverPod; ///< the pod those logs are of
    std::optional<qint64> clockOffsetMs; ///< the API server's clock minus this computer's
    QStringList readErrors; ///< what could not be read

    [[nodiscard]] bool isSource() const { return role == QLatin1String("source"); }
    /// rsyncTLS (from the object's spec), else rsync over SSH.
    [[nodiscard]] bool isRsyncTls() const;
    /// "ReplicationSource demo/web in cluster kind".
    [[nodiscard]] QString describe() const;
    /// Events about the object called `name` (of `kind` when given), newest last.
    [[nodiscard]] QList<QJsonObject> eventsAbout(const QString &name, const QString &kind = {}) const;
    /// What VolSync kept of the last mover run (status.latestMoverStatus.logs); empty without an object.
    [[nodiscard]] QString keptMoverLog() const;
    /// The mover Job of this side: the newest one it owns, else the name VolSync will give it.
    [[nodiscard]] QString moverJobName() const;
    /// The name VolSync gives the mover Job of an RS (`source`) or RD called `objectName`.
    [[nodiscard]] static QString moverJobName(bool rsyncTls, bool source, const QString &objectName);
};

/// Both sides of a relationship (or one unmanaged RS/RD) as read at one time.
struct TroubleshootSnapshot {
    QString relationship; ///< empty for an unmanaged object: fixes are then manual steps
    QString schedule; ///< the relationship's schedule (what an Apply fix keeps)
    std::optional<TroubleshootSide> source;
    std::optional<TroubleshootSide> destination;
    QDateTime takenAt;
};
