// SPDX-License-Identifier: GPL-3.0-or-later
#include "layoutaudit.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractScrollArea>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QLayout>
#include <QMenuBar>
#include <QScrollBar>
#include <QSplitterHandle>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabBar>
#include <QTableView>
#include <QTextDocument>
#include <QTextLayout>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>

namespace {

/// Parts of Qt's composite widgets: they lay themselves out.
bool isInternal(const QWidget *w, const QWidget *window)
{
    for (const QWidget *p = w->parentWidget(); p && p != window; p = p->parentWidget()) {
        if (qobject_cast<const QComboBox *>(p) || qobject_cast<const QAbstractSpinBox *>(p)
            || qobject_cast<const QToolBar *>(p) || qobject_cast<const QMenuBar *>(p)
            || qobject_cast<const QScrollBar *>(p) || qobject_cast<const QTabBar *>(p))
            return true;
    }
    return qobject_cast<const QScrollBar *>(w) || qobject_cast<const QSplitterHandle *>(w)
        || w->inherits("QDockWidgetTitleButton") || w->inherits("QToolBarExtension")
        || (w->inherits("QTabBar") && w->parentWidget() && w->parentWidget()->inherits("QMainWindow"))
        || w->objectName().startsWith(QLatin1String("qt_"));
}

bool isLaidOutBy(const QLayout *layout, const QWidget *w)
{
    if (!layout)
        return false;
    for (int i = 0; i < layout->count(); ++i) {
        QLayoutItem *item = layout->itemAt(i);
        if (item->widget() == w)
            return true;
        if (item->layout() && isLaidOutBy(item->layout(), w))
            return true;
    }
    return false;
}

QString plainText(const QLabel *label)
{
    const bool rich = label->textFormat() == Qt::RichText
        || (label->textFormat() == Qt::AutoText && Qt::mightBeRichText(label->text()));
    if (!rich)
        return label->text();
    QTextDocument doc;
    doc.setHtml(label->text());
    return doc.toPlainText();
}

void checkLabel(const QLabel *label, QStringList *out)
{
    if (label->text().isEmpty())
        return;
    const QRect contents = label->contentsRect();
    if (!label->wordWrap()) {
        const QSize needed = label->minimumSizeHint();
        if (label->width() < needed.width() || label->height() < needed.height())
            out->append(QStringLiteral("%1: text cut off (%2x%3 shown, %4x%5 needed): \"%6\"")
                            .arg(LayoutAudit::describe(label))
                            .arg(label->width())
                            .arg(label->height())
                            .arg(needed.width())
                            .arg(needed.height())
                            .arg(plainText(label).left(80)));
        return;
    }
    const int height = label->heightForWidth(label->width());
    if (height > label->height() + 1)
        out->append(QStringLiteral("%1: wrapped text cut off at the bottom (%2 px shown, %3 px needed): \"%4\"")
                        .arg(LayoutAudit::describe(label))
                        .arg(label->height())
                        .arg(height)
                        .arg(plainText(label).left(80)));
    // A word longer than the line is not broken: it is cut off at the right. Laid out as QLabel does (word
    // wrap, breaks where Unicode allows them, such as after a hyphen).
    QTextLayout lines(plainText(label), label->font());
    QTextOption wrap;
    wrap.setWrapMode(QTextOption::WordWrap);
    lines.setTextOption(wrap);
    const int width = contents.width() - 2 * label->margin() - qMax(0, label->indent());
    lines.beginLayout();
    for (QTextLine line = lines.createLine(); line.isValid(); line = lines.createLine()) {
        line.setLineWidth(width);
        if (line.naturalTextWidth() > width + 0.5) {
            out->append(QStringLiteral("%1: \"%2\" is wider than the label (%3 px)")
                            .arg(LayoutAudit::describe(label),
                                plainText(label).mid(line.textStart(), line.textLength()).trimmed())
                            .arg(width));
            break;
        }
    }
    lines.endLayout();
}

void checkButton(const QAbstractButton *button, QStringList *out)
{
    if (button->text().isEmpty())
        return;
    const QSize needed = button->sizeHint();
    if (button->width() < needed.width() || button->height() < button->minimumSizeHint().height())
        out->append(QStringLiteral("%1: \"%2\" cut off (%3 px wide, %4 px needed)")
                        .arg(LayoutAudit::describe(button), button->text())
                        .arg(button->width())
                        .arg(needed.width()));
    // A greyed-out button must look greyed out: its text colour differs from an enabled button's.
    if (!button->isEnabled()) {
        const QPalette &palette = button->palette();
        if (palette.color(QPalette::Disabled, QPalette::ButtonText)
            == palette.color(QPalette::Active, QPalette::ButtonText))
            out->append(QStringLiteral("%1: \"%2\" is disabled but drawn like an enabled button (same text colour)")
                            .arg(LayoutAudit::describe(button), button->text()));
    }
}

void checkHeader(const QHeaderView *header, QStringList *out)
{
    if (header->orientation() != Qt::Horizontal)
        return;
    for (int i = 0; i < header->count(); ++i) {
        if (header->isSectionHidden(i))
            continue;
        const int needed = header->sectionSizeHint(i);
        if (header->sectionSize(i) < needed)
            out->append(
                QStringLiteral("%1: column \"%2\" title cut off (%3 px wide, %4 px needed)")
                    .arg(LayoutAudit::describe(header), header->model()->headerData(i, Qt::Horizontal).toString())
                    .arg(header->sectionSize(i))
                    .arg(needed));
    }
}

/// Cells narrower than their text (elided), except in a column that stretches over the rest of the width
/// (free text such as messages: shown whole in the tool tip or a detail view); and columns that do not fit the
/// view, so that a person must scroll sideways to read them.
void checkCells(const QAbstractItemView *view, QStringList *out)
{
    const QHeaderView *header = nullptr;
    if (auto *tree = qobject_cast<const QTreeView *>(view))
        header = tree->header();
    else if (auto *table = qobject_cast<const QTableView *>(view))
        header = table->horizontalHeader();
    if (!header || !view->model())
        return;
    // (A tabified dock that is not the current tab waits off screen: nothing of it is seen.)
    const bool onScreen
        = QRect(view->mapTo(view->window(), QPoint(0, 0)), view->size()).intersects(view->window()->rect());
    if (onScreen && header->length() > view->viewport()->width())
        out->append(QStringLiteral("%1: columns need sideways scrolling (%2 px wide, %3 px shown)")
                        .arg(LayoutAudit::describe(view))
                        .arg(header->length())
                        .arg(view->viewport()->width()));
    for (int c = 0; c < header->count(); ++c) {
        if (header->isSectionHidden(c))
            continue;
        // A stretching column may elide (the whole text is in the tool tip), but not cut without an ellipsis.
        const bool stretches = header->sectionResizeMode(c) == QHeaderView::Stretch
            || (header->stretchLastSection()
                && header->visualIndex(c) == header->count() - 1 - header->hiddenSectionCount());
        if (stretches && view->textElideMode() != Qt::ElideNone)
            continue;
        const int needed = view->sizeHintForColumn(c);
        if (header->sectionSize(c) < needed)
            out->append(QStringLiteral("%1: cells of column \"%2\" cut off (%3 px wide, %4 px needed)")
                            .arg(LayoutAudit::describe(view), view->model()->headerData(c, Qt::Horizontal).toString())
                            .arg(header->sectionSize(c))
                            .arg(needed));
    }
}

/// A status bar paints its message from the left up to its permanent widgets, cut without an ellipsis.
void checkStatusBar(const QStatusBar *bar, QStringList *out)
{
    const QString message = bar->currentMessage();
    if (message.isEmpty())
        return;
    int room = bar->width();
    for (QObject *child : bar->children()) {
        auto *w = qobject_cast<QWidget *>(child);
        if (w && w->isVisible() && !w->inherits("QSizeGrip") && w->x() > 0)
            room = qMin(room, w->x());
    }
    // (The message starts a few pixels in, as QStatusBar draws it.)
    const int needed = bar->fontMetrics().horizontalAdvance(message) + 4;
    if (needed > room)
        out->append(QStringLiteral("%1: message cut off (%2 px shown, %3 px needed): \"%4\"")
                        .arg(LayoutAudit::describe(bar))
                        .arg(room)
                        .arg(needed)
                        .arg(message.left(80)));
}

} // namespace

QString LayoutAudit::describe(const QWidget *widget)
{
    QStringList parts;
    for (const QWidget *w = widget; w && parts.size() < 3; w = w->parentWidget()) {
        if (!w->objectName().isEmpty())
            parts.prepend(w->objectName());
        else if (w == widget)
            parts.prepend(QString::fromLatin1(w->metaObject()->className()));
    }
    return parts.join(QStringLiteral(" > "));
}

QStringList LayoutAudit::problems(QWidget *window)
{
    QStringList out;
    // (`window` may be one part of a window, such as a page of the main window: its widgets' window is the top.)
    const QWidget *top = window->window();
    const QList<QWidget *> widgets = window->findChildren<QWidget *>();
    for (QWidget *w : widgets) {
        if (w->window() != top || !w->isVisible() || isInternal(w, window))
            continue;
        if (auto *label = qobject_cast<QLabel *>(w))
            checkLabel(label, &out);
        else if (auto *button = qobject_cast<QAbstractButton *>(w); button && !qobject_cast<QToolButton *>(w))
            checkButton(button, &out);
        else if (auto *header = qobject_cast<QHeaderView *>(w))
            checkHeader(header, &out);
        else if (auto *view = qobject_cast<QAbstractItemView *>(w))
            checkCells(view, &out);
        else if (auto *bar = qobject_cast<QStatusBar *>(w))
            checkStatusBar(bar, &out);

        QWidget *parent = w->parentWidget();
        if (!parent || w->isWindow())
            continue;
        // Sticking out of the parent: clipped, unless the parent scrolls.
        const bool scrolls = parent->parentWidget() && qobject_cast<QAbstractScrollArea *>(parent->parentWidget())
            && static_cast<QAbstractScrollArea *>(parent->parentWidget())->viewport() == parent;
        // (Dock widgets are placed by the main window; a tabified one waits off screen.)
        if (!scrolls && !qobject_cast<QAbstractScrollArea *>(parent) && !qobject_cast<QDockWidget *>(w)
            && !parent->rect().contains(w->geometry()))
            out.append(QStringLiteral("%1: sticks out of %2 (%3,%4 %5x%6 in %7x%8)")
                           .arg(describe(w), describe(parent))
                           .arg(w->x())
                           .arg(w->y())
                           .arg(w->width())
                           .arg(w->height())
                           .arg(parent->width())
                           .arg(parent->height()));
    }
    // Overlapping siblings of one layout.
    for (QWidget *parent : widgets + QList<QWidget *> {window}) {
        if (parent->window() != top || !parent->isVisible() || !parent->layout() || isInternal(parent, window))
            continue;
        QList<QWidget *> laidOut;
        for (QObject *child : parent->children()) {
            auto *w = qobject_cast<QWidget *>(child);
            if (w && w->isVisible() && !w->isWindow() && isLaidOutBy(parent->layout(), w))
                laidOut.append(w);
        }
        for (qsizetype i = 0; i < laidOut.size(); ++i) {
            for (qsizetype j = i + 1; j < laidOut.size(); ++j) {
                if (laidOut.at(i)->geometry().intersects(laidOut.at(j)->geometry()))
                    out.append(QStringLiteral("%1 overlaps %2").arg(describe(laidOut.at(i)), describe(laidOut.at(j))));
            }
        }
    }
    return out;
}
