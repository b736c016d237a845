// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>

/// The rows of kube-apiserver's Table for core/v1 Events (what `kubectl get events` prints: LAST SEEN, TYPE,
/// REASON, OBJECT, MESSAGE, and at -o wide SUBOBJECT, SOURCE, FIRST SEEN, COUNT, NAME).
class SimEventTable
{
public:
    [[nodiscard]] static QJsonArray columnDefinitions();
    [[nodiscard]] static QJsonArray cells(const QJsonObject &event, const QDateTime &now);
};
