// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnemonicscope.h"

#include <QAbstractButton>
#include <QAction>
#include <QGroupBox>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMultiHash>
#include <QSet>
#include <QStackedWidget>
#include <QTabBar>
#include <QToolButton>

namespace {

using Entries = QList<std::pair<QChar, QString>>;

void addText(Entries *out, const QString &text)
{
    const QChar letter = MnemonicScope::mnemonic(text);
    if (!letter.isNull())
        out->append({letter.toLower(), text});
}

void addWidget(Entries *out, QWidget *w)
{
    if (auto *label = qobject_cast<QLabel *>(w); label && label->buddy()) {
        addText(out, label->text());
    } else if (qobject_cast<QToolButton *>(w) && static_cast<QToolButton *>(w)->defaultAction()) {
        // A tool bar's button shows its action's iconText, without a mnemonic.
    } else if (auto *button = qobject_cast<QAbstractButton *>(w)) {
        addText(out, button->text());
    } else if (auto *group = qobject_cast<QGroupBox *>(w)) {
        addText(out, group->title());
    } else if (auto *tabs = qobject_cast<QTabBar *>(w)) {
        for (int t = 0; t < tabs->count(); ++t)
            addText(out, tabs->tabText(t));
    } else if (auto *bar = qobject_cast<QMenuBar *>(w)) {
        for (QAction *action : bar->actions())
            addText(out, action->text());
    }
}

/// The entries of `root`'s subtree, stopping at stacked widgets (collected into `stacks`).
void collect(QWidget *root, Entries *out, QList<QStackedWidget *> *stacks)
{
    addWidget(out, root);
    for (QObject *child : root->children()) {
        auto *w = qobject_cast<QWidget *>(child);
        if (!w || w->isWindow()) // dialogs and menus are scopes of their own
            continue;
        if (auto *stack = qobject_cast<QStackedWidget *>(w)) {
            stacks->append(stack);
            continue;
        }
        collect(w, out, stacks);
    }
}

QStringList clashesOf(const Entries &entries)
{
    QMultiHash<QChar, QString> byLetter;
    for (const auto &[letter, text] : entries)
        byLetter.insert(letter, text);
    QStringList out;
    for (const QChar c : byLetter.uniqueKeys()) {
        const QStringList texts = byLetter.values(c);
        const QSet<QString> distinct(texts.begin(), texts.end());
        if (distinct.size() > 1) {
            QStringList sorted(distinct.begin(), distinct.end());
            sorted.sort();
            out.append(QStringLiteral("Alt+%1: %2").arg(c, sorted.join(QStringLiteral(" | "))));
        }
    }
    return out;
}

/// Checks `base` together with each page of each stack, pages of nested stacks included.
void checkPages(const Entries &base, QList<QStackedWidget *> stacks, QSet<QString> *found)
{
    if (stacks.isEmpty()) {
        for (const QString &line : clashesOf(base))
            found->insert(line);
        return;
    }
    QStackedWidget *stack = stacks.takeFirst();
    if (stack->count() == 0) {
        checkPages(base, stacks, found);
        return;
    }
    for (int i = 0; i < stack->count(); ++i) {
        Entries withPage = base;
        QList<QStackedWidget *> nested = stacks;
        collect(stack->widget(i), &withPage, &nested);
        checkPages(withPage, nested, found);
    }
}

} // namespace

QChar MnemonicScope::mnemonic(const QString &text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('&'))
            continue;
        if (text.at(i + 1) != QLatin1Char('&'))
            return text.at(i + 1);
        ++i;
    }
    return {};
}

QStringList MnemonicScope::clashes(const QList<QWidget *> &roots)
{
    Entries base;
    QList<QStackedWidget *> stacks;
    for (QWidget *root : roots) {
        Entries own;
        collect(root, &own, &stacks);
        base += own;
    }
    QSet<QString> found;
    checkPages(base, stacks, &found);
    QStringList out(found.begin(), found.end());
    out.sort();
    return out;
}

QStringList MnemonicScope::menuClashes(QMenu *menu)
{
    Entries entries;
    QStringList out;
    for (QAction *action : menu->actions()) {
        if (action->isSeparator())
            continue;
        addText(&entries, action->text());
        if (action->menu())
            out += menuClashes(action->menu());
    }
    for (const QString &line : clashesOf(entries))
        out.append(menu->title() + QStringLiteral(": ") + line);
    return out;
}
