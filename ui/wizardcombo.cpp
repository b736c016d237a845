// SPDX-License-Identifier: GPL-3.0-or-later
#include "wizardcombo.h"

#include <QComboBox>

void WizardCombo::setItems(QComboBox *combo, const QList<std::pair<QString, QString>> &items, const QString &wanted)
{
    bool same = combo->count() == items.size();
    for (int i = 0; same && i < items.size(); ++i) {
        same = combo->itemText(i) == items.at(i).first && combo->itemData(i).toString() == items.at(i).second;
    }
    if (!same) {
        const QSignalBlocker blocker(combo);
        combo->clear();
        for (const auto &[text, value] : items) {
            combo->addItem(text, value);
        }
    }
    int index = combo->findData(wanted);
    if (index < 0) {
        index = combo->count() > 0 ? 0 : -1;
    }
    const QSignalBlocker blocker(combo);
    combo->setCurrentIndex(index);
}

bool WizardCombo::selectData(QComboBox *combo, const QString &value)
{
    const int index = combo->findData(value);
    if (index < 0) {
        return false;
    }
    combo->setCurrentIndex(index);
    return true;
}
