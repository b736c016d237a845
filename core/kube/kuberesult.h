// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "kubeerror.h"

#include <QJsonObject>
#include <QMetaType>

/// The outcome of one request as a plain value (for QFuture users): the JSON object of a success,
/// or the error.
struct KubeResult {
    QJsonObject json;
    KubeError error;
    int httpStatus = 0;

    [[nodiscard]] bool isOk() const { return !error.isError(); }
};

Q_DECLARE_METATYPE(KubeResult)
