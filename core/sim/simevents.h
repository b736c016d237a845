// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QString>

class SimStore;

/// core/v1 Events as the simulated controllers record them (VolSync's recorder, the Job controller, the
/// kubelet, the PV controller): one Event per involved object, reason and message, counted up and re-stamped
/// when it repeats, as client-go's event correlator does.
class SimEvents
{
public:
    enum class Type { Normal, Warning };

    /// Records (or counts up) an Event about `involved` (any stored object) in its namespace.
    /// `component` is the reporter ("volsync", "job-controller", "kubelet", "persistentvolume-controller").
    /// `related` (optional) is a second object, as VolSync's events.k8s.io recorder names one.
    static void record(SimStore *store, const QJsonObject &involved, Type type, const QString &reason,
        const QString &message, const QString &component, const QString &action = {}, const QJsonObject &related = {});
};
