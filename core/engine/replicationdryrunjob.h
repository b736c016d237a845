// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "dryruncheck.h"
#include "replicationjob.h"
#include "replicationrelationship.h"

#include <QList>
#include <QPointer>

#include <functional>

class KubeClient;
class KubeSession;

/// What the dry run should assume Apply does first.
struct DryRunOptions {
    /// Apply creates the destination namespace first (the wizard's "create the namespace").
    bool createDestinationNamespace = false;
    /// Apply adds volsync.backube/privileged-movers=true to the namespaces that lack it (SSH mover only):
    /// that change is dry-run too (patching namespaces needs its own permission).
    bool allowPrivilegedMovers = false;
};

/// Sends each object a relationship will create to its cluster with `dryRun=All`, built by
/// ReplicationObjectBuilder exactly as the apply job builds it, and reports per object whether the API
/// server accepts it (admission, RBAC, CRD schema validation), without changing anything. Like apply, it
/// reads the source PVC first (a Snapshot destination takes its capacity and access modes) and for an
/// existing object sends the update apply would send. Two things cannot be known before Apply:
/// - the key Secret's values and the RS's address are made by VolSync on the destination: the Secret is sent
///   with its keys and empty values, the RS with a placeholder address (a string, as the CRD wants);
/// - the RS names a key Secret that does not exist yet: the API server accepts that (it does not check
///   references; the operator waits for the Secret), so the RS's dry run is meaningful on its own.
/// When the destination namespace will be created by Apply, its creation is dry-run instead, and the
/// objects in it are reported as NotChecked. The job always succeeds unless cancelled; see checks().
class ReplicationDryRunJob : public ReplicationJob
{
    Q_OBJECT
public:
    /// `relationship`: complete (source and destination), e.g. the wizard's draft.
    ReplicationDryRunJob(KubeSession *session, const ReplicationRelationship &relationship,
        const DryRunOptions &options = {}, QObject *parent = nullptr);

    /// Every object checked so far, in a stable order (namespace to create, namespaces to annotate,
    /// destination PVC, RD, Secret, RS).
    [[nodiscard]] QList<DryRunCheck> checks() const { return mChecks; }
    /// The check of the first object of `kind` ("ReplicationDestination", "Secret", ...), if any.
    [[nodiscard]] std::optional<DryRunCheck> check(const QString &kind) const;
    /// No check failed (NotChecked is not a failure). Meaningful after finished().
    [[nodiscard]] bool allPassed() const;
    /// The relationship as the objects were built (destination completed from the source PVC).
    [[nodiscard]] ReplicationRelationship relationship() const { return mRelationship; }

Q_SIGNALS:
    /// One object's answer arrived (also for NotChecked).
    void checked(const DryRunCheck &check);

protected:
    void run() override;

private:
    void readSourcePvc();
    void checkNamespaces();
    void checkAll(bool namespaceWillBeCreated, const QList<std::pair<QString, QString>> &annotate);
    int addCheck(const QString &cluster, const QJsonObject &object);
    void setOutcome(int index, DryRunCheck::Outcome outcome, const QString &message);
    /// What to add to a passed check's message, knowing whether the object exists already.
    using PassedNote = std::function<QString(bool exists)>;
    /// Dry-runs apply's write of check `index`; `afterRead` learns once whether the object exists.
    void dryRunWrite(KubeClient *client, const struct KubeResource &resource, int index, const PassedNote &note,
        const std::function<void(bool exists)> &afterRead = {}, int attempt = 0);
    [[nodiscard]] QString sourceNote(bool sourceExists) const;
    void dryRunDestinationPvc(int index);

    QPointer<KubeSession> mSession;
    ReplicationRelationship mRelationship;
    DryRunOptions mOptions;
    KubeClient *mSourceClient = nullptr;
    KubeClient *mDestinationClient = nullptr;
    QJsonObject mSourcePvc;
    QList<DryRunCheck> mChecks;
    int mPending = 0;
    /// Whether the key Secret exists on the source already (an edit, or an Apply that stopped half-way).
    bool mKeySecretExists = false;
};
