// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/synchistory.h"

#include <QDialog>

class QLabel;
class QTableView;
class SyncHistoryModel;

/// The sync history of one relationship as a table (beside the dashboard's sparkline), with CSV export.
class SyncHistoryDialog : public QDialog
{
    Q_OBJECT
public:
    SyncHistoryDialog(const QString &name, const QList<SyncRecord> &records, QWidget *parent = nullptr);

    [[nodiscard]] SyncHistoryModel *model() const { return mModel; }
    /// Writes the table as CSV to `path` (atomically); false with `error` set when it cannot.
    bool exportTo(const QString &path, QString *error = nullptr);

private:
    void exportAsked();

    QString mName;
    SyncHistoryModel *mModel = nullptr;
    QTableView *mTable = nullptr;
    QLabel *mStatus = nullptr;
};
