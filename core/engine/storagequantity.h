// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

/// A Kubernetes resource quantity ("3Gi", "500M", "1.5T", "2e9") as a number of bytes, to compare sizes.
class StorageQuantity
{
public:
    /// Nothing when `text` is not a quantity.
    [[nodiscard]] static std::optional<double> bytes(const QString &text);
    /// -1, 0 or 1; nothing when either is not a quantity.
    [[nodiscard]] static std::optional<int> compare(const QString &left, const QString &right);
};
