// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class ActivityLogModel;
class QComboBox;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

/// The activity log view: a table over ActivityLogModel with a text filter, a level filter and copy.
class ActivityLogWidget : public QWidget
{
    Q_OBJECT
public:
    explicit ActivityLogWidget(ActivityLogModel *model, QWidget *parent = nullptr);

    /// Copies the selected rows (or all visible rows when none is selected) as plain text.
    void copySelection();
    [[nodiscard]] QTableView *view() const { return mView; }
    [[nodiscard]] QSortFilterProxyModel *proxy() const { return mProxy; }

protected:
    void showEvent(QShowEvent *event) override;

private:
    void applyFilter();
    /// New rows arrived: scroll to them (see follow()) on the next turn, or when the log is shown again.
    void followNewEntries();
    /// Scrolls to the last row unless rows are selected (the person is reading them).
    void follow();

    ActivityLogModel *mModel = nullptr;
    QSortFilterProxyModel *mProxy = nullptr;
    QTableView *mView = nullptr;
    QLineEdit *mFilter = nullptr;
    QComboBox *mLevel = nullptr;
    bool mFollowPending = false; ///< rows arrived since the last follow()
    bool mFollowQueued = false; ///< a follow() is posted
};
