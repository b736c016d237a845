// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

class QWidget;

/// Geometry checks of a laid-out window, with the widgets' own sizes and font metrics (issue 13 item 12): what
/// a person would see cut off, found without looking. Each problem is one line naming the widget.
/// - a label whose text is wider (or, wrapped, taller) than the label;
/// - a button narrower than its text and icon, or disabled but drawn in an enabled button's text colour;
/// - a header section narrower than its title, a cell narrower than its text (elided), columns wider than their
///   view (to be read only by scrolling sideways);
/// - a widget that sticks out of its parent (clipped), unless the parent is a scroll area's viewport;
/// - two widgets of one layout that overlap.
/// Hidden widgets, pages of stacked widgets that are not shown and Qt's own internals (of combo boxes, spin
/// boxes, tool bars, scroll bars) are left out.
class LayoutAudit
{
public:
    /// The problems of `window`'s widgets (`window` may also be a part of a window, such as a page).
    [[nodiscard]] static QStringList problems(QWidget *window);
    /// "relationshipsView > QHeaderView" style path for messages.
    [[nodiscard]] static QString describe(const QWidget *widget);
};
