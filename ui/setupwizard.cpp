// SPDX-License-Identifier: GPL-3.0-or-later
#include "setupwizard.h"

#include "engine/clusterinventory.h"
#include "engine/draftcommandline.h"
#include "engine/operationtracker.h"
#include "engine/relationshipdraft.h"
#include "engine/replicationengine.h"
#include "wizardapplypage.h"
#include "wizarddestinationpage.h"
#include "wizardnamepage.h"
#include "wizardprivilegedpage.h"
#include "wizardreviewpage.h"
#include "wizardschedulepage.h"
#include "wizardsourcepage.h"

#include <QAbstractButton>

SetupWizard::SetupWizard(ReplicationEngine *engine, OperationTracker *tracker,
    const QList<ReplicationRelationship> &existing, QWidget *parent)
    : QWizard(parent)
    , mEngine(engine)
    , mTracker(tracker)
    , mDraft(new RelationshipDraft(this))
    , mInventorySource(engine->inventorySource())
    , mRelationships(existing)
{
    setObjectName(QStringLiteral("setupWizard"));
    setWindowTitle(tr("New Replication Relationship"));
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnLastPage, true);
    setOption(QWizard::NoCancelButtonOnLastPage, true);
    mDraft->setSourceContext(currentContext());
    mNamePage = new WizardNamePage(this);
    mSourcePage = new WizardSourcePage(this);
    mDestinationPage = new WizardDestinationPage(this);
    mPrivilegedPage = new WizardPrivilegedPage(this);
    mSchedulePage = new WizardSchedulePage(this);
    mReviewPage = new WizardReviewPage(this);
    mApplyPage = new WizardApplyPage(this);
    setPage(NamePageId, mNamePage);
    setPage(SourcePageId, mSourcePage);
    setPage(DestinationPageId, mDestinationPage);
    setPage(PrivilegedPageId, mPrivilegedPage);
    setPage(SchedulePageId, mSchedulePage);
    setPage(ReviewPageId, mReviewPage);
    setPage(ApplyPageId, mApplyPage);
    for (QWizard::WizardButton button : {QWizard::BackButton, QWizard::NextButton, QWizard::CommitButton,
             QWizard::FinishButton, QWizard::CancelButton}) {
        if (QAbstractButton *b = this->button(button)) {
            b->setObjectName(QStringLiteral("wizardButton%1").arg(int(button)));
        }
    }
    resize(760, 620);
}

SetupWizard::~SetupWizard()
{
    // The inventories use the source: delete them first.
    qDeleteAll(mInventories);
    mInventories.clear();
}

void SetupWizard::editExisting(const ReplicationRelationship &relationship)
{
    mDraft->loadExisting(relationship, currentContext());
    setWindowTitle(relationship.isComplete() ? tr("Change %1").arg(relationship.name)
                                             : tr("Finish Setting Up %1").arg(relationship.name));
    mNamePage->showDraft();
}

bool SetupWizard::isEditing() const
{
    return mDraft->isExisting();
}

OperationTracker *SetupWizard::tracker() const
{
    return mTracker.data();
}

ReplicationEngine *SetupWizard::engine() const
{
    return mEngine.data();
}

void SetupWizard::setPreferredContext(const QString &context)
{
    if (!context.isEmpty() && !mDraft->isExisting()) {
        mDraft->setSourceContext(context);
    }
}

QString SetupWizard::currentContext() const
{
    return mEngine ? mEngine->currentContext() : QString();
}

ClusterInventory *SetupWizard::inventory(const QString &context)
{
    ClusterInventory *&inventory = mInventories[context];
    if (!inventory) {
        inventory = new ClusterInventory(mInventorySource.get(), context);
        inventory->refresh();
    }
    return inventory;
}

RelationshipPreflight::Context SetupWizard::preflightContext()
{
    RelationshipPreflight::Context context;
    if (!mDraft->sourceContext().isEmpty()) {
        context.source = inventory(mDraft->sourceContext());
    }
    if (!mDraft->destinationContext().isEmpty()) {
        context.destination = inventory(mDraft->destinationContext());
    }
    context.relationships = mRelationships;
    context.currentContext = currentContext();
    return context;
}

QString SetupWizard::relationshipName() const
{
    return mDraft->name();
}

SourceSettings SetupWizard::sourceSettings() const
{
    return mDraft->sourceSettings();
}

DestinationSettings SetupWizard::destinationSettings() const
{
    return mDraft->destinationSettings();
}

bool SetupWizard::rsyncTls() const
{
    return mDraft->rsyncTls();
}

bool SetupWizard::createDestinationNamespace() const
{
    return mDraft->createDestinationNamespace();
}

bool SetupWizard::allowPrivilegedMovers() const
{
    return mDraft->allowPrivilegedMovers();
}

QString SetupWizard::cronSpec() const
{
    return mDraft->cronSpec();
}

QStringList SetupWizard::cliCommands() const
{
    return commandLine(*mDraft);
}

QString SetupWizard::relationshipId() const
{
    return mDraft->relationshipId();
}

ReplicationRelationship SetupWizard::draftRelationship() const
{
    return mDraft->relationship();
}

void SetupWizard::reject()
{
    if (mApplyPage->isRunning()) {
        mApplyPage->cancel();
        return;
    }
    QWizard::reject();
}
