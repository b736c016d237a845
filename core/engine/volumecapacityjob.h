// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "relationshipstore.h"
#include "replicationjob.h"

#include <QPointer>

class KubeSession;

/// Reads the size of both volumes of a relationship: the source PVC, and the destination's volume (the PVC
/// VolSync keeps for a Snapshot destination, or the Direct/None destination PVC). A size that cannot be read
/// is empty; the destination then falls back to the capacity its file asks for. Always succeeds unless the file
/// cannot be read.
class VolumeCapacityJob : public ReplicationJob
{
    Q_OBJECT
public:
    VolumeCapacityJob(
        KubeSession *session, const RelationshipStore &store, const QString &name, QObject *parent = nullptr);

    [[nodiscard]] QString sourceSize() const { return mSourceSize; }
    [[nodiscard]] QString destinationSize() const { return mDestinationSize; }
    /// The destination size is what the file asks for (the volume was not found or not readable).
    [[nodiscard]] bool destinationIsPlanned() const { return mDestinationPlanned; }

protected:
    void run() override;

private:
    void done();

    QPointer<KubeSession> mSession;
    RelationshipStore mStore;
    QString mName;
    QString mSourceSize;
    QString mDestinationSize;
    bool mDestinationPlanned = false;
    int mPending = 0;
};
