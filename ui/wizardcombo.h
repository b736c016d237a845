// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

class QComboBox;

/// Filling the wizard's combo boxes from the inventory without losing the choice.
class WizardCombo
{
public:
    /// Replaces the items (text, value) when they differ, without signals, keeping `wanted` selected when it is
    /// there (else the first item). Emits nothing: the caller reads the selection back into the draft.
    static void setItems(QComboBox *combo, const QList<std::pair<QString, QString>> &items, const QString &wanted);
    /// Selects the item with value `value`; false when there is none.
    static bool selectData(QComboBox *combo, const QString &value);
};
