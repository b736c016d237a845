// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <optional>

/// What kube-apiserver (current Kubernetes) does to a core/v1 Event written through the API: the fields it always
/// encodes (involvedObject, source, the timestamps and reportingComponent/Instance), and the validation of the
/// legacy events API (k8s.io/kubernetes/pkg/apis/core/validation/events.go: legacyValidateEvent). Event names are
/// only checked as path segments, as the apiserver does.
class SimEventRules
{
public:
    static void applyDefaults(QJsonObject &event);

    /// The decoder's error for an Event whose MicroTime fields (eventTime, series.lastObservedTime) are not
    /// RFC 3339 with exactly six decimals, as metav1.MicroTime requires; nullopt when it decodes.
    [[nodiscard]] static std::optional<QString> decodeError(const QJsonObject &event);

    /// Causes for writing `event` into namespace `ns` through core/v1.
    [[nodiscard]] static QJsonArray validate(const QJsonObject &event, const QString &ns);

    /// The apiserver's rule for names it only uses as a path segment ("." and "..", '/' and '%' are refused).
    [[nodiscard]] static QStringList pathSegmentNameErrors(const QString &name);
};
