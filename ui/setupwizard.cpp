// SPDX-License-Identifier: GPL-3.0-or-later
#include "setupwizard.h"

#include "engine/replicationapplyjob.h"
#include "engine/replicationengine.h"
#include "engine/replicationobjectbuilder.h"
#include "kube/kubesession.h"
#include "scheduleeditor.h"
#include "wizardapplypage.h"
#include "wizarddestinationpage.h"
#include "wizardnamepage.h"
#include "wizardprivilegedpage.h"
#include "wizardreviewpage.h"
#include "wizardschedulepage.h"
#include "wizardsourcepage.h"

#include <QAbstractButton>
#include <QUuid>

SetupWizard::SetupWizard(KubeSession *session, ReplicationEngine *engine, ActivityLogModel *log, QWidget *parent)
    : QWizard(parent)
    , mSession(session)
    , mEngine(engine)
    , mLog(log)
    , mRelationshipId(QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    setObjectName(QStringLiteral("setupWizard"));
    setWindowTitle(tr("New Replication Relationship"));
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnLastPage, true);
    setOption(QWizard::NoCancelButtonOnLastPage, true);
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

KubeSession *SetupWizard::session() const
{
    return mSession.data();
}

ReplicationEngine *SetupWizard::engine() const
{
    return mEngine.data();
}

QString SetupWizard::relationshipName() const
{
    return mNamePage->name();
}

SourceSettings SetupWizard::sourceSettings() const
{
    SourceSettings s;
    s.pvc = ObjectName {mSourcePage->context(), mSourcePage->namespaceName(), mSourcePage->pvcName()};
    s.copyMethod = mSourcePage->copyMethod();
    if (!mSourcePage->storageClass().isEmpty()) {
        s.storageClassName = mSourcePage->storageClass();
    }
    if (!mSourcePage->snapshotClass().isEmpty()) {
        s.volumeSnapshotClassName = mSourcePage->snapshotClass();
    }
    if (mSourceName.isEmpty() || mSourceNamePvc != s.pvc.name) {
        mSourceName = ReplicationObjectBuilder::newSourceName(s.pvc.name);
        mSourceNamePvc = s.pvc.name;
    }
    s.rsName = mSourceName;
    return s;
}

DestinationSettings SetupWizard::destinationSettings() const
{
    DestinationSettings d;
    d.destination
        = ObjectName {mDestinationPage->context(), mDestinationPage->namespaceName(), mDestinationPage->name()};
    d.copyMethod = mDestinationPage->copyMethod();
    if (!mDestinationPage->capacity().isEmpty()) {
        d.capacity = mDestinationPage->capacity();
    }
    d.accessModes = mDestinationPage->accessModes();
    d.serviceType = mDestinationPage->serviceType();
    if (!mDestinationPage->storageClass().isEmpty()) {
        d.storageClassName = mDestinationPage->storageClass();
    }
    if (!mDestinationPage->snapshotClass().isEmpty()) {
        d.volumeSnapshotClassName = mDestinationPage->snapshotClass();
    }
    return d;
}

bool SetupWizard::rsyncTls() const
{
    return mDestinationPage->rsyncTls();
}

bool SetupWizard::createDestinationNamespace() const
{
    return mDestinationPage->createNamespace();
}

bool SetupWizard::allowPrivilegedMovers() const
{
    return !rsyncTls() && mPrivilegedPage->allowAnnotate();
}

QString SetupWizard::cronSpec() const
{
    return mSchedulePage->editor()->cronSpec();
}

QStringList SetupWizard::cliCommands() const
{
    const QString base = QStringLiteral("volsyncctl replication -r ") + relationshipName();
    QStringList commands;
    if (createDestinationNamespace()) {
        commands.append(QStringLiteral("kubectl --context %1 create namespace %2")
                            .arg(mDestinationPage->context(), mDestinationPage->namespaceName()));
    }
    commands.append(base + QStringLiteral(" create") + (rsyncTls() ? QStringLiteral(" --rsynctls") : QString()));
    const SourceSettings s = sourceSettings();
    QString source = base + QStringLiteral(" set-source --pvcname ") + s.pvc.toString()
        + QStringLiteral(" --copymethod ") + s.copyMethod;
    if (s.storageClassName) {
        source += QStringLiteral(" --storageclass ") + *s.storageClassName;
    }
    if (s.volumeSnapshotClassName) {
        source += QStringLiteral(" --volumesnapshotclass ") + *s.volumeSnapshotClassName;
    }
    commands.append(source);
    const DestinationSettings d = destinationSettings();
    QString destination = base + QStringLiteral(" set-destination --destination ") + d.destination.toString()
        + QStringLiteral(" --copymethod ") + d.copyMethod;
    if (d.capacity) {
        destination += QStringLiteral(" --capacity ") + *d.capacity;
    }
    if (!d.accessModes.isEmpty()) {
        destination += QStringLiteral(" --accessmodes ") + d.accessModes.join(QLatin1Char(','));
    }
    if (d.storageClassName) {
        destination += QStringLiteral(" --storageclass ") + *d.storageClassName;
    }
    if (d.volumeSnapshotClassName) {
        destination += QStringLiteral(" --volumesnapshotclass ") + *d.volumeSnapshotClassName;
    }
    destination += QStringLiteral(" --servicetype ") + d.serviceType;
    commands.append(destination);
    const QString privileged = allowPrivilegedMovers() ? QStringLiteral(" --allow-privileged-movers") : QString();
    if (cronSpec().isEmpty()) {
        commands.append(base + QStringLiteral(" sync") + privileged);
    } else {
        commands.append(base + QStringLiteral(" schedule --cronspec \"") + cronSpec() + QLatin1Char('"') + privileged);
    }
    return commands;
}

ReplicationRelationship SetupWizard::draftRelationship() const
{
    ReplicationRelationship rel;
    rel.name = relationshipName();
    rel.id = mRelationshipId;
    rel.rsyncTls = rsyncTls();
    rel.version = rel.rsyncTls ? 2 : 1;
    rel.source = ReplicationObjectBuilder::sourceSide(sourceSettings(), std::nullopt);
    rel.destination = ReplicationObjectBuilder::destinationSide(destinationSettings());
    if (cronSpec().isEmpty()) {
        rel.source->trigger.manual = ReplicationApplyJob::uniqueManualTrigger();
    } else {
        rel.source->trigger.schedule = cronSpec();
    }
    return rel;
}

void SetupWizard::reject()
{
    if (mApplyPage->isRunning()) {
        mApplyPage->cancel();
        return;
    }
    QWizard::reject();
}
