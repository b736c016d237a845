// SPDX-License-Identifier: GPL-3.0-or-later
#include "troubleshootevent.h"

#include "troubleshootsnapshot.h"

#include <QSet>

#include <algorithm>

QString TroubleshootEvent::text() const
{
    return QStringLiteral("%1  %2  %3  %4  %5/%6  %7%8")
        .arg(time.isValid() ? time.toUTC().toString(Qt::ISODate) : QStringLiteral("-"), context, type, reason,
            objectKind, objectName, message, count > 1 ? QStringLiteral(" (x%1)").arg(count) : QString());
}

TroubleshootEvent TroubleshootEvent::fromJson(const QJsonObject &event, const QString &role, const QString &context)
{
    TroubleshootEvent out;
    out.role = role;
    out.context = context;
    for (const char *key : {"lastTimestamp", "eventTime", "firstTimestamp"}) {
        const QString value = event.value(QLatin1String(key)).toString();
        if (!value.isEmpty()) {
            out.time = QDateTime::fromString(value, Qt::ISODateWithMs);
            break;
        }
    }
    if (!out.time.isValid()) {
        out.time = QDateTime::fromString(
            event.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("creationTimestamp")).toString(),
            Qt::ISODate);
    }
    out.type = event.value(QStringLiteral("type")).toString();
    out.reason = event.value(QStringLiteral("reason")).toString();
    // core/v1 names the object involvedObject and the text message; events.k8s.io/v1 regarding and note.
    const QJsonObject involved = event.contains(QStringLiteral("involvedObject"))
        ? event.value(QStringLiteral("involvedObject")).toObject()
        : event.value(QStringLiteral("regarding")).toObject();
    out.objectKind = involved.value(QStringLiteral("kind")).toString();
    out.objectName = involved.value(QStringLiteral("name")).toString();
    out.message = event.contains(QStringLiteral("message")) ? event.value(QStringLiteral("message")).toString()
                                                            : event.value(QStringLiteral("note")).toString();
    out.count = qMax(1, event.value(QStringLiteral("count")).toInt(1));
    return out;
}

namespace {

QString identityOf(const QJsonObject &event)
{
    const QJsonObject meta = event.value(QStringLiteral("metadata")).toObject();
    const QString uid = meta.value(QStringLiteral("uid")).toString();
    return uid.isEmpty() ? meta.value(QStringLiteral("namespace")).toString() + QLatin1Char('/')
            + meta.value(QStringLiteral("name")).toString()
                         : uid;
}

// An events.k8s.io/v1 Event with core/v1's field names (the conversion kube-apiserver does between the two).
QJsonObject asCoreV1(const QJsonObject &event)
{
    QJsonObject out = event;
    out.insert(QStringLiteral("apiVersion"), QStringLiteral("v1"));
    const QList<QPair<QString, QString>> renamed = {{QStringLiteral("regarding"), QStringLiteral("involvedObject")},
        {QStringLiteral("note"), QStringLiteral("message")},
        {QStringLiteral("deprecatedSource"), QStringLiteral("source")},
        {QStringLiteral("deprecatedFirstTimestamp"), QStringLiteral("firstTimestamp")},
        {QStringLiteral("deprecatedLastTimestamp"), QStringLiteral("lastTimestamp")},
        {QStringLiteral("deprecatedCount"), QStringLiteral("count")}};
    for (const auto &[from, to] : renamed) {
        if (out.contains(from)) {
            out.insert(to, out.take(from));
        }
    }
    // A series (a repeated Event, newer reporters) counts and dates it.
    const QJsonObject series = out.value(QStringLiteral("series")).toObject();
    if (series.contains(QStringLiteral("count"))) {
        out.insert(QStringLiteral("count"), series.value(QStringLiteral("count")));
    }
    if (series.contains(QStringLiteral("lastObservedTime"))) {
        out.insert(QStringLiteral("lastTimestamp"), series.value(QStringLiteral("lastObservedTime")));
    }
    return out;
}

} // namespace

QList<QJsonObject> TroubleshootEvent::mergeApis(const QList<QJsonObject> &coreV1, const QList<QJsonObject> &eventsV1)
{
    QList<QJsonObject> merged = coreV1;
    QSet<QString> seen;
    for (const QJsonObject &event : coreV1) {
        seen.insert(identityOf(event));
    }
    for (const QJsonObject &event : eventsV1) {
        if (!seen.contains(identityOf(event))) {
            seen.insert(identityOf(event));
            merged.append(asCoreV1(event));
        }
    }
    return merged;
}

QList<TroubleshootEvent> TroubleshootEvent::timeline(const TroubleshootSnapshot &snapshot)
{
    QList<TroubleshootEvent> events;
    for (const std::optional<TroubleshootSide> &side : {snapshot.source, snapshot.destination}) {
        if (!side) {
            continue;
        }
        for (const QJsonObject &event : side->events) {
            events.append(fromJson(event, side->role, side->context));
        }
    }
    std::stable_sort(events.begin(), events.end(),
        [](const TroubleshootEvent &a, const TroubleshootEvent &b) { return a.time < b.time; });
    return events;
}
