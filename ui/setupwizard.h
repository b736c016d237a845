// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/replicationrelationship.h"
#include "engine/replicationsettings.h"

#include <QPointer>
#include <QWizard>

class ActivityLogModel;
class KubeSession;
class ReplicationEngine;
class WizardApplyPage;
class WizardDestinationPage;
class WizardNamePage;
class WizardPrivilegedPage;
class WizardReviewPage;
class WizardSchedulePage;
class WizardSourcePage;

/// The setup wizard: name, source, destination, privileged movers, schedule, review, apply. Pages validate
/// through the engine's checks and the clusters' live lists; the apply page runs the engine's jobs in the
/// order `volsyncctl replication create / set-source / set-destination / schedule` would (so it creates exactly
/// what the CLI creates), shows their steps, can be cancelled and resumes from the failed step.
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

    SetupWizard(KubeSession *session, ReplicationEngine *engine, ActivityLogModel *log, QWidget *parent = nullptr);

    [[nodiscard]] KubeSession *session() const;
    [[nodiscard]] ReplicationEngine *engine() const;
    [[nodiscard]] ActivityLogModel *log() const { return mLog; }
    /// The context the source page starts with (default: the kubeconfig's current-context).
    void setPreferredContext(const QString &context) { mPreferredContext = context; }
    [[nodiscard]] QString preferredContext() const { return mPreferredContext; }

    [[nodiscard]] WizardNamePage *namePage() const { return mNamePage; }
    [[nodiscard]] WizardSourcePage *sourcePage() const { return mSourcePage; }
    [[nodiscard]] WizardDestinationPage *destinationPage() const { return mDestinationPage; }
    [[nodiscard]] WizardPrivilegedPage *privilegedPage() const { return mPrivilegedPage; }
    [[nodiscard]] WizardSchedulePage *schedulePage() const { return mSchedulePage; }
    [[nodiscard]] WizardReviewPage *reviewPage() const { return mReviewPage; }
    [[nodiscard]] WizardApplyPage *applyPage() const { return mApplyPage; }

    // What the pages hold.
    [[nodiscard]] QString relationshipName() const;
    [[nodiscard]] SourceSettings sourceSettings() const;
    [[nodiscard]] DestinationSettings destinationSettings() const;
    [[nodiscard]] bool rsyncTls() const;
    [[nodiscard]] bool createDestinationNamespace() const;
    [[nodiscard]] bool allowPrivilegedMovers() const;
    [[nodiscard]] QString cronSpec() const; ///< empty = manual only
    /// The volsyncctl commands that do the same.
    [[nodiscard]] QStringList cliCommands() const;
    /// The relationship id Apply gives the new file (drawn once per wizard, so the preview shows the labels).
    [[nodiscard]] QString relationshipId() const { return mRelationshipId; }
    /// The relationship as Apply will store and apply it (names, id, trigger), for the review page's
    /// preview and dry run. A manual-only relationship's trigger is the current time (Apply's is its start).
    [[nodiscard]] ReplicationRelationship draftRelationship() const;

Q_SIGNALS:
    /// The relationship is set up (the apply page finished).
    void relationshipCreated(const QString &name);

protected:
    void reject() override;

private:
    QPointer<KubeSession> mSession;
    QPointer<ReplicationEngine> mEngine;
    ActivityLogModel *mLog = nullptr;
    QString mPreferredContext;
    QString mRelationshipId;
    // The ReplicationSource name Apply uses: drawn once per source PVC (upstream: <pvc>-<random>).
    mutable QString mSourceName;
    mutable QString mSourceNamePvc;
    WizardNamePage *mNamePage = nullptr;
    WizardSourcePage *mSourcePage = nullptr;
    WizardDestinationPage *mDestinationPage = nullptr;
    WizardPrivilegedPage *mPrivilegedPage = nullptr;
    WizardSchedulePage *mSchedulePage = nullptr;
    WizardReviewPage *mReviewPage = nullptr;
    WizardApplyPage *mApplyPage = nullptr;
};
