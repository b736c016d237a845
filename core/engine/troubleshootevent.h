// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

struct TroubleshootSnapshot;

/// One core/v1 Event of a troubleshooter's snapshot, with the side and cluster it was read from: a line of the
/// timeline that `volsyncctl replication events` prints and the Troubleshoot tab shows.
struct TroubleshootEvent {
    QDateTime time; ///< lastTimestamp, else eventTime, firstTimestamp or the Event's creation (UTC)
    QString role; ///< "source" or "destination"
    QString context;
    QString type; ///< "Normal" or "Warning"
    QString reason;
    QString objectKind;
    QString objectName;
    QString message;
    int count = 1;

    [[nodiscard]] bool isWarning() const { return type == QLatin1String("Warning"); }
    /// "2026-12-06T16:34:12Z  kind  Warning  FailedBinding  PersistentVolumeClaim/x  message (x3)".
    [[nodiscard]] QString text() const;

    /// The Event as read from the API (core/v1 or events.k8s.io/v1 field names).
    [[nodiscard]] static TroubleshootEvent fromJson(
        const QJsonObject &event, const QString &role, const QString &context);
    /// One list in core/v1's shape from the Events read through core/v1 and through events.k8s.io/v1 (where the
    /// cluster serves it): both APIs show the same stored Events, so an Event read twice (same uid, else same
    /// name) is kept once, as core/v1 gave it; one seen only through events.k8s.io/v1 (regarding, note,
    /// deprecated* and series fields) is renamed to core/v1's fields, so the diagnosis reads one shape.
    [[nodiscard]] static QList<QJsonObject> mergeApis(
        const QList<QJsonObject> &coreV1, const QList<QJsonObject> &eventsV1);
    /// The Events of both sides of `snapshot`, oldest first (sides interleaved by time).
    [[nodiscard]] static QList<TroubleshootEvent> timeline(const TroubleshootSnapshot &snapshot);
};
