// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "replicationrelationship.h"

#include <QObject>
#include <QPointer>

#include <optional>

class KubeInformerView;
class KubeSession;

/// The live sizes of a relationship's two volumes: the source PVC, and the destination's volume (the PVC VolSync
/// keeps for a Snapshot destination, or the Direct/None destination PVC). Read from the session's shared PVC
/// informers (one watch per cluster, however many relationships are shown), so a resize or a new destination
/// volume shows at once. A size that cannot be read is empty; the destination then falls back to the capacity
/// the file asks for (destinationIsPlanned()).
class VolumeCapacityMonitor : public QObject
{
    Q_OBJECT
public:
    VolumeCapacityMonitor(KubeSession *session, const ReplicationRelationship &relationship, QObject *parent = nullptr);
    ~VolumeCapacityMonitor() override;

    [[nodiscard]] QString relationshipName() const { return mRelationship.name; }
    /// Whether `relationship` names the same volumes as the one watched (else make a new monitor).
    [[nodiscard]] bool watchesVolumesOf(const ReplicationRelationship &relationship) const;

    /// Both sides' informers have listed (sizes are known or known to be missing).
    [[nodiscard]] bool isReady() const;
    [[nodiscard]] QString sourceSize() const { return mSourceSize; }
    [[nodiscard]] QString destinationSize() const { return mDestinationSize; }
    [[nodiscard]] bool destinationIsPlanned() const { return mDestinationPlanned; }
    /// A destination smaller than its source, in words (RelationshipPreflight::capacityProblem).
    [[nodiscard]] std::optional<QString> problem() const;

    /// The PVC that holds the destination's data: volsync-<rd>-dst for Snapshot, else the destination PVC.
    [[nodiscard]] static QString destinationVolume(const ReplicationDestinationSide &destination);
    /// The provisioned size of `pvc`, else the requested one.
    [[nodiscard]] static QString sizeOf(const QJsonObject &pvc);

Q_SIGNALS:
    /// A size changed, or the informers listed.
    void changed();

private:
    KubeInformerView *makeView(const QString &cluster, const QString &ns, const QString &pvc);
    void recompute();

    QPointer<KubeSession> mSession;
    ReplicationRelationship mRelationship;
    KubeInformerView *mSourceView = nullptr;
    KubeInformerView *mDestinationView = nullptr;
    QString mSourceSize;
    QString mDestinationSize;
    bool mDestinationPlanned = false;
};
