// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QPointer>

class QFormLayout;
class QLabel;
class ReplicationEngine;
class VolumeCapacityMonitor;
struct ReplicationRelationship;

/// The "Capacity:" rows of the dashboard's source and destination cards: shows the engine's live
/// VolumeCapacityMonitor (shared PVC informers); a destination smaller than its source is shown as a warning.
class VolumeCapacityView : public QObject
{
    Q_OBJECT
public:
    /// Adds a row to each form.
    VolumeCapacityView(QFormLayout *sourceForm, QFormLayout *destinationForm, QObject *parent = nullptr);
    ~VolumeCapacityView() override;

    /// Follows the sizes of `relationship`'s volumes (nothing when `engine` is null or the name is empty). Does
    /// nothing if it already follows the same volumes.
    void show(ReplicationEngine *engine, const ReplicationRelationship &relationship);

private:
    void refresh();

    QLabel *mSource = nullptr;
    QLabel *mDestination = nullptr;
    QPointer<ReplicationEngine> mEngine;
    QPointer<VolumeCapacityMonitor> mMonitor;
};
