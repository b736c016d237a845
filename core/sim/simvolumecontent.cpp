// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simvolumecontent.h"

QJsonObject SimVolumeContent::toJson() const
{
    return QJsonObject {{QStringLiteral("generation"), generation}, {QStringLiteral("bytes"), bytes}};
}

std::optional<SimVolumeContent> SimVolumeContent::fromJson(const QJsonObject &json, QString *error)
{
    const QJsonValue generation = json.value(QStringLiteral("generation"));
    const QJsonValue bytes = json.value(QStringLiteral("bytes"));
    if (!generation.isString() || generation.toString().size() > 253) {
        if (error)
            *error = QStringLiteral("expected {\"generation\": TEXT (at most 253 characters), \"bytes\": N}");
        return std::nullopt;
    }
    if (!bytes.isUndefined() && (!bytes.isDouble() || bytes.toDouble() < 0 || bytes.toDouble() > 9.0e15)) {
        if (error)
            *error = QStringLiteral("\"bytes\" must be a number of bytes from 0 to 9e15");
        return std::nullopt;
    }
    SimVolumeContent content;
    content.generation = generation.toString();
    content.bytes = bytes.isUndefined() ? 0 : qint64(bytes.toDouble());
    return content;
}
