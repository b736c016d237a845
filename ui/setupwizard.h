// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/inventorysource.h"
#include "engine/relationshippreflight.h"
#include "engine/replicationrelationship.h"
#include "engine/replicationsettings.h"

#include <QHash>
#include <QPointer>
#include <QWizard>

#include <memory>

class ClusterInventory;
class OperationTracker;
class RelationshipDraft;
class ReplicationEngine;
class WizardApplyPage;
class WizardDestinationPage;
class WizardNamePage;
class WizardPrivilegedPage;
class WizardReviewPage;
class WizardSchedulePage;
class WizardSourcePage;

/// The setup wizard: name, source, destination, privileged movers, schedule, review, apply. The choices live in
/// a RelationshipDraft; the clusters' lists in one ClusterInventory per context; the checks are the engine's
/// (RelationshipPreflight), the commands shown are commandLine(draft), and Apply is one ReplicationSetupJob.
/// The pages only show and edit the draft. Opened on an existing relationship (editExisting()), it is prefilled,
/// keeps the name, reviews what changes on each cluster and applies only that.
class SetupWizard : public QWizard
{
    Q_OBJECT
public:
    enum PageId {
        NamePageId,
        SourcePageId,
        DestinationPageId,
        PrivilegedPageId,
        SchedulePageId,
        ReviewPageId,
        ApplyPageId
    };

    /// Apply runs through `tracker` (which logs it once and shows it as Setting up). `existing`: the relationships
    /// for the name and duplicate checks, as already listed (RelationshipsModel): the wizard reads no folder.
    SetupWizard(ReplicationEngine *engine, OperationTracker *tracker, const QList<ReplicationRelationship> &existing,
        QWidget *parent = nullptr);
    ~SetupWizard() override;

    /// Opens on an existing relationship (as RelationshipsModel read it, off the GUI thread) to finish or change it.
    void editExisting(const ReplicationRelationship &relationship);
    [[nodiscard]] bool isEditing() const;

    [[nodiscard]] ReplicationEngine *engine() const;
    [[nodiscard]] OperationTracker *tracker() const;
    [[nodiscard]] RelationshipDraft *draft() const { return mDraft; }
    /// The context the source page starts with when the user picked one (default: the kubeconfig's
    /// current-context).
    void setPreferredContext(const QString &context);
    [[nodiscard]] QString currentContext() const;

    /// The lists of `context`, loaded on first use.
    [[nodiscard]] ClusterInventory *inventory(const QString &context);
    /// What the preflight checks look at (inventories of both sides, existing relationships).
    [[nodiscard]] RelationshipPreflight::Context preflightContext();
    /// The existing relationships (given when the wizard opens).
    [[nodiscard]] const QList<ReplicationRelationship> &relationships() const { return mRelationships; }

    [[nodiscard]] WizardNamePage *namePage() const { return mNamePage; }
    [[nodiscard]] WizardSourcePage *sourcePage() const { return mSourcePage; }
    [[nodiscard]] WizardDestinationPage *destinationPage() const { return mDestinationPage; }
    [[nodiscard]] WizardPrivilegedPage *privilegedPage() const { return mPrivilegedPage; }
    [[nodiscard]] WizardSchedulePage *schedulePage() const { return mSchedulePage; }
    [[nodiscard]] WizardReviewPage *reviewPage() const { return mReviewPage; }
    [[nodiscard]] WizardApplyPage *applyPage() const { return mApplyPage; }

    // The draft's values (kept for callers and tests).
    [[nodiscard]] QString relationshipName() const;
    [[nodiscard]] SourceSettings sourceSettings() const;
    [[nodiscard]] DestinationSettings destinationSettings() const;
    [[nodiscard]] bool rsyncTls() const;
    [[nodiscard]] bool createDestinationNamespace() const;
    [[nodiscard]] bool allowPrivilegedMovers() const;
    [[nodiscard]] QString cronSpec() const; ///< empty = manual only
    /// The volsyncctl commands that do the same (commandLine(draft)).
    [[nodiscard]] QStringList cliCommands() const;
    [[nodiscard]] QString relationshipId() const;
    [[nodiscard]] ReplicationRelationship draftRelationship() const;

Q_SIGNALS:
    /// The relationship is set up (the apply page finished).
    void relationshipCreated(const QString &name);

protected:
    void reject() override;

private:
    QPointer<ReplicationEngine> mEngine;
    QPointer<OperationTracker> mTracker;
    RelationshipDraft *mDraft = nullptr;
    std::unique_ptr<InventorySource> mInventorySource;
    QHash<QString, ClusterInventory *> mInventories;
    QList<ReplicationRelationship> mRelationships;
    WizardNamePage *mNamePage = nullptr;
    WizardSourcePage *mSourcePage = nullptr;
    WizardDestinationPage *mDestinationPage = nullptr;
    WizardPrivilegedPage *mPrivilegedPage = nullptr;
    WizardSchedulePage *mSchedulePage = nullptr;
    WizardReviewPage *mReviewPage = nullptr;
    WizardApplyPage *mApplyPage = nullptr;
};
