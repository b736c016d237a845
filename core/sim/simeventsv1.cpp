// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simeventsv1.h"

#include "sim/simcorevalidator.h"
#include "sim/simfielderrors.h"
#include "sim/simresourceinfo.h"
#include "sim/simstatus.h"

#include <QJsonDocument>

using namespace SimFieldErrors;

namespace {

const QString kEventsV1 = QStringLiteral("events.k8s.io/v1");

// core/v1 field -> events.k8s.io/v1 field, for the fields whose names differ.
const QList<QPair<QString, QString>> &renamed()
{
    static const QList<QPair<QString, QString>> fields = {
        {QStringLiteral("involvedObject"), QStringLiteral("regarding")},
        {QStringLiteral("message"), QStringLiteral("note")},
        {QStringLiteral("reportingComponent"), QStringLiteral("reportingController")},
        {QStringLiteral("source"), QStringLiteral("deprecatedSource")},
        {QStringLiteral("firstTimestamp"), QStringLiteral("deprecatedFirstTimestamp")},
        {QStringLiteral("lastTimestamp"), QStringLiteral("deprecatedLastTimestamp")},
        {QStringLiteral("count"), QStringLiteral("deprecatedCount")},
    };
    return fields;
}

QString v1Name(const QString &coreName)
{
    for (const auto &[core, v1] : renamed()) {
        if (core == coreName)
            return v1;
    }
    return coreName;
}

QString coreName(const QString &v1Name)
{
    for (const auto &[core, v1] : renamed()) {
        if (v1 == v1Name)
            return core;
    }
    return v1Name;
}

const QStringList &v1Fields()
{
    static const QStringList fields = {QStringLiteral("apiVersion"), QStringLiteral("kind"), QStringLiteral("metadata"),
        QStringLiteral("eventTime"), QStringLiteral("series"), QStringLiteral("reportingController"),
        QStringLiteral("reportingInstance"), QStringLiteral("action"), QStringLiteral("reason"),
        QStringLiteral("regarding"), QStringLiteral("related"), QStringLiteral("note"), QStringLiteral("type"),
        QStringLiteral("deprecatedSource"), QStringLiteral("deprecatedFirstTimestamp"),
        QStringLiteral("deprecatedLastTimestamp"), QStringLiteral("deprecatedCount")};
    return fields;
}

// Go's omitempty: the v1 type leaves these out when empty (regarding, deprecatedSource and the timestamps are
// structs, which encoding/json always writes).
bool omittedWhenEmpty(const QString &v1Field, const QJsonValue &value)
{
    static const QStringList omitEmpty = {QStringLiteral("series"), QStringLiteral("reportingController"),
        QStringLiteral("reportingInstance"), QStringLiteral("action"), QStringLiteral("reason"),
        QStringLiteral("related"), QStringLiteral("note"), QStringLiteral("type"), QStringLiteral("deprecatedCount")};
    if (!omitEmpty.contains(v1Field))
        return false;
    return value.isNull() || value.isUndefined() || (value.isString() && value.toString().isEmpty())
        || (value.isDouble() && value.toDouble() == 0) || (value.isObject() && value.toObject().isEmpty());
}

bool isUnset(const QJsonValue &value)
{
    return value.isNull() || value.isUndefined() || (value.isString() && value.toString().isEmpty())
        || (value.isDouble() && value.toDouble() == 0);
}

QString rewriteStatusMessage(QString message)
{
    // The core/v1 names of the resource in the apiserver's messages, and their events.k8s.io forms.
    static const QList<QPair<QString, QString>> names = {
        {QStringLiteral("events \""), QStringLiteral("events.events.k8s.io \"")},
        {QStringLiteral("events is forbidden"), QStringLiteral("events.events.k8s.io is forbidden")},
        {QStringLiteral("in API group \"\""), QStringLiteral("in API group \"events.k8s.io\"")},
    };
    for (const auto &[core, v1] : names) {
        const qsizetype at = message.indexOf(core);
        if (at >= 0)
            message.replace(at, core.size(), v1);
    }
    return message;
}

} // namespace

QString SimEventsV1::apiVersion()
{
    return kEventsV1;
}

const SimResourceInfo &SimEventsV1::resource()
{
    static const SimResourceInfo info = [] {
        SimResourceInfo events = *simResource(QStringLiteral("events"));
        events.group = QStringLiteral("events.k8s.io");
        events.version = QStringLiteral("v1");
        return events;
    }();
    return info;
}

bool SimEventsV1::isEventsPath(const QStringList &segments)
{
    if (segments.value(0) == QLatin1String("events"))
        return segments.size() <= 2;
    return segments.value(0) == QLatin1String("namespaces") && segments.value(2) == QLatin1String("events")
        && segments.size() <= 4;
}

QJsonObject SimEventsV1::fromCore(const QJsonObject &event)
{
    QJsonObject shown;
    for (auto it = event.begin(); it != event.end(); ++it) {
        const QString key = v1Name(it.key());
        if (key == QLatin1String("apiVersion"))
            shown.insert(key, kEventsV1);
        else if (!omittedWhenEmpty(key, it.value()))
            shown.insert(key, it.value());
    }
    return shown;
}

QJsonObject SimEventsV1::toCore(const QJsonObject &event)
{
    QJsonObject core;
    for (auto it = event.begin(); it != event.end(); ++it) {
        if (it.key() == QLatin1String("apiVersion") && it.value().toString() == kEventsV1)
            core.insert(it.key(), QStringLiteral("v1"));
        else
            core.insert(coreName(it.key()), it.value());
    }
    return core;
}

QStringList SimEventsV1::unknownTopLevelFields(const QJsonObject &event)
{
    QStringList unknown;
    for (auto it = event.begin(); it != event.end(); ++it) {
        if (!v1Fields().contains(it.key()))
            unknown.append(it.key());
    }
    return unknown;
}

std::optional<QString> SimEventsV1::coreFieldSelector(const QString &selector, QString *error)
{
    // events.k8s.io/v1's field label conversion: these labels, each mapped onto the core/v1 one.
    static const QList<QPair<QString, QString>> labels = {{QStringLiteral("metadata.name"), {}},
        {QStringLiteral("metadata.namespace"), {}}, {QStringLiteral("reason"), {}}, {QStringLiteral("type"), {}},
        {QStringLiteral("reportingController"), QStringLiteral("reportingComponent")},
        {QStringLiteral("regarding.kind"), QStringLiteral("involvedObject.kind")},
        {QStringLiteral("regarding.namespace"), QStringLiteral("involvedObject.namespace")},
        {QStringLiteral("regarding.name"), QStringLiteral("involvedObject.name")},
        {QStringLiteral("regarding.uid"), QStringLiteral("involvedObject.uid")},
        {QStringLiteral("regarding.apiVersion"), QStringLiteral("involvedObject.apiVersion")},
        {QStringLiteral("regarding.resourceVersion"), QStringLiteral("involvedObject.resourceVersion")},
        {QStringLiteral("regarding.fieldPath"), QStringLiteral("involvedObject.fieldPath")}};
    if (selector.trimmed().isEmpty())
        return selector;
    // Terms are separated by commas that are not escaped ("\,"); each is KEY=VALUE, KEY==VALUE or KEY!=VALUE.
    QStringList terms;
    QString term;
    for (qsizetype i = 0; i < selector.size(); ++i) {
        const QChar c = selector.at(i);
        if (c == QLatin1Char('\\') && i + 1 < selector.size()) {
            term += c;
            term += selector.at(++i);
        } else if (c == QLatin1Char(',')) {
            terms.append(term);
            term.clear();
        } else {
            term += c;
        }
    }
    terms.append(term);
    QStringList converted;
    for (const QString &text : std::as_const(terms)) {
        qsizetype op = text.indexOf(QLatin1String("!="));
        if (op < 0)
            op = text.indexOf(QLatin1Char('='));
        if (op < 0) {
            converted.append(text); // the core parser names what is wrong with it
            continue;
        }
        const QString key = text.left(op).trimmed();
        auto found
            = std::find_if(labels.cbegin(), labels.cend(), [&key](const auto &label) { return label.first == key; });
        if (found == labels.cend()) {
            *error = QStringLiteral("field label not supported: %1").arg(key);
            return std::nullopt;
        }
        converted.append((found->second.isEmpty() ? key : found->second) + text.mid(op));
    }
    return converted.join(QLatin1Char(','));
}

QJsonArray SimEventsV1::validate(const QJsonObject &event, const QJsonObject *current)
{
    // The rules every Event passes (legacyValidateEvent), with the reporting controller under its v1 name.
    QJsonArray causes;
    for (const QJsonValue &value : SimCoreValidator::validate(*simResource(QStringLiteral("events")), event, current)) {
        QJsonObject legacy = value.toObject();
        if (legacy.value(QStringLiteral("field")).toString() == QLatin1String("reportingComponent"))
            legacy.insert(QStringLiteral("field"), QStringLiteral("reportingController"));
        causes.append(legacy);
    }
    const QJsonObject series = event.value(QStringLiteral("series")).toObject();
    auto validateSeries = [&] {
        if (!event.contains(QStringLiteral("series")) || event.value(QStringLiteral("series")).isNull())
            return;
        if (series.value(QStringLiteral("count")).toInteger() < 2)
            causes.append(invalid(
                QStringLiteral("series.count"), QStringLiteral("\"\""), QStringLiteral("should be at least 2")));
        if (isUnset(series.value(QStringLiteral("lastObservedTime"))))
            causes.append(required(QStringLiteral("series.lastObservedTime")));
    };
    if (current) {
        // ValidateEventUpdate: what an Event says does not change; only its series (and metadata) may.
        if (event.value(QStringLiteral("series")) != current->value(QStringLiteral("series")))
            validateSeries();
        for (const char *field :
            {"involvedObject", "reason", "message", "source", "firstTimestamp", "lastTimestamp", "count", "reason",
                "type", "eventTime", "action", "related", "reportingComponent", "reportingInstance"}) {
            const QString key = QLatin1String(field);
            const QJsonValue before = current->value(key);
            const QJsonValue after = event.value(key);
            const bool same = before == after || (isUnset(before) && isUnset(after))
                || (before.isObject() && before.toObject().isEmpty() && after.isUndefined())
                || (after.isObject() && after.toObject().isEmpty() && before.isUndefined());
            if (!same) {
                // field.Invalid(path, newValue, "field is immutable"); the reporting controller keeps its v1 name.
                const QString path
                    = key == QLatin1String("reportingComponent") ? QStringLiteral("reportingController") : key;
                QString shown;
                if (after.isString())
                    shown = quoted(after.toString());
                else if (after.isDouble())
                    shown = QString::number(after.toInteger());
                else
                    shown = QString::fromUtf8(
                        QJsonDocument(QJsonObject {{QStringLiteral("v"), after}}).toJson(QJsonDocument::Compact))
                                .mid(5)
                                .chopped(1);
                causes.append(invalid(path, shown, QStringLiteral("field is immutable")));
            }
        }
        return causes;
    }
    // ValidateEventCreate for events.k8s.io/v1: an object-meta name, eventTime, a known type, no deprecated fields.
    const QString name = event.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString();
    for (const QString &error : dns1123Subdomain(name))
        causes.append(invalid(QStringLiteral("metadata.name"), quoted(name), error));
    validateSeries();
    if (isUnset(event.value(QStringLiteral("eventTime"))))
        causes.append(required(QStringLiteral("eventTime")));
    const QString type = event.value(QStringLiteral("type")).toString();
    if (type != QLatin1String("Normal") && type != QLatin1String("Warning"))
        causes.append(
            invalid(QStringLiteral("type"), QStringLiteral("\"\""), QStringLiteral("has invalid value: ") + type));
    // The apiserver names these by their core/v1 fields.
    for (const char *field : {"firstTimestamp", "lastTimestamp", "count"}) {
        if (!isUnset(event.value(QLatin1String(field))))
            causes.append(invalid(QLatin1String(field), QStringLiteral("\"\""), QStringLiteral("needs to be unset")));
    }
    const QJsonObject source = event.value(QStringLiteral("source")).toObject();
    if (!source.value(QStringLiteral("component")).toString().isEmpty()
        || !source.value(QStringLiteral("host")).toString().isEmpty())
        causes.append(invalid(QStringLiteral("source"), QStringLiteral("\"\""), QStringLiteral("needs to be unset")));
    return causes;
}

QByteArray SimEventsV1::answerBody(const QByteArray &body)
{
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (!document.isObject())
        return body;
    QJsonObject answer = document.object();
    const QString kind = answer.value(QStringLiteral("kind")).toString();
    if (kind == QLatin1String("Event")) {
        answer = fromCore(answer);
    } else if (kind == QLatin1String("EventList")) {
        answer.insert(QStringLiteral("apiVersion"), kEventsV1);
        QJsonArray items = answer.value(QStringLiteral("items")).toArray();
        for (qsizetype i = 0; i < items.size(); ++i)
            items.replace(i, fromCore(items.at(i).toObject()));
        answer.insert(QStringLiteral("items"), items);
    } else if (kind == QLatin1String("Status")) {
        QJsonObject details = answer.value(QStringLiteral("details")).toObject();
        if (details.value(QStringLiteral("kind")).toString() != QLatin1String("events")
            || details.contains(QStringLiteral("group")))
            return body;
        // Statuses that name the resource (not found, exists, conflict, forbidden, deleted) name it with its group.
        details.insert(QStringLiteral("group"), QStringLiteral("events.k8s.io"));
        answer.insert(QStringLiteral("details"), details);
        if (answer.contains(QStringLiteral("message")))
            answer.insert(
                QStringLiteral("message"), rewriteStatusMessage(answer.value(QStringLiteral("message")).toString()));
    } else {
        return body;
    }
    return SimStatus::toJson(answer);
}
