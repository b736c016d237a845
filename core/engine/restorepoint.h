// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QVariantMap>

/// One VolumeSnapshot of a relationship's destination that a failover or a test can restore: the destination's
/// latest image, or one kept with volsync.backube/do-not-delete (or released after that, and not yet deleted).
struct RestorePoint {
    QString cluster; ///< the destination's context
    QString namespaceName;
    QString name; ///< the VolumeSnapshot
    QDateTime creationTime; ///< status.creationTime (UTC), else the object's creationTimestamp
    QString restoreSize; ///< status.restoreSize ("3Gi"); empty while unknown
    bool readyToUse = false;
    bool latest = false; ///< the destination's status.latestImage
    bool kept = false; ///< labelled volsync.backube/do-not-delete: VolSync will not delete it
    /// Labelled by a failover or test that restores from it right now (ours to release afterwards).
    QString restoringFor;

    /// Reads a VolumeSnapshot object; `latestImage` is the destination's status.latestImage.name.
    [[nodiscard]] static RestorePoint fromSnapshot(
        const QString &cluster, const QJsonObject &snapshot, const QString &latestImage);
    /// Whether `snapshot` belongs to the destination `rdName` (owned by it, or taken of its PVC `pvcName`).
    [[nodiscard]] static bool belongsTo(const QJsonObject &snapshot, const QString &rdName, const QString &pvcName);
    /// "latest", "kept", "released" (neither: VolSync no longer deletes it, the user may).
    [[nodiscard]] QString state() const;
    [[nodiscard]] QVariantMap toVariantMap() const;

    /// `volsync-desktop/restoring-for`: the label our operations put on a snapshot, beside do-not-delete, while a
    /// PVC is restored from it (value: the PVC's name), so that a rerun knows the do-not-delete label is ours.
    [[nodiscard]] static QString restoringLabel();

    bool operator==(const RestorePoint &) const = default;
};

using RestorePoints = QList<RestorePoint>;

Q_DECLARE_METATYPE(RestorePoint)
