// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

struct SimResourceInfo;

/// events.k8s.io/v1 Events: kube-apiserver keeps one store for them and core/v1 Events, and shows the same objects
/// in either shape (k8s.io/kubernetes/pkg/apis/events/v1/conversion.go): involvedObject is regarding, message is
/// note, reportingComponent is reportingController, and source, firstTimestamp, lastTimestamp and count are the
/// deprecated* fields. The simulator stores core/v1 Events (what its controllers record) and converts at the API.
/// Writes through events.k8s.io/v1 are validated as that version is (ValidateEventCreate/Update with the
/// events.k8s.io request version: eventTime, type, series, no deprecated fields, immutable fields).
class SimEventsV1
{
public:
    /// "events.k8s.io/v1"
    [[nodiscard]] static QString apiVersion();
    /// What discovery announces for events.k8s.io/v1 (plural "events": the same store as core/v1 Events).
    [[nodiscard]] static const SimResourceInfo &resource();
    /// `segments` of a path below /apis/events.k8s.io/v1/ ("events" or "namespaces/NS/events[/NAME]").
    [[nodiscard]] static bool isEventsPath(const QStringList &segments);

    /// A stored core/v1 Event as events.k8s.io/v1 shows it (other objects, such as bookmarks, keep their fields).
    [[nodiscard]] static QJsonObject fromCore(const QJsonObject &event);
    /// An events.k8s.io/v1 Event (or part of one: a merge patch) in core/v1 fields. Unknown fields stay as they are.
    [[nodiscard]] static QJsonObject toCore(const QJsonObject &event);
    /// The top-level fields of `event` that events.k8s.io/v1 does not know, in the object's key order.
    [[nodiscard]] static QStringList unknownTopLevelFields(const QJsonObject &event);

    /// The field selector of an events.k8s.io/v1 request in core/v1 labels (regarding.name -> involvedObject.name,
    /// reportingController -> reportingComponent), or nullopt and the apiserver's "field label not supported: X".
    [[nodiscard]] static std::optional<QString> coreFieldSelector(const QString &selector, QString *error);

    /// Causes for writing the core/v1 form of `event` into `ns` through events.k8s.io/v1 (`current`: the stored
    /// core/v1 Event an update replaces).
    [[nodiscard]] static QJsonArray validate(const QJsonObject &event, const QJsonObject *current);

    /// A core/v1 answer body (Event, EventList, Status, Table) as the events.k8s.io/v1 request gets it.
    [[nodiscard]] static QByteArray answerBody(const QByteArray &body);
};
