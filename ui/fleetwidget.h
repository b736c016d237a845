// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/fleetentry.h"

#include <QWidget>

class FleetGroupModel;
class FleetModel;
class FleetProxyModel;
class QLabel;
class QLineEdit;
class QTreeView;

/// The Fleet view: one row per relationship or unmanaged VolSync object on every context, with its RPO health in
/// colour, icon and words, under a header row per cluster pair that counts its entries by health (FleetGroupModel);
/// the entries sort within their group (lag sorts by seconds), the text box filters them, a group opens and
/// closes (and stays closed while the entries change). A double-click asks to open the entry (the dashboard for a
/// relationship, the status view for an unmanaged object); the context menu mutes an entry's notifications and sets a
/// relationship's RPO target. Shows FleetModel; decides nothing.
class FleetWidget : public QWidget
{
    Q_OBJECT
public:
    explicit FleetWidget(FleetModel *model, QWidget *parent = nullptr);

    [[nodiscard]] QTreeView *view() const { return mView; }
    [[nodiscard]] QLineEdit *filterEdit() const { return mFilter; }
    /// "140 entries: 100 healthy, 3 late, …" (for the status bar).
    [[nodiscard]] QString summary() const;
    /// Whether the entry's mute box is checked (the notifier holds the truth; the main window keeps them equal).
    void setMuted(const QString &key, bool muted);
    void setMutedKeys(const QSet<QString> &keys) { mMuted = keys; }
    /// The width at which every column shows its words, the names whole, without sideways scrolling (given less,
    /// the names elide down to kNarrowestName).
    [[nodiscard]] int neededWidth() const;

Q_SIGNALS:
    void entryActivated(const FleetEntry &entry);
    void muteRequested(const QString &key, bool muted);
    /// "Set RPO Target…" on a relationship's row.
    void rpoTargetRequested(const FleetEntry &entry);
    /// The columns were sized again (their needs may have changed).
    void columnsFitted();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    static constexpr int kNarrowestName = 140;

    /// The width column `column` needs for its words (measured over every row once per change of the rows, not on
    /// every resize: a measure of 500 rows takes the GUI thread 100 ms and more).
    [[nodiscard]] int contentsWidth(int column) const;
    /// Sizes the columns; while the view is hidden only notes that it must (a hidden table measures every row).
    void fitColumns();
    void showMenu(const QPoint &position);
    /// Spans the group rows over every column and opens them, except those the user closed.
    void showGroups();

    FleetModel *mModel;
    FleetGroupModel *mGroups;
    FleetProxyModel *mProxy;
    QLineEdit *mFilter;
    QTreeView *mView;
    QSet<QString> mMuted;
    QSet<QString> mClosedGroups; ///< the cluster pairs whose group the user closed
    bool mFitting = false;
    bool mFitWhenShown = false;
    mutable QList<int> mContentsWidths; ///< by column; empty: the rows changed since they were measured
};
