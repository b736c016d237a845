// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QtGlobal>

/// Kubernetes resource quantities as the simulator needs them.
class SimQuantity
{
public:
    /// Bytes of a quantity ("3Gi", "500M", "1.5Gi", "1024"); 0 when unparsable.
    [[nodiscard]] static qint64 bytes(const QString &quantity);
};
