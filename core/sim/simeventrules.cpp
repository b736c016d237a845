// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simeventrules.h"

#include "sim/simfielderrors.h"

#include <QJsonDocument>
#include <QRegularExpression>

using namespace SimFieldErrors;

void SimEventRules::applyDefaults(QJsonObject &event)
{
    // Fields of the Event type without omitempty: every answer carries them.
    const QList<QPair<const char *, QJsonValue>> always = {{"involvedObject", QJsonObject()}, {"source", QJsonObject()},
        {"firstTimestamp", QJsonValue::Null}, {"lastTimestamp", QJsonValue::Null}, {"eventTime", QJsonValue::Null},
        {"reportingComponent", QString()}, {"reportingInstance", QString()}};
    for (const auto &[key, value] : always) {
        if (!event.contains(QLatin1String(key)))
            event.insert(QLatin1String(key), value);
    }
}

std::optional<QString> SimEventRules::decodeError(const QJsonObject &event)
{
    static const QRegularExpression microTime(
        QStringLiteral("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}(Z|[+-]\\d{2}:\\d{2})$"));
    const QJsonValue times[] = {event.value(QStringLiteral("eventTime")),
        event.value(QStringLiteral("series")).toObject().value(QStringLiteral("lastObservedTime"))};
    for (const QJsonValue &time : times) {
        if (time.isNull() || time.isUndefined())
            continue;
        if (!time.isString() || !microTime.match(time.toString()).hasMatch()) {
            return QStringLiteral("Event in version \"v1\" cannot be handled as a Event: parsing time \"%1\" as "
                                  "\"2006-01-02T15:04:05.000000Z07:00\": cannot parse it as a MicroTime")
                .arg(time.isString()
                        ? time.toString()
                        : QString::fromUtf8(QJsonDocument(QJsonArray {time}).toJson(QJsonDocument::Compact)));
        }
    }
    return std::nullopt;
}

QJsonArray SimEventRules::validate(const QJsonObject &event, const QString &ns)
{
    QJsonArray causes;
    const QString involvedNamespace
        = event.value(QStringLiteral("involvedObject")).toObject().value(QStringLiteral("namespace")).toString();
    const QString eventTime = event.value(QStringLiteral("eventTime")).toString();
    if (eventTime.isEmpty()) {
        // An old-style Event: its namespace is its object's (or "default" for cluster-scoped objects).
        const bool matches
            = involvedNamespace.isEmpty() ? (ns.isEmpty() || ns == QLatin1String("default")) : ns == involvedNamespace;
        if (!matches)
            causes.append(invalid(QStringLiteral("involvedObject.namespace"), quoted(involvedNamespace),
                QStringLiteral("does not match event.namespace")));
    } else {
        // A new-style Event (eventTime set) says who reported it and what happened. Through core/v1 the reporting
        // controller is the field reportingComponent.
        if (involvedNamespace.isEmpty() && ns != QLatin1String("default") && ns != QLatin1String("kube-system"))
            causes.append(invalid(QStringLiteral("involvedObject.namespace"), quoted(involvedNamespace),
                QStringLiteral("does not match event.namespace")));
        const QString controllerField = QStringLiteral("reportingComponent");
        const QString controller = event.value(controllerField).toString();
        if (controller.isEmpty())
            causes.append(required(controllerField));
        const QString qualified = QStringLiteral("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
        QString namePart = controller;
        if (controller.contains(QLatin1Char('/'))) {
            const QString prefix = controller.section(QLatin1Char('/'), 0, 0);
            namePart = controller.section(QLatin1Char('/'), 1);
            if (prefix.isEmpty())
                causes.append(
                    invalid(controllerField, quoted(controller), QStringLiteral("prefix part must be non-empty")));
            else
                for (const QString &error : dns1123Subdomain(prefix))
                    causes.append(invalid(controllerField, quoted(controller), QStringLiteral("prefix part ") + error));
        }
        if (namePart.isEmpty())
            causes.append(invalid(controllerField, quoted(controller), QStringLiteral("name part must be non-empty")));
        else if (namePart.size() > 63)
            causes.append(invalid(controllerField, quoted(controller), QStringLiteral("name part ") + maxLenError(63)));
        if (!fullMatch(qualified, namePart))
            causes.append(invalid(controllerField, quoted(controller),
                regexError(QStringLiteral("name part must consist of alphanumeric characters, '-', '_' or '.', and "
                                          "must start and end with an alphanumeric character"),
                    qualified, {QStringLiteral("MyName"), QStringLiteral("my.name"), QStringLiteral("123-abc")})));
        const QList<QPair<const char *, int>> limited = {{"reportingInstance", 128}, {"action", 128}, {"reason", 128}};
        for (const auto &[key, limit] : limited) {
            const QString value = event.value(QLatin1String(key)).toString();
            if (value.isEmpty())
                causes.append(required(QLatin1String(key)));
            else if (value.size() > limit)
                causes.append(invalid(QLatin1String(key), QStringLiteral("\"\""),
                    QStringLiteral("can have at most %1 characters").arg(limit)));
        }
        if (event.value(QStringLiteral("message")).toString().size() > 1024)
            causes.append(invalid(
                QStringLiteral("message"), QStringLiteral("\"\""), QStringLiteral("can have at most 1024 characters")));
    }
    for (const QString &error : dns1123Subdomain(ns))
        causes.append(invalid(QStringLiteral("namespace"), quoted(ns), error));
    return causes;
}

QStringList SimEventRules::pathSegmentNameErrors(const QString &name)
{
    QStringList errors;
    for (const char *bad : {".", ".."}) {
        if (name == QLatin1String(bad))
            errors.append(QStringLiteral("may not be '%1'").arg(QLatin1String(bad)));
    }
    for (const char *bad : {"/", "%"}) {
        if (name.contains(QLatin1String(bad)))
            errors.append(QStringLiteral("may not contain '%1'").arg(QLatin1String(bad)));
    }
    return errors;
}
