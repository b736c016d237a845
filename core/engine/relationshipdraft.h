// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "replicationdryrunjob.h"
#include "replicationrelationship.h"
#include "replicationsettings.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <optional>

/// The choices of a relationship being set up or edited (the setup wizard's model, also what the CLI's flags
/// describe): names, both sides, schedule and the options Apply needs. Plain values with change signals; the
/// preflight checks (RelationshipPreflight), the equivalent command line (commandLine()), the dry run and
/// ReplicationSetupJob all read it. A draft of an existing relationship (loadExisting()) keeps the original,
/// so what changes can be shown and only that applied.
class RelationshipDraft : public QObject
{
    Q_OBJECT
public:
    explicit RelationshipDraft(QObject *parent = nullptr);

    /// Prefills every choice from `relationship` (complete or not) and fixes the name and id. `currentContext`
    /// resolves sides stored with an empty cluster (the kubeconfig's current-context).
    void loadExisting(const ReplicationRelationship &relationship, const QString &currentContext);
    /// Editing (or finishing) an existing relationship rather than creating one.
    [[nodiscard]] bool isExisting() const { return mOriginal.has_value(); }
    [[nodiscard]] const std::optional<ReplicationRelationship> &original() const { return mOriginal; }

    [[nodiscard]] QString name() const { return mName; }
    void setName(const QString &name);
    /// The id a new file gets (drawn once, so previews show the labels Apply uses) or the existing one.
    [[nodiscard]] QString relationshipId() const { return mId; }

    // Source.
    [[nodiscard]] QString sourceContext() const { return mSourceContext; }
    void setSourceContext(const QString &context);
    [[nodiscard]] QString sourceNamespace() const { return mSourceNamespace; }
    void setSourceNamespace(const QString &ns);
    [[nodiscard]] QString sourcePvc() const { return mSourcePvc; }
    void setSourcePvc(const QString &pvc);
    [[nodiscard]] QString sourceCopyMethod() const { return mSourceCopyMethod; }
    void setSourceCopyMethod(const QString &method);
    [[nodiscard]] QString sourceStorageClass() const { return mSourceStorageClass; } ///< empty: the PVC's
    void setSourceStorageClass(const QString &name);
    [[nodiscard]] QString sourceSnapshotClass() const { return mSourceSnapshotClass; } ///< empty: the default
    void setSourceSnapshotClass(const QString &name);
    [[nodiscard]] QStringList sourceAccessModes() const { return mSourceAccessModes; }
    void setSourceAccessModes(const QStringList &modes);
    [[nodiscard]] MoverSecurityContext sourceMoverSecurityContext() const { return mSourceSecurity; }
    void setSourceMoverSecurityContext(const MoverSecurityContext &context);

    // Destination.
    [[nodiscard]] QString destinationContext() const { return mDestinationContext; }
    void setDestinationContext(const QString &context);
    [[nodiscard]] QString destinationNamespace() const { return mDestinationNamespace; }
    void setDestinationNamespace(const QString &ns);
    [[nodiscard]] QString destinationName() const { return mDestinationName; }
    void setDestinationName(const QString &name);
    [[nodiscard]] QString destinationCopyMethod() const { return mDestinationCopyMethod; }
    void setDestinationCopyMethod(const QString &method);
    [[nodiscard]] QString capacity() const { return mCapacity; } ///< empty: the source's
    void setCapacity(const QString &capacity);
    [[nodiscard]] QStringList destinationAccessModes() const { return mDestinationAccessModes; }
    void setDestinationAccessModes(const QStringList &modes);
    [[nodiscard]] QString destinationStorageClass() const { return mDestinationStorageClass; }
    void setDestinationStorageClass(const QString &name);
    [[nodiscard]] QString destinationSnapshotClass() const { return mDestinationSnapshotClass; }
    void setDestinationSnapshotClass(const QString &name);
    [[nodiscard]] QString serviceType() const { return mServiceType; }
    /// `chosen`: the user picked it (suggestions no longer replace it).
    void setServiceType(const QString &type, bool chosen = true);
    [[nodiscard]] bool isServiceTypeChosen() const { return mServiceTypeChosen; }
    /// ClusterIP when both sides share a cluster, else LoadBalancer (the source must reach the destination).
    [[nodiscard]] QString suggestedServiceType() const;
    [[nodiscard]] MoverSecurityContext destinationMoverSecurityContext() const { return mDestinationSecurity; }
    void setDestinationMoverSecurityContext(const MoverSecurityContext &context);
    [[nodiscard]] bool createDestinationNamespace() const { return mCreateNamespace; }
    void setCreateDestinationNamespace(bool create);

    // Mover and schedule.
    [[nodiscard]] bool rsyncTls() const { return mRsyncTls; }
    void setRsyncTls(bool rsyncTls);
    [[nodiscard]] QString cronSpec() const { return mCronSpec; } ///< empty: manual only
    void setCronSpec(const QString &spec);
    /// Add the privileged-movers annotation where it is missing (only meaningful for rsync over SSH).
    [[nodiscard]] bool allowPrivilegedMovers() const { return mAllowPrivilegedMovers && !mRsyncTls; }
    void setAllowPrivilegedMovers(bool allow);

    /// What set-source and set-destination get.
    [[nodiscard]] SourceSettings sourceSettings() const;
    [[nodiscard]] DestinationSettings destinationSettings() const;
    /// The relationship as Apply stores and applies it (names, id, trigger): the preview's and dry run's input.
    /// A manual-only relationship's trigger is a fresh manual tag (Apply's is its start).
    [[nodiscard]] ReplicationRelationship relationship() const;
    [[nodiscard]] DryRunOptions dryRunOptions() const;

    /// For an existing relationship: whether set-source / set-destination would change its file (always true
    /// for a new one, or a side it does not have yet), and whether the trigger changes.
    [[nodiscard]] bool sourceDiffers() const;
    [[nodiscard]] bool destinationDiffers() const;
    [[nodiscard]] bool scheduleDiffers() const;
    /// The changes per cluster, as "what: old → new" lines keyed by context (for the review).
    [[nodiscard]] QList<std::pair<QString, QStringList>> changesByCluster() const;

Q_SIGNALS:
    void nameChanged();
    void sourceChanged();
    void destinationChanged();
    void scheduleChanged();
    void optionsChanged(); ///< rsync-TLS, privileged movers, create namespace
    /// Any of the above.
    void changed();

private:
    template<typename T> void update(T &member, const T &value, void (RelationshipDraft::*signal)());

    std::optional<ReplicationRelationship> mOriginal;
    QString mCurrentContext;
    QString mName;
    QString mId;
    QString mSourceContext;
    QString mSourceNamespace;
    QString mSourcePvc;
    QString mSourceCopyMethod = QStringLiteral("Clone");
    QString mSourceStorageClass;
    QString mSourceSnapshotClass;
    QStringList mSourceAccessModes;
    MoverSecurityContext mSourceSecurity;
    QString mDestinationContext;
    QString mDestinationNamespace;
    QString mDestinationName;
    QString mDestinationCopyMethod = QStringLiteral("Snapshot");
    QString mCapacity;
    QStringList mDestinationAccessModes;
    QString mDestinationStorageClass;
    QString mDestinationSnapshotClass;
    QString mServiceType = QStringLiteral("ClusterIP");
    bool mServiceTypeChosen = false;
    MoverSecurityContext mDestinationSecurity;
    bool mCreateNamespace = false;
    bool mRsyncTls = false;
    QString mCronSpec;
    bool mAllowPrivilegedMovers = false;
    // The ReplicationSource name Apply uses: drawn once per source PVC (upstream: <pvc>-<random>).
    mutable QString mSourceName;
    mutable QString mSourceNamePvc;
    mutable QString mManualTrigger;
};
