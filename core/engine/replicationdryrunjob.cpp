// SPDX-License-Identifier: GPL-3.0-or-later
#include "replicationdryrunjob.h"

#include "privilegedmovers.h"

#include "replicationengine.h"
#include "replicationobjectbuilder.h"

#include "engine/volsyncresources.h"
#include "kube/kubeclient.h"
#include "kube/kubereply.h"
#include "kube/kuberesource.h"
#include "kube/kubesession.h"

namespace {

QString contextText(const QString &context)
{
    return context.isEmpty() ? QStringLiteral("the current context") : QStringLiteral("context \"%1\"").arg(context);
}

KubeRequest::WriteOptions dryRunOptions()
{
    KubeRequest::WriteOptions options;
    options.dryRun = true;
    options.fieldManager = ReplicationEngine::fieldManager();
    return options;
}

} // namespace

ReplicationDryRunJob::ReplicationDryRunJob(
    KubeSession *session, const ReplicationRelationship &relationship, const DryRunOptions &options, QObject *parent)
    : ReplicationJob(parent)
    , mSession(session)
    , mRelationship(relationship)
    , mOptions(options)
{ }

std::optional<DryRunCheck> ReplicationDryRunJob::check(const QString &kind) const
{
    for (const DryRunCheck &c : mChecks) {
        if (c.kind == kind)
            return c;
    }
    return std::nullopt;
}

bool ReplicationDryRunJob::allPassed() const
{
    for (const DryRunCheck &c : mChecks) {
        if (c.outcome == DryRunCheck::Outcome::Failed || c.outcome == DryRunCheck::Outcome::Pending)
            return false;
    }
    return true;
}

void ReplicationDryRunJob::run()
{
    setStep(Step::Validate, QStringLiteral("checking the objects with the API servers in a dry run"));
    if (!mRelationship.isComplete()) {
        failInvalid(QStringLiteral("the relationship needs a source and a destination before a dry run"));
        return;
    }
    if (!mSession) {
        fail(QStringLiteral("no Kubernetes session"));
        return;
    }
    mSourceClient = ReplicationEngine::clientFor(mSession, mRelationship.source->cluster);
    mDestinationClient = ReplicationEngine::clientFor(mSession, mRelationship.destination->cluster);
    readSourcePvc();
}

int ReplicationDryRunJob::addCheck(const QString &cluster, const QJsonObject &object)
{
    const QJsonObject meta = object.value(QLatin1String("metadata")).toObject();
    DryRunCheck c;
    c.cluster = cluster;
    c.kind = object.value(QLatin1String("kind")).toString();
    c.namespaceName = meta.value(QLatin1String("namespace")).toString();
    c.name = meta.value(QLatin1String("name")).toString();
    c.object = object;
    mChecks.append(c);
    ++mPending;
    return int(mChecks.size()) - 1;
}

void ReplicationDryRunJob::setOutcome(int index, DryRunCheck::Outcome outcome, const QString &message)
{
    DryRunCheck &c = mChecks[index];
    if (c.outcome != DryRunCheck::Outcome::Pending)
        return;
    c.outcome = outcome;
    c.message = message;
    Q_EMIT checked(c);
    if (--mPending == 0)
        succeed();
}

void ReplicationDryRunJob::readSourcePvc()
{
    setStep(Step::CheckClusters);
    const ReplicationSourceSide &s = *mRelationship.source;
    if (!mSourceClient->isValid()) {
        // Nothing on the source can be asked; the destination still can.
        checkNamespaces();
        return;
    }
    await(mSourceClient->get(KubeResource::persistentVolumeClaims(), s.namespaceName, s.pvcName),
        [this](KubeReply *reply) {
            // Without the source PVC, the destination is checked with the values it has (apply would stop).
            if (reply->isOk())
                mSourcePvc = reply->json();
            checkNamespaces();
        });
}

void ReplicationDryRunJob::checkNamespaces()
{
    ReplicationObjectBuilder::completeDestination(&*mRelationship.destination, mSourcePvc);
    struct Side {
        KubeClient *client;
        QString context;
        QString ns;
        bool destination;
    };
    QList<Side> sides;
    if (mSourceClient->isValid())
        sides.append({mSourceClient, mRelationship.source->cluster, mRelationship.source->namespaceName, false});
    if (mDestinationClient->isValid()
        && (sides.isEmpty() || mRelationship.destination->cluster != mRelationship.source->cluster
            || mRelationship.destination->namespaceName != mRelationship.source->namespaceName))
        sides.append(
            {mDestinationClient, mRelationship.destination->cluster, mRelationship.destination->namespaceName, true});
    if (sides.isEmpty()) {
        checkAll(false, {});
        return;
    }
    // Which namespace Apply creates, and which it annotates for the SSH mover (the apply job's check).
    auto remaining = std::make_shared<int>(int(sides.size()));
    auto created = std::make_shared<bool>(false);
    auto read = std::make_shared<QList<std::pair<PrivilegedMovers::Namespace, QJsonObject>>>();
    for (const Side &side : std::as_const(sides)) {
        await(side.client->get(KubeResource::namespaces(), QString(), side.ns), [=, this](KubeReply *reply) {
            if (reply->error().isNotFound() && side.destination && mOptions.createDestinationNamespace)
                *created = true;
            // Only namespaces that exist are patched; a new one is created with the annotation (see checkAll).
            if (reply->isOk())
                read->append({PrivilegedMovers::Namespace {side.context, side.ns}, reply->json()});
            if (--*remaining > 0)
                return;
            QList<std::pair<QString, QString>> annotated;
            if (mOptions.allowPrivilegedMovers) {
                for (const PrivilegedMovers::Namespace &ns : PrivilegedMovers::missing(mRelationship.rsyncTls, *read))
                    annotated.append({ns.context, ns.name});
            }
            checkAll(*created, annotated);
        });
    }
}

void ReplicationDryRunJob::checkAll(bool namespaceWillBeCreated, const QList<std::pair<QString, QString>> &annotate)
{
    setStep(Step::ApplyDestination, QStringLiteral("sending each object with dryRun=All"));
    const ReplicationDestinationSide &d = *mRelationship.destination;
    const ReplicationSourceSide &s = *mRelationship.source;
    const bool direct = d.copyMethod != QLatin1String("Snapshot");

    // Every check is listed before the first answer can arrive (answers come from the event loop).
    int namespaceIndex = -1;
    if (namespaceWillBeCreated) {
        namespaceIndex = addCheck(d.cluster,
            QJsonObject {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                {QStringLiteral("kind"), QStringLiteral("Namespace")},
                {QStringLiteral("metadata"), QJsonObject {{QStringLiteral("name"), d.namespaceName}}}});
    }
    QList<int> annotateIndexes;
    for (const auto &[context, ns] : annotate) {
        annotateIndexes.append(addCheck(context,
            QJsonObject {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                {QStringLiteral("kind"), QStringLiteral("Namespace")},
                {QStringLiteral("metadata"),
                    QJsonObject {{QStringLiteral("name"), ns},
                        {QStringLiteral("annotations"),
                            PrivilegedMovers::annotationPatch()
                                .value(QLatin1String("metadata"))
                                .toObject()
                                .value(QLatin1String("annotations"))}}}}));
    }
    const int pvcIndex = direct ? addCheck(d.cluster, ReplicationObjectBuilder::destinationPvc(d, mSourcePvc)) : -1;
    const int rdIndex = addCheck(d.cluster, ReplicationObjectBuilder::replicationDestination(mRelationship));
    const int secretIndex = addCheck(s.cluster, ReplicationObjectBuilder::keySecretPreview(mRelationship));
    const int rsIndex = addCheck(s.cluster,
        ReplicationObjectBuilder::replicationSource(mRelationship, ReplicationObjectBuilder::addressPlaceholder()));

    for (int index : std::as_const(annotateIndexes)) {
        const DryRunCheck &c = mChecks.at(index);
        KubeClient *client = ReplicationEngine::clientFor(mSession, c.cluster);
        const QJsonObject patch {{QStringLiteral("metadata"),
            QJsonObject {{QStringLiteral("annotations"),
                c.object.value(QLatin1String("metadata")).toObject().value(QLatin1String("annotations"))}}}};
        await(client->mergePatch(KubeResource::namespaces(), QString(), c.name, patch, dryRunOptions()),
            [this, index](KubeReply *reply) {
                if (reply->isOk())
                    setOutcome(index, DryRunCheck::Outcome::Passed,
                        QStringLiteral("The server accepts the change; Apply annotates this namespace with %1=true, "
                                       "which the rsync mover over SSH needs.")
                            .arg(ReplicationEngine::privilegedMoversAnnotation()));
                else
                    setOutcome(index, DryRunCheck::Outcome::Failed, reply->error().personMessage());
            });
    }
    const auto invalidClient = [this](int index, KubeClient *client, const QString &context) {
        setOutcome(index, DryRunCheck::Outcome::Failed,
            QStringLiteral("cannot use %1: %2").arg(contextText(context), client->configError().personMessage()));
    };
    if (!mDestinationClient->isValid()) {
        for (int index : {pvcIndex, rdIndex}) {
            if (index >= 0)
                invalidClient(index, mDestinationClient, d.cluster);
        }
    } else if (namespaceWillBeCreated) {
        const QString later = QStringLiteral(
            "Its namespace %1 does not exist yet, so the server can only check it during Apply, which creates "
            "the namespace first.")
                                  .arg(d.namespaceName);
        await(mDestinationClient->create(
                  KubeResource::namespaces(), QString(), mChecks.at(namespaceIndex).object, dryRunOptions()),
            [=, this](KubeReply *reply) {
                if (reply->isOk())
                    setOutcome(namespaceIndex, DryRunCheck::Outcome::Passed,
                        mOptions.allowPrivilegedMovers && PrivilegedMovers::needed(mRelationship.rsyncTls)
                            ? QStringLiteral("The server accepts it. Apply creates this namespace first and annotates "
                                             "it with %1=true for the rsync mover over SSH.")
                                  .arg(ReplicationEngine::privilegedMoversAnnotation())
                            : QStringLiteral("The server accepts it. Apply creates this namespace first."));
                else
                    setOutcome(namespaceIndex, DryRunCheck::Outcome::Failed, reply->error().personMessage());
                for (int index : {pvcIndex, rdIndex}) {
                    if (index >= 0)
                        setOutcome(index, DryRunCheck::Outcome::NotChecked, later);
                }
            });
    } else {
        if (pvcIndex >= 0)
            dryRunDestinationPvc(pvcIndex);
        dryRunWrite(mDestinationClient, VolSyncResources::replicationDestinations(), rdIndex, {});
    }
    if (!mSourceClient->isValid()) {
        invalidClient(secretIndex, mSourceClient, s.cluster);
        invalidClient(rsIndex, mSourceClient, s.cluster);
        return;
    }
    // The RS's note depends on whether its key Secret exists, so its check starts once the Secret is read.
    dryRunWrite(
        mSourceClient, KubeResource::secrets(), secretIndex,
        [](bool exists) {
            return exists ? QString()
                          : QStringLiteral("VolSync generates the keys on the destination; Apply copies them here.");
        },
        [this, rsIndex](bool secretExists) {
            mKeySecretExists = secretExists;
            dryRunWrite(mSourceClient, VolSyncResources::replicationSources(), rsIndex,
                [this](bool exists) { return sourceNote(exists); });
        });
}

QString ReplicationDryRunJob::sourceNote(bool sourceExists) const
{
    // An existing RS keeps its address (see keepUnknownValues); a new one gets it from the destination.
    if (sourceExists)
        return mKeySecretExists ? QString()
                                : QStringLiteral("Its key Secret does not exist yet: the API server does not check "
                                                 "such references (VolSync waits for the Secret), and Apply copies "
                                                 "the keys from the destination.");
    if (mKeySecretExists)
        return QStringLiteral("Its key Secret exists already. Its address is not known yet: Apply fills it in from "
                              "the destination before creating it.");
    return QStringLiteral("Its key Secret does not exist yet and its address is not known yet: the API server does not "
                          "check such references (VolSync waits for the Secret), and Apply fills in the address before "
                          "creating it.");
}

void ReplicationDryRunJob::dryRunDestinationPvc(int index)
{
    const DryRunCheck &c = mChecks.at(index);
    await(mDestinationClient->get(KubeResource::persistentVolumeClaims(), c.namespaceName, c.name),
        [this, index](KubeReply *got) {
            if (got->isOk()) {
                setOutcome(index, DryRunCheck::Outcome::Passed,
                    QStringLiteral("It exists already; it receives the data and is not modified."));
                return;
            }
            if (!got->error().isNotFound()) {
                setOutcome(index, DryRunCheck::Outcome::Failed, got->error().personMessage());
                return;
            }
            const DryRunCheck &pvc = mChecks.at(index);
            await(mDestinationClient->create(
                      KubeResource::persistentVolumeClaims(), pvc.namespaceName, pvc.object, dryRunOptions()),
                [this, index](KubeReply *created) {
                    if (created->isOk())
                        setOutcome(index, DryRunCheck::Outcome::Passed,
                            QStringLiteral("The server accepts it; Apply creates it to receive the data."));
                    else
                        setOutcome(index, DryRunCheck::Outcome::Failed, created->error().personMessage());
                });
        });
}

namespace {

/// Before Apply, the Secret's values and the RS's address are placeholders; an object that exists already
/// keeps what it has there, as Apply would fill in the same values again (from the same destination).
QJsonObject keepUnknownValues(QJsonObject desired, const QJsonObject &existing)
{
    if (desired.value(QLatin1String("kind")).toString() == QLatin1String("Secret")) {
        desired.insert(QStringLiteral("data"), existing.value(QLatin1String("data")));
        return desired;
    }
    QJsonObject spec = desired.value(QLatin1String("spec")).toObject();
    const QJsonObject existingSpec = existing.value(QLatin1String("spec")).toObject();
    for (const char *key : {"rsync", "rsyncTLS"}) {
        QJsonObject mover = spec.value(QLatin1String(key)).toObject();
        const QString address
            = existingSpec.value(QLatin1String(key)).toObject().value(QLatin1String("address")).toString();
        if (mover.value(QLatin1String("address")).toString() == ReplicationObjectBuilder::addressPlaceholder()
            && !address.isEmpty()) {
            mover.insert(QStringLiteral("address"), address);
            spec.insert(QLatin1String(key), mover);
        }
    }
    desired.insert(QStringLiteral("spec"), spec);
    return desired;
}

} // namespace

void ReplicationDryRunJob::dryRunWrite(KubeClient *client, const KubeResource &resource, int index,
    const PassedNote &note, const std::function<void(bool exists)> &afterRead, int attempt)
{
    const DryRunCheck &c = mChecks.at(index);
    const QString ns = c.namespaceName;
    const QString name = c.name;
    const auto passed = [this, index, note](const QString &text, bool exists) {
        const QString added = note ? note(exists) : QString();
        setOutcome(index, DryRunCheck::Outcome::Passed, added.isEmpty() ? text : text + QLatin1Char(' ') + added);
    };
    // What apply does: create when missing, else replace the labels and the owned part.
    await(client->get(resource, ns, name), [=, this](KubeReply *got) {
        if (afterRead)
            afterRead(got->isOk());
        if (!got->isOk() && !got->error().isNotFound()) {
            setOutcome(index, DryRunCheck::Outcome::Failed, got->error().personMessage());
            return;
        }
        const QJsonObject desired = mChecks.at(index).object;
        if (!got->isOk()) {
            await(client->create(resource, ns, desired, dryRunOptions()), [=, this](KubeReply *created) {
                if (created->error().isAlreadyExists() && attempt < 3) {
                    dryRunWrite(client, resource, index, note, {}, attempt + 1);
                    return;
                }
                if (created->isOk())
                    passed(QStringLiteral("The server accepts it; Apply will create it."), false);
                else
                    setOutcome(index, DryRunCheck::Outcome::Failed, created->error().personMessage());
            });
            return;
        }
        const QJsonObject existing = got->json();
        const QJsonObject merged = mergedForUpdate(existing, keepUnknownValues(desired, existing), ownedBody(resource));
        if (merged == existing) {
            passed(QStringLiteral("It exists already with these values; Apply leaves it unchanged."), true);
            return;
        }
        await(client->replace(resource, ns, name, merged, dryRunOptions()), [=, this](KubeReply *replaced) {
            // The operator writes the status meanwhile: read again, as apply does.
            if ((replaced->error().isConflict() || replaced->error().isNotFound()) && attempt < 3) {
                dryRunWrite(client, resource, index, note, {}, attempt + 1);
                return;
            }
            if (replaced->isOk())
                passed(QStringLiteral("It exists already; the server accepts the update, Apply will replace its "
                                      "labels and %1.")
                           .arg(ownedBody(resource)),
                    true);
            else
                setOutcome(index, DryRunCheck::Outcome::Failed, replaced->error().personMessage());
        });
    });
}
