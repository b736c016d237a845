// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "replicationrelationship.h"
#include "replicationsettings.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

/// Builds what a relationship puts into its clusters: the ReplicationDestination, the key Secret copied to
/// the source, the ReplicationSource and (Direct/None) the destination PVC, and the relationship's sides
/// from the settings of set-source/set-destination. The apply job and the wizard's preview and dry run
/// use these functions only, so what is previewed is what is applied.
class ReplicationObjectBuilder
{
public:
    /// set-source: the source side for `settings`. The RS name is `settings.rsName` when given, else kept
    /// while the PVC stays the same (`old`), else `<pvc>-<5 random characters>`.
    [[nodiscard]] static ReplicationSourceSide sourceSide(
        const SourceSettings &settings, const std::optional<ReplicationSourceSide> &old);
    /// set-destination: the destination side for `settings`.
    [[nodiscard]] static ReplicationDestinationSide destinationSide(const DestinationSettings &settings);
    /// A new ReplicationSource name for a PVC, as upstream draws it: `<pvc>-<5 random characters>`.
    [[nodiscard]] static QString newSourceName(const QString &pvcName);
    /// A PVC's requested size (spec.resources.requests.storage) and its access modes (spec.accessModes).
    [[nodiscard]] static QString requestedSize(const QJsonObject &pvc);
    [[nodiscard]] static QStringList accessModes(const QJsonObject &pvc);

    /// What apply fills in from the source PVC: a Snapshot destination takes the source's capacity and access
    /// modes when it has none; a Direct/None destination receives the data in the PVC named like the RD.
    static void completeDestination(ReplicationDestinationSide *destination, const QJsonObject &sourcePvc);
    /// The PVC a Direct/None destination creates when it is missing (sized and moded like the source).
    [[nodiscard]] static QJsonObject destinationPvc(
        const ReplicationDestinationSide &destination, const QJsonObject &sourcePvc);

    /// `volsync.backube/relationship: <id>`, on every object.
    [[nodiscard]] static QJsonObject labels(const ReplicationRelationship &relationship);
    [[nodiscard]] static QJsonObject replicationDestination(const ReplicationRelationship &relationship);
    /// The copy of the destination's key Secret in the source namespace, holding `data`.
    [[nodiscard]] static QJsonObject keySecret(const ReplicationRelationship &relationship, const QJsonObject &data);
    /// The ReplicationSource, sending to `address` (the RD's published address).
    [[nodiscard]] static QJsonObject replicationSource(
        const ReplicationRelationship &relationship, const QString &address);

    /// The keys VolSync puts into the destination's key Secret: `source`, `source.pub`, `destination.pub`
    /// (rsync over SSH) or `psk.txt` (rsync-TLS).
    [[nodiscard]] static QStringList keySecretKeys(bool rsyncTls);
    /// Before the first apply the keys are not known (VolSync generates them on the destination): the key
    /// Secret with those keys and empty values, for preview and dry run.
    [[nodiscard]] static QJsonObject keySecretPreview(const ReplicationRelationship &relationship);
    /// Stands for the RD's address before it is published (preview and dry run only).
    [[nodiscard]] static QString addressPlaceholder();
    /// The mask shown instead of every Secret value.
    [[nodiscard]] static QString maskedValue();
    /// `secret` with every `data`/`stringData` value replaced by maskedValue().
    [[nodiscard]] static QJsonObject masked(QJsonObject secret);
};
