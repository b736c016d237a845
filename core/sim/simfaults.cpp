// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simfaults.h"

QJsonObject SimFaults::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("latencyMs"), latencyMs);
    json.insert(QStringLiteral("throttleRate"), throttleRate);
    json.insert(QStringLiteral("retryAfterSeconds"), retryAfterSeconds);
    json.insert(QStringLiteral("serverErrorRate"), serverErrorRate);
    json.insert(QStringLiteral("unavailableRate"), unavailableRate);
    json.insert(QStringLiteral("dropWatchSeconds"), dropWatchSeconds);
    json.insert(QStringLiteral("historyWindow"), historyWindow);
    json.insert(QStringLiteral("refuseUntil"),
        refuseUntil.isValid() ? refuseUntil.toUTC().toString(Qt::ISODateWithMs) : QString());
    json.insert(QStringLiteral("moverFailRate"), moverFailRate);
    json.insert(QStringLiteral("down"), down);
    return json;
}

SimFaults SimFaults::fromJson(const QJsonObject &json)
{
    return fromJson(json, SimFaults());
}

SimFaults SimFaults::fromJson(const QJsonObject &json, const SimFaults &base)
{
    SimFaults faults = base;
    auto clampRate = [](double rate) { return qBound(0.0, rate, 1.0); };
    if (json.contains(QStringLiteral("latencyMs")))
        faults.latencyMs = qMax(0, json.value(QStringLiteral("latencyMs")).toInt());
    if (json.contains(QStringLiteral("throttleRate")))
        faults.throttleRate = clampRate(json.value(QStringLiteral("throttleRate")).toDouble());
    if (json.contains(QStringLiteral("retryAfterSeconds")))
        faults.retryAfterSeconds = qMax(0, json.value(QStringLiteral("retryAfterSeconds")).toInt());
    if (json.contains(QStringLiteral("serverErrorRate")))
        faults.serverErrorRate = clampRate(json.value(QStringLiteral("serverErrorRate")).toDouble());
    if (json.contains(QStringLiteral("unavailableRate")))
        faults.unavailableRate = clampRate(json.value(QStringLiteral("unavailableRate")).toDouble());
    if (json.contains(QStringLiteral("dropWatchSeconds")))
        faults.dropWatchSeconds = qMax(0, json.value(QStringLiteral("dropWatchSeconds")).toInt());
    if (json.contains(QStringLiteral("historyWindow")))
        faults.historyWindow = qMax(0, json.value(QStringLiteral("historyWindow")).toInt());
    if (json.contains(QStringLiteral("refuseUntil"))) {
        const QString text = json.value(QStringLiteral("refuseUntil")).toString();
        faults.refuseUntil = text.isEmpty() ? QDateTime() : QDateTime::fromString(text, Qt::ISODateWithMs);
    }
    if (json.contains(QStringLiteral("refuseForMs"))) {
        const qint64 ms = json.value(QStringLiteral("refuseForMs")).toInteger();
        faults.refuseUntil = ms > 0 ? QDateTime::currentDateTimeUtc().addMSecs(ms) : QDateTime();
    }
    if (json.contains(QStringLiteral("moverFailRate")))
        faults.moverFailRate = clampRate(json.value(QStringLiteral("moverFailRate")).toDouble());
    if (json.contains(QStringLiteral("down")))
        faults.down = json.value(QStringLiteral("down")).toBool();
    return faults;
}
