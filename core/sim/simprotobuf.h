// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

/// Decodes the Kubernetes protobuf bodies kubectl sends for typed creates (`kubectl create namespace`,
/// `kubectl create secret generic`): the "k8s\0" envelope (runtime.Unknown) with a Namespace or a Secret.
/// Other kinds give nothing and a message for a person.
class SimProtobuf
{
public:
    [[nodiscard]] static bool isProtobuf(const QByteArray &contentType);
    [[nodiscard]] static std::optional<QJsonObject> decode(const QByteArray &body, QString *error);
};
