// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QPointer>

class QFormLayout;
class QLabel;
class ReplicationEngine;
class VolumeCapacityJob;

/// The "Capacity:" rows of the dashboard's source and destination cards: the engine reads both volumes' sizes
/// (VolumeCapacityJob); a destination smaller than its source is shown as a warning.
class VolumeCapacityView : public QObject
{
    Q_OBJECT
public:
    /// Adds a row to each form.
    VolumeCapacityView(QFormLayout *sourceForm, QFormLayout *destinationForm, QObject *parent = nullptr);
    ~VolumeCapacityView() override;

    /// Reads the sizes of `name`'s volumes (again) with `engine`.
    void show(ReplicationEngine *engine, const QString &name);

private:
    void stop();

    QLabel *mSource = nullptr;
    QLabel *mDestination = nullptr;
    QPointer<VolumeCapacityJob> mJob;
};
