// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QSet>

#include <optional>

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
    /// Selects this object once it is listed (the fleet view opens the dialog on one of its entries).
    void selectObject(const QString &context, bool source, const QString &ns, const QString &name);
    [[nodiscard]] QTreeView *view() const { return mView; }

private:
    void updateButtons();
    void selectWanted();

    UnmanagedObjectsModel *mModel = nullptr;
    ActivityLogModel *mLog = nullptr;
    QStringList mContexts;
    QSet<QString> mKnownIds;
    QTreeView *mView = nullptr;
    QLabel *mStatus = nullptr;
    QPushButton *mSync = nullptr;
    QPushButton *mRescan = nullptr;
    struct Wanted {
        QString context;
        bool source = false;
        QString ns;
        QString name;
    };
    std::optional<Wanted> mWanted;
};
