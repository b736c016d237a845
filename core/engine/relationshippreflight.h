// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clusterinventory.h"
#include "draftfinding.h"
#include "privilegedmovers.h"
#include "replicationrelationship.h"

#include <QList>
#include <QString>

class RelationshipDraft;

/// The checks of a RelationshipDraft before anything is applied, shared by the setup wizard (each page shows the
/// findings about its fields and goes on only without errors), the CLI (the same rules on its flags) and the
/// dry run. Also the source advice: which volumes to offer first and what to say about the others.
class RelationshipPreflight
{
public:
    /// What the checks may look at besides the draft; every part is optional (the CLI has no inventory).
    struct Context {
        const ClusterInventory *source = nullptr;
        const ClusterInventory *destination = nullptr;
        /// The relationships that exist (to refuse a taken name and to mark PVCs already replicated).
        QList<ReplicationRelationship> relationships;
        /// The kubeconfig's current-context (sides stored with an empty cluster are there).
        QString currentContext;
        /// The source PVC's requested size when no inventory knows it (the CLI reads the PVC).
        QString sourceSize;
    };

    /// One PVC as the source page offers it.
    struct SourceChoice {
        ClusterInventory::Pvc pvc;
        QString note; ///< why it is not a good source (empty when it is)
        [[nodiscard]] bool isRecommended() const { return note.isEmpty(); }
    };

    [[nodiscard]] static QList<DraftFinding> name(const RelationshipDraft &draft, const Context &context);
    [[nodiscard]] static QList<DraftFinding> source(const RelationshipDraft &draft, const Context &context);
    [[nodiscard]] static QList<DraftFinding> destination(const RelationshipDraft &draft, const Context &context);
    [[nodiscard]] static QList<DraftFinding> schedule(const RelationshipDraft &draft);
    /// The namespaces that lack the privileged-movers annotation (from the inventories; a namespace Apply
    /// creates lacks it too), and whether the draft lets Apply add it.
    [[nodiscard]] static QList<PrivilegedMovers::Namespace> missingPrivilegedMovers(
        const RelationshipDraft &draft, const Context &context);
    [[nodiscard]] static QList<DraftFinding> privilegedMovers(const RelationshipDraft &draft, const Context &context);
    /// All of the above.
    [[nodiscard]] static QList<DraftFinding> all(const RelationshipDraft &draft, const Context &context);

    /// The PVCs of `namespaceName` in `inventory`, ordinary ones first (in name order), then VolSync's own
    /// volumes and volumes that already are a relationship's source, each with a note. `relationships` and
    /// `currentContext` as in Context; `except`: the relationship being edited (its own source is fine).
    [[nodiscard]] static QList<SourceChoice> sourceChoices(const ClusterInventory &inventory,
        const QString &namespaceName, const QList<ReplicationRelationship> &relationships,
        const QString &currentContext, const QString &except = QString());

    /// Engine rule (set-destination, apply, the wizard): a destination smaller than its source cannot hold the
    /// copy. `capacity` empty (the source's size is used) or unknown sizes pass.
    [[nodiscard]] static std::optional<QString> capacityProblem(const QString &capacity, const QString &sourceSize);
    /// A valid cron spec that never matches a date (such as "0 0 31 2 *"): why, or nothing.
    [[nodiscard]] static std::optional<QString> neverRuns(const QString &cronSpec);
};
