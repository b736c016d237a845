// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QStringList>

class QMenu;
class QWidget;

/// Finds mnemonic clashes (two different texts using the same Alt+letter) among the controls a person can reach
/// at the same time: the buttons, buddied labels, group boxes and tab bars of one window, and the menu bar's
/// titles. Pages of a stacked widget (and tab pages) are alternatives: each page is checked together with
/// what is around it, not with its sibling pages. Hidden controls count (they show up with a state change:
/// the Cancel Sync button while a sync runs). Each menu is a scope of its own (menuClashes).
class MnemonicScope
{
public:
    /// The clashes among `roots` (widgets of one window; each root with its children), as
    /// "Alt+c: &Copy | &Cancel Sync" lines; empty when there are none.
    [[nodiscard]] static QStringList clashes(const QList<QWidget *> &roots);
    /// The clashes among the items of `menu` and, one level down, of each of its submenus.
    [[nodiscard]] static QStringList menuClashes(QMenu *menu);
    /// The letter after the mnemonic '&' of `text`, or a null QChar ("&&" is a literal '&').
    [[nodiscard]] static QChar mnemonic(const QString &text);
};
