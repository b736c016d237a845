// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/objectresult.h"

#include <QDialog>
#include <QPointer>

class ActivityLogModel;
class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QTreeWidget;
class ReplicationEngine;
class ReplicationJob;

/// Confirms and runs the deletion of a relationship: first lists what would be removed (an engine dry
/// run), offers to keep the latest destination snapshot, then shows a result per object.
class DeleteDialog : public QDialog
{
    Q_OBJECT
public:
    DeleteDialog(ReplicationEngine *engine, ActivityLogModel *log, const QString &name, QWidget *parent = nullptr);
    ~DeleteDialog() override;

    /// Lists the objects (started by the constructor too).
    void loadPlan();
    /// Deletes (what the Delete button does).
    void confirmDelete();
    void setKeepSnapshot(bool keep);
    [[nodiscard]] bool isPlanReady() const { return mPlanReady; }
    [[nodiscard]] bool isDone() const { return mDone; }
    [[nodiscard]] QList<ObjectResult> results() const { return mResults; }

Q_SIGNALS:
    void planLoaded();
    void deleted(bool ok);

protected:
    void reject() override;

private:
    void showObjects(const QList<ObjectResult> &objects, bool results);
    void updateButtons();

    QPointer<ReplicationEngine> mEngine;
    ActivityLogModel *mLog = nullptr;
    QString mName;
    QLabel *mIntro = nullptr;
    QTreeWidget *mObjects = nullptr;
    QCheckBox *mKeepSnapshot = nullptr;
    QLabel *mStatus = nullptr;
    QDialogButtonBox *mButtons = nullptr;
    QPointer<ReplicationJob> mJob;
    bool mPlanReady = false;
    bool mDone = false;
    QList<ObjectResult> mResults;
};
