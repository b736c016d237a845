// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QSet>

class ActivityLogModel;
class ReplicationEngine;
class QLabel;
class QPushButton;
class QTreeView;
class UnmanagedObjectsModel;

/// VolSync objects found in the clusters that no relationship file describes, labelled as such: status only,
/// plus Sync Now for a ReplicationSource.
class UnmanagedDialog : public QDialog
{
    Q_OBJECT
public:
    UnmanagedDialog(ReplicationEngine *engine, ActivityLogModel *log, const QStringList &contexts,
        const QSet<QString> &knownIds, QWidget *parent = nullptr);

    [[nodiscard]] UnmanagedObjectsModel *model() const { return mModel; }
    void rescan();
    /// Sync Now on the selected (or given) row.
    void syncRow(int row);

private:
    void updateButtons();

    UnmanagedObjectsModel *mModel = nullptr;
    ActivityLogModel *mLog = nullptr;
    QStringList mContexts;
    QSet<QString> mKnownIds;
    QTreeView *mView = nullptr;
    QLabel *mStatus = nullptr;
    QPushButton *mSync = nullptr;
    QPushButton *mRescan = nullptr;
};
