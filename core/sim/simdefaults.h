// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QString>

#include <functional>
#include <optional>

struct SimResourceInfo;

/// What kube-apiserver does to a request's object before validating it: decoding (a Secret's stringData merged
/// into data) and defaulting (PVC volumeMode, Service type, ports, traffic policies, IP families), and on updates
/// keeping what the server allocated (a Service's cluster IPs and node ports).
class SimDefaults
{
public:
    /// Decodes `object` in place; an error message (answered as 400 BadRequest) when it cannot be decoded.
    [[nodiscard]] static std::optional<QString> decode(const SimResourceInfo &info, QJsonObject &object);
    /// Fills in defaults. `current`: the stored object on updates (allocated values are kept from it).
    /// `ipInUse` tells whether a cluster IP is taken (for allocation on create).
    static void apply(const SimResourceInfo &info, QJsonObject &object, const QJsonObject *current,
        const std::function<bool(const QString &)> &ipInUse);
    /// The status a new object starts with (PVC: Pending; Service: an empty loadBalancer; Pod: Pending with its QoS
    /// class); empty when none.
    /// What a kind's registry derives from a new object's uid (a Job's selector and template labels); the store
    /// calls it after giving the object its uid.
    static void prepareForCreate(const SimResourceInfo &info, QJsonObject &object);
    [[nodiscard]] static QJsonObject initialStatus(const SimResourceInfo &info, const QJsonObject &object);
};
