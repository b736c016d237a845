// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/objectresult.h"

#include <QDialog>
#include <QPointer>

class OperationTracker;
class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QTreeWidget;
class ReplicationEngine;
struct ReplicationResult;

/// Confirms and runs the deletion of a relationship: first lists what would be removed (an engine dry
/// run), offers to keep the latest destination snapshot, then shows a result per object.
class DeleteDialog : public QDialog
{
    Q_OBJECT
public:
    DeleteDialog(ReplicationEngine *engine, OperationTracker *tracker, const QString &name, QWidget *parent = nullptr);
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
    /// Widens the dialog until every line of the list is whole, within the screen (or the main window).
    void fitToObjects();
    void onOperationFinished(int id, const ReplicationResult &result);
    [[nodiscard]] bool isRunning() const;
    void updateButtons();

    QPointer<ReplicationEngine> mEngine;
    OperationTracker *mTracker = nullptr;
    QString mName;
    QLabel *mIntro = nullptr;
    QTreeWidget *mObjects = nullptr;
    QCheckBox *mKeepSnapshot = nullptr;
    QLabel *mStatus = nullptr;
    QDialogButtonBox *mButtons = nullptr;
    int mPlanOperation = 0;
    int mDeleteOperation = 0; ///< keeps running in the tracker when the dialog closes
    bool mPlanReady = false;
    bool mDone = false;
    QList<ObjectResult> mResults;
};
